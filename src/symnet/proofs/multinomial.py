"""The multinomial family at K = 3: exponential-family moments from b, and convexity of the
cross-entropy in the logits (its Hessian is a covariance matrix, so v^T H v is a weighted sum of squares)."""

from __future__ import annotations

import sympy as sp

from symnet.catalog.families import CUMULANT
from symnet.catalog.heads import LOGLIK, PROBABILITY, SOFTMAX
from symnet.catalog.links import LINKS
from symnet.proofs.likelihood import probability_definition
from symnet.proofs.model import Assumption, Chain, Definition, Derivation, Step

CLASSES = 3


def _softmax_definition() -> Definition:
    from symnet.proofs.softmax import softmax_definition

    return softmax_definition(next(link for link in LINKS if link.name == "softmax"))


def moments_theorem() -> Derivation:
    """b(theta) = log(1 + e^theta_1 + e^theta_2) (class 3 the reference): grad b = mu, Hessian diag(mu) - mu mu^T."""
    thetas = tuple(sp.Symbol(f"theta_{k}", real=True) for k in range(1, CLASSES))
    cumulant = sp.log(1 + sp.Add(*[sp.exp(t) for t in thetas]))
    means = tuple(SOFTMAX(k, *thetas, 0) for k in range(1, CLASSES))
    chains = []
    for j, tj in enumerate(thetas):
        chains.append(Chain((Step(sp.Derivative(CUMULANT(*thetas), tj), means[j], "the mean of class "
                                  f"{j + 1}"),), group="mean", label=f"k = {j + 1}"))
        for k, tk in enumerate(thetas):
            covariance = means[j] * ((1 if j == k else 0) - means[k])
            chains.append(Chain((Step(sp.Derivative(CUMULANT(*thetas), tj, tk), covariance,
                                      "the covariance of the one-hot response"),), group="variance",
                                label=f"j = {j + 1}, k = {k + 1}"))
    return Derivation(
        title=f"The multinomial mean and covariance come from $b$ ($K = {CLASSES}$)",
        statement=(r"With the last class as reference, $\theta_k = \log(\mu_k/\mu_K)$ and "
                   r"$b(\theta) = \log(1 + \sum_{k<K} e^{\theta_k})$: $\partial b/\partial\theta_k = \mu_k$ and "
                   r"$\partial^2 b/\partial\theta_j\partial\theta_k = \mu_k(\delta_{jk} - \mu_j)$, the covariance "
                   r"$\operatorname{diag}(\mu) - \mu\mu^\top$ of the one-hot response."),
        chains=tuple(chains),
        variables=tuple(Assumption(t, sp.S.Reals, "natural parameter") for t in thetas),
        definitions=(_softmax_definition(),
                     Definition(CUMULANT, lambda *t: cumulant.xreplace(dict(zip(thetas, t))), "the cumulant b")),
        meta=(("kind", "moments"), ("family", "multinomial")),
    )


def convexity_theorem() -> Derivation:
    """v^T H v = sum_k p_k (v_k - sum_j p_j v_j)^2 >= 0 for the Hessian H of -l in the logits."""
    etas = tuple(sp.Symbol(f"eta_{k}", real=True) for k in range(1, CLASSES + 1))
    vs = tuple(sp.Symbol(f"v_{k}", real=True) for k in range(1, CLASSES + 1))
    negative = lambda *e: sp.log(sp.Add(*[sp.exp(x) for x in e])) - e[0]  # noqa: E731  -l for class 1
    quadratic = sp.Add(*[vs[j] * vs[k] * sp.Derivative(-LOGLIK(*etas), etas[j], etas[k])
                         for j in range(CLASSES) for k in range(CLASSES)])
    p = tuple(PROBABILITY[k] for k in range(1, CLASSES + 1))  # p_k = softmax_k(eta), printed by name
    mean = sp.Add(*[pk * vk for pk, vk in zip(p, vs)])
    squares = sp.Add(*[pk * (vk - mean) ** 2 for pk, vk in zip(p, vs)])
    return Derivation(
        title=f"Softmax cross-entropy is convex in the logits ($K = {CLASSES}$)",
        statement=(r"For every direction $v$, $v^\top H v = \sum_k p_k (v_k - \sum_j p_j v_j)^2 \geq 0$ (a variance): "
                   r"the Hessian is positive semi-definite, so the loss is convex in the weights (the logits are "
                   r"affine in them); it is singular along $v = (1, \dots, 1)$, the common shift."),
        chains=(Chain((Step(quadratic, squares, r"the Hessian of the log-sum-exp is $\operatorname{diag}(p) - p p^\top$"),)),),
        variables=tuple(Assumption(e, sp.S.Reals, "logit") for e in etas)
        + tuple(Assumption(v, sp.S.Reals, "direction") for v in vs),
        definitions=(_softmax_definition(), probability_definition(etas),
                     Definition(LOGLIK, lambda *e: -negative(*e), "the multinomial log-likelihood of class 1")),
        meta=(("kind", "convexity"), ("family", "multinomial"), ("link", "softmax")),
    )
