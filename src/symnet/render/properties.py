"""A link's properties (round trips, inverse-derivative rule, CDF, special cases, monotonicity)."""

from __future__ import annotations

import json

from symnet.catalog.phrases import link_phrase
from symnet.proofs.properties import LinkProperties
from symnet.render import formats, prose


def properties_text(result: LinkProperties) -> str:
    lines = [f"Properties of {link_phrase(result.link)}", ""]
    for proof in result.proofs:
        lines.append(f"[{proof.status.value}] {prose.text(proof.title)}")
        lines.append(f"    {prose.text(proof.derivation.statement)}")
        if proof.counterexample:
            lines.append(f"    {formats.status_sentence(proof)}")
    monotone = result.monotone
    if monotone is not None:
        lines.append(f"[{monotone.status.value}] g is {monotone.direction}")
        lines.append(f"    {monotone.method}")
    lines.append("")
    lines.append(f"Overall: {result.status.value}")
    return "\n".join(lines) + "\n"


def properties_json(result: LinkProperties) -> str:
    record = {
        "link": result.link.name,
        "status": result.status.value,
        "properties": [{"title": prose.text(p.title), "statement": prose.text(p.derivation.statement),
                        "status": p.status.value, "latex": formats.proof_latex(p),
                        "counterexample": p.counterexample.as_dict() if p.counterexample else None}
                       for p in result.proofs],
        "monotone": None if result.monotone is None else {
            "status": result.monotone.status.value, "direction": result.monotone.direction,
            "method": result.monotone.method},
    }
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"
