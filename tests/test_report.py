"""`symnet report` and the GLM table: classes named by their labels, the reference stated in every format, JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest

from symnet.cli import main
from symnet.crosscheck.table import GLMTable, Row, glm_table
from symnet.errors import SymnetError

sm = pytest.importorskip("statsmodels.api")

ANES_COLUMNS = ["logpopul", "selfLR", "age", "educ", "income"]
COLOURS = ("blue", "green", "red")
FORMATS = ("text", "markdown", "latex", "json")


def _mnlogit_weights(X: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray, object]:
    """Network weights (inputs x K) and bias (K) at the MLE, the first class's column zero, and statsmodels' fit."""
    fitted = sm.MNLogit(positions, sm.add_constant(X)).fit(method="newton", tol=1e-14, maxiter=100, disp=0)
    params = np.column_stack([np.zeros(X.shape[1] + 1), fitted.params])
    return params[1:], params[0], fitted


@pytest.fixture(scope="module")
def anes96(tmp_path_factory):
    frame = sm.datasets.anes96.load_pandas().data
    X, y = frame[ANES_COLUMNS].to_numpy(float), frame["PID"].to_numpy(int)
    weights, bias, fitted = _mnlogit_weights(X, y)
    path = tmp_path_factory.mktemp("anes96") / "weights.npz"
    np.savez(path, weights=weights, bias=bias)
    return str(path), fitted


@pytest.fixture(scope="module")
def colours(tmp_path_factory):
    """A CSV whose target holds text labels, and weights at its MLE (outputs in sorted label order)."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(300, 2))
    scores = np.column_stack([np.zeros(300), 0.5 + x @ [1.0, -0.5], -0.3 + x @ [-0.7, 0.8]])
    p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    positions = np.array([rng.choice(3, p=row) for row in p])
    folder = tmp_path_factory.mktemp("colours")
    rows = "\n".join(f"{a},{b},{COLOURS[k]}" for (a, b), k in zip(x, positions))
    (folder / "colours.csv").write_text("a,b,colour\n" + rows + "\n")
    weights, bias, fitted = _mnlogit_weights(x, positions)
    np.savez(folder / "weights.npz", weights=weights, bias=bias)
    return str(folder / "weights.npz"), str(folder / "colours.csv"), fitted


def _report(capsys, *arguments: str) -> tuple[int, str]:
    code = main(["report", *arguments])
    captured = capsys.readouterr()
    assert captured.err == "", captured.err
    return code, captured.out


def _anes(path: str, *extra: str) -> list[str]:
    return ["--weights", path, "--activation", "softmax", "--loss", "categorical_crossentropy", "--data", "anes96",
            *extra]


def _colours(weights: str, csv: str, *extra: str, activation: str = "softmax") -> list[str]:
    return ["--weights", weights, "--activation", activation, "--loss", "categorical_crossentropy", "--csv", csv,
            "--target", "colour", *extra]


@pytest.mark.parametrize("form", FORMATS)
def test_anes96_classes_are_named_as_crosscheck_names_them(form, anes96, capsys):
    code, out = _report(capsys, *_anes(anes96[0], "--format", form))
    assert code == 0
    assert "PID=1: constant" in out and "PID=6: income" in out and "PID=0: " not in out
    assert "class " not in out  # no class named by its position
    if form == "json":
        assert json.loads(out)["reference"] == "PID=0"
    else:
        assert "oftmax weights as contrasts against the reference category PID=0" in out  # S in Markdown, LaTeX


@pytest.mark.parametrize("form", FORMATS)
@pytest.mark.parametrize("activation", ["softmax", "keras.activations.softmax"])
def test_text_labels_name_the_rows_and_the_reference(form, activation, colours, capsys):
    weights, csv, fitted = colours
    code, out = _report(capsys, *_colours(weights, csv, "--format", form, activation=activation))
    assert code == 0
    if form == "json":
        record = json.loads(out)
        assert record["reference"] == "colour=blue"
        assert [c["name"] for c in record["coefficients"]] == [
            f"colour={c}: {t}" for c in ("green", "red") for t in ("constant", "a", "b")]
        assert np.allclose([c["estimate"] for c in record["coefficients"]], fitted.params.T.ravel(), rtol=1e-10)
    else:
        assert "reference category colour=blue" in out
        assert all(f"colour={c}: {t}" in out for c in ("green", "red") for t in ("constant", "a", "b"))
        assert "class 1" not in out and "class 2" not in out


@pytest.mark.parametrize("reference, other, sign", [("red", "blue", -1.0), ("green", "blue", -1.0)])
def test_reference_by_label_matches_statsmodels_contrasts(reference, other, sign, colours, capsys):
    weights, csv, fitted = colours
    code, out = _report(capsys, *_colours(weights, csv, "--reference", reference, "--format", "json"))
    record = json.loads(out)
    assert code == 0 and record["reference"] == f"colour={reference}"
    # statsmodels' columns are green, red against blue; against `reference`, blue is minus the reference's column.
    column = fitted.params[:, COLOURS.index(reference) - 1]
    estimates = {c["name"]: c["estimate"] for c in record["coefficients"]}
    assert np.allclose([estimates[f"colour={other}: {t}"] for t in ("constant", "a", "b")], sign * column,
                       rtol=1e-10)
    assert f"colour={reference}: constant" not in estimates


