"""The catalog as a listing (text table or JSON), printed from the link records."""

from __future__ import annotations

import json
from typing import Any

import sympy as sp

from symnet.catalog.domains import domain_text
from symnet.catalog.links import Link, VectorLink
from symnet.render.printer import latex, text


def link_record(link: Link | VectorLink) -> dict[str, Any]:
    names = link.names
    return {
        "name": link.name,
        "title": link.title,
        "activation": link.activation,
        "names": {"r": list(names.r), "statsmodels": list(names.statsmodels), "keras": list(names.keras),
                  "pytorch": list(names.pytorch), "other": list(names.other)},
        "link_expr": sp.sstr(link.link),
        "inverse_expr": sp.sstr(link.inverse),
        "link_latex": latex(link.link),
        "inverse_latex": latex(link.inverse),
        "mu_domain": domain_text("mu", link.mu_domain) + (" (each class; the means sum to 1)" if link.vector else ""),
        "eta_range": domain_text("eta", link.eta_range),
        "canonical_family": link.canonical_family,
        "parameters": [{"symbol": p.symbol.name, "domain": domain_text(p.symbol.name, p.domain),
                        "meaning": p.meaning} for p in link.parameters],
        "vector": link.vector,
    }


def listing_json(links: tuple[Link | VectorLink, ...]) -> str:
    return json.dumps([link_record(link) for link in links], indent=2, ensure_ascii=False) + "\n"


def listing_text(links: tuple[Link | VectorLink, ...]) -> str:
    lines = []
    for link in links:
        record = link_record(link)
        family = record["canonical_family"] or "none"
        lines.append(f"{link.name}  ({link.title}; activation: {link.activation}; canonical for: {family})")
        spelled = [f"{lib} {', '.join(v)}" for lib, v in (
            ("R", link.names.r), ("statsmodels", link.names.statsmodels), ("Keras", link.names.keras),
            ("PyTorch", link.names.pytorch), ("also", link.names.other)) if v]
        if spelled:
            lines.append("  names:   " + "; ".join(spelled))
        lines.append(f"  g(mu):   {text(link.link):<36}{record['mu_domain']}")
        lines.append(f"  g^-1:    {text(link.inverse):<36}{record['eta_range']}")
        for parameter in record["parameters"]:
            lines.append(f"  param:   {parameter['domain']}: {parameter['meaning']}")
        lines.append("")
    lines += activation_names(links)
    return "\n".join(lines)


def activation_names(links: tuple[Link | VectorLink, ...]) -> list[str]:
    """The activation names `symnet prove` accepts, and those it answers with a reason instead of a link."""
    from symnet.catalog.activations import ACTIVATIONS

    accepted = []
    for link in links:
        for name in (link.activation, *link.names.keras, *link.names.pytorch):
            if name not in accepted:
                accepted.append(name)
    answered = [a.name + (f" ({', '.join(a.names)})" if a.names else "") for a in ACTIVATIONS]
    return [f"Activations accepted by name: {', '.join(accepted)}",
            f"Answered with the reason they are or are not a link: {'; '.join(answered)}", ""]
