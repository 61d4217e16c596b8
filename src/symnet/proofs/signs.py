"""Sign lemmas: an expression keeps one strict sign on a domain (monotonicity is the sign of a derivative).

Proven when the structural sign rules of `definedness` decide it (or, for one variable on an
interval, the expression is shown defined there — hence continuous — and SymPy's solveset finds no
real zero, so by the intermediate value theorem the sign is that of any one point), AND the sign is
the same at >= MIN_POINTS points spread over the domain.  A certain zero or a point of the other
sign refutes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import mpmath
import sympy as sp

from symnet.proofs import definedness, seal
from symnet.proofs.budget import Budget, BudgetExceeded, current
from symnet.proofs.evaluate import Point, show
from symnet.proofs.model import Assumption, Status
from symnet.proofs.polynomials import key_of
from symnet.proofs.rules import flagged_symbols
from symnet.proofs.sampling import sample, seeded_rng

MIN_POINTS = 20
MAX_TRIES = 400


@dataclass(frozen=True)
class SignVerdict:
    """The checker's answer about a sign: +1, -1, or 0 (unknown), with how it was decided."""

    sign: int
    method: str
    points: int

    @property
    def status(self) -> Status:
        return seal.issued_status(self, Status.UNPROVEN)

    def __iter__(self):  # (status, sign, method), as the earlier tuple
        return iter((self.status, self.sign, self.method))


def _issue(status: Status, sign: int, method: str, points: int) -> SignVerdict:
    return seal.issue(SignVerdict(sign, method, points), status)


def _numeric_sign(expr: sp.Expr, point_domains: dict, variable: sp.Symbol, rng: random.Random,
                  budget: Budget) -> tuple[set[int], int, str | None]:
    signs: set[int] = set()
    usable = 0
    for _ in range(MAX_TRIES):
        if budget.expired():
            raise BudgetExceeded
        values = {key_of(v): sample(d, rng) for v, d in point_domains.items()}
        point = Point(values.__getitem__)
        result, error = point.value_and_error(expr)
        if result is None:
            continue
        if isinstance(result, mpmath.mpc):
            if abs(result.imag) > mpmath.mpf(10) ** -30 * max(1, abs(result.real)):
                return signs, usable, f"not real at {variable} = {show(values[key_of(variable)])}"
            result = result.real
        if not isinstance(result, mpmath.mpf):  # exact
            if result == 0:
                return signs, usable, f"zero at {variable} = {show(values[key_of(variable)])}"
        elif error is None or abs(result) <= 2 * error:
            continue  # too close to zero to tell at this precision
        signs.add(1 if result > 0 else -1)
        if len(signs) > 1:
            return signs, usable, "takes both signs on the domain"
        usable += 1
        if usable >= MIN_POINTS:
            break
    return signs, usable, None


def check_sign(expr: sp.Expr, variable: sp.Symbol, domain: sp.Set, parameters: tuple[Assumption, ...] = (),
               rng: random.Random | None = None, budget: Budget | None = None) -> SignVerdict:
    """Whether `expr` keeps one strict sign for `variable` in `domain` (and every parameter value)."""
    budget = budget or current()
    rng = rng or seeded_rng("sign", expr, domain)
    point_domains = {variable: domain, **{a.subject: a.domain for a in parameters}}
    try:
        with budget.guard():  # one point can be slow to evaluate: the deadline interrupts it
            signs, usable, refutation = _numeric_sign(expr, point_domains, variable, rng, budget)
    except BudgetExceeded:
        return _issue(Status.UNPROVEN, 0, "the time budget ran out before the sign was decided", 0)
    if refutation:
        return _issue(Status.REFUTED, 0, refutation, usable)
    if usable < MIN_POINTS:
        return _issue(Status.UNPROVEN, 0, f"only {usable} points could be evaluated with a certain sign", usable)
    sign = signs.pop()
    flags = flagged_symbols((Assumption(variable, domain),) + parameters)
    flagged = expr.xreplace(flags)
    single = isinstance(domain, sp.Interval) and not parameters
    # every strict bound of the variable's and the parameters' domains is a fact (p in (1, 2): p - 1 > 0)
    context = definedness.context_for(flags, (), [(variable, domain)] + [(a.subject, a.domain) for a in parameters])
    if not single:
        context = definedness.Context(context.positive_facts, None, context.intervals, context.nonzero_facts)
    try:
        with budget.guard():
            if definedness.undefined_reason(flagged, context) is None:
                decided = definedness.positive(flagged, context) if sign > 0 else definedness.negative(flagged, context)
                if decided:
                    return _issue(Status.PROVEN, sign, "sign decided from the domain", usable)
                if single and sp.solveset(flagged, flags[variable], domain) == sp.S.EmptySet:
                    return _issue(Status.PROVEN, sign, "defined on the interval with no zero there "
                                  "(intermediate value theorem)", usable)
    except BudgetExceeded:
        return _issue(Status.UNPROVEN, sign, "the time budget ran out before the sign was decided", usable)
    except (TypeError, ValueError, NotImplementedError, RecursionError):
        pass
    return _issue(Status.UNPROVEN, sign, "SymPy could not decide the sign", usable)
