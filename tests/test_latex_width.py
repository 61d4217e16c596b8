"""`symnet prove NAME --format latex` pasted into a plain amsmath article fits the text width."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from symnet.catalog.links import LINKS
from tests.conftest import run_main

IN_CI = os.environ.get("CI", "").lower() == "true"
CASES = [(link.name,) for link in LINKS] + [("softmax", "--inputs", "32", "--outputs", "16"),
                                            ("softmax", "--inputs", "1000", "--outputs", "3"),
                                            ("logit", "--inputs", "3"), ("relu",), ("elu",)]


def _overfull_boxes(fragment: str, folder) -> list[str]:
    if shutil.which("pdflatex") is None:
        if IN_CI:
            pytest.fail("CI=true but no TeX engine is installed")
        pytest.skip("no TeX engine installed")
    source = "\n".join([r"\documentclass{article}", r"\usepackage{amsmath}", r"\begin{document}", fragment,
                        r"\end{document}"])
    (folder / "fragment.tex").write_text(source, encoding="utf-8")
    result = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "fragment.tex"], cwd=folder,
                            capture_output=True, text=True, timeout=180)
    log = (folder / "fragment.log").read_text(errors="replace")
    assert result.returncode == 0, log[-2000:]
    return re.findall(r"Overfull \\hbox \([\d.]+pt too wide\)", log)


@pytest.mark.parametrize("arguments", CASES, ids=lambda a: "-".join(a))
def test_latex_fragment_fits_the_text_width(arguments, tmp_path):
    result = run_main("prove", *arguments, "--format", "latex")
    assert result.returncode in (0, 1), result.stderr
    assert _overfull_boxes(result.stdout, tmp_path) == []


def test_long_reasons_sit_on_their_own_line():
    fragment = run_main("prove", "probit", "--format", "latex").stdout
    assert r"\intertext{" in fragment and "&& \\text{" not in fragment
