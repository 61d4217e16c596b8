"""Every sentence symnet writes: articles by sound, no doubled words, counts that agree, no LaTeX in text."""

from __future__ import annotations

import json
import re

import pytest

import symnet
from symnet import grammar
from symnet.catalog.activations import ACTIVATIONS
from symnet.catalog.links import LINKS
from symnet.proofs.properties import link_properties
from symnet.render import prose
from symnet.render.properties import properties_json, properties_text
from tests.conftest import ALL_LINKS, SCALAR_LINKS

CUSTOM = [
    {"link": "logit", "activation": "(tanh(eta/2) + 1)/2"},
    {"link": "log", "activation": "log(1 + exp(eta))"},
    {"activation": "log(1 + exp(eta))"},
    {"activation": "exp(eta)"},
    {"link_expr": "log(mu/(1 - mu))"},
    {"link": "cloglog", "activation": "1 - exp(-exp(eta))"},
]
LATEX_IN_TEXT = re.compile(r"\\[A-Za-z]+|frac\d|\{|\}|\$")


@pytest.mark.parametrize("phrase, expected", [
    ("exponential", "an"), ("Poisson", "a"), ("NB2 mean function", "an"), ("inverse square root", "an"),
    ("sigmoid", "a"), ("identity", "an"), ("one-hot", "a"), ("unit", "a"), ("hour", "an"), ("8-way", "an"),
    ("11-class", "an"), ("80-class", "an"), ("18-way", "an"), ("1-hot", "a"), ("100-class", "a"), ("CDF", "a"), ("MLE", "an"), ("elu", "an"), ("tanh", "a"), ("Gumbel-min CDF", "a"),
])
def test_article_by_sound(phrase, expected):
    assert grammar.article(phrase) == expected


def test_counts_and_head_nouns():
    assert grammar.plural(1, "output") == "1 output" and grammar.plural(3, "output") == "3 outputs"
    assert grammar.noun_phrase("logit link", "link") == "logit link"
    assert grammar.noun_phrase("logit", "link") == "logit link"
    assert grammar.doubled_words("the logit link link") == ["link"]
    assert grammar.article_errors("a exponential and an Poisson") == ["a exponential", "an Poisson"]


def _sentences(proof) -> list[str]:
    out = [proof.title, proof.derivation.statement, *proof.derivation.notes]
    for lemma in proof.derivation.lemmas:
        out += _sentences(lemma)
    return out


def _assert_reads_well(sentences: list[str]) -> None:
    for sentence in sentences:
        assert not grammar.doubled_words(sentence), sentence
        assert not grammar.article_errors(sentence), sentence
        assert not re.search(r"\b1 (inputs|outputs|parameters|classes|steps|chains|points|links|files)\b",
                             prose.text(sentence)), sentence


@pytest.mark.parametrize("link", ALL_LINKS)
def test_every_catalog_proof_reads_well(link):
    proof = symnet.prove(link.name)
    _assert_reads_well(_sentences(proof))
    text = proof.to_text()
    assert not LATEX_IN_TEXT.search(text), text
    assert text.count("\n") == len(text.splitlines())


@pytest.mark.parametrize("link", SCALAR_LINKS)
def test_every_property_reads_well_without_latex_in_text(link):
    result = link_properties(link)
    for proof in result.proofs:
        _assert_reads_well(_sentences(proof))
    text = properties_text(result)
    assert not LATEX_IN_TEXT.search(text), text
    assert text.splitlines()[0] == f"Properties of the {link.title.lower()} link".replace(" link link", " link")
    for record in json.loads(properties_json(result))["properties"]:
        assert not LATEX_IN_TEXT.search(record["title"]) and not LATEX_IN_TEXT.search(record["statement"])


