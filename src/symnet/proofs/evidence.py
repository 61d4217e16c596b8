"""Numeric evidence that knows its precision: agree, differ (certainly), or cannot tell.

Each side comes with a bound on its absolute error (`evaluate`); an exact side compared with an inexact
one is rounded to the comparison's precision, and that rounding is added to its bound.  Two values
*differ* only when their gap exceeds twice the sum of the bounds: then the exact values differ, whatever
the rounding.
They *agree* (evidence, never proof) when the gap and the bounds are all below 10**-25 relative.
Otherwise the precision is raised until one of the two holds or the point is given up as unusable.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from fractions import Fraction

import mpmath

from symnet.proofs.evaluate import DIGITS, Point, to_mp

AGREEMENT = mpmath.mpf(10) ** -25  # relative: closer than this (with errors as small) counts as agreement
MAX_DIGITS = 3000  # beyond this a point is too ill-conditioned to use
_COMPARE_DIGITS = DIGITS + 20
with mpmath.workdps(_COMPARE_DIGITS):
    _ROUNDING = mpmath.mpf(10) ** (1 - _COMPARE_DIGITS)  # one rounding at the comparison's precision
_ONE, _ZERO = mpmath.mpf(1), mpmath.mpf(0)

Sides = tuple  # ((a, error of a), (b, error of b)); a value of None is undefined


class Verdict(str, Enum):
    AGREE = "agree"
    DIFFER = "differ"
    UNSURE = "unsure"


def compare(sides: Sides) -> tuple[Verdict, int]:
    """The verdict for two valued sides, and the extra digits that could settle an UNSURE one."""
    (a, error_a), (b, error_b) = sides
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return (Verdict.AGREE if a == b else Verdict.DIFFER), 0
    if error_a is None or error_b is None:
        return Verdict.UNSURE, 0
    context = mpmath.mp  # what mpmath.workdps(_COMPARE_DIGITS) does, without building a context manager
    saved = context.prec
    context.dps = _COMPARE_DIGITS
    try:
        return _compared(a, error_a, b, error_b)
    finally:
        context.prec = saved


def _compared(a, error_a, b, error_b) -> tuple[Verdict, int]:
    """`compare` for two sides with known error bounds, at the comparison's precision."""
    x, y = to_mp(a), to_mp(b)
    gap = abs(x - y)
    size_x, size_y = abs(x), abs(y)
    # an exact side converted to this precision is rounded: that rounding counts with its error
    error_a = (to_mp(error_a) if error_a else _ZERO) + (size_x * _ROUNDING if isinstance(a, Fraction) else 0)
    error_b = (to_mp(error_b) if error_b else _ZERO) + (size_y * _ROUNDING if isinstance(b, Fraction) else 0)
    error = error_a + error_b
    if gap > 2 * error and gap > 0:
        return Verdict.DIFFER, 0
    scale = max(_ONE, size_x - error_a, size_y - error_b)  # a sure lower bound
    bar = AGREEMENT * scale
    if gap <= bar and error <= bar:
        return Verdict.AGREE, 0
    wanted = bar / 1000
    return Verdict.UNSURE, int(mpmath.log10(error / wanted)) + 10 if error > wanted else 30


def weigh(evaluate: Callable[[Point], Sides], point: Point) -> tuple[Verdict, object, object]:
    """The verdict at one point, raising the precision while that can settle it."""
    sides = evaluate(point)
    for _ in range(4):
        (a, _), (b, _) = sides
        if a is None or b is None:
            return Verdict.UNSURE, a, b
        verdict, extra = compare(sides)
        if verdict is not Verdict.UNSURE or not extra or point.digits + extra > MAX_DIGITS:
            return verdict, a, b
        point = point.at_precision(point.digits + extra)
        sides = evaluate(point)
    (a, _), (b, _) = sides
    return Verdict.UNSURE, a, b
