"""Unit tests of the kernel's pieces, in the order of docs/kernel.md.

Each rule is shown to apply when its side condition is discharged and to refuse when it is not; the
seal, the budget, the definedness prover, the evaluator's error bounds and `evidence.compare` are each
tested against an independent truth (SymPy's `evalf` at 250 digits for values).
"""

from __future__ import annotations

import copy
import dataclasses
import gc
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from symnet.catalog.domains import sympy_flags
from symnet.catalog.symbols import ETA
from symnet.proofs import definedness, seal
from symnet.proofs.budget import Budget, BudgetExceeded
from symnet.proofs.checker import check
from symnet.proofs.evaluate import DIGITS, Point
from symnet.proofs.evidence import Verdict, compare, weigh
from symnet.proofs.model import Assumption, Chain, Definition, Derivation, Proof, Status, Step, StepVerdict
from symnet.proofs.rules import symbolic_zero
from symnet.proofs.sampling import certainly_contains
from symnet.proofs.signs import SignVerdict, check_sign

R = sp.Rational
REALS = sp.S.Reals
POSITIVE = sp.Interval.open(0, sp.oo)
NEGATIVE = sp.Interval.open(-sp.oo, 0)
K = sp.Idx("k")
N = sp.Symbol("n", integer=True, positive=True)
XS, YS = sp.IndexedBase("x", real=True), sp.IndexedBase("y", real=True)


def _derivation(lhs: sp.Expr, rhs: sp.Expr, domain: sp.Set = REALS, **fields) -> Derivation:
    return Derivation(title="unit", statement=f"{lhs} = {rhs}", chains=(Chain((Step(lhs, sp.sympify(rhs), "u"),)),),
                      variables=(Assumption(ETA, domain, "eta"),), **fields)


def _reduce(lhs: sp.Expr, rhs: sp.Expr, domain: sp.Set):
    return symbolic_zero(lhs, sp.sympify(rhs), (Assumption(ETA, domain, "eta"),))


# ------------------------------------------------------------------ symbolic rules (docs/kernel.md, 1-8)

# (lhs, rhs, domain, the method's words, or None when the rule must refuse, with words of the reason)
RULES = [
    # 1. structural identity: equal trees, only where they are defined
    pytest.param(sp.log(ETA), sp.log(ETA), POSITIVE, "identical", id="1-structural"),
    pytest.param(sp.log(ETA), sp.log(ETA), REALS, None, id="1-structural-undefined"),
    # 2. polynomial identity, and its refusal
    pytest.param((ETA + 1) ** 2, ETA ** 2 + 2 * ETA + 1, REALS, "polynomial identity", id="2-polynomial"),
    pytest.param((ETA + 1) ** 2, ETA ** 2 + 2 * ETA + 2, REALS, None, id="2-polynomials-differ"),
    # 3. congruence: arguments equal as polynomials (no definedness needed), never by cancel
    pytest.param(sp.log((ETA + 1) ** 2), sp.log(ETA ** 2 + 2 * ETA + 1), POSITIVE, "same function", id="3-congruence"),
    pytest.param(sp.log((ETA + 1) ** 2), sp.log(ETA ** 2 + 2 * ETA + 1), REALS, None, id="3-congruence-undefined"),
    pytest.param(sp.log((ETA ** 2 - 1) / (ETA - 1)), sp.log(ETA + 1), REALS, None, id="3-no-congruence-by-cancel"),
    # 4. linearity of sums
    pytest.param(sp.Sum(XS[K] + 2 * YS[K], (K, 1, N)), sp.Sum(XS[K], (K, 1, N)) + 2 * sp.Sum(YS[K], (K, 1, N)),
                 REALS, "linearity of sums|polynomial identity", id="4-linearity"),
    pytest.param(sp.Sum(XS[K] * YS[K], (K, 1, N)), sp.Sum(XS[K], (K, 1, N)) * sp.Sum(YS[K], (K, 1, N)),
                 REALS, None, id="4-not-linear"),
    # 5. log expansion: only where the logarithms' arguments are shown positive
    pytest.param(sp.log(ETA * (ETA + 1)), sp.log(ETA) + sp.log(ETA + 1), POSITIVE, "log expansion", id="5-log"),
    pytest.param(sp.log(ETA ** 2), 2 * sp.log(ETA), REALS, None, id="5-log-not-positive"),
    pytest.param(sp.exp(sp.log(ETA), evaluate=False), ETA, NEGATIVE, None, id="5-log-of-negative"),
    # 6. rational cancellation: refused when a zero of the denominator lies in the domain
    pytest.param((ETA ** 2 - 1) / (ETA - 1), ETA + 1, sp.Interval.open(2, sp.oo), "cancel", id="6-cancel"),
    pytest.param((ETA ** 2 - 1) / (ETA - 1), ETA + 1, sp.Interval.open(0, 2), None, id="6-removable-zero"),
    pytest.param(ETA / (ETA - R(1, 10 ** 6)), 1 + 1 / (10 ** 6 * (ETA - R(1, 10 ** 6))), sp.Interval.open(0, 1),
                 None, id="6-pole-in-domain"),
    pytest.param(ETA / (ETA - R(1, 10 ** 6)), 1 + 1 / (10 ** 6 * (ETA - R(1, 10 ** 6))),
                 sp.Interval.open(1, sp.oo), "cancel", id="6-pole-outside"),
    # 7. simplification, never with forced power rewrites (bases not shown positive)
    pytest.param(sp.sin(ETA) ** 2 + sp.cos(ETA) ** 2, 1, REALS, "simplify|zero derivative", id="7-simplify"),
    pytest.param(sp.log(ETA ** 2), 2 * sp.log(sp.Abs(ETA)), NEGATIVE, "simplify|zero derivative", id="7-simplify-abs"),
    pytest.param(sp.sqrt(ETA - R(1, 100)) * sp.sqrt(ETA - R(1, 200)),
                 sp.sqrt((ETA - R(1, 100)) * (ETA - R(1, 200))), POSITIVE, None, id="7-no-forced-powsimp"),
    pytest.param(sp.atan(sp.tan(ETA)), ETA, REALS, None, id="7-tan-has-poles"),
    # 8. zero derivative: an interval, a defined difference, and a zero at an anchor
    pytest.param(sp.atan(ETA) + sp.atan(1 / ETA), sp.pi / 2, POSITIVE, "zero derivative", id="8-derivative"),
    pytest.param(sp.atan(ETA) + sp.atan(1 / ETA), sp.pi / 2, NEGATIVE, None, id="8-anchor-not-zero"),
    pytest.param(sp.atan(ETA) + sp.atan(1 / ETA), sp.pi / 2, REALS, None, id="8-discontinuous"),
    pytest.param(2 * sp.atan(ETA), sp.atan(2 * ETA / (1 - ETA ** 2)), sp.Interval.open(-1, 1), "zero derivative",
                 id="8-derivative-on-interval"),
    pytest.param(2 * sp.atan(ETA), sp.atan(2 * ETA / (1 - ETA ** 2)), sp.Interval.open(1, 2), None,
                 id="8-jump-between-intervals"),
    pytest.param(100 * sp.log(sp.exp(sp.I * ETA / 100)) / sp.I, ETA, REALS, None, id="8-complex"),
]


