"""Why an activation outside the link catalog is (or is not) the inverse of a link, as checked proofs.

relu collides (relu(-1) = relu(-2)), gelu, silu and mish are not monotone: a link g with
g(h(eta)) = eta would force two different numbers to be equal, and the checker refutes that equation
at the evaluated points.  elu and leaky_relu are one-to-one: each branch of the link they imply is
proven to undo its branch of the activation.
"""

from __future__ import annotations

import sympy as sp

from symnet.catalog.activations import Activation, Branch
from symnet.catalog.domains import domain_tex
from symnet.catalog.heads import display_function
from symnet.catalog.symbols import ETA, MU
from symnet.catalog.notation import tex
from symnet.grammar import with_article
from symnet.proofs.checker import check
from symnet.proofs.forward import composition_chain
from symnet.proofs.model import Assumption, Chain, Definition, Derivation, Proof, Step


def _head(activation: Activation) -> sp.FunctionClass:
    return display_function(f"act_{activation.name}", activation.tex, activation.name)


def _meta(activation: Activation, kind: str) -> tuple:
    return (("kind", kind), ("link", activation.name), ("inputs", None), ("outputs", 1),
            ("inverse_expr", sp.sstr(activation.formula)))


def _collision(activation: Activation) -> Derivation:
    h, (a, b) = _head(activation), activation.points
    name, definitions = activation.name, (Definition(_head(activation), activation.h, f"the activation {activation.name}"),)
    lemma = check(Derivation(
        title=f"{name} takes the same value twice",
        statement=rf"${activation.tex}({tex(a)}) = {activation.tex}({tex(b)})$.",
        chains=(Chain((Step(h(a), h(b), f"evaluate both sides: {name} is constant for "
                                        f"{activation.flat or 'eta between them'}"),)),),
        variables=(), definitions=definitions, meta=(("kind", "collision"), ("link", name)),
    ))
    return Derivation(
        title=f"No link undoes {name}: it is not one-to-one",
        statement=(rf"Suppose a link $g$ undid {name}: $g({activation.tex}(\eta)) = \eta$ for every real $\eta$. "
                   rf"Then Lemma 1 gives ${tex(a)} = g({activation.tex}({tex(a)})) = "
                   rf"g({activation.tex}({tex(b)})) = {tex(b)}$, so a network with "
                   f"{with_article(name)} output is not a GLM with any link."),
        chains=(Chain((Step(a, b, r"apply $g$ to both sides of Lemma 1 and use $g(h(\eta)) = \eta$"),)),),
        variables=(), definitions=definitions, lemmas=(lemma,), meta=_meta(activation, "collision"),
    )


def _not_monotone(activation: Activation) -> Derivation:
    h, (a, b), name = _head(activation), activation.points, activation.name
    slope = display_function(f"act_{name}_prime", activation.tex + "'", name + "'")
    derivative = sp.diff(activation.formula, ETA)
    definitions = (Definition(h, activation.h, f"the activation {name}"),
                   Definition(slope, lambda value: derivative.xreplace({ETA: value}), f"the derivative of {name}"))
    return Derivation(
        title=f"No link undoes {name}: it is not monotone",
        statement=(rf"Suppose a link $g$ undid {name}: $g({activation.tex}(\eta)) = \eta$ for every real $\eta$. "
                   f"Then {name} is one-to-one, and a continuous one-to-one function on the real line is strictly "
                   rf"monotone, so its derivative keeps one sign: "
                   rf"$\operatorname{{sign}} {activation.tex}'({tex(a)}) = \operatorname{{sign}} "
                   rf"{activation.tex}'({tex(b)})$. Otherwise {name} takes some value twice (intermediate "
                   f"value theorem), and a network with {with_article(name)} output is not a GLM with any link."),
        chains=(Chain((Step(sp.sign(slope(a)), sp.sign(slope(b)),
                            "a strictly monotone function's derivative keeps one sign"),)),),
        variables=(), definitions=definitions, meta=_meta(activation, "not monotone"),
    )


def _branch_chains(activation: Activation, index: int, branch: Branch) -> tuple[tuple[Chain, ...], tuple, tuple]:
    g = display_function(f"g_{activation.name}_{index}", rf"g_{{{index}}}", f"g_{index}")
    h = display_function(f"h_{activation.name}_{index}", rf"h_{{{index}}}", f"h_{index}")
    definitions = (Definition(g, lambda v: branch.link.xreplace({MU: v}), f"branch {index} of the link"),
                   Definition(h, lambda v: branch.activation.xreplace({ETA: v}), f"branch {index} of {activation.name}"))
    eta = sp.Symbol(f"eta_{index}", real=True)
    mu = sp.Symbol(f"mu_{index}", real=True)
    names = (f"the link's branch $g_{index}$", f"the activation's branch $h_{index}$")
    chains = (
        composition_chain(g, h, lambda v: branch.link.xreplace({MU: v}), lambda v: branch.activation.xreplace({ETA: v}),
                          eta, eta, branch.eta_domain, names),
        composition_chain(h, g, lambda v: branch.activation.xreplace({ETA: v}), lambda v: branch.link.xreplace({MU: v}),
                          mu, mu, branch.mu_domain, names[::-1]),
    )
    variables = (Assumption(eta, branch.eta_domain, f"branch {index}"), Assumption(mu, branch.mu_domain, f"branch {index}"))
    return chains, variables, definitions


def _bijection(activation: Activation) -> Derivation:
    chains, variables, definitions = (), (), ()
    for index, branch in enumerate(activation.branches, start=1):
        more, where, named = _branch_chains(activation, index, branch)
        chains, variables, definitions = chains + more, variables + where, definitions + named
    pieces = ", ".join(rf"$g_{{{i}}}(\mu) = {tex(b.link)}$ for ${domain_tex(MU, b.mu_domain)}$"
                       for i, b in enumerate(activation.branches, start=1))
    image = sp.Union(*[b.mu_domain for b in activation.branches])
    return Derivation(
        title=f"{activation.name} is one-to-one: its link is piecewise",
        statement=(f"{activation.name} maps the real line one-to-one onto ${domain_tex(MU, image)}$; its link is "
                   f"{pieces}. Each branch of the link undoes the matching branch of {activation.name} and back, so "
                   f"a network with {with_article(activation.name)} output is the GLM with this piecewise link "
                   "(not in the catalog: each branch is proven separately)."),
        chains=chains, variables=variables, definitions=definitions,
        meta=_meta(activation, "bijection") + (("link_expr", "; ".join(sp.sstr(b.link) for b in activation.branches)),),
    )


def activation_proof(activation: Activation) -> Proof:
    """The checked answer for an activation outside the catalog (refuted, or proven branch by branch)."""
    build = {"collision": _collision, "not monotone": _not_monotone, "bijection": _bijection}[activation.kind]
    return check(build(activation))
