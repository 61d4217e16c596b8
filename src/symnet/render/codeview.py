"""The code view: the network's forward pass and loss as plain Python, rendered by latexify-py.

The Python source is generated from the catalog formulas (SymPy -> lambdify), so the code and the math
have one source; `agreement` evaluates both at random points to show they are the same function.
"""

from __future__ import annotations

from fractions import Fraction

import inspect
import math
import textwrap
from dataclasses import dataclass

import latexify
import mpmath
import sympy as sp
from sympy.printing.pycode import PythonCodePrinter

from symnet.catalog.families import family_by_name
from symnet.catalog.links import Link, VectorLink
from symnet.catalog.symbols import LAMBDA, MU, Y
from symnet.network import BIAS, B, J, K, KK, N, W, X, Network
from symnet.proofs.evaluate import Point, to_mp
from symnet.proofs import sampling

_RENAME = {LAMBDA: sp.Symbol("lam", real=True, nonzero=True)}  # `lambda` is a Python keyword


@dataclass(frozen=True)
class CodeView:
    """One function: its Python source, latexify's LaTeX, SymPy's LaTeX, and the agreement check."""

    name: str  # forward or loss
    source: str
    code_latex: str
    math_latex: str
    points: int
    max_relative_error: float


class _CodePrinter(PythonCodePrinter):
    """Python as a person writes it: w[k][i] for a weight matrix held as a list of lists, sum(...)."""

    def _print_Indexed(self, expr):
        return self._print(expr.base.label) + "".join(f"[{self._print(i)}]" for i in expr.indices)

    def _print_Sum(self, expr):
        loops = " ".join(f"for {self._print(i)} in range({self._print(a)}, {self._print(b + 1)})"
                         for i, a, b in expr.limits)
        return f"sum({self._print(expr.function)} {loops})"


def wrapped_source(view: "CodeView", width: int = 78) -> str:
    """The function's source with the return expression wrapped inside parentheses (still valid Python)."""
    header, body = view.source.split("\n", 1)
    expression = body.strip().removeprefix("return ").strip()
    lines = textwrap.wrap(expression, width=width - 8, break_long_words=False, break_on_hyphens=False)
    if len(lines) <= 1:
        return f"{header}\n    return {expression}\n"
    inner = "\n".join(f"        {line}" for line in lines)
    return f"{header}\n    return (\n{inner}\n    )\n"


def _function(name: str, parameters: list[sp.Basic], expr: sp.Expr):
    printer = _CodePrinter({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True,
                            "user_functions": {}})
    parameters = [_RENAME.get(p, p) for p in parameters]
    function = sp.lambdify(parameters, expr.xreplace(_RENAME), modules="math", printer=printer)
    source = inspect.getsource(function).replace("_lambdifygenerated", name)
    return function, source


def _latex(function, name: str) -> str:
    return latexify.get_latex(function, identifiers={"_lambdifygenerated": name}, use_math_symbols=True)


_MODERATE = sp.Interval(-8, 8)  # float code is compared at moderate values


def _network_sampler(link, inputs_range=(1, 4), outputs: int | None = None):
    parameter_domains = [(p.symbol, p.domain) for p in link.parameters] if isinstance(link, Link) else []

    def sample(rng):
        n = rng.randint(*inputs_range)
        values: dict = {(N.name, ()): n}
        xs = [0.0] + [float(sampling.sample(_MODERATE, rng)) / 4 for _ in range(n)]
        for i in range(1, n + 1):
            values[("x", (i,))] = Fraction(xs[i])
        arguments = []
        if outputs is None:
            ws = [0.0] + [float(sampling.sample(_MODERATE, rng)) / 4 for _ in range(n)]
            b = float(sampling.sample(_MODERATE, rng)) / 4
            for i in range(1, n + 1):
                values[("w", (i,))] = Fraction(ws[i])
            values[("b", ())] = Fraction(b)
            arguments = [xs, ws, b, n]
        else:
            ws = [[0.0] * (n + 1)] + [[0.0] + [float(sampling.sample(_MODERATE, rng)) / 4 for _ in range(n)]
                                     for _ in range(outputs)]
            bs = [0.0] + [float(sampling.sample(_MODERATE, rng)) / 4 for _ in range(outputs)]
            for k in range(1, outputs + 1):
                values[("b", (k,))] = Fraction(bs[k])
                for i in range(1, n + 1):
                    values[("w", (k, i))] = Fraction(ws[k][i])
            arguments = [xs, ws, bs, n]
        for symbol, domain in parameter_domains:
            value = sampling.sample(domain.intersect(sp.Interval(-3, 3)), rng)
            values[(symbol.name, ())] = value
            arguments.append(float(value))
        return arguments, values

    return sample


