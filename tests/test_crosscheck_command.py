"""`symnet crosscheck`: three fits agree on every built-in data set; bad input gets one line and exit 2."""

from __future__ import annotations

import json

import numpy as np
import pytest

from symnet.cli import main
from symnet.crosscheck.data import BUILT_IN, load_built_in
from symnet.crosscheck.run import run_crosscheck
from tests.conftest import run_cli

pytest.importorskip("statsmodels.api")

CASES = [(spec.name, link, spec.family) for spec in BUILT_IN for link in (spec.link,) + spec.links] + [
    (spec.name, link, family) for spec in BUILT_IN for link, family in spec.pairs]


@pytest.mark.parametrize("name, link, family", CASES, ids=[f"{n}-{link}-{f}" for n, link, f in CASES])
def test_built_in_fits_agree(name, link, family):
    spec = next(b for b in BUILT_IN if b.name == name)
    own = family == spec.family
    result = run_crosscheck(link, load_built_in(name), family, spec.alpha if own else None,
                            var_power=spec.var_power if own else None)
    assert all(result.converged.values()), result.iterations
    assert result.difference("irls", "statsmodels") <= 1e-8
    assert result.difference("network", "statsmodels") <= 1e-6
    assert all(s > 0 for s in result.standard_errors)
    assert result.agrees


