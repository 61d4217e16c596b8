"""The symbolic rules: how the checker shows lhs - rhs = 0, each rule with its side conditions discharged.

Rules that need no side condition (they hold for every value of every symbol): structural identity,
polynomial identity, linearity of sums.  Every other rule (rewriting, cancellation, simplification,
the zero-derivative argument) runs only after both sides are shown *defined* on the whole domain:
real and finite, every denominator non-zero, every logarithm and fractional power applied to a
positive expression (see `definedness`).  Each rule and its soundness argument is in docs/kernel.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symnet.proofs.written import substituted
from symnet.catalog.domains import domain_text, sympy_flags
from symnet.proofs import definedness
from symnet.proofs.model import Assumption
from symnet.proofs.polynomials import has_sum_atoms, polynomial, split_sum

SIMPLIFY_LIMIT = 400  # count_ops above which only cheap rewrites are attempted


@dataclass(frozen=True)
class Reduction:
    """The outcome of the symbolic rules: the method that reduced lhs - rhs to zero, or why none did."""

    method: str | None
    reason: str = ""


def flagged_symbols(variables: tuple[Assumption, ...]) -> dict[sp.Symbol, sp.Dummy]:
    """Fresh symbols carrying the SymPy flags implied by each variable's domain."""
    out = {}
    for assumption in variables:
        subject = assumption.subject
        if isinstance(subject, sp.Symbol):
            out[subject] = sp.Dummy(subject.name, **sympy_flags(assumption.domain))
    return out


def _split_sums(expr: sp.Expr) -> sp.Expr:
    """Every single-index Sum written as a combination of sums of single terms (linearity)."""
    sums = [s for s in expr.atoms(sp.Sum) if len(s.limits) == 1]
    return expr.xreplace({s: sp.Add(*split_sum(s)) for s in sums}) if sums else expr


def _congruent(lhs: sp.Basic, rhs: sp.Basic) -> bool:
    """Same expression tree up to polynomial identities between corresponding subtrees.

    Sound without side conditions: equal arguments give equal values of the same function.
    """
    if lhs == rhs:
        return True
    left, right = polynomial(lhs), polynomial(rhs)
    if left is not None and right is not None:
        return left == right
    if lhs.func != rhs.func or len(lhs.args) != len(rhs.args) or not lhs.args:
        return False
    return all(_congruent(a, b) for a, b in zip(lhs.args, rhs.args))


SMALL_FRACTION = (60, 6)  # (nodes, reciprocals) up to which the numerator test runs before `cancel`


def _small_fraction(expr: sp.Expr) -> bool:
    """Few nodes and few reciprocals: its numerator over one denominator stays small when multiplied out."""
    nodes = reciprocals = 0
    for node in sp.preorder_traversal(expr):
        nodes += 1
        reciprocals += isinstance(node, sp.Pow) and node.exp.is_negative is True
        if nodes > SMALL_FRACTION[0] or reciprocals > SMALL_FRACTION[1]:
            return False
    return True


def _cancels(difference: sp.Expr) -> bool:
    """The difference is zero as a rational function: for a small one, its numerator over a common denominator
    multiplies out to zero (cheaper than `cancel`, tried first); else `cancel` reduces it to zero."""
    try:
        if _small_fraction(difference):
            numerator, _ = difference.as_numer_denom()
            if sp.expand(numerator, power_base=False, power_exp=False, log=False, basic=False) == 0:
                return True
        return sp.cancel(difference) == 0
    except (TypeError, ValueError, NotImplementedError, sp.PolynomialError):
        return False


def _congruent_by_cancel(lhs: sp.Basic, rhs: sp.Basic) -> bool:
    """The same functions applied to arguments whose difference cancels to zero (both sides as written,
    every node shown defined by the caller, so no argument's denominator vanishes on the domain)."""
    if lhs == rhs:
        return True
    if lhs.func == rhs.func and len(lhs.args) == len(rhs.args) and lhs.args and isinstance(lhs, sp.Function) \
            and all(_congruent_by_cancel(a, b) for a, b in zip(lhs.args, rhs.args)):
        return True
    if isinstance(lhs, sp.Function) and lhs.func == rhs.func:
        return False  # the arguments differ: a cancellation of f(a) - f(b) as a whole proves nothing more
    if sp.count_ops(lhs) + sp.count_ops(rhs) > SIMPLIFY_LIMIT:
        return False
    return _cancels(lhs - rhs)


