"""A red-team corpus: identities chosen to fool a checker, each with its truth known independently.

False claims must never be proven (and are refuted where a counterexample is certain); true claims
must never be refuted.  The reproducers of the soundness issue come first, then claims across the
classes that broke or could break the kernel: power and branch rewrites, branch cuts, removable and
non-removable singularities, tiny terms beyond 40 digits, terms that matter only far out or near a
boundary, periodic functions, and huge cancellations.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

import symnet
from symnet.proofs.budget import Budget
from symnet.proofs.checker import check
from symnet.catalog.symbols import ETA, MU
from symnet.errors import SymnetError
from symnet.proofs.model import Assumption, Chain, Derivation, Status, Step

X = sp.Symbol("x", real=True)
REALS = sp.S.Reals
POSITIVE = sp.Interval.open(0, sp.oo)
NEGATIVE = sp.Interval.open(-sp.oo, 0)
R = sp.Rational
TRUE, FALSE, REFUTED = "true", "false", "refuted"  # REFUTED: false, and a certain counterexample exists

# (lhs, rhs, domain of x, expected)
CORPUS = [
    # power and branch rewrites
    (sp.sqrt(X - 1) * sp.sqrt(X - 2), sp.sqrt((X - 1) * (X - 2)), POSITIVE, REFUTED),
    (sp.sqrt(X) * sp.sqrt(X + 1), sp.sqrt(X * (X + 1)), POSITIVE, TRUE),
    (sp.sqrt(X ** 2), X, REALS, REFUTED),
    (sp.sqrt(X ** 2), sp.Abs(X), REALS, TRUE),
    ((X ** 3) ** R(1, 3), X, REALS, REFUTED),
    ((X ** 3) ** R(1, 3), X, POSITIVE, TRUE),
    (sp.log(X ** 2), 2 * sp.log(sp.Abs(X)), NEGATIVE, TRUE),
    (sp.log(X ** 2), 2 * sp.log(-X) + 1, NEGATIVE, REFUTED),
    (sp.log(X ** 2), 2 * sp.log(X), POSITIVE, TRUE),
    (sp.exp(sp.log(X), evaluate=False), X, NEGATIVE, FALSE),  # log is not real there: never proven
    (sp.Mul(sp.Pow(X - R(1, 100), R(3, 2), evaluate=False), sp.Pow(X - R(1, 100), -1, evaluate=False),
            evaluate=False), sp.sqrt(X - R(1, 100)), POSITIVE, FALSE),
    # branch cuts
    (sp.atan(sp.tan(X)), X, REALS, REFUTED),
    (sp.atan(sp.tan(X)), X, sp.Interval.open(-1, 1), TRUE),
    (sp.asin(sp.sin(X)), X, sp.Interval.open(0, 10), REFUTED),
    (sp.acos(sp.cos(X)), X, sp.Interval.open(-5, 5), REFUTED),
    (sp.log(sp.exp(sp.I * X / 100)) * 100 / sp.I, X, REALS, FALSE),
    (sp.sqrt(sp.exp(2 * X)), sp.exp(X), REALS, TRUE),
    # removable and non-removable singularities
    ((X ** 2 - 1) / (X - 1), X + 1, REALS, FALSE),
    ((X ** 2 - 1) / (X - 1), X + 1, sp.Interval.open(2, sp.oo), TRUE),
    (X / (X - R(1, 10 ** 6)), 1 + 1 / (10 ** 6 * (X - R(1, 10 ** 6))), REALS, FALSE),
    (X / (X - R(1, 10 ** 6)), 1 + 1 / (10 ** 6 * (X - R(1, 10 ** 6))), sp.Interval.open(1, sp.oo), TRUE),
    (sp.sin(X) / X, 1 - X ** 2 / 6, POSITIVE, REFUTED),
    # tiny terms beyond 40 digits
    (X + sp.exp(-200), X, REALS, FALSE),
    (X + R(1, 10 ** 60), X, REALS, REFUTED),
    (X * (1 + R(1, 10 ** 50)), X, POSITIVE, REFUTED),
    (sp.exp(-200) * (sp.sin(X) ** 2 + sp.cos(X) ** 2), sp.exp(-200), REALS, TRUE),
    # terms that matter only far from the origin, or only near a boundary
    (X + X ** 20 / 10 ** 40, X, REALS, REFUTED),
    (X + sp.exp(X - 1000), X, REALS, FALSE),
    (sp.log(1 + sp.exp(X)), X, REALS, REFUTED),
    (sp.Abs(X - R(1, 10 ** 7)), X - R(1, 10 ** 7), POSITIVE, REFUTED),
    (sp.log(X) + sp.log(1 - X), sp.log(X - X ** 2), sp.Interval.open(0, 1), TRUE),
    (sp.erfinv(sp.erf(X)), X, REALS, TRUE),
    # periodic functions
    (sp.cos(2 * sp.pi * X), 1, REALS, REFUTED),
    (sp.sin(X + 2 * sp.pi), sp.sin(X), REALS, TRUE),
    (sp.sin(X) ** 2, sp.sin(X ** 2), REALS, REFUTED),
    (sp.cos(X) ** 2 - sp.sin(X) ** 2, sp.cos(2 * X), REALS, TRUE),
    (sp.tan(X + sp.pi), sp.tan(X), sp.Interval.open(-1, 1), TRUE),
    # huge cancellations
    (sp.cosh(X) ** 2 - sp.sinh(X) ** 2, 1, REALS, TRUE),
    ((sp.exp(X) + 1) ** 2 - sp.exp(2 * X) - 2 * sp.exp(X), 1, REALS, TRUE),
    (X + sp.exp(700) * (sp.sin(sp.pi / 7) ** 2 + sp.cos(sp.pi / 7) ** 2 - 1), X, REALS, TRUE),
    (X + sp.cosh(600) ** 2 - sp.sinh(600) ** 2 - 1, X, REALS, TRUE),
    (X + sp.exp(300) * (sp.sqrt(2) ** 2 - 2) + R(1, 10 ** 45), X, REALS, REFUTED),
]


def _claim(lhs: sp.Expr, rhs: sp.Expr, domain: sp.Set) -> Derivation:
    return Derivation(title="red-team claim", statement=f"{lhs} = {rhs}",
                      chains=(Chain((Step(lhs, sp.sympify(rhs), "claimed"),)),),
                      variables=(Assumption(X, domain, "x"),))


def _exact_difference(lhs: sp.Expr, rhs: sp.Expr, value: str) -> mpmath.mpc:
    """An independent evaluation: plain mpmath at 400 digits through SymPy's own evalf."""
    point = sp.Float(value, 400)
    return sp.N(sp.sympify(lhs).subs(X, point) - sp.sympify(rhs).subs(X, point), 300)


