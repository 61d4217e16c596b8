"""`identify`: which GLM a network is, from its activation and loss as users type them."""

from __future__ import annotations

import json

import pytest

from symnet import identify
from symnet.errors import UnknownNameError
from tests.conftest import run_cli, run_main

IDENTIFIED = [
    ("sigmoid", "binary_crossentropy", "bernoulli", "logit", True, True, "logistic regression"),
    ("sigmoid", "BCELoss", "bernoulli", "logit", True, True, "logistic regression"),
    ("softmax", "categorical_crossentropy", "multinomial", "softmax", True, True, "multinomial logit"),
    ("softmax", "sparse_categorical_crossentropy", "multinomial", "softmax", True, True, "multinomial logit"),
    ("linear", "mse", "gaussian", "identity", True, True, "OLS / linear regression"),
    ("linear", "torch.nn.MSELoss", "gaussian", "identity", True, True, "OLS / linear regression"),
    ("exponential", "poisson", "poisson", "log", True, True, "Poisson regression"),
    ("linear", "nn.BCEWithLogitsLoss", "bernoulli", "logit", True, True, "logistic regression"),
    ("linear", "torch.nn.CrossEntropyLoss", "multinomial", "softmax", True, True, "multinomial logit"),
    ("linear", "PoissonNLLLoss", "poisson", "log", True, True, "Poisson regression"),
    ("sigmoid", "mse", "gaussian", "logit", False, False, "Gaussian GLM with the logit link"),
]


@pytest.mark.parametrize("activation, loss, family, link, canonical, convex, model", IDENTIFIED)
def test_identify(activation, loss, family, link, canonical, convex, model):
    result = identify(activation=activation, loss=loss)
    assert (result.family, result.link, result.canonical, result.convex) == (family, link, canonical, convex)
    assert result.model.startswith(model)
    assert result.proven and all(p.proven for p in result.proofs)
    kinds = {p.derivation.info("kind") for p in result.proofs}
    assert {"loss", "score"} <= kinds and kinds & {"forward", "softmax"}


def test_sigmoid_mse_is_not_logistic_regression():
    result = identify(activation="sigmoid", loss="mse")
    assert "not logistic regression" in result.reason
    assert dict(result.counterexample)


@pytest.mark.parametrize("activation, loss, word", [
    ("relu", "mse", "relu(-1) = relu(-2) = 0"), ("linear", "hinge", "hinge"), ("sigmoid", "log_cosh", "log_cosh"),
    ("linear", "huber", "huber"), ("sigmoid", "nn.BCEWithLogitsLoss", "linear"),
])
def test_not_a_glm(activation, loss, word):
    result = identify(activation=activation, loss=loss)
    assert not result.glm and not result.proven and word in result.reason


@pytest.mark.parametrize("loss, name", [
    ("mae", "keras.mean_absolute_error"), ("mean_absolute_error", "keras.mean_absolute_error"),
    ("keras.losses.MeanAbsoluteError", "keras.mean_absolute_error"), ("l1", "torch.L1Loss"),
    ("nn.L1Loss", "torch.L1Loss"), ("torch.nn.L1Loss", "torch.L1Loss"),
])
def test_absolute_error_is_the_laplace_likelihood_not_a_glm(loss, name):
    result = run_main("identify", "--activation", "sigmoid", "--loss", loss)
    assert result.returncode == 1 and result.stderr == ""
    assert result.stdout.startswith(f"sigmoid + {loss}: not a GLM.\nReason: {name} is no negative log-likelihood of "
                                    "an exponential family: |y - mu| is the negative log-likelihood of the Laplace "
                                    "distribution")
    assert "conditional median, not the mean" in result.stdout


@pytest.mark.parametrize("loss, name", [("huber", "keras.huber"), ("nn.HuberLoss", "torch.HuberLoss"),
                                        ("nn.SmoothL1Loss", "torch.HuberLoss"), ("hinge", "keras.hinge"),
                                        ("log_cosh", "keras.log_cosh")])
def test_other_non_likelihood_losses_exit_1_with_the_reason(loss, name):
    result = run_main("identify", "--activation", "linear", "--loss", loss)
    assert result.returncode == 1 and result.stderr == ""
    assert f"Reason: {name} is no negative log-likelihood of an exponential family: " in result.stdout


@pytest.mark.parametrize("loss, hint", [("maee", " Did you mean 'mae'?"), ("binary_crosentropy",
                                                                           " Did you mean 'binary_crossentropy'?"),
                                        ("nope", "")])
def test_an_unknown_loss_exits_2_with_a_suggestion_and_the_valid_names(loss, hint):
    result = run_main("identify", "--activation", "sigmoid", "--loss", loss)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"symnet: error: unknown loss {loss!r}.{hint} Valid losses: binary_crossentropy, ")
    assert "mean_absolute_error" in result.stderr and "L1Loss" in result.stderr


