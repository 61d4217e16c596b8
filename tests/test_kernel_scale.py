"""The kernel at scale: sums with symbolic bounds, lemmas about whole vectors, wide layers, size limits.

Each speed-up of the kernel is a rule or an evaluation path of its own; these tests pin down that it
proves what it should and nothing it should not.
"""

from __future__ import annotations

import sympy as sp

import symnet
from symnet.layers import canonical_layout, indexed
from symnet.network import B, BIAS, I, KK, N, W, X, Network
from symnet.proofs.checker import check
from symnet.proofs.model import Assumption, Chain, Definition, Derivation, Status, Step
from symnet.proofs.polynomials import polynomial
from symnet.proofs.unfold import Unfolder
from tests.conftest import run_main

SIZES = (Assumption(N, sp.Range(1, sp.oo), "n"), Assumption(X, sp.S.Reals, "x"), Assumption(W, sp.S.Reals, "w"))


def _step(lhs, rhs, variables=SIZES, definitions=(), lemmas=(), **cited) -> Status:
    derivation = Derivation(title="t", statement="t", chains=(Chain((Step(lhs, rhs, "claimed", **cited),)),),
                            variables=variables, definitions=definitions, lemmas=lemmas)
    return check(derivation).status


def _sum(body, low=1, high=N):
    return sp.Sum(body, (I, low, high))


def test_sums_with_symbolic_bounds_by_linearity():
    assert _step(_sum(2 * W[I] * X[I] + X[I]), 2 * _sum(W[I] * X[I]) + _sum(X[I])) is Status.PROVEN
    assert polynomial(_sum(X[I])) == polynomial(sp.Sum(X[KK], (KK, 1, N)))  # the bound index is a placeholder


def test_sums_with_symbolic_bounds_that_differ_are_never_proven():
    assert _step(_sum(X[I]), _sum(X[I], high=N + 1)) is not Status.PROVEN
    assert _step(_sum(X[I]), _sum(X[I]) + X[1]) is Status.REFUTED
    assert _step(_sum(W[I] * X[I]), _sum(X[I] * X[I])) is not Status.PROVEN


def test_an_unchanged_subtree_unfolds_to_itself():
    a = sp.Add(X[1], _sum(W[I] * X[I]), evaluate=False)
    twin = sp.Add(X[1], _sum(W[I] * X[I]), evaluate=False)
    unfolder = Unfolder(())
    assert unfolder(a) is a and unfolder(twin) is twin


def test_fast_layer_atoms_are_sympys_own():
    assert canonical_layout(BIAS, W, X, False) and canonical_layout(B, W, X, True)
    made, fresh = indexed(W, 3, 17), W[3, 17]
    assert made == fresh and hash(made) == hash(fresh) and made.is_real
    network = Network(40, 3)
    eta = network.eta(2)
    assert eta == sp.Add(B[2], *[W[2, i] * X[i] for i in range(1, 41)])


def test_softmax_with_symbolic_inputs_and_many_outputs_is_proven():
    proof = symnet.prove("softmax", outputs=30)  # SymPy's cache no longer holds every eta: the old failure
    assert proof.proven, proof.summary
    assert len(proof.derivation.chains) == 29


def test_beyond_a_hundred_log_odds_one_chain_covers_every_class():
    proof = symnet.prove("softmax", outputs=5000)
    assert proof.proven, proof.summary
    assert len(proof.derivation.chains) == 1
    assert any(a.subject == KK and a.domain == sp.Range(1, 5000) for a in proof.derivation.variables)


def test_a_vector_instance_must_be_the_lemmas_claim():
    from symnet.catalog.names import resolve
    from symnet.proofs.softmax import ETA_X, eta_vector, log_odds_proof

    lemma = log_odds_proof(resolve("softmax"), 3)
    eta = eta_vector(3)
    yhat = sp.IndexedBase("yhat", real=True)
    network = Network(2, 3)
    from symnet.catalog.heads import SOFTMAX_OF

    definitions = (Definition(yhat, lambda j: SOFTMAX_OF(j, ETA_X, 3)), Definition(ETA_X, network.eta))
    variables = tuple(Assumption(*v) for v in network.variables())
    ratio = sp.log(yhat[1] / yhat[3])
    good = _step(ratio, ETA_X[1] - ETA_X[3], variables, definitions, (lemma,), lemma=lemma,
                 substitution=((eta, ETA_X), (KK, sp.Integer(1))))
    assert good is Status.PROVEN
    wrong_class = _step(ratio, ETA_X[2] - ETA_X[3], variables, definitions, (lemma,), lemma=lemma,
                        substitution=((eta, ETA_X), (KK, sp.Integer(1))))
    assert wrong_class is not Status.PROVEN
    outside = _step(sp.log(yhat[3] / yhat[3]), ETA_X[3] - ETA_X[3], variables, definitions, (lemma,),
                    lemma=lemma, substitution=((eta, ETA_X), (KK, sp.Integer(3))))
    assert outside is not Status.PROVEN  # k = K is not a class the lemma covers


def test_a_vector_of_complex_values_is_not_a_real_vector():
    from symnet.catalog.names import resolve
    from symnet.proofs.softmax import eta_vector, log_odds_proof

    lemma = log_odds_proof(resolve("softmax"), 3)
    fake = sp.IndexedBase("z", real=True)  # flagged real, but defined as imaginary numbers
    yhat = sp.IndexedBase("yhat", real=True)
    from symnet.catalog.heads import SOFTMAX_OF

    definitions = (Definition(yhat, lambda j: SOFTMAX_OF(j, fake, 3)), Definition(fake, lambda j: sp.I * j))
    status = _step(sp.log(yhat[1] / yhat[3]), fake[1] - fake[3], SIZES, definitions, (lemma,), lemma=lemma,
                   substitution=((eta_vector(3), fake), (KK, sp.Integer(1))))
    assert status is not Status.PROVEN


def test_sizes_that_cannot_finish_are_refused_naming_the_largest():
    result = run_main("prove", "logit", "--inputs", "400000")
    assert result.returncode == 2
    assert "largest accepted with 1 output is 109999 inputs" in result.stderr


def test_a_wide_logit_layer_is_proven():
    proof = symnet.prove("logit", inputs=3000)
    assert proof.proven, proof.summary
    assert all(v.points >= 20 for chain in proof.verdicts for v in chain)
