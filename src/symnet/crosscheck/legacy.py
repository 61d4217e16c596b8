"""Numeric cross-check against statsmodels (optional: pip install "symnet[crosscheck]").

A no-hidden-layer network trained by Fisher scoring on the gradient symnet proves (the score
(mu - y) h'(eta) / V(mu) and the weight h'(eta)^2 / V(mu)) must land on statsmodels' maximum-likelihood
GLM fit. Every formula comes from the catalog, lambdified; nothing is typed twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symnet.catalog.families import Family, family_by_name
from symnet.catalog.links import Link
from symnet.catalog.symbols import ETA, MU

STATSMODELS_FAMILIES = {"bernoulli": "Binomial", "gaussian": "Gaussian", "poisson": "Poisson", "gamma": "Gamma",
                        "inverse_gaussian": "InverseGaussian"}


@dataclass(frozen=True)
class CrossCheck:
    link: str
    family: str
    network: tuple[float, ...]
    statsmodels: tuple[float, ...]
    iterations: int

    @property
    def max_difference(self) -> float:
        return max(abs(a - b) for a, b in zip(self.network, self.statsmodels))


def _numpy_functions(link: Link, family: Family):
    import numpy as np  # noqa: F401  (lambdify's numpy backend)

    from scipy import special

    modules = [{"erf": special.erf, "erfinv": special.erfinv}, "numpy"]
    h = sp.lambdify(ETA, link.inverse, modules)
    h_prime = sp.lambdify(ETA, sp.diff(link.inverse, ETA), modules)
    g = sp.lambdify(MU, link.link, modules)
    variance = sp.lambdify(MU, family.variance, modules)
    return h, h_prime, g, variance


def fit_network(link: Link, exog, endog, iterations: int = 100, tolerance: float = 1e-12):
    """Weights (bias first) of the network h(b + w.x) trained by Fisher scoring on the proven score."""
    import numpy as np

    family = family_by_name(link.paired_family)
    h, h_prime, g, variance = _numpy_functions(link, family)
    X = np.column_stack([np.ones(len(endog)), np.asarray(exog, dtype=float)])
    y = np.asarray(endog, dtype=float)
    start = g((y + y.mean()) / 2)  # statsmodels' starting point, projected onto the columns of X
    beta = np.linalg.lstsq(X, start, rcond=None)[0]
    for step in range(1, iterations + 1):
        eta = X @ beta
        mu = np.broadcast_to(h(eta), y.shape)
        slope = np.broadcast_to(h_prime(eta), y.shape)
        var = np.broadcast_to(variance(mu), y.shape)
        weight = slope**2 / var
        score = X.T @ ((y - mu) * slope / var)
        update = np.linalg.solve(X.T @ (weight[:, None] * X), score)
        beta = beta + update
        if np.max(np.abs(update)) < tolerance * (1 + np.max(np.abs(beta))):
            return beta, step
    return beta, iterations


def crosscheck(link: Link, exog, endog) -> CrossCheck:
    """The network's fitted weights beside statsmodels' GLM estimates for the same link and family."""
    import numpy as np
    import statsmodels.api as sm

    family = family_by_name(link.paired_family)
    sm_link = getattr(sm.families.links, link.names.statsmodels[0])()
    sm_family = getattr(sm.families, STATSMODELS_FAMILIES[family.name])(link=sm_link)
    X = sm.add_constant(np.asarray(exog, dtype=float), has_constant="add")
    reference = sm.GLM(np.asarray(endog, dtype=float), X, family=sm_family).fit(tol=1e-12, maxiter=200)
    beta, steps = fit_network(link, exog, endog)
    return CrossCheck(link.name, family.name, tuple(float(b) for b in beta),
                      tuple(float(b) for b in reference.params), steps)
