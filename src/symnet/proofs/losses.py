"""Loss = negative log-likelihood: each library loss is a positive factor times -l plus terms free of
the parameters, so both have the same minimiser in the weights (and the same at any batch reduction)."""

from __future__ import annotations

import sympy as sp

from symnet.catalog import losses as catalog
from symnet.catalog.families import Family, family_by_name
from symnet.catalog.heads import LOGLIK, SOFTMAX
from symnet.catalog.links import LINKS
from symnet.catalog.losses import LibraryLoss
from symnet.catalog.symbols import ETA, MU, Y
from symnet.catalog.notation import tex
from symnet.proofs.families import family_variables, loglik_definition, y_assumption
from symnet.proofs.forward import link_definitions
from symnet.proofs.softmax import softmax_definition
from symnet.proofs.model import Assumption, Chain, Definition, Derivation, Step

CLASSES = 3


def _reference(loss: LibraryLoss, family: Family) -> sp.Expr:
    """An input where the constant term is read off (the claim is then checked for every input)."""
    if loss.argument == ETA:
        return sp.Integer(0)
    return sp.Rational(1, 2) if family.mean_space == sp.Interval.open(0, 1) else sp.Integer(1)


def _clean(expr: sp.Expr) -> sp.Expr:
    simpler = sp.simplify(expr)
    candidates = [expr, simpler, sp.expand_log(simpler), sp.expand_log(simpler, force=True),
                  _logs_combined(simpler), _logs_combined(sp.factor(simpler))]  # -sigma^2 log(2 pi sigma^2), as textbooks write
    real = [c for c in candidates if not c.has(sp.I)]

    def awkward(candidate: sp.Expr) -> bool:  # log(a**s) with a symbolic power reads worse than s*log(a)
        return any(isinstance(a.args[0], sp.Pow) and not a.args[0].exp.is_Number for a in candidate.atoms(sp.log))

    return min(real or candidates, key=lambda c: (awkward(c), sp.count_ops(c)))


def _logs_combined(expr: sp.Expr) -> sp.Expr:
    """Each sum of logarithms with rational coefficients written as one logarithm (a candidate form only: the
    step that uses it is checked like any other)."""
    def only_logs(node: sp.Basic) -> bool:
        return isinstance(node, sp.Add) and all(
            t.as_coeff_Mul()[0].is_Rational and isinstance(t.as_coeff_Mul()[1], sp.log) for t in node.args)

    return expr.replace(only_logs, lambda node: sp.logcombine(node, force=True))


def _link(name: str):
    return next(link for link in LINKS if link.name == name)


def loss_theorem(loss: LibraryLoss, family: Family | None = None) -> Derivation:
    """loss(y, input) = scale * (-l(y, mu)) + C(y): proven, or refuted when the loss is not this family's NLL."""
    family = family or family_by_name(loss.family or "")
    if family is None or family.vector:
        return multinomial_loss_theorem(loss)
    claimed_own = family.name == loss.family
    scale = loss.scale if claimed_own else sp.Integer(1)
    definitions = [loglik_definition(family),
                   Definition(loss.head, lambda y, v: loss.at(y, v), f"the {loss.library} {loss.title} loss")]
    if loss.inside_link:
        link = _link(loss.inside_link)
        mean = link.activation_head(ETA)
        definitions += link_definitions(link)
        argument = Assumption(ETA, link.eta_range, "the logit (the network's output before the inverse link)")
    else:
        mean = MU
        argument = Assumption(MU, family.mean_space, "the network's output, the mean")
    unfolded_mean = mean if mean == MU else _link(loss.inside_link).h(ETA)
    negative = -family.loglik.xreplace({MU: unfolded_mean})
    constant = _clean((loss.formula - scale * negative).xreplace({loss.argument: _reference(loss, family)}))
    target = scale * (-LOGLIK(Y, mean)) + constant
    values = tuple(family.y_domain) if isinstance(family.y_domain, sp.FiniteSet) else (Y,)
    relation = ("the negative log-likelihood of one observation" if scale == 1 and constant == 0 else
                "the negative log-likelihood, times a positive factor, plus a term free of the parameters")
    chains = tuple(
        Chain((Step(loss.head(y, loss.argument), loss.at(y, loss.argument), f"the {loss.library} definition"),
               Step(loss.at(y, loss.argument), target.xreplace({Y: y}), relation)),
              group="y" if len(values) > 1 else "", label=f"y = {y}" if len(values) > 1 else "")
        for y in values)
    return Derivation(
        title=f"{loss.library} {loss.title} is the {family.noun} negative log-likelihood",
        statement=_relation(scale, constant),
        chains=chains,
        variables=(y_assumption(family), argument) + family_variables(family),
        definitions=tuple(definitions),
        notes=tuple(note[0].upper() + note[1:] + "." for note in loss.notes),
        meta=(("kind", "loss"), ("loss", loss.name), ("family", family.name), ("scale", scale),
              ("constant", constant)),
    )


