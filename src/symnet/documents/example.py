"""The worked example of an article: the link fitted to a built-in data set three ways, by `symnet.crosscheck`.

Nothing is fitted here: `run_crosscheck` trains the network by gradient descent, runs IRLS on the proven
score and fits statsmodels' GLM; this module only rounds and lays out what it returns, so a regenerated
document is byte-identical (fixed seed, numbers rounded to SIGNIFICANT digits, differences as a bound).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from symnet.catalog.families import family_by_name
from symnet.catalog.links import Link, VectorLink
from symnet.errors import DocumentError

SIGNIFICANT = 6
BOUNDS = (-12, -10, -8, -6, -4)  # a relative difference is printed as "below 10^k" for the first k above it


@dataclass(frozen=True)
class Row:
    group: str  # softmax: the class the coefficient belongs to ("" for a scalar link)
    name: str  # "intercept" or the input's column name
    network: float
    irls: float
    statsmodels: float
    standard_error: float


@dataclass(frozen=True)
class WorkedExample:
    """One crosscheck of the article's link on a built-in data set, ready to print."""

    data: object  # symnet.crosscheck.data.BuiltIn
    comparison: object  # symnet.crosscheck.run.Comparison
    rows: tuple[Row, ...]
    observations: int
    eta_bound: float | None = None  # the fitted eta_i closest to the edge of the link's range, when it has one

    @property
    def command(self) -> str:
        """The command that reproduces the table."""
        extra = f" --reference {self.reference_label}" if self.comparison.reference else ""
        return f"symnet crosscheck {self.comparison.link} --data {self.data.name}{extra}"

    @property
    def reference_label(self) -> str:
        return self.comparison.reference.split("=")[-1] if self.comparison.reference else ""

    def bound(self, first: str) -> int:
        """k with the largest relative difference between `first` and statsmodels below 10^k."""
        difference = self.comparison.difference(first, "statsmodels")
        return next((k for k in BOUNDS if difference < 10.0 ** k), 0)

    @property
    def iterations(self) -> dict:
        return self.comparison.iterations


def number(value: float) -> str:
    """`value` to SIGNIFICANT digits as LaTeX math (also valid in Markdown math): 1.23457 \\cdot 10^{6}."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    text = f"{value:.{SIGNIFICANT}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \cdot 10^{{{int(exponent)}}}"
    return text


def parse_number(text: str) -> float:
    """The inverse of `number` (for tests that read the committed documents)."""
    text = text.strip().strip("$")
    if r"\cdot" in text:
        mantissa, power = text.split(r"\cdot")
        exponent = power.strip().removeprefix("10^{").removesuffix("}")
        return float(mantissa) * 10.0 ** int(exponent)
    return float(text)


def _rows(comparison) -> tuple[Row, ...]:
    rows = []
    for index, label in enumerate(comparison.names):
        group, _, name = label.rpartition(": ")
        if group:
            target, _, value = group.partition("=")
            group = f"{target} = {value}"
        rows.append(Row(group, "intercept" if name == "constant" else name, comparison.network[index],
                        comparison.irls[index], comparison.statsmodels[index], comparison.standard_errors[index]))
    return tuple(rows)


def worked_example(link: Link | VectorLink) -> WorkedExample | None:
    """The crosscheck of `link` on its built-in data set (None when no data set is meant for the link)."""
    from symnet.crosscheck.data import data_for_link, load_built_in

    family = "multinomial" if isinstance(link, VectorLink) else link.paired_family
    spec = data_for_link(link.name, family) if family else None
    if spec is None:
        return None
    try:
        from symnet.crosscheck.run import run_crosscheck

        data = load_built_in(spec.name)
    except ImportError as error:  # statsmodels ships the data and the reference fit
        raise DocumentError(f"the worked examples need statsmodels ({error}); install it with "
                            "pip install 'symnet[crosscheck]'") from None
    reference = float(max(data.y)) if isinstance(link, VectorLink) else None  # class K, as in the article
    comparison = run_crosscheck(link.name, data, family, spec.alpha, reference, var_power=spec.var_power)
    if not comparison.agrees:
        raise DocumentError(f"the worked example of {link.name} on {spec.name}: the three fits do not agree")
    return WorkedExample(spec, comparison, _rows(comparison), len(data.y), _eta_bound(link, data, comparison))


def _eta_bound(link, data, comparison) -> float | None:
    """max eta_i (for a link defined for eta < 0) or min eta_i (eta > 0) at the network's fitted weights."""
    import sympy as sp

    if isinstance(link, VectorLink) or link.eta_range == sp.S.Reals:
        return None
    columns = [1.0 if name == "constant" else data.X[:, data.columns.index(name)] for name in comparison.names]
    etas = sum(weight * column for weight, column in zip(comparison.network, columns))
    return float(etas.max() if link.eta_range.sup == 0 else etas.min())


