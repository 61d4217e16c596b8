"""Soundness: wrong steps are refuted (with a counterexample that really is one), undecidable steps are
unproven, and nothing outside the checker can mint a proven Proof."""

from __future__ import annotations

import dataclasses
import mpmath
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symnet.catalog.links import scalar_links
from symnet.catalog.names import resolve
from symnet.catalog.symbols import ETA
from symnet.custom import prove_custom
from symnet.network import Network
from symnet.proofs.checker import check
from symnet.proofs.forward import forward, inverse_lemma, link_definitions
from symnet.proofs.model import Assumption, Chain, Derivation, Proof, Status, Step

X = sp.Symbol("x", positive=True)
PLAIN_LINKS = [link for link in scalar_links() if not link.parameters]


def _single_step(lhs, rhs, variables=(Assumption(ETA, sp.S.Reals),), definitions=()) -> Proof:
    return check(Derivation(title="test", statement="test", chains=(Chain((Step(lhs, rhs, "test"),)),),
                            variables=variables, definitions=definitions))


def _reevaluate(expr: sp.Expr, point: dict[str, str]) -> mpmath.mpf:
    values = {s: sp.Float(point[s.name], 50) for s in expr.free_symbols}
    return sp.N(expr.xreplace(values), 40)


def test_a_wrong_step_is_refuted_with_a_real_counterexample():
    logit = resolve("logit")
    g, h = logit.link_head, logit.activation_head
    proof = _single_step(g(h(ETA)), ETA + 1, definitions=link_definitions(logit))
    assert proof.status is Status.REFUTED
    point = dict(proof.counterexample.point)
    eta = sp.Float(point["eta"], 50)
    assert abs(sp.N(logit.g(logit.h(eta)), 40) - (eta + 1)) > 0.5


def test_a_correct_step_is_proven_and_its_negation_refuted():
    identity = sp.log(sp.exp(ETA))
    assert _single_step(identity, ETA).status is Status.PROVEN
    assert _single_step(identity, -ETA).status is Status.REFUTED


def test_undecided_is_unproven_not_proven():
    # W(x e^x) = x is true for x > 0, but SymPy 1.14 cannot reduce it: the honest answer is "unproven"
    proof = _single_step(sp.LambertW(X * sp.exp(X)), X, variables=(Assumption(X, sp.Interval.open(0, sp.oo)),))
    assert proof.status is Status.UNPROVEN
    assert proof.counterexample is None and proof.verdicts[0][0].points >= 20
    assert "unproven" in proof.to_text() and r"\rule{0.5em}" not in proof.to_latex()


def test_a_false_step_that_sympy_cannot_decide_is_refuted_numerically():
    proof = _single_step(sp.LambertW(X * sp.exp(X)), X + sp.Rational(1, 10**6),
                         variables=(Assumption(X, sp.Interval.open(0, sp.oo)),))
    assert proof.status is Status.REFUTED


def test_an_activation_outside_the_links_domain_is_not_a_match():
    # tan has period pi: g(h(eta)) = eta holds, but the means lie in (1, 2), outside cauchit's (0, 1)
    proof = prove_custom(activation="atan(eta)/pi + 3/2", link_expr=None, link="cauchit")
    assert proof.status is Status.REFUTED
    assert "eta = g(mu)" in dict(proof.counterexample.point)


def test_proofs_cannot_be_built_outside_the_checker():
    derivation = inverse_lemma(resolve("logit"))
    made_by_hand = Proof(derivation, (), None, (), "")
    assert made_by_hand.status is Status.UNPROVEN and not made_by_hand.proven
    issued = check(derivation)
    assert issued.status is Status.PROVEN
    assert dataclasses.replace(issued, summary="edited").status is Status.UNPROVEN


def test_a_forged_lemma_instance_is_not_accepted():
    logit = resolve("logit")
    lemma = check(inverse_lemma(logit))
    derivation = forward(logit, Network(None, 1), lemma)
    chain = derivation.chains[0]
    bad_first = Step(chain.steps[0].lhs, chain.steps[0].rhs + 1, chain.steps[0].reason, lemma=lemma,
                     substitution=chain.steps[0].substitution)
    forged = Derivation(**{**derivation.__dict__, "chains": (Chain((bad_first,)),)})
    assert check(forged).status is not Status.PROVEN