@pytest.mark.parametrize("lhs, rhs, domain, method", RULES)
def test_rule_applies_only_with_its_side_condition(lhs, rhs, domain, method):
    reduction = _reduce(lhs, rhs, domain)
    if method is None:
        assert reduction.method is None and reduction.reason
    else:
        # the cheap rules run first, so a claim may be reduced by an earlier sound rule of the list
        assert reduction.method is not None and any(m in reduction.method for m in method.split("|")), reduction


@pytest.mark.parametrize("lhs, rhs, domain, words", [
    ((ETA ** 2 - 1) / (ETA - 1), ETA + 1, REALS, "denominator eta - 1 is not shown to be non-zero"),
    (sp.sqrt(ETA - R(1, 100)) * sp.sqrt(ETA), sp.sqrt(ETA ** 2 - ETA / 100), POSITIVE, "base eta - 1/100 of the power"),
    (sp.log(2 * ETA), sp.log(2) + sp.log(ETA), REALS, "argument of log(2*eta)"),
    (sp.sqrt(ETA - R(1, 100)) * sp.sqrt(ETA), sp.sqrt(ETA ** 2 - ETA / 100), POSITIVE,
     "base eta - 1/100 of the power"),
    (sp.atan(sp.tan(ETA)), ETA, REALS, "tan(eta) may have a pole"),
    (-100 * sp.I * sp.log(sp.exp(sp.I * ETA / 100)), ETA, REALS, "non-real constant I"),
])
def test_refusals_name_the_side_condition(lhs, rhs, domain, words):
    reduction = _reduce(lhs, rhs, domain)
    assert reduction.method is None and words in reduction.reason, reduction


@pytest.mark.parametrize("domain, condition, method", [
    # atan(1/eta) + atan(eta) is pi/2 for eta > 0 and -pi/2 for eta < 0: a claim conditioned to eta < 0 whose
    # difference is zero at the anchor eta = 1 (outside the condition) and 1e-100 * pi inside it
    (REALS, -ETA, None),
    (POSITIVE, ETA - 1, "zero derivative"),  # defined on the whole interval: the rule applies
])
def test_zero_derivative_runs_over_the_whole_interval_not_the_conditioned_part(domain, condition, method):
    tiny = (sp.atan(1 / ETA) + sp.atan(ETA) - sp.pi / 2) / 10 ** 100
    reduction = symbolic_zero(ETA + tiny, ETA, (Assumption(ETA, domain, "eta"),),
                              (Assumption(condition, POSITIVE, "condition"),))
    if method is None:
        assert reduction.method is None
    else:
        assert reduction.method is not None and method in reduction.method


def test_refused_rules_leave_a_true_claim_unproven_and_a_false_one_refuted():
    """The side condition blocks the proof, the evidence still finds the counterexample."""
    removable = check(_derivation((ETA ** 2 - 1) / (ETA - 1), ETA + 1))
    assert removable.status is Status.UNPROVEN and "non-zero" in removable.summary
    jump = check(_derivation(sp.atan(ETA) + sp.atan(1 / ETA), sp.pi / 2))
    assert jump.status is Status.REFUTED and float(dict(jump.counterexample.point)["eta"]) < 0


# ------------------------------------------------------------------ 9. the instance rule, 10. identification

X = sp.Symbol("x", real=True)
Y = sp.Symbol("y", positive=True)


