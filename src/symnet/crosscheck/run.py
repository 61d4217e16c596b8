"""`symnet crosscheck`: the network, IRLS and statsmodels fitted to the same data, side by side."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import sympy as sp

from symnet.catalog.domains import domain_text
from symnet.catalog.families import POWER_P
from symnet.catalog.symbols import ALPHA, LAMBDA
from symnet.crosscheck.data import Data, check_design, check_link_range, check_separation, check_support
from symnet.crosscheck.fit import (MAX_DESCENT, descend_scalar, descend_softmax, irls_scalar, irls_softmax,
                                   softmax_information, softmax_probabilities)
from symnet.crosscheck.model import (DEFAULT_VAR_POWER, STATSMODELS_FAMILIES, catalog_link, exact,
                                     resolve_pair, scalar_model)
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
    notes: tuple[str, ...] = ()  # how the fits were set up, where a reader would not expect it
    parameters: tuple[tuple[str, float], ...] = ()  # fixed in all three fits: ("p", 1.5), ("lambda", -0.5)

    @property
    def z(self) -> tuple[float, ...]:
        return tuple(b / s for b, s in zip(self.network, self.standard_errors))

    def difference(self, first: str, second: str) -> float:
        """max_i |a_i - b_i| / |b_i|: the largest relative difference between two fits' coefficients."""
        a, b = np.array(getattr(self, first)), np.array(getattr(self, second))
        return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), np.finfo(float).tiny)))

    @property
    def disagreements(self) -> tuple[str, ...]:
        """Why the three fits do not agree, one reason each (empty when they do)."""
        reasons = [f"{fit} did not converge" for fit, done in self.converged.items() if not done]
        for first, second, tolerance in (("irls", "statsmodels", IRLS_TOLERANCE),
                                         ("network", "statsmodels", NETWORK_TOLERANCE)):
            gap = self.difference(first, second)
            if np.isnan(gap):
                reasons.append(f"{first} and {second} cannot be compared: {second} gave no estimates")
            elif not gap <= tolerance:
                reasons.append(f"{first} and {second} differ by {gap:.1e} (relative), above {tolerance:.0e}")
        return tuple(reasons)

    @property
    def agrees(self) -> bool:
        return not self.disagreements


def _validate(data: Data, family: str) -> None:
    check_support(data, family)
    check_design(data)
    check_separation(data, family)


def _statsmodels_family(link, family, model, alpha: float) -> tuple[object, tuple[str, ...]]:
    """statsmodels' family with statsmodels' own link where it has one, else the catalog's link lambdified;
    with the notes a reader needs (a link statsmodels does not list for the family is fitted anyway).
    The parameters are the model's: the negative-binomial alpha, the Tweedie p and the power link's lambda
    tied to it by the catalog's link_substitution, evaluated at that p."""
    import statsmodels.api as sm

    notes = []
    names = link.names.statsmodels
    if names and hasattr(sm.families.links, names[0]):
        link_class = getattr(sm.families.links, names[0])
        if names[0] == "NegativeBinomial":
            sm_link = link_class(alpha=alpha)
        elif names[0] == "Power":  # lambda as the catalog ties it to the family (1 - p for the Tweedie family)
            tie = dict(family.link_substitution)
            sm_link = link_class(power=float(tie[LAMBDA].xreplace(dict(model.values))))
        else:
            sm_link = link_class()
    else:
        sm_link = catalog_link(model)
        notes.append(f"statsmodels has no {link.title.lower()} link: its GLM was given the catalog's link")
    family_class = getattr(sm.families, STATSMODELS_FAMILIES[family.name])
    extra = {"alpha": alpha} if family.name == "negative_binomial" else \
        {"var_power": model.var_power} if family.name == "tweedie" else {}
    try:
        return family_class(link=sm_link, **extra), tuple(notes)
    except ValueError:  # statsmodels lists the links it accepts for each family
        notes.append(f"statsmodels does not list this link for its {family_class.__name__} family: "
                     "fitted with its link check turned off")
        return family_class(link=sm_link, check_link=False, **extra), tuple(notes)


