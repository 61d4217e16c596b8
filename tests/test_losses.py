"""Each library loss = positive factor x NLL + constant: proven, and checked against independent numpy/scipy
implementations written here from the libraries' documentation, and against real Keras / PyTorch."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest
import sympy as sp
from scipy import special, stats

from symnet.catalog.families import family_by_name
from symnet.catalog.losses import LOSSES, loss_by_name
from symnet.catalog.symbols import ETA, MU, Y
from symnet.proofs.checker import check
from symnet.proofs.losses import loss_theorem

LIKELIHOOD_LOSSES = [pytest.param(loss, id=loss.name) for loss in LOSSES if loss.family]
SCALAR_LOSSES = [pytest.param(loss, id=loss.name) for loss in LOSSES if loss.formula is not None]
SIGMA, NU = 1.3, 2.5


# Library formulas, per observation, written from the documentation (see docs/library-losses.md).
def bce(y, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def bce_logits(y, x):
    return -(y * np.log(special.expit(x)) + (1 - y) * np.log(special.expit(-x)))


def stirling(y):
    return np.where(y > 1, y * np.log(np.maximum(y, 1)) - y + 0.5 * np.log(2 * np.pi * np.maximum(y, 1)), 0.0)


LIBRARY = {
    "keras.binary_crossentropy": bce,
    "torch.BCELoss": lambda y, p: -(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log(1 - p), -100)),
    "keras.binary_crossentropy_from_logits": bce_logits,
    "torch.BCEWithLogitsLoss": bce_logits,
    "keras.mean_squared_error": lambda y, p: (y - p) ** 2,
    "torch.MSELoss": lambda y, p: (p - y) ** 2,
    "torch.GaussianNLLLoss": lambda y, p: 0.5 * (np.log(max(SIGMA**2, 1e-6)) + (p - y) ** 2 / max(SIGMA**2, 1e-6)),
    "keras.poisson": lambda y, p: p - y * np.log(p + 1e-7),
    "torch.PoissonNLLLoss": lambda y, x: np.exp(x) - y * x,
    "torch.PoissonNLLLoss_rate": lambda y, p: p - y * np.log(p + 1e-8),
    "torch.PoissonNLLLoss_full": lambda y, x: np.exp(x) - y * x + stirling(y),
    "sklearn.mean_gamma_deviance": lambda y, p: 2 * (np.log(p / y) + y / p - 1),
}
LOGLIK = {  # scipy's log-densities, independent of the catalog
    "bernoulli": lambda y, mu: stats.bernoulli.logpmf(y, mu),
    "gaussian": lambda y, mu: stats.norm.logpdf(y, mu, SIGMA),
    "poisson": lambda y, mu: stats.poisson.logpmf(y, mu),
    "gamma": lambda y, mu: stats.gamma.logpdf(y, a=NU, scale=mu / NU),
}
MEANS = {"bernoulli": lambda x: special.expit(x), "poisson": np.exp}


def _points(loss, rng):
    family = loss.family
    for _ in range(20):
        if family == "bernoulli":
            y = float(rng.integers(0, 2))
        elif family == "poisson":
            y = float(rng.integers(0, 30))
        elif family == "gamma":
            y = float(rng.uniform(0.1, 10))
        else:
            y = float(rng.normal(0, 3))
        value = float(rng.normal(0, 2)) if loss.argument == ETA else (
            float(rng.uniform(0.05, 0.95)) if family == "bernoulli" else float(rng.uniform(0.1, 8)) if family != "gaussian"
            else float(rng.normal(0, 3)))
        yield y, value


@pytest.mark.parametrize("loss", LIKELIHOOD_LOSSES)
def test_loss_is_a_positive_multiple_of_the_nll_plus_a_constant(loss):
    proof = check(loss_theorem(loss))
    assert proof.proven, proof.to_text()
    scale = proof.derivation.info("scale")
    assert sp.N(scale.xreplace({sp.Symbol("sigma", positive=True): 1, sp.Symbol("nu", positive=True): 1})) > 0
    free = proof.derivation.info("constant").free_symbols
    assert MU not in free and ETA not in free


@pytest.mark.parametrize("loss", [l for l in LIKELIHOOD_LOSSES if l.values[0].name in LIBRARY])
def test_theorem_against_the_documented_library_formula(loss):
    proof = check(loss_theorem(loss))
    values = {"sigma": SIGMA, "nu": NU}
    scale = float(proof.derivation.info("scale").subs({s: values[s.name] for s in
                                                       proof.derivation.info("scale").free_symbols}))
    constant = proof.derivation.info("constant")
    rng = np.random.default_rng(8)
    for y, value in _points(loss, rng):
        mean = MEANS[loss.family](value) if loss.argument == ETA else value
        parameters = {s: values.get(s.name, y) for s in constant.free_symbols if s != Y}
        c = float(sp.N(constant.xreplace({Y: sp.nsimplify(y), **parameters})))
        expected = scale * -float(LOGLIK[loss.family](y, mean)) + c
        assert math.isclose(float(LIBRARY[loss.name](y, value)), expected, rel_tol=1e-5, abs_tol=1e-5)


def test_multinomial_losses_against_scipy():
    rng = np.random.default_rng(3)
    for name in ("keras.categorical_crossentropy", "keras.sparse_categorical_crossentropy", "torch.CrossEntropyLoss",
                 "torch.NLLLoss"):
        assert check(loss_theorem(loss_by_name(name))).proven
    for _ in range(10):
        logits = rng.normal(0, 3, 3)
        c = int(rng.integers(0, 3))
        p = special.softmax(logits)
        onehot = np.eye(3)[c]
        nll = -stats.multinomial.logpmf(onehot, 1, p)
        assert math.isclose(-np.sum(onehot * np.log(p)), nll, rel_tol=1e-9)  # categorical_crossentropy
        assert math.isclose(-(logits[c] - special.logsumexp(logits)), nll, rel_tol=1e-9)  # CrossEntropyLoss


def test_mse_claimed_as_the_bernoulli_nll_is_refuted():
    proof = check(loss_theorem(loss_by_name("mse"), family_by_name("bernoulli")))
    assert proof.status.value == "refuted"
    assert proof.counterexample is not None


@pytest.mark.parametrize("name", ["log_cosh", "hinge", "huber", "mae", "nn.L1Loss", "nn.HuberLoss"])
def test_non_likelihood_losses_say_why(name):
    loss = loss_by_name(name)
    assert loss.family is None and ("not" in loss.not_likelihood or "no " in loss.not_likelihood)


@pytest.mark.parametrize("typed, name", [
    ("mse", "keras.mean_squared_error"), ("MSE", "keras.mean_squared_error"),
    ("nn.BCEWithLogitsLoss", "torch.BCEWithLogitsLoss"), ("torch.nn.CrossEntropyLoss", "torch.CrossEntropyLoss"),
    ("keras.losses.BinaryCrossentropy", "keras.binary_crossentropy"), ("PoissonNLLLoss(full=True)",
                                                                      "torch.PoissonNLLLoss_full"),
])
def test_names_as_users_type_them(typed, name):
    assert loss_by_name(typed).name == name


# ---------------------------------------------------------------- real libraries

def _keras():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    try:
        import keras
    except ImportError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("keras is not installed (pip install 'symnet[keras]')")
    return keras


KERAS_FUNCTIONS = {
    "keras.binary_crossentropy": ("binary_crossentropy", {}),
    "keras.binary_crossentropy_from_logits": ("binary_crossentropy", {"from_logits": True}),
    "keras.mean_squared_error": ("mean_squared_error", {}),
    "keras.poisson": ("poisson", {}),
    "keras.log_cosh": ("log_cosh", {}),
    "keras.huber": ("huber", {}),
    "keras.mean_absolute_error": ("mean_absolute_error", {}),
}


@pytest.mark.parametrize("name", sorted(KERAS_FUNCTIONS))
def test_catalog_formula_matches_keras(name):
    keras = _keras()
    loss = loss_by_name(name)
    function_name, options = KERAS_FUNCTIONS[name]
    function = getattr(keras.losses, function_name)
    formula = sp.lambdify((Y, loss.argument), loss.formula, "numpy")
    rng = np.random.default_rng(5)
    for _ in range(10):
        y = float(rng.integers(0, 2)) if "binary" in name else float(rng.integers(0, 6)) if "poisson" in name \
            else float(rng.normal())
        value = float(rng.normal()) if loss.argument == ETA else float(rng.uniform(0.05, 0.95)) if "binary" in name \
            else float(rng.uniform(0.2, 5)) if "poisson" in name else float(rng.normal())
        got = float(keras.ops.convert_to_numpy(function(np.array([[y]], "float32"), np.array([[value]], "float32"),
                                                        **options))[0])
        assert math.isclose(got, float(formula(y, value)), rel_tol=2e-4, abs_tol=2e-5)


def test_hinge_matches_keras():
    keras = _keras()
    formula = sp.lambdify((Y, ETA), loss_by_name("hinge").formula, "numpy")
    for y, f in ((1.0, 0.3), (-1.0, 0.3), (1.0, 2.0), (-1.0, -0.5)):
        got = float(keras.ops.convert_to_numpy(keras.losses.hinge(np.array([[y]], "float32"),
                                                                  np.array([[f]], "float32")))[0])
        assert math.isclose(got, float(formula(y, f)), rel_tol=1e-5, abs_tol=1e-6)


def test_multinomial_matches_keras():
    keras = _keras()
    rng = np.random.default_rng(9)
    logits = rng.normal(0, 2, (5, 3)).astype("float32")
    labels = rng.integers(0, 3, 5)
    onehot = np.eye(3, dtype="float32")[labels]
    p = special.softmax(logits, axis=1).astype("float32")
    expected = -(logits[np.arange(5), labels] - special.logsumexp(logits, axis=1))
    for got in (keras.losses.categorical_crossentropy(onehot, p),
                keras.losses.sparse_categorical_crossentropy(labels, p),
                keras.losses.categorical_crossentropy(onehot, logits, from_logits=True)):
        assert np.allclose(keras.ops.convert_to_numpy(got), expected, rtol=1e-4, atol=1e-5)


def test_pytorch_losses_where_installed():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, 6).astype("float64")
    x = rng.normal(0, 2, 6)
    for name, module, argument in (("torch.BCEWithLogitsLoss", torch.nn.BCEWithLogitsLoss(reduction="none"), x),
                                   ("torch.BCELoss", torch.nn.BCELoss(reduction="none"), special.expit(x)),
                                   ("torch.MSELoss", torch.nn.MSELoss(reduction="none"), x),
                                   ("torch.L1Loss", torch.nn.L1Loss(reduction="none"), x),
                                   ("torch.HuberLoss", torch.nn.HuberLoss(reduction="none"), 3 * x),
                                   ("nn.SmoothL1Loss", torch.nn.SmoothL1Loss(reduction="none"), 3 * x)):
        formula = sp.lambdify((Y, loss_by_name(name).argument), loss_by_name(name).formula, "numpy")
        got = module(torch.tensor(argument), torch.tensor(y)).numpy()
        assert np.allclose(got, formula(y, argument), rtol=1e-6)
    counts = rng.integers(0, 10, 6).astype("float64")
    got = torch.nn.PoissonNLLLoss(full=True, reduction="none")(torch.tensor(x), torch.tensor(counts)).numpy()
    formula = sp.lambdify((Y, ETA), loss_by_name("PoissonNLLLoss(full=True)").formula, "numpy")
    assert np.allclose(got, [formula(c, v) for c, v in zip(counts, x)], rtol=1e-6)