@pytest.mark.parametrize("activation, loss", [("tanhh", "mse"), ("sigmoid", "crossentropy_typo")])
def test_unknown_names_raise_with_the_valid_names(activation, loss):
    with pytest.raises(UnknownNameError, match="Valid"):
        identify(activation=activation, loss=loss)


def test_cli_identify_json_and_exit_codes():
    done = run_cli("identify", "--activation", "Sigmoid", "--loss", "keras.losses.BinaryCrossentropy",
                   "--format", "json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert {"family", "link", "canonical", "convex", "model", "proofs"} <= set(answer)
    assert answer["model"] == "logistic regression" and all(p["status"] == "proven" for p in answer["proofs"])
    assert all({"title", "status"} <= set(p) for p in answer["proofs"])
    refused = run_cli("identify", "--activation", "relu", "--loss", "mse")
    assert refused.returncode == 1 and "not a GLM" in refused.stdout
    unknown = run_cli("identify", "--activation", "sigmoid", "--loss", "nope")
    assert unknown.returncode == 2 and "Valid losses" in unknown.stderr


def test_cli_prove_with_family_prints_the_whole_chain():
    done = run_cli("prove", "logit", "--family", "gaussian", "--format", "json")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["family"] == "gaussian" and record["status"] == "proven" and record["convex"] is not None
    kinds = [p.get("kind") or p["title"] for p in record["proofs"]]
    assert len(kinds) >= 6
    text = run_cli("prove", "logit", "--family", "bernoulli")
    assert text.returncode == 0 and "IRLS" in text.stdout and "Hessian" in text.stdout
    for fmt in ("latex", "markdown"):
        assert run_cli("prove", "log", "--family", "poisson", "--format", fmt).returncode == 0


def test_readme_identify_table_is_current():
    from pathlib import Path

    from symnet.tables import identify_markdown

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert identify_markdown() in readme


def test_cli_prove_softmax_with_the_multinomial_family():
    done = run_cli("prove", "softmax", "--family", "multinomial", "--format", "json")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["status"] == "proven" and record["canonical"] is True and record["convex"] is True
    assert all(p["status"] == "proven" for p in record["proofs"])


@pytest.mark.parametrize("arguments, words", [
    (("logit", "--family", "bernouli"), ["Did you mean 'bernoulli'", "gaussian", "negative_binomial"]),
    (("softmax", "--family", "bernoulli"), ["multinomial"]),
    (("logit", "--family", "multinomial"), ["softmax"]),
    (("--activation", "eta", "--family", "gaussian"), ["catalog link"]),
])
def test_cli_prove_family_bad_pairs_are_named(arguments, words):
    done = run_cli("prove", *arguments)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert all(word in done.stderr for word in words), done.stderr


def test_undecided_convexity_is_not_settled():
    """probit with the Bernoulli family: convexity undecided, so identify exits 1 and says what is open."""
    done = run_cli("identify", "--activation", "probit", "--loss", "binary_crossentropy")
    assert done.returncode == 1, done.stdout
    assert "Not settled" in done.stdout and "convexity" in done.stdout
    assert "$" not in done.stdout and "\\" not in done.stdout


@pytest.mark.parametrize("activation, glm", [("gelu", False), ("silu", False), ("hard_sigmoid", False),
                                             ("elu", True), ("leaky_relu", True)])
def test_identify_knows_the_activations_outside_the_catalog(activation, glm):
    found = identify(activation=activation, loss="mse")
    assert found.glm is glm and found.proofs and not found.proven
    if glm:
        assert found.unchecked and found.family == "gaussian"


def test_identify_suggests_a_close_activation():
    with pytest.raises(UnknownNameError, match="Did you mean 'sigmoid'"):
        identify(activation="sigmod", loss="binary_crossentropy")


def test_identify_refuses_an_activation_whose_values_are_not_means():
    found = identify(activation="elu", loss="binary_crossentropy")
    assert not found.glm and "Bernoulli" in found.reason


@pytest.mark.parametrize("activation, loss", [("elu", "hinge"), ("leaky_relu", "huber"), ("elu", "nn.BCEWithLogitsLoss")])
def test_outside_catalog_activation_with_a_non_likelihood_loss(activation, loss):
    found = identify(activation=activation, loss=loss)
    assert not found.glm and found.reason


def test_nll_loss_needs_log_softmax():
    assert not identify(activation="linear", loss="NLLLoss").glm
    found = identify(activation="nn.LogSoftmax", loss="NLLLoss")
    assert found.glm and found.family == "multinomial" and "LogSoftmax" in " ".join(found.notes)
    assert not identify(activation="log_softmax", loss="mse").glm
