"""Sentences with inline math ($...$, LaTeX): escaped for LaTeX, kept for Markdown, flattened for text."""

from __future__ import annotations

import re

_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                  "^": r"\^{}", "_": r"\_", "%": r"\%", "~": r"\~{}"}

_SYMBOLS = {"mid": "|", "top": "T", "dots": "...", "ldots": "...", "cdots": "...", "cdot": "*", "times": "x",
            "infty": "inf", "in": "in", "leq": "<=", "le": "<=", "geq": ">=", "ge": ">=", "neq": "!=", "ne": "!=",
            "to": "->", "quad": " ", "qquad": " ", "left": "", "right": "", "big": "", "Big": "", "sum": "sum",
            "prod": "prod", "partial": "∂", "ell": "l", "displaystyle": "", "limits": "", "colon": ":",
            "arctan": "atan", "arcsin": "asin", "arccos": "acos"}
# the inverse functions as the plain-text printer and Python write them (the LaTeX writes arctan, artanh)
_TEXT_NAMES = {"artanh": "atanh", "arsinh": "asinh", "arcosh": "acosh"}
_WRAPPERS = ("operatorname", "mathrm", "mathit", "mathbf", "mathbb", "text", "textrm", "mathcal", "boldsymbol")
_SIMPLE = re.compile(r"-?[A-Za-z0-9.]+(?:[_^][A-Za-z0-9,]+)?|[A-Za-z]+\([^ ]*\)|\|[^ |]*\|")


def _argument(math: str, position: int) -> tuple[str, int]:
    """The group {...} (balanced) or the single token at `position`, and the position after it."""
    while position < len(math) and math[position] == " ":
        position += 1
    if position >= len(math):
        return "", position
    if math[position] == "{":
        depth = 0
        for end in range(position, len(math)):
            depth += {"{": 1, "}": -1}.get(math[end], 0)
            if depth == 0:
                return math[position + 1:end], end + 1
        return math[position + 1:], len(math)
    command = re.match(r"\\[A-Za-z]+|.", math[position:])
    return command.group(0), position + len(command.group(0))


def _wrap(part: str) -> str:
    return part if _SIMPLE.fullmatch(part) else f"({part})"


def _in_name(math: str, position: int) -> bool:
    """The letter at `position` is part of a longer name (not the constant e on its own)."""
    return position > 0 and (math[position - 1].isalnum() or math[position - 1] == "\\")


def flatten_math(math: str) -> str:
    """LaTeX math as plain text: \\frac12 -> 1/2, \\eta^{1/\\lambda} -> eta^(1/lambda), \\beta_{k,0} -> beta_k,0."""
    out, position = [], 0
    while position < len(math):
        character = math[position]
        command = re.match(r"\\([A-Za-z]+)", math[position:])
        if command:
            name, position = command.group(1), position + len(command.group(0))
            if name in ("frac", "dfrac", "tfrac"):
                numerator, position = _argument(math, position)
                denominator, position = _argument(math, position)
                out.append(f"{_wrap(flatten_math(numerator))}/{_wrap(flatten_math(denominator))}")
            elif name == "hat":
                argument, position = _argument(math, position)
                out.append(f"{flatten_math(argument)}_hat")
            elif name == "sqrt":
                index = re.match(r"\s*\[([^\]]*)\]", math[position:])  # \sqrt[3]{x}: the cube root
                if index:
                    position += len(index.group(0))
                argument, position = _argument(math, position)
                if index:
                    out.append(f"{_wrap(flatten_math(argument))}^(1/{flatten_math(index.group(1))})")
                else:
                    out.append(f"sqrt({flatten_math(argument)})")
            elif name in _WRAPPERS:
                argument, position = _argument(math, position)
                flat = flatten_math(argument)
                out.append(_TEXT_NAMES.get(flat, flat))
            else:
                out.append(_SYMBOLS.get(name, name))
                if re.match(r"[A-Za-z0-9\\]", math[position:position + 1]) and not re.match(
                        r"\\(left|right|big|Big)\b", math[position:]):
                    out.append(" ")
        elif character == "\\":
            out.append({",": " ", ";": " ", "!": "", "{": "{", "}": "}", " ": " ", "_": "_"}.get(
                math[position + 1:position + 2], ""))
            position += 2
        elif character == "e" and math[position + 1:position + 2] == "^" and not _in_name(math, position):
            argument, position = _argument(math, position + 2)  # e^{x} is written exp(x), as the formulas are
            out.append(f"exp({flatten_math(argument)})")
        elif character in "^_":
            argument, position = _argument(math, position + 1)
            flat = flatten_math(argument)
            if character == "^":
                out.append(f"^({flat})" if flat.startswith("-") and len(flat) > 2 else f"^{_wrap(flat)}")
            else:
                out.append(f"_{flat.replace(' ', '')}")
        elif character == "{":
            argument, position = _argument(math, position)
            out.append(flatten_math(argument))
        else:
            out.append(character)
            position += 1
    flat = re.sub(r" {2,}", " ", "".join(out))
    flat = re.sub(r"([(\[^]|^|= )- ", r"\1-", flat)  # a unary minus sits on its operand: e^(-eta), (-1), = -l
    return re.sub(r"\( ", "(", re.sub(r" \)", ")", flat)).strip()


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
        out.append(flatten_math(part) if math else part)
    return "".join(out)


def markdown(sentence: str) -> str:
    """Markdown keeps $...$ (inline math on GitHub and in Jupyter)."""
    return sentence
