"""The forward theorem: a no-hidden-layer network with activation h = g^-1 is the GLM with link g.

Proven once on a scalar eta (the inverse lemma g(h(eta)) = eta), then lifted to the network by the
instance rule with eta = b + sum_i w_i x_i, for symbolic n or any concrete n.
"""

from __future__ import annotations

import sympy as sp

from symnet.catalog.domains import domain_tex, sympy_flags
from symnet.catalog.links import Link
from symnet.catalog.phrases import activation_parenthetical, link_heading, link_phrase, network_title
from symnet.catalog.symbols import ETA, MU
from symnet.catalog.notation import tex
from symnet.network import BETA, BIAS, I, W, Network
from symnet.proofs.checker import check
from symnet.proofs.model import Assumption, Chain, Definition, Derivation, Proof, Step
from symnet.proofs.shown import merged_steps
from symnet.proofs.written import rebuilt, substituted

YHAT = sp.Symbol(r"\hat{y}", real=True)


def link_definitions(link: Link) -> tuple[Definition, ...]:
    """g and h as named functions that the checker unfolds to the catalog formulas."""
    return (
        Definition(link.link_head, link.g, f"{link_phrase(link)} g", written=(link.link, (MU,))),
        Definition(link.activation_head, link.h, f"the activation h = g^-1 ({activation_parenthetical(link)})",
                   written=(link.inverse, (ETA,))),
    )


def parameter_variables(link: Link) -> tuple[Assumption, ...]:
    return tuple(Assumption(p.symbol, p.domain, p.meaning) for p in link.parameters)


def _outer_simplified(expr: sp.Expr, flags: dict) -> sp.Expr | None:
    """The composite with the arguments of its outermost function simplified (kept unevaluated)."""
    sign = 1
    core = expr
    coefficient, rest = core.as_coeff_Mul()
    if coefficient != 1 and isinstance(rest, sp.Function):
        sign, core = coefficient, rest
    if not isinstance(core, sp.Function) or len(core.args) != 1:
        return None
    back = {v: k for k, v in flags.items()}
    flagged = core.args[0].xreplace(flags)
    argument = sp.cancel(sp.powsimp(flagged))
    if sp.count_ops(argument) >= sp.count_ops(flagged) > 2:  # one function of a symbol is already simplest
        argument = sp.simplify(flagged)
    argument = argument.xreplace(back)
    if argument == core.args[0]:
        return None
    inner = core.func(argument, evaluate=False)
    return inner if sign == 1 else sp.Mul(sign, inner, evaluate=False)


def _through_sums(expr: sp.Basic, head: sp.Basic) -> bool:
    """`head` occurs in `expr` reached only through sums, products, powers and exponentials."""
    if expr == head:
        return True
    if isinstance(expr, (sp.Add, sp.Mul, sp.Pow, sp.exp)):
        return any(_through_sums(a, head) for a in expr.args)
    return False


def _one_fraction(expr: sp.Expr) -> sp.Expr:
    """`expr` as SymPy evaluates it, a sum written over one denominator as a textbook does
    (1 - 1/(1 + e^-eta) = e^-eta/(1 + e^-eta)); a nested fraction goes to its shortest simplified form."""
    if isinstance(expr, sp.Add):
        denominators = {f.base ** -f.exp for term in expr.args for f in sp.Mul.make_args(term)
                        if isinstance(f, sp.Pow) and f.exp.is_Integer and f.exp < 0}
        if denominators:
            common = sp.Mul(*denominators)
            return sp.expand(sp.Add(*[term * common for term in expr.args])) / common
        return expr
    if not any(isinstance(p, sp.Pow) and p.exp.is_negative and _has_fraction(p.base) for p in expr.atoms(sp.Pow)):
        return expr
    candidates = [sp.together(expr), sp.cancel(sp.powsimp(expr)), sp.simplify(expr)]
    return min(candidates, key=lambda e: (sp.count_ops(e), len(sp.srepr(e))))


def _has_fraction(expr: sp.Expr) -> bool:
    return any(isinstance(p, sp.Pow) and p.exp.is_negative for p in sp.preorder_traversal(expr))


