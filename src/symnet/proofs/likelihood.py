"""The statistical technicalities: loss = negative log-likelihood, the score, and Newton = IRLS.

For a link paired with a family (its canonical one where it has one):
  * the network's loss equals a multiple of -l(y, mu) plus a term free of mu;
  * the score d(-l)/d eta = (mu - y) h'(eta) / (phi V(mu)), so the gradient is X^T(...);
  * for a canonical link g'(mu) V(mu) = c, the score is (mu - y)/(phi c), and the second derivative
    is free of y: observed information = expected information, so Newton's method is IRLS.
"""

from __future__ import annotations

import sympy as sp

from symnet.catalog.families import Family, family_by_name
from symnet.catalog.links import Link, VectorLink
from symnet.catalog.symbols import ETA, MU, Y
from symnet.proofs.forward import link_definitions, parameter_variables
from symnet.proofs.softmax import softmax_definition
from symnet.proofs.model import Assumption, Chain, Definition, Derivation, Step
from symnet.catalog.heads import LOGLIK, NN_LOSS, SOFTMAX


def _tidy(expr: sp.Expr) -> sp.Expr:
    """A shorter form for display (the checker verifies every step whatever its form)."""
    simpler = sp.simplify(expr)
    return simpler if sp.count_ops(simpler) < sp.count_ops(expr) else expr


def _family_variables(family: Family) -> tuple[Assumption, ...]:
    return tuple(Assumption(symbol, domain, "family parameter") for symbol, domain in family.parameters)


def _y_assumption(family: Family) -> Assumption:
    domain = sp.Range(0, 4) if family.y_integer and family.name != "bernoulli" else family.y_domain
    return Assumption(Y, domain, "the response")


def _specialised(link: Link, family: Family) -> Link:
    """The link with its parameter tied to the family's (Tweedie power: lambda = 1 - p)."""
    if not family.link_substitution:
        return link
    tie = dict(family.link_substitution)
    return Link(**{**link.__dict__, "link": link.link.xreplace(tie), "inverse": link.inverse.xreplace(tie),
                   "parameters": tuple(p for p in link.parameters if p.symbol not in tie)})


def loglik_definition(family: Family) -> Definition:
    return Definition(LOGLIK, lambda y, mu: family.loglik.xreplace({Y: y, MU: mu}),
                      f"the {family.title} log-likelihood of one observation")


def loss_theorem(link: Link, family: Family) -> Derivation | None:
    """NN loss(y, mu) = scale * (-l(y, mu)) + C(y): the same minimiser in the weights."""
    if family.nn_loss is None:
        return None
    constant = sp.simplify(sp.expand_log(family.nn_loss - family.loss_scale * (-family.loglik), force=True))
    if MU in constant.free_symbols:
        return None
    target = family.loss_scale * (-LOGLIK(Y, MU)) + constant
    chain = Chain((
        Step(NN_LOSS(Y, MU), family.nn_loss, f"the network's loss: {family.nn_loss_name}"),
        Step(family.nn_loss, target, "the log-likelihood, rearranged; the last term does not depend on $\\mu$"),
    ))
    scale = sp.latex(family.loss_scale)
    return Derivation(
        title=f"{family.title}: the loss is the negative log-likelihood",
        statement=(f"The network's loss is ${scale}$ times the negative {family.title} log-likelihood plus a term "
                   r"free of $\mu$, so both have the same minimiser in the weights."),
        chains=(chain,),
        variables=(_y_assumption(family), Assumption(MU, link.mu_domain, "the mean")) + _family_variables(family),
        definitions=(loglik_definition(family), Definition(NN_LOSS, lambda y, mu: family.nn_loss.xreplace({Y: y, MU: mu}),
                                                          "the network's loss")),
        meta=(("kind", "loss"), ("link", link.name), ("family", family.name)),
    )


