"""Unfolding: defined names (y-hat, g, h, softmax, ...) replaced by their formulas before checking."""

from __future__ import annotations

from collections.abc import Iterable

import sympy as sp

from symnet.proofs.written import rebuilt as as_written, substituted
from symnet.proofs.model import Definition


BIG_SUM = 8  # a sum or product around an unfolded sum longer than this is rebuilt as written
_UNCHANGED = sp.Dummy("unchanged")  # memo marker: the expression has no names to unfold


class Unfolder:
    """Replaces defined names by their formulas, bottom-up, remembering every subexpression it saw."""

    def __init__(self, definitions: Iterable[Definition], as_written: bool = False):
        self.as_written = as_written  # rebuild around unfolded names without SymPy's automatic evaluation
        self.values: dict[sp.Basic, Definition] = {}
        self.functions: dict[object, Definition] = {}
        for definition in definitions:
            if definition.names_a_value:
                self.values[definition.head] = definition
            else:
                self.functions[definition.head] = definition
        self.memo: dict[sp.Basic, sp.Basic] = {}

    def __call__(self, expr: sp.Basic) -> sp.Basic:
        found = self.memo.get(expr)
        if found is None:
            found = self._unfold(expr)
            found = self.memo[expr] = _UNCHANGED if found is expr else found
        # an expression without names comes back as itself, not as an equal one met earlier: a caller that
        # rebuilds only around changed arguments must not see a change (it would re-evaluate the tree)
        return expr if found is _UNCHANGED else found

    def _unfold(self, expr: sp.Basic) -> sp.Basic:
        if isinstance(expr, sp.IndexedBase):  # a defined vector is unfolded entry by entry, where it is indexed
            return expr
        if expr in self.values:
            return self(self.values[expr].unfold)
        if isinstance(expr, sp.Indexed):
            definition = self.values.get(expr.base)
            if definition is None:
                return expr
            unfold = definition.unfold
            if isinstance(unfold, sp.IndexedBase):
                return self(unfold[expr.indices])
            return self(unfold(*expr.indices))
        if not expr.args or isinstance(expr, (sp.IndexedBase, sp.Symbol)):
            return expr
        if len(expr.args) > 8 and isinstance(expr, (sp.Add, sp.Mul)) and self._plain(expr):
            return expr
        args = tuple(self(a) for a in expr.args)
        if all(new is old for new, old in zip(args, expr.args)):
            rebuilt = expr
        elif self.as_written or (isinstance(expr, (sp.Add, sp.Mul)) and any(
                new is not old and isinstance(new, sp.Add) and len(new.args) > BIG_SUM
                for new, old in zip(args, expr.args))):  # around a long sum (a dense layer): kept as written
            rebuilt = as_written(expr, args)
        else:
            rebuilt = expr.func(*args)
        definition = self.functions.get(getattr(rebuilt, "func", None))
        if definition is not None:
            if self.as_written:
                return self(_applied_as_written(definition, rebuilt.args))
            return self(definition.unfold(*rebuilt.args))
        if isinstance(rebuilt, (sp.Derivative, sp.Subs)) and rebuilt is not expr:
            return rebuilt.doit()  # the names inside were unfolded: differentiate the formula
        return rebuilt


    def _plain(self, expr: sp.Basic) -> bool:
        """A sum or product of numbers, undefined symbols and products of them (nothing to unfold)."""
        for arg in expr.args:
            factors = arg.args if isinstance(arg, sp.Mul) else (arg,)
            for factor in factors:
                if factor.is_Number:
                    continue
                if isinstance(factor, sp.Indexed) and factor.base not in self.values:
                    continue
                if isinstance(factor, sp.Symbol) and factor not in self.values:
                    continue
                return False
        return True


def _applied_as_written(definition: Definition, args: tuple) -> sp.Basic:
    """A function's formula with its arguments put in as written: exp applied to log(eta) stays exp(log(eta)).

    The formula is built on placeholders (nothing to evaluate there) and the arguments substituted without
    SymPy's automatic evaluation; a formula that needs its actual arguments is applied to them directly.
    """
    if definition.written is not None and len(definition.written[1]) == len(args):
        formula, variables = definition.written
        return substituted(formula, dict(zip(variables, args)))
    key = (definition.head, definition.unfold, len(args))
    found = _BODIES.get(key)
    if found is None:
        placeholders = tuple(sp.Dummy(f"arg{i}") for i in range(len(args)))
        try:
            body = definition.unfold(*placeholders)
        except Exception:  # noqa: BLE001 - a formula that cannot take placeholders
            body = None
        found = _BODIES[key] = (placeholders, body if isinstance(body, sp.Basic) else None)
    placeholders, body = found
    if body is None:
        return definition.unfold(*args)
    return substituted(body, dict(zip(placeholders, args)))


_BODIES: dict = {}  # (head, formula, arity) -> (placeholders, the formula on them): built once


def unfold(expr: sp.Expr, definitions: Iterable[Definition]) -> sp.Expr:
    """Replace every defined name by its formula (definitions may use each other)."""
    return Unfolder(definitions)(expr)