def _zero_by_rewriting(difference: sp.Expr) -> str | None:
    """SymPy's simplifiers: valid wherever the difference is defined (checked by the caller)."""
    if sp.count_ops(difference) > SIMPLIFY_LIMIT:
        return None
    for method, transform in (
        ("simplify", sp.simplify),
        ("simplify after log expansion", lambda e: sp.simplify(sp.expand_log(e, force=False))),
        ("simplify after evaluating sums", lambda e: sp.simplify(e.doit())),
        ("simplify after rewriting in exponentials", lambda e: sp.simplify(e.rewrite(sp.exp))),
    ):
        try:
            if transform(difference) == 0:
                return method
        except (TypeError, ValueError, NotImplementedError, RecursionError):
            continue
    return None


def _anchors(domain: sp.Interval) -> list[sp.Expr]:
    low, high = domain.inf, domain.sup
    if low.is_finite and high.is_finite:
        return [(low + high) / 2, low + (high - low) / 4]
    if low.is_finite:
        return [low + 1, low + 2]
    if high.is_finite:
        return [high - 1, high - 2]
    return [sp.Integer(0), sp.Integer(1)]


def _zero_by_derivative(difference: sp.Expr, variable: sp.Symbol, domain: sp.Set, name: str,
                        context: definedness.Context, cheap: bool = False) -> str | None:
    """d' = 0 on an interval where d is defined (so differentiable), and d = 0 at one point of it.

    `cheap` tries only cancellation on the derivative (before the simplifiers are run on anything).
    """
    if not isinstance(domain, sp.Interval) or difference.free_symbols != {variable} or difference.has(sp.Abs):
        return None
    try:
        derivative = sp.diff(difference, variable)
        if not definedness.defined(derivative, context):
            return None
        if not (derivative == 0 or _cancels(derivative)) and (cheap or sp.simplify(derivative) != 0):
            return None
    except (TypeError, ValueError, NotImplementedError, RecursionError):
        return None
    for anchor in _anchors(domain):
        value = difference.xreplace({variable: anchor})
        if definedness.defined(value) and sp.simplify(value) == 0:
            return f"zero derivative on the interval {domain_text(name, domain)}, and zero at {name} = {anchor}"
    return None


def _conditional_nodes(expr: sp.Expr) -> set:
    """The nodes definedness asks something of: function applications and powers (not sums or products)."""
    return {node for node in sp.preorder_traversal(expr) if isinstance(node, (sp.Function, sp.Pow))
            and not (isinstance(node, sp.Pow) and node.exp.is_Integer and node.exp >= 0)}


def _conditions_kept(written: sp.Expr, evaluated: sp.Expr, normal_form) -> bool:
    """Every node of the written form that definedness asks about is also a node of the evaluated form, which
    is checked itself (unless it is a polynomial, which asks nothing): the written check would add nothing."""
    if normal_form is not None:  # the evaluated side is a polynomial and will not be walked
        return not _conditional_nodes(written)
    return _conditional_nodes(written) <= _conditional_nodes(evaluated)


