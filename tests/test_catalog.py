"""The catalog: one record per link, every spelling resolves, formulas match statsmodels numerically."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from symnet.catalog.links import LINKS, LibraryNames, Link, scalar_links
from symnet.catalog.names import normalize, resolve, spellings
from symnet.catalog.symbols import ALPHA, ETA, LAMBDA, MU
from symnet.errors import AmbiguousNameError, UnknownNameError
from tests.conftest import ALL_LINKS, SCALAR_LINKS

links_module = pytest.importorskip("statsmodels.genmod.families.links")
scipy_special = pytest.importorskip("scipy.special")


@pytest.mark.parametrize("link", ALL_LINKS)
def test_every_spelling_resolves_case_insensitively(link):
    for spelling in spellings(link):
        assert resolve(spelling) is link
        assert resolve(spelling.upper()) is link
        assert resolve(f"  {spelling.swapcase()} ") is link


def test_names_are_unique_across_the_catalog():
    owners: dict[str, str] = {}
    for link in LINKS:
        for spelling in spellings(link):
            key = normalize(spelling)
            assert owners.setdefault(key, link.name) == link.name, f"{spelling!r} names two links"


def test_unknown_name_lists_valid_names_and_a_close_match():
    with pytest.raises(UnknownNameError) as error:
        resolve("sigmod")
    message = str(error.value)
    assert "'sigmod'" in message and "sigmoid" in message
    for link in LINKS:
        assert link.name in message


def test_ambiguous_name_lists_candidates():
    a = Link(name="first", title="A", activation="shared", link=MU, inverse=ETA, mu_domain=sp.S.Reals,
             eta_range=sp.S.Reals, canonical_family=None, link_tex="a", activation_tex="a", names=LibraryNames())
    b = Link(name="second", title="B", activation="shared", link=MU, inverse=ETA, mu_domain=sp.S.Reals,
             eta_range=sp.S.Reals, canonical_family=None, link_tex="b", activation_tex="b", names=LibraryNames())
    with pytest.raises(AmbiguousNameError, match="first, second"):
        resolve("shared", catalog=(a, b))


@pytest.mark.parametrize("name, expected", [
    ("Logit", "logit"), ("sigmoid", "logit"), ("1/mu^2", "inverse_squared"), ("InverseSquared", "inverse_squared"),
    ("inverse", "inverse"), ("InversePower", "inverse"), ("cauchit", "cauchit"), ("Cauchy", "cauchit"),
    ("CLogLog", "cloglog"), ("LogLog", "loglog"), ("Sqrt", "sqrt"), ("Power", "power"),
    ("NegativeBinomial", "negative_binomial"), ("LogC", "logc"), ("linear", "identity"),
    ("exponential", "log"), ("softplus", "softplus"), ("softmax", "softmax"), ("nn.Softmax", "softmax"),
    ("torch.sigmoid", "logit"), ("Probit", "probit"), ("MNLogit", "softmax"),
])
def test_library_names(name, expected):
    assert resolve(name).name == expected


# ---------------------------------------------------------------- numeric values vs statsmodels

PARAMETER_VALUES = {LAMBDA: [0.5, 2.0, -1.0, -0.3, 1.7], ALPHA: [0.3, 1.0, 2.5]}


def _statsmodels_link(link: Link, parameters: dict):
    if not link.names.statsmodels:
        return None
    cls = getattr(links_module, link.names.statsmodels[0])
    if LAMBDA in parameters:
        return cls(power=parameters[LAMBDA])
    if ALPHA in parameters:
        return cls(alpha=parameters[ALPHA])
    return cls()


def _independent_forms(link: Link):
    """Closed forms written with numpy for links statsmodels lacks (softplus, atanh)."""
    if link.name == "softplus":
        return (lambda m: np.log(np.expm1(m)), lambda e: np.log1p(np.exp(e)), lambda m: 1 / (-np.expm1(-m)))
    if link.name == "atanh":  # tanh(eta) = 2 sigmoid(2 eta) - 1; atanh(mu) = log((1 + mu)/(1 - mu))/2
        return (lambda m: 0.5 * np.log((1 + m) / (1 - m)), lambda e: 2 / (1 + np.exp(-2 * e)) - 1,
                lambda m: 1 / (1 - m**2))
    return None


def _points(domain: sp.Set, rng: np.random.Generator, count: int = 50) -> np.ndarray:
    if domain == sp.S.Reals:
        return rng.uniform(-5, 5, count)
    low, high = float(domain.inf), float(domain.sup)
    if math.isinf(high) and math.isinf(low):
        return rng.uniform(-5, 5, count)
    if math.isinf(high):
        return low + np.exp(rng.uniform(-3, 2, count))
    if math.isinf(low):
        return high - np.exp(rng.uniform(-3, 2, count))
    return rng.uniform(low + 1e-3, high - 1e-3, count)


def _parameter_sets(link: Link):
    sets = [{}]
    for parameter in link.parameters:
        sets = [{**s, parameter.symbol: v} for s in sets for v in PARAMETER_VALUES[parameter.symbol]]
    return sets


@pytest.mark.parametrize("link", SCALAR_LINKS)
def test_g_inverse_and_derivative_match_independent_implementations(link):
    rng = np.random.default_rng(7)
    for parameters in _parameter_sets(link):
        reference = _statsmodels_link(link, parameters)
        forms = _independent_forms(link)
        assert reference is not None or forms is not None, f"no independent implementation for {link.name}"
        substitution = {s: sp.Float(v) for s, v in parameters.items()}
        modules = [{"erfinv": scipy_special.erfinv, "erf": scipy_special.erf}, "numpy"]
        g = sp.lambdify(MU, link.link.xreplace(substitution), modules)
        h = sp.lambdify(ETA, link.inverse.xreplace(substitution), modules)
        g_prime = sp.lambdify(MU, sp.diff(link.link, MU).xreplace(substitution), modules)
        mu = _points(link.mu_domain, rng)
        eta = _points(link.eta_range, rng)
        if forms is None:
            expected = (reference(mu), reference.inverse(eta), reference.deriv(mu))
        else:
            expected = (forms[0](mu), forms[1](eta), forms[2](mu))
        np.testing.assert_allclose(g(mu), expected[0], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(h(eta), expected[1], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(g_prime(mu), expected[2], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("link", SCALAR_LINKS)
def test_domains_are_stated(link):
    assert isinstance(link.mu_domain, sp.Set) and isinstance(link.eta_range, sp.Set)
    assert link.link.free_symbols <= {MU} | {p.symbol for p in link.parameters}
    assert link.inverse.free_symbols <= {ETA} | {p.symbol for p in link.parameters}
    if link.eta_range != sp.S.Reals:
        assert link.range_note, "a restricted eta range must say what it means for the network"


def test_catalog_covers_the_design_card():
    names = {link.name for link in LINKS}
    assert {"logit", "softmax", "identity", "log", "probit", "cauchit", "cloglog", "loglog", "logc", "inverse",
            "inverse_squared", "sqrt", "power", "negative_binomial", "softplus"} <= names
    assert len(scalar_links()) == len(LINKS) - 1


def test_no_activation_is_named_like_a_link():
    """symnet.prove resolves catalog links before it looks at the activation table: the names must not meet."""
    from symnet.catalog.activations import ACTIVATIONS
    from symnet.catalog.names import resolve

    for activation in ACTIVATIONS:
        for name in (activation.name, *activation.names):
            with pytest.raises(UnknownNameError):
                resolve(name)
