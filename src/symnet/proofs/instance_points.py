"""Numeric evidence for an instance step: the cited lemma's sides at the substituted values.

The lemma's variables take the values of the substituted expressions at the step's point, each
evaluated when the lemma's sides first need it (a lemma about eta_1, ..., eta_K evaluates only the
entries its sides use).  Numbers substituted for variables (k = 3) are put into the lemma's sides;
the remaining values are the same for every step that substitutes them alike, so one such point per
step point is shared by those steps and each value is computed once.
"""

from __future__ import annotations

import functools

import sympy as sp

from symnet.proofs.evaluate import Point, Undefined
from symnet.proofs.model import Step
from symnet.proofs.polynomials import key_of
from symnet.proofs.sampling import _value
from symnet.proofs.unfold import Unfolder
from symnet.proofs.written import substituted


class LemmaPoint(Point):
    """The lemma's variables at the substituted values, drawn lazily from the outer point."""

    def __init__(self, substitution, sizes: dict, outer: Point, unfolder: Unfolder, entries: dict):
        super().__init__(self._substituted, outer.digits)
        self.outer, self.outer_sizes, self.unfolder, self.entries = outer, sizes, unfolder, entries
        self.plain = {key_of(variable): value for variable, value in substitution
                      if not isinstance(variable, sp.IndexedBase)}
        self.vectors = {variable.label.name: value for variable, value in substitution
                        if isinstance(variable, sp.IndexedBase)}
        self.exact = True  # every value drawn so far is exact (else the lemma's error bounds do not cover it)

    def _substituted(self, key):
        value = self.plain.get(key)
        if value is None and key[1] and key[0] in self.vectors:
            vector = self.vectors[key[0]]
            value = self.entries.get((vector, key[1]))
            if value is None:
                entry = tuple(sp.Integer(i) for i in key[1])
                value = self.entries[(vector, key[1])] = self.unfolder(
                    vector(*entry) if isinstance(vector, sp.Lambda) else vector[entry])
        if value is None:
            return self.outer.atom(key)
        evaluated, error = _value(value, self.outer_sizes, self.outer)
        if evaluated is None:
            raise Undefined("a substituted value is undefined here")
        self.exact = self.exact and error == 0
        return evaluated


@functools.lru_cache(maxsize=65536)
def _specialised(expr: sp.Expr, numbers: tuple) -> sp.Expr:
    return substituted(expr, dict(numbers)) if numbers else expr


def sides(step: Step, lemma_path: bool, lhs, rhs, sizes: dict, point: Point, lemma_unfolders: dict[int, Unfolder],
          unfolder: Unfolder, entries: dict):
    """The values of the step's two sides at one point (through the lemma for instance steps)."""
    if not lemma_path:
        return _value(lhs, sizes, point), _value(rhs, sizes, point)
    lemma = step.lemma
    lemma_unfold = lemma_unfolders.get(id(lemma)) or Unfolder(lemma.derivation.definitions)
    left, right = lemma.derivation.claims[step.lemma_claim]
    numbers = tuple((variable, value) for variable, value in step.substitution
                    if not isinstance(variable, sp.IndexedBase) and value.is_Number)
    lazy = tuple(pair for pair in step.substitution if pair not in numbers)
    key = (id(lemma), lazy)
    inner = point.lemma_points.get(key)
    if inner is None:
        inner = point.lemma_points[key] = LemmaPoint(lazy, sizes, point, unfolder, entries)
    a, error_a = inner.value_and_error(_specialised(lemma_unfold(left), numbers))
    b, error_b = inner.value_and_error(_specialised(lemma_unfold(right), numbers))
    if a is None or b is None:
        return (None, None), (None, None)
    if not inner.exact:  # an inexact argument: the inner bounds do not cover it
        error_a = error_b = None
    return (a, error_a), (b, error_b)
