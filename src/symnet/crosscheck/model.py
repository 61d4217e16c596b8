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

from symnet.catalog.families import NU, PHI, SIGMA, Family, family_by_name
from symnet.catalog.links import Link, VectorLink
from symnet.catalog.names import resolve
from symnet.catalog.symbols import ALPHA, ETA, MU, Y
from symnet.errors import SymnetError

SUPPORTED_FAMILIES = ("bernoulli", "gaussian", "poisson", "gamma", "inverse_gaussian", "negative_binomial")
STATSMODELS_FAMILIES = {"bernoulli": "Binomial", "gaussian": "Gaussian", "poisson": "Poisson", "gamma": "Gamma",
                        "inverse_gaussian": "InverseGaussian", "negative_binomial": "NegativeBinomial"}


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
    if found.family not in SUPPORTED_FAMILIES + ("multinomial",):
        raise SymnetError(f"family {found.family!r} is not supported by the GLM table "
                          f"(supported: {', '.join(SUPPORTED_FAMILIES + ('multinomial',))})")
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

    link: Link
    family: Family
    alpha: float
    h: Callable
    h_prime: Callable
    g: Callable
    variance: Callable
    loglik: Callable
    saturated: Callable
    score: Callable

    @property
    def fixed_dispersion(self) -> bool:
        return self.family.name in ("bernoulli", "poisson", "negative_binomial")

    def mean(self, eta):
        return np.broadcast_to(self.h(eta), np.shape(eta)).astype(float)

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


def scalar_model(link: Link, family: Family, alpha: float = 1.0) -> ScalarModel:
    """The lambdified model; family dispersions are set to 1 (they scale the loss, not its minimiser)."""
    values = {SIGMA: 1, NU: 1, PHI: 1, ALPHA: alpha}
    inverse = link.inverse.xreplace(values)
    loglik = family.loglik.xreplace(values)
    modules = _modules()
    score = loss_gradient(link, family).xreplace(values).xreplace({MU: inverse})
    saturated_modules = [{"log": _safe_log}] + modules
    return ScalarModel(
        link=link, family=family, alpha=alpha,
        h=sp.lambdify(ETA, inverse, modules), h_prime=sp.lambdify(ETA, sp.diff(inverse, ETA), modules),
        g=sp.lambdify(MU, link.link.xreplace(values), modules),
        variance=sp.lambdify(MU, family.variance.xreplace(values), modules),
        loglik=sp.lambdify((Y, MU), loglik, modules),
        saturated=sp.lambdify(Y, loglik.xreplace({MU: Y}), saturated_modules),
        score=sp.lambdify((ETA, Y), score, modules))


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
    if link.name == "power":
        raise SymnetError("the power link needs a power; crosscheck takes a named link")
    return link, family_by_name(name)


def catalog_link(model: ScalarModel):
    """The catalog's link as a statsmodels Link: g, g^-1 and their derivatives lambdified from the record."""
    from statsmodels.genmod.families import links

    g, inverse = model.link.link.xreplace({ALPHA: model.alpha}), model.link.inverse.xreplace({ALPHA: model.alpha})
    modules = _modules()
    functions = {name: sp.lambdify(variable, expr, modules) for name, variable, expr in (
        ("call", MU, g), ("deriv", MU, sp.diff(g, MU)), ("deriv2", MU, sp.diff(g, MU, 2)),
        ("inverse", ETA, inverse), ("inverse_deriv", ETA, sp.diff(inverse, ETA)),
        ("inverse_deriv2", ETA, sp.diff(inverse, ETA, 2)))}

    def vector(name: str) -> Callable:
        return lambda self, x: np.broadcast_to(functions[name](np.asarray(x, dtype=float)), np.shape(x)).astype(float)

    methods = {("__call__" if name == "call" else name): vector(name) for name in functions}
    return type(f"Catalog{model.link.name.title()}", (links.Link,), methods)()
