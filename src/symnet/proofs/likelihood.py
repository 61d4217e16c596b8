"""The statistical technicalities the documents print for a link with its paired family.

Loss = negative log-likelihood (the first Keras/PyTorch loss of the family), canonical (when it is),
the score (the gradient of the log-likelihood; the loss gradient is its negative) and the information
with IRLS, from `symnet.proofs.losses` and `symnet.proofs.glm`; the multinomial theorems are here.
"""

from __future__ import annotations

import sympy as sp

from symnet.catalog.families import family_by_name
from symnet.catalog.heads import LOGLIK, PROBABILITY, SOFTMAX
from symnet.catalog.links import Link, VectorLink
from symnet.proofs.model import Assumption, Chain, Definition, Derivation, Step
from symnet.proofs.softmax import softmax_definition


# ---------------------------------------------------------------- softmax (multinomial), K = 3

def probability_definition(etas: tuple) -> Definition:
    """p_k = softmax_k(eta_1, ..., eta_K): the name the documents print for the probability of class k."""
    return Definition(PROBABILITY, lambda k: SOFTMAX(k, *etas), "the probability p_k = softmax_k(eta) of class k")


def softmax_theorems(link: VectorLink, classes: int = 3) -> tuple[Derivation, ...]:
    """Cross-entropy = -l, score p_k - y_k, Hessian free of y with zero row sums (one-hot y)."""
    etas = tuple(sp.Symbol(f"eta_{j}", real=True) for j in range(1, classes + 1))
    ys = tuple(sp.Symbol(f"y_{j}", real=True) for j in range(1, classes))
    last_y = 1 - sp.Add(*ys)
    y_all = ys + (last_y,)
    # y_K is a named value, unfolded by the checker to 1 - y_1 - ... - y_{K-1}: the score prints p_K - y_K
    named_last = sp.Symbol(f"y_{classes}", real=True)
    last_definition = Definition(named_last, last_y, f"the last entry of the one-hot response, y_{classes} = 1 minus "
                                 "the others")
    y_shown = ys + (named_last,)
    loglik = sp.Add(*[y * sp.log(link.softmax(etas, k)) for k, y in enumerate(y_all, start=1)])
    ell = LOGLIK
    definitions = (softmax_definition(link), probability_definition(etas),
                   Definition(ell, lambda *e: loglik.xreplace(dict(zip(etas, e))),
                              "the multinomial log-likelihood of one one-hot observation"))
    display = [PROBABILITY[k] for k in range(1, classes + 1)]
    # the identities hold for every y with y_1 + ... + y_K = 1, one-hot y among them
    variables = tuple(Assumption(e, sp.S.Reals, "real") for e in etas) + tuple(
        Assumption(y, sp.S.Reals, "the response, y_K = 1 minus the others") for y in ys)
    score_chains, hessian_chains = [], []
    for k in range(1, classes + 1):
        score_chains.append(Chain((Step(sp.Derivative(-ell(*etas), etas[k - 1]), display[k - 1] - y_shown[k - 1],
                                        r"differentiate $-\sum_j y_j \log p_j$, using $\sum_j y_j = 1$"),),
                                  group="k", label=f"k = {k}"))
        entries = sp.Add(*[display[k - 1] * (int(k == m) - display[m - 1]) for m in range(1, classes + 1)],
                         evaluate=False)
        factored = display[k - 1] * (1 - sp.Add(*display))
        hessian_chains.append(Chain((Step(entries, factored, r"the entries $p_j(\delta_{jk} - p_k)$ of row $j$ "
                                                              r"(the Hessian above); take out $p_j$"),
                                     Step(factored, sp.Integer(0), r"the probabilities sum to one")),
                                    group="k", label=f"j = {k}"))
    score = Derivation(
        title=f"Softmax with cross-entropy: the loss gradient is $p - y$ ($K = {classes}$)",
        statement=(rf"For every $y$ whose entries sum to one (a one-hot $y$ in particular; $y_{{{classes}}} = 1 - "
                   + " - ".join(f"y_{{{j}}}" for j in range(1, classes))
                   + r"$), $\partial(-\ell)/\partial\eta_k = p_k - y_k$: the gradient of the cross-entropy "
                   r"with respect to the weights of class $k$ is $x\,(p_k - y_k)$, minus the multinomial score "
                   r"$x\,(y_k - p_k)$ (the score is the gradient of the log-likelihood $\ell$)."),
        chains=tuple(score_chains), variables=variables, definitions=definitions + (last_definition,),
        meta=(("kind", "score"), ("link", link.name), ("family", "multinomial")))
    hessian = Derivation(
        title=f"Softmax: the all-ones vector is a null direction of the Hessian ($K = {classes}$)",
        statement=(r"Each row of the Hessian sums to zero, so $H \mathbf{1} = 0$ for the all-ones vector $\mathbf{1}$. "
                   r"Moving every $\eta_k$ by the same amount changes nothing, which is "
                   r"the shift invariance proved above; $H$ is singular, so Newton's method and IRLS fix a reference "
                   r"class $K$ (its coefficients set to zero) and work with the $K - 1$ contrasts against it, "
                   r"whose information matrix is invertible when the design has full rank."),
        chains=tuple(hessian_chains), variables=variables, definitions=definitions,
        meta=(("kind", "hessian"), ("link", link.name), ("family", "multinomial")))
    return (score, hessian) + _softmax_derivatives(link, etas, ys, definitions, variables, display)


