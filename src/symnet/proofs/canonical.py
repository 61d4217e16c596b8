"""Canonical or not, proven either way: g'(mu) V(mu) constant (its derivative vanishes), or two means
where it takes different values (an exact, checked difference)."""

from __future__ import annotations

import itertools

import sympy as sp

from symnet.catalog.symbols import MU
from symnet.catalog.notation import tex
from symnet.proofs.checker import check
from symnet.proofs.convexity import PARAMETER_VALUES, _grid
from symnet.proofs.glm import Pair, canonical_theorem, unfolded
from symnet.proofs.model import Chain, Derivation, Proof, Step


def _product(p: Pair) -> sp.Expr:
    return sp.Derivative(p.link.link_head(MU), MU) * p.family.variance


def noncanonical_theorem(p: Pair) -> Derivation | None:
    """g'(mu) V(mu) at two means differs by a non-zero exact number, or None if no such pair was found."""
    product = unfolded(p, _product(p))
    parameters = {a.subject: sp.Rational(PARAMETER_VALUES[a.subject.name]) for a in p.variables[2:]
                  if a.subject in product.free_symbols}
    values = product.xreplace(parameters)
    for first, second in itertools.combinations(_grid(p.mu_domain), 2):
        difference = sp.simplify(values.xreplace({MU: first}) - values.xreplace({MU: second}))
        if difference.is_number and difference.is_zero is False:
            symbols = (MU,) + tuple(parameters)
            lhs = (sp.Subs(_product(p), symbols, (first,) + tuple(parameters.values()))
                   - sp.Subs(_product(p), symbols, (second,) + tuple(parameters.values())))
            where = ", ".join(f"{tex(s)} = {tex(v)}" for s, v in parameters.items())
            return Derivation(
                title=(f"The {p.link.title.lower()} link is not canonical for the {p.family.noun} family"
                       + (f" at ${where}$ (other parameter values are not covered)" if where else "")),
                statement=(rf"$g'(\mu) V(\mu)$ takes different values at $\mu = {tex(first)}$ and "
                           rf"$\mu = {tex(second)}$" + (f" (with ${where}$)" if where else "")
                           + r": it is not constant, so $\theta$ is not an affine function of $\eta$."),
                chains=(Chain((Step(lhs, difference, "evaluate exactly at both means"),)),),
                variables=p.variables, definitions=p.definitions,
                meta=(("kind", "canonical"), ("family", p.family.name), ("link", p.link.name)) + p.tie_meta)
    return None


def decide_canonical(p: Pair) -> tuple[bool | None, Proof]:
    """(True, proof) when canonical, (False, proof) when not, (None, the unproven attempt) otherwise."""
    claim = check(canonical_theorem(p))
    if claim.proven:
        return True, claim
    derivation = noncanonical_theorem(p)
    if derivation is not None:
        proof = check(derivation)
        if proof.proven:
            return False, proof
    return None, claim