def _family_phrase(example: WorkedExample) -> str:
    from symnet.catalog.families import family_by_name
    from symnet.catalog.names import resolve

    link = resolve(example.comparison.link)
    if isinstance(link, VectorLink):
        return "the multinomial logit model (softmax)"
    family = family_by_name(example.comparison.family)
    return f"the {family.noun} family with the {link.title.lower().removesuffix(' link')} link"


COMMAND = "@command@"  # where the renderers put the command, as code


def _var_power(example: WorkedExample) -> float:
    """The Tweedie p the fits used: the data set's, else crosscheck's default."""
    from symnet.crosscheck.model import DEFAULT_VAR_POWER

    return example.data.var_power or DEFAULT_VAR_POWER


def _tie(example: WorkedExample) -> str:
    """', so the power link's lambda = 1 - p = -1/2': the link parameter the family ties, at the data set's p."""
    import sympy as sp

    from symnet.catalog.families import POWER_P
    from symnet.catalog.notation import tex
    from symnet.crosscheck.model import exact

    family = family_by_name(example.comparison.family)
    tie = dict(family.link_substitution)
    if example.comparison.link != family.canonical_link or not tie:
        return ""
    values = {POWER_P: exact(_var_power(example))}
    parts = [f"${tex(symbol)} = {tex(value)} = {tex(sp.nsimplify(value.xreplace(values)))}$"
             for symbol, value in tie.items()]
    return f", so the {example.comparison.link} link's " + " and ".join(parts)


