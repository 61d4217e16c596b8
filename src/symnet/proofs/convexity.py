"""Convexity of the loss in (w, b): decided per family/link pair.

The loss is a sum of -l(y_i, h(eta_i)) with eta_i = b + w.x_i affine in (w, b), so its Hessian is
X^T diag(O_i) X with O = -d^2 l / d eta^2 = W + (mu - y) D.  Canonical pairs: O = W > 0, convex.
Otherwise a point (y, mu) with O < 0 is a one-observation data set (x = 1, b = g(mu)) along which the
loss bends down: not convex.  The point is re-evaluated exactly by the checker.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import mpmath
import sympy as sp

from symnet.catalog.symbols import MU, Y
from symnet.catalog.notation import tex
from symnet.proofs.checker import check
from symnet.proofs.signs import check_sign
from symnet.proofs.glm import Pair, curvature_heads, observed_heads, unfolded, weight_heads
from symnet.proofs.model import Assumption, Chain, Derivation, Proof, Status, Step

PARAMETER_VALUES = {"sigma": 1, "nu": 1, "phi": 1, "alpha": 1, "p": sp.Rational(3, 2), "lambda": 2}


@dataclass(frozen=True)
class Convexity:
    """Whether the loss is convex in (w, b) for the pair: True, False, or None (undecided)."""

    convex: bool | None
    proof: Proof | None
    reason: str
    point: tuple[tuple[str, str], ...] = ()
    second_derivative: sp.Expr | None = None


def _where_defined(p: Pair) -> str:
    """', on the weights where every eta_i = b + w.x_i lies in (0, oo)' for a link defined on part of the line."""
    if p.link.eta_range == sp.S.Reals:
        return ""
    return (rf" on the set of weights where every $\eta_i = b + w^\top x_i$ lies in ${latex_set(p.link.eta_range)}$ "
            r"(outside it the network is not this GLM; the set is convex, an intersection of half-spaces)")


def latex_set(domain: sp.Set) -> str:
    """An open interval of eta as LaTeX: (0, \\infty)."""
    return rf"({tex(domain.inf)}, {tex(domain.sup)})"


def _loss_words(p: Pair) -> str:
    """'The Bernoulli loss with the cauchit link': the subject of a convexity result's title."""
    return f"The {p.family.noun} loss with the {p.link.title.lower()} link"


def _sign(expr: sp.Expr, variable: sp.Symbol, domain: sp.Set, parameters: tuple[Assumption, ...]) -> tuple[bool, int]:
    """(proven, sign) from the kernel's sealed sign verdict."""
    verdict = check_sign(expr, variable, domain, parameters)
    return verdict.status is Status.PROVEN, verdict.sign


def _grid(domain: sp.Set) -> list[sp.Rational]:
    if isinstance(domain, sp.FiniteSet):
        return list(domain)
    if isinstance(domain, sp.Range):
        return [sp.Integer(v) for v in (0, 1, 2, 3, 5, 10, 20, 50)]
    fractions = [sp.Rational(k, 20) for k in range(1, 20)]
    positives = [sp.Rational(1, 10), sp.Rational(1, 4), sp.Rational(1, 2), 1, 2, 4, 10, 100]
    candidates = fractions + [sp.Integer(v) for v in positives] + [-sp.Integer(v) for v in positives] + [sp.Integer(0)]
    return sorted({sp.Rational(c) for c in candidates if domain.contains(c) is sp.true})


def _parameters(p: Pair) -> dict[sp.Symbol, sp.Expr]:
    return {a.subject: sp.Rational(PARAMETER_VALUES[a.subject.name]) for a in p.variables[2:]}


def _negative_point(p: Pair, observed: sp.Expr) -> dict[sp.Symbol, sp.Expr] | None:
    parameters = _parameters(p)
    function = sp.lambdify((Y, MU), observed.xreplace(parameters), modules="mpmath")
    best, where = mpmath.mpf(0), None
    for y, mu in itertools.product(_grid(p.family.y_domain), _grid(p.mu_domain)):
        try:
            value = function(mpmath.mpf(sp.Rational(y).p) / sp.Rational(y).q, mpmath.mpf(mu.p) / mu.q)
        except (ZeroDivisionError, ValueError, TypeError):
            continue
        if isinstance(value, mpmath.mpc) or not mpmath.isfinite(value):
            continue
        if value < best - mpmath.mpf("1e-12"):
            best, where = value, {Y: sp.Rational(y), MU: mu, **parameters}
    return where


def _hessian_derivation(p: Pair, weight: sp.Expr, positive: bool) -> Derivation:
    """D = 0 and W in closed form; the claim of convexity is made only when W's sign was proven."""
    where = rf"for every $y$ in the support and every ${tex(MU)}$ in the domain"
    conclusion = (rf" > 0$ {where} (its sign checked by symnet's sign rules): the Hessian of the loss in "
                  r"$(w, b)$ is $X^\top W X$, positive semi-definite, and the loss is convex" + _where_defined(p)
                  + r". With $X$ of full column rank $X^\top W X$ is positive definite: the loss is strictly "
                  r"convex and has at most one minimiser, the maximum-likelihood estimate when it exists." if positive
                  else
                  r"$, but its sign was not decided on the whole domain, so convexity is not settled here.")
    title = (f"{_loss_words(p)} is convex: its Hessian is $X^\\top W X$" if positive else
             f"Canonical {p.family.noun} / {p.link.title.lower()}: $D = 0$")
    return Derivation(
        title=title,
        statement=(r"For a canonical pair $D = 0$, so $-\partial^2\ell/\partial\eta^2 = W = 1/(a(\phi) V(\mu) g'(\mu)^2)"
                   rf" = {tex(weight)}" + conclusion),
        chains=(Chain((Step(observed_heads(p), weight_heads(p), r"$D = 0$ for the canonical link"),
                       Step(weight_heads(p), weight, r"substitute $V$, $g'$ and $a(\phi)$; simplify"))),),
        variables=p.variables, definitions=p.definitions,
        meta=(("kind", "convexity"), ("family", p.family.name), ("link", p.link.name)) + p.tie_meta)