@pytest.fixture(scope="module")
def lemmas() -> dict[str, Proof]:
    real = check(Derivation("real lemma", "sin(x)^2 + cos(x)^2 = 1",
                            (Chain((Step(sp.sin(X) ** 2 + sp.cos(X) ** 2, sp.Integer(1), "l"),)),),
                            (Assumption(X, REALS, "x"),)))
    positive = check(Derivation("positive lemma", "exp(log(y)) = y",
                                (Chain((Step(sp.exp(sp.log(Y), evaluate=False), Y, "l"),)),),
                                (Assumption(Y, POSITIVE, "y"),)))
    false = check(_derivation(sp.log(sp.exp(ETA)), ETA + 1))
    assert (real.status, positive.status, false.status) == (Status.PROVEN, Status.PROVEN, Status.REFUTED)
    return {"real": real, "positive": positive, "false": false}


def _instance(lemma: Proof, variable: sp.Symbol, value: sp.Expr, lhs: sp.Expr, rhs: sp.Expr,
              domain: sp.Set = REALS, conditions=()) -> Proof:
    step = Step(lhs, rhs, "instance", lemma=lemma, substitution=((variable, value),))
    return check(Derivation("instance", "i", (Chain((step,)),), (Assumption(ETA, domain, "eta"),),
                            conditions=conditions, lemmas=(lemma,)))


@pytest.mark.parametrize("case, status, words", [
    ("real polynomial", Status.PROVEN, "instance of a proven lemma"),
    ("wrong right side", Status.UNPROVEN, "is not an instance of the cited lemma"),
    ("outside the domain", Status.UNPROVEN, "cannot show that eta lies in"),
    ("stated condition", Status.PROVEN, "instance of a proven lemma"),
    ("variable inside", Status.PROVEN, "instance of a proven lemma"),
    ("refuted lemma", Status.REFUTED, "cites a lemma that is refuted"),
])
def test_instance_rule(lemmas, case, status, words):
    with sp.evaluate(False):
        value = ETA ** 2 + 1
        real_lhs = sp.sin(value) ** 2 + sp.cos(value) ** 2
        positive_lhs = sp.exp(sp.log(ETA))
    proof = {
        "real polynomial": lambda: _instance(lemmas["real"], X, value, real_lhs, sp.Integer(1)),
        "wrong right side": lambda: _instance(lemmas["real"], X, value, real_lhs, sp.Integer(2)),
        "outside the domain": lambda: _instance(lemmas["positive"], Y, ETA, positive_lhs, ETA),
        "stated condition": lambda: _instance(lemmas["positive"], Y, ETA, positive_lhs, ETA,
                                              conditions=(Assumption(ETA, POSITIVE, "eta > 0"),)),
        "variable inside": lambda: _instance(lemmas["positive"], Y, ETA, positive_lhs, ETA, domain=POSITIVE),
        "refuted lemma": lambda: _instance(lemmas["false"], ETA, ETA, sp.log(sp.exp(ETA)), ETA + 1),
    }[case]()
    assert proof.status is status
    assert words in proof.verdicts[0][0].method or words in proof.summary


@pytest.mark.parametrize("right, status", [(2 * ETA, Status.PROVEN), (ETA, Status.UNPROVEN)])
def test_parameter_identification_must_be_definitional(right, status):
    beta = sp.Symbol("beta", real=True)
    definition = Definition(beta, 2 * ETA, "beta = 2 eta")
    proof = check(_derivation(ETA, ETA, definitions=(definition,), identification=((beta, right),)))
    assert proof.status is status


@pytest.mark.parametrize("derivation, words", [
    (Derivation("empty", "", (), (Assumption(ETA, REALS),)), "at least one chain"),
    (Derivation("broken", "", (Chain((Step(ETA, ETA, "a"), Step(ETA + 1, ETA + 1, "b"))),), (Assumption(ETA, REALS),)),
     "does not continue the previous step"),
    (_derivation(ETA, ETA, definitions=(Definition(sp.Symbol("c"), 1), Definition(sp.Symbol("c"), 2))),
     "defined twice"),
])
def test_malformed_derivations_are_unproven(derivation, words):
    proof = check(derivation)
    assert proof.status is Status.UNPROVEN and words in proof.summary


# ------------------------------------------------------------------ 11. sign lemmas

@pytest.mark.parametrize("expr, domain, status, sign", [
    (sp.exp(ETA), REALS, Status.PROVEN, 1),
    (ETA ** 2 - ETA + 1, REALS, Status.PROVEN, 1),
    (-1 / (1 + ETA ** 2), REALS, Status.PROVEN, -1),
    (ETA ** 2 - 2, REALS, Status.REFUTED, 0),
    (sp.sin(ETA), REALS, Status.REFUTED, 0),
    (sp.log(ETA), REALS, Status.REFUTED, 0),  # not real for eta < 0
])
def test_sign_lemmas(expr, domain, status, sign):
    verdict = check_sign(expr, ETA, domain)
    assert verdict.status is status and verdict.sign == sign


# ------------------------------------------------------------------ the seal

def _issued() -> Proof:
    proof = check(_derivation(sp.log(sp.exp(ETA)), ETA))
    assert proof.status is Status.PROVEN
    return proof


