"""Every property, for every scalar link: round trips, inverse derivative, monotonicity, CDFs."""

from __future__ import annotations

import pytest

from symnet.proofs.model import Status
from symnet.proofs.properties import link_properties
from tests.conftest import SCALAR_LINKS

DECREASING = {"inverse", "inverse_squared", "logc"}  # as in statsmodels' test_link.py


@pytest.mark.parametrize("link", SCALAR_LINKS)
def test_every_property_is_proven(link):
    result = link_properties(link)
    for proof in result.proofs:
        assert proof.status is Status.PROVEN, proof.to_text()
    assert result.monotone.status is Status.PROVEN, result.monotone
    kinds = {proof.derivation.info("kind") for proof in result.proofs}
    assert {"inverse-lemma", "inverse-lemma-mu", "derivative-rule"} <= kinds
    if link.cdf_of:
        assert "cdf" in kinds
    if link.special_cases:
        assert sum(1 for p in result.proofs if p.derivation.info("kind") == "special-case") == len(link.special_cases)


@pytest.mark.parametrize("link", SCALAR_LINKS)
def test_monotone_direction(link):
    direction = link_properties(link).monotone.direction
    if link.name == "power":
        assert "decreasing for lambda < 0" in direction and "increasing for lambda > 0" in direction
    elif link.name in DECREASING:
        assert direction == "strictly decreasing"
    else:
        assert direction == "strictly increasing"
