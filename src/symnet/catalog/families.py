"""Exponential-family records: support, exponential-family form, variance function, log-likelihood.

Each formula is written once here.  The density of y is exp((y theta - b(theta)) / a(phi) + c(y, phi));
the mean b'(theta), the variance function V(mu) = b''(theta), the score and IRLS are derived from it
(see `symnet.proofs.families` and `symnet.proofs.glm`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symnet.catalog.heads import display_function
from symnet.catalog.symbols import ALPHA, LAMBDA, MU, NEGATIVE, POSITIVE, REALS, UNIT, Y

SIGMA = sp.Symbol("sigma", positive=True)
NU = sp.Symbol("nu", positive=True)
PHI = sp.Symbol("phi", positive=True)
POWER_P = sp.Symbol("p", real=True)
THETA = sp.Symbol("theta", real=True)

CUMULANT = display_function("b_cumulant", "b", "b")  # b(theta), the cumulant function
NATURAL = display_function("theta_natural", r"\theta", "theta")  # theta(mu), the natural parameter
COUNTS = sp.Range(0, sp.oo)
NONNEGATIVE = sp.Interval(0, sp.oo)


@dataclass(frozen=True)
class Family:
    """One GLM family: the support of y, theta(mu), b(theta), a(phi), c(y, phi), V(mu) and l(y, mu)."""

    name: str
    title: str
    variance: sp.Expr
    loglik: sp.Expr
    canonical_link: str
    y_domain: sp.Set  # the support of y: every theorem holds on all of it
    parameters: tuple[tuple[sp.Symbol, sp.Set], ...]
    theta: sp.Expr = sp.Integer(0)  # the natural parameter theta(mu)
    cumulant: sp.Expr = sp.Integer(0)  # b(theta)
    theta_domain: sp.Set = REALS  # the image of the mean space under theta
    base: sp.Expr = sp.Integer(0)  # c(y, phi)
    mean_space: sp.Set = POSITIVE  # where mu lives
    dispersion: sp.Expr = sp.Integer(1)  # a(phi)
    names: tuple[str, ...] = ()
    y_integer: bool = False
    vector: bool = False
    note: str = ""
    link_substitution: tuple[tuple[sp.Symbol, sp.Expr], ...] = ()
    # True when `loglik` is only the part of the log-likelihood that involves mu, at a(phi) = 1: the
    # log-density adds c(y, phi), which has no closed form (Tweedie) and does not involve mu
    kernel_only: bool = False

    @property
    def noun(self) -> str:
        """The family's name inside a sentence: 'Bernoulli', 'negative binomial', 'inverse Gaussian'."""
        words = self.title.split(" (")[0].split(" ")
        if words[0] in ("Negative", "Inverse", "Multinomial"):
            words[0] = words[0].lower()
        return " ".join(words)

    @property
    def domains(self) -> dict[sp.Symbol, sp.Set]:
        return dict(self.parameters)

    @property
    def library_losses(self) -> tuple:
        """The Keras and PyTorch losses on the mean that are this family's NLL (from `catalog.losses`)."""
        from symnet.catalog.losses import LOSSES  # the loss records name their family

        return tuple(loss for loss in LOSSES if loss.family == self.name and loss.library in ("Keras", "PyTorch")
                     and loss.argument == MU and loss.formula is not None)

    @property
    def nn_loss(self) -> sp.Expr | None:
        """The loss a network trains with for this family (the first library loss on the mean), or None."""
        losses = self.library_losses
        return losses[0].formula if losses else None

    @property
    def nn_loss_name(self) -> str:
        losses = self.library_losses
        if not losses:
            return "no built-in Keras or PyTorch loss; use the negative log-likelihood"
        return f"{losses[0].title} ({', '.join(f'{l.library} {l.spellings[0]}' for l in losses)})"

    @property
    def exponential_form(self) -> sp.Expr:
        """(y theta(mu) - b(theta(mu))) / a(phi) + c(y, phi), which must equal l(y, mu)."""
        theta = self.theta
        return (Y * theta - self.cumulant.xreplace({THETA: theta})) / self.dispersion + self.base


