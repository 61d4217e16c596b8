"""Which GLM is my network?  `identify(activation=..., loss=...)` answers with checked proofs.

The family comes from the loss (loss = positive factor x NLL + constant, proven), the link from the
activation (or from the loss when it applies the inverse link to logits itself), then every theorem of
the pair is checked: forward equivalence, loss = NLL, score, information/IRLS, convexity.  A name that
is not in the catalog is bad input; a loss or activation that is no GLM gets the reason; never a guess.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass

import sympy as sp

from symnet.catalog.activations import ACTIVATIONS, Activation, find_activation
from symnet.catalog.domains import domain_text
from symnet.catalog.families import family_by_name
from symnet.catalog.symbols import ETA
from symnet.catalog.links import LINKS, Link, VectorLink
from symnet.catalog.losses import LOSSES, LibraryLoss, loss_by_name, loss_names, normalize_loss
from symnet.catalog.names import normalize, resolve
from symnet.errors import UnknownNameError
from symnet.grammar import with_article
from symnet.render.prose import text as tex_to_text
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
    unchecked: tuple[str, ...] = ()  # results the answer needs that no proof here settles

    @property
    def undecided(self) -> tuple[str, ...]:
        """What is not settled: results not checked, a canonical or convexity question left open, unproven proofs."""
        open_questions = list(self.unchecked)
        if self.glm and not self.unchecked:
            if self.canonical is None:
                open_questions.append("canonical or not (undecided)")
            if self.convex is None:
                open_questions.append("convexity of the loss (undecided)")
        return tuple(open_questions) + tuple(_flat(p.title) for p in self.proofs if not p.proven)

    @property
    def proven(self) -> bool:
        """Identified, every proof proven by the checker, and nothing left undecided."""
        return self.glm and bool(self.proofs) and all(p.proven for p in self.proofs) and not self.undecided

    def as_dict(self) -> dict:
        return {"activation": self.activation, "loss": self.loss, "glm": self.glm, "family": self.family,
                "link": self.link, "canonical": self.canonical, "convex": self.convex, "model": self.model,
                "reason": tex_to_text(self.reason), "notes": [tex_to_text(n) for n in self.notes], "proven": self.proven,
                "not_settled": list(self.undecided),
                "counterexample": dict(self.counterexample) or None,
                "proofs": [{"title": _flat(p.title), "status": p.status.value, "kind": p.derivation.info("kind")}
                           for p in self.proofs]}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2) + "\n"

    def to_text(self) -> str:
        proofs = ["Proofs:"] + [f"  [{_verdict(p)}] {_flat(p.title)}" for p in self.proofs]
        if not self.glm:
            return "\n".join([f"{self.activation} + {self.loss}: not a GLM.", f"Reason: {tex_to_text(self.reason)}"]
                             + (proofs if self.proofs else [])) + "\n"
        yes = {True: "yes", False: "no", None: "undecided" if not self.unchecked else "not checked"}
        family = family_by_name(self.family)
        lines = [f"{self.activation} + {self.loss}: {self.model}",
                 f"  family:    {family.title if family else self.family}", f"  link:      {self.link}",
                 f"  canonical: {yes[self.canonical]}", f"  convex:    {yes[self.convex]}"]
        if self.reason:
            lines.append(f"  note:      {tex_to_text(self.reason)}")
        if self.counterexample:
            lines.append("  non-convex at: " + ", ".join(f"{k} = {v}" for k, v in self.counterexample))
        lines += [f"  note: {tex_to_text(note)}" for note in self.notes]
        lines += proofs
        if self.undecided:
            lines += ["Not settled (exit status 1):"] + [f"  {item}" for item in self.undecided]
        return "\n".join(lines) + "\n"


def _verdict(proof: Proof) -> str:
    """A proof's status as a reader takes it: "No link undoes gelu" holds because its consequence is refuted."""
    if proof.derivation.info("kind") in ("collision", "not monotone") and proof.status.value == "refuted":
        return "proven: its consequence is refuted"
    return proof.status.value


def _flat(title: str) -> str:
    return tex_to_text(title)


def _loss(name: str) -> LibraryLoss:
    loss = loss_by_name(name)
    if loss is None:
        typed: dict[str, str] = {}
        for spelling in (spelling for one in LOSSES for spelling in one.spellings):
            typed.setdefault(normalize_loss(spelling), spelling)  # the first spelling of a name is shown
        close = difflib.get_close_matches(normalize_loss(name), list(typed), n=1, cutoff=0.6)
        hint = f" Did you mean {typed[close[0]]!r}?" if close else ""
        raise UnknownNameError(f"unknown loss {name!r}.{hint} Valid losses: {', '.join(loss_names())}")
    return loss


