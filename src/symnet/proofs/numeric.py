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
        return lambda rng: _dyadic(rng.choice((rng.uniform(-4, 4), rng.gauss(0, 1), rng.uniform(-12, 12))))
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


def contains(domain: sp.Set, value: object) -> bool:
    """Whether a numeric value (Fraction, int or mpmath number) lies in the domain."""
    if isinstance(value, mpmath.mpc):
        if abs(value.imag) > TOLERANCE:
            return False
        value = value.real
    if isinstance(value, Fraction):
        number = sp.Rational(value.numerator, value.denominator)
    else:
        number = sp.Float(mpmath.nstr(value, DIGITS), DIGITS)
    return domain.contains(number) is sp.true


# ---------------------------------------------------------------- polynomial normal form

Monomial = frozenset  # of (atom, power) pairs


def _is_atom(expr: sp.Basic) -> bool:
    return isinstance(expr, (sp.Symbol, sp.Indexed))


@functools.lru_cache(maxsize=4096)
def polynomial(expr: sp.Expr) -> dict[Monomial, Fraction] | None:
    """The expanded polynomial of `expr` over its symbols, or None if it is not a polynomial."""
    if expr.is_Rational:
        return {frozenset(): Fraction(int(expr.p), int(expr.q))} if expr != 0 else {}
    if _is_atom(expr):
        return {frozenset({(expr, 1)}): Fraction(1)}
    if isinstance(expr, sp.Add):
        total: dict[Monomial, Fraction] = {}
        for term in expr.args:
            part = polynomial(term)
            if part is None:
                return None
            for mono, coef in part.items():
                value = total.get(mono, 0) + coef
                if value:
                    total[mono] = value
                else:
                    total.pop(mono, None)
        return total
    if isinstance(expr, sp.Mul):
        product: dict[Monomial, Fraction] | None = {frozenset(): Fraction(1)}
        for factor in expr.args:
            part = polynomial(factor)
            if part is None:
                return None
            product = _multiply(product, part)
        return product
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer and 0 <= int(expr.exp) <= 16:
        base = polynomial(expr.base)
        if base is None:
            return None
        result: dict[Monomial, Fraction] = {frozenset(): Fraction(1)}
        for _ in range(int(expr.exp)):
            result = _multiply(result, base)
        return result
    return None


def _multiply(a: dict[Monomial, Fraction], b: dict[Monomial, Fraction]) -> dict[Monomial, Fraction]:
    out: dict[Monomial, Fraction] = {}
    for mono_a, coef_a in a.items():
        for mono_b, coef_b in b.items():
            powers = dict(mono_a)
            for atom, power in mono_b:
                powers[atom] = powers.get(atom, 0) + power
            key = frozenset(powers.items())
            value = out.get(key, 0) + coef_a * coef_b
            if value:
                out[key] = value
            else:
                out.pop(key, None)
    return out


@functools.lru_cache(maxsize=4096)
def compiled_polynomial(expr: sp.Expr) -> tuple[tuple[tuple[int, tuple[sp.Basic, ...]], ...], int, int] | None:
    """(integer terms, degree, denominator) for exact evaluation at dyadic points, or None."""
    poly = polynomial(expr)
    if poly is None:
        return None
    lcd = math.lcm(*(c.denominator for c in poly.values())) if poly else 1
    degree = max((sum(p for _, p in mono) for mono in poly), default=0)
    terms = []
    for mono, coef in poly.items():
        atoms = tuple(atom for atom, power in mono for _ in range(power))
        terms.append((int(coef * lcd) << (SCALE_BITS * (degree - len(atoms))), atoms))
    return tuple(terms), degree, lcd


