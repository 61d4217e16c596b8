"""Every family: its exponential-family form, mean b'(theta) and variance b''(theta), proven; true supports."""

from __future__ import annotations

import pytest
import sympy as sp

from symnet.catalog.families import FAMILIES, THETA, family_by_name, scalar_families
from symnet.catalog.symbols import MU, Y
from symnet.proofs.checker import check
from symnet.proofs.families import exponential_form_theorem, moments_theorem

SCALAR = [pytest.param(f, id=f.name) for f in scalar_families()]


@pytest.mark.parametrize("family", SCALAR)
def test_exponential_form_is_proven(family):
    assert check(exponential_form_theorem(family)).proven


@pytest.mark.parametrize("family", SCALAR)
def test_mean_and_variance_come_from_b(family):
    proof = check(moments_theorem(family))
    assert proof.proven
    # independent of the checker: differentiate b by SymPy, substitute theta(mu), compare numerically
    first = sp.diff(family.cumulant, THETA).xreplace({THETA: family.theta})
    second = sp.diff(family.cumulant, THETA, 2).xreplace({THETA: family.theta})
    values = {symbol: sp.Rational(3, 2) for symbol, _ in family.parameters}
    for mu in (sp.Rational(1, 3), sp.Rational(2, 5)):
        point = {MU: mu, **values}
        assert abs(sp.N(first.xreplace(point) - mu, 30)) < 1e-25
        assert abs(sp.N(second.xreplace(point) - family.variance.xreplace(point), 30)) < 1e-25


@pytest.mark.parametrize("family", SCALAR)
def test_theorems_state_the_whole_support(family):
    for derivation in (exponential_form_theorem(family),):
        (y_assumption,) = [a for a in derivation.variables if a.subject == Y]
        assert y_assumption.domain == family.y_domain
        if isinstance(family.y_domain, sp.Range):
            assert family.y_domain.sup == sp.oo  # counts: {0, 1, 2, ...}, never a sampling bound


def test_supports_are_the_true_ones():
    assert family_by_name("poisson").y_domain == sp.Range(0, sp.oo)
    assert family_by_name("negative_binomial").y_domain == sp.Range(0, sp.oo)
    assert family_by_name("bernoulli").y_domain == sp.FiniteSet(0, 1)
    assert family_by_name("binomial").name == "bernoulli"
    assert family_by_name("gamma").y_domain == sp.Interval.open(0, sp.oo)
    assert {f.name for f in FAMILIES} >= {"bernoulli", "gaussian", "poisson", "gamma", "inverse_gaussian",
                                          "negative_binomial", "multinomial", "tweedie"}


def test_multinomial_moments_and_convexity_are_proven():
    from symnet.proofs.multinomial import convexity_theorem, moments_theorem

    assert check(moments_theorem()).proven
    assert check(convexity_theorem()).proven
