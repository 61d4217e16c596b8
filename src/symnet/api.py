"""`symnet.prove`: the one Python entry point for a proof (catalog links and custom links)."""

from __future__ import annotations

from symnet.errors import SymnetError, parameter
from symnet.proofs.model import Proof
from symnet.theorems import get_link, prove_link


def prove(link: str | None = None, inputs: int | None = None, outputs: int | None = None, *,
          activation: str | None = None, link_expr: str | None = None, eta_range: str = "real") -> Proof:
    """Prove that a no-hidden-layer network is the GLM with this link, and return the checked Proof.

    `link` is a catalog name (any spelling: "logit", "sigmoid", "Logit", "1/mu^2", ...).
    `inputs` omitted means a symbolic number n of inputs (one proof for every n).
    `outputs` is for softmax only (omitted: a symbolic number K of classes).
    `activation` (in eta) and `link_expr` (in mu) prove a user-written link; see symnet.custom.
    """
    if activation is not None or link_expr is not None:
        from symnet.custom import prove_custom

        if outputs is not None:
            raise SymnetError(f"{parameter('outputs')} applies to softmax only; a custom link has one output")
        return prove_custom(activation=activation, link_expr=link_expr, link=link, inputs=inputs,
                            eta_range=eta_range)
    if link is not None and outputs is None:
        from symnet.catalog.activations import find_activation

        answer = find_activation(link)
        if answer is not None:  # relu, gelu, elu, ...: the answer does not depend on the number of inputs
            from symnet.network import validate_size
            from symnet.proofs.activations import activation_proof

            validate_size(inputs, "inputs")
            return activation_proof(answer)
    if link is None:
        raise SymnetError(f"name a link, or give {parameter('activation')} and/or {parameter('link_expr')}")
    return prove_link(get_link(link), inputs, outputs)
