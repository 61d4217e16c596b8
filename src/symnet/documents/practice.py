"""What differs in practice between the trained network and the fitted GLM (prose, per link)."""

from __future__ import annotations

import sympy as sp

from symnet.documents.content import LinkReport, eta_x_condition


def practice_points(report: LinkReport) -> list[str]:
    """Short paragraphs, with $...$ math; every one states a fact the reader can act on."""
    link = report.link
    family = report.family
    points = [
        "Fitting. A GLM is fitted by maximum likelihood, usually with IRLS (Newton's method or Fisher scoring), "
        "to the exact optimum. A network is trained by a stochastic optimiser (SGD, Adam) from a random start and "
        "stopped after some epochs, so its weights approach the maximum-likelihood estimate only as far as the "
        "optimiser converges.",
        "Inference. The GLM comes with standard errors from the inverse Fisher information $(X^\\top W X)^{-1}$, "
        "Wald and likelihood-ratio tests, and deviance residuals. A trained network reports none of these, even "
        "when its weights equal the estimates.",
        "Regularisation. Weight decay (an L2 penalty $\\kappa \\lVert w \\rVert^2$, with $\\kappa$ the decay "
        "strength) is a Gaussian prior on the "
        "weights: the network then computes a maximum a posteriori estimate, not the maximum-likelihood one. "
        "Library defaults differ: statsmodels and R's glm are unpenalised, scikit-learn's LogisticRegression uses "
        "$C = 1$ and its MLPs a penalty strength of $10^{-4}$ (their parameter named alpha).",
    ]
    if link.vector:
        points.append(
            "Identifiability. The softmax network has $K(n+1)$ weights but only $(K-1)(n+1)$ are identified: "
            "adding the same vector to every class leaves every output unchanged. Compare a network with "
            "statsmodels' MNLogit only through differences of columns (here against the last class; MNLogit uses "
            "the first) or through predicted probabilities. Plain gradient descent from zero converges to the "
            "symmetric solution (class means zero); Adam and random initialisation do not.")
    if not link.vector and link.eta_range != sp.S.Reals:  # the reason is given once, with the claim
        points.append(f"Domain. The network is this GLM only on the inputs where ${eta_x_condition(link)}$ (see the "
                      r"claim): check the sign of $b + \sum_i w_i x_i$ on the data after training.")
    if family is not None and family.name == "bernoulli":
        points.append(
            "Numerics. Keras' binary cross-entropy clips the probability to $[10^{-7}, 1 - 10^{-7}]$ and PyTorch's "
            "BCELoss clamps the logarithm at $-100$: far from the data the loss is bounded where the likelihood "
            "is not. Feeding logits to a loss with from_logits=True (BCEWithLogitsLoss) avoids the clipping.")
    if family is not None and family.name == "poisson":
        points.append(
            "Numerics. Keras' Poisson loss is $\\mu - y \\log(\\mu + 10^{-7})$: the $10^{-7}$ guards against "
            "$\\log 0$ and shifts the loss slightly away from the negative log-likelihood.")
    if link.vector:
        points.append(
            "Separation. When the classes are separable the maximum-likelihood estimate does not exist (the weights "
            "grow without bound); a network trained long enough drifts the same way unless it is regularised.")
    return points