def _spelled(expr: sp.Basic, head: sp.Basic, formula: sp.Expr, pieces: list) -> sp.Basic:
    """`expr` as written with `head` replaced by `formula`, each sum or product around `head` written over
    one denominator (recorded in `pieces` as (piece, its value)); numerator and denominator kept apart."""
    if not expr.has(head):
        return expr
    if expr == head:
        return formula
    if isinstance(expr, sp.Mul):
        denominators = [f for f in expr.args if isinstance(f, sp.Pow) and f.exp.is_negative]
        numerators = [f for f in expr.args if f not in denominators]
        if denominators and len(numerators) > 1:
            numerator = _spelled(sp.Mul(*numerators, evaluate=False), head, formula, pieces)
            return sp.Mul(numerator, *[_spelled(d, head, formula, pieces) for d in denominators], evaluate=False)
    if isinstance(expr, (sp.Add, sp.Mul)) and not any(isinstance(f, sp.Pow) and f.exp.is_negative and f.has(head)
                                                      for f in expr.args) \
            and any(_through_sums(a, head) for a in expr.args):
        value = _one_fraction(expr.xreplace({head: formula}))
        pieces.append((expr, value))
        return value
    return rebuilt(expr, tuple(_spelled(a, head, formula, pieces) for a in expr.args))


def _piece_text(pieces: list) -> str:
    return " and ".join(f"${tex(piece)} = {tex(value)}$" for piece, value in pieces)


def composition_chain(outer: sp.FunctionClass, inner: sp.FunctionClass, outer_formula, inner_formula,
                      variable: sp.Symbol, target: sp.Expr, domain: sp.Set, names: tuple[str, str],
                      parameters: tuple[Assumption, ...] = ()) -> Chain:
    """outer(inner(v)) = ... = target, one definition or simplification per step.

    When the outer formula has a sum around inner(v) (logit: 1 - sigma(eta)), the outer formula is
    substituted first, then the inner one with that sum written over one denominator, as a textbook does:
    logit(sigma) = log(sigma/(1 - sigma)), 1 - sigma = e^-eta/(1 + e^-eta), sigma/(1 - sigma) = e^eta."""
    flags = {variable: sp.Dummy(variable.name, **sympy_flags(domain))}
    flags.update({a.subject: sp.Dummy(a.subject.name, **sympy_flags(a.domain)) for a in parameters})
    composite = outer_formula(inner_formula(variable))
    named = substituted(outer_formula(variable), {variable: inner(variable)})
    pieces: list = []
    spelled = _spelled(named, inner(variable), inner_formula(variable), pieces)
    if pieces and spelled != composite:
        expressions = [outer(inner(variable)), named, spelled]
        reasons = [f"substitute the formula of {names[0]}",
                   f"substitute the formula of {names[1]}, with {_piece_text(pieces)}"]
        middle = _outer_simplified(spelled, flags)
    else:
        expressions = [outer(inner(variable)), outer(inner_formula(variable)), composite]
        evaluated = "; SymPy evaluates the composition" if composite == target else ""
        reasons = [f"substitute the formula of {names[1]}", f"substitute the formula of {names[0]}{evaluated}"]
        middle = _outer_simplified(composite, flags)
    if middle is not None and middle != target:
        expressions.append(middle)
        reasons.append("simplify the argument")
    expressions.append(target)
    reasons.append(f"simplify, using ${domain_tex(variable, domain)}$")
    steps = []
    for (left, right), reason in zip(zip(expressions, expressions[1:]), reasons):
        if left == right:
            continue
        steps.append(Step(left, right, reason))
    if not steps:
        steps.append(Step(expressions[0], target, "identical by definition"))
    # a step that prints alike on both sides (the display head tanh(eta) and SymPy's tanh(eta)) is merged into
    # its neighbour: the merged step is checked, and the chain stays connected
    return Chain(merged_steps(steps))


