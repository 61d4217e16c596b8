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
from symnet.proofs.shown import as_shown
from symnet.proofs.written import rebuilt


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
    reason = "the log-likelihood written in the exponential-family form"
    if isinstance(family.y_domain, sp.FiniteSet):  # a finite support: one claim per value of y
        chains = tuple(Chain((Step(LOGLIK(value, MU), form.xreplace({Y: value}), reason),), group="y",
                             label=f"y = {value}") for value in family.y_domain)
    else:
        chains = (Chain((Step(LOGLIK(Y, MU), form, reason),)),)
    if family.kernel_only:
        title = f"The {family.noun} log-likelihood kernel has the exponential-family form"
        statement = (rf"$\ell(y, \mu) = y\,\theta(\mu) - b(\theta(\mu))$ with $\theta(\mu) = {tex(family.theta)}$ and "
                     rf"$b(\theta) = {tex(family.cumulant)}$: the part of the {family.noun} log-likelihood that "
                     r"involves $\mu$, at $\phi = 1$ (the log-density adds $c(y, \phi)$, which does not involve $\mu$).")
    else:
        title = f"The {family.noun} family is an exponential family"
        statement = (rf"$\ell(y, \mu) = (y\,\theta(\mu) - b(\theta(\mu)))/a(\phi) + c(y, \phi)$ with "
                     rf"$\theta(\mu) = {tex(family.theta)}$, $b(\theta) = {tex(family.cumulant)}$, "
                     rf"$a(\phi) = {tex(family.dispersion)}$, $c(y, \phi) = {tex(family.base)}$.")
    return Derivation(
        title=title,
        statement=statement,
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
    tidy = _tidy(second)
    second_steps = (Step(sp.Derivative(CUMULANT(THETA), (THETA, 2)), second, "differentiate $b$ twice"),)
    if tidy != second:
        second_steps += (Step(second, tidy, "simplify"),)
    first_steps = (Step(sp.Derivative(CUMULANT(THETA), THETA), first, "differentiate $b$"),)
    if _tidy(first) != first:
        first_steps += (Step(first, _tidy(first), "simplify"),)
    chains = (Chain(first_steps, label="b'"), Chain(second_steps, label="b''"))
    return Derivation(
        title=f"The derivatives of the {family.noun} cumulant function",
        statement=r"The first two derivatives of the cumulant function $b$ on the range of $\theta$.",
        chains=chains,
        variables=(Assumption(THETA, family.theta_domain, "the natural parameter"),) + family_variables(family),
        definitions=_definitions(family),
        meta=(("kind", "cumulant-derivatives"), ("family", family.name)),
    )


def _at_theta_of_mu(expr: sp.Expr, theta: sp.Expr) -> sp.Expr:
    """`expr` at theta = theta(mu) as a textbook writes it: each function of theta evaluated on its own
    (e^theta = mu/(1 - mu)), the expression around them kept as written."""
    if expr == THETA:
        return theta
    if not expr.has(THETA) or not expr.args:
        return expr
    if isinstance(expr, sp.Function) or (isinstance(expr, sp.Mul) and THETA in expr.args):
        return expr.xreplace({THETA: theta})  # e^theta, and c theta (-theta = 1/(2 mu^2), not -(-1/(2 mu^2)))
    return rebuilt(expr, tuple(_at_theta_of_mu(a, theta) for a in expr.args))


def _functions(expr: sp.Expr) -> set:
    return {type(node) for node in sp.preorder_traversal(expr) if isinstance(node, sp.Function)}


def _powers_combined(expr: sp.Expr) -> sp.Expr:
    """Powers of one base combined, u^a / u = u^(a - 1), treating each base of a fractional power as positive
    (a display form only: the step to it is checked like any other, on the real domain)."""
    bases = {node.base for node in sp.preorder_traversal(expr) if isinstance(node, sp.Pow) and not node.exp.is_Integer}
    if not bases:
        return expr
    positives = {base: sp.Dummy("u", positive=True) for base in bases}
    combined = expr.xreplace(positives)
    for base, dummy in positives.items():
        combined = combined.subs(base, dummy)
    combined = sp.simplify(sp.powsimp(sp.simplify(combined)))
    back = combined.xreplace({dummy: base for base, dummy in positives.items()})
    numerator, denominator = sp.fraction(back)
    return sp.powsimp(sp.expand(numerator) / denominator)


def _tidy(expr: sp.Expr) -> sp.Expr:
    """The shortest of `expr` and its simplified and factored forms that uses no function `expr` does not
    (simplify may write e^theta/(1 - e^theta)^2 with sinh)."""
    known = _functions(expr)
    candidates = [c for c in (sp.factor(sp.simplify(expr)), sp.simplify(expr), sp.factor(expr), _powers_combined(expr))
                  if _functions(c) <= known]
    tidy = min(candidates, key=sp.count_ops, default=expr)
    return tidy if sp.count_ops(tidy) < sp.count_ops(expr) else expr


def mean_variance_theorem(family: Family) -> Derivation:
    """b'(theta(mu)) = mu and b''(theta(mu)) = V(mu)."""
    first = sp.diff(family.cumulant, THETA)
    second = _tidy(sp.diff(first, THETA))
    chains = []
    for derivative, value, what, label in ((first, MU, "the mean", "mean"),
                                           (second, family.variance, "the variance function", "variance")):
        order = 1 if label == "mean" else 2
        at = sp.Subs(sp.Derivative(CUMULANT(THETA), (THETA, order)), THETA, NATURAL(MU))
        if not derivative.has(THETA):  # b'' constant (Gaussian): nothing to substitute
            steps = [Step(at, derivative, f"differentiate $b$; the derivative is constant: {what}")]
        else:
            written = _at_theta_of_mu(derivative, family.theta)
            steps = [Step(at, derivative.xreplace({THETA: NATURAL(MU)}),
                          r"differentiate $b$ (above) and put $\theta = \theta(\mu)$"),
                     Step(derivative.xreplace({THETA: NATURAL(MU)}), written, r"substitute $\theta(\mu)$")]
        if steps[-1].rhs != value:
            steps.append(Step(steps[-1].rhs, value, f"simplify: {what}"))
        chains.append(Chain(tuple(steps), label=label))
    return Derivation(
        title=f"The {family.noun} mean and variance function come from $b$",
        statement=(rf"At $\theta = \theta(\mu)$, $b'(\theta) = \mu$ and $b''(\theta) = V(\mu) = "
                   rf"{tex(family.variance)}$: $\mathrm{{E}}[y] = \mu$ and "
                   rf"$\operatorname{{Var}}(y) = a(\phi)\,V(\mu)$."),
        chains=tuple(chains),
        variables=(Assumption(MU, family.mean_space, "the mean"),) + family_variables(family),
        definitions=_definitions(family),
        meta=(("kind", "mean-variance"), ("family", family.name)),
    )


@as_shown  # theta(mu) = log(mu) = g(mu): the step to the link's name prints nothing new
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
                   r"so the log-likelihood is linear in $\eta$ apart from $b$ and $c$: the link is canonical"
                   + ("." if (scale, shift) == (1, 0) else
                      " up to this affine map (the same fitted values and IRLS, with rescaled coefficients).")),
        chains=(Chain((Step(NATURAL(MU), family.theta, r"the natural parameter $\theta(\mu)$"),
                       Step(family.theta, rhs, "the link $g(\\mu)$" + (" times a constant" if scale != 1 else "")
                            + (" plus a constant" if shift != 0 else ""))),),),
        variables=(Assumption(MU, sp.Intersection(family.mean_space, link.mu_domain), "the mean"),)
        + tuple(a for a in parameter_variables(link) if a.subject not in tie
                and a.subject not in family.domains) + family_variables(family),
        definitions=definitions,
        meta=(("kind", "canonical-parameter"), ("family", family.name), ("link", link.name),
              ("relation", scale * eta + shift))
        + ((("ties", tuple(family.link_substitution)),) if family.link_substitution else ()),
    )