def _activation(name: str) -> Link | VectorLink | Activation | str:
    key = normalize(name).replace("keras.activations.", "")
    if key in NOT_INVERTIBLE:
        return NOT_INVERTIBLE[key]
    found = find_activation(name)
    if found is not None:
        return found
    try:
        return resolve(name)
    except UnknownNameError:
        valid = sorted({link.activation for link in LINKS} | {n for link in LINKS for n in link.names.keras}
                       | set(NOT_INVERTIBLE) | {a.name for a in ACTIVATIONS})
        close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise UnknownNameError(f"unknown activation {name!r}.{hint} Valid activations: {', '.join(valid)}") from None


def _outside_catalog(activation: Activation, name: str, loss: str, library_loss: LibraryLoss) -> Identification:
    """An activation symnet knows but no catalog link inverts: not one-to-one, or one-to-one branch by branch."""
    from symnet.proofs.activations import activation_proof

    proof = activation_proof(activation)
    if activation.kind != "bijection":
        a, b = activation.points
        why = (f"{activation.name} is not one-to-one ({activation.name}({a}) = {activation.name}({b}))"
               if activation.kind == "collision" else
               f"{activation.name} is not monotone (its derivative has opposite signs at {a} and {b}), hence not "
               "one-to-one")
        return Identification(name, loss, False, reason=f"{why}: no link g with g(h(eta)) = eta exists",
                              proofs=(proof,))
    if library_loss.not_likelihood:
        return Identification(name, loss, False, reason=f"{library_loss.name} is no negative log-likelihood of an "
                              f"exponential family: {library_loss.not_likelihood}", proofs=(proof,))
    if library_loss.inside_link:
        return Identification(name, loss, False, proofs=(proof,), reason=(
            f"{library_loss.name} applies its own inverse link to its input, so the activation must be linear"))
    family = family_by_name(library_loss.family)
    values = sp.Union(*(sp.imageset(sp.Lambda(ETA, branch.activation), branch.eta_domain)
                        for branch in activation.branches))
    if family.vector or not values.is_subset(family.mean_space):
        why = (f"{activation.name} takes values {domain_text('mu', values)}, but a {family.noun} mean lies in "
               f"{domain_text('mu', family.mean_space)}")
        return Identification(name, loss, False, reason=why, proofs=(proof,))
    from symnet.proofs.checker import check
    from symnet.proofs.losses import loss_theorem

    return Identification(
        name, loss, True, family.name, f"{activation.name}^-1 (branch by branch)", None, None,
        f"{family.noun} GLM with the inverse of {activation.name} as its link", proofs=(
            proof, check(loss_theorem(library_loss, family))),
        reason=(f"{activation.name} is one-to-one (proven branch by branch), so its inverse is the link; it is "
                "not a catalog link, so its score, IRLS and convexity are not checked"),
        unchecked=("canonical or not", "score", "information and IRLS", "convexity of the loss"))


def _link(name: str) -> Link | VectorLink:
    return next(link for link in LINKS if link.name == name)


def identify(activation: str, loss: str) -> Identification:
    """Identify the GLM of a no-hidden-layer network with this activation and this library loss."""
    library_loss = _loss(loss)
    log_softmax = normalize(activation).replace("torch.", "").replace("nn.", "").replace("_", "").replace("-", "") in (
        "logsoftmax", "logsoftmax()")
    if library_loss.name == "torch.NLLLoss":  # its input is log-probabilities: it applies no link itself
        if not log_softmax:
            return Identification(activation, loss, False, reason=(
                "torch.NLLLoss returns minus the input at the observed class: its input must be log-probabilities, "
                "so the network must end with nn.LogSoftmax (then it is the multinomial logit); with any other "
                "output it is no negative log-likelihood"))
        activation_for_link = "linear"
    elif log_softmax:
        return Identification(activation, loss, False, reason=(
            f"a LogSoftmax output gives log-probabilities, which only torch.NLLLoss takes; {library_loss.name} "
            "does not"))
    else:
        activation_for_link = activation
    found = _activation(activation_for_link)
    if isinstance(found, str):
        return Identification(activation, loss, False, reason=found)
    if isinstance(found, Activation):
        return _outside_catalog(found, activation, loss, library_loss)
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
        inside = ((f"the network ends with LogSoftmax and torch.NLLLoss takes minus its output at the observed "
                   "class: together they are the cross-entropy of the softmax outputs",)
                  if library_loss.name == "torch.NLLLoss" else
                  (f"the activation is linear: {library_loss.name} applies the inverse {link.name} link "
                   f"({link.activation}) to the logits itself",))
    else:
        inside = ()
    family = family_by_name(library_loss.family)
    if family.vector != isinstance(link, VectorLink):
        return Identification(activation, loss, False, reason=(
            f"{library_loss.name} is the {family.noun} likelihood, which needs "
            + ("softmax outputs" if family.vector else "a single output") + f"; {activation} does not give that"))
    notes = inside + library_loss.notes + ((family.note,) if family.note else ())
    return _identified(activation, loss, library_loss, family, link, notes)


