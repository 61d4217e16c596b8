"""PDF builds with a real TeX engine: latexmk (or pdflatex), non-interactive, under a timeout."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from symnet.errors import DocumentError

DEBIAN_PACKAGES = ("texlive-latex-base texlive-latex-recommended texlive-pictures texlive-fonts-recommended "
                   "lmodern latexmk")  # the README's list, word for word
TIMEOUT_SECONDS = 180
SOURCE_DATE_EPOCH = "0"  # reproducible PDFs: fixed creation date and document ID


def engine() -> list[str]:
    """The command that builds a PDF, or DocumentError naming the Debian packages to install."""
    if shutil.which("latexmk") and shutil.which("pdflatex"):
        return ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-quiet"]
    if shutil.which("pdflatex"):
        return ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]
    raise DocumentError(f"no TeX engine found (latexmk or pdflatex); on Debian or Ubuntu install it with: "
                        f"apt-get install --no-install-recommends {DEBIAN_PACKAGES}")


def _first_errors(log: str, limit: int = 3) -> str:
    lines = [line.strip() for line in log.splitlines() if line.startswith("!") or re.match(r"^\S+:\d+: ", line)]
    return " | ".join(lines[:limit]) or "see the log"


def compile_pdf(tex_source: str, name: str) -> bytes:
    """Compile one document in a private build directory and return the PDF's bytes."""
    command = engine()
    environment = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, FORCE_SOURCE_DATE="1",
                       max_print_line="10000")
    with tempfile.TemporaryDirectory(prefix="symnet-tex-") as build:
        path = Path(build) / f"{name}.tex"
        path.write_text(tex_source, encoding="utf-8")
        runs = 1 if command[0] == "latexmk" else 2
        for _ in range(runs):
            try:
                result = subprocess.run(command + [path.name], cwd=build, capture_output=True, text=True,
                                        timeout=TIMEOUT_SECONDS, env=environment)
            except subprocess.TimeoutExpired:
                raise DocumentError(f"{name}.tex: TeX did not finish within {TIMEOUT_SECONDS} s") from None
            if result.returncode != 0:
                log_path = Path(build) / f"{name}.log"
                log = log_path.read_text(errors="replace") if log_path.exists() else result.stdout
                raise DocumentError(f"{name}.tex does not compile: {_first_errors(log)}")
        pdf = Path(build) / f"{name}.pdf"
        if not pdf.exists():
            raise DocumentError(f"{name}.tex: TeX reported success but wrote no PDF")
        return pdf.read_bytes()
