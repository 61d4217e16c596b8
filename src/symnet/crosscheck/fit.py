"""Two fits of the same model: the network by gradient descent, and IRLS on the proven score and information.

The network is h(b + w.z) on whitened inputs z (centred, then orthonormalised by QR: a fixed linear input
layer, so plain gradient descent is well conditioned); its trained weights are mapped back to the raw inputs
exactly.  Softmax networks keep all K(n+1) weights (no reference class) and start from a seeded random init.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from symnet.crosscheck.model import ScalarModel

SEED = 0
MAX_DESCENT = 20_000
MAX_IRLS = 100


@dataclass(frozen=True)
class Fit:
    """Weights in the raw inputs' coordinates (bias first; softmax: a (n+1, K) matrix)."""

    params: np.ndarray
    iterations: int
    converged: bool


@dataclass(frozen=True)
class _Whitening:
    mean: np.ndarray
    R: np.ndarray
    Z: np.ndarray

    def raw(self, theta: np.ndarray) -> np.ndarray:
        """(b, w) on z to (beta_0, beta) on x: eta = b + z.w = beta_0 + x.beta."""
        n = self.Z.shape[0]
        slopes = np.linalg.solve(self.R, theta[1:]) * np.sqrt(n)
        return np.vstack([theta[:1] - self.mean @ slopes, slopes]) if theta.ndim == 2 else \
            np.concatenate([[theta[0] - self.mean @ slopes], slopes])


def _whiten(X: np.ndarray) -> _Whitening:
    mean = X.mean(axis=0)
    Q, R = np.linalg.qr(X - mean)
    return _Whitening(mean, R, Q * np.sqrt(len(X)))


def _descend(loss: Callable, gradient: Callable, theta: np.ndarray, tolerance: float = 1e-10,
             limit: int = MAX_DESCENT) -> tuple:
    """Gradient descent with Barzilai-Borwein steps and an Armijo backtracking line search.

    Stops when the gradient is below `tolerance` relative to the first one, or when no step lowers the loss
    any more in floating point (then converged if the gradient is below sqrt(tolerance) relative).
    """
    value, grad = loss(theta), gradient(theta)
    recent = [value]
    scale = max(np.max(np.abs(grad)), 1e-300)
    step = 1.0 / scale
    for iteration in range(1, limit + 1):
        if np.max(np.abs(grad)) <= tolerance * scale:
            return theta, iteration - 1, True
        for _ in range(60):
            candidate = theta - step * grad
            new_value = loss(candidate)
            reference = max(recent[-10:]) + 1e-15 * abs(value)  # non-monotone: BB steps may rise briefly
            if np.isfinite(new_value) and new_value <= reference - 1e-4 * step * np.sum(grad * grad):
                break
            step /= 4
        else:
            return theta, iteration - 1, bool(np.max(np.abs(grad)) <= np.sqrt(tolerance) * scale)
        new_grad = gradient(candidate)
        s, r = candidate - theta, new_grad - grad
        curvature = np.sum(s * r)
        step = np.sum(s * s) / curvature if curvature > 0 else 2 * step
        theta, value, grad = candidate, new_value, new_grad
        recent.append(value)
    return theta, limit, False


def _warn_free(function: Callable) -> Callable:
    def quiet(*arguments):
        with np.errstate(all="ignore"):
            return function(*arguments)
    return quiet


def descend_scalar(model: ScalarModel, X: np.ndarray, y: np.ndarray, limit: int = MAX_DESCENT) -> Fit:
    """The network h(b + w.x) trained by full-batch gradient descent on the mean negative log-likelihood."""
    white = _whiten(X)
    n = len(y)
    ones_z = np.column_stack([np.ones(n), white.Z])
    bias = float(model.g(np.mean(y)))
    theta = np.concatenate([[bias], np.random.default_rng(SEED).normal(0, 0.01 * min(1.0, abs(bias)), X.shape[1])])

    @_warn_free
    def loss(t):  # infinite outside the link's range: the line search never steps across its end
        eta = ones_z @ t
        value = -np.mean(model.loglik(y, model.mean(eta))) if model.in_range(eta) else np.inf
        return value if np.isfinite(value) else np.inf

    @_warn_free
    def gradient(t):
        return ones_z.T @ np.broadcast_to(model.score(ones_z @ t, y), y.shape) / n

    theta, iterations, converged = _descend(loss, gradient, theta, limit=limit)
    return Fit(white.raw(theta), iterations, converged)


def _one_hot(y: np.ndarray, classes: np.ndarray) -> np.ndarray:
    return (y[:, None] == classes[None, :]).astype(float)


def softmax_probabilities(design: np.ndarray, W: np.ndarray) -> np.ndarray:
    eta = design @ W
    eta = eta - eta.max(axis=1, keepdims=True)
    p = np.exp(eta)
    return p / p.sum(axis=1, keepdims=True)


