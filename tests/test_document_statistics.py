"""The statistical parts of the documents, checked generically: tied parameters stated with the assumptions,
the Tweedie kernel not passed off as a full likelihood, special cases derived (not restated), convexity
printed where the checker decided it, softmax's exponential family, loss and convexity, results kept on a
page, slides that fit."""

from __future__ import annotations

import re

import pytest
import sympy as sp

from symnet.catalog.families import FAMILIES, family_by_name
from symnet.catalog.links import LINKS
from symnet.catalog.names import resolve
from symnet.documents import latex as latex_documents
from symnet.documents.content import convexity_result, references_for, report
from symnet.proofs.checker import check
from symnet.proofs.convexity import convexity
from symnet.proofs.glm import pair, pairs
from symnet.proofs.properties import special_case
from symnet.render import formats
from symnet.render.printer import latex
from tests.conftest import ALL_LINKS, ROOT

COMMITTED = ROOT / "derivations"
PARAMETRIC = [link for link in LINKS if not link.vector and link.special_cases]


def _slug(link) -> str:
    return link.name.replace("_", "-")


@pytest.mark.parametrize("p", [p for p in pairs() if p.family.link_substitution
                               and p.family.canonical_link == p.link.name], ids=lambda p: p.name)
def test_a_tied_parameter_is_stated_with_the_assumptions_of_every_pair_result(p):
    from symnet.proofs import glm

    derivations = [glm.canonical_theorem(p), glm.score_theorem(p, True), glm.information_theorem(p, True)]
    for symbol, value in p.family.link_substitution:
        tie = f"{latex(symbol)} = {latex(value)}"
        for derivation in derivations:
            assert tie in formats.derivation_assumptions_latex(derivation), derivation.title
            assert f"{symbol} = {value}".replace("**", "^") in " ".join(
                formats.derivation_assumption_texts(derivation)).replace("**", "^")


def test_an_untied_pair_states_no_tie():
    from symnet.proofs import glm

    p = pair(family_by_name("gamma"), resolve("power"))  # power with Gamma: lambda stays free
    assert formats.ties(glm.score_theorem(p, False)) == ()
    assert any("lambda" in latex(a.subject) for a in p.variables)


@pytest.mark.parametrize("family", [f for f in FAMILIES if f.kernel_only], ids=lambda f: f.name)
def test_a_likelihood_kernel_is_not_printed_as_a_full_log_density(family):
    link = resolve(family.canonical_link)
    result = report(link)
    intro, _, pieces = latex_documents.family_display(result)
    assert "c(y, \\phi) =" not in pieces and "no closed form" in intro and "\\phi = 1" in intro
    titles = [proof.derivation.title for proof in result.family_form]
    assert not any("is an exponential family" in title for title in titles), titles
    tex = (COMMITTED / f"{_slug(link)}.tex").read_text()
    assert "c(y, \\phi) = 0" not in tex
    assert any(key == "dunn2005" for key, _ in references_for((family.name,)))


@pytest.mark.parametrize("link", PARAMETRIC, ids=lambda link: link.name)
def test_special_cases_are_derived_from_the_parametric_formula(link):
    for value, other in link.special_cases:
        proof = check(special_case(link, value, other))
        assert proof.proven
        chain = proof.derivation.chains[0]
        assert chain.lhs != chain.rhs and not chain.lhs.equals(chain.rhs), "a special case is not a tautology"
        assert chain.rhs == resolve(other).link, "it ends at the other link's catalog formula"
        assert latex(value) in latex(chain.lhs), "its first side names the parameter value"


@pytest.mark.parametrize("link", [link for link in LINKS if not link.vector and link.paired_family],
                         ids=lambda link: link.name)
def test_convexity_is_printed_exactly_when_the_checker_decided_it(link):
    tex = (COMMITTED / f"{_slug(link)}.tex").read_text()
    family = family_by_name(link.paired_family)
    decided = convexity(pair(family, link), family.canonical_link == link.name)
    printed = convexity_result(link)
    if decided.convex is None:
        assert printed == ()
        assert " is convex" not in tex and " is not convex" not in tex
    else:
        (proof,) = printed
        assert proof.proven and proof.derivation.title in decided.proof.derivation.title
        words = "is convex" if decided.convex else "is not convex"
        assert words in proof.derivation.title
        assert latex_documents.prose.latex(proof.derivation.title) in tex


def test_the_softmax_article_has_the_exponential_family_the_library_loss_and_convexity():
    tex = (COMMITTED / "softmax.tex").read_text()
    for heading in (r"\section{The exponential family}", "categorical cross-entropy is the multinomial negative",
                    "cross-entropy is convex in the logits", "$K = 3$ classes"):
        assert heading in tex, heading
    assert r"\in [0, 1]" not in tex, "the one-hot response is not stated as an interval"


@pytest.mark.parametrize("link", ALL_LINKS, ids=lambda link: link.name)
def test_assumption_lists_never_elide_across_families_of_symbols(link):
    for proof in report(link).statistics:
        for piece in formats.derivation_assumptions_latex(proof.derivation):
            names = re.findall(r"\\?([A-Za-z]+)_\{\d+\}", piece.split(r"\in")[0])
            if r"\dots" in piece:
                assert len(set(names)) == 1, piece


@pytest.mark.parametrize("name", sorted(p.stem for p in COMMITTED.glob("*.tex") if p.stem != "slides"))
def test_every_short_result_is_kept_on_one_page(name):
    tex = (COMMITTED / f"{name}.tex").read_text()
    lines = tex.split("\n")
    for index, line in enumerate(lines):
        if line.startswith(r"\subsection*{") and index:
            before = lines[index - 1]
            after = "\n".join(lines[index:index + 60])
            if r"\rule{0.5em}{0.5em}" not in after or r"\section" in before:
                continue  # not a checked result, or one whose heading starts a section
            assert before.startswith(r"\keeptogether{") or _long(lines, index), line


def _long(lines: list[str], index: int) -> bool:
    """A result longer than a page is allowed to break (no keeptogether is written before it)."""
    end = next(i for i in range(index + 1, len(lines)) if lines[i].startswith((r"\subsection", r"\section")))
    return end - index > latex_documents.PAGE_LINES // 2


def test_keeptogether_moves_a_section_heading_with_its_first_result():
    lines = [r"\section{Statistical theorems}", r"\keeptogether{20\baselineskip}", r"\subsection*{A}"]
    kept = latex_documents._headings_kept(lines)
    assert kept[0] == r"\keeptogether{23\baselineskip}" and kept[1].startswith(r"\section")


def test_no_slide_displays_more_steps_than_fit():
    slides = (COMMITTED / "slides.tex").read_text()
    for frame in slides.split(r"\begin{frame}")[1:]:
        for align in re.findall(r"\\begin\{align\*\}(.*?)\\end\{align\*\}", frame, re.S):
            rows = [row for row in align.split("\\\\") if row.strip() and "footnotesize" not in row]
            assert len(rows) <= latex_documents.SLIDE_STEPS + 1, frame[:120]


def test_the_summary_table_has_the_range_of_eta():
    handout = (COMMITTED / "handout.tex").read_text()
    assert r"range of $\eta$" in handout
    for link in LINKS:
        row = next(line for line in handout.split("\n") if line.startswith(latex_documents._link_cell(link) + " &"))
        assert formats.domain_latex(link.eta_range) in row
    markdown = (COMMITTED / "handout.md").read_text()
    assert "range of $\\eta$" in markdown
