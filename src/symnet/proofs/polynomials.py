"""Polynomial normal forms over keyed atoms: exact identity of polynomials, and compiled exact evaluation.

Atoms are symbols and indexed symbols, looked up by a key (name, integer indices) so that the dense
layer of a large network is expanded and evaluated without building SymPy terms.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

SCALE_BITS = 20  # real atoms drawn as multiples of 2**-20 evaluate in integer arithmetic

Key = tuple  # (name, (int indices...)): how a value is looked up, without building SymPy objects
_INDEX = object()  # placeholder for the bound index of a Sum inside a template key


class NotConcrete(Exception):
    """An indexed atom with a symbolic index (it needs a size before it can be evaluated)."""


_KEYS: dict[sp.Basic, Key] = {}  # the keys of concrete atoms, computed once per atom


def key_of(atom: sp.Basic, index: sp.Symbol | None = None, late: bool = False) -> Key:
    """The lookup key of a symbol or an indexed atom (`index` marks a Sum's bound variable).

    With `late`, a symbolic index other than `index` (a size such as k) stays in the key as written, to be
    resolved when the point's sizes are known.
    """
    found = _KEYS.get(atom)
    if found is not None:
        return found
    if isinstance(atom, sp.Symbol):
        if index is not None and atom == index:  # the bound index as a value (sum of i x_i): not an atom
            raise NotConcrete(atom)
        return (atom.name, ())
    args = atom.args  # (base, *indices)
    if all(i.is_Integer for i in args[1:]):
        found = _KEYS[atom] = (args[0].args[0].name, tuple(map(int, args[1:])))
        return found
    indices = []
    for i in atom.indices:
        if i.is_Integer:
            indices.append(int(i))
        elif index is not None and i == index:
            indices.append(_INDEX)
        elif late and index is not None and not i.has(index):
            indices.append(i)
        else:
            raise NotConcrete(atom)  # the atom itself: printing it on every raise would cost more than the raise
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


def _polynomial(expr: sp.Basic, index: sp.Symbol | None, late: bool = False) -> dict[Monomial, Fraction] | None:
    if expr.is_Rational:
        if expr == 0:
            return {}
        return {frozenset(): int(expr.p) if expr.q == 1 else Fraction(int(expr.p), int(expr.q))}
    if isinstance(expr, (sp.Symbol, sp.Indexed)):
        return {frozenset({(key_of(expr, index, late), 1)}): 1}
    if isinstance(expr, sp.Add):
        total: dict[Monomial, Fraction] = {}
        for term in expr.args:
            simple = _monomial(term, index, late)
            if simple is not None:
                mono, coef = simple
                value = total.get(mono, 0) + coef
                if value:
                    total[mono] = value
                else:
                    total.pop(mono, None)
                continue
            part = polynomial(term) if index is None and len(term.args) > 8 else _polynomial(term, index, late)
            if part is None:
                return None
            _accumulate(total, part.items())
        return total
    if isinstance(expr, sp.Mul):
        simple = _monomial(expr, index, late)
        if simple is not None:
            return {simple[0]: simple[1]}
        product: dict[Monomial, Fraction] = {frozenset(): 1}
        for factor in expr.args:
            part = polynomial(factor) if index is None and len(factor.args) > 8 else _polynomial(factor, index, late)
            if part is None:
                return None
            product = _multiply(product, part)
        return product
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer and 0 <= int(expr.exp) <= 16:
        base = _polynomial(expr.base, index, late)
        if base is None:
            return None
        result: dict[Monomial, Fraction] = {frozenset(): 1}
        for _ in range(int(expr.exp)):
            result = _multiply(result, base)
        return result
    if isinstance(expr, sp.Sum) and index is None and len(expr.limits) == 1:
        variable, low, high = expr.limits[0]
        if not (low.is_Integer and high.is_Integer):
            return _symbolic_sum(expr)
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


SUM_ATOM = "\u03a3"  # the name of a sum atom's key: (SUM_ATOM, (monomial template, low, high))


def _symbolic_sum(expr: sp.Sum) -> dict[Monomial, Fraction] | None:
    """Sum_{i=lo}^{hi} p(i) with symbolic bounds, by linearity: sum over the monomials m of p of c_m times the
    atom Sum_{i=lo}^{hi} m(i), keyed by m's template (the bound index as a placeholder) and the bounds."""
    template = sum_template(expr)
    if template is None:
        return None
    _, low, high = expr.limits[0]
    return {frozenset({((SUM_ATOM, (mono, low, high)), 1)}): coef for mono, coef in template.items()}


@functools.lru_cache(maxsize=65536)
def sum_template(expr: sp.Sum) -> dict[Monomial, Fraction] | None:
    """The summand of a one-index Sum as a polynomial whose keys mark the bound index (and keep symbolic
    sizes such as k as written), or None if the summand is not a polynomial."""
    (variable, _, _), = expr.limits
    try:
        return _polynomial(expr.function, variable, late=True)
    except NotConcrete:
        return None


def has_sum_atoms(poly: dict[Monomial, Fraction]) -> bool:
    """Whether a normal form contains sums with symbolic bounds (atoms that are not values at a point)."""
    return any(key[0] == SUM_ATOM for mono in poly for key, _ in mono)


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


def _monomial(term: sp.Basic, index: sp.Symbol | None, late: bool) -> tuple[Monomial, Fraction] | None:
    """A rational times atoms (a term of a dense layer) as (monomial, coefficient), or None for anything else."""
    if isinstance(term, (sp.Symbol, sp.Indexed)):
        return frozenset({(key_of(term, index, late), 1)}), 1
    if not isinstance(term, sp.Mul):
        return None
    coefficient: Fraction | int = 1
    powers: dict[Key, int] = {}
    for factor in term.args:
        if factor.is_Rational:
            coefficient *= int(factor.p) if factor.q == 1 else Fraction(int(factor.p), int(factor.q))
        elif isinstance(factor, (sp.Symbol, sp.Indexed)):
            key = key_of(factor, index, late)
            powers[key] = powers.get(key, 0) + 1
        else:
            return None
    return frozenset(powers.items()), coefficient


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
    for constant, other in ((a, b), (b, a)):  # a number times a polynomial: scale the coefficients
        if len(constant) == 1 and frozenset() in constant:
            factor = constant[frozenset()]
            return {mono: coef * factor for mono, coef in other.items()} if factor else {}
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
    """A polynomial ready for exact evaluation: integer coefficients; terms of degree 1 and 2 grouped by
    coefficient (a dense layer's terms share coefficient 1), so a group is summed without a call per term."""

    constant: int
    linear: tuple[tuple[int, tuple[Key, ...]], ...]  # (coefficient, the keys of its terms)
    quadratic: tuple[tuple[int, tuple[Key, ...], tuple[Key, ...]], ...]  # (coefficient, left keys, right keys)
    higher: tuple[tuple[int, tuple[Key, ...]], ...]
    keys: tuple[Key, ...]
    degree: int
    denominator: int

    def terms(self) -> list[tuple[int, tuple[Key, ...]]]:
        """Every term as (scaled coefficient, its keys)."""
        out = [(self.constant, ())] if self.constant else []
        out += [(c, (a,)) for c, keys in self.linear for a in keys]
        out += [(c, (a, b)) for c, lefts, rights in self.quadratic for a, b in zip(lefts, rights)]
        return out + list(self.higher)


@functools.lru_cache(maxsize=65536)
def compiled_polynomial(expr: sp.Expr) -> Compiled | None:
    """The polynomial of `expr` with coefficients scaled for exact evaluation at dyadic points."""
    poly = polynomial(expr)
    if poly is None or has_sum_atoms(poly):
        return None
    lcd = math.lcm(*(c.denominator for c in poly.values())) if poly else 1
    degree = max((len(mono) if len(mono) < 2 or all(p == 1 for _, p in mono) else sum(p for _, p in mono)
                  for mono in poly), default=0)
    constant, higher = 0, []
    linear: dict[int, list[Key]] = {}
    quadratic: dict[int, tuple[list[Key], list[Key]]] = {}
    unit = 1 if lcd == 1 else None  # a term a*b with coefficient 1, the terms of a dense layer: the fast case
    for mono, coef in poly.items():
        if coef == unit and len(mono) == 2 and degree == 2:
            (a, power_a), (b, power_b) = mono
            if power_a == 1 and power_b == 1:
                lefts, rights = quadratic.setdefault(1, ([], []))
                lefts.append(a)
                rights.append(b)
                continue
        keys = tuple(key for key, power in mono for _ in range(power))
        scaled = int(coef * lcd) << (SCALE_BITS * (degree - len(keys)))
        if not keys:
            constant += scaled
        elif len(keys) == 1:
            linear.setdefault(scaled, []).append(keys[0])
        elif len(keys) == 2:
            lefts, rights = quadratic.setdefault(scaled, ([], []))
            lefts.append(keys[0])
            rights.append(keys[1])
        else:
            higher.append((scaled, keys))
    every = tuple(sorted({key for mono in poly for key, _ in mono}))  # a fixed order: the same draws every run
    return Compiled(constant, tuple((c, tuple(k)) for c, k in linear.items()),
                    tuple((c, tuple(a), tuple(b)) for c, (a, b) in quadratic.items()), tuple(higher), every,
                    degree, lcd)
