"""The `symnet` command: in-process through `main(argv)`, plus a few subprocess smoke tests."""

from __future__ import annotations

import json

import pytest

import sympy as sp

from symnet.catalog.links import LINKS
from symnet.catalog.symbols import MU
from symnet.expressions import parse
from tests.conftest import run_cli, run_main


def test_list_text_and_json():
    text = run_main("list")
    assert text.returncode == 0
    for link in LINKS:
        assert link.name in text.stdout
    records = json.loads(run_main("list", "--format", "json").stdout)
    assert [r["name"] for r in records] == [link.name for link in LINKS]
    for record in records:
        assert {"link_expr", "inverse_expr", "mu_domain", "eta_range", "canonical_family", "names"} <= set(record)


@pytest.mark.parametrize("output_format", ["text", "latex", "markdown", "json"])
def test_prove_formats_exit_zero(output_format):
    result = run_main("prove", "sigmoid", "--inputs", "3", "--format", output_format)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    if output_format == "json":
        assert json.loads(result.stdout)["status"] == "proven"


def test_keras_example_through_the_cli():
    result = run_cli("prove", "softmax", "--inputs", "32", "--outputs", "16", "--format", "json")
    assert result.returncode == 0
    record = json.loads(result.stdout)
    assert record["status"] == "proven" and record["chains_checked"] == 15


@pytest.mark.parametrize("arguments, fragment", [
    (("prove", "sigmod"), "unknown link 'sigmod'"),
    (("prove", "logit", "--inputs", "0"), "at least 1"),
    (("prove", "logit", "--inputs", "-3"), "--inputs"),
    (("prove", "logit", "--inputs", "2.5"), "whole number"),
    (("prove", "logit", "--inputs", "ten"), "whole number"),
    (("prove", "logit", "--inputs", "1" + "0" * 40), "whole number"),
    (("prove", "logit", "--inputs", "100000000"), "Omit --inputs"),
    (("prove", "softmax", "--inputs", "5000", "--outputs", "5000"), "Omit --inputs"),
    (("prove", "logit", "--outputs", "3"), "softmax only"),
    (("prove", "softmax", "--outputs", "1"), "at least 2"),
    (("prove", "logit", "--format", "pdf"), "invalid choice"),
    (("prove",), "name a link"),
    (("frobnicate",), "invalid choice"),
    (("prove", "logit", "--activation", "eta.__class__"), "attribute access"),
    (("prove", "logit", "--link-expr", "log(mu)"), "not both"),
])
def test_bad_input_exits_2_with_one_line(arguments, fragment):
    result = run_main(*arguments)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and fragment in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("arguments, expected", [
    (("prove", "logit", "--activation", "(tanh(eta/2) + 1)/2"), 0),
    (("prove", "cloglog", "--activation", "1 - exp(-exp(eta))"), 0),
    (("prove", "cloglog", "--activation", "exp(-exp(-eta))"), 1),
    (("prove", "logit", "--activation", "tanh(eta)"), 1),
    (("prove", "log", "--activation", "log(1 + exp(eta))"), 1),
])
def test_custom_examples_from_the_issue(arguments, expected):
    result = run_main(*arguments, "--format", "json")
    assert result.returncode == expected, result.stderr
    record = json.loads(result.stdout)
    assert record["status"] == ("proven" if expected == 0 else "refuted")
    if expected:
        counterexample = record["counterexample"]
        assert counterexample and "eta" in counterexample["point"] and "mu = h(eta)" in counterexample["point"]
        digits = counterexample["lhs"].replace("-", "").replace(".", "").split("+")[0].strip()
        assert len(digits) >= 15


def test_activation_only_derives_the_link():
    result = run_main("prove", "--activation", "log(1 + exp(eta))", "--format", "json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    derived = parse(record["link_expr"], "mu", variable_symbol=MU)
    assert record["status"] == "proven" and sp.simplify(derived - sp.log(sp.exp(MU) - 1)) == 0


def test_link_only_derives_the_activation():
    result = run_cli("prove", "--link-expr", "log(mu/(1 - mu))")
    assert result.returncode == 0, result.stderr


def test_properties_command():
    result = run_main("properties", "cloglog")
    assert result.returncode == 0, result.stdout
    assert "Gumbel" in result.stdout and "strictly increasing" in result.stdout


def test_properties_of_softmax():
    result = run_main("properties", "softmax", "--format", "json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["status"] == "proven" and len(record["properties"]) == 2


def test_readme_table_lists_every_link_with_its_formulas():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    table = [line for line in readme.splitlines() if line.startswith("| ")]
    for link in LINKS:
        row = next((line for line in table if line.startswith(f"| {link.name} |")), None)
        assert row is not None, f"README's table lacks {link.name}"
        assert f"`{sp.sstr(link.link)}`" in row or link.vector
        assert f"`{sp.sstr(link.inverse)}`" in row


def test_readme_quickstart_commands_exist():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    assert 'pip install . && symnet derive' in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert "test-command" in ci and "README.md" in ci


@pytest.mark.parametrize("activation, derived", [("atan(eta)", "tan(mu)"), ("exp(exp(exp(eta)))", "log(log(log(mu)))")])
def test_activations_with_irrational_or_transcendental_image_ends(activation, derived):
    """Their images have ends like -pi/2 or e: the sign rules decline instead of crashing."""
    done = run_cli("prove", "--activation", activation)
    assert done.returncode == 0, done.stderr
    assert derived in done.stdout
