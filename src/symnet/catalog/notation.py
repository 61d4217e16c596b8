"""Textbook LaTeX for the formulas sentences quote (log y! for log Gamma(y + 1), log Gamma(x) otherwise).

The render layer's printer extends this one; the proof layer writes its statements with `tex`, so a
sentence and a displayed step print a formula the same way.
"""

from __future__ import annotations

import re

import sympy as sp
from sympy.printing.latex import LatexPrinter


class TextbookLatexPrinter(LatexPrinter):
    """SymPy's LaTeX with the special functions written as textbooks write them: the inverse trigonometric
    and hyperbolic functions as \\arctan and \\operatorname{artanh} (not SymPy's atan and atanh)."""

    def __init__(self, settings=None):
        super().__init__({"inv_trig_style": "full", **(settings or {})})

    def _print_loggamma(self, expr, exp=None):
        """log Gamma(y + 1) of a count y prints as log y!, as textbooks write the Poisson likelihood."""
        argument = expr.args[0]
        if isinstance(argument, sp.Add) and len(argument.args) == 2 and sp.Integer(1) in argument.args:
            (other,) = [a for a in argument.args if a != 1]
            if isinstance(other, sp.Symbol) and other.name == "y":
                tex = rf"\log {self._print(other)}!"
                return rf"\left({tex}\right)^{{{exp}}}" if exp else tex
        tex = rf"\log \Gamma\left({self._print(argument)}\right)"
        return rf"\left({tex}\right)^{{{exp}}}" if exp else tex


_PRINTER = TextbookLatexPrinter()


def tex(expr: sp.Basic) -> str:
    """The LaTeX of a formula quoted in a sentence."""
    return _PRINTER.doprint(expr)


def reads_as(tex_source: str) -> str:
    r"""`tex_source` as it reads on the page, for comparing two printed formulas: spacing that prints nothing
    dropped, and the braces SymPy puts around a function's bracketed argument removed (\tanh{\left(\eta \right)}
    and \tanh\left(\eta\right) print alike)."""
    source = re.sub(r"\s+(?![A-Za-z])|(?<![A-Za-z])\s+", "", tex_source)
    opened, pairs = [], {}
    for position, character in enumerate(source):
        if character not in "{}" or (position and source[position - 1] == "\\"):
            continue
        if character == "{":
            opened.append(position)
        elif opened:
            pairs[opened.pop()] = position
    dropped = set()
    for start, end in pairs.items():
        inside = source[start + 1:end]
        if inside.startswith(r"\left(") and inside.endswith(r"\right)") and _one_bracket(inside):
            dropped |= {start, end}
    return "".join(character for position, character in enumerate(source) if position not in dropped)


def _one_bracket(inside: str) -> bool:
    r"""`inside` is one \left( ... \right) group: its first \left closes at its very end."""
    depth, position = 0, 0
    while position < len(inside):
        if inside.startswith(r"\left", position):
            depth, position = depth + 1, position + len(r"\left")
        elif inside.startswith(r"\right", position):
            depth, position = depth - 1, position + len(r"\right")
            if depth == 0 and position < len(inside) - 1:
                return False
        else:
            position += 1
    return True


def printed_alike(left: sp.Basic, right: sp.Basic) -> bool:
    """Whether two expressions print the same formula (a step between them would show nothing)."""
    return left == right or reads_as(tex(left)) == reads_as(tex(right))
