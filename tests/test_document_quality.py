"""What a lecturer checks in the documents, checked generically: notation, claims, QED marks, Markdown that
GitHub renders, the slide deck, code views that run on plain arrays."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import sympy as sp

from symnet.catalog.domains import domain_tex
from symnet.catalog.links import LINKS
from symnet.catalog.names import resolve
from symnet.catalog.symbols import ETA
from symnet.documents import latex as latex_documents
from symnet.documents import markdown as markdown_documents
from symnet.documents.content import report
from symnet.proofs.checker import check
from symnet.proofs.model import Assumption, Chain, Derivation, Status, Step
from symnet.render import formats, prose
from symnet.render.codeview import forward_view, loss_view
from tests.conftest import ALL_LINKS, ROOT

COMMITTED = ROOT / "derivations"
QED_TEX = r"\rule{0.5em}{0.5em}"
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)([^$]+?)\$")
CHECKER_WORDS = ("intermediate value theorem", "proven: every step", "reduced to zero by SymPy under the stated "
                 "assumptions, and checked", "via the activation")


def _slug(link) -> str:
    return link.name.replace("_", "-")


def _inline_math(markdown: str) -> list[str]:
    spans, display, fence = [], False, False
    for line in markdown.split("\n"):
        if line.startswith("```"):
            fence = not fence
        elif line.strip() == "$$" and not fence:
            display = not display
        elif not display and not fence:
            spans += INLINE_MATH.findall(line)
    return spans


@pytest.mark.parametrize("name", sorted(p.name for p in COMMITTED.glob("*.md")))
def test_markdown_inline_math_renders_on_github(name):
    spans = _inline_math((COMMITTED / name).read_text())
    assert spans, "every document has inline math"
    bad = [span for span in spans if any(escape in span for escape in (r"\{", r"\}", r"\,"))]
    assert not bad, f"GitHub drops the backslash of these escapes: {bad[:3]}"


def test_github_inline_keeps_display_math_and_code():
    source = "a $y \\in \\{0, 1\\}$ b\n$$\n\\{x\\}\n$$\n```python\nd = {1: 2}  # $\\{$\n```\n"
    safe = markdown_documents.github_safe(source)
    assert "$y \\in \\lbrace 0, 1\\rbrace $" in safe
    assert "$$\n\\{x\\}\n$$" in safe and "# $\\{$" in safe


@pytest.mark.parametrize("link", ALL_LINKS)
def test_claim_is_printed_once_and_states_its_eta_condition(link):
    tex = (COMMITTED / f"{_slug(link)}.tex").read_text()
    claim = tex[tex.index(r"\section*{Claim}"):tex.index(r"\section{Setting}")]
    statement = prose.latex(report_statement(link))
    assert tex.count(statement) == 1, "the claim is printed under Claim only"
    if link.eta_range != sp.S.Reals:
        condition = domain_tex(sp.Symbol("eta(x)"), link.eta_range).replace("eta(x)", r"\eta(x)")
        assert condition in claim
    else:
        assert r"\eta(x) >" not in claim and r"\eta(x) <" not in claim
    markdown = (COMMITTED / f"{_slug(link)}.md").read_text()
    assert markdown.count(report_statement(link).split("$")[0]) == 1


_STATEMENTS: dict[str, str] = {}


def report_statement(link) -> str:
    """The forward claim as the documents print it (from the committed tex, between Claim and the next line)."""
    if link.name not in _STATEMENTS:
        from symnet.theorems import prove_link

        _STATEMENTS[link.name] = prove_link(link).derivation.statement
    return _STATEMENTS[link.name]


@pytest.mark.parametrize("name", sorted(p.name for p in COMMITTED.glob("*.*") if p.suffix in (".tex", ".md")))
def test_no_checker_internals_and_one_checking_note(name):
    text = (COMMITTED / name).read_text()
    for words in CHECKER_WORDS:
        assert words not in text, f"{name}: the checker's words {words!r} reach the reader"
    if name != "slides.tex":
        assert text.count("How the results were checked.") == 1


@pytest.mark.parametrize("link", [resolve("logit"), resolve("power"), resolve("sqrt"), resolve("softmax")],
                         ids=lambda link: link.name)
def test_method_strings_of_the_verdicts_never_reach_the_documents(link):
    checked = report(link)
    proofs = [checked.forward, *checked.softmax, *checked.statistics]
    proofs += list(checked.properties.proofs) if checked.properties else []
    methods = {v.method for proof in proofs for chain in proof.verdicts for v in chain if len(v.method) > 12}
    if checked.properties is not None:
        methods |= {m.strip() for m in checked.properties.monotone.method.split(";") if len(m.strip()) > 12}
    documents = [latex_documents.article(checked), markdown_documents.article(checked)]
    for method in methods:
        for document in documents:
            assert method not in document and prose.escape(method) not in document


def _refuted():
    x = sp.Symbol("x", real=True)
    derivation = Derivation(title="A false step", statement="$x = x + 1$.",
                            chains=(Chain((Step(x, x + 1, "add one"),)),),
                            variables=(Assumption(x, sp.S.Reals, "real"),))
    proof = check(derivation)
    assert proof.status is Status.REFUTED
    return proof


def test_qed_only_after_proven_results():
    refuted = _refuted()
    tex = "\n".join(latex_documents.proof_block(refuted, "False"))
    markdown = "\n".join(markdown_documents.proof_block(refuted, "False"))
    assert QED_TEX not in tex and "∎" not in markdown
    assert "refuted" in tex and "refuted" in markdown
    assert QED_TEX not in formats.proof_align(refuted, reasons="below", qed=True)
    proven = report(resolve("logit")).forward
    assert QED_TEX in "\n".join(latex_documents.proof_block(proven, "Proof"))
    assert "∎" in "\n".join(markdown_documents.proof_block(proven, "Proof"))


@pytest.mark.parametrize("link", ALL_LINKS)
def test_every_result_ends_with_one_qed(link):
    tex = (COMMITTED / f"{_slug(link)}.tex").read_text()
    body = tex[tex.index(r"\section{Proof}"):tex.index(r"\section{Code view}")]
    results = 1 + body.count(r"\subsection*{") + body.count(r"\textbf{Lemma")  # the Proof, each result, lemmas
    assert body.count(QED_TEX) == results
    assert "unproven" not in tex and "refuted" not in tex


def test_steps_stay_with_their_reasons():
    tex = (COMMITTED / "logit.tex").read_text()
    reasons = tex.count(r"\text{\footnotesize (")
    assert reasons > 5 and tex.count("\\\\*\n&\\phantom{=}\\quad \\text{\\footnotesize (") >= reasons - tex.count(
        "also checked for")


def test_softmax_is_not_called_a_bijection():
    for suffix in ("tex", "md"):
        text = (COMMITTED / f"softmax.{suffix}").read_text()
        assert "make the link a bijection" not in text and "not one-to-one" in text


def test_one_notation_everywhere():
    leaks = (r"\operatorname{pow}", r"\operatorname{nb}", r"\operatorname{softplus}^{-1}", r"\sqrt{\phantom",
             r"\operatorname{inv}", r"h_{\mathrm{")
    for path in COMMITTED.iterdir():
        if path.suffix in (".tex", ".md"):
            text = path.read_text()
            assert not [leak for leak in leaks if leak in text], path.name
    handout = (COMMITTED / "handout.tex").read_text()
    probit_row = next(line for line in handout.splitlines() if line.startswith("probit & "))
    assert r"\Phi" in probit_row and "erf" not in probit_row
    assert r"\Phi" in (COMMITTED / "probit.tex").read_text()


@pytest.mark.parametrize("link", [link for link in LINKS if not link.vector], ids=lambda link: link.name)
def test_every_article_plots_its_activation_from_the_catalog(link):
    tex = (COMMITTED / f"{_slug(link)}.tex").read_text()
    assert r"\begin{axis}" in tex and r"\addplot" in tex
    from symnet.documents.content import activation_points, plot_parameters

    h = sp.lambdify(ETA, link.inverse.xreplace(plot_parameters(link)), "mpmath")
    points = activation_points(link)
    assert len(points) > 20
    for eta, value in points[::7]:
        assert abs(float(h(eta)) - value) < 1e-3


def test_handout_overlays_the_binary_links_and_has_the_statistics():
    handout = (COMMITTED / "handout.tex").read_text()
    assert r"\addlegendentry{probit}" in handout and r"\addlegendentry{cloglog}" in handout
    markdown = (COMMITTED / "handout.md").read_text()
    for link in LINKS:
        for proof in report_statistics_titles(link):
            assert f"### {proof}" in markdown, proof


def report_statistics_titles(link) -> list[str]:
    from symnet.proofs.likelihood import statistical_theorems

    return [prose.markdown(d.title) for d in statistical_theorems(link) if check(d).proven]


def test_references_in_every_document():
    for path in COMMITTED.iterdir():
        if path.suffix in (".tex", ".md") and path.stem != "slides":
            text = path.read_text()
            assert "Nelder" in text and "370--384" in text.replace("370–384", "370--384")
            assert "Logistic regression as a 2-layer neural network?" in text and "11.4" in text


def test_the_slide_deck_is_a_lecture():
    slides = (COMMITTED / "slides.tex").read_text()
    titles = re.findall(r"\\begin\{frame\}\{([^}]*)\}", slides)
    assert titles[0] == "Motivation" and "This is a logistic regression in Keras" in slides
    assert "Dense(16, activation='softmax')" in slides
    for expected in ("The claim", "Every link at a glance", "Take-home", "Where the domain bites"):
        assert any(title.startswith(expected) for title in titles), expected
    assert any("proof" in t.lower() for t in titles) and any("score" in t.lower() for t in titles)
    assert any("IRLS" in t for t in titles) and len(titles) < 2 * len(LINKS)
    assert "\n\\footnotesize\n" not in slides  # no frame set in footnotesize
    for link in LINKS:
        if link.eta_range != sp.S.Reals:
            assert f"{prose.escape(link.name.replace('_', ' '))} & " in slides and domain_tex(ETA, link.eta_range) in slides


def test_diagrams_draw_softmax_once_and_label_every_edge():
    from symnet.render.diagram import mermaid, tikz

    softmax = tikz(resolve("softmax"))
    assert softmax.count(r"\operatorname{softmax}") == 1 and "gray!60!black" in softmax
    flow = mermaid(resolve("softmax"))
    assert flow.count('softmax["') == 1 and '"w1,n"' in flow and '"bK"' in flow
    flow = mermaid(resolve("logit"))
    assert all(f'"w{i}"' in flow for i in ("1", "2", "3", "n")) and '"b"' in flow and " -- w -->" not in flow


@pytest.mark.parametrize("link", ALL_LINKS)
def test_code_views_run_on_plain_length_n_arrays(link):
    rng = np.random.default_rng(0)
    view = forward_view(link)
    assert "range(1," not in view.source and "range(len(x))" in view.source
    for name in re.findall(r"\b(exp|log|sqrt|erf|atan|tan)\(", view.source):
        assert name in view.imports
    parameters = {p.symbol.name: 2.0 if p.symbol.name == "lambda" else 1.5 for p in link.parameters}
    for n in (1, 5, 32):
        x = rng.uniform(-0.2, 0.2, n) / n
        if link.vector:
            w, b = rng.uniform(-1, 1, (4, n)), rng.uniform(-1, 1, 4)
            for arrays in ((x, w, b), (list(x), [list(row) for row in w], list(b))):
                outputs = [view.function(*arrays, k) for k in range(4)]
                eta = w @ x + b
                assert np.allclose(outputs, np.exp(eta) / np.exp(eta).sum(), rtol=1e-12)
            continue
        w = rng.uniform(-0.2, 0.2, n) / n
        b = 0.5 if link.eta_range != sp.S.Reals and link.eta_range.inf == 0 else (
            -0.5 if link.eta_range != sp.S.Reals else 0.3)
        eta = float(b + w @ x)
        expected = float(link.inverse.xreplace({ETA: sp.Float(eta, 30)}).xreplace(
            {p.symbol: sp.Float(parameters[p.symbol.name]) for p in link.parameters}).evalf(30))
        for arrays in ((x, w, b), (list(x), list(w), b)):
            value = view.function(*arrays, *parameters.values())
            assert math.isclose(value, expected, rel_tol=1e-12), (link.name, n)
    loss = loss_view(link)
    if loss is not None:
        assert loss.points >= 20 and loss.max_relative_error < 1e-12
        if link.vector:
            assert math.isclose(loss.function([0, 1, 0], [0.2, 0.5, 0.3]), -math.log(0.5), rel_tol=1e-14)


def test_power_note_passes_the_power():
    tex = (COMMITTED / "power.tex").read_text()
    assert "forward(x, w, b, lam)" in tex and "forward(x, w, b, n)" not in tex


# ---------------------------------------------------------------- worked examples, exercises, statuses

def _worked_example_cases():
    from symnet.crosscheck.data import data_for_link

    cases = []
    for link in LINKS:
        family = "multinomial" if link.vector else link.paired_family
        spec = data_for_link(link.name, family) if family else None
        if spec is not None:
            cases.append(pytest.param(link, spec, id=link.name))
    return cases


def _table_rows(markdown: str) -> list[list[str]]:
    section = markdown.split("## Worked example", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.split("\n") if line.startswith("| ") and "network" not in line]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


@pytest.mark.parametrize("link, spec", _worked_example_cases())
def test_worked_example_table_matches_statsmodels(link, spec):
    """Every article whose link has a built-in data set prints the three fits, and its numbers are statsmodels'
    estimates (fitted here, independently of the documents code), to the printed digits."""
    import statsmodels.api as sm

    from symnet.crosscheck.data import load_built_in
    from symnet.crosscheck.model import STATSMODELS_FAMILIES
    from symnet.documents.example import parse_number

    markdown = (COMMITTED / f"{_slug(link)}.md").read_text()
    assert "## Worked example" in markdown and "How the table was computed" in markdown
    rows = _table_rows(markdown)
    data = load_built_in(spec.name)
    design = np.column_stack([np.ones(len(data.y)), data.X])
    if link.vector:
        classes = np.unique(data.y)
        fitted = sm.MNLogit(np.searchsorted(classes, data.y), design).fit(method="newton", tol=1e-14, maxiter=100,
                                                                          disp=0)
        full = np.column_stack([np.zeros(design.shape[1]), fitted.params])
        against_last = full - full[:, [-1]]
        expected = against_last[:, :-1].T.ravel()
    else:
        tweedie = link.paired_family == "tweedie"  # p from the data set, lambda = 1 - p (statsmodels' defaults: 1)
        sm_link = getattr(sm.families.links, link.names.statsmodels[0])(
            **({"power": 1 - spec.var_power} if tweedie else {}))
        family = getattr(sm.families, STATSMODELS_FAMILIES[link.paired_family])(
            link=sm_link, **({"var_power": spec.var_power} if tweedie else {}))
        expected = sm.GLM(data.y, design, family=family).fit(tol=1e-13, maxiter=300, tol_criterion="params").params
    assert len(rows) == len(expected)
    for row, value in zip(rows, expected):
        network, irls, statsmodels = (parse_number(cell) for cell in row[-4:-1])
        for printed in (network, irls, statsmodels):
            assert math.isclose(printed, value, rel_tol=1e-5, abs_tol=1e-12), (row, value)


def test_every_printed_exercise_is_proven_and_every_proven_one_printed():
    from symnet.proofs.exercises import exercises

    for link in LINKS:
        markdown = (COMMITTED / f"{_slug(link)}.md").read_text()
        printed = 0
        for exercise in exercises(link):
            proof = check(exercise.solution)
            ok = proof.proven and (exercise.refuted is None or check(exercise.refuted).status is Status.REFUTED)
            assert (markdown_documents.github_inline(exercise.question) in markdown) == ok, (link.name, exercise.question)
            printed += ok
        if printed:
            solutions = markdown.split("### Solutions", 1)[1].split("\n## ", 1)[0]
            blocks = solutions.split("**Exercise ")[1:]
            assert len(blocks) == printed
            assert all(block.rstrip().endswith("∎") for block in blocks), link.name


def test_no_unproven_or_refuted_results_in_committed_documents():
    for path in sorted(COMMITTED.iterdir()):
        if path.suffix in (".tex", ".md"):
            text = path.read_text().lower()
            for word in ("unproven", "refuted", "not proven"):
                assert word not in text, (path.name, word)
