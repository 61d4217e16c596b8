"""Every family/link pair: the score, the information, IRLS, whether the link is canonical, convexity.

Written in mu with eta = g(mu) (so d/d eta = (1/g'(mu)) d/d mu), which covers every pair on the means
both allow.  The score is the gradient of the log-likelihood; the loss gradient is its negative.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import sympy as sp

from symnet.catalog.families import FAMILIES, Family, scalar_families
from symnet.catalog.heads import LOGLIK
from symnet.catalog.links import Link, scalar_links
from symnet.catalog.symbols import MU, Y
from symnet.catalog.notation import tex
from symnet.proofs.families import family_variables, loglik_definition, y_assumption
from symnet.proofs.forward import link_definitions, parameter_variables
from symnet.proofs.model import Assumption, Chain, Derivation, Step


@dataclass(frozen=True)
class Pair:
    """A family with a link, on the means both allow; the link's parameter tied to the family's if needed."""

    family: Family
    link: Link

    @property
    def mu_domain(self) -> sp.Set:
        return sp.Intersection(self.family.mean_space, self.link.mu_domain)

    @property
    def name(self) -> str:
        return f"{self.family.name}/{self.link.name}"

    @property
    def variables(self) -> tuple[Assumption, ...]:
        return ((y_assumption(self.family), Assumption(MU, self.mu_domain, "the mean"))
                + parameter_variables(self.link) + family_variables(self.family))

    @property
    def definitions(self):
        return (loglik_definition(self.family),) + link_definitions(self.link)

    @property
    def tie_meta(self) -> tuple[tuple[str, object], ...]:
        """(("ties", ((lambda, 1 - p),)),) when `pair` tied the link's parameter to the family's, else ():
        the substitution is part of what every theorem about the pair assumes, so it is stated with them."""
        tied = self.family.link_substitution if is_canonical_name(self) else ()
        return (("ties", tuple(tied)),) if tied else ()


def pair(family: Family, link: Link) -> Pair:
    """The pair, with the Tweedie power tying the power link (lambda = 1 - p)."""
    if family.link_substitution and link.name == family.canonical_link:
        tie = dict(family.link_substitution)
        link = replace(link, link=link.link.xreplace(tie), inverse=link.inverse.xreplace(tie),
                       parameters=tuple(p for p in link.parameters if p.symbol not in tie))
    return Pair(family, link)


def pairs() -> tuple[Pair, ...]:
    """Every scalar family with every scalar link."""
    return tuple(pair(f, link) for f in scalar_families() for link in scalar_links())


# ---------------------------------------------------------------- the formulas, in heads and unfolded


def _g_prime(p: Pair) -> sp.Expr:
    return sp.Derivative(p.link.link_head(MU), MU)


def score_heads(p: Pair) -> sp.Expr:
    """(y - mu) / (a(phi) V(mu) g'(mu)): the derivative of l in eta."""
    return (Y - MU) / (p.family.dispersion * p.family.variance * _g_prime(p))


def weight_heads(p: Pair) -> sp.Expr:
    """W = 1 / (a(phi) V(mu) g'(mu)^2): the expected information per observation."""
    return 1 / (p.family.dispersion * p.family.variance * _g_prime(p) ** 2)


def curvature_heads(p: Pair) -> sp.Expr:
    """D = (d/d mu [1 / (a V g')]) / g': observed information = W + (mu - y) D."""
    return sp.Derivative(1 / (p.family.dispersion * p.family.variance * _g_prime(p)), MU) / _g_prime(p)


def observed_heads(p: Pair) -> sp.Expr:
    """-d^2 l / d eta^2 written with the chain rule in mu."""
    inner = sp.Derivative(LOGLIK(Y, MU), MU) / _g_prime(p)
    return -sp.Derivative(inner, MU) / _g_prime(p)


def unfolded(p: Pair, expr: sp.Expr) -> sp.Expr:
    """The formula with g and l replaced by the catalog's expressions and derivatives taken."""
    from symnet.proofs.unfold import unfold  # the kernel's own unfolding, so tests and proofs agree

    return unfold(expr, p.definitions)


def is_canonical_name(p: Pair) -> bool:
    return p.family.canonical_link == p.link.name


# ---------------------------------------------------------------- theorems


def presentation(expr: sp.Expr, limit: int = 30) -> sp.Expr | None:
    """The form a textbook prints (simplified, then factored if shorter), or None when it stays long or
    needs erfinv: a display step the checker verifies like any other."""
    candidates = [sp.simplify(expr)]
    candidates.append(sp.factor(candidates[0]))
    # a form with new poles (simplify turns sin/cos into tan, zero at mu = 1/2 for cauchit) is not one the
    # checker can show defined on the whole domain: keep only forms with no function the formula lacked
    candidates = [c for c in candidates if not any(c.has(f) and not expr.has(f) for f in (sp.tan, sp.cot))
                  and not any(a.exp.is_negative and a.base.has(sp.tan, sp.cot) for a in c.atoms(sp.Pow))]
    if not candidates:
        return None
    best = min(candidates, key=lambda e: (sp.count_ops(e), len(sp.srepr(e))))
    if best.has(sp.erfinv) or sp.count_ops(best) > limit:
        return None
    return best


def canonical_theorem(p: Pair) -> Derivation:
    """d/d mu [g'(mu) V(mu)] = 0: proven for a canonical pair, refuted (with a point) otherwise."""
    product = _g_prime(p) * p.family.variance
    chains = (Chain((Step(sp.Derivative(product, MU), sp.Integer(0), r"$g'(\mu) V(\mu)$ is constant"),)),)
    constant = presentation(unfolded(p, product)) if is_canonical_name(p) else None
    if constant is not None and not constant.has(MU):
        chains = (Chain((Step(product, constant, r"substitute $g'(\mu)$ and $V(\mu)$; simplify"),)),) + chains
    tie = ", ".join(f"${tex(symbol)} = {tex(value)}$" for symbol, value in p.family.link_substitution) \
        if p.family.link_substitution and is_canonical_name(p) else ""
    return Derivation(
        title=f"The {p.link.title.lower()} link is canonical for the {p.family.noun} family"
              + (f" when {tie}" if tie else ""),
        statement=(r"$g'(\mu) V(\mu)$ is constant (its derivative vanishes), so the natural parameter $\theta$ is an "
                   r"affine function of $\eta$, $\theta = a\eta + c$: the link is canonical up to this affine map "
                   r"(the log-likelihood is linear in the coefficients and $X^\top y$ is sufficient; the fitted "
                   r"values and IRLS are those of $\theta$ itself, with rescaled coefficients)."
                   + (f" The link's parameter is tied to the family's: {tie}."
                      if tie else "")),
        chains=chains,
        variables=p.variables, definitions=p.definitions,
        meta=(("kind", "canonical"), ("family", p.family.name), ("link", p.link.name)) + p.tie_meta,
    )


def _loss_gradient(constant: sp.Expr | None) -> str:
    """The end of the score sentence: for a canonical pair g'V is a constant c, and the loss gradient is
    X^T(mu - y)/(a c), prediction minus target when c > 0 and target minus prediction when c < 0."""
    if constant is None or not constant.is_number or constant == 0:
        return "."
    if constant > 0:
        return r": $X^\top(\mu - y)$ up to a positive factor, prediction minus target."
    return (r": $X^\top(y - \mu)$ up to a positive factor, target minus prediction, because $g'(\mu) V(\mu)$ "
            r"is negative (the link decreases).")


def score_theorem(p: Pair, canonical: bool) -> Derivation:
    """dl/d eta = (y - mu) / (a V g') = its form in mu: (y - mu) / (a c) for a canonical pair (g'V = c), the
    presentation form otherwise; one chain from the derivative to the simplified form, no expression twice."""
    from symnet.proofs.instances import same_expression

    lhs = sp.Derivative(LOGLIK(Y, MU), MU) / _g_prime(p)
    general = score_heads(p)
    expressions = [lhs, general]
    reasons = [r"differentiate $\ell$: $\partial\ell/\partial\mu = (y - \mu)/(a(\phi) V(\mu))$, and "
               r"$\partial\mu/\partial\eta = 1/g'(\mu)$"]
    constant = None
    if canonical:
        constant = sp.simplify(unfolded(p, _g_prime(p) * p.family.variance))
        expressions.append((Y - MU) / (p.family.dispersion * constant))
        reasons.append(rf"canonical: $g'(\mu) V(\mu) = {tex(constant)}$ is constant")
    else:
        shown = presentation(unfolded(p, general))
        if shown is not None:
            expressions.append(shown)
            reasons.append(r"substitute $a(\phi)$, $V(\mu)$ and $g'(\mu)$; simplify")
    steps = []
    for right, reason in zip(expressions[1:], reasons):
        if any(same_expression(right, earlier) for earlier in [lhs] + [s.rhs for s in steps]):
            continue  # the chain never comes back to an expression it has shown
        steps.append(Step(steps[-1].rhs if steps else lhs, right, reason))
    return Derivation(
        title=f"The score of the {p.family.noun} family with the {p.link.title.lower()} link",
        statement=(r"The score (the gradient of the log-likelihood) is $\sum_i (y_i - \mu_i) x_{ij} / (a(\phi) "
                   r"V(\mu_i) g'(\mu_i))$, since $\partial\eta/\partial w_j = x_j$; the loss gradient is its negative"
                   + _loss_gradient(constant if canonical else None)),
        chains=(Chain(tuple(steps)),), variables=p.variables, definitions=p.definitions,
        meta=(("kind", "score"), ("family", p.family.name), ("link", p.link.name), ("canonical", canonical))
        + p.tie_meta,
    )


def information_theorem(p: Pair, canonical: bool) -> Derivation:
    """Observed information W + (mu - y) D; expected W = 1/(a V g'^2); IRLS working response."""
    observed = observed_heads(p)
    general = weight_heads(p) + (MU - Y) * curvature_heads(p)
    steps = [Step(observed, general, r"differentiate the score once more")]
    shown = presentation(unfolded(p, general))
    if shown is not None:
        steps.append(Step(general, shown, r"substitute $g$, $V$ and $\ell$; simplify"))
    chains = [Chain(tuple(steps), label="observed information")]
    weight = presentation(unfolded(p, weight_heads(p)))
    if weight is not None and weight != shown:
        chains.append(Chain((Step(weight_heads(p), weight, r"the IRLS weight $W$, written in $\mu$"),),
                            label="IRLS weight"))
    working = sp.Mul(weight_heads(p), (Y - MU) * _g_prime(p), evaluate=False)
    chains.append(Chain((Step(working, score_heads(p),
                              r"$W (z - \eta)$ with $z = \eta + (y - \mu) g'(\mu)$ is the score"),),
                        label="IRLS working response"))
    if canonical:
        chains.append(Chain((Step(curvature_heads(p), sp.Integer(0),
                                  r"canonical: $1/(a V g')$ is constant"),), label="observed = expected"))
    return Derivation(
        title=f"Information and IRLS: {p.family.noun} family, {p.link.title.lower()} link",
        statement=(r"$-\partial^2\ell/\partial\eta^2 = W + (\mu - y) D$, with $W = 1/(a(\phi) V(\mu) g'(\mu)^2)$ and "
                   r"$D = \frac{d}{d\mu}\bigl[1/(a(\phi) V(\mu) g'(\mu))\bigr] / g'(\mu)$, is affine in $y$ and "
                   r"$\mathrm{E}[y] = \mu$, so the "
                   r"expected information is $X^\top W X$ with $W_{ii} = 1/(a(\phi) V(\mu_i) g'(\mu_i)^2)$. Fisher "
                   r"scoring $\beta + (X^\top W X)^{-1} X^\top s$, with $s$ the score above, is the weighted "
                   r"least-squares fit "
                   r"$(X^\top W X)^{-1} X^\top W z$ (IRLS) because $W(z - \eta) = s$ for the working response "
                   r"$z = \eta + (y - \mu) g'(\mu)$"
                   + (r"; for this canonical pair $D = 0$: observed = expected, so Newton's method is IRLS."
                      if canonical else r"; Newton's method uses the observed information, which differs.")),
        chains=tuple(chains), variables=p.variables, definitions=p.definitions,
        meta=(("kind", "information"), ("family", p.family.name), ("link", p.link.name), ("canonical", canonical))
        + p.tie_meta,
    )


def all_families() -> tuple[Family, ...]:
    return FAMILIES