def _boundary_note(link, eta: np.ndarray, converged: tuple[bool, ...]) -> tuple[str, ...]:
    """Why fits may not converge: the linear predictor runs into the end of the link's range."""
    from symnet.catalog.domains import domain_text

    if all(converged) or link.eta_range == sp.S.Reals:
        return ()
    ends = [float(e) for e in (link.eta_range.inf, link.eta_range.sup) if e.is_finite]
    if not ends or not np.all(np.isfinite(eta)):
        return ()
    gap = min(float(np.min(np.abs(eta - e))) for e in ends)
    if gap > 1e-3 * (1 + max(abs(e) for e in ends)):
        return ()
    return (f"the fitted linear predictor comes within {gap:.1e} of the end of the link's range "
            f"({domain_text('eta', link.eta_range)}): the likelihood appears to be largest on that boundary, which "
            "the open range excludes, so there is no maximum-likelihood estimate inside it",)


def _parameters(family, model) -> tuple[tuple[str, float], ...]:
    """The family's fixed parameters and the link parameters it ties, at the values all three fits used."""
    values = dict(model.values)
    fixed = [(str(symbol), float(values[symbol])) for symbol, _ in family.parameters if symbol in (ALPHA, POWER_P)]
    if model.link.name == family.canonical_link:
        fixed += [(str(symbol), float(value.xreplace(values))) for symbol, value in family.link_substitution]
    return tuple(fixed)


class _OutsideRange(ValueError):
    """statsmodels' estimate leaves the link's range without raising (IRLS takes full steps)."""


def _scalar(link, family, data: Data, alpha: float, limit: int, var_power: float) -> Comparison:
    import statsmodels.api as sm

    model = scalar_model(link, family, alpha, var_power)
    network, irls = descend_scalar(model, data.X, data.y, limit), irls_scalar(model, data.X, data.y)
    design = np.column_stack([np.ones(len(data.y)), data.X])
    sm_family, notes = _statsmodels_family(link, family, model, alpha)
    notes = list(notes)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")  # statsmodels' DomainWarning for the inverse link on Gamma, overflow
        glm = sm.GLM(data.y, design, family=sm_family)

        def fitted(start=None):
            found = glm.fit(start_params=start, tol=1e-13, maxiter=300, tol_criterion="params")
            eta = design @ np.asarray(found.params)
            if not model.in_range(eta):  # the power link's eta^-2 is finite for eta < 0 too: no error is raised
                outside = int(np.sum(~model.inside(eta)))
                raise _OutsideRange(f"its estimate puts the linear predictor outside the link's range "
                                    f"({domain_text('eta', link.eta_range)}) at {outside} of {len(eta)} rows")
            return found

        try:
            try:
                reference = fitted()
            except (ValueError, np.linalg.LinAlgError, FloatingPointError):
                # statsmodels' own start (eta = g((y + mean y)/2)) left the link's range: start it instead where
                # every mean is the sample mean (no information from the other two fits)
                start = np.zeros(design.shape[1])
                start[0] = float(model.g(np.mean(data.y)))
                reference = fitted(start)
                notes.append("statsmodels' default start left the link's range; it was started at the constant "
                             "model (every mean equal to the sample mean)")
        except (ValueError, np.linalg.LinAlgError, FloatingPointError) as error:
            reference = None  # shown as a failed fit: the other two are still compared
            notes.append(f"statsmodels failed ({str(error).rstrip('.')}); its IRLS does not halve steps that leave the link's range")
        if reference is not None:
            reference_params, reference_llf = tuple(reference.params), float(reference.llf)  # llf: lazily computed
            reference_iterations, reference_converged = int(reference.fit_history["iteration"]), bool(reference.converged)
        else:
            reference_params, reference_llf = (float("nan"),) * design.shape[1], float("nan")
            reference_iterations, reference_converged = 0, False
    eta = design @ network.params
    notes = tuple(notes) + _boundary_note(link, eta, (network.converged, irls.converged, reference_converged))
    mu = model.mean(eta)
    phi = 1.0 if model.fixed_dispersion else float(
        np.sum((data.y - mu) ** 2 / np.broadcast_to(model.variance(mu), mu.shape)) / (len(data.y) - design.shape[1]))
    information = design.T @ (model.fisher_weight(eta)[:, None] * design) / phi
    return Comparison(
        link.name, family.name, data.name, ("constant",) + data.columns, tuple(network.params), tuple(irls.params),
        reference_params, tuple(np.sqrt(np.diag(np.linalg.inv(information)))), model.deviance(data.y, eta),
        reference_llf, {"network": network.iterations, "irls": irls.iterations, "statsmodels": reference_iterations},
        {"network": network.converged, "irls": irls.converged, "statsmodels": reference_converged},
        notes=notes, parameters=_parameters(family, model))


