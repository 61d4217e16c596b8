"""Sentences with inline math ($...$, LaTeX): escaped for LaTeX, kept for Markdown, flattened for text."""

from __future__ import annotations

import re

_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                  "^": r"\^{}", "_": r"\_", "%": r"\%", "~": r"\~{}"}

_TEXT_COMMANDS = (
    (r"\\hat\{y\}", "y-hat"), (r"\\mathrm\{E\}", "E"), (r"\\operatorname\{([^}]*)\}", r"\1"),
    (r"\\mathbb\{R\}", "R"), (r"\\mathbf\{R\}", "R"), (r"\\text\{([^}]*)\}", r"\1"), (r"\\mid", "|"), (r"\\top", "T"),
    (r"\\dots", "..."), (r"\\infty", "inf"), (r"\\in\b", "in"), (r"\\leq", "<="), (r"\\geq", ">="),
    (r"\\quad", " "), (r"\\,", " "), (r"\\left|\\right", ""),
)


def escape(words: str) -> str:
    """Plain words made safe for LaTeX (no math)."""
    return "".join(_LATEX_SPECIAL.get(c, c) for c in words)


def _segments(sentence: str) -> list[tuple[bool, str]]:
    parts = sentence.split("$")
    return [(index % 2 == 1, part) for index, part in enumerate(parts) if part]


def latex(sentence: str) -> str:
    """Words escaped, $...$ math kept (valid in text and inside \\text{...} under amsmath)."""
    return "".join(f"${part}$" if math else escape(part) for math, part in _segments(sentence))


def text(sentence: str) -> str:
    """The sentence as plain text: the math flattened to readable ASCII."""
    out = []
    for math, part in _segments(sentence):
        if math:
            for pattern, replacement in _TEXT_COMMANDS:
                part = re.sub(pattern, replacement, part)
            part = re.sub(r"\\([A-Za-z]+)", r"\1", part).replace("{", "").replace("}", "")
        out.append(part)
    return "".join(out)


def markdown(sentence: str) -> str:
    """Markdown keeps $...$ (inline math on GitHub and in Jupyter)."""
    return sentence
