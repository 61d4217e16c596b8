"""Exercises for the articles, each with a solution that is a Derivation for the checker.

A question is prose; its solution is checked like every other result, and a document prints an exercise
only when its solution is proven (and, for "not canonical", only when the canonical theorem is refuted).
Every formula comes from the catalog (links, families) or is computed from it by SymPy.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symnet.catalog.families import family_by_name
from symnet.catalog.heads import PROBABILITY, PROBABILITY_AT, SOFTMAX
from symnet.catalog.links import Link, VectorLink
from symnet.catalog.symbols import ETA, MU, Y
from symnet.catalog.notation import tex
from symnet.proofs.families import family_variables
from symnet.proofs.forward import link_definitions, parameter_variables
from symnet.proofs.model import Assumption, Chain, Derivation, Step
from symnet.proofs.shown import merged_steps

BETA = sp.Symbol("beta", real=True)
BETA_J = sp.Symbol("beta_j", real=True)  # the coefficient of the input x_j
PRESENTATION_POINTS = (sp.Rational(1, 2), sp.Rational(1, 4))


@dataclass(frozen=True)
class Exercise:
    question: str  # a sentence with $...$ math
    solution: Derivation
    conclusion: str = ""  # printed after the solution's chain
    refuted: Derivation | None = None  # must be refuted by the checker for the exercise to be printed


def _name(link: Link) -> str:
    return link.title.lower().removesuffix(" link")


def _tidy(expr: sp.Expr) -> sp.Expr:
    """The shortest of the usual SymPy forms, a leading minus sign taken into a factor: what a textbook prints
    (1/(mu (1 - mu)), not -1/(mu (mu - 1)))."""
    candidates = [sp.simplify(expr), sp.factor(sp.simplify(expr)), sp.cancel(expr)]
    candidates += [_sign_absorbed(c) for c in candidates]
    return min(candidates, key=lambda e: (sp.count_ops(e), _expanded_powers(e), e.could_extract_minus_sign(),
                                          len(sp.srepr(e))))


def _expanded_powers(expr: sp.Expr) -> int:
    """Sums with a power of a symbol among their terms (mu - mu^2 rather than mu (1 - mu)): fewer is more factored."""
    return sum(1 for node in sp.preorder_traversal(expr) if isinstance(node, sp.Add)
               and any(isinstance(term, sp.Pow) or (isinstance(term, sp.Mul) and any(isinstance(f, sp.Pow)
                                                                                     for f in term.args))
                       for term in node.args))


def _sign_absorbed(expr: sp.Expr) -> sp.Expr:
    """-c * (a - b)^k * rest with k odd as c * (b - a)^k * rest (the same value), else `expr` unchanged."""
    coefficient, factors = expr.as_coeff_mul()
    if not (coefficient.is_Number and coefficient < 0):
        return expr
    for position, factor in enumerate(factors):
        base, exponent = factor.as_base_exp()
        if isinstance(base, sp.Add) and exponent.is_Integer and exponent % 2 == 1:
            flipped = factors[:position] + (sp.Pow(-base, exponent),) + factors[position + 1:]
            return sp.Mul(-coefficient, *flipped)
    return expr


def _eta_range(link: Link) -> Assumption:
    return Assumption(ETA, link.eta_range, "the linear predictor")


def activation_derivative(link: Link) -> Exercise | None:
    """h'(eta) written in the output mu = h(eta): 1/g'(mu) at mu = h(eta); in eta when mu would need erfinv."""
    in_mu = _tidy(1 / sp.diff(link.link, MU))
    derivative = sp.diff(link.inverse, ETA)
    head = link.activation_head(ETA)
    if in_mu.has(sp.erfinv, sp.erf) or in_mu.has(ETA):
        shown = _tidy(derivative)
        if shown.has(sp.Derivative):
            return None
        steps = (Step(sp.Derivative(head, ETA), derivative, "differentiate the activation"),)
        if shown != derivative:
            steps += (Step(derivative, shown, "simplify"),)
        return Exercise(
            question=(r"Compute the derivative of the activation, $h'(\eta)$: backpropagation multiplies the "
                      r"gradient of the loss with respect to the output by it."),
            solution=Derivation(title="Solution", statement="", chains=(Chain(steps),),
                                variables=(_eta_range(link),) + parameter_variables(link),
                                definitions=link_definitions(link),
                                meta=(("kind", "exercise-activation-derivative"), ("link", link.name))))
    chain = Chain(merged_steps((  # identity: h'(eta) = 1 is already written through the output
        Step(sp.Derivative(head, ETA), derivative, "differentiate the activation"),
        Step(derivative, in_mu.xreplace({MU: head}), r"write it through the output $\mu = h(\eta)$"))))
    return Exercise(
        question=(rf"Show that the derivative of the activation depends on $\eta$ only through the output: "
                  rf"$h'(\eta) = {tex(in_mu)}$ with $\mu = h(\eta)$. (Backpropagation uses this to reuse the "
                  r"forward pass.)"),
        solution=Derivation(title="Solution", statement="", chains=(chain,),
                            variables=(_eta_range(link),) + parameter_variables(link),
                            definitions=link_definitions(link),
                            meta=(("kind", "exercise-activation-derivative"), ("link", link.name))))


def link_derivative(link: Link) -> Exercise | None:
    """g'(mu) on the domain of the mean: the factor d eta / d mu of the chain rule in the score."""
    derivative = sp.diff(link.link, MU)
    shown = min((derivative, _tidy(derivative)), key=lambda e: (sp.count_ops(e), e.could_extract_minus_sign()))
    if shown.has(sp.Derivative) or shown.is_number:
        return None
    steps = (Step(sp.Derivative(link.link_head(MU), MU), derivative, "differentiate the link"),)
    if shown != derivative:
        steps += (Step(derivative, shown, "simplify"),)
    return Exercise(
        question=(r"Compute the derivative of the link, $g'(\mu)$, on the domain of the mean: the score divides by "
                  r"it, since $\partial\mu/\partial\eta = 1/g'(\mu)$."),
        solution=Derivation(title="Solution", statement="", chains=(Chain(steps),),
                            variables=(Assumption(MU, link.mu_domain, "the mean"),) + parameter_variables(link),
                            definitions=link_definitions(link),
                            meta=(("kind", "exercise-link-derivative"), ("link", link.name))))


