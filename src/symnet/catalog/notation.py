"""Textbook LaTeX for the formulas sentences quote (log y! for log Gamma(y + 1), log Gamma(x) otherwise).

The render layer's printer extends this one; the proof layer writes its statements with `tex`, so a
sentence and a displayed step print a formula the same way.
"""

from __future__ import annotations

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

