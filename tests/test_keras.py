"""Keras itself: Input(5) -> Dense(7, softmax) trained on anes96 is statsmodels' MNLogit, coefficient for coefficient.

Needs the `keras` extra (Keras 3 on JAX, CPU). Skipped when keras is missing, except under CI=true, where
missing keras is a failure.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_ENABLE_X64", "1")  # float64 weights: the comparison is not limited by float32

try:
    import keras
except ImportError:  # pragma: no cover - depends on the environment
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("keras is not installed (pip install 'symnet[keras]')", allow_module_level=True)

import symnet
from symnet.errors import SymnetError

sm = pytest.importorskip("statsmodels.api")
COLUMNS = ("logpopul", "selfLR", "age", "educ", "income")


@pytest.fixture(scope="module")
def anes96():
    frame = sm.datasets.anes96.load_pandas().data
    X = frame[list(COLUMNS)].to_numpy(float)
    return (X - X.mean(axis=0)) / X.std(axis=0), frame["PID"].to_numpy(int)


def _model(inputs: int, *layers) -> keras.Model:
    keras.config.set_floatx("float64")
    keras.utils.set_random_seed(0)
    x = first = keras.Input((inputs,))
    for layer in layers:
        x = layer(x)
    return keras.Model(first, x)


def test_keras_softmax_is_mnlogit(anes96):
    X, y = anes96
    model = _model(X.shape[1], keras.layers.Dense(7, activation="softmax"))
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="categorical_crossentropy")
    targets = np.eye(7)[y]
    model.fit(X, targets, batch_size=len(X), epochs=300, verbose=0, shuffle=False)  # full batch, Adam
    # Adam with a constant rate hovers around the optimum; plain full-batch gradient descent then converges.
    model.compile(optimizer=keras.optimizers.SGD(2.0), loss="categorical_crossentropy")
    model.fit(X, targets, batch_size=len(X), epochs=2500, verbose=0, shuffle=False)
    table = symnet.from_keras(model, X, y, names=COLUMNS)
    reference = sm.MNLogit(y, sm.add_constant(X)).fit(method="newton", tol=1e-14, maxiter=100, disp=0)
    estimates = np.array([r.estimate for r in table.rows]).reshape(6, 6).T
    errors = np.array([r.std_error for r in table.rows]).reshape(6, 6).T
    assert (table.link, table.family) == ("softmax", "multinomial")
    # Tolerance: the MLE is unique, so a converged network differs from it only by the optimizer's last step.
    # We ask for 1e-5 of a standard error: invisible statistically, reached here by float64 Adam then
    # gradient descent, while Adam alone (constant rate) stays 1e-5 to 1e-2 SE away, run to run.
    assert np.max(np.abs(estimates - reference.params) / errors) < 1e-5
    assert np.allclose(errors, reference.bse, rtol=1e-6)
    assert table.at_mle


def test_hidden_layer_refused(anes96):
    X, y = anes96
    model = _model(X.shape[1], keras.layers.Dense(3, activation="tanh"), keras.layers.Dense(7, activation="softmax"))
    model.compile(loss="categorical_crossentropy")
    with pytest.raises(SymnetError, match="2 trainable layers"):
        symnet.from_keras(model, X, y)


def test_relu_refused(anes96):
    X, y = anes96
    model = _model(X.shape[1], keras.layers.Dense(1, activation="relu"))
    model.compile(loss="mse")
    with pytest.raises(SymnetError, match="'relu' is not invertible"):
        symnet.from_keras(model, X, y.astype(float))


def test_sigmoid_at_statsmodels_weights_is_at_the_mle():
    data = sm.datasets.spector.load_pandas()
    fitted = sm.Logit(data.endog, sm.add_constant(data.exog)).fit(disp=0)
    model = _model(3, keras.layers.Dense(1, activation="sigmoid"))
    model.compile(loss="binary_crossentropy")
    model.layers[-1].set_weights([fitted.params.values[1:, None], fitted.params.values[:1]])
    table = symnet.from_keras(model, data.exog.values, data.endog.values)
    assert (table.link, table.family) == ("logit", "bernoulli") and table.at_mle
    assert np.allclose([r.p_value for r in table.rows], fitted.pvalues.values, rtol=1e-8)
    assert "\\begin{tabular}" in table.to_latex() and "| GPA" not in table.to_markdown()