def irls_weight(pair) -> Exercise | None:
    """The IRLS weight 1/(a V g'^2) written in mu."""
    from symnet.proofs.glm import weight_heads

    family, link = pair.family, pair.link
    computed = _tidy(1 / (family.dispersion * family.variance * sp.diff(link.link, MU) ** 2))
    if computed.has(sp.erfinv):
        return None
    chain = Chain((Step(weight_heads(pair), computed, r"substitute $V(\mu)$, $a(\phi)$ and $g'(\mu)$; simplify"),))
    return Exercise(
        question=(rf"Write the IRLS weight $W = 1/(a(\phi)\,V(\mu)\,g'(\mu)^2)$ of the {family.noun} "
                  rf"family with the {_name(link)} link as a function of $\mu$."),
        solution=Derivation(title="Solution", statement="", chains=(chain,),
                            variables=pair.variables[1:], definitions=pair.definitions,
                            meta=(("kind", "exercise-irls-weight"), ("link", link.name))))


def not_canonical(pair) -> Exercise | None:
    """g'(mu) V(mu) takes two different values: the link is not canonical (the canonical theorem is refuted)."""
    from symnet.proofs.glm import canonical_theorem

    family, link = pair.family, pair.link
    if family.canonical_link == link.name:
        return None
    product_heads = sp.Derivative(link.link_head(MU), MU) * family.variance
    product = _tidy(sp.diff(link.link, MU) * family.variance)
    points = [m for m in PRESENTATION_POINTS if pair.mu_domain.contains(m) is sp.true]
    if len(points) < 2 or product.free_symbols - {MU}:
        return None
    values = [sp.simplify(product.xreplace({MU: m})) for m in points]
    numeric = [sp.N(v, 30) for v in values]
    if not all(n.is_real for n in numeric) or abs(numeric[0] - numeric[1]) < sp.Float("1e-6"):
        return None
    chains = [Chain((Step(product_heads, product, r"differentiate the link; $V(\mu)$ is the variance function"),))]
    chains += [Chain((Step(sp.Subs(product_heads, MU, m), v, rf"the same at $\mu = {tex(m)}$"),))
               for m, v in zip(points, values)]
    first, second = (tex(sp.N(n, 4)) for n in numeric)
    canonical = family_by_name(family.name).canonical_link
    return Exercise(
        question=(rf"Show that the {_name(link)} link is not canonical for the {family.noun} family: "
                  r"$g'(\mu)\,V(\mu)$ is not constant."),
        solution=Derivation(title="Solution", statement="", chains=tuple(chains),
                            variables=(Assumption(MU, pair.mu_domain, "the mean"),) + parameter_variables(link)
                            + family_variables(family), definitions=pair.definitions,
                            meta=(("kind", "exercise-not-canonical"), ("link", link.name))),
        conclusion=(rf"The two values, ${first}$ and ${second}$, differ: $g'(\mu) V(\mu)$ is not constant, so "
                    rf"$\theta$ is not an affine function of $\eta$ and the link is not canonical (the canonical link "
                    rf"of this family is the {canonical.replace('_', ' ')} link)."),
        refuted=canonical_theorem(pair))


