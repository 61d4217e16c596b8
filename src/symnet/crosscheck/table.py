"""The GLM view of given network weights: coefficients, standard errors, z, p, deviance, and the score.

`glm_table(weights, bias, activation=..., loss=..., X=..., y=...)` needs no training: it reads the
weights as GLM coefficients (softmax: K-1 contrasts against a reference class), evaluates the expected
information at them, and reports how far they are from the maximum-likelihood estimate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from symnet.crosscheck.fit import softmax_information, softmax_probabilities
from symnet.crosscheck.model import glm_of, resolve_pair, scalar_model
from symnet.errors import SymnetError

AT_MLE = 1e-3  # the Newton step to the MLE is under a thousandth of a standard error


@dataclass(frozen=True)
class Row:
    term: str
    estimate: float
    std_error: float
    z: float
    p_value: float


@dataclass(frozen=True)
class GLMTable:
    """A tidy, pandas-free coefficient table with the fit's summary numbers."""

    link: str
    family: str
    rows: tuple[Row, ...]
    deviance: float
    score_norm: float  # max |X^T score|, the gradient of the summed negative log-likelihood
    newton_step: float  # max |Newton step| / SE: how far the weights are from the MLE, in standard errors
    observations: int
    reference: str | None = None  # softmax: the class the coefficients are contrasts against

    @property
    def _family_title(self) -> str:
        from symnet.catalog.families import family_by_name

        return family_by_name(self.family).title.split(" (")[0]

    @property
    def _title(self) -> str:
        return f"{self._family_title} GLM, {self.link} link"

    @property
    def _contrasts(self) -> str:
        """The sentence naming the reference category (softmax), or "" (one output)."""
        if not self.reference:
            return ""
        return f"softmax weights as contrasts against the reference category {self.reference}"

    @property
    def at_mle(self) -> bool:
        return self.newton_step <= AT_MLE

    def _summary(self) -> str:
        where = "at the MLE" if self.at_mle else "NOT at the MLE"
        return (f"deviance {self.deviance:.8g}; score norm {self.score_norm:.2e}; Newton step "
                f"{self.newton_step:.2e} SE ({where}); n = {self.observations}")

    def to_text(self) -> str:
        width = max(len(r.term) for r in self.rows)
        lines = [self._title] + [self._contrasts] * bool(self._contrasts)
        lines += [f"{'term':<{width}}  {'estimate':>13} {'std.error':>11} {'z':>8} {'p':>10}"]
        lines += [f"{r.term:<{width}}  {r.estimate:>13.6g} {r.std_error:>11.4g} {r.z:>8.3f} {r.p_value:>10.3g}"
                  for r in self.rows]
        return "\n".join(lines + [self._summary()]) + "\n"

    def to_markdown(self) -> str:
        cell = lambda text: text.replace("|", r"\|")  # noqa: E731  (a '|' in a class label would end the cell)
        lines = [f"**{self._title}**", ""] + [_sentence(self._contrasts), ""] * bool(self._contrasts)
        lines += ["| term | estimate | std. error | z | p |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {cell(r.term)} | {r.estimate:.6g} | {r.std_error:.4g} | {r.z:.3f} | {r.p_value:.3g} |"
                  for r in self.rows]
        return "\n".join(lines + ["", self._summary()]) + "\n"

    def to_latex(self) -> str:
        from symnet.render.prose import escape

        contrasts = f" {escape(_sentence(self._contrasts))}" if self._contrasts else ""
        lines = [rf"\paragraph{{{escape(self._title)}.}}{contrasts}", "", r"\begin{tabular}{lrrrr}",
                 r"term & estimate & std.\ error & $z$ & $p$ \\ \hline"]
        lines += [f"{escape(r.term)} & {r.estimate:.6g} & {r.std_error:.4g} & {r.z:.3f} & {r.p_value:.3g} \\\\"
                  for r in self.rows]
        return "\n".join(lines + [r"\end{tabular}", "", escape(self._summary())]) + "\n"

    def to_json(self) -> str:
        """The table as strict JSON (NaN and infinities as null), with crosscheck's key names."""
        from symnet.crosscheck.jsontext import strict_json

        return strict_json({
            "link": self.link, "family": self.family, "reference": self.reference,
            "coefficients": [{"name": r.term, "estimate": r.estimate, "se": r.std_error, "z": r.z, "p": r.p_value}
                             for r in self.rows],
            "deviance": self.deviance, "score_norm": self.score_norm, "newton_step": self.newton_step,
            "at_mle": self.at_mle, "observations": self.observations})


