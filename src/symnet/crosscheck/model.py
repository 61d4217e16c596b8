"""The numeric model of a (link, family) pair, lambdified from the catalog records and the proven score.

Nothing is retyped: h, h', V and l(y, mu) come from `symnet.catalog`; the per-observation score is
minus the GLM score (y - mu)/(a V g') that `symnet.proofs.glm.score_theorem` proves, and the Fisher weight
h'(eta)^2 / V(mu) is the IRLS weight stated by `newton_irls_theorem`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp

from symnet.catalog.families import NU, PHI, POWER_P, SIGMA, Family, family_by_name
from symnet.catalog.links import Link, VectorLink
from symnet.catalog.names import resolve
from symnet.catalog.symbols import ALPHA, ETA, MU, Y
from symnet.errors import SymnetError

SUPPORTED_FAMILIES = ("bernoulli", "gaussian", "poisson", "gamma", "inverse_gaussian", "negative_binomial", "tweedie")
STATSMODELS_FAMILIES = {"bernoulli": "Binomial", "gaussian": "Gaussian", "poisson": "Poisson", "gamma": "Gamma",
                        "inverse_gaussian": "InverseGaussian", "negative_binomial": "NegativeBinomial",
                        "tweedie": "Tweedie"}
TABLE_FAMILIES = tuple(f for f in SUPPORTED_FAMILIES if f != "tweedie")  # a network's loss names no Tweedie power
DEFAULT_VAR_POWER = 1.5  # the Tweedie variance power p when none is given (the power link's lambda = 1 - p = -1/2)


@functools.lru_cache(maxsize=64)
def glm_of(activation: str, loss: str) -> tuple[str, str]:
    """(catalog link name, family name) of a network with this activation trained on this loss, via identify.

    Cached: identify proves the chain, and the CLI asks once before reading the data, glm_table again."""
    from symnet.identification import identify

    found = identify(activation=activation, loss=loss)
    if not found.glm:
        raise SymnetError(f"a network with activation {activation!r} and loss {loss!r} is not a GLM: {found.reason}")
    if found.unchecked:
        raise SymnetError(f"the GLM table needs a catalog link: {found.reason}")
    if found.family not in TABLE_FAMILIES + ("multinomial",):
        raise SymnetError(f"family {found.family!r} is not supported by the GLM table "
                          f"(supported: {', '.join(TABLE_FAMILIES + ('multinomial',))})")
    return found.link, found.family


def _modules() -> list:
    from scipy import special

    return [{"erf": special.erf, "erfinv": special.erfinv, "loggamma": special.gammaln}, "numpy"]


def _safe_log(x):
    """log with 0 log 0 = 0: used only for the saturated model, where y log y must vanish at y = 0."""
    x = np.asarray(x, dtype=float)
    return np.log(np.where(x == 0, np.finfo(float).tiny, x))


@dataclass(frozen=True)
class ScalarModel:
    """h, h', g, V, l(y, mu) and the proven score d(-l)/d eta as numpy functions."""

    link: Link  # as fitted: for the Tweedie family the power link's lambda is tied to 1 - p (`proofs.glm.pair`)
    family: Family
    alpha: float
    h: Callable
    h_prime: Callable
    g: Callable
    variance: Callable
    loglik: Callable
    saturated: Callable
    score: Callable
    var_power: float = DEFAULT_VAR_POWER
    values: tuple[tuple[sp.Symbol, sp.Expr], ...] = ()  # the parameters the formulas were evaluated at

    @property
    def fixed_dispersion(self) -> bool:
        return self.family.name in ("bernoulli", "poisson", "negative_binomial")

    def mean(self, eta):
        return np.broadcast_to(self.h(eta), np.shape(eta)).astype(float)

    def inside(self, eta) -> np.ndarray:
        """Which eta lie inside the link's range, where h is the inverse of g (the power link's h(eta) = eta^-2,
        for lambda = -1/2, is also finite for eta < 0, where the network is not this GLM)."""
        interval = self.link.eta_range
        low, high = float(interval.inf), float(interval.sup)
        eta = np.asarray(eta, dtype=float)
        above = eta > low if interval.left_open else eta >= low
        below = eta < high if interval.right_open else eta <= high
        return above & below

    def in_range(self, eta) -> bool:
        return bool(np.all(self.inside(eta)))

    def fisher_weight(self, eta):
        """h'(eta)^2 / V(mu): the IRLS weight (times 1/phi)."""
        mu = self.mean(eta)
        return np.broadcast_to(self.h_prime(eta), np.shape(eta)) ** 2 / np.broadcast_to(self.variance(mu), mu.shape)

    def deviance(self, y, eta) -> float:
        """2 sum [l(y, y) - l(y, mu)] with unit dispersion."""
        return float(2 * np.sum(self.saturated(y) - self.loglik(y, self.mean(eta))))


