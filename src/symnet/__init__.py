"""symnet: machine-checked proofs that a neural network with no hidden layer is a GLM.

    >>> import symnet
    >>> proof = symnet.prove("logit")
    >>> proof.status.value
    'proven'
"""

from __future__ import annotations

from symnet.catalog.links import Link, VectorLink
from symnet.errors import SymnetError
from symnet.proofs.model import Proof, Status
from symnet.theorems import get_link, links, prove_link

__version__ = "0.1.0"


def prove(link: str | None = None, inputs: int | None = None, outputs: int | None = None, *,
          activation: str | None = None, link_expr: str | None = None) -> Proof:
    """Prove that a no-hidden-layer network is the GLM with this link, and return the checked Proof.

    `link` is a catalog name (any spelling: "logit", "sigmoid", "Logit", "1/mu^2", ...).
    `inputs` omitted means a symbolic number n of inputs (one proof for every n).
    `outputs` is for softmax only (omitted: a symbolic number K of classes).
    `activation` (in eta) and `link_expr` (in mu) prove a user-written link; see symnet.custom.
    """
    if activation is not None or link_expr is not None:
        from symnet.custom import prove_custom

        return prove_custom(activation=activation, link_expr=link_expr, link=link, inputs=inputs)
    if link is None:
        raise SymnetError("name a link, or give an activation or a link expression")
    return prove_link(get_link(link), inputs, outputs)


def glm_table(*arguments, **keywords):
    """The GLM table (family, link, coefficients, SE, z, p, deviance, score) of a network's weights."""
    from symnet.crosscheck import glm_table as table

    return table(*arguments, **keywords)


def from_keras(*arguments, **keywords):
    """The GLM table of a Keras model whose only trainable layer is Dense with a GLM activation."""
    from symnet.crosscheck import from_keras as read

    return read(*arguments, **keywords)


__all__ = ["Link", "Proof", "Status", "SymnetError", "VectorLink", "from_keras", "get_link", "glm_table", "links", "prove"]
