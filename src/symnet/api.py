"""`symnet.prove`: the one Python entry point for a proof (catalog links and custom links)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from typing import TypeVar

from symnet.errors import SymnetError, TimeBudgetError, parameter
from symnet.proofs.model import Proof
from symnet.theorems import get_link, prove_link

T = TypeVar("T")


DEFAULT_TIMEOUT = 60.0


def checked_timeout(timeout: float | None) -> float:
    """The time budget in seconds: a positive finite number (None means the default, 60 s)."""
    if timeout is None:
        return DEFAULT_TIMEOUT
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < float("inf"):
        raise SymnetError(f"{parameter('timeout')} must be a positive number of seconds, not {timeout!r}")
    return float(timeout)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for one call.  A large layer is millions of expression
    objects, which every collection would traverse again; they hold no reference cycles, and collection
    resumes when the call returns."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_within(timeout: float | None, what: str, work: Callable[[], T],
               progress: Callable[[str], None] | None = None) -> T:
    """`work()` under a time budget: checks that run out are unproven (time budget); anything else that
    runs out raises TimeBudgetError naming `what`."""
    from symnet.proofs.budget import Budget, BudgetExceeded, within

    seconds = checked_timeout(timeout)
    try:
        with within(Budget(seconds, progress)), collector_paused():
            return work()
    except BudgetExceeded:
        raise TimeBudgetError(f"the time budget of {seconds:g} s ran out while {what}; give more time with "
                              f"{parameter('timeout')}") from None


def prove(link: str | None = None, inputs: int | None = None, outputs: int | None = None, *,
          activation: str | None = None, link_expr: str | None = None, eta_range: str | None = None,
          timeout: float | None = DEFAULT_TIMEOUT, progress: Callable[[str], None] | None = None) -> Proof:
    """Prove that a no-hidden-layer network is the GLM with this link, and return the checked Proof.

    `timeout` (seconds, default 60) bounds the whole call: a step that runs out is unproven (time budget),
    and work outside the steps that runs out raises TimeBudgetError.  `progress` receives a message every
    few seconds of a long run.

    `link` is a catalog name (any spelling: "logit", "sigmoid", "Logit", "1/mu^2", ...).
    `inputs` omitted means a symbolic number n of inputs (one proof for every n).
    `outputs` is for softmax only (omitted: a symbolic number K of classes).
    `activation` (in eta) and `link_expr` (in mu) prove a user-written link; see symnet.custom.
    `eta_range` ("real", "positive" or "negative") is where a user-written link without a catalog `link` is
    proven, whole or not at all; omitted, an activation is proven for every real eta and a link where its
    values reach (stated in the proof); a catalog link brings its own range.
    """
    return run_within(timeout, "building the proof", lambda: _prove(link, inputs, outputs, activation, link_expr,
                                                                  eta_range), progress)


def _prove(link, inputs, outputs, activation, link_expr, eta_range) -> Proof:
    if eta_range is not None and (link is not None or (activation is None and link_expr is None)):
        raise SymnetError(f"{parameter('eta_range')} is for a user-written link without a catalog link; "
                          f"a catalog link brings its own range of eta")
    if activation is not None or link_expr is not None:
        from symnet.custom import prove_custom

        if outputs is not None:
            raise SymnetError(f"{parameter('outputs')} applies to softmax only; a custom link has one output")
        return prove_custom(activation=activation, link_expr=link_expr, link=link, inputs=inputs,
                            eta_range=eta_range)
    if link is not None and outputs is None and not _is_catalog_link(link):
        from symnet.catalog.activations import find_activation  # (no activation is named like a link)

        answer = find_activation(link)
        if answer is not None:  # relu, gelu, elu, ...: the answer does not depend on the number of inputs
            from symnet.network import validate_size
            from symnet.proofs.activations import activation_proof

            validate_size(inputs, "inputs")
            return activation_proof(answer)
    if link is None:
        raise SymnetError(f"name a link, or give {parameter('activation')} and/or {parameter('link_expr')}")
    return prove_link(get_link(link), inputs, outputs)


def _is_catalog_link(name: str) -> bool:
    try:
        get_link(name)
    except SymnetError:
        return False
    return True
