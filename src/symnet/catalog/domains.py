"""Domains in words: the assumptions each proof states ("0 < mu < 1", "eta < 0", "eta real")."""

from __future__ import annotations

import functools
import re

import sympy as sp
import sympy.sets.handlers.issubset  # noqa: F401 - SymPy loads it on the first is_subset; load it here

REALS_TEX = r"\mathbf{R}"  # the real line; \mathbb would need amssymb, and fragments promise amsmath only


def _number(value: sp.Expr) -> str:
    """A bound as a reader writes it: e for Euler's number (SymPy prints E), oo for infinity."""
    return re.sub(r"\bE\b", "e", sp.sstr(value))


def domain_text(name: str, domain: sp.Set) -> str:
    """`name` in `domain`, written as a reader would write it."""
    if domain == sp.S.Reals:
        return f"{name} real"
    if isinstance(domain, sp.Union):
        return " or ".join(domain_text(name, part) for part in domain.args)
    if isinstance(domain, sp.Range):
        low = _number(domain.start)
        if domain.stop == sp.oo:
            return f"{name} >= {low} (integer)"
        return f"{low} <= {name} <= {_number(domain.stop - 1)} (integer)"
    if isinstance(domain, sp.FiniteSet):
        return f"{name} in {{{', '.join(_number(v) for v in domain.args)}}}"
    if isinstance(domain, sp.Interval):
        low, high = domain.inf, domain.sup
        left = "<" if domain.left_open else "<="
        right = "<" if domain.right_open else "<="
        if low == -sp.oo:
            return f"{name} {right} {_number(high)}"
        if high == sp.oo:
            return f"{name} {'>' if domain.left_open else '>='} {_number(low)}"
        return f"{_number(low)} {left} {name} {right} {_number(high)}"
    return f"{name} in {re.sub(r'Interval[.a-z]*', '', sp.sstr(domain))}"


def domain_tex(symbol: sp.Symbol, domain: sp.Set) -> str:
    """`symbol` in `domain` as LaTeX: 0 < \\mu < 1, \\eta < 0, \\eta \\in \\mathbf{R} (amsmath only)."""
    name = sp.latex(symbol)
    if domain == sp.S.Reals:
        return rf"{name} \in {REALS_TEX}"
    words = domain_text(name, domain)
    return words.replace(" or ", r" \text{ or } ").replace(">=", r"\geq").replace("<=", r"\leq").replace(
        "oo", r"\infty").replace(" (integer)", r"\text{ (integer)}")


def sympy_flags(domain: sp.Set) -> dict[str, bool]:
    """The strongest SymPy assumptions implied by a domain (the one place domains become flags)."""
    return dict(_flags(domain))


@functools.lru_cache(maxsize=1024)
def _flags(domain: sp.Set) -> tuple[tuple[str, bool], ...]:
    return tuple(_derived_flags(domain).items())


def _derived_flags(domain: sp.Set) -> dict[str, bool]:
    if isinstance(domain, sp.Range):  # positive from 1 up, non-negative from 0 up (never "not positive")
        start = domain.args[0]  # a symbolic end (Range(1, K)) leaves inf undecidable; the start is enough
        if not start.is_number or domain.args[2] != 1:
            return {"integer": True}
        if start >= 1:
            return {"integer": True, "positive": True}
        return {"integer": True, "nonnegative": True} if start >= 0 else {"integer": True}
    if domain.free_symbols:
        return {"real": True}
    if domain.is_subset(sp.Interval.open(0, sp.oo)):
        return {"positive": True}
    if domain.is_subset(sp.Interval.open(-sp.oo, 0)):
        return {"negative": True}
    if domain.is_subset(sp.Interval(0, sp.oo)):
        return {"nonnegative": True}
    if domain.is_subset(sp.Interval(-sp.oo, 0)):
        return {"nonpositive": True}
    if domain.is_subset(sp.S.Reals):
        flags = {"real": True}
        if domain.contains(0) is not sp.true:
            flags["nonzero"] = True
        return flags
    return {}
