"""Real definedness on a domain: every node of an expression shown real and finite at every point.

Every symbolic rule of the checker needs its side conditions *discharged*: a base shown positive, a
denominator shown non-zero, a logarithm's argument shown in its domain, about the actual expression and
not merely its symbols.  The signs come from `sign_rules`; this module walks the tree.  Each rule is sound
on its own (see docs/kernel.md) and answers "not shown" whenever no rule applies.
"""

from __future__ import annotations

import sympy as sp

from symnet.proofs.context import Context, context_for
from symnet.proofs.sign_rules import _MISSING, ENTIRE, OPEN_DOMAIN, negative, nonzero, positive

__all__ = ["Context", "context_for", "defined", "negative", "nonzero", "positive", "undefined_reason"]


def undefined_reason(expr: sp.Expr, context: Context = Context()) -> str | None:
    """Why `expr` is not shown to be real and finite at every point of the domain, or None if it is."""
    key = (expr, context)
    found = _REASONS.get(key, _MISSING)
    if found is _MISSING:
        found = None
        walk = sp.preorder_traversal(expr)
        for node in walk:
            if isinstance(node, sp.Piecewise):
                found = _piecewise_reason(node, context)
                walk.skip()  # its branches are checked under their own conditions
            else:
                found = _node_reason(node, context)
            if found:
                break
        _REASONS[key] = found
        if len(_REASONS) > 50_000:
            _REASONS.clear()
    return found


_REASONS: dict = {}


def _piecewise_reason(node: sp.Piecewise, context: Context) -> str | None:
    """A Piecewise is defined when its last condition is True and each branch is defined wherever its own
    condition holds (a superset of where it is chosen); conditions are comparisons of defined expressions.
    A condition `s > c` adds the fact s - c > 0 for its branch; any other condition adds nothing."""
    if node.args[-1].cond is not sp.true:
        return f"{sp.sstr(node)} has no branch for some points (its last condition is not True)"
    for branch, condition in node.args:
        facts = context.positive_facts
        if condition is not sp.true:
            if not isinstance(condition, (sp.StrictGreaterThan, sp.StrictLessThan, sp.GreaterThan, sp.LessThan)):
                return f"the condition {sp.sstr(condition)} is not a comparison the kernel knows"
            for side in condition.args:
                reason = undefined_reason(side, context)
                if reason:
                    return reason
            if isinstance(condition, (sp.StrictGreaterThan, sp.StrictLessThan)):
                facts = facts | {sp.expand(condition.gts - condition.lts)}
        reason = undefined_reason(branch, Context(facts, context.interval, context.intervals,
                                                  context.nonzero_facts))
        if reason:
            return reason
    return None


def defined(expr: sp.Expr, context: Context = Context()) -> bool:
    """True only if `expr` is proven real and finite at every point of the domain."""
    return undefined_reason(expr, context) is None


def _evaluated(expr: sp.Expr) -> sp.Expr:
    """A tree as written, rebuilt with SymPy's evaluation (the same value wherever the written tree is
    defined, and the traversal shows every node of the written tree defined on its own)."""
    if not expr.args:
        return expr
    try:
        return expr.doit(deep=True)
    except Exception:  # noqa: BLE001 - a tree SymPy cannot rebuild: keep it as written
        return expr


def _holds(test, expr: sp.Expr, context: Context) -> bool:
    """test(expr) for the expression as written, or else for its evaluated form."""
    if test(expr, context):
        return True
    evaluated = _evaluated(expr)
    return evaluated != expr and test(evaluated, context)


_PLAIN_NODES = (sp.Add, sp.Mul, sp.Integer, sp.Rational, sp.Tuple, sp.IndexedBase, sp.Idx)
_NOT_REAL = (sp.S.ComplexInfinity, sp.S.Infinity, sp.S.NegativeInfinity, sp.S.NaN, sp.S.ImaginaryUnit)


def _node_reason(node: sp.Basic, context: Context) -> str | None:
    if isinstance(node, _PLAIN_NODES):  # the fast path: sums, products and rationals need nothing more
        return None
    if isinstance(node, sp.Indexed):
        return None if node.is_real or node.base.label.is_real else f"{node} is not known to be real"
    if any(node is constant for constant in _NOT_REAL):
        return f"contains the non-real constant {sp.sstr(node)}"
    if node is sp.I or (node.is_Number and not node.is_real) or node in (sp.zoo, sp.oo, -sp.oo, sp.nan):
        return f"contains the non-real constant {sp.sstr(node)}"
    if isinstance(node, sp.Symbol):
        return None if node.is_real else f"{node} is not known to be real"
    if isinstance(node, sp.Indexed):
        return None if node.is_real or node.base.label.is_real else f"{node} is not known to be real"
    if node.is_Atom or isinstance(node, (sp.Add, sp.Mul, sp.Tuple, sp.IndexedBase, sp.Idx)):
        return None
    if isinstance(node, sp.Sum):
        return None  # the summand is visited too; its index is an integer
    if isinstance(node, sp.Pow):
        base, exponent = node.base, node.exp
        if exponent.is_Integer:
            if exponent >= 0 or _holds(nonzero, base, context):
                return None
            return f"the denominator {sp.sstr(base)} is not shown to be non-zero"
        if _holds(positive, base, context):
            return None
        return f"the base {sp.sstr(base)} of the power {sp.sstr(node)} is not shown to be positive"
    if isinstance(node, ENTIRE) or isinstance(node, sp.Abs):
        return None
    bounds = OPEN_DOMAIN.get(node.func)
    if bounds is not None:
        argument = node.args[0]
        low, high = bounds
        if ((low is None or _holds(positive, argument - low, context))
                and (high is None or _holds(positive, high - argument, context))):
            return None
        return f"the argument of {sp.sstr(node)} is not shown to lie in its domain"
    if isinstance(node, sp.tan):  # cos of the evaluated argument first: SymPy often rewrites it (cos(atan(u)))
        argument = node.args[0]
        evaluated = _evaluated(argument)
        if (evaluated != argument and nonzero(sp.cos(evaluated), context)) or nonzero(sp.cos(argument), context):
            return None
        return f"{sp.sstr(node)} may have a pole"
    return f"{type(node).__name__} is not a function the kernel knows to be real"