@pytest.mark.parametrize("arguments", CUSTOM, ids=lambda a: ",".join(f"{k}={v}" for k, v in a.items()))
def test_custom_links_read_well_and_state_what_was_derived(arguments):
    proof = symnet.prove(**arguments)
    _assert_reads_well(_sentences(proof))
    text = proof.to_text()
    assert not LATEX_IN_TEXT.search(text), text
    title = text.splitlines()[0]
    assert "link link" not in title
    if proof.proven:
        assert title.startswith("A network with ") and " is a GLM with the " in title
    if "link" not in arguments or "link_expr" in arguments:
        kind = "activation" if "link_expr" in arguments else "link"
        line = text.splitlines()[2]
        assert line.startswith(f"Derived {kind}: ") and " for " in line
        assert f"Derived {kind}." in proof.to_latex() and f"**Derived {kind}.**" in proof.to_markdown()


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
def test_answers_for_other_activations_read_well(activation):
    _assert_reads_well(_sentences(symnet.prove(activation.name)))


def test_softmax_states_its_real_etas_once():
    text = symnet.prove("softmax", inputs=32, outputs=16).to_text()
    assert "eta_k real for every k = 1, ..., 16" in text
    assert "eta_2 real" not in text
    assert "b_1 + " in text and "-b[" not in text and "w[" not in text


def test_the_logc_note_is_said_once():
    text = symnet.prove("logc").to_text()
    assert text.count("a dense layer does not keep") == 1


def test_text_subscripts_and_hats_use_one_notation():
    text = symnet.prove("softmax", inputs=2, outputs=3).to_text()
    assert "y_hat_1" in text and "beta_k,0 = b_k - b_K" in text and "y-hat" not in text
    record = json.loads(symnet.prove("power").to_json())
    assert "lambda" not in record["title"] or "frac" not in record["title"]
    assert all(not LATEX_IN_TEXT.search(lemma["title"]) for lemma in record["lemmas"])


@pytest.mark.parametrize("name", [link.name for link in LINKS])
def test_text_output_has_no_latex(name):
    """Plain text is plain: no LaTeX commands or $...$ in any line of a proof's text rendering."""
    text = symnet.prove(name).to_text()
    assert "\\" not in text and "$" not in text, [line for line in text.splitlines() if "\\" in line or "$" in line]


PRODUCT_SIGN = re.compile(r"[A-Za-z)]\*|\*[A-Za-z(]")  # a * between letters or brackets: a product written as code


@pytest.mark.parametrize("link", ALL_LINKS)
def test_list_writes_products_and_exponentials_one_way(link):
    from symnet.render.listing import listing_text

    listed = listing_text((link,))
    assert not PRODUCT_SIGN.search(listed), listed
    assert "e^" not in listed


def test_negative_binomial_is_listed_in_one_notation():
    from symnet.render.listing import listing_text

    listed = listing_text((symnet.get_link("negative_binomial"),))
    assert "  g(mu):   log(alpha mu/(alpha mu + 1))" in listed
    assert "  g^-1:    1/(alpha (exp(-eta) - 1))" in listed


@pytest.mark.parametrize("arguments, title, derived", [
    ({"link_expr": "2*log(mu)"}, "A network with the activation h(eta) = exp(eta/2) is a GLM with the link "
                                 "g(mu) = 2 log(mu)", "Derived activation: h(eta) = exp(eta/2), for eta real"),
    ({"activation": "log(1 + exp(eta))"}, "A network with the activation h(eta) = log(exp(eta) + 1) is a GLM with "
                                          "the link g(mu) = log(exp(mu) - 1)",
     "Derived link: g(mu) = log(exp(mu) - 1), for mu > 0"),
])
def test_title_and_derived_line_write_the_formula_the_same_way(arguments, title, derived):
    lines = symnet.prove(**arguments).to_text().splitlines()
    assert lines[0] == title and lines[2] == derived


@pytest.mark.parametrize("name", ["probit", "cauchit", "negative_binomial", "softmax", "logit"])
def test_proof_text_has_no_code_products_or_e_powers(name):
    text = symnet.prove(name, inputs=2, outputs=3 if name == "softmax" else None).to_text()
    assert not PRODUCT_SIGN.search(text), text
    assert "e^" not in text


def test_flattened_prose_keeps_underscores_and_writes_exp():
    assert prose.text(r"$\operatorname{hard\_sigmoid}(-4) = e^{-\eta}$") == "hard_sigmoid(-4) = exp(-eta)"
    assert prose.text(r"$\mathrm{Gamma}^{2}$ and $e^2$") == "Gamma^2 and exp(2)"
