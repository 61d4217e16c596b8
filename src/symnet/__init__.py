"""symnet: machine-checked proofs that a neural network with no hidden layer is a GLM.

    >>> import symnet
    >>> proof = symnet.prove("logit")
    >>> proof.status.value
    'proven'

The package imports lazily (PEP 562): `import symnet` and the CLI's `--help`, `--version` and
argument errors do not import SymPy; the first use of a name below does.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from symnet.errors import SymnetError

__version__ = "0.1.0"

_LAZY = {
    "Link": "symnet.catalog.links", "VectorLink": "symnet.catalog.links",
    "Proof": "symnet.proofs.model", "Status": "symnet.proofs.model",
    "get_link": "symnet.theorems", "links": "symnet.theorems", "prove": "symnet.api",
    "glm_table": "symnet.crosscheck", "from_keras": "symnet.crosscheck",
}

if TYPE_CHECKING:  # pragma: no cover
    from symnet.api import prove
    from symnet.catalog.links import Link, VectorLink
    from symnet.proofs.model import Proof, Status
    from symnet.theorems import get_link, links


def __getattr__(name: str) -> Any:
    """Import the module that defines `name` on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'symnet' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


_RENDERER = "symnet.render.formats"  # the module that presents proofs (text, LaTeX, Markdown, JSON)


def present(form: str, proof: Any) -> str:
    """A Proof in one presentation form (`proof_text`, `proof_latex`, ...): the proof layer asks here,
    so it never imports the render layer above it."""
    return getattr(importlib.import_module(_RENDERER), form)(proof)


def identify(activation: str, loss: str):
    """Which GLM a no-hidden-layer network with this activation and library loss is (see symnet.identification)."""
    from symnet.identification import identify as _identify

    return _identify(activation=activation, loss=loss)


__all__ = ["Link", "Proof", "Status", "SymnetError", "VectorLink", "from_keras", "get_link", "glm_table", "identify",
           "links", "prove"]