def _sentence(words: str) -> str:
    """Words as a sentence: capitalised, with a full stop."""
    return f"{words[:1].upper()}{words[1:]}."


def _rows(names, estimates, information) -> tuple[Row, ...]:
    from scipy.stats import norm

    try:
        se = np.sqrt(np.diag(np.linalg.inv(information)))
    except np.linalg.LinAlgError:
        raise SymnetError("the expected information at these weights is singular: there are no standard "
                          "errors") from None
    z = estimates / se
    return tuple(Row(n, float(b), float(s), float(t), float(2 * norm.sf(abs(t))))
                 for n, b, s, t in zip(names, estimates, se, z))


def _numbers(value, name: str) -> np.ndarray:
    """An array of finite real numbers, or a one-line error naming the argument."""
    kind = np.asarray(value).dtype.kind
    if kind not in "iuf":  # booleans, complex numbers, strings and objects are not weights or data
        raise SymnetError(f"{name} must be real numbers (got an array of {np.asarray(value).dtype})")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise SymnetError(f"{name} must be numbers (got an array of {np.asarray(value).dtype})") from None
    if not np.all(np.isfinite(array)):
        raise SymnetError(f"{name} contains NaN or infinite values")
    return array


def _check_response(y: np.ndarray, outputs: int, family: str) -> None:
    """y inside the family's support; for softmax, labels 0 .. K-1 (or one-hot rows) for K outputs."""
    from symnet.crosscheck.data import Data, check_support

    if family == "multinomial":
        if y.ndim == 2:
            if y.shape[1] != outputs or not np.all((y == 0) | (y == 1)) or not np.all(y.sum(axis=1) == 1):
                raise SymnetError(f"one-hot y must have {outputs} columns of 0/1 with one 1 per row")
        elif len(np.unique(y)) != outputs:
            raise SymnetError(f"the data have {len(np.unique(y))} classes but the network has {outputs} outputs")
        elif not np.all((y == np.round(y)) & (y >= 0) & (y < outputs)):
            bad = y[~((y == np.round(y)) & (y >= 0) & (y < outputs))][0]
            raise SymnetError(f"class label {bad:g} does not fit {outputs} outputs: labels must be 0 .. {outputs - 1}")
        return
    if y.ndim != 1:
        raise SymnetError(f"y must be one number per row for one output, not shape {y.shape}")
    check_support(Data("data", (), np.zeros((len(y), 0)), y, "y"), family)


def _check_design(X: np.ndarray, names: tuple[str, ...]) -> None:
    """A constant or collinear input column is named (its coefficients would have no standard errors)."""
    from symnet.crosscheck.data import Data, check_design

    check_design(Data("data", names, X, np.zeros(len(X)), "y"))


def _check_means(mu: np.ndarray, family, link, activation: str) -> None:
    """The network's outputs must be means the family allows (tanh outputs are Bernoulli means only when > 0)."""
    from symnet.catalog.domains import domain_text

    space = family.mean_space
    low, high = float(space.inf), float(space.sup)
    inside = np.isfinite(mu) & (mu > low) & (mu < high)
    if not np.all(inside):
        raise SymnetError(f"at {np.sum(~inside)} of {len(mu)} rows the network's output {activation} is not a "
                          f"{family.title} mean ({domain_text('mu', space)}); first at row "
                          f"{int(np.flatnonzero(~inside)[0]) + 1}: {mu[~inside][0]:.4g}")


def _class_names(classes, outputs: int) -> tuple[str, ...]:
    """The names of a softmax network's outputs, in output order ("class 0", "class 1", ... by default)."""
    if classes is None:
        return tuple(f"class {k}" for k in range(outputs))
    names = tuple(str(c) for c in classes)
    if len(names) != outputs or len(set(names)) != outputs:
        raise SymnetError(f"classes must name each of the {outputs} outputs once (got {len(names)} names, "
                          f"{len(set(names))} distinct)")
    return names


def _reference_index(reference: int | str, labels: tuple[str, ...]) -> int:
    """The output position of the reference class, given as a position or as one of the class names."""
    if isinstance(reference, str):
        if reference not in labels:
            raise SymnetError(f"reference {reference!r} is not a class (classes: {', '.join(labels)})")
        return labels.index(reference)
    if isinstance(reference, bool) or not isinstance(reference, (int, np.integer)):
        raise SymnetError(f"reference must be an output position 0 .. {len(labels) - 1} or a class name, "
                          f"not {reference!r}")
    if not 0 <= reference < len(labels):
        raise SymnetError(f"reference class {reference} does not exist: choose 0 .. {len(labels) - 1}")
    return int(reference)


