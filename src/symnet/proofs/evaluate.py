"""Evaluation at one point: exact for polynomials, mpmath otherwise, with a running error bound.

Every inexact value carries a bound on its absolute error (running error analysis): sums add the
bounds, products and integer powers use the exact bound prod(|v_i| + e_i) - prod |v_i|, functions
use |f'(x)| e_x while e_x is tiny against the distance to the function's nearest singularity, and
every operation adds one rounding of 10**(1 - digits) relative.  A bound of None means unknown.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from fractions import Fraction

import mpmath
import sympy as sp
from mpmath.libmp import from_rational, round_nearest

from symnet.proofs.polynomials import SCALE_BITS, Compiled, Key, NotConcrete, key_of

DIGITS = 40
CACHE_LIMIT = 50_000  # evaluated subtrees remembered per point
_SCALE = 1 << SCALE_BITS

_MP = mpmath.mp


class Undefined(Exception):
    """The expression has no finite value at this point (division by zero, overflow, ...)."""


def to_mp(value: Fraction | int | float) -> mpmath.mpf:
    if isinstance(value, Fraction):  # rounded once, to nearest, at the working precision
        return _MP.make_mpf(from_rational(value.numerator, value.denominator, _MP.prec, round_nearest))
    if isinstance(value, (mpmath.mpf, mpmath.mpc)):
        return value
    return mpmath.mpf(value)


class Point:
    """Values of atoms at one point, drawn on first use, and a cache of evaluated subtrees."""

    def __init__(self, draw: Callable[[Key], Fraction | int], digits: int = DIGITS, draw_scaled=None,
                 fill_scaled=None):
        self.draw = draw  # key -> value, for atoms not yet seen
        self.draw_scaled = draw_scaled  # key -> 2**20 * value, or None where that is not possible
        self.fill_scaled = fill_scaled  # (keys, scaled) -> None: draws 2**20 * value into `scaled` where it can
        self.digits = digits
        self.values: dict[Key, Fraction | int] = {}
        self.scaled: dict[Key, int] = {}
        self.cache: dict[sp.Basic, tuple] = {}  # expr -> (value, absolute error bound or None)
        self.exact_values: dict[int, tuple[Compiled, Fraction]] = {}  # id(polynomial) -> (it, its exact value)
        self.lemma_points: dict[tuple, "Point"] = {}  # a cited lemma's variables at their values here

    def at_precision(self, digits: int) -> "Point":
        """The same point (same atom values) evaluated afresh at another precision (exact values are kept)."""
        twin = Point(self.draw, digits, self.draw_scaled, self.fill_scaled)
        twin.values, twin.scaled, twin.exact_values = self.values, self.scaled, self.exact_values
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
        """The exact value of a compiled polynomial (integer arithmetic at dyadic points), computed once."""
        known = self.exact_values.get(id(compiled))
        if known is not None and known[0] is compiled:  # the entry holds the polynomial, so its id is not reused
            return known[1]
        value = self._exact(compiled)
        self.exact_values[id(compiled)] = (compiled, value)
        return value

    def _exact(self, compiled: Compiled) -> Fraction:
        scaled = self.scaled
        missing = [key for key in compiled.keys if key not in scaled]
        if missing:
            if self.fill_scaled is not None:  # draw the atoms not seen yet in one pass (a layer has thousands)
                self.fill_scaled([key for key in missing if key not in self.values], scaled)
            for key in missing:
                if key not in scaled and self._scaled(key) is None:
                    return self._exact_fractions(compiled)
        get = scaled.__getitem__
        total = compiled.constant
        for c, keys in compiled.linear:
            total += c * sum(map(get, keys))
        for c, lefts, rights in compiled.quadratic:
            total += c * sum(map(operator.mul, map(get, lefts), map(get, rights)))
        for c, keys in compiled.higher:
            for key in keys:
                c *= scaled[key]
            total += c
        return Fraction(total, compiled.denominator << (SCALE_BITS * compiled.degree))

    def _exact_fractions(self, compiled: Compiled) -> Fraction:
        unit = 1 << (SCALE_BITS * compiled.degree)
        total = Fraction(0)
        for c, keys in compiled.terms():
            product = Fraction(c, unit >> (SCALE_BITS * len(keys)))
            for key in keys:
                product *= self.atom(key)
            total += product
        return total / compiled.denominator

    def value(self, expr: sp.Basic) -> Fraction | mpmath.mpf | mpmath.mpc | None:
        """The value of `expr` here, or None where it has no finite value."""
        return self.value_and_error(expr)[0]

    def value_and_error(self, expr: sp.Basic, strict: bool = False) -> tuple[object, object]:
        """(value, bound on its absolute error or None if unknown); (None, None) where undefined.

        With `strict`, an expression that needs its sizes substituted first raises NotConcrete instead.
        """
        saved = _MP.prec  # what mpmath.workdps(self.digits) does, without building a context manager
        try:
            _MP.dps = self.digits
            result, error = self.valued(expr)
        except NotConcrete:
            if strict:
                raise
            return None, None
        except (Undefined, ZeroDivisionError, ValueError, OverflowError, MemoryError):
            return None, None
        finally:
            _MP.prec = saved
        if isinstance(result, (Fraction, int)):
            return Fraction(result), 0
        if not mpmath.isfinite(result) or (error is not None and not mpmath.isfinite(error)):
            return None, None
        return result, error

    def valued(self, expr: sp.Basic) -> tuple:
        found = self.cache.get(expr)
        if found is None:
            if len(self.cache) > CACHE_LIMIT:  # a long run (thousands of chains) keeps memory bounded
                self.cache.clear()
            found = self.cache[expr] = _dispatch(expr)(self, expr)
        return found

    def lambdified(self, expr: sp.Basic):
        atoms = tuple(sorted(expr.atoms(sp.Indexed) | {a for a in expr.free_symbols if isinstance(a, sp.Symbol)},
                             key=sp.default_sort_key))
        atoms = tuple(a for a in atoms if not any(isinstance(b, sp.Indexed) and a == b.base.label
                                                  for b in atoms))
        try:
            function = _lambdified(expr, atoms)
            return mpmath.mpmathify(function(*[to_mp(self.atom(key_of(a))) for a in atoms]))
        except Exception as error:  # any failure to translate means: no value here
            raise Undefined(f"cannot evaluate {type(expr).__name__}: {error}") from error


Valued = tuple  # (value, absolute error bound or None); exact values have error 0


def _dispatch(expr: sp.Basic) -> Callable:
    """The handler for the node's type (the first class in its MRO that has one), looked up once per type."""
    handler = _BY_TYPE.get(type(expr))
    if handler is None:
        from symnet.proofs.evaluate_nodes import HANDLERS as _HANDLERS  # the rules sit in the module above

        handler = next((_HANDLERS[cls] for cls in type(expr).__mro__ if cls in _HANDLERS),
                       lambda point, e: (point.lambdified(e), None))
        _BY_TYPE[type(expr)] = handler
    return handler


