"""What the kernel knows at a point of a domain: signs of flagged symbols, stated facts, intervals.

Built once per derivation (`context_for`) and used as a cache key by the sign and definedness rules.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

import sympy as sp


@dataclass(frozen=True)
class Context:
    """What is known: flagged symbols carry their domain's sign; `positive_facts` are stated conditions.

    `interval` is (variable, domain) when the expression has one real variable on an interval, which
    enables the exact rules for rational functions and monotone functions.
    """

    positive_facts: frozenset = field(default_factory=frozenset)
    interval: tuple[sp.Symbol, sp.Interval] | None = None
    intervals: tuple[tuple[sp.Symbol, sp.Interval], ...] = ()  # every variable's interval, for one-variable terms
    nonzero_facts: frozenset = field(default_factory=frozenset)  # subject - c for a point c a domain leaves out

    def __hash__(self) -> int:  # a Context keys every sign cache; SymPy sets rebuild themselves to hash
        found = self.__dict__.get("_hash")
        if found is None:
            found = hash((self.positive_facts, self.interval, self.intervals, self.nonzero_facts))
            object.__setattr__(self, "_hash", found)
        return found


def context_for(flagged: dict, conditions: Iterable[tuple[sp.Expr, sp.Set]],
                variables: Iterable[tuple[sp.Symbol, sp.Set]]) -> Context:
    """A Context from flagged symbols, stated conditions (subject in domain) and variable domains."""
    return _context(tuple(flagged.items()), tuple(conditions), tuple(variables))


@functools.lru_cache(maxsize=1024)
def _context(flagged_items: tuple, conditions: tuple, variables: tuple) -> Context:
    """context_for on hashable arguments (every step of a derivation asks for the same one)."""
    flagged = dict(flagged_items)
    facts, nonzero_facts = set(), set()
    variables = list(variables)
    for subject, domain in list(conditions) + variables:  # every point of the domain satisfies these facts
        subject = subject.xreplace(flagged)
        pieces = domain.args if isinstance(domain, sp.Union) else (domain,)
        if not all(isinstance(piece, sp.Interval) for piece in pieces):
            continue
        low, high = domain.inf, domain.sup
        if low.is_finite and low not in domain:  # only strict bounds give positive facts
            facts.add(subject if low == 0 else sp.expand(subject - low))
        if high.is_finite and high not in domain:
            facts.add(-subject if high == 0 else sp.expand(high - subject))
        for piece in pieces:  # the points a union of intervals leaves out between its pieces
            for end in (piece.inf, piece.sup):
                if end.is_finite and low < end < high and end not in domain:
                    nonzero_facts.add(sp.expand(subject - end))
    interval = None
    real_variables = [(flagged.get(s, s), d) for s, d in variables if isinstance(d, sp.Interval)]
    if len(real_variables) == 1:
        interval = real_variables[0]
    return Context(frozenset(facts), interval, tuple(real_variables), frozenset(nonzero_facts))
