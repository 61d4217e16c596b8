"""What a lecturer found reading the rendered documents, checked generically on documents built from code (not
the committed `derivations/`): no sentence printed twice in one article, no displayed step whose two sides print
alike, the softmax score as p_3 - y_3, textbook names of the inverse functions, slides that fit."""

from __future__ import annotations

import re

import pytest
import sympy as sp

from symnet.catalog.links import LINKS
from symnet.catalog.names import resolve
from symnet.catalog.notation import printed_alike, reads_as
from symnet.catalog.symbols import ETA
from symnet.documents import latex as latex_documents
from symnet.documents import markdown as markdown_documents
from symnet.documents.content import eta_condition, report
from symnet.proofs.checker import check
from symnet.proofs.forward import inverse_lemma, inverse_lemma_mu
from symnet.proofs.instances import same_expression
from symnet.proofs.model import Assumption, Chain, Derivation, Step
from symnet.proofs.shown import merged_steps
from symnet.render import formats
from symnet.render.printer import latex, text
from tests.conftest import ALL_LINKS, run_main

LONG = 80  # a sentence this long printed twice in one document is a repetition, not a formula
_REPORTS: dict[str, object] = {}


def _report(link):
    if link.name not in _REPORTS:
        _REPORTS[link.name] = report(link)
    return _REPORTS[link.name]


def _all_reports():
    return [_report(link) for link in LINKS]


# ---------------------------------------------------------------- no sentence twice

_DISPLAYS = ("align*", "verbatim", "tikzpicture", "thebibliography", "center", "tabular")


def _latex_prose(document: str) -> list[str]:
    """The lines of running text of a LaTeX document: outside displays, pictures, code and tables."""
    lines, depth = [], 0
    for line in document.split("\n"):
        if re.match(r"\\begin\{(" + "|".join(re.escape(d) for d in _DISPLAYS) + r")\}", line):
            depth += 1
        if depth == 0 and not line.startswith(("\\[", "latexify-py:", "SymPy:", "\\addplot", "%")):
            lines.append(line)
        if re.match(r"\\end\{(" + "|".join(re.escape(d) for d in _DISPLAYS) + r")\}", line):
            depth -= 1
    return lines


def _markdown_prose(document: str) -> list[str]:
    lines, display, fence = [], False, False
    for line in document.split("\n"):
        if line.startswith("```"):
            fence = not fence
        elif line.strip() == "$$" and not fence:
            display = not display
        elif not display and not fence and not line.startswith("|") and not re.match(r"\d+\. ", line):
            lines.append(line)  # a numbered line is the reason of a displayed step (or a reference)
    return lines


def _sentences(lines: list[str]) -> list[str]:
    """Each sentence of LONG characters or more, without list marks and end marks.

    An assumption list and a chain's "shown for ... also checked for ..." note are labels of the result they
    follow (each result states its own), not sentences of the text."""
    out = []
    for line in lines:
        line = line.replace(r"\hfill\rule{0.5em}{0.5em}", "").replace("∎", "").strip()
        line = re.sub(r"^(\\item|- )\s*", "", line)
        if line.startswith((r"\emph{Assumptions:}", "*Assumptions:*", "*Shown for")):
            continue
        out += [s.strip() for s in re.split(r"(?<=[.:])\s+(?=[A-Z$])", line) if len(s.strip()) >= LONG]
    return out


def _repeated(sentences: list[str]) -> list[str]:
    seen, repeated = set(), []
    for sentence in sentences:
        if sentence in seen:
            repeated.append(sentence)
        seen.add(sentence)
    return repeated


@pytest.mark.parametrize("link", ALL_LINKS)
def test_no_sentence_is_printed_twice_in_an_article(link):
    checked = _report(link)
    tex = latex_documents.article(checked)
    markdown = markdown_documents.article(checked)
    assert not _repeated(_sentences(_latex_prose(tex))), "the LaTeX article repeats itself"
    assert not _repeated(_sentences(_markdown_prose(markdown))), "the Markdown article repeats itself"


