"""The evaluator's rules, one per node type: a value and a bound on its absolute error.

Exact where the node allows (rationals, polynomials in exact inputs), else mpmath at the point's precision
with an error bound propagated through each function from its derivative; None where no bound is known.
`evaluate.Point` dispatches on the node's type to the handlers at the end of this module.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from fractions import Fraction

import mpmath
import sympy as sp

from symnet.proofs.evaluate import Point, Undefined, to_mp
from symnet.proofs.polynomials import compiled_polynomial, key_of
from symnet.proofs.sums import resolved_key, sum_value

LARGEST_ARGUMENT = mpmath.mpf(10) ** 7  # exp of more than this overflows any working precision

MPMATH_FUNCTIONS = {
    sp.exp: mpmath.exp, sp.log: mpmath.log, sp.erf: mpmath.erf, sp.erfinv: mpmath.erfinv,
    sp.erfc: mpmath.erfc, sp.tan: mpmath.tan, sp.atan: mpmath.atan, sp.tanh: mpmath.tanh,
    sp.sin: mpmath.sin, sp.cos: mpmath.cos, sp.sinh: mpmath.sinh, sp.cosh: mpmath.cosh,
    sp.asin: mpmath.asin, sp.acos: mpmath.acos, sp.atanh: mpmath.atanh, sp.asinh: mpmath.asinh,
    sp.loggamma: mpmath.loggamma, sp.gamma: mpmath.gamma, sp.Abs: abs, sp.LambertW: mpmath.lambertw,
}
# Functions whose principal branch has a cut in the complex plane: a complex argument must stay clear of both
# axes by more than its error bound, so the computed branch is the true one (conservative: both axes count).
_CUT = {sp.log, sp.asin, sp.acos, sp.atanh, sp.asinh, sp.atan, sp.erfinv, sp.LambertW, sp.loggamma}
# Functions whose value (or derivative: erf' = 2 exp(-x^2)/sqrt(pi)) at an argument beyond LARGEST_ARGUMENT
# over- or underflows any working precision, and costs minutes to compute.
_GROWING = {sp.exp, sp.sinh, sp.cosh, sp.gamma, sp.erf, sp.erfc}
_PERIODIC = {sp.sin, sp.cos, sp.tan}
# Functions that mpmath evaluates at a complex argument through quotients or logarithms that cancel near
# their poles and zeros (tan z = (sin 2a + i sinh 2b)/(cos 2a + cosh 2b), asinh z = log(z + sqrt(z^2 + 1)), ...):
# there the computed value is not within a rounding of the exact one, so the bound is unknown.
_INEXACT_COMPLEX = {sp.tan, sp.tanh, sp.atan, sp.asin, sp.acos, sp.atanh, sp.asinh}

Valued = tuple  # (value, absolute error bound or None); exact values have error 0


def _eps(point: Point) -> mpmath.mpf:
    return _unit_roundoff(point.digits)


@functools.lru_cache(maxsize=64)
def _unit_roundoff(digits: int) -> mpmath.mpf:
    with mpmath.workdps(digits):
        return mpmath.mpf(10) ** (1 - digits)


def _rounded(point: Point, valued: Valued) -> Valued:
    """An exact value converted to the working precision, with the conversion's rounding in its error bound."""
    value, error = valued
    if isinstance(value, (Fraction, int)):
        converted = to_mp(value)
        return converted, (None if error is None else error + abs(converted) * _eps(point))
    return value, error


def _atom(point: Point, expr: sp.Basic) -> Valued:
    if isinstance(expr, sp.Indexed) and not all(i.is_Integer for i in expr.indices):
        return point.atom(resolved_key(point, expr)), 0  # an index that is a size (k) or an expression in sizes
    return point.atom(key_of(expr)), 0


def _rational(point: Point, expr: sp.Rational) -> Valued:
    return Fraction(int(expr.p), int(expr.q)), 0