def test_a_lemma_cited_outside_its_domain_is_not_accepted():
    sqrt = resolve("sqrt")
    lemma = check(inverse_lemma(sqrt))
    derivation = forward(sqrt, Network(None, 1), lemma)
    unconditioned = Derivation(**{**derivation.__dict__, "conditions": ()})
    assert check(unconditioned).status is not Status.PROVEN


def test_a_proof_stating_a_refuted_lemma_is_not_proven():
    refuted_lemma = _single_step(sp.log(sp.exp(ETA)), ETA + 1)
    correct = Step(sp.log(sp.exp(ETA)), ETA, "fine")
    proof = check(Derivation(title="t", statement="t", chains=(Chain((correct,)),),
                             variables=(Assumption(ETA, sp.S.Reals),), lemmas=(refuted_lemma,)))
    assert proof.status is Status.REFUTED and proof.counterexample is not None


def test_a_broken_chain_is_not_proven():
    first = Step(sp.log(sp.exp(ETA)), ETA, "a")
    second = Step(ETA + 1, ETA + 1, "b")
    proof = check(Derivation(title="t", statement="t", chains=(Chain((first, second)),),
                             variables=(Assumption(ETA, sp.S.Reals),)))
    assert proof.status is Status.UNPROVEN


@pytest.mark.parametrize("link", [pytest.param(link, id=link.name) for link in PLAIN_LINKS])
def test_each_activation_with_its_own_link_is_proven(link):
    assert prove_custom(activation=sp.sstr(link.inverse), link_expr=None, link=link.name).status is Status.PROVEN


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PLAIN_LINKS), st.sampled_from(PLAIN_LINKS))
def test_pairing_is_proven_iff_the_functions_agree(activation_link, link):
    proof = prove_custom(activation=sp.sstr(activation_link.inverse), link_expr=None, link=link.name)
    if activation_link is link:
        assert proof.status is Status.PROVEN
        return
    assert proof.status is not Status.PROVEN
    if proof.status is Status.REFUTED:
        point = dict(proof.counterexample.point)
        eta = sp.Float(point["eta"], 50)
        left = sp.N(link.g(activation_link.h(eta)), 40)
        assert not (left.is_real and abs(left - eta) < 1e-20), "the counterexample must really be one"


_MUTATIONS = st.sampled_from(["constant", "function", "drop"])


def _mutate(expr: sp.Expr, kind: str, choice: int) -> sp.Expr | None:
    if kind == "constant":
        numbers = sorted({n for n in expr.atoms(sp.Number) if n != 0}, key=sp.default_sort_key)
        if not numbers:
            return expr + 1
        target = numbers[choice % len(numbers)]
        return expr.xreplace({target: target + 1})
    if kind == "function":
        functions = sorted(expr.atoms(sp.Function), key=sp.default_sort_key)
        if not functions:
            return sp.exp(expr)
        target = functions[choice % len(functions)]
        replacement = sp.tanh if target.func is not sp.tanh else sp.atan
        return expr.xreplace({target: replacement(*target.args)})
    adds = sorted((a for a in sp.preorder_traversal(expr) if isinstance(a, sp.Add)), key=sp.default_sort_key)
    if not adds:
        return expr / 2
    target = adds[choice % len(adds)]
    return expr.xreplace({target: sp.Add(*target.args[1:])})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PLAIN_LINKS), _MUTATIONS, st.integers(0, 10))
def test_mutated_activations_are_never_proven(link, kind, choice):
    mutated = _mutate(link.inverse, kind, choice)
    if mutated is None or sp.simplify(mutated - link.inverse) == 0:
        return
    proof = prove_custom(activation=sp.sstr(mutated), link_expr=None, link=link.name)
    assert proof.status is not Status.PROVEN
