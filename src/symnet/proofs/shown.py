"""Steps as a reader sees them: a step whose two sides print alike shows nothing, so it is merged.

The merge happens when a derivation is built, before it is checked: the merged step goes from the earlier
expression to the later one and is checked like any other, so every displayed equation is still checked and
each chain stays connected (each step starts where the previous one ended).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable

from symnet.catalog.notation import printed_alike
from symnet.proofs.model import Chain, Derivation, Step


def _join(first: Step, second: Step) -> Step:
    return Step(first.lhs, second.rhs, f"{first.reason}; {second.reason}")


def merged_steps(steps: Iterable[Step]) -> tuple[Step, ...]:
    """The steps with each one whose two sides print alike merged into the next (the next then starts from the
    earlier expression, the reasons joined with '; '), or into the previous one when it is the last.

    A step that cites a lemma is never merged (it is checked as an instance of exactly that lemma), and a chain
    of one step is left as it is."""
    out = list(steps)
    position = 0
    while len(out) > 1 and position < len(out):
        step = out[position]
        if step.lemma is None and printed_alike(step.lhs, step.rhs):
            if position + 1 < len(out) and out[position + 1].lemma is None:
                out[position:position + 2] = [_join(step, out[position + 1])]
                continue  # the merged step may print alike again: look at it once more
            if position + 1 == len(out) and out[position - 1].lemma is None:
                out[position - 1:position + 1] = [_join(out[position - 1], step)]
                position -= 1
                continue
        position += 1
    return tuple(out)


def merged_chain(chain: Chain) -> Chain:
    """`chain` with its steps merged as a reader sees them (`merged_steps`)."""
    steps = merged_steps(chain.steps)
    return chain if steps == chain.steps else Chain(steps, chain.group, chain.label)


def as_shown(builder: Callable[..., Derivation | None]) -> Callable[..., Derivation | None]:
    """A derivation builder whose chains come out merged as a reader sees them (`merged_chain`)."""

    @functools.wraps(builder)
    def build(*args, **kwargs):
        derivation = builder(*args, **kwargs)
        if derivation is None:
            return None
        chains = tuple(merged_chain(chain) for chain in derivation.chains)
        if chains == derivation.chains:
            return derivation
        return dataclasses.replace(derivation, chains=chains)

    return build
