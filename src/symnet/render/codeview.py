"""The code view: the network's forward pass and loss as plain Python, rendered by latexify-py.

The Python source is generated from the catalog formulas (SymPy -> lambdify), so the code and the math
have one source; `agreement` evaluates both at random points to show they are the same function.
"""

from __future__ import annotations

from fractions import Fraction

import inspect
import math
import re
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
    imports: str = ""  # the import line the source needs ("from math import exp")
    function: object = None  # the generated Python function itself (0-based lists in, a float out)

    @property
    def call(self) -> str:
        """How the function is called: forward(x, w, b, lam)."""
        return self.source.split("\n", 1)[0].removeprefix("def ").rstrip(":")


def code_tie(link: Link | VectorLink) -> str:
    """' with lam = 1 - p' when the family's likelihood ties the link's parameter (the Tweedie power), as code."""
    family = family_by_name(link.paired_family) if link.paired_family else None
    if family is None or not family.link_substitution or family.canonical_link != link.name:
        return ""
    return " with " + ", ".join(f"{sp.pycode(_RENAME.get(s, s))} = {sp.pycode(v)}" for s, v in family.link_substitution)


_MATH_NAMES = ("atan", "atanh", "cos", "cosh", "erf", "erfc", "exp", "gamma", "lgamma", "log", "pi", "sin", "sinh", "sqrt", "tan", "tanh")


class _CodePrinter(PythonCodePrinter):
    """Python as a person writes it: 0-based lists (w[k][i] for a weight matrix), sum(... in range(len(x))).

    A sum over i = 1..n of the mathematics is a loop over the n entries of the list it indexes: the code's
    i = 0 is the mathematics' i = 1, so the code runs on plain length-n lists or numpy arrays.
    """

    def __init__(self, settings=None, lengths: dict | None = None):
        super().__init__(settings)
        self._lengths = lengths or {}

    def _print_Indexed(self, expr):
        return self._print(expr.base.label) + "".join(f"[{self._print(i)}]" for i in expr.indices)

    def _print_Sum(self, expr):
        loops = []
        for i, a, b in expr.limits:
            if a != 1 or b not in self._lengths:
                raise ValueError(f"the code view sums over a whole list only, not {i} = {a}..{b}")
            loops.append(f"for {self._print(i)} in range(len({self._lengths[b]}))")
        return f"sum({self._print(expr.function)} {' '.join(loops)})"


def wrapped_source(view: "CodeView", width: int = 78) -> str:
    """The function's source with the return expression wrapped inside parentheses (still valid Python)."""
    header, body = view.source.split("\n", 1)
    expression = body.strip().removeprefix("return ").strip()
    imports = f"{view.imports}\n\n" if view.imports else ""
    lines = textwrap.wrap(expression, width=width - 8, break_long_words=False, break_on_hyphens=False)
    if len(lines) <= 1:
        return f"{imports}{header}\n    return {expression}\n"
    inner = "\n".join(f"        {line}" for line in lines)
    return f"{imports}{header}\n    return (\n{inner}\n    )\n"


def _function(name: str, parameters: list[sp.Basic], expr: sp.Expr, lengths: dict | None = None):
    """(the function, its source, its import line) for `expr` as plain Python on 0-based lists."""
    printer = _CodePrinter({"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True,
                            "user_functions": {}}, lengths)
    parameters = [_RENAME.get(p, p) for p in parameters]
    function = sp.lambdify(parameters, expr.xreplace(_RENAME), modules="math", printer=printer)
    source = inspect.getsource(function).replace("_lambdifygenerated", name)
    body = source.split("\n", 1)[1]
    used = [n for n in _MATH_NAMES if re.search(rf"\b{n}\b", body)]
    imports = f"from math import {', '.join(used)}" if used else ""
    return function, source, imports


def _latex(function, name: str) -> str:
    return latexify.get_latex(function, identifiers={"_lambdifygenerated": name}, use_math_symbols=True)


_MODERATE = sp.Interval(-8, 8)  # float code is compared at moderate values


def _network_sampler(link, inputs_range=(1, 4), outputs: int | None = None):
    """Random networks: the code gets plain 0-based lists, the exact check 1-based indexed values."""
    parameter_domains = [(p.symbol, p.domain) for p in link.parameters] if isinstance(link, Link) else []

    def draw(rng) -> Fraction:
        return Fraction(float(sampling.sample(_MODERATE, rng)) / 4)

    def sample(rng):
        n = rng.randint(*inputs_range)
        values: dict = {(N.name, ()): n}
        xs = [draw(rng) for _ in range(n)]
        for i, value in enumerate(xs, start=1):
            values[("x", (i,))] = value
        if outputs is None:
            ws, b = [draw(rng) for _ in range(n)], draw(rng)
            for i, value in enumerate(ws, start=1):
                values[("w", (i,))] = value
            values[("b", ())] = b
            arguments = [[float(v) for v in xs], [float(v) for v in ws], float(b)]
        else:
            ws = [[draw(rng) for _ in range(n)] for _ in range(outputs)]
            bs = [draw(rng) for _ in range(outputs)]
            for k in range(1, outputs + 1):
                values[("b", (k,))] = bs[k - 1]
                for i in range(1, n + 1):
                    values[("w", (k, i))] = ws[k - 1][i - 1]
            arguments = [[float(v) for v in xs], [[float(v) for v in row] for row in ws], [float(v) for v in bs]]
        for symbol, domain in parameter_domains:
            value = sampling.sample(domain.intersect(sp.Interval(-3, 3)), rng)
            values[(symbol.name, ())] = value
            arguments.append(float(value))
        return arguments, values

    return sample