@pytest.mark.parametrize("link", [link for link in LINKS if link.eta_range != sp.S.Reals], ids=lambda l: l.name)
def test_the_condition_is_explained_once_with_the_claim_and_stays_in_the_proof(link):
    checked = _report(link)
    tex = latex_documents.article(checked)
    claim = tex[tex.index(r"\section*{Claim}"):tex.index(r"\section{Setting}")]
    explanation = eta_condition(link)
    assert explanation and explanation.split(": ", 1)[-1] in claim
    reason = re.split(r"\$: |\): ", link.range_note, maxsplit=1)[-1]  # the range note after its "$\eta < 0$:"
    assert tex.count(reason[:60]) == 1, "the explanation of the condition is printed once"
    (condition,) = checked.forward.derivation.conditions
    line = rf"\emph{{Condition:}} ${latex(condition.subject)} \in {formats.domain_latex(condition.domain)}$"
    assert tex.count(line) == 1 and f"{line} (see the claim)." in tex, "the proof keeps its checked condition"
    markdown = markdown_documents.article(checked)
    assert markdown.count(reason[:60]) == 1 and "(see the claim)." in markdown


def test_a_loss_result_prints_its_notes_once():
    checked = _report(resolve("softmax"))
    (loss,) = [p for p in checked.statistics if p.derivation.info("kind") == "loss"]
    for note in loss.derivation.notes:
        assert note not in loss.derivation.statement
        assert latex_documents.article(checked).count(latex_documents.prose.latex(note)) == 1


# ---------------------------------------------------------------- no step whose two sides print alike


def _proofs_with_lemmas(checked):
    seen, out = set(), []

    def walk(proof):
        if id(proof) in seen:
            return
        seen.add(id(proof))
        out.append(proof)
        for lemma in proof.derivation.lemmas:
            walk(lemma)

    for proof in latex_documents._all_proofs(checked):
        walk(proof)
    return out


@pytest.mark.parametrize("link", ALL_LINKS)
def test_no_displayed_step_prints_the_same_on_both_sides(link):
    for proof in _proofs_with_lemmas(_report(link)):
        for _, chain, _ in formats.shown_chains(proof):
            for step in chain.steps:
                assert reads_as(latex(step.lhs)) != reads_as(latex(step.rhs)), (proof.title, latex(step.lhs))
            for before, after in zip(chain.steps, chain.steps[1:]):
                assert same_expression(before.rhs, after.lhs), "the chain stays connected"


def test_reads_as_ignores_only_what_prints_nothing():
    assert reads_as(r"\tanh{\left(\eta \right)}") == reads_as(r"\tanh\left(\eta\right)")
    assert reads_as(r"\frac{a}{b c}") != reads_as(r"\frac{a b}{c}")
    assert printed_alike(resolve("atanh").link_head(ETA), sp.atanh(ETA))


@pytest.mark.parametrize("name", ["atanh", "log"])
def test_the_inverse_lemma_merges_steps_that_print_alike_and_stays_proven(name):
    link = resolve(name)
    for lemma in (inverse_lemma(link), inverse_lemma_mu(link)):
        proof = check(lemma)
        assert proof.proven
        for step in proof.steps:
            assert not printed_alike(step.lhs, step.rhs)


def test_merged_steps_join_reasons_and_are_checked():
    x = sp.Symbol("x", real=True)
    alike = sp.Function("f", _latex=lambda self, printer, exp=None: rf"\exp\left({printer._print(self.args[0])}\right)")
    steps = (Step(alike(x), sp.exp(x), "unfold f"), Step(sp.exp(x), sp.exp(x) * 1 + 0, "nothing"),
             Step(sp.exp(x), sp.exp(x) + x - x, "add and take x"))
    merged = merged_steps(steps)
    assert len(merged) == 1 and merged[0].lhs == alike(x) and merged[0].reason == "unfold f; nothing; add and take x"
    wrong = merged_steps((Step(sp.exp(x), sp.exp(x), "same"), Step(sp.exp(x), x, "a false step")))
    derivation = Derivation("merged", "", (Chain(wrong),), (Assumption(x, sp.S.Reals),))
    assert check(derivation).status.value == "refuted", "a merged step is checked like any other"


# ---------------------------------------------------------------- the softmax score, the b of the moments