def _float(point: Point, expr: sp.Float) -> Valued:
    """A Float converted to the working precision: one rounding, as for every converted value."""
    value = mpmath.mpf(expr._mpf_)
    return value, abs(value) * _eps(point)


def _constant(point: Point, expr: sp.Basic) -> Valued:
    if expr is sp.I:
        return mpmath.mpc(0, 1), 0
    value = +mpmath.pi if expr is sp.pi else +mpmath.e if expr is sp.E else point.lambdified(expr)
    return value, abs(value) * _eps(point)


def _big_polynomial(point: Point, expr: sp.Basic):
    """Sums and large sums/products: exact through the compiled polynomial when there is one."""
    compiled = compiled_polynomial(expr)
    if compiled is None:
        return None
    try:
        return point.exact(compiled)
    except TypeError:  # an mpmath value among the atoms: evaluate term by term
        if isinstance(expr, sp.Sum):
            raise Undefined("sum over non-rational values") from None
        return None


def _added(point: Point, parts: list[Valued]) -> Valued:
    values = [v for v, _ in parts]
    if all(isinstance(v, Fraction) for v in values):
        return sum(values, Fraction(0)), 0
    parts = [_rounded(point, part) for part in parts]
    errors = [e for _, e in parts]
    if len(parts) == 2:  # one correctly rounded addition, as fsum would give
        total = parts[0][0] + parts[1][0]
        if errors[0] is None or errors[1] is None:
            return total, None
        return total, (errors[0] + errors[1]) + abs(total) * _eps(point)
    total = mpmath.fsum(v for v, _ in parts)
    if any(e is None for e in errors):
        return total, None
    return total, mpmath.fsum(errors) + abs(total) * _eps(point)


def _multiplied(point: Point, parts: list[Valued]) -> Valued:
    values = [v for v, _ in parts]
    if all(isinstance(v, Fraction) for v in values):
        return math.prod(values, start=Fraction(1)), 0
    parts = [_rounded(point, part) for part in parts]
    if len(parts) == 2:  # one correctly rounded product each, as fprod would give
        (a, error_a), (b, error_b) = parts
        product = a * b
        if error_a is None or error_b is None:
            return product, None
        upper = (abs(a) + error_a) * (abs(b) + error_b)
    else:
        product = mpmath.fprod(v for v, _ in parts)
        if any(e is None for _, e in parts):
            return product, None
        upper = mpmath.fprod(abs(v) + e for v, e in parts)
    eps = _eps(point)
    return product, upper - abs(product) + 2 * abs(product) * eps + upper * eps


def _combined(point: Point, expr: sp.Expr, combine: Callable) -> Valued:
    """A sum or product: exactly as a polynomial when it is a long one, else its parts combined with their errors."""
    if len(expr.args) > 8:
        found = _big_polynomial(point, expr)
        if found is not None:
            return found, 0
    return combine(point, [point.valued(a) for a in expr.args])


def _add(point: Point, expr: sp.Add) -> Valued:
    return _combined(point, expr, _added)


def _mul(point: Point, expr: sp.Mul) -> Valued:
    return _combined(point, expr, _multiplied)


def _sum(point: Point, expr: sp.Sum) -> Valued:
    if len(expr.limits) != 1:
        return point.lambdified(expr), None
    return sum_value(point, expr)


_TINY = mpmath.mpf(10) ** -10  # an input error must be this small against the distance to a singularity
_HALF = mpmath.mpf(1) / 2