def forward_view(link: Link | VectorLink) -> CodeView:
    """The forward pass y-hat = h(b + sum_i w_i x_i) (softmax: class k of K, k counted from 0 in code)."""
    from symnet.render.printer import latex

    if isinstance(link, VectorLink):
        network = Network(None, None)
        expr = sp.exp(network.eta(KK)) / sp.Sum(sp.exp(network.eta(J)), (J, 1, K))
        function, source, imports = _function("forward", [X, W, B, KK], expr, {N: "x", K: "b"})
        outputs = 3

        def sample(rng):
            arguments, values = _network_sampler(link, outputs=outputs)(rng)
            k = rng.randint(1, outputs)
            values[("k", ())], values[("K", ())] = k, outputs
            return arguments + [k - 1], values

        concrete = lambda values: expr.xreplace({N: values[("n", ())], K: outputs, KK: values[("k", ())]})  # noqa: E731
    else:
        network = Network(None, 1)
        expr = link.h(network.eta())
        parameters = [X, W, BIAS] + [p.symbol for p in link.parameters]
        function, source, imports = _function("forward", parameters, expr, {N: "x"})
        sample = _network_sampler(link)
        concrete = lambda values: expr.xreplace({N: values[("n", ())]})  # noqa: E731
    used, worst = _agreement_concrete(function, concrete, sample, f"forward {link.name}")
    return CodeView("forward", source, _latex(function, "forward"), latex(expr), used, worst, imports, function)


def _agreement_concrete(function, concrete, sample, seed) -> tuple[int, float]:
    rng = sampling.seeded_rng(seed)
    worst, used = 0.0, 0
    for _ in range(200):
        arguments, values = sample(rng)
        try:
            code_value = function(*arguments)
        except (ValueError, ZeroDivisionError, OverflowError):
            continue
        formula = concrete(values)
        point = Point(values.__getitem__)
        exact = point.value(formula)
        if exact is None or isinstance(code_value, complex) or not math.isfinite(code_value):
            continue
        if isinstance(exact, mpmath.mpc) and abs(exact.imag) > 1e-30:
            continue
        exact_float = float(mpmath.re(to_mp(exact)))
        # relative to the largest term: floating point cannot do better when the terms cancel
        terms = [point.value(term) for term in (formula.args if isinstance(formula, sp.Add) else (formula,))]
        scale = max([1.0, abs(exact_float)] + [abs(complex(to_mp(t))) for t in terms if t is not None])
        worst = max(worst, abs(code_value - exact_float) / scale)
        used += 1
        if used >= 25:
            break
    return used, worst


def loss_view(link: Link | VectorLink) -> CodeView | None:
    """The per-observation loss as a function of the response y and the network's output mu."""
    from symnet.render.printer import latex

    if isinstance(link, VectorLink):
        return _cross_entropy_view(link)
    family = family_by_name(link.paired_family) if link.paired_family else None
    if family is None:
        return None
    expr = family.nn_loss if family.nn_loss is not None else -family.loglik
    extra = [s for s, _ in family.parameters]
    parameters = [Y, MU] + extra
    function, source, imports = _function("loss", parameters, expr)
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
    return CodeView("loss", source, _latex(function, "loss"), latex(expr), used, worst, imports, function)


def _cross_entropy_view(link: VectorLink, classes: int = 3) -> CodeView:
    """Categorical cross-entropy -sum_k y_k log mu_k of a one-hot y and the K softmax outputs mu."""
    from symnet.render.printer import latex

    y, mu = sp.IndexedBase("y", real=True), sp.IndexedBase("mu", positive=True)
    expr = -sp.Sum(y[KK] * sp.log(mu[KK]), (KK, 1, K))
    function, source, imports = _function("loss", [y, mu], expr, {K: "y"})

    def sample(rng):
        weights = [float(sampling.sample(sp.Interval.open(0, 1), rng)) for _ in range(classes)]
        total = sum(weights)
        probabilities = [Fraction(w / total) for w in weights]
        observed = rng.randint(1, classes)
        values: dict = {("K", ()): classes}
        for k in range(1, classes + 1):
            values[("y", (k,))] = int(k == observed)
            values[("mu", (k,))] = probabilities[k - 1]
        return [[int(k == observed) for k in range(1, classes + 1)], [float(p) for p in probabilities]], values

    concrete = lambda values: expr.xreplace({K: classes})  # noqa: E731
    used, worst = _agreement_concrete(function, concrete, sample, f"loss {link.name}")
    return CodeView("loss", source, _latex(function, "loss"), latex(expr), used, worst, imports, function)
