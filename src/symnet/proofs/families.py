"""The exponential-family identities of each family, proven from its record.

l(y, mu) = (y theta(mu) - b(theta(mu))) / a(phi) + c(y, phi); mean b'(theta) = mu; V(mu) = b''(theta).
"""

from __future__ import annotations

import sympy as sp

from symnet.catalog.families import CUMULANT, NATURAL, THETA, Family
from symnet.catalog.heads import LOGLIK
from symnet.catalog.symbols import MU, Y
from symnet.proofs.model import Assumption, Chain, Definition, Derivation, Step


def family_variables(family: Family) -> tuple[Assumption, ...]:
    """The family's parameters (sigma, nu, phi, alpha, p) with their domains."""
    return tuple(Assumption(symbol, domain, "family parameter") for symbol, domain in family.parameters)


def y_assumption(family: Family) -> Assumption:
    """y ranges over the whole support of the family (never a sampling bound)."""
    return Assumption(Y, family.y_domain, "the response, anywhere in its support")


def loglik_definition(family: Family) -> Definition:
    return Definition(LOGLIK, lambda y, mu: family.loglik.xreplace({Y: y, MU: mu}),
                      f"the {family.title} log-likelihood of one observation")


def _definitions(family: Family) -> tuple[Definition, ...]:
    return (loglik_definition(family),
            Definition(CUMULANT, lambda t: family.cumulant.xreplace({THETA: t}), "the cumulant function b"),
            Definition(NATURAL, lambda m: family.theta.xreplace({MU: m}), "the natural parameter theta(mu)"))


def exponential_form_theorem(family: Family) -> Derivation:
    """l(y, mu) = (y theta(mu) - b(theta(mu))) / a(phi) + c(y, phi) on the whole support."""
    theta = NATURAL(MU)
    form = (Y * theta - CUMULANT(theta)) / family.dispersion + family.base
    reason = "the exponential-family form of the catalog's log-likelihood"
    if isinstance(family.y_domain, sp.FiniteSet):  # a finite support: one claim per value of y
        chains = tuple(Chain((Step(LOGLIK(value, MU), form.xreplace({Y: value}), reason),), group="y",
                             label=f"y = {value}") for value in family.y_domain)
    else:
        chains = (Chain((Step(LOGLIK(Y, MU), form, reason),)),)
    return Derivation(
        title=f"The {family.title} family is an exponential family",
        statement=(rf"$\ell(y, \mu) = (y\,\theta(\mu) - b(\theta(\mu)))/a(\phi) + c(y, \phi)$ with "
                   rf"$\theta(\mu) = {sp.latex(family.theta)}$, $b(\theta) = {sp.latex(family.cumulant)}$, "
                   rf"$a(\phi) = {sp.latex(family.dispersion)}$, $c(y, \phi) = {sp.latex(family.base)}$."),
        chains=chains,
        variables=(y_assumption(family), Assumption(MU, family.mean_space, "the mean")) + family_variables(family),
        definitions=_definitions(family),
        meta=(("kind", "exponential-form"), ("family", family.name)),
    )


def moments_theorem(family: Family) -> Derivation:
    """b'(theta(mu)) = mu and b''(theta(mu)) = V(mu): mean and variance function from b alone."""
    first = sp.diff(family.cumulant, THETA)
    second = sp.diff(first, THETA)
    at_mu = {THETA: family.theta}
    chains = (
        Chain((Step(sp.Derivative(CUMULANT(THETA), THETA), first, "differentiate b"),), group="derivatives",
              label="b'"),
        Chain((Step(sp.Derivative(CUMULANT(THETA), (THETA, 2)), second, "differentiate b twice"),),
              group="derivatives", label="b''"),
        Chain((Step(first.xreplace(at_mu), MU, r"at $\theta = \theta(\mu)$: the mean"),), group="mean"),
        Chain((Step(second.xreplace(at_mu), family.variance, r"at $\theta = \theta(\mu)$: the variance function"),),
              group="variance"),
    )
    return Derivation(
        title=f"The {family.title} mean and variance function come from b",
        statement=(rf"$b'(\theta) = \mu$ and $b''(\theta) = V(\mu) = {sp.latex(family.variance)}$ at "
                   rf"$\theta = \theta(\mu)$, so $E[y] = \mu$ and $\operatorname{{Var}}(y) = a(\phi)\,V(\mu)$."),
        chains=chains,
        variables=(Assumption(THETA, family.theta_domain, "the natural parameter"),
                   Assumption(MU, family.mean_space, "the mean")) + family_variables(family),
        definitions=_definitions(family),
        meta=(("kind", "moments"), ("family", family.name)),
    )
