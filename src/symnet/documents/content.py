"""Everything a document says about one link, computed once and checked: the LinkReport."""

from __future__ import annotations

from dataclasses import dataclass

from symnet.catalog.families import Family, family_by_name
from symnet.catalog.links import Link, VectorLink
from symnet.proofs.checker import check
from symnet.proofs.likelihood import statistical_theorems
from symnet.proofs.model import Proof
from symnet.proofs.properties import LinkProperties, link_properties
from symnet.proofs.softmax import shift_invariance, two_class
from symnet.render.codeview import CodeView, forward_view, loss_view
from symnet.network import KK, Network
from symnet.render.printer import latex
from symnet.theorems import prove_link


@dataclass(frozen=True)
class LinkReport:
    """The checked results behind one link's article, handout section and slides."""

    link: Link | VectorLink
    forward: Proof
    properties: LinkProperties | None
    softmax: tuple[Proof, ...]
    statistics: tuple[Proof, ...]
    code: tuple[CodeView, ...]

    @property
    def family(self) -> Family | None:
        return family_by_name(self.link.paired_family) if self.link.paired_family else None

    @property
    def slug(self) -> str:
        return self.link.name.replace("_", "-")


def report(link: Link | VectorLink) -> LinkReport:
    """Build and check every proof about `link` (symbolic n: one proof for every network size)."""
    forward = prove_link(link)
    properties = None if isinstance(link, VectorLink) else link_properties(link)  # softmax: see `softmax`
    softmax = (check(shift_invariance(link)), check(two_class(link))) if isinstance(link, VectorLink) else ()
    statistics = tuple(check(d) for d in statistical_theorems(link))
    loss = loss_view(link)
    code = (forward_view(link),) + ((loss,) if loss else ())
    return LinkReport(link, forward, properties, softmax, statistics, code)


def network_equations(link: Link | VectorLink) -> tuple[str, str]:
    """(the network, the GLM) as LaTeX, printed from the catalog and the symbolic network."""
    if isinstance(link, VectorLink):
        network = Network(None, None)
        return (rf"\hat{{y}}_k = {latex(link.inverse)}, \qquad \eta_k = {latex(network.eta(KK))}",
                rf"{latex(link.link)} = {latex(network.glm_predictor(KK))}")
    network = Network(None, 1)
    return (rf"\hat{{y}} = h(\eta), \qquad \eta = {latex(network.eta())}, \qquad h(\eta) = {latex(link.inverse)}",
            rf"g(\mathrm{{E}}[y \mid x]) = {latex(network.glm_predictor())}, \qquad g(\mu) = {latex(link.link)}")