def _pow(point: Point, expr: sp.Pow) -> Valued:
    (base, error), exponent = point.valued(expr.base), expr.exp
    if exponent.is_Integer:
        n = int(exponent)
        if base == 0 and n < 0:
            raise Undefined("division by zero")
        if isinstance(base, Fraction) and abs(n) <= 64:
            return base ** n, 0
        base, error = _rounded(point, (base, error))
        value = base ** n
        if error is None:
            return value, None
        size = abs(base)
        if error >= size:
            return value, None
        # |(x + e)^n - x^n| <= |x|^n ((1 + r)^|n| - 1) for n >= 0 and |x|^n ((1 - r)^-|n| - 1) for n < 0, r = e/|x|;
        # written with expm1/log1p so a tiny r is not rounded away
        ratio = error / size
        if n == -1 and ratio <= _HALF:  # (1 - r)^-1 - 1 = r/(1 - r): three roundings, well within one eps
            growth_bound = ratio / (1 - ratio)
        else:
            growth = abs(n) * (mpmath.log1p(ratio) if n >= 0 else -mpmath.log1p(-ratio))
            growth_bound = mpmath.expm1(growth)
        return value, abs(value) * (growth_bound * (1 + _eps(point)) + 2 * _eps(point))
    (base, error), (exponent_value, exponent_error) = _rounded(point, (base, error)), _rounded(
        point, point.valued(exponent))
    value = mpmath.power(base, exponent_value)
    if error is None or exponent_error is None or base == 0:
        return value, None
    size = abs(to_mp(base))
    if error > _TINY * min(size, _cut_room(to_mp(base))):
        return value, None
    spread = abs(to_mp(exponent_value)) * error / size + abs(mpmath.log(to_mp(base))) * exponent_error
    if spread > _TINY:
        return value, None
    return value, abs(value) * (2 * spread + _eps(point))


_INF = mpmath.inf
_ONE = mpmath.mpf(1)
_ZERO = mpmath.mpf(0)


@functools.lru_cache(maxsize=64)
def _two_over_root_pi(prec: int) -> mpmath.mpf:
    """2/sqrt(pi) computed at the working precision `prec` (the same value every time: computed once)."""
    return 2 / mpmath.sqrt(mpmath.pi)


# |f'(x)| (given x and y = f(x)) and the distance from x to f's nearest singularity, per function.
_DERIVATIVE_AND_ROOM = {
    sp.exp: lambda x, y: (abs(y), _INF),
    sp.log: lambda x, y: (1 / abs(x), abs(x)),
    sp.erf: lambda x, y: (_two_over_root_pi(mpmath.mp.prec) * abs(mpmath.exp(-x * x)), _INF),
    sp.erfc: lambda x, y: (_two_over_root_pi(mpmath.mp.prec) * abs(mpmath.exp(-x * x)), _INF),
    sp.erfinv: lambda x, y: (mpmath.sqrt(mpmath.pi) / 2 * abs(mpmath.exp(y * y)), _ONE - abs(x)),
    sp.tan: lambda x, y: (abs(1 + y * y), _ONE / abs(1 + y * y)),  # |cos x| = 1/sqrt(1+tan^2) >= 1/(1+tan^2)
    sp.atan: lambda x, y: (1 / abs(1 + x * x), _ONE),
    sp.tanh: lambda x, y: (abs(1 - y * y), _ONE),
    sp.sin: lambda x, y: (_ONE, _INF),
    sp.cos: lambda x, y: (_ONE, _INF),
    sp.sinh: lambda x, y: (abs(mpmath.cosh(x)), _INF),
    sp.cosh: lambda x, y: (abs(mpmath.cosh(x)), _INF),
    sp.asin: lambda x, y: (1 / abs(mpmath.sqrt(1 - x * x)), _ONE - abs(x)),
    sp.acos: lambda x, y: (1 / abs(mpmath.sqrt(1 - x * x)), _ONE - abs(x)),
    sp.atanh: lambda x, y: (1 / abs(1 - x * x), _ONE - abs(x)),
    sp.asinh: lambda x, y: (_ONE, _ONE),
    sp.loggamma: lambda x, y: (abs(mpmath.digamma(x)), _pole_room(x)),
    sp.gamma: lambda x, y: (abs(y * mpmath.digamma(x)), _pole_room(x)),
    sp.Abs: lambda x, y: (_ONE, _INF),
    # W'(x) = 1/(e^W (1 + W)); the principal branch is analytic except at its branch point -1/e
    sp.LambertW: lambda x, y: (1 / abs(mpmath.exp(y) * (1 + y)),
                               x + 1 / mpmath.e if not isinstance(x, mpmath.mpc) and x >= -1 / mpmath.e else _ZERO),
}