_BY_TYPE: dict[type, Callable] = {}


_LAMBDIFIED: dict = {}


def _lambdified(expr: sp.Expr, atoms: tuple[sp.Basic, ...]):
    key = (expr, atoms)
    found = _LAMBDIFIED.get(key)
    if found is None:
        dummies = [sp.Dummy(f"a{i}") for i in range(len(atoms))]
        found = sp.lambdify(dummies, expr.xreplace(dict(zip(atoms, dummies))), modules="mpmath")
        if len(_LAMBDIFIED) < 8192:
            _LAMBDIFIED[key] = found
    return found


def show(value: object) -> str:
    """A value to 20 significant digits (complex values keep their imaginary part)."""
    if isinstance(value, Fraction):
        value = to_mp(value)
    with mpmath.workdps(DIGITS):
        if isinstance(value, mpmath.mpc) and value.imag != 0:
            sign = "-" if value.imag < 0 else "+"
            return f"{mpmath.nstr(value.real, 20)} {sign} {mpmath.nstr(abs(value.imag), 20)}i"
        if isinstance(value, mpmath.mpc):
            value = value.real
        return mpmath.nstr(value, 20)


def show_difference(a: object, b: object) -> str:
    """a - b to 3 significant digits, computed at the precision the two values carry."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        difference = a - b  # exact
        with mpmath.workdps(30):
            return mpmath.nstr(to_mp(difference), 3)
    with mpmath.workdps(400):  # exact values converted finely enough for any certified gap
        a, b = (to_mp(v) if isinstance(v, Fraction) else v for v in (a, b))
        try:
            difference = a - b
        except TypeError:
            return ""
    if isinstance(difference, mpmath.mpc):
        if difference.imag != 0:
            return f"{mpmath.nstr(difference.real, 3)} {'-' if difference.imag < 0 else '+'} " \
                   f"{mpmath.nstr(abs(difference.imag), 3)}i"
        difference = difference.real
    return mpmath.nstr(difference, 3)
