"""The network trained on symnet's proven score lands on statsmodels' maximum-likelihood fit."""

from __future__ import annotations

import pytest

from symnet.catalog.names import resolve
from symnet.crosscheck import crosscheck

sm = pytest.importorskip("statsmodels.api")

CASES = [
    ("logit", "spector", None), ("probit", "spector", None), ("cloglog", "spector", None),
    ("cauchit", "spector", None), ("log", "cpunish", ["INCOME", "VC100k96"]), ("identity", "longley", None),
    ("inverse", "scotland", None),
]


@pytest.mark.filterwarnings("ignore::statsmodels.tools.sm_exceptions.DomainWarning")  # inverse link on Gamma
@pytest.mark.parametrize("link_name, dataset, columns", CASES, ids=[c[0] for c in CASES])
def test_network_fit_matches_statsmodels(link_name, dataset, columns):
    data = getattr(sm.datasets, dataset).load_pandas()
    exog = data.exog if columns is None else data.exog[columns]
    exog = (exog - exog.mean()) / exog.std()
    result = crosscheck(resolve(link_name), exog, data.endog)
    assert result.max_difference < 1e-6 * (1 + max(abs(v) for v in result.statsmodels)), result


# ---------------------------------------------------------------- the Tweedie family (1 < p < 2) on the fair data

TWEEDIE_CASES = [("power", None), ("power", 1.2), ("log", None), ("log", 1.8)]


@pytest.mark.parametrize("link_name, var_power", TWEEDIE_CASES, ids=[f"{n}-p{p}" for n, p in TWEEDIE_CASES])
def test_tweedie_fits_match_statsmodels(link_name, var_power):
    """Network and IRLS land on statsmodels' Tweedie GLM, fitted here independently with the same p (and, for the
    power link, lambda = 1 - p), to the tolerances `symnet crosscheck` uses."""
    import numpy as np

    from symnet.crosscheck.data import built_in, load_built_in
    from symnet.crosscheck.run import IRLS_TOLERANCE, NETWORK_TOLERANCE, run_crosscheck

    spec, data = built_in("fair"), load_built_in("fair")
    p = spec.var_power if var_power is None else var_power
    result = run_crosscheck(link_name, data, "tweedie", var_power=var_power)
    assert all(result.converged.values()), result.iterations
    assert dict(result.parameters) == pytest.approx({"p": p, "lambda": 1 - p} if link_name == "power" else {"p": p})
    link = sm.families.links.Power(power=1 - p) if link_name == "power" else sm.families.links.Log()
    design = np.column_stack([np.ones(len(data.y)), data.X])
    expected = sm.GLM(data.y, design, family=sm.families.Tweedie(var_power=p, link=link)).fit(
        tol=1e-13, maxiter=300, tol_criterion="params").params
    for fit, tolerance in (("network", NETWORK_TOLERANCE), ("irls", IRLS_TOLERANCE)):
        got = np.array(getattr(result, fit))
        assert np.max(np.abs(got - expected) / np.abs(expected)) <= tolerance, (fit, got, expected)
    assert result.agrees and all(s > 0 for s in result.standard_errors)


def test_fair_data_set_loads():
    import numpy as np

    from symnet.crosscheck.data import data_for_link, load_built_in

    spec = data_for_link("power", "tweedie")
    assert spec is not None and spec.name == "fair" and spec.var_power == 1.5 and spec.description
    data = load_built_in("fair")
    assert data.X.shape == (6366, len(spec.columns)) and data.target == "affairs"
    assert np.all(data.y >= 0) and int(np.sum(data.y == 0)) == 4313  # the exact zeros of a compound Poisson-gamma