@pytest.mark.parametrize("forge", [
    pytest.param(lambda p: Proof(p.derivation, p.verdicts, None, (), ""), id="constructor"),
    pytest.param(lambda p: dataclasses.replace(p), id="replace-nothing"),
    pytest.param(lambda p: dataclasses.replace(p, summary="edited"), id="replace-summary"),
    pytest.param(lambda p: copy.copy(p), id="copy"),
    pytest.param(lambda p: copy.deepcopy(p), id="deepcopy"),
])
def test_a_proof_not_issued_by_the_checker_is_unproven(forge):
    forged = forge(_issued())
    assert forged.status is Status.UNPROVEN and not forged.proven


def test_a_proof_whose_field_was_swapped_is_unproven():
    proof = _issued()
    other = check(_derivation(ETA, ETA + 1))
    object.__setattr__(proof, "derivation", other.derivation)  # a frozen dataclass edited in place
    assert proof.status is Status.UNPROVEN


@pytest.mark.parametrize("edit", [
    pytest.param(lambda p: object.__setattr__(p.derivation, "chains", (Chain((Step(ETA, ETA + 1, "x"),)),)),
                 id="derivation-chains"),
    pytest.param(lambda p: object.__setattr__(p.derivation.chains[0].steps[0], "rhs", ETA + 1), id="step-rhs"),
    pytest.param(lambda p: object.__setattr__(p.derivation.variables[0], "domain", POSITIVE), id="variable-domain"),
    pytest.param(lambda p: object.__setattr__(p.verdicts[0][0], "method", "edited"), id="verdict-method"),
])
def test_a_proof_edited_inside_is_unproven(edit):
    proof = _issued()
    edit(proof)
    assert proof.status is Status.UNPROVEN


def test_a_lemma_edited_after_issue_proves_nothing():
    """sin(x) = sin(x) + 1e-100 agrees at every point: only the seal stops an edited lemma from proving it."""
    lemma = check(_derivation(sp.log(sp.exp(ETA)), ETA))
    assert lemma.status is Status.PROVEN
    tiny = R(1, 10 ** 100)
    object.__setattr__(lemma.derivation, "chains", (Chain((Step(sp.sin(ETA), sp.sin(ETA) + tiny, "edited"),)),))
    step = Step(sp.sin(X), sp.sin(X) + tiny, "instance", lemma=lemma, substitution=((ETA, X),))
    proof = check(Derivation("use", "u", (Chain((step,)),), (Assumption(X, REALS),), lemmas=(lemma,)))
    assert proof.status is not Status.PROVEN


@pytest.mark.parametrize("forge", [
    pytest.param(lambda v: StepVerdict(Status.PROVEN, "forged", 20), id="constructor"),
    pytest.param(lambda v: dataclasses.replace(v), id="replace"),
    pytest.param(lambda v: dataclasses.replace(v, method="edited"), id="replace-method"),
])
def test_a_step_verdict_not_issued_by_the_checker_is_unproven(forge):
    verdict = _issued().verdicts[0][0]
    assert verdict.status is Status.PROVEN
    forged = forge(verdict)
    assert forged.outcome is Status.PROVEN and forged.status is Status.UNPROVEN


def test_a_sign_verdict_not_issued_is_unproven():
    issued = check_sign(sp.exp(ETA), ETA, REALS)
    assert issued.status is Status.PROVEN
    assert SignVerdict(1, "forged", 20).status is Status.UNPROVEN
    assert dataclasses.replace(issued).status is Status.UNPROVEN


def test_a_collected_proof_does_not_lend_its_status_to_a_new_record():
    """The seal is keyed by identity: a forged record that reuses a dead proof's address is not issued."""
    proof = _issued()
    address, derivation, verdicts = id(proof), proof.derivation, proof.verdicts
    assert address in seal._ISSUED
    del proof
    gc.collect()
    assert address not in seal._ISSUED  # forgotten with the record, so a new object at its address is not issued
    assert Proof(derivation, verdicts, None, (), "").status is Status.UNPROVEN


# ------------------------------------------------------------------ stated conditions filter the points

def _conditioned(lhs: sp.Expr, rhs: sp.Expr, subject: sp.Expr, domain: sp.Set) -> Proof:
    return check(_derivation(lhs, rhs, conditions=(Assumption(subject, domain, "condition"),)))


def test_a_point_where_a_condition_only_seems_to_hold_is_not_a_counterexample():
    """cosh^2 - sinh^2 - 1 > 0 never holds; rounding makes it seem to at some points."""
    never = sp.cosh(ETA) ** 2 - sp.sinh(ETA) ** 2 - 1
    assert _conditioned(ETA, ETA + 1, never, POSITIVE).status is not Status.REFUTED


def test_a_claim_false_where_the_condition_holds_is_refuted_there():
    proof = _conditioned(ETA, ETA + 1, sp.exp(ETA) - 1, POSITIVE)
    assert proof.status is Status.REFUTED and float(dict(proof.counterexample.point)["eta"]) > 0


