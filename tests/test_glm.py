"""Every family/link pair: canonical decided and proven either way, score and information proven and
checked against finite differences, convexity with a re-evaluated counterexample; weight decay."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp

from symnet.catalog.symbols import ETA, MU, Y
from symnet.proofs.canonical import decide_canonical
from symnet.proofs.checker import check
from symnet.proofs.convexity import PARAMETER_VALUES, _grid, convexity
from symnet.proofs.glm import (information_theorem, observed_heads, pairs, score_heads, score_theorem, unfolded,
                               weight_heads)
from symnet.proofs.weight_decay import L2, N, SCALE, WD, keras_tau2, pytorch_tau2, weight_decay_theorem
from symnet.tables import canonical_text, canonical_table

PAIRS = [pytest.param(p, id=p.name) for p in pairs()]
mpmath.mp.dps = 40


def _parameters(p):
    return {a.subject: sp.Rational(PARAMETER_VALUES[a.subject.name]) for a in p.variables[2:]}


def _criterion(p) -> bool:
    """Independent of the proofs: g'(mu) V(mu) is free of mu after simplification."""
    product = sp.simplify(sp.diff(p.link.link, MU) * p.family.variance)
    return MU not in product.free_symbols


@pytest.mark.parametrize("pair", PAIRS)
def test_canonical_decided_and_proven_either_way(pair):
    canonical, proof = decide_canonical(pair)
    assert proof.proven
    assert canonical is _criterion(pair)
    assert canonical is (pair.family.canonical_link == pair.link.name)


@pytest.mark.parametrize("pair", PAIRS)
def test_score_and_information_are_proven(pair):
    canonical = pair.family.canonical_link == pair.link.name
    assert check(score_theorem(pair, canonical)).proven
    assert check(information_theorem(pair, canonical)).proven


def _point(pair):
    ys = _grid(pair.family.y_domain)
    mus = _grid(pair.mu_domain)
    return ys[len(ys) // 2], mus[len(mus) // 3]


@pytest.mark.parametrize("pair", PAIRS)
def test_score_and_hessian_against_finite_differences(pair):
    parameters = _parameters(pair)
    y0, mu0 = _point(pair)
    loglik = pair.family.loglik.xreplace({Y: y0, **parameters})
    inverse = pair.link.inverse.xreplace(parameters)
    along_eta = sp.lambdify(ETA, loglik.xreplace({MU: inverse}), "mpmath")
    eta0 = mpmath.mpf(sp.N(pair.link.link.xreplace({MU: mu0, **parameters}), 50))
    at = {Y: y0, MU: mu0, **parameters}
    score = sp.N(unfolded(pair, score_heads(pair)).xreplace(at), 40)
    observed = sp.N(unfolded(pair, observed_heads(pair)).xreplace(at), 40)
    assert abs(mpmath.diff(along_eta, eta0) - mpmath.mpf(score)) < mpmath.mpf(10) ** -20 * (1 + abs(score))
    assert abs(-mpmath.diff(along_eta, eta0, 2) - mpmath.mpf(observed)) < mpmath.mpf(10) ** -15 * (1 + abs(observed))


@pytest.mark.parametrize("pair", [p for p in PAIRS if p.values[0].family.canonical_link == p.values[0].link.name])
def test_canonical_pairs_are_convex(pair):
    result = convexity(pair, True)
    assert result.proof.proven  # the Hessian is X^T W X
    if pair.family.name == "tweedie":  # W = mu^p / (1 - p)^2: SymPy does not decide the sign for symbolic p
        assert result.convex in (True, None)
    else:
        assert result.convex is True
    weight = unfolded(pair, weight_heads(pair))
    assert Y not in weight.free_symbols  # observed = expected: no y in the Hessian


def test_sigmoid_with_squared_error_is_not_convex_at_a_checked_point():
    (pair,) = [p for p in pairs() if p.name == "gaussian/logit"]
    result = convexity(pair, False)
    assert result.convex is False and result.proof.proven
    point = {name: sp.Rational(value) for name, value in result.point}
    y0, mu0, sigma = point["y"], point["mu"], point["sigma"]
    # re-evaluate: one observation x = 1, the loss (y - sigmoid(b))^2 / (2 sigma^2) along b at b = logit(mu)
    loss = lambda b: (y0 - 1 / (1 + mpmath.exp(-b))) ** 2 / (2 * sigma**2)  # noqa: E731
    b0 = mpmath.log(mpmath.mpf(mu0) / (1 - mpmath.mpf(mu0)))
    second = mpmath.diff(loss, b0, 2)
    assert second < 0
    assert abs(second - mpmath.mpf(sp.N(result.second_derivative, 40))) < mpmath.mpf(10) ** -20


def test_canonical_table_covers_every_pair():
    rows = canonical_table()
    assert len(rows) == len(pairs())
    assert all(r.canonical is not None and r.status == "proven" for r in rows)
    assert {(r.family, r.link) for r in rows if r.canonical} == {
        ("bernoulli", "logit"), ("gaussian", "identity"), ("poisson", "log"), ("gamma", "inverse"),
        ("inverse_gaussian", "inverse_squared"), ("negative_binomial", "negative_binomial"), ("tweedie", "power")}
    assert "logit" in canonical_text(rows)


def test_weight_decay_is_a_gaussian_prior():
    assert check(weight_decay_theorem()).proven
    # numerically: logistic regression, Keras L2(l2) on the mean loss vs the negative log-posterior
    rng = np.random.default_rng(1)
    n, l2, wd = 40, 0.01, 0.05
    x = rng.normal(size=(n, 3))
    y = rng.integers(0, 2, n)
    w = rng.normal(size=3)
    mu = 1 / (1 + np.exp(-x @ w))
    grad_nll = x.T @ (mu - y)
    keras_grad = grad_nll / n + 2 * l2 * w
    tau2 = float(keras_tau2().subs({SCALE: 1, N: n, L2: l2}))
    assert np.allclose(keras_grad * n, grad_nll + w / tau2)
    torch_grad = grad_nll / n + wd * w  # SGD(weight_decay=wd) adds wd * w to the gradient
    tau2 = float(pytorch_tau2().subs({SCALE: 1, N: n, WD: wd}))
    assert np.allclose(torch_grad * n, grad_nll + w / tau2)


@pytest.mark.parametrize("name, convex", [("poisson/identity", True), ("gamma/log", True), ("bernoulli/log", True),
                                          ("bernoulli/cauchit", False), ("poisson/logit", False)])
def test_non_canonical_convexity_decided(name, convex):
    (pair,) = [p for p in pairs() if p.name == name]
    result = convexity(pair, False)
    assert result.convex is convex and result.proof.proven
    if not convex:  # re-evaluate the point numerically: -l(y, h(eta)) bends down at eta = g(mu)
        point = {sp.Symbol(k, **({"real": True} if k in ("y", "mu") else {})): sp.Rational(v) for k, v in result.point}
        values = {s.name: v for s, v in point.items()}
        parameters = {a.subject: values[a.subject.name] for a in pair.variables[2:]}
        loglik = pair.family.loglik.xreplace({Y: values["y"], **parameters})
        along = sp.lambdify(ETA, -loglik.xreplace({MU: pair.link.inverse.xreplace(parameters)}), "mpmath")
        eta0 = mpmath.mpf(sp.N(pair.link.link.xreplace({MU: values["mu"], **parameters}), 50))
        assert mpmath.diff(along, eta0, 2) < 0
