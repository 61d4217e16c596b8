"""Everything a document says about one link, computed once and checked: the LinkReport."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from symnet.catalog.families import Family, family_by_name
from symnet.catalog.domains import domain_tex
from symnet.catalog.links import Link, VectorLink
from symnet.catalog.symbols import ETA, MU
from symnet.proofs.checker import check
from symnet.proofs.likelihood import statistical_theorems
from symnet.proofs.model import Proof
from symnet.proofs.properties import LinkProperties, link_properties
from symnet.proofs.softmax import shift_invariance, two_class
from symnet.render.codeview import CodeView, forward_view, loss_view
from symnet.network import KK, Network
from symnet.render.printer import latex
from symnet.theorems import prove_link


@dataclass(frozen=True)
class LinkReport:
    """The checked results behind one link's article, handout section and slides."""

    link: Link | VectorLink
    forward: Proof
    properties: LinkProperties | None
    softmax: tuple[Proof, ...]
    statistics: tuple[Proof, ...]
    code: tuple[CodeView, ...]
    family_form: tuple[Proof, ...] = ()  # the exponential-family form, b' and b'', mean and variance, theta(mu)
    example: object = None  # documents.example.WorkedExample, or None when no data set is meant for the link
    exercises: tuple[tuple[object, Proof], ...] = ()  # (proofs.exercises.Exercise, its checked solution)

    @property
    def family(self) -> Family | None:
        return family_by_name(self.link.paired_family) if self.link.paired_family else None

    @property
    def family_names(self) -> tuple[str, ...]:
        """The family the document's results use (its references are listed), or ()."""
        return (self.link.paired_family,) if self.link.paired_family else ()

    @property
    def slug(self) -> str:
        return self.link.name.replace("_", "-")


def report(link: Link | VectorLink) -> LinkReport:
    """Build and check every proof about `link` (symbolic n: one proof for every network size)."""
    forward = prove_link(link)
    properties = None if isinstance(link, VectorLink) else link_properties(link)  # softmax: see `softmax`
    softmax = (check(shift_invariance(link)), check(two_class(link))) if isinstance(link, VectorLink) else ()
    statistics = tuple(p for p in (check(d) for d in statistical_theorems(link)) if p.proven)  # only results
    statistics += convexity_result(link)
    loss = loss_view(link)
    code = (forward_view(link),) + ((loss,) if loss else ())
    from symnet.documents.example import worked_example

    return LinkReport(link, forward, properties, softmax, statistics, code, family_form(link),
                      worked_example(link), checked_exercises(link))


def convexity_result(link: Link | VectorLink) -> tuple[Proof, ...]:
    """Whether the loss is convex in (w, b) with the link's family, when the checker decided it (a proven
    Hessian X^T W X with W > 0, or a point where the loss bends down); () when it is undecided."""
    family = family_by_name(link.paired_family) if link.paired_family else None
    if family is None or family.vector or isinstance(link, VectorLink):
        return ()
    from symnet.proofs import glm
    from symnet.proofs.convexity import convexity

    result = convexity(glm.pair(family, link), family.canonical_link == link.name)
    return (result.proof,) if result.convex is not None and result.proof is not None and result.proof.proven else ()


_FAMILY_FORMS: dict[str, tuple[Proof, ...]] = {}


def family_form(link: Link | VectorLink) -> tuple[Proof, ...]:
    """The proven exponential-family results of the link's family (checked once per family), then theta(mu)
    as the canonical link when `link` is canonical; a result the checker did not prove is left out."""
    from symnet.catalog.names import resolve
    from symnet.proofs.families import (canonical_parameter_theorem, cumulant_derivatives_theorem,
                                        exponential_form_theorem, mean_variance_theorem)

    family = family_by_name(link.paired_family) if link.paired_family else None
    if family is None:
        return ()
    if family.vector and family.name not in _FAMILY_FORMS:  # multinomial: moments from b at K = 3
        from symnet.proofs.multinomial import moments_theorem

        _FAMILY_FORMS[family.name] = tuple(p for p in (check(moments_theorem()),) if p.proven)
    if family.name not in _FAMILY_FORMS:
        derivations = [exponential_form_theorem(family), cumulant_derivatives_theorem(family),
                       mean_variance_theorem(family),
                       canonical_parameter_theorem(family, resolve(family.canonical_link))]
        _FAMILY_FORMS[family.name] = tuple(p for p in (check(d) for d in derivations if d is not None) if p.proven)
    return _FAMILY_FORMS[family.name]