MULTIPLICATIVE = {"logit": ("odds", r"\mu/(1 - \mu)", "odds ratio"),
                  "log": ("mean", r"\mu", "rate ratio (the ratio of the means)"),
                  "cloglog": ("cumulative hazard", r"-\log(1 - \mu)", "hazard ratio")}


def effect_of_a_coefficient(link: Link) -> Exercise | None:
    """A unit change of x_j by beta_j: e^{g(mu)} is multiplied by e^{beta_j} (odds, mean, hazard), or for the
    identity link mu moves by beta_j."""
    eta_shifted = ETA + BETA_J
    head = link.activation_head
    if link.name in MULTIPLICATIVE:
        word, formula, ratio = MULTIPLICATIVE[link.name]
        scale = sp.exp(link.link)  # e^{g(mu)} as SymPy writes it: the odds, the mean, the cumulative hazard
        # the ratio as written, (odds at eta + beta) / (odds at eta): SymPy would merge the two quotients
        if scale.could_extract_minus_sign():  # -log(1 - mu): the signs cancel in the ratio
            scale = -scale
        lhs = sp.Mul(scale.xreplace({MU: head(eta_shifted)}),
                     sp.Pow(scale.xreplace({MU: head(ETA)}), -1, evaluate=False), evaluate=False)
        middle = sp.Mul(sp.exp(eta_shifted), sp.Pow(sp.exp(ETA), -1, evaluate=False), evaluate=False)
        verb = "are" if word == "odds" else "is"
        chain = Chain((Step(lhs, middle, rf"the {word} {verb} $e^{{g(\mu)}} = e^{{\eta}}$"),
                       Step(middle, sp.exp(BETA_J), "divide")))
        question = (rf"In the model with the {_name(link)} link, the {word} {verb} ${formula} = e^{{\eta}}$. Show that "
                    rf"increasing one input $x_j$ by one unit, all else fixed (so $\eta$ grows by $\beta_j$), "
                    rf"multiplies the {word} by $e^{{\beta_j}}$: $e^{{\beta_j}}$ is the {ratio}.")
    elif link.name == "identity":
        chain = Chain((Step(head(eta_shifted) - head(ETA), BETA_J, "the activation is the identity"),))
        question = (r"Show that with the identity link, increasing one input $x_j$ by one unit, all else fixed, "
                    r"changes the mean by $\beta_j$ (a difference, the same at every $x$).")
    else:
        return None
    return Exercise(question=question, solution=Derivation(
        title="Solution", statement="", chains=(chain,),
        variables=(_eta_range(link), Assumption(sp.Symbol("beta_j", real=True), sp.S.Reals, "the coefficient")),
        definitions=link_definitions(link), meta=(("kind", "exercise-effect"), ("link", link.name))))