with mpmath.workdps(60):
    CONTAINMENT = [
        (POSITIVE, mpmath.mpf("1e-30"), mpmath.mpf("1e-31"), True),
        (POSITIVE, mpmath.mpf("1e-30"), mpmath.mpf("2e-30"), False),
        (POSITIVE, mpmath.mpf(0), mpmath.mpf(10) ** 71791, False),
        (sp.Interval(1, sp.oo), 1 + mpmath.mpf("1e-50"), mpmath.mpf("2e-50"), False),  # the end 1 - 1e-50 is outside
        (sp.Interval(1, sp.oo), 1 + mpmath.mpf("1e-50"), mpmath.mpf("5e-51"), True),
        (sp.Union(NEGATIVE, POSITIVE), mpmath.mpf("1e-30"), mpmath.mpf("2e-30"), False),  # straddles the gap
        (sp.Union(NEGATIVE, POSITIVE), -mpmath.mpf(3), mpmath.mpf(1), True),
        (REALS, mpmath.mpc(1, "1e-10"), mpmath.mpf("1e-20"), False),  # certainly not real
        (REALS, mpmath.mpc(1, "1e-30"), mpmath.mpf("1e-20"), True),
        (POSITIVE, mpmath.mpf(1), None, False),
        (POSITIVE, Fraction(1, 10 ** 100), 0, True),
        (sp.Interval.Lopen(0, 1), Fraction(1), 0, True),
    ]


@pytest.mark.parametrize("domain, value, error, inside", CONTAINMENT)
def test_certainly_contains(domain, value, error, inside):
    assert certainly_contains(domain, value, error) is inside


# ------------------------------------------------------------------ the budget

def test_a_step_that_runs_out_of_time_is_unproven_and_named():
    derivation = Derivation("budget", "two steps", (Chain((Step(ETA, ETA, "a"),)),
                                                    Chain((Step(sp.sin(ETA) ** 2 + sp.cos(ETA) ** 2, sp.Integer(1),
                                                                "b"),))),
                            (Assumption(ETA, REALS),))
    proof = check(derivation, budget=Budget(seconds=0))
    assert proof.status is Status.UNPROVEN
    assert proof.summary.startswith("step 1 of chain 1: the time budget ran out")
    assert all("time budget" in verdict.method for chain in proof.verdicts for verdict in chain)


def test_the_guard_interrupts_work_at_the_deadline():
    with pytest.raises(BudgetExceeded):
        with Budget(seconds=0.2).guard():
            for _ in range(10 ** 10):  # minutes of work, unless interrupted
                pass


def test_an_expired_budget_refuses_work():
    budget = Budget(seconds=0)
    assert budget.expired()
    with pytest.raises(BudgetExceeded):
        with budget.guard():
            pass


def test_a_sign_lemma_out_of_time_is_unproven():
    verdict = check_sign(sp.exp(ETA), ETA, REALS, budget=Budget(seconds=0))
    assert verdict.status is Status.UNPROVEN and "time budget" in verdict.method


# ------------------------------------------------------------------ definedness

def _context(domain: sp.Set) -> tuple[sp.Dummy, definedness.Context]:
    eta = sp.Dummy("eta", **sympy_flags(domain))
    return eta, definedness.Context(interval=(eta, domain))


@pytest.mark.parametrize("expr, domain, words", [
    (1 / ETA, REALS, "denominator"),
    (1 / ETA, POSITIVE, None),
    (1 / (ETA ** 2 + 1), REALS, None),
    (1 / (ETA ** 2 - 2), sp.Interval.open(0, 1), None),
    (1 / (ETA ** 2 - 2), sp.Interval.open(0, 2), "denominator"),
    (sp.log(ETA), REALS, "argument of log"),
    (sp.log(ETA ** 2 + 1), REALS, None),
    (sp.log(ETA - 1), POSITIVE, "argument of log"),
    (sp.log(ETA - 1), sp.Interval.open(1, 2), None),
    (sp.log(ETA - 1), sp.Interval(1, 2), "argument of log"),
    (sp.log(sp.exp(ETA) - 1), POSITIVE, None),
    (sp.log(sp.exp(ETA) - 1), REALS, "argument of log"),
    (sp.sqrt(ETA), REALS, "is not shown to be positive"),
    (sp.sqrt(ETA), POSITIVE, None),
    (sp.Pow(ETA, R(1, 3)), NEGATIVE, "is not shown to be positive"),
    (ETA ** ETA, POSITIVE, None),
    (sp.erfinv(sp.tanh(ETA)), REALS, None),
    (sp.erfinv(sp.sin(ETA)), REALS, "argument of erfinv"),
    (sp.atanh(ETA / 2), sp.Interval.open(-1, 1), None),
    (sp.atanh(ETA / 2), sp.Interval.open(-1, 3), "argument of atanh"),
    (sp.tan(ETA), REALS, "may have a pole"),
    (sp.tan(ETA), sp.Interval.open(-1, 1), None),
    (sp.gamma(ETA), POSITIVE, None),
    (sp.gamma(ETA), REALS, "argument of gamma"),
    (sp.sqrt(2 - sp.cos(ETA)), REALS, None),
    (sp.sqrt(1 - sp.cos(ETA)), REALS, "base"),
    (sp.I * ETA, REALS, "non-real constant"),
    (sp.Function("f")(ETA), REALS, "not a function the kernel knows"),
    (sp.besselj(0, ETA), REALS, "not a function the kernel knows"),
    (sp.Symbol("z") + 1, REALS, "not known to be real"),
])
def test_definedness(expr, domain, words):
    eta, context = _context(domain)
    with sp.evaluate(False):
        flagged = expr.xreplace({ETA: eta})
    reason = definedness.undefined_reason(flagged, context)
    if words is None:
        assert reason is None
    else:
        assert reason is not None and words in reason, reason