def test_the_softmax_score_prints_p_k_minus_y_k_for_every_class():
    checked = _report(resolve("softmax"))
    (score,) = [p for p in checked.statistics if p.derivation.info("kind") == "score"]
    assert score.proven
    assert [latex(chain.rhs) for chain in score.derivation.chains] == ["p_{1} - y_{1}", "p_{2} - y_{2}",
                                                                      "p_{3} - y_{3}"]
    assert "p_{3} - y_{3}" in latex_documents.article(checked)
    assert "y_{1} + y_{2} + p_{3}" not in latex_documents.article(checked)


def test_every_exponential_family_title_writes_b_as_math():
    for link in LINKS:
        for proof in _report(link).family_form:
            assert not re.search(r"\bfrom b\b", proof.title), proof.title


# ---------------------------------------------------------------- textbook names of the inverse functions


def test_the_inverse_functions_print_as_textbooks_write_them():
    eta = sp.Symbol("eta")
    assert latex(sp.atan(eta)) == r"\arctan{\left(\eta \right)}"
    assert latex(sp.atanh(eta)) == r"\operatorname{artanh}{\left(\eta \right)}"
    assert latex(resolve("atanh").link_head(eta)).startswith(r"\operatorname{artanh}")
    assert text(sp.atan(eta)) == "atan(eta)" and text(sp.atanh(eta)) == "atanh(eta)"
    assert latex_documents.prose.text(r"$h(\eta) = \arctan(\eta)$, $g = \operatorname{artanh}$") == \
        "h(eta) = atan(eta), g = atanh"


def test_no_generated_latex_prints_sympy_names_of_inverse_functions():
    reports = _all_reports()
    documents = [latex_documents.article(r) for r in reports] + [markdown_documents.article(r) for r in reports]
    documents += [latex_documents.handout(reports), latex_documents.slides(reports),
                  markdown_documents.handout(reports)]
    for name in ("cauchit", "atanh"):
        result = run_main("prove", name, "--format", "latex")
        assert result.returncode == 0
        documents.append(result.stdout)
    for document in documents:
        assert r"\operatorname{atan" not in document
    handout = latex_documents.handout(reports)
    row = next(line for line in handout.split("\n") if line.startswith("cauchit &"))
    assert r"\arctan" in row
    assert r"\arctan" in latex_documents.slides(reports)


# ---------------------------------------------------------------- slides


def _frames(slides: str) -> list[tuple[str, str]]:
    return re.findall(r"\\begin\{frame\}\{(.*?)\}\n(.*?)\\end\{frame\}", slides, re.S)


def test_slides_have_short_titles_and_the_end_mark_after_the_last_line():
    slides = latex_documents.slides(_all_reports())
    frames = _frames(slides)
    assert frames
    for title, body in frames:
        assert "$K = " not in title, title
        if "too long for a slide" in body:  # the result's display, then the sentence that ends with the mark
            assert body.rstrip().endswith(r"\hfill\rule{0.5em}{0.5em}"), title
            assert body.count(r"\rule{0.5em}{0.5em}") == 1, title
    softmax_frames = [body for title, body in frames if "checked for $K = 3$ classes" in body]
    assert softmax_frames and all(body.count("$K = 3$") == 1 for body in softmax_frames)


def test_motivation_sets_the_keras_code_upright_outside_the_quote():
    slides = latex_documents.slides(_all_reports())
    (motivation,) = [body for title, body in _frames(slides) if title == "Motivation"]
    quote = motivation[motivation.index(r"\begin{quote}"):motivation.index(r"\end{quote}")]
    assert r"\texttt" not in quote and r"\texttt{x = Input(shape=(32,))}" in motivation


def test_a_slide_shows_no_more_conclusions_than_fit():
    slides = latex_documents.slides(_all_reports())
    for title, body in _frames(slides):
        for align in re.findall(r"\\begin\{align\*\}(.*?)\\end\{align\*\}", body, re.S):
            rows = [row for row in align.split("\\\\") if row.strip() and "footnotesize" not in row]
            statement = body.split("\n")[1]
            height = len(statement) // latex_documents.SLIDE_TEXT_LINE + 1 + sum(
                latex_documents._row_height(row) for row in rows)
            if "too long for a slide" in body:
                assert height + 2.5 <= latex_documents.SLIDE_HEIGHT, title