def paragraphs(example: WorkedExample) -> tuple[str, str, str]:
    """(the data, how the table was computed, how far the three fits agree), as sentences with $...$ math;
    the renderer replaces COMMAND by the command that reproduces the table, typeset as code."""
    comparison, iterations = example.comparison, example.iterations
    fixed = (f", with $\\alpha = {example.data.alpha or 1:g}$ fixed (not estimated)"
             if comparison.family == "negative_binomial" else
             f", with $p = {_var_power(example):g}$ fixed (not estimated)" if comparison.family == "tweedie" else "")
    data = (f"The data: {example.data.description} The model is {_family_phrase(example)}{fixed}, fitted to all "
            f"{example.observations:,} observations with an intercept.")
    if example.eta_bound is not None:
        side = "negative" if example.eta_bound < 0 else "positive"
        extreme = "largest" if example.eta_bound < 0 else "smallest"
        data += (f" At the fitted weights every $\\eta_i = b + w^\\top x_i$ is {side}, as the link needs (the "
                 f"{extreme} is ${number(example.eta_bound)}$), so the theorem applies to every observation.")
    if comparison.reference:
        data += (f" The reference class is {comparison.reference.replace('=', ' = ')}, the last of the "
                 "$K$ classes as in the proof above: each row is a coefficient of the log-odds of its class "
                 "against the reference class.")
    kernel = family_by_name(comparison.family).kernel_only
    loss = ("the negative of the log-likelihood kernel above, at $\\phi = 1$" if kernel
            else "the negative log-likelihood above")
    network = (f"the network trained by full-batch gradient descent on the mean of its loss ({loss}), with "
               "Barzilai-Borwein step lengths and a backtracking line search, from a start drawn with a fixed "
               "seed, on inputs centred and orthonormalised by a fixed linear map that is undone on the trained "
               "weights, until the gradient fell below $10^{-10}$ of its first size "
               f"({iterations['network']} iterations)")
    irls = (f"IRLS with the weights and working response of the proven score and information "
            f"({iterations['irls']} iterations)")
    if comparison.reference:
        irls = (f"Newton's method on the $K - 1$ contrasts, which is IRLS because the proven Hessian does not "
                f"involve $y$ ({iterations['irls']} iterations)")
    reference = ("statsmodels' MNLogit, re-expressed against the same reference class" if comparison.reference
                 else "statsmodels' GLM")
    how = (f"How the table was computed: by symnet's crosscheck module while this document was generated "
           f"(the command {COMMAND} prints the same fits). The columns are {network}; {irls}; and "
           f"{reference} ({iterations['statsmodels']} iterations). The standard errors are the square roots of "
           "the diagonal of the inverse Fisher information at the network's weights"
           + ("" if comparison.reference or comparison.family in ("bernoulli", "poisson", "negative_binomial")
              else ", with the dispersion estimated by Pearson's statistic") +
           (f". The negative-binomial $\\alpha$ is fixed at {example.data.alpha or 1:g} in all three fits, "
            "not estimated" if comparison.family == "negative_binomial" else "") +
           (f". The Tweedie variance power is fixed at $p = {_var_power(example):g}$ in all three fits, not "
            "estimated" + _tie(example) if comparison.family == "tweedie" else "") +
           f". Every number is rounded to {SIGNIFICANT} significant digits.")
    agree = (f"The three fits agree: the largest relative difference between a coefficient of the network and "
             f"statsmodels' is below $10^{{{example.bound('network')}}}$, and between IRLS and statsmodels below "
             f"$10^{{{example.bound('irls')}}}$. The network's weights are the maximum-likelihood estimates"
             + (f" for $\\alpha = {example.data.alpha or 1:g}$" if comparison.family == "negative_binomial" else "")
             + (" (the left-out $c(y, \\phi)$ does not involve $\\mu$, so the kernel and the log-likelihood have the "
                "same maximiser, whatever $\\phi$)." if kernel else "."))
    return data, how, agree


def latex_table(example: WorkedExample) -> list[str]:
    """The booktabs table of the three fits (and the standard error), numbers in math."""
    from symnet.render import prose

    grouped = any(row.group for row in example.rows)
    head = (["class"] if grouped else []) + ["coefficient", "network", "IRLS", "statsmodels", "std.\\ error"]
    lines = [r"\begin{center}", r"\footnotesize" if grouped else r"\small",
             r"\begin{tabular}{" + ("ll" if grouped else "l") + "rrrr}", r"\toprule", " & ".join(head) + r" \\",
             r"\midrule"]
    previous = None
    for row in example.rows:
        cells = []
        if grouped:
            if previous is not None and row.group != previous:
                lines.append(r"\addlinespace")
            cells.append(prose.escape(row.group) if row.group != previous else "")
            previous = row.group
        cells.append(rf"\texttt{{{prose.escape(row.name)}}}" if row.name != "intercept" else "intercept")
        cells += [f"${number(value)}$" for value in (row.network, row.irls, row.statsmodels, row.standard_error)]
        lines.append(" & ".join(cells) + r" \\")
    return lines + [r"\bottomrule", r"\end{tabular}", r"\end{center}"]


def markdown_table(example: WorkedExample) -> list[str]:
    grouped = any(row.group for row in example.rows)
    head = (["class"] if grouped else []) + ["coefficient", "network", "IRLS", "statsmodels", "std. error"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * (len(head) - 4) + ["---:"] * 4) + "|"]
    for row in example.rows:
        cells = ([row.group] if grouped else []) + [f"`{row.name}`" if row.name != "intercept" else "intercept"]
        cells += [f"${number(value)}$" for value in (row.network, row.irls, row.statsmodels, row.standard_error)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines
