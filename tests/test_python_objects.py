"""A Proof behaves in Python and Jupyter: one-line repr, text str, valid display LaTeX, a real notebook."""

from __future__ import annotations

import os
import shutil

import pytest

import symnet
from symnet.documents import build

IN_CI = os.environ.get("CI", "").lower() == "true"


def _need_engine():
    if shutil.which("pdflatex") is None:
        if IN_CI:
            pytest.fail("CI=true but no TeX engine is installed")
        pytest.skip("no TeX engine installed")


def test_repr_is_one_line():
    assert repr(symnet.prove("logit")) == "<Proof logit: proven, 2 chains, 6 steps>"
    refuted = symnet.prove("log", activation="log(1 + exp(eta))")
    assert repr(refuted).startswith("<Proof ") and ": refuted, " in repr(refuted) and "\n" not in repr(refuted)


def test_str_is_the_text_rendering():
    proof = symnet.prove("probit")
    assert str(proof) == proof.to_text()


@pytest.mark.parametrize("name", ["logit", "softmax", "power"])
def test_repr_latex_has_claim_lemma_and_status_and_compiles(name):
    proof = symnet.prove(name, inputs=3 if name == "softmax" else None, outputs=3 if name == "softmax" else None)
    display = proof._repr_latex_()
    assert display.startswith("$$") and display.endswith("$$")
    assert r"\begin{aligned}" in display and "align*" not in display
    assert "Lemma 1." in display and "Claim." in display and r"\textbf{Status:}\ \text{proven" in display
    _need_engine()
    source = "\n".join([r"\documentclass{article}", r"\usepackage{amsmath}", r"\begin{document}", display,
                        r"\end{document}"])
    assert build.compile_pdf(source, "display").startswith(b"%PDF")


NOTEBOOK_CODE = "import symnet\nsymnet.prove('logit')"


def test_a_notebook_shows_a_proof_as_latex_and_markdown(tmp_path):
    if IN_CI:  # the test extra installs them: in CI the notebook always runs
        import nbclient
        import nbformat
    else:
        nbformat = pytest.importorskip("nbformat", reason="pip install '.[test]' for the notebook test")
        nbclient = pytest.importorskip("nbclient", reason="pip install '.[test]' for the notebook test")
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell(NOTEBOOK_CODE))
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = notebook.cells[0].outputs
    data = next(output["data"] for output in outputs if output.get("output_type") == "execute_result")
    assert data["text/plain"] == "<Proof logit: proven, 2 chains, 6 steps>"
    assert r"\begin{aligned}" in data["text/latex"] and "proven: every step" in data["text/latex"]
    assert "**Claim.**" in data["text/markdown"]