def _softmax(data: Data, reference: str | None, limit: int) -> Comparison:
    import statsmodels.api as sm

    classes = np.unique(data.y)
    reference_class = classes[0] if reference is None else data.class_value(str(reference))
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
    names = tuple(f"{data.target}={data.class_name(classes[k])}: {c}" for k in keep for c in ("constant",) + data.columns)
    one_hot = (data.y[:, None] == classes[None, :])
    loglik = float(np.sum(np.log(p[one_hot])))
    return Comparison(
        "softmax", "multinomial", data.name, names, flat(contrasts), flat(irls.params),
        flat(sm_full - sm_full[:, [r]]), tuple(np.sqrt(np.diag(np.linalg.inv(information)))), -2 * loglik,
        float(fitted.llf), {"network": network.iterations, "irls": irls.iterations,
                            "statsmodels": int(fitted.mle_retvals["iterations"])},
        {"network": network.converged, "irls": irls.converged, "statsmodels": bool(fitted.mle_retvals["converged"])},
        reference=f"{data.target}={data.class_name(reference_class)}", sum_to_zero=tuple(centred.T.ravel()),
        probability_gap=gap, classes=tuple(f"{data.target}={data.class_name(c)}" for c in classes))


def run_crosscheck(link_name: str, data: Data, family: str | None = None, alpha: float | None = None,
                   reference: str | float | None = None, max_iterations: int = MAX_DESCENT,
                   var_power: float | None = None) -> Comparison:
    """Fit `link` (with `family`, default the link's own) three ways on `data` and compare.

    `alpha` is the negative-binomial dispersion (default 1), for that family only; `var_power` is the Tweedie
    variance power p (default 1.5), for that family only, and ties the power link's lambda = 1 - p.
    """
    link, family_record = resolve_pair(link_name, family)
    if alpha is not None:
        if family_record is None or family_record.name != "negative_binomial":
            raise SymnetError("alpha is the negative-binomial dispersion: it applies to that family only")
        if not (np.isfinite(alpha) and alpha > 0):
            raise SymnetError(f"alpha must be a positive number (the negative-binomial dispersion), not {alpha:g}")
    alpha = 1.0 if alpha is None else alpha
    if var_power is not None:
        if family_record is None or family_record.name != "tweedie":
            raise SymnetError("the variance power p is the Tweedie family's: it applies to that family only")
        domain = dict(family_record.parameters)[POWER_P]  # the catalog's 1 < p < 2
        if not (np.isfinite(var_power) and domain.contains(exact(var_power)) == sp.true):
            raise SymnetError(f"the Tweedie variance power must satisfy {domain_text('p', domain)} (the compound "
                              f"Poisson-gamma range), not p = {var_power:g}")
    var_power = DEFAULT_VAR_POWER if var_power is None else var_power
    _validate(data, "multinomial" if family_record is None else family_record.name)
    if family_record is None:
        return _softmax(data, reference, max_iterations)
    if reference is not None:
        raise SymnetError("--reference applies to softmax only")
    check_link_range(data, link)
    return _scalar(link, family_record, data, alpha, max_iterations, var_power)