def _round_trip(link: Link, on_eta: bool) -> Derivation:
    """g(h(eta)) = eta on the range of eta (on_eta), or h(g(mu)) = mu on the domain of mu."""
    g, h = link.link_head, link.activation_head
    if on_eta:
        outer, inner, outer_formula, inner_formula = g, h, link.g, link.h
        variable, domain, names = ETA, link.eta_range, ("the link $g$", "the activation $h$")
        title, sentence = r"$g(h(\eta)) = \eta$", r"The link undoes the activation: $g(h(\eta)) = \eta$"
        kind, report = "inverse-lemma", ("mu = h(eta)", link.h(ETA))
    else:
        outer, inner, outer_formula, inner_formula = h, g, link.h, link.g
        variable, domain, names = MU, link.mu_domain, ("the activation $h$", "the link $g$")
        title, sentence = r"$h(g(\mu)) = \mu$", r"The activation undoes the link: $h(g(\mu)) = \mu$"
        kind, report = "inverse-lemma-mu", ("eta = g(mu)", link.g(MU))
    chain = composition_chain(outer, inner, outer_formula, inner_formula, variable, variable, domain, names,
                              parameter_variables(link))
    return Derivation(
        title=f"{link_heading(link)}: {title}",
        statement=f"{sentence} for every ${domain_tex(variable, domain)}$.",
        chains=(chain,),
        variables=(Assumption(variable, domain, "the domain of the lemma"),) + parameter_variables(link),
        definitions=link_definitions(link),
        meta=(("kind", kind), ("link", link.name), ("report", (report,)),
              ("link_expr", sp.sstr(link.link)), ("inverse_expr", sp.sstr(link.inverse))),
    )


def inverse_lemma(link: Link) -> Derivation:
    """g(h(eta)) = eta for every eta in the link's range."""
    return _round_trip(link, on_eta=True)


def inverse_lemma_mu(link: Link) -> Derivation:
    """h(g(mu)) = mu for every mu in the link's domain."""
    return _round_trip(link, on_eta=False)


def forward(link: Link, network: Network, lemma: Proof | None = None,
            derived: tuple[tuple[str, sp.Expr, sp.Symbol, sp.Set], ...] = ()) -> Derivation:
    """g(E[y|x]) = beta_0 + sum_i beta_i x_i for the network y-hat = h(b + sum_i w_i x_i)."""
    lemma = lemma or check(inverse_lemma(link))
    g, h = link.link_head, link.activation_head
    eta_x = network.eta()
    predictor = network.glm_predictor()
    conditions: tuple[Assumption, ...] = ()
    if link.eta_range != sp.S.Reals:
        conditions = (Assumption(eta_x, link.eta_range, link.range_note),)
    chain = Chain((
        Step(g(YHAT), eta_x,
             r"the network computes $\hat{y} = h(\eta(x))$; apply $g$ and use Lemma 1 with $\eta = \eta(x)$",
             lemma=lemma, substitution=((ETA, eta_x),)),
        Step(eta_x, predictor, r"call the parameters GLM coefficients: $\beta_0 = b$, $\beta_i = w_i$"),
    ))
    definitions = (
        Definition(YHAT, h(eta_x), "the network's output y-hat = h(b + sum_i w_i x_i)"),
        Definition(BETA, lambda i: BIAS if i == 0 else network.weight(1, i), "the GLM coefficients"),
    ) + link_definitions(link)
    variables = tuple(Assumption(*v) for v in network.variables()) + parameter_variables(link)
    size = ("every number $n$ of inputs" if network.inputs is None else
            f"${network.inputs}$ input" + ("" if network.inputs == 1 else "s"))
    return Derivation(
        title=network_title(link),
        statement=(rf"For {size}, the network $\hat{{y}} = h(b + \sum_i w_i x_i)$ with activation "
                   rf"$h = g^{{-1}}$ ({activation_parenthetical(link)}) satisfies "
                   rf"$g(\mathrm{{E}}[y \mid x]) = \beta_0 + \sum_i \beta_i x_i$, where $g$ is "
                   rf"{link_phrase(link)} and $\mathrm{{E}}[y \mid x] = \hat{{y}}$."),
        chains=(chain,),
        variables=variables,
        conditions=conditions,
        definitions=definitions,
        lemmas=(lemma,),
        identification=((BETA[0], BIAS), (BETA[I], W[I])),
        notes=((link.range_note,) if link.range_note else ()),
        meta=(("kind", "forward"), ("link", link.name), ("inputs", network.inputs), ("outputs", 1),
              ("derived", derived),
              ("link_expr", sp.sstr(link.link)), ("inverse_expr", sp.sstr(link.inverse))),
    )
