"""Exponential-family records: variance function, log-likelihood kernel, and the NN loss that matches.

Each formula is written once here; the likelihood, score and IRLS theorems derive the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symnet.catalog.symbols import ALPHA, LAMBDA, MU, POSITIVE, REALS, Y

SIGMA = sp.Symbol("sigma", positive=True)
NU = sp.Symbol("nu", positive=True)
PHI = sp.Symbol("phi", positive=True)
POWER_P = sp.Symbol("p", real=True)


@dataclass(frozen=True)
class Family:
    """One GLM family: V(mu), the per-observation log-likelihood l(y, mu), and the matching NN loss."""

    name: str
    title: str
    variance: sp.Expr
    loglik: sp.Expr
    canonical_link: str
    y_domain: sp.Set
    parameters: tuple[tuple[sp.Symbol, sp.Set], ...]
    nn_loss: sp.Expr | None
    nn_loss_name: str
    loss_scale: sp.Expr = sp.Integer(1)
    y_integer: bool = False
    dispersion: sp.Expr = sp.Integer(1)
    link_substitution: tuple[tuple[sp.Symbol, sp.Expr], ...] = ()

    @property
    def domains(self) -> dict[sp.Symbol, sp.Set]:
        return dict(self.parameters)


FAMILIES: tuple[Family, ...] = (
    Family(
        name="bernoulli", title="Bernoulli", variance=MU * (1 - MU),
        loglik=Y * sp.log(MU) + (1 - Y) * sp.log(1 - MU), canonical_link="logit",
        y_domain=sp.FiniteSet(0, 1), parameters=(),
        nn_loss=-(Y * sp.log(MU) + (1 - Y) * sp.log(1 - MU)),
        nn_loss_name="binary cross-entropy (Keras binary_crossentropy, PyTorch BCELoss)", y_integer=True,
    ),
    Family(
        name="gaussian", title="Gaussian", variance=sp.Integer(1),
        loglik=-(Y - MU) ** 2 / (2 * SIGMA**2) - sp.log(2 * sp.pi * SIGMA**2) / 2, canonical_link="identity",
        y_domain=REALS, parameters=((SIGMA, POSITIVE),),
        nn_loss=(Y - MU) ** 2, nn_loss_name="squared error (Keras mean_squared_error, PyTorch MSELoss)",
        loss_scale=2 * SIGMA**2, dispersion=SIGMA**2,
    ),
    Family(
        name="poisson", title="Poisson", variance=MU,
        loglik=Y * sp.log(MU) - MU - sp.loggamma(Y + 1), canonical_link="log",
        y_domain=sp.Range(0, sp.oo), parameters=(),
        nn_loss=MU - Y * sp.log(MU), nn_loss_name="Poisson loss (Keras poisson without its 1e-7, "
        "PyTorch PoissonNLLLoss)", y_integer=True,
    ),
    Family(
        name="gamma", title="Gamma", variance=MU**2,
        loglik=NU * sp.log(NU * Y / MU) - NU * Y / MU - sp.log(Y) - sp.loggamma(NU), canonical_link="inverse",
        y_domain=POSITIVE, parameters=((NU, POSITIVE),),
        nn_loss=None, nn_loss_name="no built-in Keras or PyTorch loss; use the negative log-likelihood",
        dispersion=1 / NU,
    ),
    Family(
        name="inverse_gaussian", title="Inverse Gaussian", variance=MU**3,
        loglik=-(Y - MU) ** 2 / (2 * PHI * Y * MU**2) - sp.log(2 * sp.pi * PHI * Y**3) / 2,
        canonical_link="inverse_squared", y_domain=POSITIVE, parameters=((PHI, POSITIVE),),
        nn_loss=None, nn_loss_name="no built-in Keras or PyTorch loss; use the negative log-likelihood",
        dispersion=PHI,
    ),
    Family(
        name="negative_binomial", title="Negative binomial (NB2, known alpha)", variance=MU + ALPHA * MU**2,
        loglik=(sp.loggamma(Y + 1 / ALPHA) - sp.loggamma(1 / ALPHA) - sp.loggamma(Y + 1)
                + Y * sp.log(ALPHA * MU / (1 + ALPHA * MU)) - sp.log(1 + ALPHA * MU) / ALPHA),
        canonical_link="negative_binomial", y_domain=sp.Range(0, sp.oo), parameters=((ALPHA, POSITIVE),),
        nn_loss=None, nn_loss_name="no built-in Keras or PyTorch loss; use the negative log-likelihood",
        y_integer=True,
    ),
    Family(
        name="tweedie", title="Tweedie (quasi-likelihood kernel)", variance=MU**POWER_P,
        loglik=Y * MU ** (1 - POWER_P) / (1 - POWER_P) - MU ** (2 - POWER_P) / (2 - POWER_P),
        canonical_link="power", y_domain=POSITIVE,
        parameters=((POWER_P, sp.Union(sp.Interval.open(1, 2), sp.Interval.open(2, 3))),),
        nn_loss=None, nn_loss_name="no built-in Keras or PyTorch loss; use the negative log-likelihood",
        link_substitution=((LAMBDA, 1 - POWER_P),),
    ),
)


def family_by_name(name: str) -> Family | None:
    """The family record with this canonical name, or None."""
    return next((f for f in FAMILIES if f.name == name), None)