@pytest.mark.parametrize("expr, domain, sign", [
    (sp.exp(ETA) - 1, POSITIVE, 1),
    (sp.exp(ETA) - 1, REALS, None),
    (sp.exp(ETA) - 1 - ETA, POSITIVE, 1),  # zero at the end 0, increasing (mean value theorem)
    (sp.exp(ETA) - 1 - ETA, REALS, None),  # zero at 0: not strictly positive
    (ETA - 1, sp.Interval.open(1, 2), 1),
    (ETA - 1, sp.Interval(1, 2), None),
    (ETA ** 2 - 2, sp.Interval.open(2, 3), 1),
    (ETA ** 2 - 2, POSITIVE, None),
    (sp.cos(ETA), sp.Interval.open(-1, 1), 1),
    (sp.cos(ETA), sp.Interval.open(-2, 2), None),
    (sp.log(ETA), sp.Interval.open(0, 1), -1),
    (sp.log(ETA), POSITIVE, None),
    (3 + 2 * sp.tanh(ETA), REALS, 1),
    (2 + 2 * sp.sin(ETA), REALS, None),  # zero at -pi/2
    (-sp.erfc(ETA), REALS, -1),
    # odd increasing functions keep the sign of their argument, where they are defined
    (sp.erfinv(ETA), sp.Interval.open(0, 1), 1),
    (sp.erfinv(ETA), sp.Interval.open(-1, 1), None),
    (sp.atan(ETA - 1), sp.Interval.open(1, 2), 1),
    (sp.asinh(-ETA), POSITIVE, -1),
    (sp.erfinv(ETA), POSITIVE, None),  # undefined for eta >= 1: no sign
    # constants SymPy cannot sign are taken apart like any other term
    (ETA + (-7 * sp.sqrt(sp.pi) * sp.exp(sp.erfinv(sp.Rational(1, 2)) ** 2) * sp.erfinv(sp.Rational(1, 2)) - 2)
     * sp.exp(-2 * sp.erfinv(sp.Rational(1, 2)) ** 2) - ETA, REALS, -1),
    (sp.erfinv(sp.Rational(1, 2)) - sp.Rational(1, 2) + 0 * ETA, REALS, None),  # mixed signs: not decided
])
def test_signs(expr, domain, sign):
    eta, context = _context(domain)
    flagged = expr.xreplace({ETA: eta})
    assert definedness.positive(flagged, context) is (sign == 1)
    assert definedness.negative(flagged, context) is (sign == -1)


# ------------------------------------------------------------------ the evaluator's error bounds

def _truth(expr: sp.Expr, digits: int = 250) -> mpmath.mpc:
    value = sp.N(expr, digits, strict=True, maxn=2000)
    with mpmath.workdps(digits + 10):
        return mpmath.mpc(str(sp.re(value)), str(sp.im(value)))


def _bound_holds(expr: sp.Expr, digits: int = DIGITS) -> tuple[object, object, mpmath.mpf]:
    value, error = Point(lambda key: 0, digits).value_and_error(expr)
    assert value is not None
    if isinstance(value, Fraction):
        value = mpmath.mpf(value.numerator) / value.denominator
    with mpmath.workdps(max(300, digits + 150)):
        actual = abs(mpmath.mpc(value) - _truth(expr, max(250, digits + 100)))
    return value, error, actual


