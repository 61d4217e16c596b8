"""Building a dense layer's SymPy terms fast, in exactly the form SymPy's own evaluation gives.

A layer with n inputs has n(K + 1) indexed atoms and K sums of n + 1 terms.  SymPy derives the
assumptions of every indexed atom afresh and sorts every sum and product on construction; here the
atoms share the facts SymPy derived for the first atom of their base, and the products and sums are
assembled in SymPy's canonical order directly.  `canonical_layout` checks once per process, against
SymPy's evaluation on a small layer, that the fast trees are the very trees SymPy builds (otherwise
the slow, evaluated construction is used): the checker sees the same expressions either way.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from functools import cmp_to_key

import sympy as sp

_FACTS = sys.modules["sympy.core.assumptions"].StdFactKB
_INDEXED: dict[tuple, sp.Indexed] = {}
_PROTOTYPES: dict[sp.IndexedBase, tuple] = {}  # base -> (facts, their generator, hashable facts), as first deduced


def _index(value) -> object:
    return value if type(value) is int else int(value) if getattr(value, "is_Integer", False) else value


def indexed(base: sp.IndexedBase, *indices) -> sp.Indexed:
    """One shared object per indexed symbol (equality tests end at `is`), built without re-deducing facts."""
    key = (base, *map(_index, indices))
    found = _INDEXED.get(key)
    if found is None:
        found = _INDEXED[key] = _new_indexed(base, tuple(_integer(i) if type(i) is int else i for i in key[1:]))
    return found


_INTEGERS: dict[int, sp.Integer] = {}


def _integer(value: int) -> sp.Integer:
    found = _INTEGERS.get(value)
    if found is None:
        found = _INTEGERS[value] = sp.Integer(value)
    return found


def _new_indexed(base: sp.IndexedBase, indices: tuple) -> sp.Indexed:
    prototype = _PROTOTYPES.get(base)
    if prototype is None:
        made = base[indices]  # SymPy's own construction, once per base; its facts are kept as deduced now
        facts = dict(made._assumptions)
        prototype = _PROTOTYPES[base] = (facts, dict(made._assumptions.__dict__), dict(made._assumptions._generator),
                                         tuple(sorted((k, v) for k, v in facts.items() if v is not None)))
        return made
    facts, attributes, generator, hashable = prototype
    atom = sp.Expr.__new__(sp.Indexed, base, *indices)
    knowledge = _FACTS.__new__(_FACTS)  # the facts depend on the base alone (Indexed._set_assumptions)
    dict.update(knowledge, facts)
    knowledge.__dict__.update(attributes)
    knowledge._generator = dict(generator)
    atom._assumptions = knowledge
    atom._mhash = hash(("Indexed", base, *indices) + hashable)  # Basic.__hash__ of Indexed._hashable_content
    return atom


_compare = cmp_to_key(sp.Basic.compare)


def _fast_affine(intercept: sp.Expr, weights: list[sp.Expr], inputs: list[sp.Expr]) -> sp.Expr:
    """intercept + sum w_i x_i for atoms w_i, x_i indexed by i = 1..n in order: SymPy's canonical tree."""
    weight_first = _compare(weights[0]) < _compare(inputs[0])
    terms = [sp.Mul._from_args((w, x) if weight_first else (x, w), True) for w, x in zip(weights, inputs)]
    if _compare(intercept) < _compare(terms[0]):
        return sp.Add._from_args([intercept, *terms], True)
    return sp.Add._from_args([*terms, intercept], True)


def _slow_affine(intercept: sp.Expr, weights: list[sp.Expr], inputs: list[sp.Expr]) -> sp.Expr:
    return sp.Add(intercept, *[w * x for w, x in zip(weights, inputs)])


@functools.lru_cache(maxsize=None)
def canonical_layout(intercept_base: sp.Basic, weight_base: sp.IndexedBase, input_base: sp.IndexedBase,
                     rows: bool) -> bool:
    """Whether the fast construction gives SymPy's own trees for these bases (checked on 12 and 3 inputs)."""
    for size in (12, 3):
        intercept = indexed(intercept_base, 2) if isinstance(intercept_base, sp.IndexedBase) else intercept_base
        weights = [indexed(weight_base, 2, i) if rows else indexed(weight_base, i) for i in range(1, size + 1)]
        inputs = [indexed(input_base, i) for i in range(1, size + 1)]
        fast, slow = _fast_affine(intercept, weights, inputs), _slow_affine(intercept, weights, inputs)
        if fast != slow or fast.args != slow.args or any(a.args != b.args for a, b in zip(fast.args, slow.args)):
            return False
        fresh = weight_base[(2, 7) if rows else (7,)]  # an atom SymPy builds itself: the same facts and hash
        made = indexed(weight_base, 2, 7) if rows else indexed(weight_base, 7)
        if made != fresh or hash(made) != hash(fresh) or made._assumptions != fresh._assumptions:
            return False
    return True


def affine(intercept: sp.Expr, weight: Callable[[int], sp.Expr], input_base: sp.IndexedBase, size: int,
           layout: tuple | None = None) -> sp.Expr:
    """intercept + sum_{i=1}^{size} weight(i) x_i, fast when `layout` (the bases) passed `canonical_layout`."""
    weights = [weight(i) for i in range(1, size + 1)]
    inputs = [indexed(input_base, i) for i in range(1, size + 1)]
    if layout is not None and canonical_layout(*layout):
        return _fast_affine(intercept, weights, inputs)
    return _slow_affine(intercept, weights, inputs)
