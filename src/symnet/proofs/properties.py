"""Properties proven for every scalar link: both round trips, the inverse-derivative rule,
strict monotonicity, CDF identities and the special cases of parametric links."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
import sympy.stats as stats

from symnet.catalog.domains import domain_text
from symnet.catalog.heads import display_function
from symnet.catalog.links import Link, VectorLink
from symnet.catalog.names import resolve
from symnet.catalog.symbols import ETA, MU
from symnet.catalog.notation import tex
from symnet.proofs.checker import check
from symnet.proofs.signs import SignVerdict, check_sign
from symnet.proofs.forward import inverse_lemma, inverse_lemma_mu, link_definitions, parameter_variables
from symnet.proofs.model import Assumption, Chain, Definition, Derivation, Proof, Status, Step
from symnet.proofs.written import substituted

# The standard distributions whose CDF is an inverse link, from sympy.stats (an independent source).
DISTRIBUTIONS = {
    "logistic": ("the standard logistic distribution", lambda: stats.Logistic("X", 0, 1)),
    "normal": ("the standard normal distribution", lambda: stats.Normal("X", 0, 1)),
    "cauchy": ("the standard Cauchy distribution", lambda: stats.Cauchy("X", 0, 1)),
    "gumbel-min": ("the Gumbel distribution of minima", lambda: stats.Gumbel("X", 1, 0, minimum=True)),
    "gumbel-max": ("the Gumbel distribution of maxima", lambda: stats.Gumbel("X", 1, 0)),
}


def derivative_rule(link: Link) -> Derivation:
    """(g^-1)'(eta) = 1 / g'(g^-1(eta)) on the range of eta."""
    g, h = link.link_head, link.activation_head
    lhs = sp.Derivative(h(ETA), ETA)
    derivative = sp.diff(link.h(ETA), ETA)
    rhs = 1 / sp.Subs(sp.Derivative(g(MU), MU), MU, h(ETA))
    chain = Chain((
        Step(lhs, derivative, "differentiate the activation"),
        Step(derivative, rhs, r"the inverse function rule: $1 / g'(\mu)$ at $\mu = h(\eta)$"),
    ))
    return Derivation(
        title=f"{link.title} link: the inverse-derivative rule",
        statement=r"$(g^{-1})'(\eta) = 1 / g'(g^{-1}(\eta))$ on the whole range of $\eta$.",
        chains=(chain,),
        variables=(Assumption(ETA, link.eta_range, "the linear predictor's range"),) + parameter_variables(link),
        definitions=link_definitions(link),
        meta=(("kind", "derivative-rule"), ("link", link.name)),
    )


def cdf_identity(link: Link) -> Derivation | None:
    """h(eta) = F(eta): the activation is the CDF of a standard distribution."""
    if link.cdf_of is None:
        return None
    words, distribution = DISTRIBUTIONS[link.cdf_of]
    cdf = stats.cdf(distribution())(ETA)
    h = link.activation_head
    chain = Chain((Step(h(ETA), cdf, f"the cumulative distribution function of {words}"),))
    return Derivation(
        title=f"{link.title} link: the activation is the CDF of {words}",
        statement=f"The activation $h = g^{{-1}}$ is the cumulative distribution function of {words}.",
        chains=(chain,),
        variables=(Assumption(ETA, sp.S.Reals, "real"),),
        definitions=link_definitions(link),
        meta=(("kind", "cdf"), ("link", link.name)),
    )


def special_case(link: Link, value: sp.Expr, other_name: str) -> Derivation:
    """A parametric link at one parameter value is another catalog link: g_1(mu) = mu^1 = mu (identity)."""
    other = resolve(other_name)
    (parameter,) = link.parameters
    symbol = parameter.symbol
    at_value = display_function(f"g_{link.name}_at_{sp.srepr(value)}", rf"g_{{{tex(value)}}}",
                                f"g_{value}" if value.is_Integer and value > 0 else f"g_({sp.sstr(value)})")
    written = substituted(link.link, {symbol: value})  # mu^1, as written: the substitution itself is shown
    definition = Definition(at_value, lambda mu: link.link.xreplace({symbol: value, MU: mu}),
                            f"the {link.title.lower()} link at ${tex(symbol)} = {tex(value)}$")
    steps = [Step(at_value(MU), written, rf"${tex(symbol)} = {tex(value)}$ in $g_{{{tex(symbol)}}}(\mu) = "
                                         rf"{tex(link.link)}$")]
    if written != other.link:
        steps.append(Step(written, other.link, f"simplify: the formula of the {other.title.lower()} link"))
    else:
        steps[0] = Step(at_value(MU), written, steps[0].reason + f": the formula of the {other.title.lower()} link")
    return Derivation(
        title=f"{link.title} link with ${tex(symbol)} = {tex(value)}$ is the {other.title.lower()} link",
        statement=f"At ${tex(symbol)} = {tex(value)}$ the {link.title.lower()} link is the "
                  f"{other.title.lower()} link on its domain.",
        chains=(Chain(tuple(steps)),),
        variables=(Assumption(MU, other.mu_domain, "the mean's domain"),),
        definitions=(definition,),
        meta=(("kind", "special-case"), ("link", link.name)),
    )


@dataclass(frozen=True)
class Monotonicity:
    """The sign of g' on the mean's domain (per sign of a parameter where that matters)."""

    direction: str
    method: str
    verdicts: tuple[SignVerdict, ...]

    @property
    def status(self) -> Status:
        """Computed from the sealed sign verdicts: refuted if one is, proven only if all are."""
        statuses = [v.status for v in self.verdicts]
        if not statuses:
            return Status.UNPROVEN
        if Status.REFUTED in statuses:
            return Status.REFUTED
        return Status.PROVEN if all(s is Status.PROVEN for s in statuses) else Status.UNPROVEN


def monotonicity(link: Link) -> Monotonicity:
    derivative = sp.diff(link.link, MU)
    parts: list[tuple[str, tuple[Assumption, ...]]] = [("", parameter_variables(link))]
    for parameter in link.parameters:
        if isinstance(parameter.domain, sp.Union):
            others = tuple(a for a in parameter_variables(link) if a.subject != parameter.symbol)
            parts = [(f" for {domain_text(parameter.symbol.name, piece)}",
                      others + (Assumption(parameter.symbol, piece),)) for piece in parameter.domain.args]
    directions, methods, verdicts = [], [], []
    for label, parameters in parts:
        verdict = check_sign(derivative, MU, link.mu_domain, parameters)
        method = verdict.method
        if verdict.status is Status.UNPROVEN:  # g' = 1 / h'(g(mu)) (the proven inverse-derivative rule)
            verdict = check_sign(sp.diff(link.inverse, ETA), ETA, link.eta_range, parameters)
            method = f"via the activation: h' keeps one sign on the range of eta ({verdict.method})"
        sign = verdict.sign
        verdicts.append(verdict)
        directions.append(("strictly increasing" if sign > 0 and verdict.status is Status.PROVEN
                           else "strictly decreasing" if sign < 0 and verdict.status is Status.PROVEN
                           else "not monotone" if verdict.status is Status.REFUTED
                           else "strictly monotone") + label)  # with its status: [unproven] g is strictly monotone
        methods.append(method + label)
    return Monotonicity("; ".join(directions), "; ".join(methods), tuple(verdicts))


@dataclass(frozen=True)
class LinkProperties:
    link: Link | VectorLink
    proofs: tuple[Proof, ...]
    monotone: Monotonicity | None

    @property
    def status(self) -> Status:
        statuses = [p.status for p in self.proofs] + ([self.monotone.status] if self.monotone else [])
        if Status.REFUTED in statuses:
            return Status.REFUTED
        return Status.PROVEN if all(s is Status.PROVEN for s in statuses) else Status.UNPROVEN


def link_properties(link: Link | VectorLink) -> LinkProperties:
    """Every property of one link, each checked (softmax: shift invariance and the two-class case)."""
    if isinstance(link, VectorLink):
        from symnet.proofs.softmax import shift_invariance, two_class

        return LinkProperties(link, (check(shift_invariance(link)), check(two_class(link))), None)
    derivations = [inverse_lemma(link), inverse_lemma_mu(link), derivative_rule(link)]
    cdf = cdf_identity(link)
    if cdf is not None:
        derivations.append(cdf)
    derivations += [special_case(link, value, name) for value, name in link.special_cases]
    return LinkProperties(link, tuple(check(d) for d in derivations), monotonicity(link))