with sp.evaluate(False):
    BOUNDED = [  # (expression, digits): the bound is known, and it must contain the 250-digit value
        (sp.exp(sp.Integer(700)), 40), (sp.exp(-sp.Integer(700)), 40), (sp.exp(sp.Integer(10) ** 6), 40),
        (sp.exp(R(1, 3)), 40), (sp.log(R(1, 10 ** 300)), 40), (sp.log(1 + R(1, 10 ** 30)), 40),
        (sp.log(sp.Integer(10) ** 300), 400),
        (sp.Pow(R(3, 2), 1000), 40), (sp.Pow(1 + R(1, 10 ** 20), 10 ** 7), 40),
        (sp.Pow(1 - R(1, 10 ** 20), -10 ** 7), 40), (sp.Pow(sp.pi, 64), 40), (sp.Pow(sp.pi, -64), 40),
        (sp.Pow(sp.E, 333), 40), (sp.Pow(R(7, 3), R(1, 3)), 40), (sp.Pow(sp.Integer(10) ** 300, R(1, 7)), 40),
        (sp.Pow(R(1, 10 ** 300), R(-5, 3)), 40), (sp.Pow(sp.pi, sp.pi), 40), (sp.Pow(sp.E, R(1, 10 ** 30)), 40),
        (sp.pi + R(1, 3), 40), (sp.pi * R(10 ** 30 + 1, 10 ** 30), 40),
        (sp.E - R(27182818284590452353602874713527, 10 ** 31), 40),
        (sp.erfinv(1 - R(1, 10 ** 30)), 100), (sp.erfinv(-1 + R(1, 10 ** 15)), 100), (sp.erf(sp.Integer(5)), 40),
        (sp.erfc(sp.Integer(27)), 40), (sp.erfc(-sp.Integer(5)), 40), (sp.tan(sp.pi / 2 - R(1, 10 ** 20)), 100),
        (sp.atanh(1 - R(1, 10 ** 30)), 100), (sp.asin(1 - R(1, 10 ** 30)), 100), (sp.acos(1 - R(1, 10 ** 30)), 100),
        (sp.atan(sp.Integer(10) ** 30), 100), (sp.asinh(-sp.Integer(10) ** 30), 100), (sp.tanh(R(1, 10 ** 30)), 40),
        (sp.sinh(R(1, 10 ** 30)), 40), (sp.cosh(sp.Integer(600)), 40), (sp.sin(sp.Integer(10) ** 20), 40),
        (sp.cos(sp.pi / 2 - R(1, 10 ** 30)), 40), (sp.gamma(R(1, 10 ** 10)), 40), (sp.loggamma(1 + R(1, 10 ** 30)), 40),
        (sp.gamma(-R(5, 2)), 40), (sp.gamma(-3 + R(1, 10 ** 20)), 40), (sp.loggamma(-R(7, 2)), 40),
        (sp.LambertW(R(1, 10 ** 30)), 40), (sp.cosh(sp.Integer(600)) ** 2 - sp.sinh(sp.Integer(600)) ** 2, 40),
        (sp.log(-2 + sp.I / sp.Integer(10) ** 30), 100), (sp.sqrt(-sp.Integer(3) + sp.I), 40),
        (sp.exp(sp.I * sp.Integer(10) ** 6), 40), (sp.sin(1 + sp.I / sp.Integer(10) ** 30), 40),
        (sp.Pow(-sp.Integer(10) ** 300, R(1, 3)), 40), (sp.Pow(-sp.E, R(1, 2)), 40),
        (sp.Float(R(1, 3), 100), 40), (sp.Float(R(2 ** 150 + 1, 2 ** 150), 80), 40),
        (sp.exp(sp.Float(R(1000, 3), 100)), 40), (sp.Pow(2, sp.Float(R(1, 3), 100)), 40),
    ]
    UNKNOWN_OR_BOUNDED = [  # mpmath loses relative accuracy here: the bound may be unknown, never too small
        sp.asinh(R(1, 10 ** 31) + sp.I / sp.Integer(10) ** 30), sp.atan(R(1, 10 ** 31) + sp.I / sp.Integer(10) ** 30),
        sp.asin(R(1, 10 ** 31) + sp.I / sp.Integer(10) ** 30), sp.atanh(R(1, 10 ** 31) + sp.I / sp.Integer(10) ** 30),
        sp.acos(1 + sp.I / sp.Integer(10) ** 30), sp.tan(sp.pi / 2 + sp.I / sp.Integer(10) ** 35),
        sp.tanh(sp.I * sp.pi / 2 + R(1, 10 ** 35)), sp.asinh(sp.sqrt(-sp.Integer(1)) / 10 ** 20),
        sp.atan(sp.Integer(10) ** 30), sp.log(sp.Integer(10) ** 300), sp.atanh(1 - R(1, 10 ** 30)),
        # the computed argument misses the pole at -3 by ~1e-37, the exact one by 1e-45
        sp.gamma(-3 + 1000 * sp.sin(sp.pi) + R(1, 10 ** 45)), sp.loggamma(-3 + 1000 * sp.sin(sp.pi) + R(1, 10 ** 45)),
    ]


@pytest.mark.parametrize("expr, digits", BOUNDED, ids=[f"{sp.sstr(e)[:40]}@{d}" for e, d in BOUNDED])
def test_error_bound_contains_the_true_value(expr, digits):
    value, error, actual = _bound_holds(expr, digits)
    assert error is not None, "a bound is known here"
    assert actual <= error, f"claimed error {mpmath.nstr(error, 5)}, actual {mpmath.nstr(actual, 5)}"


@pytest.mark.parametrize("digits", [40, 100])
@pytest.mark.parametrize("expr", UNKNOWN_OR_BOUNDED, ids=[sp.sstr(e)[:40] for e in UNKNOWN_OR_BOUNDED])
def test_error_bound_is_never_too_small(expr, digits):
    value, error, actual = _bound_holds(expr, digits)
    assert error is None or actual <= error, f"claimed error {mpmath.nstr(error, 5)}, actual {mpmath.nstr(actual, 5)}"


@pytest.mark.parametrize("digits", [40, 100, 400])
@pytest.mark.parametrize("value", [Fraction(1, 3), Fraction(-10 ** 30 - 1, 7), Fraction(1, 10 ** 300), Fraction(2 ** 200 + 1, 2 ** 100)])
def test_converted_fractions_carry_their_rounding(value, digits):
    """Fractions are exact; once mixed with an inexact value their conversion is counted in the bound."""
    x = sp.Symbol("x", real=True)
    point = Point(lambda key: value, digits)
    result, error = point.value_and_error(x + sp.pi)
    with mpmath.workdps(digits + 300):
        exact = mpmath.mpf(value.numerator) / value.denominator + mpmath.pi
        assert abs(result - exact) <= error


def test_huge_arguments_are_undefined_rather_than_slow():
    """exp of 10**8, erfc of exp(10**6) and sin of exp(10**6) have no value at any working precision."""
    with sp.evaluate(False):
        for expr in (sp.exp(sp.Integer(10) ** 8), sp.erfc(sp.exp(sp.Integer(10) ** 6)),
                     sp.sin(sp.exp(sp.Integer(10) ** 6)), sp.erf(-sp.exp(sp.Integer(2 * 10 ** 6)))):
            assert Point(lambda key: 0).value_and_error(expr) == (None, None)