def _pole_room(x) -> mpmath.mpf:
    """How far x is from the nearest pole of gamma (0, -1, -2, ...), where loggamma has its branch points."""
    nearest = min(_ZERO, mpmath.nint(x.real if isinstance(x, mpmath.mpc) else x))
    return abs(x - nearest)


def _cut_room(x) -> mpmath.mpf:
    """How far a complex argument is from the axes (where principal branches have their cuts)."""
    if isinstance(x, mpmath.mpc) and x.imag != 0:
        return min(abs(x.real), abs(x.imag))
    if isinstance(x, mpmath.mpc):
        return _ZERO if x.real < 0 else _INF
    return _INF


def _function(point: Point, expr: sp.Function) -> Valued:
    function = MPMATH_FUNCTIONS.get(expr.func)
    if function is None or len(expr.args) != 1:
        return point.lambdified(expr), None
    func = expr.func
    x, error = _rounded(point, point.valued(expr.args[0]))
    if func in _GROWING and abs(x) > LARGEST_ARGUMENT:
        raise Undefined("the value overflows any finite precision")  # exp(exp(exp(...)))
    if expr.func in _PERIODIC and abs(x) * _eps(point) > 1:  # sin(exp(10**6)): its argument reduction takes minutes
        raise Undefined("the argument is not known to within one unit, so the value is unknown")
    y = function(x)
    if error is None or (expr.func in _INEXACT_COMPLEX and isinstance(x, mpmath.mpc)):
        return y, None
    derivative, room = _DERIVATIVE_AND_ROOM[func](x, y)
    if func in _CUT:
        room = min(room, _cut_room(x))
    if error > (_TINY if room >= _ONE else _TINY * room):  # _TINY * min(1, room)
        return y, None
    return y, 2 * derivative * error + abs(y) * _eps(point)


_RELATIONS = {sp.StrictGreaterThan: lambda d: d > 0, sp.GreaterThan: lambda d: d >= 0,
              sp.StrictLessThan: lambda d: d < 0, sp.LessThan: lambda d: d <= 0}


def _condition(point: Point, condition: sp.Basic) -> bool | None:
    """A Piecewise condition decided at the point: exactly, or when the gap exceeds its error; else None."""
    if condition is sp.true:
        return True
    if condition is sp.false:
        return False
    decide = _RELATIONS.get(type(condition))
    if decide is None:
        return None
    gap, error = point.valued(condition.lhs - condition.rhs)
    if isinstance(gap, (Fraction, int)):
        return decide(gap)
    if error is None or isinstance(gap, mpmath.mpc) or abs(gap) <= error:
        return None
    return decide(gap)


def _piecewise(point: Point, expr: sp.Piecewise) -> Valued:
    """The first piece whose condition holds; no certainty when a condition cannot be decided here."""
    for piece, condition in expr.args:
        holds = _condition(point, condition)
        if holds is None:
            return point.lambdified(expr), None
        if holds:
            return point.valued(piece)
    raise Undefined("no piece of the Piecewise applies")


HANDLERS: dict[type, Callable] = {
    sp.Piecewise: _piecewise,
    sp.Symbol: _atom, sp.Indexed: _atom, sp.Rational: _rational, sp.Float: _float,
    sp.NumberSymbol: _constant, sp.core.numbers.ImaginaryUnit: _constant,
    sp.Add: _add, sp.Mul: _mul, sp.Sum: _sum, sp.Pow: _pow, sp.Function: _function,
}