def _softmax_derivatives(link, etas, ys, definitions, variables, display) -> tuple[Derivation, Derivation]:
    """d log p_j / d eta_k = delta_jk - p_k, and the Hessian of -l: p_j (delta_jk - p_k), i.e. diag(p) - p p^T."""
    ell = LOGLIK
    classes = len(etas)
    eta_variables = tuple(v for v in variables if v.subject in etas)
    log_chains, hessian_chains = [], []
    for k in range(1, classes + 1):  # p_k is introduced once, here: the first result that uses it
        log_chains.append(Chain((Step(display[k - 1], SOFTMAX(k, *etas), r"the probability of class $k$ is the "
                                      r"$k$-th softmax output"),
                                 Step(SOFTMAX(k, *etas), link.softmax(etas, k), "substitute softmax")),
                                group="definition", label=f"k = {k}"))
    for j in range(1, classes + 1):
        for k in range(1, classes + 1):
            delta = sp.Integer(1 if j == k else 0)
            group = "diagonal" if j == k else "off-diagonal"
            label = f"j = k = {j}" if j == k else f"(j, k) = ({j}, {k})"
            log_chains.append(Chain((Step(sp.Derivative(sp.log(display[j - 1]), etas[k - 1]),
                                          delta - display[k - 1],
                                          "differentiate $\\eta_j - \\log \\sum_m e^{\\eta_m}$"),),
                                    group=group, label=label))
            hessian_chains.append(Chain((Step(sp.Derivative(-ell(*etas), etas[j - 1], etas[k - 1]),
                                              display[j - 1] * (delta - display[k - 1]),
                                              "differentiate the loss gradient $p_j - y_j$ in $\\eta_k$"),),
                                        group=group, label=label))
    log_derivative = Derivation(
        title=f"Softmax: the derivative of $\\log p_j$ ($K = {classes}$)",
        statement=(r"With $p_k = \operatorname{softmax}_k(\eta)$, the probability of class $k$, "
                   r"$\partial \log p_j / \partial \eta_k = \delta_{jk} - p_k$, where $\delta_{jk}$ is 1 when "
                   r"$j = k$ and 0 otherwise: every other result about the multinomial likelihood follows from it."),
        chains=tuple(log_chains), variables=eta_variables, definitions=definitions[:2],
        meta=(("kind", "log-derivative"), ("link", link.name), ("family", "multinomial")))
    hessian = Derivation(
        title=f"Softmax: the Hessian is $\\operatorname{{diag}}(p) - p p^\\top$ ($K = {classes}$)",
        statement=(r"$\partial^2(-\ell)/\partial\eta_j\partial\eta_k = p_j(\delta_{jk} - p_k)$: the Hessian of the "
                   r"cross-entropy in $\eta$ is $\operatorname{diag}(p) - p p^\top$, the covariance matrix of the "
                   r"one-hot $y$. It does not involve $y$, so the observed information equals the expected "
                   r"information and Newton's method is IRLS."),
        chains=tuple(hessian_chains), variables=variables, definitions=definitions,
        meta=(("kind", "hessian-entries"), ("link", link.name), ("family", "multinomial")))
    return log_derivative, hessian


def statistical_theorems(link: Link | VectorLink) -> tuple[Derivation, ...]:
    """Every statistical theorem the documents state for this link (loss, canonical, score, information)."""
    from symnet.proofs import glm
    from symnet.proofs.losses import loss_theorem

    if isinstance(link, VectorLink):
        from symnet.catalog.losses import LOSSES
        from symnet.proofs.losses import multinomial_loss_theorem
        from symnet.proofs.multinomial import convexity_theorem

        score, null_direction, log_derivative, hessian = softmax_theorems(link)
        loss = next(l for l in LOSSES if l.family == "multinomial" and l.library == "Keras")
        return (multinomial_loss_theorem(loss), log_derivative, score, hessian, null_direction,
                convexity_theorem())
    family = family_by_name(link.paired_family) if link.paired_family else None
    if family is None:
        return ()
    p = glm.pair(family, link)
    canonical = family.canonical_link == link.name
    derivations = [loss_theorem(family.library_losses[0], family)] if family.library_losses else []
    if canonical:
        derivations.append(glm.canonical_theorem(p))
    derivations += [glm.score_theorem(p, canonical), glm.information_theorem(p, canonical)]
    return tuple(derivations)