def loss_gradient(link: Link, family: Family) -> sp.Expr:
    """d(-l)/d eta in mu: minus the right side of the checked score theorem (`symnet.proofs.glm.score_theorem`)."""
    from symnet.proofs.glm import pair, score_heads, unfolded

    found = pair(family, link)
    return -unfolded(found, score_heads(found))


def exact(value: float) -> sp.Rational:
    """A parameter as the exact decimal it is written as (1.5 is 3/2): powers of y then combine exactly."""
    return sp.Rational(repr(float(value)))


def parameter_values(alpha: float = 1.0, var_power: float = DEFAULT_VAR_POWER) -> dict:
    """The values the formulas are evaluated at: family dispersions 1 (they scale the loss, not its minimiser),
    the negative-binomial alpha and the Tweedie variance power p."""
    return {SIGMA: 1, NU: 1, PHI: 1, ALPHA: alpha, POWER_P: exact(var_power)}


def scalar_model(link: Link, family: Family, alpha: float = 1.0, var_power: float = DEFAULT_VAR_POWER) -> ScalarModel:
    """The lambdified model; family dispersions are set to 1 (they scale the loss, not its minimiser).

    The link is the pair's (`symnet.proofs.glm.pair`): with the Tweedie family the power link's lambda is tied
    to 1 - p by the catalog's `link_substitution`, so the network, IRLS and the reference use one p."""
    from symnet.proofs.glm import pair

    link = pair(family, link).link
    values = parameter_values(alpha, var_power)
    inverse = link.inverse.xreplace(values)
    loglik = family.loglik.xreplace(values)
    modules = _modules()
    score = loss_gradient(link, family).xreplace(values).xreplace({MU: inverse})
    free = (inverse.free_symbols | loglik.free_symbols | score.free_symbols) - {ETA, MU, Y}
    if free:
        raise SymnetError(f"the {link.name} link with the {family.noun} family leaves "
                          f"{', '.join(sorted(map(str, free)))} unset: crosscheck cannot fit it")
    saturated_modules = [{"log": _safe_log}] + modules
    return ScalarModel(
        link=link, family=family, alpha=alpha,
        h=sp.lambdify(ETA, inverse, modules), h_prime=sp.lambdify(ETA, sp.diff(inverse, ETA), modules),
        g=sp.lambdify(MU, link.link.xreplace(values), modules),
        variance=sp.lambdify(MU, family.variance.xreplace(values), modules),
        loglik=sp.lambdify((Y, MU), loglik, modules),
        saturated=sp.lambdify(Y, loglik.xreplace({MU: Y}), saturated_modules),
        score=sp.lambdify((ETA, Y), score, modules), var_power=var_power, values=tuple(values.items()))


def resolve_pair(link_name: str, family_name: str | None) -> tuple[Link | VectorLink, Family | None]:
    """The catalog link and family, with a one-line error for an unsupported pair."""
    link = resolve(link_name)
    if isinstance(link, VectorLink):
        if family_name not in (None, "multinomial"):
            raise SymnetError(f"softmax goes with the multinomial family, not {family_name!r}")
        return link, None
    name = family_name or link.paired_family
    if name not in SUPPORTED_FAMILIES:
        raise SymnetError(f"family {name!r} is not supported by crosscheck (supported: "
                          f"{', '.join(SUPPORTED_FAMILIES)}, multinomial for softmax)")
    if link.name == "power" and name != "tweedie":
        raise SymnetError("the power link needs a power: crosscheck fits it with the Tweedie family, whose "
                          "variance power p ties it (lambda = 1 - p); use --family tweedie (and --var-power p)")
    return link, family_by_name(name)


def catalog_link(model: ScalarModel):
    """The catalog's link as a statsmodels Link: g, g^-1 and their derivatives lambdified from the record."""
    from statsmodels.genmod.families import links

    values = dict(model.values)
    g, inverse = model.link.link.xreplace(values), model.link.inverse.xreplace(values)
    modules = _modules()
    functions = {name: sp.lambdify(variable, expr, modules) for name, variable, expr in (
        ("call", MU, g), ("deriv", MU, sp.diff(g, MU)), ("deriv2", MU, sp.diff(g, MU, 2)),
        ("inverse", ETA, inverse), ("inverse_deriv", ETA, sp.diff(inverse, ETA)),
        ("inverse_deriv2", ETA, sp.diff(inverse, ETA, 2)))}

    def vector(name: str) -> Callable:
        return lambda self, x: np.broadcast_to(functions[name](np.asarray(x, dtype=float)), np.shape(x)).astype(float)

    methods = {("__call__" if name == "call" else name): vector(name) for name in functions}
    return type(f"Catalog{model.link.name.title()}", (links.Link,), methods)()
