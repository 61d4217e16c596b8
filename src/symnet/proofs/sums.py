"""Evaluating finite sums at a point: exact for polynomial summands, with symbolic bounds and sizes.

A sum with integer bounds and a polynomial summand is evaluated through its compiled polynomial.  A
sum whose bounds or indices are sizes (n, K, k) is evaluated from its summand's template: the bounds
and the sizes are read from the point, and the template is summed over the range in exact rational
arithmetic, without building a SymPy expression per point.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from math import gcd
from typing import TYPE_CHECKING

import sympy as sp

from symnet.proofs.polynomials import _INDEX, NotConcrete, Key, split_sum, sum_template

if TYPE_CHECKING:
    from symnet.proofs.evaluate import Point

MAX_TERMS = 100_000  # a sum over a longer range is not evaluated


def resolved_index(point: "Point", index: sp.Expr) -> int:
    """An index that is an integer expression in the point's sizes (k, K - 1, ...), as an int."""
    if index.is_Integer:
        return int(index)
    value, _ = point.valued(index)
    if not isinstance(value, (Fraction, int)) or Fraction(value).denominator != 1:
        raise NotConcrete(f"the index {index} is not an integer here")
    return int(value)


def resolved_key(point: "Point", atom: sp.Indexed) -> Key:
    """The key of an indexed atom whose indices are sizes or expressions in them."""
    return (atom.base.label.name, tuple(resolved_index(point, i) for i in atom.indices))


@functools.lru_cache(maxsize=65536)
def _prepared(expr: sp.Sum) -> tuple | None:
    """The summand's template as (coefficient, ((name, indices, late, power), ...)) per term, or None."""
    template = sum_template(expr)
    if template is None:
        return None
    return tuple((coefficient, tuple((name, indices, any(not (isinstance(i, int) or i is _INDEX) for i in indices),
                                      power) for (name, indices), power in mono))
                 for mono, coefficient in template.items())


def _summed(point: "Point", terms: tuple, low: int, high: int) -> Fraction:
    """sum_{v=low}^{high} of the prepared template with the bound index set to v (exact; values rational)."""
    resolved = []
    for coefficient, factors in terms:
        fixed = []
        for name, indices, late, power in factors:
            if late:
                indices = tuple(i if isinstance(i, int) or i is _INDEX else resolved_index(point, i) for i in indices)
            fixed.append((name, indices, _INDEX in indices, power))
        resolved.append((coefficient, fixed))
    numerator, denominator = 0, 1  # the exact total, kept as two integers (no Fraction per operation)
    atom = point.atom
    for v in range(low, high + 1):
        for coefficient, factors in resolved:
            top, bottom = coefficient.numerator, coefficient.denominator
            for name, indices, varies, power in factors:
                value = atom((name, tuple(v if i is _INDEX else i for i in indices)) if varies else (name, indices))
                if not isinstance(value, (Fraction, int)):
                    raise TypeError("not a rational value")
                if power != 1:
                    value = value ** power
                top, bottom = top * value.numerator, bottom * value.denominator
            if bottom == denominator:
                numerator += top
            else:
                common = gcd(bottom, denominator)
                numerator = numerator * (bottom // common) + top * (denominator // common)
                denominator = denominator // common * bottom
    return Fraction(numerator, denominator)


def sum_value(point: "Point", expr: sp.Sum) -> tuple:
    """(value, error bound) of a one-index Sum at the point."""
    from symnet.proofs.evaluate import Undefined
    from symnet.proofs.evaluate_nodes import _added, _big_polynomial

    variable, low, high = expr.limits[0]
    concrete = low.is_Integer and high.is_Integer
    if concrete:
        parts = split_sum(expr)
        if len(parts) > 1:
            return _added(point, [point.valued(part) for part in parts])
        found = _big_polynomial(point, expr)
        if found is not None:
            return found, 0
    first, last = resolved_index(point, low), resolved_index(point, high)
    if last - first > MAX_TERMS:
        raise Undefined("a sum over too long a range")
    terms = _prepared(expr)
    if terms is not None:
        try:
            return _summed(point, terms, first, last), 0
        except TypeError:  # an inexact value among the atoms: term by term below
            pass
    if not concrete:
        raise NotConcrete("a sum with symbolic bounds and a summand that is not a polynomial")
    return _added(point, [point.valued(expr.function.xreplace({variable: sp.Integer(v)}))
                          for v in range(first, last + 1)])
