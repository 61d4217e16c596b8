"""The exponential-family identities of each family, proven from its record.

l(y, mu) = (y theta(mu) - b(theta(mu))) / a(phi) + c(y, phi); mean b'(theta) = mu; V(mu) = b''(theta).
"""

from __future__ import annotations

import sympy as sp

from symnet.catalog.families import CUMULANT, NATURAL, THETA, Family
from symnet.catalog.heads import LOGLIK
from symnet.catalog.symbols import MU, Y
from symnet.catalog.notation import tex
from symnet.proofs.model import Assumption, Chain, Definition, Derivation, Step


def family_variables(family: Family) -> tuple[Assumption, ...]:
    """The family's parameters (sigma, nu, phi, alpha, p) with their domains."""
    return tuple(Assumption(symbol, domain, "family parameter") for symbol, domain in family.parameters)


def y_assumption(family: Family) -> Assumption:
    """y ranges over the whole support of the family (never a sampling bound)."""
    return Assumption(Y, family.y_domain, "the response, anywhere in its support")


def loglik_definition(family: Family) -> Definition:
    return Definition(LOGLIK, lambda y, mu: family.loglik.xreplace({Y: y, MU: mu}),
                      f"the {family.noun} log-likelihood of one observation")


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
        title=f"The {family.noun} family is an exponential family",
        statement=(rf"$\ell(y, \mu) = (y\,\theta(\mu) - b(\theta(\mu)))/a(\phi) + c(y, \phi)$ with "
                   rf"$\theta(\mu) = {tex(family.theta)}$, $b(\theta) = {tex(family.cumulant)}$, "
                   rf"$a(\phi) = {tex(family.dispersion)}$, $c(y, \phi) = {tex(family.base)}$."),
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
        title=f"The {family.noun} mean and variance function come from b",
        statement=(rf"$b'(\theta) = \mu$ and $b''(\theta) = V(\mu) = {tex(family.variance)}$ at "
                   rf"$\theta = \theta(\mu)$, so $\mathrm{{E}}[y] = \mu$ and $\operatorname{{Var}}(y) = a(\phi)\,V(\mu)$."),
        chains=chains,
        variables=(Assumption(THETA, family.theta_domain, "the natural parameter"),
                   Assumption(MU, family.mean_space, "the mean")) + family_variables(family),
        definitions=_definitions(family),
        meta=(("kind", "moments"), ("family", family.name)),
    )


# ---------------------------------------------------------------- the documents' exponential-family section
# The same identities as `moments_theorem`, as two results with one variable each (theta, then mu), as a
# textbook states them: b' and b'' as functions of theta; then the mean and variance at theta = theta(mu).

def cumulant_derivatives_theorem(family: Family) -> Derivation:
    """b'(theta) and b''(theta), computed from the catalog's b."""
    first = sp.diff(family.cumulant, THETA)
    second = sp.diff(first, THETA)
    tidy = min((sp.factor(sp.simplify(second)), sp.simplify(second)), key=sp.count_ops)
    second_steps = (Step(sp.Derivative(CUMULANT(THETA), (THETA, 2)), second, "differentiate $b$ twice"),)
    if tidy != second and sp.count_ops(tidy) < sp.count_ops(second):
        second_steps += (Step(second, tidy, "simplify"),)
    chains = (Chain((Step(sp.Derivative(CUMULANT(THETA), THETA), first, "differentiate $b$"),), label="b'"),
              Chain(second_steps, label="b''"))
    return Derivation(
        title=f"The derivatives of the {family.noun} cumulant function",
        statement=r"The first two derivatives of the cumulant function $b$ on the range of $\theta$.",
        chains=chains,
        variables=(Assumption(THETA, family.theta_domain, "the natural parameter"),) + family_variables(family),
        definitions=_definitions(family),
        meta=(("kind", "cumulant-derivatives"), ("family", family.name)),
    )


def mean_variance_theorem(family: Family) -> Derivation:
    """b'(theta(mu)) = mu and b''(theta(mu)) = V(mu)."""
    first = sp.diff(family.cumulant, THETA)
    second = sp.diff(first, THETA)
    at_mu = {THETA: NATURAL(MU)}
    chains = (
        Chain((Step(first.xreplace(at_mu), first.xreplace({THETA: family.theta}), r"substitute $\theta(\mu)$"),
               Step(first.xreplace({THETA: family.theta}), MU, "simplify: the mean")), label="mean"),
        Chain((Step(second.xreplace(at_mu), second.xreplace({THETA: family.theta}), r"substitute $\theta(\mu)$"),
               Step(second.xreplace({THETA: family.theta}), family.variance, "simplify: the variance function")),
              label="variance"),
    )
    return Derivation(
        title=f"The {family.noun} mean and variance function come from $b$",
        statement=(rf"At $\theta = \theta(\mu)$, $b'(\theta) = \mu$ and $b''(\theta) = V(\mu) = "
                   rf"{tex(family.variance)}$: $\mathrm{{E}}[y] = \mu$ and "
                   rf"$\operatorname{{Var}}(y) = a(\phi)\,V(\mu)$."),
        chains=chains,
        variables=(Assumption(MU, family.mean_space, "the mean"),) + family_variables(family),
        definitions=_definitions(family),
        meta=(("kind", "mean-variance"), ("family", family.name)),
    )


def canonical_parameter_theorem(family: Family, link) -> Derivation | None:
    """theta(mu) = c g(mu) + d for the family's canonical link (None when theta is not affine in g)."""
    from symnet.proofs.forward import link_definitions, parameter_variables

    g = link.link.xreplace(dict(family.link_substitution))
    scale = sp.simplify(sp.diff(family.theta, MU) / sp.diff(g, MU))
    if scale.has(MU) or scale == 0:
        return None
    shift = sp.simplify(family.theta - scale * g)
    if shift.has(MU):
        return None
    head = link.link_head(MU)
    rhs = scale * head + shift
    tie = dict(family.link_substitution)
    definitions = _definitions(family) + tuple(
        Definition(d.head, (lambda f: (lambda *a: f(*a).xreplace(tie)))(d.unfold), d.text)
        for d in link_definitions(link))
    eta = sp.Symbol("eta")
    relation = tex(scale * eta + shift)
    name = family.noun
    return Derivation(
        title=f"The canonical link of the {name} family",
        statement=(rf"The natural parameter is {'the' if (scale, shift) == (1, 0) else 'an affine function of the'} "
                   rf"{link.title.lower().removesuffix(' link')} link: with $\eta = g(\mu)$, $\theta = {relation}$, "
                   r"so the log-likelihood is linear in $\eta$ apart from $b$ and $c$: the link is canonical."),
        chains=(Chain((Step(NATURAL(MU), family.theta, r"the natural parameter $\theta(\mu)$"),
                       Step(family.theta, rhs, "the link $g(\\mu)$" + (" times a constant" if scale != 1 else "")
                            + (" plus a constant" if shift != 0 else ""))),),),
        variables=(Assumption(MU, sp.Intersection(family.mean_space, link.mu_domain), "the mean"),)
        + tuple(a for a in parameter_variables(link) if a.subject not in tie
                and a.subject not in family.domains) + family_variables(family),
        definitions=definitions,
        meta=(("kind", "canonical-parameter"), ("family", family.name), ("link", link.name)),
    )