def canonical_theorem(link: Link, family: Family) -> Derivation:
    """g'(mu) V(mu) = c: the link is canonical for the family (theta is an affine function of eta)."""
    link = _specialised(link, family)
    g = link.link_head
    derivative = sp.diff(link.link, MU)
    product = sp.simplify(derivative * family.variance)
    chain = Chain((
        Step(sp.Derivative(g(MU), MU) * family.variance, derivative * family.variance,
             "differentiate the link; $V(\\mu)$ is the family's variance function"),
        Step(derivative * family.variance, product, "simplify: a constant, so the link is canonical"),
    ))
    return Derivation(
        title=f"The {link.title.lower()} link is canonical for the {family.title} family",
        statement=(f"$g'(\\mu)\\,V(\\mu) = {sp.latex(product)}$ is constant: the natural parameter is an affine "
                   "function of the linear predictor."),
        chains=(chain,),
        variables=(Assumption(MU, link.mu_domain, "the mean"),) + parameter_variables(link) + _family_variables(family),
        definitions=link_definitions(link),
        meta=(("kind", "canonical"), ("link", link.name), ("family", family.name), ("constant", product)),
    )


def score_theorem(link: Link, family: Family) -> Derivation:
    """d/d eta [-l(y, h(eta))] = (mu - y) h'(eta) / (phi V(mu)), and (mu - y)/(phi c) when canonical."""
    link = _specialised(link, family)
    h = link.activation_head
    mu = link.h(ETA)
    negative_loglik = -LOGLIK(Y, h(ETA))
    derivative = _tidy(sp.diff(-family.loglik.xreplace({MU: mu}), ETA))
    general = (h(ETA) - Y) * sp.Derivative(h(ETA), ETA) / (family.dispersion * family.variance.xreplace({MU: h(ETA)}))
    steps = [
        Step(sp.Derivative(negative_loglik, ETA), derivative, "differentiate $-\\ell(y, h(\\eta))$"),
        Step(derivative, general, "the GLM score: $(\\mu - y)\\, h'(\\eta) / (\\phi V(\\mu))$ with $\\mu = h(\\eta)$"),
    ]
    canonical = family.canonical_link == link.name or family.canonical_link == getattr(link, "name", "")
    if canonical:
        constant = sp.simplify(sp.diff(link.link, MU) * family.variance)
        steps.append(Step(general, (h(ETA) - Y) / (family.dispersion * constant),
                          "canonical link: $h'(\\eta) = 1 / g'(\\mu)$ and $g'(\\mu) V(\\mu)$ is constant"))
    return Derivation(
        title=f"The score of the {family.title} likelihood with the {link.title.lower()} link",
        statement=(r"The gradient of $-\ell$ with respect to $\eta$ is the GLM score; by the chain rule "
                   r"$\partial\eta/\partial w_i = x_i$ and $\partial\eta/\partial b = 1$, so gradient descent solves "
                   r"the score equations $\sum_{obs} (\mu - y)\, h'(\eta)\, x / (\phi V(\mu)) = 0$"
                   + (r", i.e. $X^\top(\mu - y) = 0$ for this canonical pair." if canonical else ".")),
        chains=(Chain(tuple(steps)),),
        variables=(_y_assumption(family), Assumption(ETA, link.eta_range, "the linear predictor"))
        + parameter_variables(link) + _family_variables(family),
        definitions=(loglik_definition(family),) + link_definitions(link),
        meta=(("kind", "score"), ("link", link.name), ("family", family.name), ("canonical", canonical)),
    )


def newton_irls_theorem(link: Link, family: Family) -> Derivation | None:
    """Canonical pairs: d^2(-l)/d eta^2 = 1/(phi V g'^2), free of y (observed = expected information)."""
    if family.canonical_link != link.name:
        return None
    link = _specialised(link, family)
    mu = link.h(ETA)
    second = _tidy(sp.diff(-family.loglik.xreplace({MU: mu}), ETA, 2))
    weight = _tidy((1 / (family.dispersion * family.variance * sp.diff(link.link, MU) ** 2)).xreplace({MU: mu}))
    h = link.activation_head
    chain = Chain((
        Step(sp.Derivative(-LOGLIK(Y, h(ETA)), (ETA, 2)), second, "differentiate twice"),
        Step(second, weight, r"equals the IRLS weight $1/(\phi V(\mu) g'(\mu)^2)$: no $y$ left"),
    ))
    return Derivation(
        title=f"Newton's method is IRLS for the {family.title} family with its canonical link",
        statement=(r"The second derivative of $-\ell$ does not involve $y$, so the observed information equals the "
                   r"expected information: Newton's method is Fisher scoring, i.e. iteratively reweighted least "
                   r"squares with weights $W = 1/(\phi V(\mu) g'(\mu)^2)$ and working response "
                   r"$z = \eta + (y - \mu) g'(\mu)$."),
        chains=(chain,),
        variables=(_y_assumption(family), Assumption(ETA, link.eta_range, "the linear predictor"))
        + parameter_variables(link) + _family_variables(family),
        definitions=(loglik_definition(family),) + link_definitions(link),
        meta=(("kind", "irls"), ("link", link.name), ("family", family.name)),
    )


