"""The public entry points that build and check proofs (the layer the CLI and documents call)."""

from __future__ import annotations

from symnet.catalog.links import LINKS, Link, VectorLink
from symnet.catalog.names import resolve
from symnet.errors import BadSizeError, parameter
from symnet.network import Network, validate_size
from symnet.proofs.budget import current
from symnet.proofs.checker import check
from symnet.proofs.forward import forward, inverse_lemma
from symnet.proofs.model import Proof
from symnet.proofs.softmax import forward_softmax


def get_link(name: str) -> Link | VectorLink:
    """The catalog link called `name` (canonical, R, statsmodels, Keras or PyTorch spelling)."""
    return resolve(name)


def links() -> tuple[Link | VectorLink, ...]:
    """Every link in the catalog, in catalog order."""
    return LINKS


_LEMMAS: dict[str, Proof] = {}


def inverse_lemma_proof(link_name: str) -> Proof:
    """g(h(eta)) = eta for a catalog link, checked once per process (a result cut short by a time budget is
    not remembered: the next call, with a fresh budget, checks it again)."""
    found = _LEMMAS.get(link_name)
    if found is None:
        found = check(inverse_lemma(resolve(link_name)))
        if not current().expired():
            _LEMMAS[link_name] = found
    return found


def network_for(link: Link | VectorLink, inputs: int | None, outputs: int | None) -> Network:
    """The network a proof is about; sizes are validated here, with messages for the CLI."""
    validate_size(inputs, "inputs")
    if link.vector:
        validate_size(outputs, "outputs")
        if outputs is not None and outputs < 2:
            raise BadSizeError(f"softmax needs at least 2 outputs ({parameter('outputs')} {outputs} was given)")
        return Network(inputs, outputs)
    if outputs not in (None, 1):
        raise BadSizeError(f"{parameter('outputs')} applies to softmax only: the {link.name} link has one "
                           f"output (use {parameter('outputs')} only with softmax, or omit it)")
    return Network(inputs, 1)


def prove_link(link: Link | VectorLink, inputs: int | None = None, outputs: int | None = None) -> Proof:
    """The forward theorem for a catalog link: the network is the GLM."""
    network = network_for(link, inputs, outputs)
    if isinstance(link, VectorLink):
        return check(forward_softmax(link, network))
    return check(forward(link, network, inverse_lemma_proof(link.name)))