# ------------------------------------------------------------------ evidence.compare

with mpmath.workdps(80):  # the sides are built beyond the comparison's own precision
    ONE, SMALL, BIG = mpmath.mpf(1), mpmath.mpf(10) ** -20, mpmath.mpf(10) ** 300
    COMPARISONS = [
        (((Fraction(1, 3), 0), (Fraction(1, 3), 0)), Verdict.AGREE),
        (((Fraction(1, 3), 0), (Fraction(1, 3) + Fraction(1, 10 ** 100), 0)), Verdict.DIFFER),
        (((ONE, SMALL), (ONE + 3 * SMALL, SMALL)), Verdict.UNSURE),  # gap 3e-20 <= 2 (1e-20 + 1e-20)
        (((ONE, SMALL), (ONE + 5 * SMALL, SMALL)), Verdict.DIFFER),  # gap 5e-20 > 4e-20
        (((ONE, None), (ONE + 1, SMALL)), Verdict.UNSURE),  # an unknown bound never differs
        (((ONE, SMALL ** 2), (ONE + SMALL ** 2, SMALL ** 2)), Verdict.AGREE),  # all below 1e-25 relative
        (((ONE, SMALL), (ONE, SMALL ** 2)), Verdict.UNSURE),  # agreeing values, bound not small enough
        (((BIG, BIG * SMALL), (BIG * (1 + 5 * SMALL), BIG * SMALL)), Verdict.DIFFER),
        (((BIG, BIG * SMALL ** 2), (BIG * (1 + SMALL ** 2), BIG * SMALL ** 2)), Verdict.AGREE),  # relative
        (((mpmath.mpc(1, 5 * SMALL), SMALL), (ONE, SMALL)), Verdict.DIFFER),  # a side off the real line
        (((Fraction(1), 0), (ONE + 3 * SMALL, SMALL)), Verdict.DIFFER),
        (((Fraction(1), 0), (ONE + SMALL, SMALL)), Verdict.UNSURE),
    ]
with mpmath.workdps(300):  # a third at 300 digits, exact to 1e-200: the exact 1/3 is rounded when compared
    THIRD = mpmath.mpf(1) / 3
    COMPARISONS += [
        (((Fraction(1, 3), 0), (THIRD, mpmath.mpf(10) ** -200)), Verdict.AGREE),
        (((THIRD, mpmath.mpf(10) ** -200), (Fraction(1, 3), 0)), Verdict.AGREE),
        (((Fraction(1, 3), 0), (THIRD + mpmath.mpf(10) ** -40, mpmath.mpf(10) ** -200)), Verdict.DIFFER),
    ]


@pytest.mark.parametrize("sides, verdict", COMPARISONS)
def test_compare_differs_only_beyond_the_errors(sides, verdict):
    assert compare(sides)[0] is verdict


def test_weigh_raises_the_precision_until_a_huge_cancellation_settles():
    """exp(700) (sin^2 + cos^2 - 1): at 40 digits the bound is ~1e265; at about 350 digits the sides agree."""
    with sp.evaluate(False):
        lhs = ETA + sp.exp(sp.Integer(700)) * (sp.sin(sp.pi / 7) ** 2 + sp.cos(sp.pi / 7) ** 2 - 1)
    point = Point(lambda key: Fraction(3, 2))
    assert compare((point.value_and_error(lhs), point.value_and_error(ETA)))[0] is Verdict.UNSURE
    verdict, a, b = weigh(lambda p: (p.value_and_error(lhs), p.value_and_error(ETA)), point)
    assert verdict is Verdict.AGREE
    false, _, _ = weigh(lambda p: (p.value_and_error(lhs + R(1, 10 ** 20)), p.value_and_error(ETA)), point)
    assert false is Verdict.DIFFER


Y = sp.Symbol("y", real=True)


@pytest.mark.parametrize("expr, defined", [
    (sp.Piecewise((Y * sp.log(Y), Y > 1), (0, True)), True),          # log(y) only where y > 1
    (sp.Piecewise((sp.log(Y - 2), Y > 1), (0, True)), False),          # y in (1, 2]: log of a non-positive number
    (sp.Piecewise((sp.log(Y), Y > 1)), False),                          # no branch for y <= 1
    (sp.Piecewise((1 / Y, Y >= 0), (0, True)), False),                  # y = 0 is in the branch: 1/0
    (sp.Piecewise((sp.sqrt(-Y), Y < 0), (sp.sqrt(Y), True)), False),   # the last branch must hold everywhere
])
def test_piecewise_branches_are_checked_where_their_conditions_hold(expr, defined):
    from symnet.proofs import definedness

    assert definedness.defined(expr) is defined


@pytest.mark.parametrize("layer", ["proofs", "catalog"])
def test_lower_layers_import_nothing_from_the_layers_above(layer):
    """The kernel and the catalog never import the render, document or command layers (not even lazily)."""
    import ast
    from pathlib import Path

    above = ("symnet.render", "symnet.documents", "symnet.cli", "symnet.api", "symnet.theorems")
    folder = Path(__file__).resolve().parents[1] / "src" / "symnet" / layer
    found = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
                     if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name}: {name}" for name in names if name.startswith(above)]
    assert found == []