def test_tweedie_score_is_the_derivative_of_the_kernel():
    """The numeric score of the power link with the Tweedie family is d(-l)/d eta of the catalog kernel, with the
    power link's lambda tied to 1 - p by the catalog and p = 3/2."""
    import sympy as sp

    from symnet.catalog.families import POWER_P, family_by_name
    from symnet.catalog.symbols import ETA, LAMBDA, MU, Y
    from symnet.crosscheck.model import scalar_model

    link, family = resolve("power"), family_by_name("tweedie")
    values = {POWER_P: sp.Rational(3, 2)}
    tie = {symbol: value.xreplace(values) for symbol, value in family.link_substitution}
    assert tie == {LAMBDA: sp.Rational(-1, 2)}
    direct = sp.diff(-family.loglik.xreplace(values).xreplace({MU: link.inverse.xreplace(tie)}), ETA)
    model = scalar_model(link, family, var_power=1.5)
    for eta, y in [(0.3, 0.0), (1.2, 2.5), (0.05, 40.0)]:
        assert model.score(eta, y) == pytest.approx(float(direct.xreplace({ETA: eta, Y: y})), rel=1e-12)
        assert model.mean(eta) == pytest.approx(eta ** -2, rel=1e-14)
    assert not model.in_range(-0.3) and model.in_range(0.3)  # eta^-2 is finite at -0.3, but outside the range


def _tweedie_csv(tmp_path, rows):
    path = tmp_path / "claims.csv"
    path.write_text("cost,age\n" + "\n".join(f"{y},{x}" for y, x in rows) + "\n")
    return str(path)


@pytest.mark.parametrize("arguments, message", [
    (["logit", "--data", "fair", "--family", "tweedie"],
     "affairs = 3.23077 in data row 2 is outside the logit link's means (0 < mu < 1)"),
    (["power", "--data", "fair", "--family", "poisson"], "the power link needs a power"),
    (["power", "--data", "fair", "--var-power", "2.5"], "must satisfy 1 < p < 2"),
    (["power", "--data", "fair", "--var-power", "1"], "must satisfy 1 < p < 2"),
    (["log", "--data", "cpunish", "--var-power", "1.5"], "applies to that family only"),
    (["power", "--csv", "NEGATIVE", "--target", "cost"], "cost = -1 in data row 2 is outside the Tweedie family's"),
], ids=["link-means", "power-needs-tweedie", "p-above-2", "p-at-1", "p-other-family", "negative-response"])
def test_tweedie_bad_input_one_line_exit_2(arguments, message, tmp_path, capsys):
    from symnet.cli import main

    csv = _tweedie_csv(tmp_path, [(0, 30), (-1, 40), (2.5, 50), (0, 35)])
    assert main(["crosscheck", *[csv if a == "NEGATIVE" else a for a in arguments]]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1, error


def test_statsmodels_leaving_the_power_links_range_is_named():
    """With the marriage rating, statsmodels' IRLS (full steps) ends where some eta <= 0, and the power link's
    eta^-2 raises no error there: crosscheck names it instead of comparing against it; IRLS and the network agree."""
    from symnet.crosscheck.data import Data
    from symnet.crosscheck.run import run_crosscheck

    frame = sm.datasets.fair.load_pandas().data
    columns = ("rate_marriage", "age", "yrs_married", "children", "religious", "educ")
    data = Data("fair", columns, frame[list(columns)].to_numpy(float), frame["affairs"].to_numpy(float), "affairs")
    result = run_crosscheck("power", data, "tweedie")
    assert not result.agrees and not result.converged["statsmodels"]
    assert any("outside the link's range (eta > 0)" in note for note in result.notes), result.notes
    assert result.converged["network"] and result.converged["irls"]
    assert result.difference("network", "irls") <= 1e-6


def test_power_worked_example_states_p_and_the_kernel():
    from symnet.documents.example import paragraphs, worked_example

    example = worked_example(resolve("power"))
    assert example is not None and example.comparison.agrees and example.data.name == "fair"
    assert example.command == "symnet crosscheck power --data fair"
    data, how, agree = paragraphs(example)
    assert "Tweedie family with the power link" in data
    assert r"$p = 1.5$" in how and r"\lambda = 1 - p = - \frac{1}{2}" in how
    assert "log-likelihood kernel" in how and "Pearson" in how


def test_crosscheck_help_names_every_family(capsys):
    from symnet.cli import main
    from symnet.crosscheck.model import SUPPORTED_FAMILIES

    assert main(["crosscheck", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert all(family in text for family in SUPPORTED_FAMILIES + ("multinomial",)) and "--var-power" in text