def test_softmax_reference_and_sum_to_zero(capsys):
    assert main(["crosscheck", "softmax", "--data", "anes96", "--reference", "3", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["reference"] == "PID=3"
    assert len(record["coefficients"]) == 6 * 6  # K-1 = 6 contrasts of 6 coefficients
    assert record["probability_gap"] < 1e-12
    centred = np.array(record["sum_to_zero"]).reshape(7, 6)  # class by class
    assert np.allclose(centred.sum(axis=0), 0, atol=1e-10)
    assert record["max_relative_difference"]["irls_vs_statsmodels"] <= 1e-8


def test_list_data_and_unknown_name(capsys):
    assert main(["crosscheck", "--list-data"]) == 0
    listed = capsys.readouterr().out
    assert all(spec.name in listed for spec in BUILT_IN)
    assert main(["crosscheck", "logit", "--data", "iris"]) == 2
    error = capsys.readouterr().err
    assert "unknown data set 'iris'" in error and "spector" in error and error.count("\n") == 1


def _csv(tmp_path, text):
    path = tmp_path / "data.csv"
    path.write_text(text)
    return str(path)


BAD = {
    "missing column": ("y,a\n0,1\n1,2\n0,3\n1,1\n", ["--target", "y", "--columns", "b"], "column 'b' is not in"),
    "non-numeric": ("y,a\n0,1\n1,x\n0,3\n", ["--target", "y"], "line 3, column 'a': 'x' is not a number"),
    "outside support": ("y,a\n0,1\n2,2\n0,3\n1,5\n1,2\n", ["--target", "y"], "outside the Bernoulli family's support"),
    "separation": ("y,a\n0,1\n0,2\n0,3\n1,4\n1,5\n1,6\n", ["--target", "y"], "perfect separation"),
    "one class": ("y,a\n1,1\n1,2\n1,3\n1,4\n", ["--target", "y"], "y is 1 in every row"),
    "empty column name": ("y,a\n0,1\n1,2\n0,3\n1,1\n", ["--target", "y", "--columns", ""], "empty column name"),
    "singular": ("y,a,b\n0,1,2\n1,2,4\n0,3,6\n1,4,8\n0,2,4\n1,3,6\n", ["--target", "y"],
                 "singular design: column 'b' is a linear combination"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_csv_one_line_exit_2(case, tmp_path, capsys):
    text, extra, message = BAD[case]
    assert main(["crosscheck", "logit", "--csv", _csv(tmp_path, text), *extra]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv"]  # nothing written


def test_good_csv_agrees(tmp_path, capsys):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 2))
    y = rng.poisson(np.exp(0.3 + x @ [0.5, -0.2]))
    rows = "\n".join(f"{a},{b},{c}" for (a, b), c in zip(x, y))
    assert main(["crosscheck", "log", "--csv", _csv(tmp_path, "a,b,count\n" + rows + "\n"),
                 "--target", "count", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["agrees"] is True


def test_subprocess_smoke():
    result = run_cli("crosscheck", "logit", "--data", "spector")
    assert result.returncode == 0, result.stderr
    assert "agree: yes" in result.stdout and "GPA" in result.stdout


def test_report_from_npz(tmp_path, capsys):
    sm = pytest.importorskip("statsmodels.api")
    data = sm.datasets.spector.load_pandas()
    fitted = sm.Logit(data.endog, sm.add_constant(data.exog)).fit(disp=0)
    path = tmp_path / "weights.npz"
    np.savez(path, weights=fitted.params.values[1:], bias=fitted.params.values[:1])
    arguments = ["report", "--weights", str(path), "--activation", "sigmoid", "--loss", "binary_crossentropy",
                 "--data", "spector"]
    assert main(arguments) == 0
    text = capsys.readouterr().out
    assert "Bernoulli GLM, logit link" in text and "(at the MLE)" in text and "GPA" in text
    assert f"{fitted.bse['GPA']:.4g}" in text
    np.savez(path, weights=fitted.params.values[1:] * 1.1, bias=fitted.params.values[:1])
    assert main(arguments + ["--format", "markdown"]) == 1
    assert "NOT at the MLE" in capsys.readouterr().out
    assert main(["report", "--weights", str(path), "--activation", "relu", "--loss", "mse", "--data", "spector"]) == 2


def test_non_convergence_is_reported(capsys):
    assert main(["crosscheck", "cauchit", "--data", "spector", "--max-iterations", "3"]) == 1
    text = capsys.readouterr().out
    assert "network 3 (NOT converged)" in text and "agree: NO" in text


@pytest.mark.parametrize("link_name, family_name", [("cauchit", "bernoulli"), ("log", "negative_binomial")])
def test_the_score_used_is_the_proven_one(link_name, family_name):
    """The numeric score is minus the checked score theorem's GLM score, and equals d(-l)/d eta computed directly."""
    import sympy as sp

    from symnet.catalog.families import family_by_name
    from symnet.catalog.names import resolve
    from symnet.catalog.symbols import ALPHA, ETA, Y
    from symnet.crosscheck.model import scalar_model
    from symnet.proofs.checker import check
    from symnet.proofs.glm import canonical_theorem, pair, score_heads, score_theorem

    link, family = resolve(link_name), family_by_name(family_name)
    found = pair(family, link)
    canonical = check(canonical_theorem(found))
    theorem = check(score_theorem(found, canonical.proven))
    assert theorem.proven
    stated = [step.rhs for chain in theorem.derivation.chains for step in chain.steps]
    assert score_heads(found) in stated  # the GLM form (y - mu)/(a V g') is a checked step of the chain
    from symnet.catalog.symbols import MU

    # independently: d(-l(y, h(eta)))/d eta by direct differentiation of the catalog log-likelihood
    direct = sp.diff(-family.loglik.xreplace({ALPHA: 1, MU: link.inverse}), ETA)
    model = scalar_model(link, family, alpha=1.0)
    for eta, y in [(0.3, 1.0), (-1.2, 0.0), (-0.4, 2.0)]:
        if family_name == "bernoulli" and y > 1:
            continue
        assert model.score(eta, y) == pytest.approx(float(direct.xreplace({ETA: eta, Y: y}).evalf()), rel=1e-12)


@pytest.mark.parametrize("arguments, code, words", [
    (["logit", "--data", "spector", "--family", "poisson"], 0, ["link check turned off", "agree: yes"]),
    (["softplus", "--data", "cpunish"], 0, ["the catalog's link", "agree: yes"]),
    (["nbinom", "--data", "cpunish"], 0, ["agree: yes"]),
    (["inverse", "--data", "cpunish"], 0, ["agree: yes"]),
    (["logc", "--data", "spector"], 1, ["end of the link's range", "agree: NO (", "did not converge"]),
    (["nbinom", "--data", "randhie"], 1, ["statsmodels failed", "cannot be compared", "network vs irls"]),
])
def test_pairs_statsmodels_lacks_or_refuses(arguments, code, words, capsys):
    """statsmodels gets the catalog's link where it has none; IRLS halves steps that leave the link's range."""
    assert main(["crosscheck", *arguments]) == code
    out = capsys.readouterr().out
    assert all(word in out for word in words), out


@pytest.mark.parametrize("arguments, message", [
    (["logit", "--data", "spector", "--alpha", "-1"], "applies to that family only"),
    (["nbinom", "--data", "cpunish", "--alpha", "-1"], "alpha must be a positive number"),
    (["nbinom", "--data", "cpunish", "--alpha", "0"], "alpha must be a positive number"),
    (["softmax", "--data", "anes96", "--reference", "9"], "'9' is not a class of PID"),
])
def test_bad_options_one_line_exit_2(arguments, message, capsys):
    assert main(["crosscheck", *arguments]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1


def test_text_class_labels_for_softmax(tmp_path, capsys):
    rng = np.random.default_rng(2)
    x = rng.normal(size=(300, 2))
    scores = np.column_stack([np.zeros(300), 0.5 + x @ [1.0, -0.5], -0.3 + x @ [-0.7, 0.8]])
    p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    labels = np.array(["blue", "green", "red"])[[rng.choice(3, p=row) for row in p]]
    rows = "\n".join(f"{a},{b},{c}" for (a, b), c in zip(x, labels))
    path = _csv(tmp_path, "a,b,colour\n" + rows + "\n")
    assert main(["crosscheck", "softmax", "--csv", path, "--target", "colour", "--reference", "red",
                 "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["reference"] == "colour=red" and record["agrees"] is True
    assert any(c["name"].startswith("colour=blue: ") for c in record["coefficients"])


def _weights(tmp_path, name, **arrays):
    path = tmp_path / name
    np.savez(path, **arrays)
    return str(path)


@pytest.mark.parametrize("make, activation, loss, data, message", [
    (lambda t: _weights(t, "s.npz", weights=np.array(["a", "b", "c"]), bias=np.zeros(1)), "sigmoid",
     "binary_crossentropy", "spector", "weights must be real numbers"),
    (lambda t: _weights(t, "n.npz", weights=np.array([np.nan, 1, 2]), bias=np.zeros(1)), "sigmoid",
     "binary_crossentropy", "spector", "NaN"),
    (lambda t: (np.save(t / "w.npy", np.ones(3)), str(t / "w.npy"))[1], "sigmoid", "binary_crossentropy",
     "spector", "must be an .npz file"),
    (lambda t: _weights(t, "k.npz", weights=np.ones(5), bias=np.zeros(1)), "softmax", "categorical_crossentropy",
     "anes96", "one output per class"),
    (lambda t: _weights(t, "c.npz", weights=np.zeros((5, 3)), bias=np.zeros(3)), "softmax",
     "categorical_crossentropy", "anes96", "7 classes but the network has 3 outputs"),
    (lambda t: _weights(t, "j.npz", weights=np.array([1j, 0, 0]), bias=np.zeros(1)), "sigmoid",
     "binary_crossentropy", "spector", "must be real numbers"),
    (lambda t: _weights(t, "b.npz", weights=np.array([True, False, True]), bias=np.zeros(1)), "sigmoid",
     "binary_crossentropy", "spector", "must be real numbers"),
    (lambda t: _weights(t, "o.npz", W=np.zeros(3)), "sigmoid", "binary_crossentropy", "spector", "it has W"),
    (lambda t: _weights(t, "p.npz", weights=np.ones(3), bias=np.zeros(1)), "sigmoid", "binary_crossentropy",
     "cpunish", "shapes do not fit"),
    (lambda t: _weights(t, "t.npz", weights=np.array([2.8, 0.095, 2.38]), bias=np.array([-13.0])), "tanh",
     "binary_crossentropy", "spector", "is not a Bernoulli mean"),
    (lambda t: _weights(t, "e.npz", weights=np.ones(3), bias=np.zeros(1)), "elu", "mse", "spector",
     "needs a catalog link"),
])
def test_report_bad_input_one_line_exit_2(make, activation, loss, data, message, tmp_path, capsys):
    path = make(tmp_path)
    assert main(["report", "--weights", path, "--activation", activation, "--loss", loss, "--data", data]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1, error
