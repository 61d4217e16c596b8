"""Which GLM is my network?  `identify(activation=..., loss=...)` answers with checked proofs.

The family comes from the loss (loss = positive factor x NLL + constant, proven), the link from the
activation (or from the loss when it applies the inverse link to logits itself), then every theorem of
the pair is checked: forward equivalence, loss = NLL, score, information/IRLS, convexity.  A name that
is not in the catalog is bad input; a loss or activation that is no GLM gets the reason; never a guess.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sympy as sp

from symnet.catalog.families import family_by_name
from symnet.catalog.links import LINKS, Link, VectorLink
from symnet.catalog.losses import LibraryLoss, loss_by_name, loss_names
from symnet.catalog.names import normalize, resolve
from symnet.errors import UnknownNameError
from symnet.proofs.model import Proof

MODEL_NAMES = {
    ("bernoulli", "logit"): "logistic regression",
    ("bernoulli", "probit"): "probit regression",
    ("bernoulli", "cloglog"): "complementary log-log regression",
    ("bernoulli", "identity"): "linear probability model",
    ("gaussian", "identity"): "OLS / linear regression",
    ("poisson", "log"): "Poisson regression",
    ("gamma", "inverse"): "Gamma regression (canonical inverse link)",
    ("gamma", "log"): "Gamma regression (log link)",
    ("inverse_gaussian", "inverse_squared"): "inverse Gaussian regression",
    ("negative_binomial", "log"): "negative binomial regression",
    ("multinomial", "softmax"): "multinomial logit (softmax regression)",
}
NOT_INVERTIBLE = {
    "relu": "relu is not invertible: relu(-1) = relu(-2) = 0, so no link g with g(h(eta)) = eta exists",
    "relu6": "relu6 is not invertible: relu6(-1) = relu6(-2) = 0 and relu6(7) = relu6(8) = 6",
}


@dataclass(frozen=True)
class Identification:
    """The answer: family, link, canonical, convex, the statisticians' name, and the checked proofs."""

    activation: str
    loss: str
    glm: bool
    family: str | None = None
    link: str | None = None
    canonical: bool | None = None
    convex: bool | None = None
    model: str | None = None
    reason: str = ""
    proofs: tuple[Proof, ...] = ()
    notes: tuple[str, ...] = ()
    counterexample: tuple[tuple[str, str], ...] = ()

    @property
    def proven(self) -> bool:
        """Identified, and every proof proven by the checker."""
        return self.glm and bool(self.proofs) and all(p.proven for p in self.proofs)

    def as_dict(self) -> dict:
        return {"activation": self.activation, "loss": self.loss, "glm": self.glm, "family": self.family,
                "link": self.link, "canonical": self.canonical, "convex": self.convex, "model": self.model,
                "reason": self.reason, "notes": list(self.notes),
                "counterexample": dict(self.counterexample) or None,
                "proofs": [{"title": p.title, "status": p.status.value, "kind": p.derivation.info("kind")}
                           for p in self.proofs]}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2) + "\n"

    def to_text(self) -> str:
        if not self.glm:
            return f"{self.activation} + {self.loss}: not a GLM.\nReason: {self.reason}\n"
        yes = {True: "yes", False: "no", None: "undecided"}
        lines = [f"{self.activation} + {self.loss}: {self.model}",
                 f"  family:    {self.family}", f"  link:      {self.link}",
                 f"  canonical: {yes[self.canonical]}", f"  convex:    {yes[self.convex]}"]
        if self.reason:
            lines.append(f"  note:      {self.reason}")
        if self.counterexample:
            lines.append("  non-convex at: " + ", ".join(f"{k} = {v}" for k, v in self.counterexample))
        lines += [f"  note: {note}" for note in self.notes]
        lines.append("Proofs:")
        lines += [f"  [{p.status.value}] {_flat(p.title)}" for p in self.proofs]
        return "\n".join(lines) + "\n"


def _flat(title: str) -> str:
    return title.replace("$", "").replace("\\top", "T").replace("^\\top", "^T").replace("\\", "")


def _loss(name: str) -> LibraryLoss:
    loss = loss_by_name(name)
    if loss is None:
        raise UnknownNameError(f"unknown loss {name!r}. Valid losses: {', '.join(loss_names())}")
    return loss


def _activation(name: str) -> Link | VectorLink | str:
    key = normalize(name).replace("keras.activations.", "")
    if key in NOT_INVERTIBLE:
        return NOT_INVERTIBLE[key]
    try:
        return resolve(name)
    except UnknownNameError:
        valid = sorted({link.activation for link in LINKS} | {n for link in LINKS for n in link.names.keras}
                       | set(NOT_INVERTIBLE))
        raise UnknownNameError(f"unknown activation {name!r}. Valid activations: {', '.join(valid)}") from None