FAMILIES: tuple[Family, ...] = (
    Family(
        name="bernoulli", title="Bernoulli", variance=MU * (1 - MU),
        loglik=Y * sp.log(MU) + (1 - Y) * sp.log(1 - MU), canonical_link="logit",
        y_domain=sp.FiniteSet(0, 1), parameters=(),
        theta=sp.log(MU / (1 - MU)), cumulant=sp.log(1 + sp.exp(THETA)), mean_space=UNIT,
        names=("binomial", "bernoulli"), y_integer=True,
        note="binomial(n) proportions y = s/n have a(phi) = 1/n: the same score and IRLS with prior weights n",
    ),
    Family(
        name="gaussian", title="Gaussian", variance=sp.Integer(1),
        loglik=-(Y - MU) ** 2 / (2 * SIGMA**2) - sp.log(2 * sp.pi * SIGMA**2) / 2, canonical_link="identity",
        y_domain=REALS, parameters=((SIGMA, POSITIVE),),
        theta=MU, cumulant=THETA**2 / 2, base=-Y**2 / (2 * SIGMA**2) - sp.log(2 * sp.pi * SIGMA**2) / 2,
        mean_space=REALS, dispersion=SIGMA**2, names=("gaussian", "normal"),
    ),
    Family(
        name="poisson", title="Poisson", variance=MU,
        loglik=Y * sp.log(MU) - MU - sp.loggamma(Y + 1), canonical_link="log",
        y_domain=COUNTS, parameters=(),
        theta=sp.log(MU), cumulant=sp.exp(THETA), base=-sp.loggamma(Y + 1), y_integer=True,
    ),
    Family(
        name="gamma", title="Gamma", variance=MU**2,
        loglik=NU * sp.log(NU * Y / MU) - NU * Y / MU - sp.log(Y) - sp.loggamma(NU), canonical_link="inverse",
        y_domain=POSITIVE, parameters=((NU, POSITIVE),),
        theta=-1 / MU, cumulant=-sp.log(-THETA), theta_domain=NEGATIVE,
        base=NU * sp.log(NU * Y) - sp.log(Y) - sp.loggamma(NU), dispersion=1 / NU,
        note="the canonical theta = -1/mu; the catalog's inverse link 1/mu is its negative, an affine image",
    ),
    Family(
        name="inverse_gaussian", title="Inverse Gaussian", variance=MU**3,
        loglik=-(Y - MU) ** 2 / (2 * PHI * Y * MU**2) - sp.log(2 * sp.pi * PHI * Y**3) / 2,
        canonical_link="inverse_squared", y_domain=POSITIVE, parameters=((PHI, POSITIVE),),
        theta=-1 / (2 * MU**2), cumulant=-sp.sqrt(-2 * THETA), theta_domain=NEGATIVE,
        base=-1 / (2 * PHI * Y) - sp.log(2 * sp.pi * PHI * Y**3) / 2, dispersion=PHI,
        names=("inverse_gaussian", "inverse.gaussian", "inversegaussian", "wald"),
    ),
    Family(
        name="negative_binomial", title="Negative binomial (NB2, known alpha)", variance=MU + ALPHA * MU**2,
        loglik=(sp.loggamma(Y + 1 / ALPHA) - sp.loggamma(1 / ALPHA) - sp.loggamma(Y + 1)
                + Y * sp.log(ALPHA * MU / (1 + ALPHA * MU)) - sp.log(1 + ALPHA * MU) / ALPHA),
        canonical_link="negative_binomial", y_domain=COUNTS, parameters=((ALPHA, POSITIVE),),
        theta=sp.log(ALPHA * MU / (1 + ALPHA * MU)), cumulant=-sp.log(1 - sp.exp(THETA)) / ALPHA,
        theta_domain=NEGATIVE, base=sp.loggamma(Y + 1 / ALPHA) - sp.loggamma(1 / ALPHA) - sp.loggamma(Y + 1),
        names=("negative_binomial", "nb2", "negativebinomial", "nbinom"), y_integer=True,
    ),
    Family(
        name="tweedie", title="Tweedie (1 < p < 2, quasi-likelihood kernel)", variance=MU**POWER_P,
        loglik=Y * MU ** (1 - POWER_P) / (1 - POWER_P) - MU ** (2 - POWER_P) / (2 - POWER_P),
        canonical_link="power", y_domain=NONNEGATIVE,
        parameters=((POWER_P, sp.Interval.open(1, 2)),),
        theta=MU ** (1 - POWER_P) / (1 - POWER_P),
        cumulant=((1 - POWER_P) * THETA) ** ((2 - POWER_P) / (1 - POWER_P)) / (2 - POWER_P),
        theta_domain=NEGATIVE, link_substitution=((LAMBDA, 1 - POWER_P),), kernel_only=True,
        note=("the compound Poisson-gamma range 1 < p < 2 with phi = 1; c(y, phi) is a series (Dunn and Smyth) "
              "and is left out: it does not involve mu"),
    ),
    Family(
        name="multinomial", title="Multinomial (categorical)", variance=sp.Integer(0), loglik=sp.Integer(0),
        canonical_link="softmax", y_domain=sp.FiniteSet(0, 1), parameters=(), mean_space=UNIT,
        names=("multinomial", "categorical"), y_integer=True, vector=True,
        note=("one-hot y over K classes: theta_k = log(mu_k / mu_K), b(theta) = log(1 + sum_k exp theta_k), "
              "covariance diag(mu) - mu mu^T; these theorems are checked for K = 3 classes"),
    ),
)


def scalar_families() -> tuple[Family, ...]:
    """Every family with a scalar response (all but the multinomial)."""
    return tuple(f for f in FAMILIES if not f.vector)


def family_by_name(name: str) -> Family | None:
    """The family record with this canonical name (or one of its other names), or None."""
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    return next((f for f in FAMILIES if f.name == key or key in f.names), None)
