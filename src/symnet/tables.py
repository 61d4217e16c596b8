"""Tables printed from checked proofs: canonical links for every family/link pair, and identify answers."""

from __future__ import annotations

import json
from dataclasses import dataclass

# The pairs the README's identify table shows (activation, loss), as users type them.
IDENTIFY_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("sigmoid", "binary_crossentropy"), ("softmax", "categorical_crossentropy"),
    ("softmax", "sparse_categorical_crossentropy"), ("linear", "mse"), ("exponential", "poisson"),
    ("linear", "nn.BCEWithLogitsLoss"), ("linear", "torch.nn.CrossEntropyLoss"), ("sigmoid", "mse"),
    ("probit", "binary_crossentropy"), ("elu", "mse"),
    ("relu", "mse"), ("gelu", "mse"), ("linear", "hinge"), ("linear", "log_cosh"), ("linear", "huber"),
)


@dataclass(frozen=True)
class CanonicalRow:
    """One family/link pair: canonical (True/False/None) and the status of the proof that decides it."""

    family: str
    link: str
    canonical: bool | None
    status: str
    title: str


def canonical_table() -> tuple[CanonicalRow, ...]:
    """Every scalar family with every scalar link, canonical or not, each decided by a checked proof."""
    from symnet.proofs.budget import BudgetExceeded, current
    from symnet.proofs.canonical import decide_canonical
    from symnet.proofs.glm import pairs

    rows = []
    for p in pairs():
        if current().expired():  # the rest would be unproven anyway: say the budget ran out, now
            raise BudgetExceeded
        canonical, proof = decide_canonical(p)
        rows.append(CanonicalRow(p.family.name, p.link.name, canonical, proof.status.value, proof.title))
    return tuple(rows)


def canonical_text(rows: tuple[CanonicalRow, ...]) -> str:
    """A family x link grid: C canonical, . not canonical, ? undecided."""
    families = list(dict.fromkeys(r.family for r in rows))
    links = list(dict.fromkeys(r.link for r in rows))
    mark = {True: "C", False: ".", None: "?"}
    cell = {(r.family, r.link): mark[r.canonical] for r in rows}
    width = max(len(f) for f in families) + 2
    lines = ["canonical iff g'(mu) V(mu) is constant (C canonical, . not, ? undecided); every cell is a "
             "checked proof; for a link with a parameter (power: mu^lambda) '.' holds at the parameter value its "
             "proof names, not for every value", ""]
    for link in links:
        lines.append(f"{link:>18}  " + "  ".join(cell[(f, link)].center(width) for f in families))
    lines.insert(2, " " * 20 + "  ".join(f.center(width) for f in families))
    return "\n".join(lines) + "\n"


def canonical_json(rows: tuple[CanonicalRow, ...]) -> str:
    return json.dumps([r.__dict__ for r in rows], indent=2) + "\n"


def identify_markdown() -> str:
    """The README table: one row per example pair, printed from `identify`."""
    from symnet.identification import identify

    lines = ["| activation | loss | family | link | canonical | convex | model |", "|---|---|---|---|---|---|---|"]
    for activation, loss in IDENTIFY_EXAMPLES:
        r = identify(activation=activation, loss=loss)
        if r.glm:
            from symnet.catalog.families import family_by_name

            family = family_by_name(r.family).title.split(" (")[0]
            yes = {True: "yes", False: "no", None: "not checked" if r.unchecked else "undecided"}
            lines.append(f"| `{activation}` | `{loss}` | {family} | {r.link} | {yes[r.canonical]} | "
                         f"{yes[r.convex]} | {r.model}{'' if r.proven else ' (exit 1: not all settled)'} |")
        else:
            lines.append(f"| `{activation}` | `{loss}` | - | - | - | - | not a GLM (exit 1) |")
    return "\n".join(lines) + "\n"