def forward_view(link: Link | VectorLink) -> CodeView:
    """The forward pass y-hat = h(b + sum_i w_i x_i) (softmax: class k of K)."""
    if isinstance(link, VectorLink):
        network = Network(None, None)
        expr = sp.exp(network.eta(KK)) / sp.Sum(sp.exp(network.eta(J)), (J, 1, K))
        parameters = [X, W, B, N, KK, K]
        function, source = _function("forward", parameters, expr)
        outputs = 3

        def sample(rng):
            arguments, values = _network_sampler(link, outputs=outputs)(rng)
            k = rng.randint(1, outputs)
            values[("k", ())], values[("K", ())] = k, outputs
            return arguments + [k, outputs], values

        concrete = lambda values: expr.xreplace({N: values[("n", ())], K: outputs, KK: values[("k", ())]})  # noqa: E731
    else:
        network = Network(None, 1)
        expr = link.h(network.eta())
        parameters = [X, W, BIAS, N] + [p.symbol for p in link.parameters]
        function, source = _function("forward", parameters, expr)
        sample = _network_sampler(link)
        concrete = lambda values: expr.xreplace({N: values[("n", ())]})  # noqa: E731
    used, worst = _agreement_concrete(function, concrete, sample, f"forward {link.name}")
    from symnet.render.printer import latex

    return CodeView("forward", source, _latex(function, "forward"), latex(expr), used, worst)


def _agreement_concrete(function, concrete, sample, seed) -> tuple[int, float]:
    rng = sampling.seeded_rng(seed)
    worst, used = 0.0, 0
    for _ in range(200):
        arguments, values = sample(rng)
        try:
            code_value = function(*arguments)
        except (ValueError, ZeroDivisionError, OverflowError):
            continue
        exact = Point(values.__getitem__).value(concrete(values))
        if exact is None or isinstance(code_value, complex) or not math.isfinite(code_value):
            continue
        if isinstance(exact, mpmath.mpc) and abs(exact.imag) > 1e-30:
            continue
        exact_float = float(mpmath.re(to_mp(exact)))
        worst = max(worst, abs(code_value - exact_float) / max(1.0, abs(exact_float)))
        used += 1
        if used >= 25:
            break
    return used, worst


def loss_view(link: Link | VectorLink) -> CodeView | None:
    """The per-observation loss as a function of the response y and the network's output mu."""
    from symnet.render.printer import latex

    if isinstance(link, VectorLink):
        return None
    family = family_by_name(link.paired_family) if link.paired_family else None
    if family is None:
        return None
    expr = family.nn_loss if family.nn_loss is not None else -family.loglik
    extra = [s for s, _ in family.parameters]
    parameters = [Y, MU] + extra
    function, source = _function("loss", parameters, expr)
    y_domain = sp.Range(0, 4) if family.y_integer and family.name != "bernoulli" else family.y_domain
    mu_domain = link.mu_domain.intersect(sp.Interval.open(-50, 50))

    def sample(rng):
        y, mu = sampling.sample(y_domain, rng), sampling.sample(mu_domain, rng)
        values = {("y", ()): y, ("mu", ()): mu}
        arguments = [float(y), float(mu)]
        for symbol, domain in family.parameters:
            value = sampling.sample(domain, rng)
            values[(symbol.name, ())] = value
            arguments.append(float(value))
        return arguments, values

    used, worst = _agreement_concrete(function, lambda values: expr, sample, f"loss {link.name}")
    return CodeView("loss", source, _latex(function, "loss"), latex(expr), used, worst)