def descend_softmax(X: np.ndarray, y: np.ndarray, classes: np.ndarray, limit: int = MAX_DESCENT) -> Fit:
    """Dense(K, softmax) trained by full-batch gradient descent on the mean categorical cross-entropy."""
    white = _whiten(X)
    n, K = len(y), len(classes)
    ones_z = np.column_stack([np.ones(n), white.Z])
    Y = _one_hot(y, classes)
    theta = np.random.default_rng(SEED).normal(0, 0.01, (X.shape[1] + 1, K))
    theta[0] += np.log(Y.mean(axis=0))

    def loss(t):
        t = t.reshape(theta.shape)
        eta = ones_z @ t
        top = eta.max(axis=1, keepdims=True)
        return float(np.mean(np.log(np.exp(eta - top).sum(axis=1)) + top[:, 0] - np.sum(Y * eta, axis=1)))

    def gradient(t):  # the proven score p - y, times x
        return (ones_z.T @ (softmax_probabilities(ones_z, t.reshape(theta.shape)) - Y) / n).ravel()

    flat, iterations, converged = _descend(loss, gradient, theta.ravel(), limit=limit)
    return Fit(white.raw(flat.reshape(theta.shape)), iterations, converged)


def irls_scalar(model: ScalarModel, X: np.ndarray, y: np.ndarray, tolerance: float = 1e-15) -> Fit:
    """Fisher scoring: weighted least squares with W = h'^2/V and z = eta + (y - mu)/h'(eta), solved by QR.

    Starts from eta = g((y + mean y)/2) at every observation (as statsmodels does); a step whose deviance is
    not finite (means outside the link's range, e.g. eta >= 0 for the negative-binomial link), that leaves the
    link's range (eta <= 0 for the power link, whose eta^-2 is finite there), or whose deviance is clearly
    larger than the last one is halved back towards the last weights (step halving, as R's glm does).
    """

    def inside_deviance(eta):
        return model.deviance(y, eta) if model.in_range(eta) else np.inf

    design = np.column_stack([np.ones(len(y)), X])
    eta = np.broadcast_to(model.g((y + np.mean(y)) / 2), y.shape).astype(float)
    fallback = np.zeros(design.shape[1])
    fallback[0] = float(model.g(np.mean(y)))  # a constant mean: always inside the link's range
    beta, deviance = None, np.inf
    with np.errstate(all="ignore"):
        for iteration in range(1, MAX_IRLS + 1):
            slope = np.broadcast_to(model.h_prime(eta), y.shape)
            root = np.sqrt(model.fisher_weight(eta))
            working = eta + (y - model.mean(eta)) / slope
            candidate = np.linalg.lstsq(design * root[:, None], working * root, rcond=None)[0]
            anchor = fallback if beta is None else beta
            new = inside_deviance(design @ candidate)
            for _ in range(60):
                if np.isfinite(new) and (beta is None or new <= deviance + 1e-9 * abs(deviance)):
                    break
                candidate = (candidate + anchor) / 2
                new = inside_deviance(design @ candidate)
            if not np.isfinite(new):
                return Fit(candidate if beta is None else beta, iteration, False)
            if beta is not None:
                change = np.abs(candidate - beta)
                if np.all(change <= tolerance * 100 * np.abs(candidate)) or (
                        new >= deviance and iteration > 3 and np.all(change <= 1e-8 * np.abs(candidate))):
                    return Fit(candidate, iteration, True)
            beta, deviance, eta = candidate, new, design @ candidate
    return Fit(beta, MAX_IRLS, False)


def softmax_information(design: np.ndarray, p: np.ndarray, reference: int) -> np.ndarray:
    """Expected (= observed) information of the K-1 contrasts: X^T diag(p_k (delta_kl - p_l)) X blocks."""
    keep = [k for k in range(p.shape[1]) if k != reference]
    m = design.shape[1]
    info = np.empty((m * len(keep), m * len(keep)))
    for a, k in enumerate(keep):
        for b, l in enumerate(keep):
            w = p[:, k] * ((k == l) - p[:, l])
            info[a * m:(a + 1) * m, b * m:(b + 1) * m] = design.T @ (w[:, None] * design)
    return info


def irls_softmax(X: np.ndarray, y: np.ndarray, classes: np.ndarray, reference: int) -> Fit:
    """Newton's method (= IRLS: the information is free of y) on the K-1 reference-category contrasts."""
    design = np.column_stack([np.ones(len(y)), X])
    Y = _one_hot(y, classes)
    keep = [k for k in range(len(classes)) if k != reference]
    B = np.zeros((design.shape[1], len(classes)))
    for iteration in range(1, MAX_IRLS + 1):
        p = softmax_probabilities(design, B)
        score = (design.T @ (Y - p))[:, keep].T.ravel()
        step = np.linalg.solve(softmax_information(design, p, reference), score)
        B[:, keep] += step.reshape(len(keep), -1).T
        if np.max(np.abs(step)) <= 1e-13 * (1 + np.max(np.abs(B))):
            return Fit(B, iteration, True)
    return Fit(B, MAX_IRLS, False)