def _counterexample_derivation(p: Pair, point: dict[sp.Symbol, sp.Expr], value: sp.Expr) -> Derivation:
    symbols = tuple(point)
    at_point = sp.Subs(observed_heads(p), symbols, tuple(point[s] for s in symbols))
    where = ", ".join(f"{tex(s)} = {tex(v)}" for s, v in point.items())
    return Derivation(
        title=f"{_loss_words(p)} is not convex",
        statement=(rf"At ${where}$ the second derivative of $-\ell$ in $\eta$ is ${tex(value)} < 0$: with one "
                   r"observation $x = 1$ and the direction of the bias $b$ at $b = g(\mu)$, the loss bends down."),
        chains=(Chain((Step(at_point, value, "evaluate the observed information exactly at the point"),)),),
        variables=p.variables, definitions=p.definitions,
        meta=(("kind", "convexity"), ("family", p.family.name), ("link", p.link.name)) + p.tie_meta)


def convexity(p: Pair, canonical: bool) -> Convexity:
    """Decide convexity in (w, b) for the pair, with a checked proof either way where possible."""
    parameters = tuple(a for a in p.variables[2:])
    if canonical:
        weight = sp.simplify(unfolded(p, weight_heads(p)))
        positive, sign = _sign(weight, MU, p.mu_domain, parameters)
        proof = check(_hessian_derivation(p, weight, positive and sign > 0))
        if proof.proven and positive and sign > 0:
            return Convexity(True, proof, "canonical link: Hessian X^T W X with W > 0")
        return Convexity(None, proof, "canonical, but the sign of W was not decided")
    observed = sp.simplify(unfolded(p, observed_heads(p)))
    point = _negative_point(p, observed)
    if point is not None:
        value = sp.simplify(observed.xreplace(point))
        proof = check(_counterexample_derivation(p, point, value))
        negative, sign = _sign(value + 0 * MU, MU, p.mu_domain, parameters)
        shown = tuple((s.name, str(v)) for s, v in point.items())
        if proof.proven and negative and sign < 0:
            return Convexity(False, proof, "negative second derivative at a point", shown, value)
        return Convexity(None, proof, "a candidate point was found but its sign was not proven", shown, value)
    return _affine_in_y(p, observed, parameters)


def _nonnegative(expr: sp.Expr, p: Pair, parameters: tuple[Assumption, ...]) -> bool:
    if sp.simplify(expr) == 0:
        return True
    proven, sign = _sign(expr, MU, p.mu_domain, parameters)
    return proven and sign > 0


def _affine_in_y(p: Pair, observed: sp.Expr, parameters: tuple[Assumption, ...]) -> Convexity:
    """O = A + y B is affine in y: on a support bounded below by 0 it is >= 0 iff A >= 0 and B >= 0
    (for {0, 1}: A >= 0 and A + B >= 0); on the real line iff B = 0 and A >= 0."""
    intercept = sp.simplify(observed.xreplace({Y: 0}))
    slope = sp.simplify(sp.diff(observed, Y))
    support = p.family.y_domain
    if support == sp.FiniteSet(0, 1):
        needed = (intercept, sp.simplify(intercept + slope))
    elif support.is_subset(sp.Interval(0, sp.oo)) or isinstance(support, sp.Range):
        needed = (intercept, slope)
    else:
        needed = (intercept,) if sp.simplify(slope) == 0 else None
    if needed is None or not all(_nonnegative(part, p, parameters) for part in needed):
        return Convexity(None, None, "no point of negative curvature found and no proof of positivity: undecided")
    if support == sp.FiniteSet(0, 1):
        signs = (rf"at $y = 0$ it is $A \geq 0$ and at $y = 1$ it is $A + B = {tex(needed[1])} \geq 0$ on the "
                 r"whole domain of $\mu$ (both signs checked by symnet's sign rules)")
    elif len(needed) == 2:
        signs = (r"$A \geq 0$ and $B \geq 0$ on the whole domain of $\mu$ (both signs checked by symnet's sign "
                 r"rules), so it is non-negative for every $y \geq 0$")
    else:
        signs = r"$B = 0$ and $A \geq 0$ on the whole domain of $\mu$ (sign checked by symnet's sign rules)"
    derivation = Derivation(
        title=f"{_loss_words(p)} is convex",
        statement=(rf"$-\partial^2\ell/\partial\eta^2 = A(\mu) + y\,B(\mu)$ with $A = {tex(intercept)}$ and "
                   rf"$B = {tex(slope)}$: {signs}. So the Hessian $X^\top \operatorname{{diag}}(\cdot) X$ of the "
                   r"loss in $(w, b)$ is positive semi-definite for every response in the support, and the loss is "
                   r"convex" + _where_defined(p) + "."),
        chains=(Chain((Step(observed_heads(p), intercept + Y * slope, "the observed information is affine in y"),)),),
        variables=p.variables, definitions=p.definitions,
        meta=(("kind", "convexity"), ("family", p.family.name), ("link", p.link.name)) + p.tie_meta)
    proof = check(derivation)
    if proof.proven:
        return Convexity(True, proof, "the second derivative is affine in y and non-negative on the whole support")
    return Convexity(None, proof, "the affine decomposition was not proven: undecided")


__all__ = ["Convexity", "convexity", "curvature_heads"]
