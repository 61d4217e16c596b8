"""`symnet crosscheck`: the network, IRLS and statsmodels fitted to the same data, side by side."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from symnet.crosscheck.data import Data, check_design, check_separation, check_support
from symnet.crosscheck.fit import (MAX_DESCENT, descend_scalar, descend_softmax, irls_scalar, irls_softmax,
                                   softmax_information, softmax_probabilities)
from symnet.crosscheck.model import STATSMODELS_FAMILIES, resolve_pair, scalar_model
from symnet.errors import SymnetError

IRLS_TOLERANCE, NETWORK_TOLERANCE = 1e-8, 1e-6


@dataclass(frozen=True)
class Comparison:
    """Every number `symnet crosscheck` prints; coefficient vectors are flattened (softmax: class by class)."""

    link: str
    family: str
    data: str
    names: tuple[str, ...]  # one per coefficient, e.g. "GPA" or "class 2: age"
    network: tuple[float, ...]
    irls: tuple[float, ...]
    statsmodels: tuple[float, ...]
    standard_errors: tuple[float, ...]
    deviance: float
    loglik: float
    iterations: dict
    converged: dict
    reference: str | None = None
    sum_to_zero: tuple[float, ...] = ()  # softmax: the network's weights centred over the classes
    probability_gap: float = 0.0  # softmax: max |p(contrasts) - p(sum-to-zero)|
    classes: tuple[str, ...] = ()  # softmax: the class labels, in sorted order

    @property
    def z(self) -> tuple[float, ...]:
        return tuple(b / s for b, s in zip(self.network, self.standard_errors))

    def difference(self, first: str, second: str) -> float:
        """max_i |a_i - b_i| / |b_i|: the largest relative difference between two fits' coefficients."""
        a, b = np.array(getattr(self, first)), np.array(getattr(self, second))
        return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), np.finfo(float).tiny)))

    @property
    def agrees(self) -> bool:
        return (all(self.converged.values()) and self.difference("irls", "statsmodels") <= IRLS_TOLERANCE
                and self.difference("network", "statsmodels") <= NETWORK_TOLERANCE)


def _validate(data: Data, family: str) -> None:
    check_support(data, family)
    check_design(data)
    check_separation(data, family)


def _scalar(link, family, data: Data, alpha: float, limit: int) -> Comparison:
    import statsmodels.api as sm

    model = scalar_model(link, family, alpha)
    network, irls = descend_scalar(model, data.X, data.y, limit), irls_scalar(model, data.X, data.y)
    design = np.column_stack([np.ones(len(data.y)), data.X])
    sm_link = getattr(sm.families.links, link.names.statsmodels[0])()
    extra = {"alpha": alpha} if family.name == "negative_binomial" else {}
    sm_family = getattr(sm.families, STATSMODELS_FAMILIES[family.name])(link=sm_link, **extra)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' DomainWarning for the inverse link on Gamma
        reference = sm.GLM(data.y, design, family=sm_family).fit(tol=1e-13, maxiter=300, tol_criterion="params")
    eta = design @ network.params
    mu = model.mean(eta)
    phi = 1.0 if model.fixed_dispersion else float(
        np.sum((data.y - mu) ** 2 / np.broadcast_to(model.variance(mu), mu.shape)) / (len(data.y) - design.shape[1]))
    information = design.T @ (model.fisher_weight(eta)[:, None] * design) / phi
    return Comparison(
        link.name, family.name, data.name, ("constant",) + data.columns, tuple(network.params), tuple(irls.params),
        tuple(reference.params), tuple(np.sqrt(np.diag(np.linalg.inv(information)))), model.deviance(data.y, eta),
        float(reference.llf), {"network": network.iterations, "irls": irls.iterations,
                               "statsmodels": int(reference.fit_history["iteration"])},
        {"network": network.converged, "irls": irls.converged, "statsmodels": bool(reference.converged)})


def _softmax(data: Data, reference_class: float | None, limit: int) -> Comparison:
    import statsmodels.api as sm

    classes = np.unique(data.y)
    if reference_class is None:
        reference_class = classes[0]
    if reference_class not in classes:
        raise SymnetError(f"--reference {reference_class:g} is not a class of {data.target} "
                          f"(classes: {', '.join(f'{c:g}' for c in classes)})")
    r = int(np.flatnonzero(classes == reference_class)[0])
    keep = [k for k in range(len(classes)) if k != r]
    network, irls = descend_softmax(data.X, data.y, classes, limit), irls_softmax(data.X, data.y, classes, r)
    design = np.column_stack([np.ones(len(data.y)), data.X])
    fitted = sm.MNLogit(np.searchsorted(classes, data.y), design).fit(method="newton", tol=1e-14, maxiter=100, disp=0)
    sm_full = np.column_stack([np.zeros(design.shape[1]), fitted.params])  # statsmodels: first class is 0
    contrasts = network.params - network.params[:, [r]]
    centred = network.params - network.params.mean(axis=1, keepdims=True)
    p = softmax_probabilities(design, contrasts)
    gap = float(np.max(np.abs(p - softmax_probabilities(design, centred))))
    information = softmax_information(design, p, r)
    flat = lambda B: tuple(B[:, keep].T.ravel())  # noqa: E731
    names = tuple(f"{data.target}={classes[k]:g}: {c}" for k in keep for c in ("constant",) + data.columns)
    one_hot = (data.y[:, None] == classes[None, :])
    loglik = float(np.sum(np.log(p[one_hot])))
    return Comparison(
        "softmax", "multinomial", data.name, names, flat(contrasts), flat(irls.params),
        flat(sm_full - sm_full[:, [r]]), tuple(np.sqrt(np.diag(np.linalg.inv(information)))), -2 * loglik,
        float(fitted.llf), {"network": network.iterations, "irls": irls.iterations,
                            "statsmodels": int(fitted.mle_retvals["iterations"])},
        {"network": network.converged, "irls": irls.converged, "statsmodels": bool(fitted.mle_retvals["converged"])},
        reference=f"{data.target}={reference_class:g}", sum_to_zero=tuple(centred.T.ravel()), probability_gap=gap,
        classes=tuple(f"{data.target}={c:g}" for c in classes))


def run_crosscheck(link_name: str, data: Data, family: str | None = None, alpha: float = 1.0,
                   reference: float | None = None, max_iterations: int = MAX_DESCENT) -> Comparison:
    """Fit `link` (with `family`, default the link's own) three ways on `data` and compare."""
    link, family_record = resolve_pair(link_name, family)
    _validate(data, "multinomial" if family_record is None else family_record.name)
    if family_record is None:
        return _softmax(data, reference, max_iterations)
    if reference is not None:
        raise SymnetError("--reference applies to softmax only")
    return _scalar(link, family_record, data, alpha, max_iterations)