# ---------------------------------------------------------------- softmax (multinomial), K = 3

def softmax_theorems(link: VectorLink, classes: int = 3) -> tuple[Derivation, ...]:
    """Cross-entropy = -l, score p_k - y_k, Hessian free of y with zero row sums (one-hot y)."""
    etas = tuple(sp.Symbol(f"eta_{j}", real=True) for j in range(1, classes + 1))
    ys = tuple(sp.Symbol(f"y_{j}", real=True) for j in range(1, classes))
    last_y = 1 - sp.Add(*ys)
    y_all = ys + (last_y,)
    loglik = sp.Add(*[y * sp.log(link.softmax(etas, k)) for k, y in enumerate(y_all, start=1)])
    ell = LOGLIK
    definitions = (softmax_definition(link),
                   Definition(ell, lambda *e: loglik.xreplace(dict(zip(etas, e))),
                              "the multinomial log-likelihood of one one-hot observation"))
    display = [SOFTMAX(k, *etas) for k in range(1, classes + 1)]
    variables = tuple(Assumption(e, sp.S.Reals, "real") for e in etas) + tuple(
        Assumption(y, sp.Interval(0, 1), "one-hot response (the last is 1 minus the others)") for y in ys)
    score_chains, hessian_chains = [], []
    for k in range(1, classes + 1):
        score_chains.append(Chain((Step(sp.Derivative(-ell(*etas), etas[k - 1]), display[k - 1] - y_all[k - 1],
                                        r"differentiate $-\sum_j y_j \log p_j$, using $\sum_j y_j = 1$"),),
                                  group="k", label=f"k = {k}"))
        row = sp.Add(*[sp.Derivative(-ell(*etas), etas[k - 1], e) for e in etas])
        hessian_chains.append(Chain((Step(row, sp.Integer(0), "the row of second derivatives sums to zero"),),
                                    group="k", label=f"k = {k}"))
    score = Derivation(
        title=f"Softmax with cross-entropy: the score is $p - y$ ($K = {classes}$)",
        statement=(r"For one-hot $y$, $\partial(-\ell)/\partial\eta_k = p_k - y_k$: the gradient with respect to the "
                   r"weights of class $k$ is $x\,(p_k - y_k)$, the multinomial score."),
        chains=tuple(score_chains), variables=variables, definitions=definitions,
        meta=(("kind", "score"), ("link", link.name), ("family", "multinomial")))
    hessian = Derivation(
        title=f"Softmax: the Hessian is singular along the common shift ($K = {classes}$)",
        statement=(r"Each row of the Hessian of $-\ell$ in $\eta$ sums to zero (and involves no $y$): the direction "
                   r"$(1, \dots, 1)$ is flat, which is the non-identifiability of the $K$-th class; Newton's method "
                   r"needs a reference class (IRLS on $K-1$ contrasts)."),
        chains=tuple(hessian_chains), variables=variables, definitions=definitions,
        meta=(("kind", "hessian"), ("link", link.name), ("family", "multinomial")))
    return score, hessian


def statistical_theorems(link: Link | VectorLink) -> tuple[Derivation, ...]:
    """Every statistical theorem symnet states for this link (loss, canonical, score, IRLS)."""
    if isinstance(link, VectorLink):
        return softmax_theorems(link)
    family = family_by_name(link.paired_family) if link.paired_family else None
    if family is None:
        return ()
    derivations = [loss_theorem(link, family)]
    if family.canonical_link == link.name:
        derivations.append(canonical_theorem(link, family))
    derivations.append(score_theorem(link, family))
    derivations.append(newton_irls_theorem(link, family))
    return tuple(d for d in derivations if d is not None)
