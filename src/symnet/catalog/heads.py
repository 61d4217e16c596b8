"""Display heads: the named functions a proof writes (g, h, softmax, the log-likelihood, a loss).

A head is an undefined SymPy function that carries its own LaTeX and plain-text spelling, so no
printer keeps a global table and nothing is registered at run time.  The checker unfolds a head to
its formula through a `Definition`; the head itself is only a name.
"""

from __future__ import annotations

import functools

import sympy as sp


_LATEX_DOTS = r"\dots"
ELIDE_ARGUMENTS_ABOVE = 4  # longer argument lists print as first, second, dots, last


def _arguments(printer, args, dots: str) -> str:
    if len(args) > ELIDE_ARGUMENTS_ABOVE:
        args = (args[0], args[1], None, args[-1])
    return ", ".join(dots if a is None else printer._print(a) for a in args)


@functools.lru_cache(maxsize=None)
def display_function(name: str, tex: str, text: str, subscript_first: bool = False) -> sp.FunctionClass:
    """The head called `name`, printed as `tex(...)` in LaTeX and `text(...)` in plain text.

    With `subscript_first`, the first argument is an index: softmax_k(eta_1, ..., eta_K).
    The same arguments always give the same head (heads compare by identity of their spelling).
    """

    def latex(self, printer, exp=None):
        args = self.args
        if subscript_first:
            head = rf"{tex}_{{{printer._print(args[0])}}}"
            args = args[1:]
        else:
            head = tex
        body = rf"{head}\left({_arguments(printer, args, _LATEX_DOTS)}\right)"
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"

    def plain(self, printer):
        args = self.args
        head = text
        if subscript_first:
            head = f"{text}_{printer._print(args[0])}"
            args = args[1:]
        return f"{head}({_arguments(printer, args, '...')})"

    return sp.Function(name, _latex=latex, _sympystr=plain)


SOFTMAX = display_function("softmax", r"\operatorname{softmax}", "softmax", subscript_first=True)
PROBABILITY = sp.IndexedBase("p", real=True)  # p_k = softmax_k(eta): the probability of class k
PROBABILITY_AT = display_function("p_at", "p", "p", subscript_first=True)  # p_k(x): the probability at input x
LOGLIK = display_function("ell", r"\ell", "l")  # the per-observation log-likelihood l(y, mu)
NN_LOSS = display_function("L_nn", r"\mathcal{L}", "L")  # the per-observation loss of the network


def _softmax_of_latex(self, printer, exp=None):
    body = rf"\operatorname{{softmax}}_{{{printer._print(self.args[0])}}}\left({printer._print(self.args[1])}\right)"
    return body if exp is None else rf"\left({body}\right)^{{{exp}}}"


def _softmax_of_text(self, printer):
    return f"softmax_{printer._print(self.args[0])}({printer._print(self.args[1])})"


# softmax_k(eta) of a whole vector: the arguments are (k, the vector, its length K); printed softmax_k(eta)
SOFTMAX_OF = sp.Function("softmax_of", _latex=_softmax_of_latex, _sympystr=_softmax_of_text)
