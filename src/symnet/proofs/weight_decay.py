"""Weight decay is a Gaussian prior: the penalised objective is, up to a positive factor and a constant,
the negative log-posterior with independent N(0, tau^2) weights; the optimum is the MAP estimate."""

from __future__ import annotations

import sympy as sp

from symnet.proofs.model import Assumption, Chain, Derivation, Step

N = sp.Symbol("N", positive=True)  # examples in the mean
L2 = sp.Symbol("l_2", positive=True)  # Keras L2(l2)
WD = sp.Symbol("lambda_wd", positive=True)  # PyTorch SGD(weight_decay=...)
SCALE = sp.Symbol("s", positive=True)  # loss = s * (-l) + C per observation
CONSTANT = sp.Symbol("C", real=True)  # the sum of the parameter-free terms
LOGLIK_SUM = sp.Symbol("ell", real=True)  # sum_i l(y_i, mu_i)
WEIGHT = sp.Symbol("w", real=True)  # one kernel weight (the penalty is a sum over weights)
TAU2 = sp.Symbol("tau^2", positive=True)


def keras_tau2() -> sp.Expr:
    """Keras kernel_regularizer=L2(l2) on the mean loss: tau^2 = s / (2 N l2)."""
    return SCALE / (2 * N * L2)


def pytorch_tau2() -> sp.Expr:
    """PyTorch SGD(weight_decay=wd) on the mean loss (gradient + wd w, penalty wd/2 w^2): tau^2 = s / (N wd)."""
    return SCALE / (N * WD)


def _negative_log_prior(tau2: sp.Expr) -> sp.Expr:
    return -sp.log(sp.exp(-WEIGHT**2 / (2 * tau2)) / sp.sqrt(2 * sp.pi * tau2))


def weight_decay_theorem() -> Derivation:
    """(N / s) * (mean loss + penalty) = -sum l + negative log prior - its constant + C / s, for both libraries."""
    mean_loss = (SCALE * (-LOGLIK_SUM) + CONSTANT) / N
    chains = []
    for library, penalty, tau2 in (("Keras L2(l2)", L2 * WEIGHT**2, keras_tau2()),
                                   ("PyTorch SGD(weight_decay)", WD * WEIGHT**2 / 2, pytorch_tau2())):
        prior = _negative_log_prior(tau2)
        chains.append(Chain((
            Step(N / SCALE * (mean_loss + penalty), -LOGLIK_SUM + WEIGHT**2 / (2 * tau2) + CONSTANT / SCALE,
                 f"{library}: multiply the penalised mean loss by N/s"),
            Step(-LOGLIK_SUM + WEIGHT**2 / (2 * tau2) + CONSTANT / SCALE,
                 -LOGLIK_SUM + prior - sp.log(2 * sp.pi * tau2) / 2 + CONSTANT / SCALE,
                 r"the negative log-density of $N(0, \tau^2)$, less its constant"),
        ), label=library))
    return Derivation(
        title=r"Weight decay is a Gaussian prior $N(0, \tau^2)$ on the weights",
        statement=(r"With the loss $s\,(-\ell) + C$ averaged over $N$ examples, Keras "
                   r"\texttt{kernel\_regularizer=L2(l2)} adds $l_2 \sum_j w_j^2$, so $\tau^2 = s/(2 N l_2)$; PyTorch "
                   r"\texttt{SGD(weight\_decay=}$\lambda$\texttt{)} adds $\lambda w$ to the gradient, i.e. "
                   r"$(\lambda/2)\sum_j w_j^2$ to the loss, so $\tau^2 = s/(N\lambda)$. The penalised optimum is the MAP "
                   r"estimate (for binary cross-entropy $s = 1$; for squared error $s = 2\sigma^2$). The bias is "
                   r"usually not penalised (Keras: only with bias_regularizer; PyTorch: unless it is in the "
                   r"parameter group with weight decay), i.e. it has a flat prior."),
        chains=tuple(chains),
        variables=(Assumption(N, sp.Interval.open(0, sp.oo), "number of examples"),
                   Assumption(L2, sp.Interval.open(0, sp.oo), "Keras l2"),
                   Assumption(WD, sp.Interval.open(0, sp.oo), "PyTorch weight_decay"),
                   Assumption(SCALE, sp.Interval.open(0, sp.oo), "the loss's positive factor"),
                   Assumption(CONSTANT, sp.S.Reals, "the parameter-free terms"),
                   Assumption(LOGLIK_SUM, sp.S.Reals, "the log-likelihood"),
                   Assumption(WEIGHT, sp.S.Reals, "a weight")),
        meta=(("kind", "weight-decay"), ("keras_tau2", keras_tau2()), ("pytorch_tau2", pytorch_tau2())),
    )