def unit_deviance(family) -> Exercise | None:
    """d(y, mu) = 2 a(phi) (l(y, y) - l(y, mu)), free of phi, for y > 0 (continuous and count families)."""
    from symnet.catalog.heads import LOGLIK
    from symnet.proofs.families import loglik_definition

    if family.name not in ("gaussian", "poisson", "gamma", "inverse_gaussian"):
        return None
    saturated = family.loglik.xreplace({MU: Y})
    difference = sp.expand(sp.expand_log(2 * family.dispersion * (saturated - family.loglik), force=True))
    computed = min((difference, sp.logcombine(sp.factor_terms(difference), force=True), _tidy(difference)),
                   key=lambda e: (sp.count_ops(e), len(sp.srepr(e))))
    lhs = 2 * family.dispersion * (LOGLIK(Y, Y) - LOGLIK(Y, MU))
    y_domain = sp.Intersection(family.y_domain, sp.Interval.open(0, sp.oo)) if family.name == "poisson" else \
        family.y_domain
    note = " (for $y > 0$; at $y = 0$ the term $y \\log y$ is read as 0)" if family.name == "poisson" else ""
    return Exercise(
        question=(rf"The unit deviance of the {family.noun} family is "
                  r"$d(y, \mu) = 2 a(\phi) (\ell(y, y) - \ell(y, \mu))$: twice the log-likelihood ratio of the "
                  r"saturated model (one mean per observation, $\mu = y$) against $\mu$, in units of $a(\phi)$. "
                  rf"Compute it{note}. The deviance of a fit is $\sum_i d(y_i, \mu_i)$."),
        solution=Derivation(title="Solution", statement="", chains=(Chain((Step(
            lhs, computed, r"substitute $\ell$ at $\mu = y$ and at $\mu$; simplify"),)),),
            variables=(Assumption(Y, y_domain, "the response"), Assumption(MU, family.mean_space, "the mean"))
            + family_variables(family), definitions=(loglik_definition(family),),
            meta=(("kind", "exercise-deviance"), ("family", family.name))))


def softmax_exercises(link: VectorLink) -> tuple[Exercise, ...]:
    """p_j / p_k = e^{eta_j - eta_k}, and the relative-risk ratio of a unit change in one input."""
    from symnet.proofs.softmax import softmax_definition

    from symnet.proofs.likelihood import probability_definition
    from symnet.proofs.model import Definition

    etas = tuple(sp.Symbol(f"eta_{j}", real=True) for j in (1, 2, 3))
    variables = tuple(Assumption(e, sp.S.Reals, "real") for e in etas)
    ratio = Chain((Step(PROBABILITY[1] / PROBABILITY[3], sp.exp(etas[0] - etas[2]),
                        r"the common denominator $\sum_m e^{\eta_m}$ cancels"),))
    first = Exercise(
        question=(r"Show that the ratio of two class probabilities $p_k = \operatorname{softmax}_k(\eta)$ depends only "
                  r"on the difference of their linear predictors: $p_1 / p_3 = e^{\eta_1 - \eta_3}$ ($K = 3$)."),
        solution=Derivation(title="Solution", statement="", chains=(ratio,), variables=variables,
                            definitions=(softmax_definition(link), probability_definition(etas)),
                            meta=(("kind", "exercise-softmax-ratio"), ("link", link.name))))
    b = tuple(sp.Symbol(f"b_{k}", real=True) for k in (1, 2, 3))
    w = tuple(sp.Symbol(f"w_{k}", real=True) for k in (1, 2, 3))
    x = sp.Symbol("x", real=True)
    at_input = Definition(PROBABILITY_AT, lambda k, at: SOFTMAX(k, *[bk + wk * at for bk, wk in zip(b, w)]),
                          "the probability p_k(x) of class k at the input x")

    def relative(at):
        return sp.Mul(PROBABILITY_AT(1, at), sp.Pow(PROBABILITY_AT(3, at), -1), evaluate=False)

    middle = sp.Mul(sp.exp(b[0] - b[2] + (w[0] - w[2]) * (x + 1)),
                    sp.Pow(sp.exp(b[0] - b[2] + (w[0] - w[2]) * x), -1, evaluate=False), evaluate=False)
    quotient = sp.Mul(relative(x + 1), sp.Pow(relative(x), -1, evaluate=False), evaluate=False)
    chain = Chain((Step(quotient, middle, r"$p_1/p_3 = e^{\eta_1 - \eta_3}$ at $x + 1$ and at $x$"),
                   Step(middle, sp.exp(w[0] - w[2]), "divide")))
    second = Exercise(
        question=(r"With one input $x$ and $\eta_k = b_k + w_k x$, write $p_k(x)$ for the probability of class $k$ "
                  r"at $x$. Show that increasing $x$ by one multiplies "
                  r"$p_1 / p_3$ by $e^{w_1 - w_3}$: with class 3 as the reference, $e^{\beta_1}$ with "
                  r"$\beta_1 = w_1 - w_3$ is the relative-risk ratio of class 1, the multinomial odds ratio."),
        solution=Derivation(title="Solution", statement="", chains=(chain,),
                            variables=(Assumption(x, sp.S.Reals, "the input"),)
                            + tuple(Assumption(s, sp.S.Reals, "real") for s in b + w),
                            definitions=(softmax_definition(link), at_input),
                            meta=(("kind", "exercise-softmax-relative-risk"), ("link", link.name))))
    return first, second