def symbolic_zero(lhs: sp.Expr, rhs: sp.Expr, variables: tuple[Assumption, ...],
                  conditions: tuple[Assumption, ...] = (),
                  flags: dict[sp.Symbol, sp.Dummy] | None = None,
                  written: tuple[sp.Expr, sp.Expr] | None = None) -> Reduction:
    """Reduce lhs - rhs to zero, or say why not.

    `written` are the two sides unfolded as written (no automatic evaluation); both sides, as written and
    as evaluated, must be shown defined on the whole domain before any rule applies: SymPy turns
    exp(log(eta)) into eta as it builds it, and that identity needs eta > 0.
    """
    flags = flagged_symbols(variables) if flags is None else flags
    context = definedness.context_for(flags, [(c.subject, c.domain) for c in conditions],
                                      [(a.subject, a.domain) for a in variables if isinstance(a.subject, sp.Symbol)])
    left, right = polynomial(lhs), polynomial(rhs)
    # polynomials in real variables are defined everywhere; anything else is checked, and so is a form as
    # written that automatic evaluation changed
    forms = [] if left is not None and right is not None else [("", lhs, "left"), ("", rhs, "right")]
    if written is not None:
        forms = [(" as written", w, side) for w, e, side in zip(written, (lhs, rhs), ("left", "right"))
                 if w is not e and w != e and not _conditions_kept(w, e, left if side == "left" else right)] + forms
    names = {v: k for k, v in flags.items()}
    checked = []
    for how, form, side in forms:
        flagged = substituted(form, flags)
        if any(flagged == earlier for earlier in checked):
            continue
        checked.append(flagged)
        reason = definedness.undefined_reason(flagged, context)
        if reason:
            return Reduction(None, f"the {side} side{how} is not shown to be defined on the whole domain: "
                                   f"{_unflag(reason, names)}")
    if lhs == rhs:
        return Reduction("identical after unfolding definitions")
    if left is not None and right is not None:
        if left == right:
            return Reduction("polynomial identity (expanded normal forms agree)")
        if not (has_sum_atoms(left) or has_sum_atoms(right)):  # sums with symbolic bounds: other rules may apply
            return Reduction(None, "the two polynomials differ")
    if _congruent(lhs, rhs):
        return Reduction("the same function of arguments that agree as polynomials")
    if (lhs.has(sp.Sum) or rhs.has(sp.Sum)) and sp.expand(_split_sums(lhs) - _split_sums(rhs)) == 0:
        return Reduction("linearity of sums (both sides agree term by term)")
    written = substituted(lhs, flags), substituted(rhs, flags)
    flagged_lhs, flagged_rhs = lhs.xreplace(flags), rhs.xreplace(flags)
    difference = flagged_lhs - flagged_rhs
    if difference == 0:
        return Reduction("SymPy's evaluation with the symbols' domain assumptions")
    if sp.expand_log(difference, force=False) == 0:
        return Reduction("log expansion under the domain assumptions")
    if _congruent_by_cancel(*written):
        return Reduction("the same functions of arguments whose difference cancels (rational simplification)")
    if _cancels(difference):
        return Reduction("rational simplification (cancel)")
    derivative = _derivative_rule(difference, variables, flags, context, written)
    method = (derivative and derivative(cheap=True)) or _zero_by_rewriting(difference) or (
        derivative and derivative(cheap=False))
    if method:
        return Reduction(method)
    return Reduction(None, "SymPy could not reduce lhs - rhs to zero")


def _derivative_rule(difference: sp.Expr, variables: tuple[Assumption, ...], flags: dict,
                     context: definedness.Context, written: tuple[sp.Expr, ...]):
    """The zero-derivative rule for this difference when it has one variable on an interval, else None.

    The mean value theorem runs over the variable's whole interval (the anchor lies anywhere in it), so the
    sides must be defined there, not only where the stated conditions hold.
    """
    free = difference.free_symbols
    if len(free) != 1 or context.interval is None:
        return None
    context = definedness.Context(interval=context.interval)
    if not all(definedness.defined(e, context) for e in written):
        return None
    (dummy,) = free
    original = {v: k for k, v in flags.items()}.get(dummy)
    domain = next((a.domain for a in variables if a.subject == original), None)
    if domain is None:
        return None
    return lambda cheap: _zero_by_derivative(difference, dummy, domain, original.name, context, cheap)


def _unflag(text: str, names: dict) -> str:
    for dummy, symbol in names.items():
        text = text.replace(f"_{dummy.name}", symbol.name)
    return text
