"""The statistical technicalities the documents print for a link with its paired family.

Loss = negative log-likelihood (the first Keras/PyTorch loss of the family), canonical (when it is),
the score (the gradient of the log-likelihood; the loss gradient is its negative) and the information
with IRLS, from `symnet.proofs.losses` and `symnet.proofs.glm`; the multinomial theorems are here.
"""

from __future__ import annotations

import sympy as sp

from symnet.catalog.families import family_by_name
from symnet.catalog.heads import LOGLIK, SOFTMAX
from symnet.catalog.links import Link, VectorLink
from symnet.proofs.model import Assumption, Chain, Definition, Derivation, Step
from symnet.proofs.softmax import softmax_definition


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
    """Every statistical theorem the documents state for this link (loss, canonical, score, information)."""
    from symnet.proofs import glm
    from symnet.proofs.losses import loss_theorem

    if isinstance(link, VectorLink):
        return softmax_theorems(link)
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
