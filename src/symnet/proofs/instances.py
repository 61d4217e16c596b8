"""The instance rule: a step that is a lemma's claim with its variables substituted.

Sound when the lemma is proven, the step is structurally the lemma's claim after substitution, and
every substituted value is shown to lie in the lemma variable's domain (a real polynomial for a real
variable, a variable whose stated domain is inside, or a stated condition).
"""

from __future__ import annotations

import functools
from collections import Counter

import sympy as sp

from symnet.proofs.written import substituted
from symnet.proofs.model import Derivation, Status, Step
from symnet.proofs.unfold import Unfolder


@functools.lru_cache(maxsize=65536)
def _is_real_polynomial(expr: sp.Basic) -> bool:
    """Structurally a polynomial (sums allowed) in real-flagged symbols, hence real-valued."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if node.is_Rational or (isinstance(node, (sp.Symbol, sp.Indexed)) and node.is_real):
            continue
        if isinstance(node, (sp.Add, sp.Mul)):
            stack.extend(node.args)
        elif isinstance(node, sp.Pow) and node.exp.is_Integer and node.exp >= 0:
            stack.append(node.base)
        elif isinstance(node, sp.Sum):
            stack.append(node.function)
        else:
            return False
    return True


def instance_error(step: Step, derivation: Derivation, names: Unfolder) -> str | None:
    """Why `step` is not a sound instance of its lemma, or None if it is."""
    lemma = step.lemma
    assert lemma is not None
    if lemma.status is not Status.PROVEN:
        return f"cites a lemma that is {lemma.status.value}"
    if lemma.derivation.conditions:  # the instance would have to meet them too: not a rule the kernel has
        return "cites a lemma proven under conditions"
    left, right = lemma.derivation.claims[step.lemma_claim]
    substitution = dict(step.substitution)
    lhs, rhs = names(step.lhs), names(step.rhs)
    if not (same_expression(lhs, names(instantiate(left, substitution)))
            and same_expression(rhs, names(instantiate(right, substitution)))):
        return "is not an instance of the cited lemma"
    lemma_domains = {a.subject: a.domain for a in lemma.derivation.variables}
    own_domains = {a.subject: a.domain for a in derivation.variables}
    conditions = {(a.subject, a.domain) for a in derivation.conditions}
    for variable in lemma_domains:  # a variable left as it is must mean the same here: a variable of this proof
        if variable not in substitution:
            if variable in names.values:
                return f"leaves the lemma's variable {variable} to a name this proof defines"
            substitution[variable] = variable
    for variable, value in substitution.items():
        domain = lemma_domains.get(variable)
        if domain is None:
            return f"substitutes {variable}, which is not a variable of the lemma"
        if value is variable and value not in own_domains:
            return f"leaves the lemma's variable {variable} free, but it is not a variable of this proof"
        if isinstance(variable, sp.IndexedBase) != isinstance(value, (sp.IndexedBase, sp.Lambda)):
            return f"substitutes {value} for {variable}: a vector needs a vector"
        if domain == sp.S.Reals and _is_real_polynomial(_entry(value, names)):
            continue
        if isinstance(value, (sp.Symbol, sp.IndexedBase)) and value in own_domains \
                and own_domains[value].is_subset(domain):
            continue
        if value.is_Integer and isinstance(domain, sp.Range) and domain.contains(value) is sp.true:
            continue
        if any(subject == value and stated.is_subset(domain) for subject, stated in conditions):
            continue
        return f"cannot show that {value} lies in {domain}"
    return None


_ENTRY = sp.Symbol("entry_index", integer=True)  # an arbitrary index of a substituted vector


def _entry(value: sp.Basic, names: Unfolder) -> sp.Basic:
    """What a substituted value stands for at every point: a vector's arbitrary entry, with defined names
    unfolded (a defined vector is real when its defining formula is, whatever its flags say)."""
    if isinstance(value, sp.Lambda):
        return names(value.expr)
    if isinstance(value, sp.IndexedBase):
        return names(value[_ENTRY])
    return names(value)


def same_expression(a: sp.Basic, b: sp.Basic) -> bool:
    """Structural equality up to the order of the arguments of sums and products."""
    if a == b:
        return True
    if type(a) is not type(b) or len(a.args) != len(b.args) or not a.args:
        return False
    if isinstance(a, (sp.Add, sp.Mul)):
        if Counter(a.args) == Counter(b.args):
            return True
        if len(a.args) > 20:
            return False
        remaining = list(b.args)
        for arg in a.args:
            match = next((r for r in remaining if same_expression(arg, r)), None)
            if match is None:
                return False
            remaining.remove(match)
        return True
    return all(same_expression(x, y) for x, y in zip(a.args, b.args))


def instantiate(expr: sp.Expr, substitution: dict) -> sp.Expr:
    """Substitute lemma variables: symbols by expressions, an IndexedBase by another (renaming the vector,
    also where it is an argument) or by a Lambda of its index."""
    plain = {k: v for k, v in substitution.items() if not isinstance(k, sp.IndexedBase)
             or isinstance(v, sp.IndexedBase)}
    result = substituted(expr, plain) if plain else expr  # as written: the instance keeps the lemma's shape
    for base, function in substitution.items():
        if isinstance(base, sp.IndexedBase) and not isinstance(function, sp.IndexedBase):
            result = result.replace(lambda e, b=base: isinstance(e, sp.Indexed) and e.base == b,
                                    lambda e, f=function: f(*e.indices))
    return result