def power_canonical_only_when(link: Link) -> Exercise | None:
    """mu^lambda is canonical for Tweedie(p) only when lambda = 1 - p: d/dmu [g'(mu) V(mu)] for general lambda."""
    from symnet.proofs.glm import Pair

    family = family_by_name("tweedie")
    if link.name != "power" or family is None:
        return None
    general = Pair(family, link)  # not tied: lambda stays free
    lam, power = link.parameters[0].symbol, dict(family.parameters)
    (p_symbol,) = [s for s in power if s.name == "p"]
    product = sp.Derivative(link.link_head(MU), MU) * family.variance
    derivative = lam * (lam + p_symbol - 1) * MU ** (lam + p_symbol - 2)
    chain = Chain((Step(sp.Derivative(product, MU), derivative,
                        r"differentiate $g'(\mu) V(\mu) = \lambda \mu^{\lambda - 1} \mu^{p}$"),))
    return Exercise(
        question=(r"Show that the power link $g(\mu) = \mu^\lambda$ is canonical for the Tweedie family with "
                  r"variance $V(\mu) = \mu^p$ only when $\lambda = 1 - p$."),
        solution=Derivation(title="Solution", statement="", chains=(chain,),
                            variables=(Assumption(MU, general.mu_domain, "the mean"),) + parameter_variables(link)
                            + family_variables(family), definitions=general.definitions,
                            meta=(("kind", "exercise-power-canonical"), ("link", link.name))),
        conclusion=(r"Since $\lambda \neq 0$ and $\mu^{\lambda + p - 2} > 0$, the derivative vanishes for every "
                    r"$\mu > 0$ exactly when $\lambda + p - 1 = 0$: the power link is canonical for the Tweedie "
                    r"family only when $\lambda = 1 - p$, and for every other $\lambda$ it is not."))


def exercises(link: Link | VectorLink) -> tuple[Exercise, ...]:
    """Two or three exercises for the article of `link` (fewer for a link without a family)."""
    from symnet.proofs.glm import pair

    if isinstance(link, VectorLink):
        return softmax_exercises(link)
    found = [effect_of_a_coefficient(link), power_canonical_only_when(link)]
    family = family_by_name(link.paired_family) if link.paired_family else None
    if family is not None:
        p = pair(family, link)
        found += [not_canonical(p), unit_deviance(family) if family.canonical_link == link.name else None]
    found += [activation_derivative(link), link_derivative(link)]
    return tuple(e for e in found if e is not None)[:3]