def _identified(activation, loss, library_loss, family, link, notes) -> Identification:
    import symnet
    from symnet.proofs.checker import check
    from symnet.proofs.losses import loss_theorem

    model = MODEL_NAMES.get((family.name, link.name), f"{family.noun} GLM with the {link.title.lower()} link")
    if family.vector:
        from symnet.proofs.likelihood import softmax_theorems
        from symnet.proofs.multinomial import convexity_theorem, moments_theorem

        proofs = (symnet.prove(link.name), check(loss_theorem(library_loss, family)), check(moments_theorem()),
                  check(softmax_theorems(link)[0]), check(convexity_theorem()))
        convex = True if proofs[-1].proven else None
        return Identification(activation, loss, True, family.name, link.name, True, convex, model,
                              "canonical: the Hessian in the logits is diag(p) - p p^T, positive semi-definite "
                              "(singular along the common shift)", proofs, notes)
    if not link.mu_domain.is_subset(family.mean_space):
        notes += (f"{with_article(family.noun)} mean lies in {domain_text('mu', family.mean_space)}, while the {link.name} "
                  f"link allows {domain_text('mu', link.mu_domain)}: the theorems hold where the network's output "
                  f"lies in {domain_text('mu', sp.Intersection(family.mean_space, link.mu_domain))}",)
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
    convex_vector: bool | None = None  # softmax: the loss is convex in the logits (proven), no counterexample

    @property
    def convex(self) -> bool | None:
        return self.convex_vector if self.convexity is None else self.convexity.convex


def _multinomial_chain(link: VectorLink, loss: LibraryLoss | None) -> PairChain:
    """Softmax with the multinomial family: forward, loss = NLL, moments, score and information, convexity."""
    import symnet
    from symnet.proofs.checker import check
    from symnet.proofs.likelihood import softmax_theorems
    from symnet.proofs.losses import loss_theorem
    from symnet.proofs.multinomial import convexity_theorem, moments_theorem

    family = family_by_name("multinomial")
    losses = (loss,) if loss is not None else tuple(one for one in LOSSES if one.family == family.name)
    proofs = ((symnet.prove(link.name),) + tuple(check(loss_theorem(one, family)) for one in losses)
              + (check(moments_theorem()),) + tuple(check(t) for t in softmax_theorems(link))
              + (check(convexity_theorem()),))
    convex = True if proofs[-1].proven else None
    return PairChain(True, proofs, None, convex)


def pair_chain(family_name: str, link_name: str, loss: LibraryLoss | None = None) -> PairChain:
    """Forward equivalence, loss = NLL, canonical decision, score, information/IRLS, convexity."""
    import symnet
    from symnet.proofs.checker import check
    from symnet.proofs.convexity import convexity
    from symnet.proofs.canonical import decide_canonical
    from symnet.proofs.glm import information_theorem, pair, score_theorem
    from symnet.proofs.losses import loss_theorem

    family = family_by_name(family_name)
    if family is None:
        from symnet.catalog.families import FAMILIES

        valid = [f.name for f in FAMILIES]
        close = difflib.get_close_matches(family_name.strip().lower(), valid, n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise UnknownNameError(f"unknown family {family_name!r}.{hint} Valid families: {', '.join(valid)}")
    link = symnet.get_link(link_name)
    if family.vector != isinstance(link, VectorLink):
        raise UnknownNameError(f"the multinomial family pairs with softmax only, not with {link.name}" if family.vector else
                               f"softmax pairs with the multinomial family, not the {family.noun} family")
    if family.vector:
        return _multinomial_chain(link, loss)
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