def _link(name: str) -> Link | VectorLink:
    return next(link for link in LINKS if link.name == name)


def identify(activation: str, loss: str) -> Identification:
    """Identify the GLM of a no-hidden-layer network with this activation and this library loss."""
    library_loss = _loss(loss)
    found = _activation(activation)
    if isinstance(found, str):
        return Identification(activation, loss, False, reason=found)
    if library_loss.not_likelihood:
        return Identification(activation, loss, False, reason=f"{library_loss.name} is no negative log-likelihood "
                              f"of an exponential family: {library_loss.not_likelihood}")
    link = found
    if library_loss.inside_link:
        if link.name != "identity":
            return Identification(activation, loss, False, reason=(
                f"{library_loss.name} applies the inverse {library_loss.inside_link} link to its input (logits), "
                f"so the activation must be linear; {activation} composed with it is no catalog link"))
        link = _link(library_loss.inside_link)
        inside = (f"the activation is linear: {library_loss.name} applies the inverse {link.name} link "
                  f"({link.activation}) to the logits itself",)
    else:
        inside = ()
    family = family_by_name(library_loss.family)
    if family.vector != isinstance(link, VectorLink):
        return Identification(activation, loss, False, reason=(
            f"{library_loss.name} is the {family.title} likelihood, which needs "
            + ("softmax outputs" if family.vector else "a single output") + f"; {activation} does not give that"))
    notes = inside + library_loss.notes + ((family.note,) if family.note else ())
    return _identified(activation, loss, library_loss, family, link, notes)


def _identified(activation, loss, library_loss, family, link, notes) -> Identification:
    import symnet
    from symnet.proofs.checker import check
    from symnet.proofs.losses import loss_theorem

    model = MODEL_NAMES.get((family.name, link.name), f"{family.title} GLM with the {link.title.lower()} link")
    if family.vector:
        from symnet.proofs.likelihood import softmax_theorems
        from symnet.proofs.multinomial import convexity_theorem, moments_theorem

        proofs = (symnet.prove(link.name), check(loss_theorem(library_loss, family)), check(moments_theorem()),
                  check(softmax_theorems(link)[0]), check(convexity_theorem()))
        convex = True if proofs[-1].proven else None
        return Identification(activation, loss, True, family.name, link.name, True, convex, model,
                              "canonical: the Hessian in the logits is diag(p) - p p^T, positive semi-definite "
                              "(singular along the common shift)", proofs, notes)
    chain = pair_chain(family.name, link.name, library_loss)
    canonical = chain.canonical
    reason = ""
    if not canonical and link.canonical_family and link.canonical_family != family.name:
        reason = (f"a valid GLM, but not the canonical pair: the {link.title.lower()} link is canonical for the "
                  f"{link.canonical_family} family"
                  + (f" (so this is not {MODEL_NAMES[(link.canonical_family, link.name)]})"
                     if (link.canonical_family, link.name) in MODEL_NAMES else ""))
    return Identification(activation, loss, True, family.name, link.name, canonical, chain.convexity.convex,
                          model, reason, chain.proofs, notes, chain.convexity.point)


@dataclass(frozen=True)
class PairChain:
    """Every checked theorem of one family/link pair, in reading order."""

    canonical: bool | None
    proofs: tuple[Proof, ...]
    convexity: object


def pair_chain(family_name: str, link_name: str, loss: LibraryLoss | None = None) -> PairChain:
    """Forward equivalence, loss = NLL, canonical decision, score, information/IRLS, convexity."""
    import symnet
    from symnet.catalog.losses import LOSSES
    from symnet.proofs.checker import check
    from symnet.proofs.convexity import convexity
    from symnet.proofs.canonical import decide_canonical
    from symnet.proofs.glm import information_theorem, pair, score_theorem
    from symnet.proofs.losses import loss_theorem

    family = family_by_name(family_name)
    if family is None or family.vector:
        raise UnknownNameError(f"unknown scalar family {family_name!r}")
    link = symnet.get_link(link_name)
    if isinstance(link, VectorLink):
        raise UnknownNameError("softmax pairs with the multinomial family: use 'symnet prove softmax'")
    p = pair(family, link)
    decided, canonical = decide_canonical(p)
    result = convexity(p, bool(decided))
    proofs = [symnet.prove(link.name)]
    if loss is None:
        proofs += [check(loss_theorem(one, family)) for one in LOSSES if one.family == family.name]
    else:
        proofs.append(check(loss_theorem(loss, family)))
    proofs += [canonical, check(score_theorem(p, bool(decided))), check(information_theorem(p, bool(decided)))]
    if result.proof is not None:
        proofs.append(result.proof)
    return PairChain(decided, tuple(proofs), result)