def checked_exercises(link: Link | VectorLink) -> tuple:
    """(exercise, proof) for every exercise whose solution is proven (and whose refutation, if any, holds)."""
    from symnet.proofs.exercises import exercises
    from symnet.proofs.model import Status

    out = []
    for exercise in exercises(link):
        proof = check(exercise.solution)
        if not proof.proven:
            continue
        if exercise.refuted is not None and check(exercise.refuted).status is not Status.REFUTED:
            continue
        out.append((exercise, proof))
    return tuple(out)


def network_equations(link: Link | VectorLink) -> tuple[str, str]:
    """(the network, the GLM) as LaTeX, printed from the catalog and the symbolic network."""
    if isinstance(link, VectorLink):
        network = Network(None, None)
        return (rf"\hat{{y}}_k = {latex(link.inverse)}, \qquad \eta_k = {latex(network.eta(KK))}",
                rf"{latex(link.link)} = {latex(network.glm_predictor(KK))}")
    network = Network(None, 1)
    return (rf"\hat{{y}} = h(\eta), \qquad \eta = {latex(network.eta())}, \qquad h(\eta) = "
            rf"{named_formula(link.inverse, link.activation_head, ETA)}",
            rf"g(\mathrm{{E}}[y \mid x]) = {latex(network.glm_predictor())}, \qquad g(\mu) = "
            rf"{named_formula(link.link, link.link_head, MU)}")


def named_formula(formula: sp.Expr, head, argument: sp.Symbol) -> str:
    """A formula written with erf introduces its textbook name first: Phi(eta) = erf(eta/sqrt 2)/2 + 1/2
    (the proofs print Phi and Phi^-1, so the reader meets the name where the formula is given)."""
    if formula.has(sp.erf, sp.erfinv):
        return f"{latex(head(argument))} = {latex(formula)}"
    return latex(formula)


def article_title(link: Link | VectorLink) -> str:
    """The article's title: 'A network with an exponential output is a GLM with the log link' (the grammar's)."""
    from symnet.catalog.phrases import network_title

    return network_title(link)


def eta_condition(link: Link | VectorLink) -> str:
    """The condition on the linear predictor the theorem needs ('' when eta may be any real), as a sentence with
    the link's explanation of it (its range note): printed once, with the claim (the proof's Condition line and the
    practice notes refer to it)."""
    if link.eta_range == sp.S.Reals:
        return ""
    scope = f"The claim holds on the inputs where ${eta_x_condition(link)}$, with $\\eta(x) = b + \\sum_i w_i x_i$"
    note = getattr(link, "range_note", "")
    labelled = re.match(r"\$\\eta [<>] 0\$( \([^)]*\))?: ", note)  # "$\eta < 0$: why": the scope says the first part
    if labelled:  # and its closing "so the network is this GLM only where ...", which the scope has said
        reason = re.sub(r"[,;] (so )?the network is this GLM only (on inputs )?where \$\\eta\(x\) [<>] 0\$\.$", ".",
                        note[labelled.end():])
        return f"{scope}{labelled.group(1) or ''}: {reason}"
    if note:
        return f"{scope}. {note}"
    return (f"{scope}: the inverse link is defined only there, and a dense layer does not keep $\\eta(x)$ in that "
            "range by itself.")


