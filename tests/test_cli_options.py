"""Flags mean exactly what they say; --help/--version stay SymPy-free; errors name flags or parameters."""

from __future__ import annotations

import subprocess
import sys

import pytest

import symnet
from symnet.errors import SymnetError
from tests.conftest import ROOT, run_main


def test_version_matches_the_package():
    result = run_main("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"symnet {symnet.__version__}"


@pytest.mark.parametrize("arguments", [("--help",), ("--version",), ("prove", "--help"), ("prove", "--inputs", "x")])
def test_help_version_and_argument_errors_do_not_import_sympy(arguments):
    probe = ("import sys, contextlib, io\n"
             "from symnet.cli import main\n"
             "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
             f"    code = main({list(arguments)!r})\n"
             "print(code, 'sympy' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    code, imported = result.stdout.split()
    assert imported == "False", result.stderr
    assert int(code) in (0, 2)


def test_link_option_pairs_a_catalog_link_with_an_activation():
    result = run_main("prove", "--activation", "1/(1+exp(-eta))", "--link", "logit")
    assert result.returncode == 0, result.stderr
    assert "logit" in result.stdout


@pytest.mark.parametrize("abbreviation", ["--lin", "--link-e", "--act", "--input"])
def test_prefixes_are_not_flags(abbreviation):
    result = run_main("prove", "logit", abbreviation, "3")
    assert result.returncode == 2 and "unrecognized arguments" in result.stderr


def test_two_different_links_are_refused():
    result = run_main("prove", "logit", "--link", "probit")
    assert result.returncode == 2 and "two links" in result.stderr


@pytest.mark.parametrize("size", ["９", "٣", "0", "+0", "1" * 13])
def test_sizes_take_ascii_digits_only(size):
    result = run_main("prove", "logit", "--inputs", size)
    assert result.returncode == 2 and "ASCII digits" in result.stderr


def test_derive_refuses_an_empty_out():
    result = run_main("derive", "--out", "", "--links", "logit")
    assert result.returncode == 2 and "empty path" in result.stderr


@pytest.mark.parametrize("call, python_words, flag", [
    (lambda: symnet.prove("logit", inputs=0), "inputs must be at least 1", "--inputs"),
    (lambda: symnet.prove("logit", outputs=3), "outputs applies to softmax only", "--outputs"),
    (lambda: symnet.prove("logit", inputs=10**8), "Omit inputs", "--inputs"),
    (lambda: symnet.prove("logit", activation="exp(eta)", link_expr="log(mu)"), "give either link", "--link"),
])
def test_python_errors_name_parameters_and_the_cli_names_flags(call, python_words, flag):
    with pytest.raises(SymnetError) as caught:
        call()
    assert python_words in str(caught.value) and "--" not in str(caught.value)
    assert flag in caught.value.cli_message()


def test_cli_errors_name_flags():
    result = run_main("prove", "logit", "--inputs", "100000000")
    assert result.returncode == 2 and "Omit --inputs" in result.stderr
    assert "1 output has 100000001 parameters" in result.stderr


def test_license_matches_pyproject():
    license_text = (ROOT / "LICENSE").read_text()
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'license = { text = "MIT" }' in pyproject
    assert license_text.startswith("MIT License") and "the symnet authors" in license_text


def test_derive_one_link_summary_mode_and_no_collections(tmp_path):
    import os
    import stat

    previous = os.umask(0o022)
    try:
        result = run_main("derive", "--out", str(tmp_path), "--links", "identity")
    finally:
        os.umask(previous)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # progress only on a terminal
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and "wrote 2 files" in lines[0] and "no handout or slides" in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["identity.md", "identity.tex"]
    for path in tmp_path.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
    again = run_main("derive", "--out", str(tmp_path), "--links", "identity")
    assert "wrote 0 files, 2 unchanged" in again.stdout
    quiet = run_main("derive", "--out", str(tmp_path), "--links", "identity", "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_gitignore_covers_pdfs_and_tex_byproducts():
    ignored = (ROOT / ".gitignore").read_text().split()
    for pattern in ("*.pdf", "*.aux", "*.log", "*.fls", "*.fdb_latexmk", "*.out", "*.toc", "*.synctex.gz"):
        assert pattern in ignored


@pytest.mark.parametrize("name, kind", [("relu", "not one-to-one"), ("nn.ReLU", "not one-to-one"),
                                        ("relu6", "not one-to-one"), ("nn.ReLU6", "not one-to-one"),
                                        ("hard_sigmoid", "not one-to-one"), ("gelu", "not monotone"),
                                        ("swish", "not monotone"), ("silu", "not monotone"), ("mish", "not monotone")])
def test_activations_that_are_not_links_are_refuted_with_the_failing_evaluation(name, kind):
    import json

    result = run_main("prove", name, "--format", "json")
    assert result.returncode == 1, result.stderr
    record = json.loads(result.stdout)
    assert record["status"] == "refuted" and kind in record["title"]
    counterexample = record["counterexample"]
    assert float(counterexample["lhs"]) != float(counterexample["rhs"])


def test_relu_collision_is_a_proven_lemma():
    proof = symnet.prove("relu")
    lemma = proof.derivation.lemmas[0]
    assert lemma.proven and "relu(-1) = relu(-2)" in lemma.to_text()


def test_relu6_is_refuted_with_the_two_points_that_collide():
    result = run_main("prove", "relu6")
    assert result.returncode == 1 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "No link undoes relu6: it is not one-to-one"
    assert "  relu6(-1) = relu6(-2)" in lines
    assert "      [evaluate both sides: relu6 is constant for eta <= 0 (and for eta >= 6); proven: identical after " \
           "unfolding definitions]" in lines
    assert lines[-1] == ("Status: refuted: step 1 of chain 1 fails: left side -1.0, right side -2.0 (left minus "
                         "right: 1.0)")


def test_identify_answers_relu6_with_the_checked_collision():
    result = run_main("identify", "--activation", "nn.ReLU6", "--loss", "mse")
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        "nn.ReLU6 + mse: not a GLM.",
        "Reason: relu6 is not one-to-one (relu6(-1) = relu6(-2)): no link g with g(h(eta)) = eta exists"]
    assert "[proven: its consequence is refuted] No link undoes relu6: it is not one-to-one" in result.stdout


@pytest.mark.parametrize("typed, hint", [
    ("relu7", "Did you mean 'relu' (an activation: 'symnet prove relu' says why)?"),
    ("gelu2", "Did you mean 'gelu' (an activation: 'symnet prove gelu' says why)?"),
    ("lgit", "Did you mean 'logit'?"),
])
def test_an_unknown_name_suggests_a_link_or_an_activation_symnet_answers(typed, hint):
    result = run_main("prove", typed)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"symnet: error: unknown link {typed!r}. {hint} Valid links: identity, log, ")


@pytest.mark.parametrize("name", ["elu", "leaky_relu", "nn.LeakyReLU"])
def test_one_to_one_piecewise_activations_state_their_link(name):
    result = run_main("prove", name)
    assert result.returncode == 0, result.stdout
    assert "its link is g_1(mu) = mu for mu >= 0, g_2(mu) =" in result.stdout


@pytest.mark.parametrize("name", ["tanh", "atanh", "nn.Tanh", "torch.tanh"])
def test_tanh_is_the_atanh_link(name):
    link = symnet.get_link(name)
    assert link.name == "atanh"
    proof = symnet.prove(name)
    assert proof.proven and proof.title == "A network with a tanh output is a GLM with the atanh link"


def test_list_shows_accepted_activation_names():
    result = run_main("list")
    accepted = next(line for line in result.stdout.splitlines() if line.startswith("Activations accepted by name:"))
    for name in ("sigmoid", "tanh", "softmax", "exponential", "softplus"):
        assert name in accepted
    assert "relu" in result.stdout and "gelu" in result.stdout


@pytest.mark.parametrize("arguments, derived", [
    (("--activation", "-eta"), "Derived link: g(mu) = -mu, for mu real"),
    (("--activation=-eta",), "Derived link: g(mu) = -mu, for mu real"),
    (("--activation", " -eta"), "Derived link: g(mu) = -mu, for mu real"),
    (("--link-expr", "-log(mu)"), "Derived activation: h(eta) = exp(-eta), for eta real"),
])
def test_an_expression_that_starts_with_a_minus_is_a_value(arguments, derived):
    result = run_main("prove", *arguments)
    assert result.returncode == 0, result.stderr
    assert derived in result.stdout


@pytest.mark.parametrize("arguments, example", [
    (("--activation",), "--activation=-eta or --activation ' -eta'"),
    (("--activation", "--inputs", "2"), "--activation=-eta or --activation ' -eta'"),
    (("--link-expr", "--inputs", "2"), "--link-expr=-log(mu) or --link-expr ' -log(mu)'"),
])
def test_a_missing_expression_says_how_to_write_one_that_starts_with_a_minus(arguments, example):
    result = run_main("prove", *arguments)
    assert result.returncode == 2 and result.stdout == ""
    option = arguments[0]
    assert result.stderr == (f"symnet: error: argument {option}: expected one argument; a value that starts with "
                             f"'-' is written {example} (see 'symnet prove --help')\n")


@pytest.mark.parametrize("activation, shown, a, b", [
    ("abs(eta)", "|eta|", "-1", "1"), ("sqrt(eta**2)", "|eta|", "-1", "1"), ("eta**2", "eta^2", "-1", "1"),
    ("(abs(eta) + eta)/2", "eta/2 + |eta|/2", "0", "-1"),
    ("eta**2*(eta - 1)/(eta - 1)", "eta^2", "-2", "2"),  # undefined at 1 as typed: another pair is taken
])
def test_an_activation_that_takes_a_value_twice_is_refuted_like_relu(activation, shown, a, b):
    result = run_main("prove", "--activation", activation)
    assert result.returncode == 1 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f"No link undoes the activation h(eta) = {shown}: it is not one-to-one"
    assert f"  h({a}) = h({b})" in lines and "  -> proven" in lines
    assert f"  {a} = {b}" in lines
    assert lines[-1].startswith(f"Status: refuted: step 1 of chain 1 fails: left side {a}.0, right side {b}.0")
    assert "points could be evaluated" not in result.stdout


def test_the_collision_is_checked_by_the_kernel():
    proof = symnet.prove(activation="abs(eta)")
    lemma = proof.derivation.lemmas[0]
    assert proof.status.value == "refuted" and lemma.proven
    assert proof.counterexample is not None and proof.derivation.info("kind") == "collision"


@pytest.mark.parametrize("activation, message", [
    # one-to-one, but the derivative's sign (sign(eta)) cannot be evaluated: not refuted, the reason is said
    ("eta + abs(eta)/10", "cannot use the activation eta + abs(eta)/10: its derivative could not be shown to keep "
                          "one sign for eta real (sign(eta)/10 + 1 was evaluated to a certain sign at 0 of the 20 "
                          "points the check needs)"),
    ("sin(eta)", "cannot use the activation sin(eta): its derivative is not of one sign for eta real"),
])
def test_an_activation_not_shown_one_to_one_without_a_collision_is_still_bad_input(activation, message):
    result = run_main("prove", "--activation", activation)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"symnet: error: {message}")