def evaluate_polynomial(compiled: tuple, values: dict[sp.Basic, Fraction | int],
                        scaled: dict[sp.Basic, int] | None = None) -> Fraction | None:
    """Exact value of a compiled polynomial at rational (or integer) values.

    Values that are multiples of 2**-20 take a fast integer path; any other rational is exact too.
    None if a value is not rational (the caller then evaluates in mpmath).
    """
    terms, degree, lcd = compiled
    scaled = {} if scaled is None else scaled
    for _, atoms in terms:
        for atom in atoms:
            if atom in scaled:
                continue
            value = values[atom]
            if isinstance(value, int):
                scaled[atom] = value * _SCALE
            elif not isinstance(value, Fraction):
                return None
            elif _SCALE % value.denominator == 0:
                scaled[atom] = value.numerator * (_SCALE // value.denominator)
            else:
                return _evaluate_fractions(compiled, values)
    total = 0
    for coef, atoms in terms:
        product = coef
        for atom in atoms:
            product *= scaled[atom]
        total += product
    return Fraction(total, lcd << (SCALE_BITS * degree))


def _evaluate_fractions(compiled: tuple, values: dict[sp.Basic, Fraction | int]) -> Fraction:
    terms, degree, lcd = compiled
    total = Fraction(0)
    for coef, atoms in terms:
        product = Fraction(coef, 1 << (SCALE_BITS * (degree - len(atoms))))
        for atom in atoms:
            product *= values[atom]
        total += product
    return total / lcd


# ---------------------------------------------------------------- mpmath evaluation


def to_mp(value: Fraction | int | float) -> mpmath.mpf:
    if isinstance(value, Fraction):
        return mpmath.mpf(value.numerator) / value.denominator
    if isinstance(value, (mpmath.mpf, mpmath.mpc)):
        return value
    return mpmath.mpf(value)


@functools.lru_cache(maxsize=8192)
def _lambdified(expr: sp.Expr, atoms: tuple[sp.Basic, ...]):
    dummies = [sp.Dummy(f"a{i}") for i in range(len(atoms))]
    body = expr.xreplace(dict(zip(atoms, dummies)))
    return sp.lambdify(dummies, body, modules="mpmath")


@functools.lru_cache(maxsize=8192)
def atoms_of(expr: sp.Expr) -> tuple[sp.Basic, ...]:
    """The symbols and indexed atoms that need values, in a stable order (IndexedBase labels excluded)."""
    indexed = expr.atoms(sp.Indexed)
    labels = {i.base.label for i in indexed}
    symbols = {s for s in expr.free_symbols if isinstance(s, sp.Symbol) and s not in labels}
    return tuple(sorted(indexed | symbols, key=sp.default_sort_key))


_MPMATH_FUNCTIONS = {
    sp.exp: mpmath.exp, sp.log: mpmath.log, sp.erf: mpmath.erf, sp.erfinv: mpmath.erfinv,
    sp.erfc: mpmath.erfc, sp.tan: mpmath.tan, sp.atan: mpmath.atan, sp.tanh: mpmath.tanh,
    sp.sin: mpmath.sin, sp.cos: mpmath.cos, sp.sinh: mpmath.sinh, sp.cosh: mpmath.cosh,
    sp.asin: mpmath.asin, sp.acos: mpmath.acos, sp.atanh: mpmath.atanh, sp.asinh: mpmath.asinh,
    sp.loggamma: mpmath.loggamma, sp.gamma: mpmath.gamma, sp.Abs: abs, sp.LambertW: mpmath.lambertw,
}


class _Unsupported(Exception):
    pass


def _mp(expr: sp.Basic, values: dict):
    """Evaluate a SymPy tree with mpmath (the working precision is set by the caller)."""
    if expr in values:
        return to_mp(values[expr])
    if expr.is_Rational:
        return mpmath.mpf(int(expr.p)) / int(expr.q)
    if expr.is_Float:
        return mpmath.mpf(expr._mpf_)
    if expr is sp.pi:
        return +mpmath.pi
    if expr is sp.E:
        return mpmath.e
    if isinstance(expr, sp.Add):
        return mpmath.fsum(_mp(a, values) for a in expr.args)
    if isinstance(expr, sp.Mul):
        result = mpmath.mpf(1)
        for factor in expr.args:
            result = result * _mp(factor, values)
        return result
    if isinstance(expr, sp.Pow):
        base, exponent = _mp(expr.base, values), expr.exp
        if exponent.is_Integer:
            if base == 0 and exponent < 0:
                raise ZeroDivisionError
            return base ** int(exponent)
        return mpmath.power(base, _mp(exponent, values))
    function = _MPMATH_FUNCTIONS.get(getattr(expr, "func", None))
    if function is not None and len(expr.args) == 1:
        return function(_mp(expr.args[0], values))
    raise _Unsupported(type(expr).__name__)


def evaluate(expr: sp.Expr, values: dict[sp.Basic, Fraction | int],
             scaled: dict[sp.Basic, int] | None = None) -> mpmath.mpf | mpmath.mpc | Fraction | None:
    """The value at a point: exact for polynomials, mpmath at DIGITS digits otherwise; None if undefined.

    `scaled` may carry integer images of the values (2**20 * value) across calls at the same point.
    """
    compiled = compiled_polynomial(expr)
    if compiled is not None:
        exact = evaluate_polynomial(compiled, values, scaled)
        if exact is not None:
            return exact
    try:
        with mpmath.workdps(DIGITS):
            try:
                result = _mp(expr, values)
            except _Unsupported:
                atoms = atoms_of(expr)
                result = _lambdified(expr, atoms)(*[to_mp(values[a]) for a in atoms])
            result = mpmath.mpmathify(result)
    except (ZeroDivisionError, ValueError, OverflowError, TypeError, KeyError):
        return None
    if not mpmath.isfinite(result):
        return None
    return result


def differ(a: object, b: object) -> bool:
    """Whether two values differ beyond the relative tolerance (exact comparison for rationals)."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a != b
    with mpmath.workdps(DIGITS):
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


def names(values: Iterable[tuple[sp.Basic, object]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(atom), show(value)) for atom, value in values)