def eta_x_condition(link: Link | VectorLink) -> str:
    r"""The condition on the network's linear predictor as LaTeX: \eta(x) < 0."""
    return domain_tex(sp.Symbol("eta(x)"), link.eta_range).replace("eta(x)", r"\eta(x)")


PLOT_PARAMETERS = {"lambda": sp.Integer(2), "alpha": sp.Integer(2)}


def plot_parameters(link: Link) -> dict:
    """The parameter values a plot of h uses (power: lambda = 2; negative binomial: alpha = 2)."""
    return {p.symbol: PLOT_PARAMETERS.get(p.symbol.name, sp.Integer(1)) for p in link.parameters}


def activation_points(link: Link, count: int = 61) -> list[tuple[float, float]]:
    """(eta, h(eta)) from the catalog formula, on eta in [-4, 4] within the range of eta, clipped to a
    window of the mean's domain; computed with mpmath at 30 digits, rounded to 4 (deterministic)."""
    import mpmath

    low = 0.05 if link.eta_range.inf == 0 else -4.0
    high = -0.05 if link.eta_range.sup == 0 else 4.0
    top = 1.0 if link.mu_domain.sup == 1 else 5.0 if link.mu_domain.inf == 0 else 4.0
    bottom = 0.0 if link.mu_domain.inf in (0, sp.S.Zero) else -4.0
    expr = link.inverse.xreplace(plot_parameters(link))
    function = sp.lambdify(ETA, expr, modules="mpmath")
    points = []
    with mpmath.workdps(30):
        for step in range(count):
            eta = low + (high - low) * step / (count - 1)
            try:
                value = function(mpmath.mpf(eta))
            except (ZeroDivisionError, ValueError):
                continue
            if isinstance(value, mpmath.mpc) or not (bottom - 1e-9 <= value <= top + 1e-9):
                continue
            points.append((round(eta, 4), round(float(value), 4)))
    return points


REFERENCES = (
    ("nelder1972", "J. A. Nelder and R. W. M. Wedderburn. Generalized linear models. "
     "Journal of the Royal Statistical Society, Series A, 135(3):370--384, 1972."),
    ("mccullagh1989", "P. McCullagh and J. A. Nelder. Generalized Linear Models. 2nd edition, Chapman and Hall, "
     "1989."),
    ("bishop2006", "C. M. Bishop. Pattern Recognition and Machine Learning. Springer, 2006. Section 4.3 "
     "(probabilistic discriminative models: logistic and softmax regression, IRLS)."),
    ("hastie2009", "T. Hastie, R. Tibshirani and J. Friedman. The Elements of Statistical Learning. 2nd edition, "
     "Springer, 2009. Chapter 11 (neural networks); exercise 11.4 is this theorem for softmax."),
    ("crossvalidated", "Logistic regression as a 2-layer neural network? Cross Validated (stats.stackexchange.com), "
     "the question this tool answers."),
)
# References for one family, listed in the documents that use it (after the general ones).
FAMILY_REFERENCES = {
    "tweedie": (
        ("jorgensen1987", "B. Jørgensen. Exponential dispersion models. Journal of the Royal Statistical Society, "
         "Series B, 49(2):127--162, 1987."),
        ("dunn2005", "P. K. Dunn and G. K. Smyth. Series evaluation of Tweedie exponential dispersion model "
         "densities. Statistics and Computing, 15(4):267--280, 2005."),
    ),
    "negative_binomial": (
        ("hilbe2011", "J. M. Hilbe. Negative Binomial Regression. 2nd edition, Cambridge University Press, 2011."),
        ("cameron2013", "A. C. Cameron and P. K. Trivedi. Regression Analysis of Count Data. 2nd edition, "
         "Cambridge University Press, 2013."),
    ),
}


def references_for(families: tuple[str, ...] = ()) -> tuple[tuple[str, str], ...]:
    """The general references, then those of each named family (in the order given, each once)."""
    extra = tuple(entry for name in dict.fromkeys(families) for entry in FAMILY_REFERENCES.get(name, ()))
    return REFERENCES + extra
