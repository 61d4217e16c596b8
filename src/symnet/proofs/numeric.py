"""Numeric evidence: random points of a domain, exact polynomial evaluation, mpmath at 40 digits.

Real values are drawn as multiples of 2**-20, so polynomial parts (the dense layer) evaluate exactly
in integer arithmetic and everything else runs in mpmath at `DIGITS` significant digits.
"""

from __future__ import annotations

import functools
import hashlib
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import sympy as sp

DIGITS = 40
TOLERANCE = mpmath.mpf(10) ** -25
SCALE_BITS = 20
_SCALE = 1 << SCALE_BITS


def seeded_rng(*parts: object) -> random.Random:
    """A deterministic generator per claim, so printed counterexamples are reproducible."""
    digest = hashlib.sha256("\x1f".join(sp.srepr(p) if isinstance(p, sp.Basic) else str(p)
                                        for p in parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _dyadic(value: float) -> Fraction:
    scaled = round(value * _SCALE)
    return Fraction(scaled, _SCALE)


def sample(domain: sp.Set, rng: random.Random) -> Fraction | int:
    """One random point of `domain` (an interval, a union of intervals, or a range of integers)."""
    return _sampler(domain)(rng)


@functools.lru_cache(maxsize=1024)
def _sampler(domain: sp.Set):
    """A fast sampling function for the domain, built once (no SymPy calls per sample)."""
    if isinstance(domain, sp.Union):
        parts = [_sampler(part) for part in domain.args]
        return lambda rng: rng.choice(parts)(rng)
    if isinstance(domain, sp.Range):
        low = int(domain.inf)
        high = int(domain.sup) if domain.sup.is_finite else low + 4
        high = min(high, low + 4)
        return lambda rng: rng.randint(low, high)
    if isinstance(domain, sp.FiniteSet):
        values = sorted(int(v) for v in domain.args)
        return lambda rng: rng.choice(values)
    if domain == sp.S.Reals:
        return lambda rng: Fraction(real_scaled(rng), _SCALE)
    if not isinstance(domain, sp.Interval):
        raise ValueError(f"cannot sample from {domain}")
    low = None if domain.inf == -sp.oo else Fraction(str(sp.Rational(domain.inf))) if domain.inf.is_Rational \
        else Fraction(float(domain.inf))
    high = None if domain.sup == sp.oo else Fraction(str(sp.Rational(domain.sup))) if domain.sup.is_Rational \
        else Fraction(float(domain.sup))

    def inside(value: Fraction) -> bool:
        return ((low is None or value > low or (value == low and not domain.left_open))
                and (high is None or value < high or (value == high and not domain.right_open)))

    def draw(rng: random.Random) -> Fraction:
        for _ in range(1000):
            if low is not None and high is not None:
                u = rng.random()
                if rng.random() < 0.1:  # points close to the ends
                    u = 1e-4 * rng.random() if u < 0.5 else 1 - 1e-4 * rng.random()
                candidate = _dyadic(float(low) + float(high - low) * u)
            elif low is not None:
                candidate = _dyadic(float(low) + math.exp(rng.uniform(-4, 3)))
            elif high is not None:
                candidate = _dyadic(float(high) - math.exp(rng.uniform(-4, 3)))
            else:
                candidate = _dyadic(rng.uniform(-8, 8))
            if inside(candidate):
                return candidate
        raise ValueError(f"cannot sample from {domain}")

    return draw


_REAL_BITS = (SCALE_BITS + 1, SCALE_BITS + 2, SCALE_BITS + 3, SCALE_BITS + 4)  # |x| < 1, 2, 4, 8


def real_scaled(rng: random.Random) -> int:
    """A random real as an integer multiple of 2**-20, of magnitude below 1, 2, 4 or 8."""
    bits = _REAL_BITS[rng.getrandbits(2)]
    return rng.getrandbits(bits) - (1 << (bits - 1))


def scaled_sampler(domain: sp.Set):
    """For the real line: a sampler of 2**20 * value (skips building Fractions); None otherwise."""
    return real_scaled if domain == sp.S.Reals else None


def contains(domain: sp.Set, value: object) -> bool:
    """Whether a numeric value (Fraction, int or mpmath number) lies in the domain."""
    if isinstance(value, mpmath.mpc):
        if abs(value.imag) > TOLERANCE:
            return False
        value = value.real
    if domain == sp.S.Reals:
        return True
    if isinstance(domain, sp.Union):
        return any(contains(part, value) for part in domain.args)
    if isinstance(domain, sp.Interval):
        low, high = _bounds(domain)
        number = value if isinstance(value, (Fraction, int)) else Fraction(mpmath.nstr(value, DIGITS)) \
            if mpmath.isfinite(value) else None
        if number is None:
            return False
        above = low is None or number > low or (number == low and not domain.left_open)
        below = high is None or number < high or (number == high and not domain.right_open)
        return above and below
    number = sp.Rational(value.numerator, value.denominator) if isinstance(value, Fraction) \
        else sp.Float(mpmath.nstr(value, DIGITS), DIGITS)
    return domain.contains(number) is sp.true


@functools.lru_cache(maxsize=1024)
def _bounds(domain: sp.Interval) -> tuple[Fraction | None, Fraction | None]:
    def bound(value: sp.Expr) -> Fraction | None:
        if value.is_infinite:
            return None
        if value.is_Rational:
            return Fraction(int(value.p), int(value.q))
        return Fraction(mpmath.nstr(mpmath.mpf(sp.N(value, DIGITS)), DIGITS))

    return bound(domain.inf), bound(domain.sup)


# ---------------------------------------------------------------- atoms and keys

Key = tuple  # (name, (int indices...)): how a value is looked up, without building SymPy objects
_INDEX = object()  # placeholder for the bound index of a Sum inside a template key


class NotConcrete(Exception):
    """An indexed atom with a symbolic index (it needs a size before it can be evaluated)."""


def key_of(atom: sp.Basic, index: sp.Symbol | None = None) -> Key:
    """The lookup key of a symbol or an indexed atom (`index` marks a Sum's bound variable)."""
    if isinstance(atom, sp.Symbol):
        return (atom.name, ())
    indices = []
    for i in atom.indices:
        if i.is_Integer:
            indices.append(int(i))
        elif index is not None and i == index:
            indices.append(_INDEX)
        else:
            raise NotConcrete(str(atom))
    return (atom.base.label.name, tuple(indices))


def key_name(key: Key) -> str:
    name, indices = key
    return f"{name}[{', '.join(map(str, indices))}]" if indices else name


# ---------------------------------------------------------------- polynomial normal form

Monomial = frozenset  # of (key, power) pairs


@functools.lru_cache(maxsize=65536)
def polynomial(expr: sp.Expr) -> dict[Monomial, Fraction] | None:
    """The expanded polynomial of `expr` over its atoms, or None if it is not a polynomial.

    Sums with integer bounds are expanded from a template, without building SymPy terms.
    """
    try:
        return _polynomial(expr, None)
    except NotConcrete:
        return None


def _polynomial(expr: sp.Basic, index: sp.Symbol | None) -> dict[Monomial, Fraction] | None:
    if expr.is_Rational:
        if expr == 0:
            return {}
        return {frozenset(): int(expr.p) if expr.q == 1 else Fraction(int(expr.p), int(expr.q))}
    if isinstance(expr, (sp.Symbol, sp.Indexed)):
        return {frozenset({(key_of(expr, index), 1)}): 1}
    if isinstance(expr, sp.Add):
        total: dict[Monomial, Fraction] = {}
        for term in expr.args:
            part = polynomial(term) if index is None and len(term.args) > 8 else _polynomial(term, index)
            if part is None:
                return None
            _accumulate(total, part.items())
        return total
    if isinstance(expr, sp.Mul):
        product: dict[Monomial, Fraction] = {frozenset(): 1}
        for factor in expr.args:
            part = polynomial(factor) if index is None and len(factor.args) > 8 else _polynomial(factor, index)
            if part is None:
                return None
            product = _multiply(product, part)
        return product
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer and 0 <= int(expr.exp) <= 16:
        base = _polynomial(expr.base, index)
        if base is None:
            return None
        result: dict[Monomial, Fraction] = {frozenset(): 1}
        for _ in range(int(expr.exp)):
            result = _multiply(result, base)
        return result
    if isinstance(expr, sp.Sum) and index is None and len(expr.limits) == 1:
        variable, low, high = expr.limits[0]
        if not (low.is_Integer and high.is_Integer):
            return None
        parts = split_sum(expr)
        if len(parts) > 1:  # linearity: shared sub-sums are expanded (and cached) once
            total = {}
            for part in parts:
                piece = polynomial(part)
                if piece is None:
                    return None
                _accumulate(total, piece.items())
            return total
        template = _polynomial(expr.function, variable)
        if template is None:
            return None
        total = {}
        for value in range(int(low), int(high) + 1):
            _accumulate(total, ((_instantiate(mono, value), coef) for mono, coef in template.items()))
        return total
    return None


@functools.lru_cache(maxsize=65536)
def split_sum(expr: sp.Sum) -> tuple[sp.Expr, ...]:
    """Sum(a + b) as (Sum(a), Sum(b)), with constant factors pulled out: the same sub-sums recur."""
    (variable, low, high), = expr.limits
    summand = sp.expand(expr.function)
    if not isinstance(summand, sp.Add):
        return (expr,)
    parts = []
    for term in summand.args:
        coefficient, rest = term.as_coeff_Mul()
        part = sp.Sum(rest, (variable, low, high))
        parts.append(part if coefficient == 1 else sp.Mul(coefficient, part, evaluate=False))
    return tuple(parts)


def _instantiate(monomial: Monomial, value: int) -> Monomial:
    out = []
    for (name, indices), power in monomial:
        if _INDEX in indices:
            indices = tuple(value if i is _INDEX else i for i in indices)
        out.append(((name, indices), power))
    return frozenset(out)


def _accumulate(total: dict[Monomial, Fraction], items) -> None:
    for mono, coef in items:
        value = total.get(mono, 0) + coef
        if value:
            total[mono] = value
        else:
            total.pop(mono, None)


def _multiply(a: dict[Monomial, Fraction], b: dict[Monomial, Fraction]) -> dict[Monomial, Fraction]:
    out: dict[Monomial, Fraction] = {}
    for mono_a, coef_a in a.items():
        for mono_b, coef_b in b.items():
            powers = dict(mono_a)
            for atom, power in mono_b:
                powers[atom] = powers.get(atom, 0) + power
            _accumulate(out, ((frozenset(powers.items()), coef_a * coef_b),))
    return out


@dataclass(frozen=True)
class Compiled:
    """A polynomial ready for exact evaluation: integer coefficients grouped by degree."""

    constant: int
    linear: tuple[tuple[int, Key], ...]
    quadratic: tuple[tuple[int, Key, Key], ...]
    higher: tuple[tuple[int, tuple[Key, ...]], ...]
    keys: tuple[Key, ...]
    degree: int
    denominator: int


@functools.lru_cache(maxsize=65536)
def compiled_polynomial(expr: sp.Expr) -> Compiled | None:
    """The polynomial of `expr` with coefficients scaled for exact evaluation at dyadic points."""
    poly = polynomial(expr)
    if poly is None:
        return None
    lcd = math.lcm(*(c.denominator for c in poly.values())) if poly else 1
    degree = max((sum(p for _, p in mono) for mono in poly), default=0)
    constant, linear, quadratic, higher = 0, [], [], []
    for mono, coef in poly.items():
        keys = tuple(key for key, power in mono for _ in range(power))
        scaled = int(coef * lcd) << (SCALE_BITS * (degree - len(keys)))
        if not keys:
            constant += scaled
        elif len(keys) == 1:
            linear.append((scaled, keys[0]))
        elif len(keys) == 2:
            quadratic.append((scaled, keys[0], keys[1]))
        else:
            higher.append((scaled, keys))
    every = tuple(dict.fromkeys(key for mono in poly for key, _ in mono))
    return Compiled(constant, tuple(linear), tuple(quadratic), tuple(higher), every, degree, lcd)


def to_mp(value: Fraction | int | float) -> mpmath.mpf:
    if isinstance(value, Fraction):
        return mpmath.mpf(value.numerator) / value.denominator
    if isinstance(value, (mpmath.mpf, mpmath.mpc)):
        return value
    return mpmath.mpf(value)


# ---------------------------------------------------------------- evaluation at one point

_MPMATH_FUNCTIONS = {
    sp.exp: mpmath.exp, sp.log: mpmath.log, sp.erf: mpmath.erf, sp.erfinv: mpmath.erfinv,
    sp.erfc: mpmath.erfc, sp.tan: mpmath.tan, sp.atan: mpmath.atan, sp.tanh: mpmath.tanh,
    sp.sin: mpmath.sin, sp.cos: mpmath.cos, sp.sinh: mpmath.sinh, sp.cosh: mpmath.cosh,
    sp.asin: mpmath.asin, sp.acos: mpmath.acos, sp.atanh: mpmath.atanh, sp.asinh: mpmath.asinh,
    sp.loggamma: mpmath.loggamma, sp.gamma: mpmath.gamma, sp.Abs: abs,
}


_GROWING = {sp.exp, sp.sinh, sp.cosh, sp.gamma}
_LARGEST_ARGUMENT = mpmath.mpf(10) ** 7


class Undefined(Exception):
    """The expression has no finite value at this point (division by zero, overflow, ...)."""


class Point:
    """Values of atoms at one random point, drawn on first use, and a cache of evaluated subtrees."""

    def __init__(self, draw, digits: int = DIGITS, draw_scaled=None):
        self.draw = draw  # key -> value, for atoms not yet seen
        self.draw_scaled = draw_scaled  # key -> 2**20 * value, or None where that is not possible
        self.digits = digits
        self.values: dict[Key, Fraction | int] = {}
        self.scaled: dict[Key, int] = {}
        self.cache: dict[sp.Basic, object] = {}

    def at_precision(self, digits: int) -> "Point":
        """The same point (same atom values) evaluated afresh at another precision."""
        twin = Point(self.draw, digits, self.draw_scaled)
        twin.values, twin.scaled = self.values, self.scaled
        return twin

    def atom(self, key: Key) -> Fraction | int:
        found = self.values.get(key)
        if found is None:
            scaled = self.scaled.get(key)
            found = self.values[key] = Fraction(scaled, _SCALE) if scaled is not None else self.draw(key)
        return found

    def _scaled(self, key: Key) -> int | None:
        found = self.scaled.get(key)
        if found is None:
            if key not in self.values and self.draw_scaled is not None:
                found = self.draw_scaled(key)
                if found is not None:
                    self.scaled[key] = found
                    return found
            value = self.atom(key)
            if isinstance(value, int):
                found = value * _SCALE
            elif not isinstance(value, Fraction):
                raise TypeError("not a rational value")
            elif _SCALE % value.denominator == 0:
                found = value.numerator * (_SCALE // value.denominator)
            else:
                return None
            self.scaled[key] = found
        return found

    def exact(self, compiled: Compiled) -> Fraction:
        """The exact value of a compiled polynomial (integer arithmetic at dyadic points)."""
        scaled = self.scaled
        for key in compiled.keys:
            if key not in scaled and self._scaled(key) is None:
                return self._exact_fractions(compiled)
        total = compiled.constant
        total += sum(c * scaled[a] for c, a in compiled.linear)
        total += sum(c * scaled[a] * scaled[b] for c, a, b in compiled.quadratic)
        for c, keys in compiled.higher:
            for key in keys:
                c *= scaled[key]
            total += c
        return Fraction(total, compiled.denominator << (SCALE_BITS * compiled.degree))

    def _exact_fractions(self, compiled: Compiled) -> Fraction:
        unit = 1 << (SCALE_BITS * compiled.degree)
        total = Fraction(compiled.constant, unit)
        terms = [(c, (a,)) for c, a in compiled.linear] + [(c, (a, b)) for c, a, b in compiled.quadratic]
        for c, keys in terms + list(compiled.higher):
            product = Fraction(c, 1 << (SCALE_BITS * (compiled.degree - len(keys))))
            for key in keys:
                product *= self.atom(key)
            total += product
        return total / compiled.denominator

    def value(self, expr: sp.Basic) -> Fraction | mpmath.mpf | mpmath.mpc | None:
        """The value of `expr` here: exact for polynomials, mpmath at DIGITS digits otherwise."""
        try:
            with mpmath.workdps(self.digits):
                result = self._value(expr)
        except (Undefined, ZeroDivisionError, ValueError, OverflowError, MemoryError):
            return None
        if isinstance(result, (Fraction, int)):
            return Fraction(result)
        if not mpmath.isfinite(result):
            return None
        return result

    def _value(self, expr: sp.Basic):
        if expr in self.cache:
            return self.cache[expr]
        result = self._compute(expr)
        self.cache[expr] = result
        return result

    def _compute(self, expr: sp.Basic):
        if isinstance(expr, (sp.Symbol, sp.Indexed)):
            return self.atom(key_of(expr))
        if expr.is_Rational:
            return Fraction(int(expr.p), int(expr.q))
        if expr.is_Float:
            return mpmath.mpf(expr._mpf_)
        if expr is sp.pi:
            return +mpmath.pi
        if expr is sp.E:
            return mpmath.e
        if isinstance(expr, sp.Sum) and len(expr.limits) == 1:
            parts = split_sum(expr)
            if len(parts) > 1:
                values = [self._value(part) for part in parts]
                if all(isinstance(v, Fraction) for v in values):
                    return sum(values, Fraction(0))
                return mpmath.fsum(to_mp(v) for v in values)
        if isinstance(expr, (sp.Add, sp.Mul, sp.Sum)) and (len(expr.args) > 8 or isinstance(expr, sp.Sum)):
            compiled = compiled_polynomial(expr)
            if compiled is not None:
                try:
                    return self.exact(compiled)
                except TypeError:  # an mpmath value among the atoms: evaluate term by term
                    if isinstance(expr, sp.Sum):
                        raise Undefined("sum over non-rational values") from None
        if isinstance(expr, sp.Sum) and len(expr.limits) == 1:
            variable, low, high = expr.limits[0]
            if not (low.is_Integer and high.is_Integer) or int(high) - int(low) > 100_000:
                raise Undefined("a sum without concrete bounds")
            values = [self._value(expr.function.xreplace({variable: sp.Integer(v)}))
                      for v in range(int(low), int(high) + 1)]
            if all(isinstance(v, Fraction) for v in values):
                return sum(values, Fraction(0))
            return mpmath.fsum(to_mp(v) for v in values)
        if isinstance(expr, sp.Add):
            parts = [self._value(a) for a in expr.args]
            if all(isinstance(p, Fraction) for p in parts):
                return sum(parts, Fraction(0))
            return mpmath.fsum(to_mp(p) for p in parts)
        if isinstance(expr, sp.Mul):
            parts = [self._value(a) for a in expr.args]
            if all(isinstance(p, Fraction) for p in parts):
                return math.prod(parts, start=Fraction(1))
            result = mpmath.mpf(1)
            for part in parts:
                result = result * to_mp(part)
            return result
        if isinstance(expr, sp.Pow):
            base, exponent = self._value(expr.base), expr.exp
            if exponent.is_Integer:
                if base == 0 and exponent < 0:
                    raise Undefined("division by zero")
                if isinstance(base, Fraction) and abs(int(exponent)) <= 64:
                    return base ** int(exponent)
                return to_mp(base) ** int(exponent)
            return mpmath.power(to_mp(base), to_mp(self._value(exponent)))
        function = _MPMATH_FUNCTIONS.get(getattr(expr, "func", None))
        if function is not None and len(expr.args) == 1:
            argument = to_mp(self._value(expr.args[0]))
            if expr.func in _GROWING and abs(argument) > _LARGEST_ARGUMENT:
                raise Undefined("the value overflows any finite precision")  # exp(exp(exp(...)))
            return function(argument)
        return self._lambdified(expr)

    def _lambdified(self, expr: sp.Basic):
        atoms = tuple(sorted(expr.atoms(sp.Indexed) | {a for a in expr.free_symbols if isinstance(a, sp.Symbol)},
                             key=sp.default_sort_key))
        atoms = tuple(a for a in atoms if not any(isinstance(b, sp.Indexed) and a == b.base.label
                                                  for b in atoms))
        try:
            function = _lambdified(expr, atoms)
            return mpmath.mpmathify(function(*[to_mp(self.atom(key_of(a))) for a in atoms]))
        except Exception as error:  # any failure to translate means: no value here
            raise Undefined(f"cannot evaluate {type(expr).__name__}: {error}") from error


@functools.lru_cache(maxsize=8192)
def _lambdified(expr: sp.Expr, atoms: tuple[sp.Basic, ...]):
    dummies = [sp.Dummy(f"a{i}") for i in range(len(atoms))]
    return sp.lambdify(dummies, expr.xreplace(dict(zip(atoms, dummies))), modules="mpmath")


def differ(a: object, b: object, digits: int = DIGITS) -> bool:
    """Whether two values differ beyond the relative tolerance (exact comparison for rationals)."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a != b
    with mpmath.workdps(digits):
        x = to_mp(a) if isinstance(a, (Fraction, int)) else a
        y = to_mp(b) if isinstance(b, (Fraction, int)) else b
        scale = max(mpmath.mpf(1), abs(x), abs(y))
        return abs(x - y) > TOLERANCE * scale


def show(value: object) -> str:
    """A value to 20 significant digits (complex values keep their imaginary part)."""
    if isinstance(value, Fraction):
        value = to_mp(value)
    with mpmath.workdps(DIGITS):
        if isinstance(value, mpmath.mpc) and value.imag != 0:
            return f"{mpmath.nstr(value.real, 20)} + {mpmath.nstr(value.imag, 20)}i"
        if isinstance(value, mpmath.mpc):
            value = value.real
        return mpmath.nstr(value, 20)


def names(values: Iterable[tuple[Key, object]]) -> tuple[tuple[str, str], ...]:
    return tuple((key_name(key), show(value)) for key, value in values)
