"""The forward theorem for every link: the network with no hidden layer is the GLM."""

from __future__ import annotations

import json

import pytest
import sympy as sp

import symnet
from symnet.catalog.names import resolve
from symnet.catalog.symbols import ETA, MU
from symnet.expressions import parse
from symnet.proofs.model import Status
from tests.conftest import ALL_LINKS, SCALAR_LINKS


@pytest.mark.parametrize("inputs", [None, 1, 4], ids=["symbolic-n", "n=1", "n=4"])
@pytest.mark.parametrize("link", ALL_LINKS)
def test_every_link_is_proven(link, inputs):
    outputs = 3 if link.vector and inputs is not None else None
    proof = symnet.prove(link.name, inputs=inputs, outputs=outputs)
    assert proof.status is Status.PROVEN, proof.to_text()
    assert proof.counterexample is None
    for chain in proof.verdicts:
        for verdict in chain:
            assert verdict.status is Status.PROVEN and verdict.points >= 20


@pytest.mark.parametrize("link", SCALAR_LINKS)
def test_proof_starts_at_the_network_and_ends_at_the_glm(link):
    proof = symnet.prove(link.name)
    lhs, rhs = proof.derivation.claims[0]
    assert lhs.func.__name__ == f"g_{link.name}"  # g(y-hat)
    assert rhs.has(sp.Sum) and any(getattr(a, "base", None) is not None and a.base.label.name == "beta"
                                   for a in rhs.atoms(sp.Indexed))
    assert proof.derivation.identification, "the parameter identification is stated"
    if link.eta_range != sp.S.Reals:
        assert proof.derivation.conditions, "the eta range restriction is part of the theorem"


def test_keras_example_all_log_odds():
    proof = symnet.prove("softmax", inputs=32, outputs=16)
    assert proof.proven
    assert len(proof.derivation.chains) == 15  # K - 1 reference log-odds, each checked


def test_softmax_shift_invariance_and_two_classes():
    from symnet.proofs.checker import check
    from symnet.proofs.softmax import shift_invariance, two_class

    link = resolve("softmax")
    assert check(shift_invariance(link)).proven
    assert check(two_class(link)).proven


def test_softmax_symbolic_k_and_n():
    proof = symnet.prove("softmax")
    assert proof.proven
    assert proof.derivation.info("outputs") is None and proof.derivation.info("inputs") is None


@pytest.mark.parametrize("link", ALL_LINKS)
def test_json_has_the_documented_fields(link):
    record = json.loads(symnet.prove(link.name).to_json())
    for field in ("status", "link", "inputs", "outputs", "assumptions", "steps", "link_expr", "inverse_expr",
                  "counterexample", "latex"):
        assert field in record
    assert record["status"] == "proven" and record["counterexample"] is None
    assert all("latex" in step and "reason" in step for step in record["steps"])
    if not link.vector:
        parameters = {p.symbol.name: p.symbol for p in link.parameters}
        parsed_link = parse(record["link_expr"], "mu", parameters, MU)
        parsed_inverse = parse(record["inverse_expr"], "eta", parameters, ETA)
        assert sp.simplify(parsed_link - link.link) == 0
        assert sp.simplify(parsed_inverse - link.inverse) == 0


@pytest.mark.parametrize("link", ALL_LINKS)
def test_every_output_format(link):
    proof = symnet.prove(link.name, inputs=2, outputs=2 if link.vector else None)
    latex = proof.to_latex()
    assert r"\begin{align*}" in latex and r"\intertext{" in latex and latex.count(r"\begin{align*}") == latex.count(r"\end{align*}")
    markdown = proof.to_markdown()
    assert markdown.count("$$") % 2 == 0 and "$$" in markdown and r"\begin{aligned}" in markdown
    assert proof._repr_latex_().startswith("$$") and proof._repr_latex_().endswith("$$")
    assert proof._repr_markdown_() == markdown
    assert "Status: proven" in proof.to_text()


def test_outputs_on_a_scalar_link_is_refused():
    with pytest.raises(symnet.SymnetError, match="softmax only"):
        symnet.prove("logit", outputs=3)
    with pytest.raises(symnet.SymnetError, match="at least 2"):
        symnet.prove("softmax", outputs=1)


def test_get_link_and_links():
    assert symnet.get_link("Sigmoid").name == "logit"
    assert [link.name for link in symnet.links()][:4] == ["identity", "log", "logit", "softmax"]
