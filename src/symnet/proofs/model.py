"""Proof records.  A Derivation is what a theorem builder writes; only the checker turns it into a
Proof with a status (the LCF idea: nothing outside `proofs.checker` can mint a proven Proof)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import sympy as sp

from symnet.proofs import seal


class Status(str, Enum):
    """The three outcomes of checking: only PROVEN may ever be printed with QED."""

    PROVEN = "proven"
    REFUTED = "refuted"
    UNPROVEN = "unproven"


@dataclass(frozen=True)
class Assumption:
    """`subject` lies in `domain`: a variable's domain, or a condition on an expression."""

    subject: sp.Basic
    domain: sp.Set
    text: str = ""


@dataclass(frozen=True)
class Definition:
    """A name the proof introduces (y-hat, logit, softmax ...), unfolded to its formula when checking."""

    head: Any  # an undefined sympy Function class, or a Symbol
    unfold: Callable[..., sp.Expr] | sp.Expr
    text: str = ""
    # the formula `unfold` evaluates and its variables, when it is one expression: applied as written by
    # substitution (g(h(eta)) as written needs no evaluation of g on a placeholder)
    written: tuple[sp.Expr, tuple[sp.Symbol, ...]] | None = None

    @property
    def names_a_value(self) -> bool:
        """True for y-hat and beta (cheap to unfold); False for function names such as logit."""
        return isinstance(self.head, (sp.Symbol, sp.Indexed, sp.IndexedBase))


@dataclass(frozen=True)
class Step:
    """One equation `lhs = rhs` with its reason in words.

    An instance step cites claim `lemma_claim` of a proven `lemma`, with `substitution` applied.
    """

    lhs: sp.Expr
    rhs: sp.Expr
    reason: str
    lemma: "Proof | None" = None
    lemma_claim: int = 0
    substitution: tuple[tuple[sp.Basic, sp.Expr], ...] = ()


@dataclass(frozen=True)
class Chain:
    """lhs = ... = rhs through consecutive steps; `group`/`label` let renderers show one of many."""

    steps: tuple[Step, ...]
    group: str = ""
    label: str = ""

    @property
    def lhs(self) -> sp.Expr:
        return self.steps[0].lhs

    @property
    def rhs(self) -> sp.Expr:
        return self.steps[-1].rhs


@dataclass(frozen=True)
class Derivation:
    """An unchecked proof: the claims, their assumptions and the chains of steps that establish them."""

    title: str
    statement: str
    chains: tuple[Chain, ...]
    variables: tuple[Assumption, ...]
    conditions: tuple[Assumption, ...] = ()
    definitions: tuple[Definition, ...] = ()
    lemmas: tuple["Proof", ...] = ()
    identification: tuple[tuple[sp.Expr, sp.Expr], ...] = ()
    notes: tuple[str, ...] = ()
    meta: tuple[tuple[str, Any], ...] = ()

    @property
    def claims(self) -> tuple[tuple[sp.Expr, sp.Expr], ...]:
        return tuple((chain.lhs, chain.rhs) for chain in self.chains)

    def info(self, key: str, default: Any = None) -> Any:
        return dict(self.meta).get(key, default)


@dataclass(frozen=True)
class Counterexample:
    """A point where the two sides differ, with both values (>= 15 significant digits)."""

    point: tuple[tuple[str, str], ...]
    lhs_value: str
    rhs_value: str
    step: int
    chain: int
    difference: str = ""  # lhs - rhs: the values can agree in every digit shown and still certainly differ

    def as_dict(self) -> dict[str, Any]:
        return {"point": dict(self.point), "lhs": self.lhs_value, "rhs": self.rhs_value,
                "difference": self.difference, "chain": self.chain, "step": self.step}


@dataclass(frozen=True)
class StepVerdict:
    """How one step was checked: the method (or what failed), the numeric points, a counterexample.

    Its status is the one the checker issued for this very record (see `seal`); a hand-made or
    copied verdict reads as unproven.
    """

    outcome: Status
    method: str
    points: int
    counterexample: Counterexample | None = None

    @property
    def status(self) -> Status:
        return seal.issued_status(self, Status.UNPROVEN)


@dataclass(frozen=True)
class Proof:
    """A checked derivation.  Only `symnet.proofs.checker.check` issues one with a status.

    The status is computed by the checker when it issues the Proof and read back through the seal;
    it is not a field, so copying or editing a Proof cannot make it proven.
    """

    derivation: Derivation
    verdicts: tuple[tuple[StepVerdict, ...], ...]
    counterexample: Counterexample | None
    identification: tuple[StepVerdict, ...] = ()
    summary: str = ""  # what failed, for an unproven or refuted proof

    @property
    def status(self) -> Status:
        return seal.issued_status(self, Status.UNPROVEN)

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(step for chain in self.derivation.chains for step in chain.steps)

    @property
    def title(self) -> str:
        return self.derivation.title

    @property
    def proven(self) -> bool:
        return self.status is Status.PROVEN

    # Presentation is delegated to the render layer through the package's dispatcher (`symnet.present`):
    # this layer sits below the render layer and imports nothing from it.
    def to_latex(self) -> str:
        return _present("proof_latex", self)

    def to_markdown(self) -> str:
        return _present("proof_markdown", self)

    def to_text(self) -> str:
        return _present("proof_text", self)

    def to_json(self) -> str:
        return _present("proof_json", self)

    def _repr_latex_(self) -> str:
        return _present("proof_display_latex", self)

    def __repr__(self) -> str:
        return _present("proof_repr", self)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def _present(form: str, proof: Proof) -> str:
    """`proof` in one presentation form, by the renderer the package registers (see `symnet.present`)."""
    import symnet  # the package root, always loaded before any of its modules

    return symnet.present(form, proof)