@pytest.mark.parametrize("lhs, rhs, domain, expected", CORPUS, ids=[f"{i}" for i in range(len(CORPUS))])
def test_corpus(lhs, rhs, domain, expected):
    proof = check(_claim(lhs, rhs, domain), budget=Budget(60))
    if expected == TRUE:
        assert proof.status is not Status.REFUTED, proof.summary
    else:
        assert proof.status is not Status.PROVEN, f"false claim proven: {lhs} = {rhs}"
    if expected == REFUTED:
        assert proof.status is Status.REFUTED, proof.summary
        x_value = dict(proof.counterexample.point)["x"]
        assert abs(_exact_difference(lhs, rhs, x_value)) > 0  # the counterexample is real


def test_true_corpus_claims_are_mostly_proven():
    """Soundness is not bought with uselessness: most true claims of the corpus are proven."""
    true_claims = [c for c in CORPUS if c[3] == TRUE]
    proven = sum(check(_claim(*c[:3]), budget=Budget(60)).proven for c in true_claims)
    assert proven >= 0.7 * len(true_claims)


REPRODUCERS = [
    # (link, activation, link_expr, eta_range, inputs), all false
    (None, "eta + sqrt(eta-1/100)*sqrt(eta-1/200) - sqrt((eta-1/100)*(eta-1/200))", "mu", "positive", None),
    ("inverse", "1/(((eta-1/100)**3)**(1/3)+1/100)", None, "real", None),
    ("sqrt", "(((eta-1/100)**3)**(1/3)+1/100)**2", None, "real", None),
    ("identity", "(eta**2-1)/(eta-1) - 1", None, "real", None),
    # SymPy cancels these as it builds them; the checker sees the typed form, undefined at eta = 1 / mu = 1/2
    ("identity", "eta*(eta-1)/(eta-1)", None, "real", None),
    ("logit", "(1/(1 + exp(-eta)))*(eta - 1)/(eta - 1)", None, "real", None),
    (None, None, "log(mu/(1-mu))*(2*mu-1)/(2*mu-1)", "real", None),
]


@pytest.mark.parametrize("link, activation, link_expr, eta_range, inputs", REPRODUCERS)
def test_issue_reproducers_are_not_proven(link, activation, link_expr, eta_range, inputs):
    from symnet.custom import prove_custom

    proof = prove_custom(activation=activation, link_expr=link_expr, link=link, inputs=inputs, eta_range=eta_range)
    assert proof.status is not Status.PROVEN


@pytest.mark.parametrize("activation", [
    "eta + exp(700)*(sin(pi/7)**2 + cos(pi/7)**2 - 1)",
    "eta + cosh(600)**2 - sinh(600)**2 - 1",
])
def test_true_identities_with_huge_cancellation_are_not_refuted(activation):
    proof = symnet.prove("identity", activation=activation)
    assert proof.status is not Status.REFUTED


@pytest.mark.parametrize("link_expr, inverse, domain", [
    ("exp(mu)", "log(eta)", NEGATIVE),   # log of a negative number: complex
    ("mu**2", "sqrt(eta)", REALS),       # sqrt of a negative number: complex
    ("1/mu", "1/eta", REALS),            # 1/0 at eta = 0
])
def test_round_trip_is_not_proven_where_the_inverse_is_not_real(link_expr, inverse, domain):
    """SymPy evaluates exp(log(eta)) to eta as it builds it; the kernel checks the composition as written."""
    from symnet.custom import _custom_link
    from symnet.expressions import parse
    from symnet.proofs.forward import inverse_lemma

    record = _custom_link("custom", "custom", inverse, parse(link_expr, "mu", {}, MU),
                          parse(inverse, "eta", {}, ETA), POSITIVE, domain, "g")
    assert check(inverse_lemma(record)).status is not Status.PROVEN


@pytest.mark.parametrize("link_expr, reachable", [
    ("exp(mu)", POSITIVE), ("mu**2", POSITIVE), ("1/mu", POSITIVE), ("log(mu)", REALS),
])
def test_activation_derived_from_a_link_is_stated_where_it_is_real(link_expr, reachable):
    from symnet.custom import prove_custom

    proof = prove_custom(activation=None, link_expr=link_expr)
    assert proof.proven
    conditions = [c.domain for c in proof.derivation.conditions]
    assert conditions == ([] if reachable == REALS else [reachable])


def test_activation_derived_from_a_link_outside_its_values_is_refused():
    from symnet.custom import prove_custom

    with pytest.raises(SymnetError, match="no real value for eta < 0"):
        prove_custom(activation=None, link_expr="exp(mu)", eta_range="negative")