def _relation(scale: sp.Expr, constant: sp.Expr) -> str:
    if scale == 1 and constant == 0:
        return r"The loss is the negative log-likelihood $-\ell$ exactly, so both have the same minimiser."
    pieces = sorted(constant.atoms(sp.Piecewise), key=sp.default_sort_key)
    named = {piece: sp.Symbol(f"s_{{{number}}}(y)" if len(pieces) > 1 else "s(y)")
             for number, piece in enumerate(pieces, start=1)}
    where = "; ".join(rf"${tex(name)} = {_piecewise_latex(piece)}$" for piece, name in named.items())
    factor = "the negative log-likelihood" if scale == 1 else "a positive factor times the negative log-likelihood"
    head = r"-\ell" if scale == 1 else rf"{tex(scale)} \cdot (-\ell)"
    rest = constant.xreplace(named)
    printed = tex(rest)
    tail = "" if rest == 0 else f" {printed}" if printed.startswith("-") else f" + {printed}"
    return (rf"The loss is $L = {head}{tail}$: {factor} plus a term free of the weights, so both have the same "
            "minimiser" + (f" (here {where})." if where else "."))


def _piecewise_latex(piece: sp.Piecewise) -> str:
    """A Piecewise inline: `a` for `c` and `b` otherwise (cases environments do not belong in a sentence)."""
    parts = [tex(value) + ("" if condition is sp.true else rf" \text{{ for }} {tex(condition)}")
             for value, condition in piece.args]
    return r" \text{ and }".join(parts[:-1]) + (r"\text{, otherwise } " if len(parts) > 1 else "") + parts[-1]


_MULTINOMIAL = {
    "keras.categorical_crossentropy": lambda c, etas, p: catalog.categorical_crossentropy(
        tuple(int(k == c) for k in range(1, CLASSES + 1)), p),
    "keras.sparse_categorical_crossentropy": lambda c, etas, p: catalog.sparse_categorical_crossentropy(c, p),
    "torch.CrossEntropyLoss": lambda c, etas, p: catalog.cross_entropy_logits(c, etas),
    "torch.NLLLoss": lambda c, etas, p: catalog.nll_loss(
        c, tuple(e - sp.log(sp.Add(*[sp.exp(x) for x in etas])) for e in etas)),
}


def multinomial_loss_theorem(loss: LibraryLoss, classes: int = CLASSES) -> Derivation:
    """The multinomial losses at K = 3, one chain per observed class c (the whole support)."""
    etas = tuple(sp.Symbol(f"eta_{k}", real=True) for k in range(1, classes + 1))
    probabilities = tuple(SOFTMAX(k, *etas) for k in range(1, classes + 1))
    loglik = lambda c, *e: e[c - 1] - sp.log(sp.Add(*[sp.exp(x) for x in e]))  # noqa: E731
    formula = _MULTINOMIAL[loss.name]
    chains = tuple(Chain((
        Step(loss.head(c, *etas), formula(c, etas, probabilities), f"the {loss.library} definition, class c = {c}"),
        Step(formula(c, etas, probabilities), -LOGLIK(c, *etas), "the negative multinomial log-likelihood"),
    ), group="c", label=f"c = {c}") for c in range(1, classes + 1))
    softmax = _link("softmax")
    return Derivation(
        title=f"{loss.library} {loss.title} is the multinomial negative log-likelihood ($K = {classes}$)",
        statement=(r"For the observed class $c$, the loss is $-\ell = -\eta_c + \log \sum_j e^{\eta_j}$ exactly "
                   r"(factor 1, no constant), with $p = \operatorname{softmax}(\eta)$."),  # the notes follow once
        chains=chains,
        variables=tuple(Assumption(e, sp.S.Reals, "logit") for e in etas),
        definitions=(softmax_definition(softmax),
                     Definition(LOGLIK, loglik, "the multinomial log-likelihood of class c"),
                     Definition(loss.head, lambda c, *e: formula(int(c), e, tuple(
                         softmax.softmax(tuple(e), k) for k in range(1, classes + 1))), loss.title)),
        notes=tuple(note[0].upper() + note[1:] + "." for note in loss.notes),
        meta=(("kind", "loss"), ("loss", loss.name), ("family", "multinomial"), ("scale", sp.Integer(1)),
              ("constant", sp.Integer(0))),
    )


def not_likelihood_reason(loss: LibraryLoss) -> str:
    """Why this loss is no exponential-family NLL ('' when it is one)."""
    return loss.not_likelihood