def test_anes96_reference_and_standard_errors_match_statsmodels(anes96, capsys):
    path, fitted = anes96
    code, out = _report(capsys, *_anes(path, "--reference", "3", "--format", "json"))
    record = json.loads(out)
    rows = {c["name"]: c for c in record["coefficients"]}
    assert code == 0 and record["reference"] == "PID=3" and len(rows) == 36
    assert rows["PID=0: selfLR"]["estimate"] == pytest.approx(-fitted.params[2, 2], rel=1e-10)
    # Against PID=0 the standard errors are statsmodels' own.
    code, out = _report(capsys, *_anes(path, "--format", "json"))
    errors = [c["se"] for c in json.loads(out)["coefficients"]]
    assert np.allclose(errors, fitted.bse.T.ravel(), rtol=1e-6)


def test_numeric_labels_that_are_not_positions(tmp_path, capsys):
    """Classes 1, 2, 3 are named y=1, y=2, y=3 (the labels), not by their positions 0, 1, 2."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=(200, 1))
    positions = np.array([rng.choice(3, p=[0.3, 0.3, 0.4]) for _ in x])
    (tmp_path / "d.csv").write_text("a,y\n" + "\n".join(f"{a},{k + 1}" for a, k in zip(x[:, 0], positions)) + "\n")
    weights, bias, _ = _mnlogit_weights(x, positions)
    np.savez(tmp_path / "w.npz", weights=weights, bias=bias)
    code, out = _report(capsys, "--weights", str(tmp_path / "w.npz"), "--activation", "softmax", "--loss",
                        "categorical_crossentropy", "--csv", str(tmp_path / "d.csv"), "--target", "y")
    assert code == 0
    assert out.splitlines()[1] == "softmax weights as contrasts against the reference category y=1"
    assert [line.split()[0] for line in out.splitlines()[3:7]] == ["y=2:", "y=2:", "y=3:", "y=3:"]


def _softmax_table(**keywords) -> GLMTable:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 1))
    y = np.arange(60) % 3
    return glm_table(np.zeros((1, 3)), np.zeros(3), activation="softmax", loss="categorical_crossentropy",
                     X=X, y=y, **{"names": ("x",), **keywords})


@pytest.mark.parametrize("render, expected", [
    ("to_text", "softmax weights as contrasts against the reference category colour=red\n"),
    ("to_markdown", "\n\nSoftmax weights as contrasts against the reference category colour=red.\n\n"),
    ("to_latex", r"\paragraph{Multinomial GLM, softmax link.} Softmax weights as contrasts against the reference "
                 "category colour=red.\n"),
    ("to_json", '"reference": "colour=red"'),
])
def test_every_rendering_states_the_reference(render, expected):
    table = _softmax_table(classes=("colour=blue", "colour=green", "colour=red"), reference="colour=red")
    out = getattr(table, render)()
    assert expected in out
    assert "colour=blue: x" in out and "colour=green: constant" in out and "colour=red: " not in out


@pytest.mark.parametrize("render", ["to_text", "to_markdown", "to_latex"])
def test_one_output_states_no_reference(render):
    data = sm.datasets.spector.load_pandas()
    fitted = sm.Logit(data.endog, sm.add_constant(data.exog)).fit(disp=0)
    table = glm_table(fitted.params.values[1:], fitted.params.values[:1], activation="sigmoid",
                      loss="binary_crossentropy", X=data.exog.values, y=data.endog.values, names=("GPA", "TUCE", "PSI"))
    out = getattr(table, render)()
    assert "reference" not in out and "Bernoulli GLM, logit link" in out and f"{fitted.bse['GPA']:.4g}" in out
    assert json.loads(table.to_json())["reference"] is None


def test_default_class_names_and_reference_by_position():
    table = _softmax_table(reference=2)
    assert table.reference == "class 2"
    assert [r.term for r in table.rows][:2] == ["class 0: constant", "class 0: x"]


def test_labels_with_latex_and_markdown_specials_are_escaped():
    table = _softmax_table(classes=("a|b", "x_y", "50%"), reference="x_y")
    assert r"| a\|b: constant |" in table.to_markdown() and "| 50%: x |" in table.to_markdown()
    assert r"a|b: constant &" in table.to_latex() and r"50\%: x &" in table.to_latex()
    assert r"reference category x\_y." in table.to_latex()


def test_report_json_matches_statsmodels_and_writes_nan_as_null(tmp_path, capsys):
    data = sm.datasets.spector.load_pandas()
    fitted = sm.Logit(data.endog, sm.add_constant(data.exog)).fit(disp=0)
    np.savez(tmp_path / "w.npz", weights=fitted.params.values[1:], bias=fitted.params.values[:1])
    code, out = _report(capsys, "--weights", str(tmp_path / "w.npz"), "--activation", "sigmoid", "--loss",
                        "binary_crossentropy", "--data", "spector", "--format", "json")
    record = json.loads(out)
    assert code == 0 and record["at_mle"] is True and record["observations"] == 32
    assert (record["link"], record["family"], record["reference"]) == ("logit", "bernoulli", None)
    assert [c["name"] for c in record["coefficients"]] == ["constant", "GPA", "TUCE", "PSI"]
    assert np.allclose([c["p"] for c in record["coefficients"]], fitted.pvalues.values, rtol=1e-8)
    assert np.allclose([c["se"] for c in record["coefficients"]], fitted.bse.values, rtol=1e-8)
    assert record["deviance"] == pytest.approx(-2 * fitted.llf, rel=1e-10)
    broken = GLMTable("logit", "bernoulli", (Row("x", 1.0, float("nan"), float("inf"), float("nan")),),
                      float("inf"), 0.0, float("nan"), 3)
    assert json.loads(broken.to_json())["coefficients"][0] == {"name": "x", "estimate": 1.0, "se": None, "z": None,
                                                                "p": None}
    assert "NaN" not in broken.to_json() and "Infinity" not in broken.to_json()


def test_not_at_the_mle_is_exit_1_in_json(anes96, tmp_path, capsys):
    stored = np.load(anes96[0])
    np.savez(tmp_path / "w.npz", weights=stored["weights"] * 1.1, bias=stored["bias"])
    code, out = _report(capsys, *_anes(str(tmp_path / "w.npz"), "--format", "json"))
    record = json.loads(out)
    assert code == 1 and record["at_mle"] is False and record["newton_step"] > 1e-3


@pytest.mark.parametrize("arguments, message", [
    (["--activation", "sigmoid", "--loss", "binary_crossentropy", "--data", "spector", "--reference", "1"],
     "--reference applies to softmax only"),
    (["--activation", "softmax", "--loss", "categorical_crossentropy", "--data", "anes96", "--reference", "9"],
     "'9' is not a class of PID (classes: 0, 1, 2, 3, 4, 5, 6)"),
    (["--activation", "sigmoid", "--loss", "binary_crossentropy", "--data", "spector", "--target", "GRADE"],
     "--target and --columns apply to --csv only"),
])
def test_report_bad_options_one_line_exit_2(arguments, message, anes96, capsys):
    assert main(["report", "--weights", anes96[0], *arguments]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1, error


def test_text_label_reference_must_be_a_label(colours, capsys):
    weights, csv, _ = colours
    assert main(["report", *_colours(weights, csv, "--reference", "purple")]) == 2
    error = capsys.readouterr().err
    assert "'purple' is not a class of colour (classes: blue, green, red)" in error and error.count("\n") == 1


def test_singular_design_is_named_not_an_internal_error(tmp_path, capsys):
    (tmp_path / "d.csv").write_text("y,a,b\n0,1,2\n1,2,4\n0,3,6\n1,4,8\n0,2,4\n1,3,6\n")
    np.savez(tmp_path / "w.npz", weights=np.array([0.1, 0.2]), bias=np.zeros(1))
    assert main(["report", "--weights", str(tmp_path / "w.npz"), "--activation", "sigmoid", "--loss",
                 "binary_crossentropy", "--csv", str(tmp_path / "d.csv"), "--target", "y"]) == 2
    error = capsys.readouterr().err
    assert "singular design: column 'b' is a linear combination of constant, a" in error


@pytest.mark.parametrize("keywords, message", [
    ({"classes": ("a", "b")}, "classes must name each of the 3 outputs once (got 2 names, 2 distinct)"),
    ({"classes": ("a", "a", "b")}, "classes must name each of the 3 outputs once (got 3 names, 2 distinct)"),
    ({"classes": ("a", "b", "c"), "reference": "d"}, "reference 'd' is not a class (classes: a, b, c)"),
    ({"reference": 1.5}, "reference must be an output position 0 .. 2 or a class name, not 1.5"),
    ({"reference": 3}, "reference class 3 does not exist: choose 0 .. 2"),
    ({"names": ("x", "z")}, "names must name each of the 1 input columns (got 2 names)"),
])
def test_bad_classes_or_reference(keywords, message):
    with pytest.raises(SymnetError) as caught:
        _softmax_table(**keywords)
    assert message in str(caught.value)


def test_classes_refused_for_one_output():
    data = sm.datasets.spector.load_pandas()
    with pytest.raises(SymnetError, match="classes name a softmax network's outputs; this network has one output"):
        glm_table(np.zeros(3), np.zeros(1), activation="sigmoid", loss="binary_crossentropy", X=data.exog.values,
                  y=data.endog.values, classes=("fail", "pass"))