def _softmax_view(design, params, y, names, reference: int, labels: tuple[str, ...]):
    """Softmax weights as K-1 contrasts against the reference output.

    Returns the terms, the estimates, the expected information, the score and the deviance."""
    K = params.shape[1]
    Y = y if y.ndim == 2 else (y[:, None] == np.arange(K)[None, :]).astype(float)
    contrasts = params - params[:, [reference]]
    keep = [k for k in range(K) if k != reference]
    p = softmax_probabilities(design, contrasts)
    info = softmax_information(design, p, reference)
    score = (design.T @ (Y - p))[:, keep].T.ravel()
    terms = tuple(f"{labels[k]}: {n}" for k in keep for n in ("constant",) + names)
    return terms, contrasts[:, keep].T.ravel(), info, score, float(-2 * np.sum(Y * np.log(p)))


def glm_table(weights, bias, *, activation: str, loss: str, X, y, names: tuple[str, ...] | None = None,
              reference: int | str = 0, classes: tuple[str, ...] | None = None) -> GLMTable:
    """The GLM table of a no-hidden-layer network's weights (shape (n,) or (n, K)) and bias on data X, y.

    Softmax: y holds class positions 0 .. K-1 (or one-hot rows); `classes` names the K outputs (e.g.
    ("PID=0", ...)), and the coefficients are contrasts against output `reference` (a position, or a name
    in `classes`).
    """
    weights, bias, X, y = (_numbers(value, name) for value, name in
                           ((weights, "weights"), (bias, "bias"), (X, "X"), (y, "y")))
    link_name, family_name = glm_of(activation, loss)
    link, family = resolve_pair(link_name, None if family_name == "multinomial" else family_name)
    if family is None and weights.ndim != 2:
        raise SymnetError(f"a softmax network has one output per class: weights of shape (inputs, classes), "
                          f"not {weights.shape}")
    W, b = np.atleast_2d(weights.T).T, np.atleast_1d(bias)
    if X.ndim != 2 or X.shape[1] != W.shape[0] or W.shape[1] != b.shape[0] or len(X) != len(y) or b.ndim != 1:
        raise SymnetError(f"shapes do not fit: weights {W.shape} (inputs, outputs), bias {b.shape} (outputs,), "
                          f"X {X.shape} (rows, inputs), y {y.shape} (rows,)")
    if len(y) <= W.shape[0] + 1:
        raise SymnetError(f"{len(y)} rows for {W.shape[0] + 1} coefficients per output: need more rows")
    _check_response(y, W.shape[1], family.name if family else "multinomial")
    labels = _class_names(classes, W.shape[1]) if family is None else None
    reference = _reference_index(reference, labels) if labels else reference
    names = tuple(names) if names else tuple(f"x{i + 1}" for i in range(X.shape[1]))
    if len(names) != X.shape[1]:
        raise SymnetError(f"names must name each of the {X.shape[1]} input columns (got {len(names)} names)")
    _check_design(X, names)
    design = np.column_stack([np.ones(len(X)), X])
    params = np.vstack([b, W])
    if family is None:
        terms, estimates, info, score, deviance = _softmax_view(design, params, y, names, reference, labels)
    else:
        if classes is not None:
            raise SymnetError("classes name a softmax network's outputs; this network has one output")
        if params.shape[1] != 1:
            raise SymnetError(f"a {activation} network has one output; these weights have {params.shape[1]}")
        model = scalar_model(link, family)
        estimates, eta = params[:, 0], design @ params[:, 0]
        mu = model.mean(eta)
        _check_means(mu, family, link, activation)
        phi = 1.0 if model.fixed_dispersion else float(np.sum((y - mu) ** 2 / np.broadcast_to(
            model.variance(mu), mu.shape)) / (len(y) - design.shape[1]))
        info = design.T @ (model.fisher_weight(eta)[:, None] * design) / phi
        score = -design.T @ np.broadcast_to(model.score(eta, y), y.shape) / phi
        terms, deviance = ("constant",) + names, model.deviance(y, eta)
    rows = _rows(terms, estimates, info)
    step = np.linalg.solve(info, score) / np.array([r.std_error for r in rows])
    return GLMTable(link.name, family.name if family else "multinomial", rows, deviance,
                    float(np.max(np.abs(score))), float(np.max(np.abs(step))), len(y),
                    labels[reference] if family is None else None)