@pytest.mark.parametrize("arguments, message", [
    (("--link-expr", "exp(mu)", "--eta-range", "real"),
     "--eta-range real cannot be honoured: the link exp(mu) takes only the values eta > 0 (for mu real), so its "
     "inverse is real only there; use --eta-range positive, or leave --eta-range out to prove it where the link "
     "reaches (eta > 0)"),
    (("--link-expr", "1/mu", "--eta-range", "real"),
     "--eta-range real cannot be honoured: the link 1/mu takes only the values eta > 0 (for mu > 0)"),
    (("--link-expr", "mu/(1 + mu)", "--eta-range", "positive"),
     "--eta-range positive cannot be honoured: the link mu/(mu + 1) takes only the values 0 < eta < 1 (for mu > 0), "
     "so its inverse is real only there; leave --eta-range out to prove it where the link reaches (0 < eta < 1)"),
    (("--link-expr", "1/mu", "--eta-range", "negative"),
     "the link 1/mu takes only the values eta > 0 (for mu > 0), so its inverse has no real value for eta < 0; use "
     "--eta-range positive, or leave --eta-range out"),
    # the principal cube root of a negative number is not real: no real image, a clear refusal (was exit 4)
    (("--link-expr", "mu", "--activation", "(eta**3)**(1/3)", "--eta-range", "negative"),
     "could not determine the values of (eta**3)**(1/3) for eta < 0"),
])
def test_a_requested_eta_range_is_honoured_whole_or_refused(arguments, message):
    result = run_main("prove", *arguments)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"symnet: error: {message}")


@pytest.mark.parametrize("arguments, derived", [
    (("--link-expr", "exp(mu)"), "Derived activation: h(eta) = log(eta), for eta > 0"),
    (("--link-expr", "exp(mu)", "--eta-range", "positive"), "Derived activation: h(eta) = log(eta), for eta > 0"),
    (("--link-expr", "log(mu)", "--eta-range", "real"), "Derived activation: h(eta) = exp(eta), for eta real"),
    (("--link-expr", "log(mu)", "--eta-range", "positive"), "Derived activation: h(eta) = exp(eta), for eta > 0"),
])
def test_an_eta_range_the_link_reaches_is_proven_and_stated(arguments, derived):
    result = run_main("prove", *arguments)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2] == derived


def test_python_names_the_parameter_when_the_range_cannot_be_honoured():
    with pytest.raises(SymnetError, match=r"^eta_range real cannot be honoured: .* leave eta_range out"):
        symnet.prove(link_expr="exp(mu)", eta_range="real")
