"""User-defined links: an activation (in eta) and/or a link (in mu), parsed safely and proven or refuted.

Given one side only, the other is derived by solving on the stated domain, after checking that the
given function is strictly monotone there (so it is a bijection onto its image).
"""

from __future__ import annotations

import sympy as sp
from sympy.calculus.util import function_range

from symnet.catalog.domains import domain_tex, domain_text
from symnet.catalog.heads import display_function
from symnet.catalog.links import LibraryNames, Link, VectorLink
from symnet.catalog.names import resolve
from symnet.catalog.notation import tex
from symnet.catalog.symbols import ETA, MU, NEGATIVE, POSITIVE, REALS, UNIT
from symnet.errors import SymnetError, parameter
from symnet.expressions import parse
from symnet.network import Network
from symnet.proofs.budget import BudgetExceeded, current
from symnet.proofs.checker import check
from symnet.proofs.signs import check_sign
from symnet.proofs.forward import forward, inverse_lemma, inverse_lemma_mu
from symnet.proofs.model import Assumption, Chain, Definition, Derivation, Proof, Status, Step

ETA_RANGES = {"real": REALS, "positive": POSITIVE, "negative": NEGATIVE}
_SOLVE_SYMBOLS = {"real": sp.Symbol("mu", real=True), "positive": sp.Symbol("mu", positive=True)}


def _custom_link(name: str, title: str, activation: str, link: sp.Expr, inverse: sp.Expr, mu_domain: sp.Set,
                 eta_range: sp.Set, link_tex: str, base: Link | None = None) -> Link:
    return Link(
        name=name, title=title, activation=activation, link=link, inverse=inverse, mu_domain=mu_domain,
        eta_range=eta_range, canonical_family=base.canonical_family if base else None, link_tex=link_tex,
        activation_tex="h", names=LibraryNames(), link_text="g" if base is None else base.name, inverse_text="h", parameters=base.parameters if base else (),
        range_note=base.range_note if base else "",
    )


def _refuse(message: str) -> SymnetError:
    """The error for a failed derivation, or the time budget's when it ran out (not the user's input's fault)."""
    if current().expired():
        raise BudgetExceeded
    return SymnetError(message)


def _parameters(base: Link | None) -> dict[str, sp.Symbol]:
    return {p.symbol.name: p.symbol for p in base.parameters} if base else {}


class NotShownMonotone(SymnetError):
    """The sign check of a derivative failed: the function is not shown to be one-to-one."""


def _shown(expr: sp.Expr) -> str:
    """An expression in a message, in the syntax the user types (abs, not SymPy's Abs)."""
    return sp.sstr(expr).replace("Abs(", "abs(")


def _monotone(function: sp.Expr, variable: sp.Symbol, domain: sp.Set, what: str) -> int:
    from symnet.proofs import definedness
    from symnet.proofs.rules import flagged_symbols
    from symnet.proofs.signs import MIN_POINTS

    flags = flagged_symbols((Assumption(variable, domain, what),))
    context = definedness.context_for(flags, (), [(variable, domain)])
    reason = definedness.undefined_reason(function.xreplace(flags), context)
    if reason:
        hint = f"; choose the range with {parameter('eta_range')}" if variable == ETA else ""
        raise _refuse(f"the {what} {_shown(function)} is not shown to be real for every "
                      f"{domain_text(variable.name, domain)} ({reason.replace(sp.sstr(flags[variable]), variable.name)})"
                      f"{hint}")
    derivative = sp.diff(function, variable)
    verdict = check_sign(derivative, variable, domain)
    status, sign, method = verdict
    if status is not Status.PROVEN:
        if status is Status.UNPROVEN and verdict.points < MIN_POINTS and not current().expired():
            method = (f"{_shown(derivative)} was evaluated to a certain sign at {verdict.points} of the "
                      f"{MIN_POINTS} points the check needs")
        message = (f"cannot use the {what} {_shown(function)}: its derivative "
                   f"{'is not of one sign' if status is Status.REFUTED else 'could not be shown to keep one sign'}"
                   f" for {domain_text(variable.name, domain)} ({method}), so it is not shown to be a bijection there")
        if current().expired():
            raise BudgetExceeded
        raise NotShownMonotone(message)
    return sign


_PROBES = tuple(sp.Rational(p) for p in ("0", "-1", "1", "-2", "2", "-1/2", "1/2", "-3", "3", "-5", "5", "10", "20"))


def _colliding_points(h: sp.Expr, typed: sp.Expr, domain: sp.Set) -> tuple[sp.Expr, sp.Expr] | None:
    """Two small numbers in the domain where h, as evaluated and as typed, takes the same exact value
    (abs(-1) = abs(1)), or None.  The typed form must agree: eta**2*(eta - 1)/(eta - 1) has no value at 1."""
    seen: dict[sp.Expr, sp.Expr] = {}
    for point in (p for p in _PROBES if domain.contains(p) is sp.true):
        value = h.xreplace({ETA: point})
        if not value.is_number or value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or value.is_extended_real is not True:
            continue
        if typed.xreplace({ETA: point}) != value:  # rebuilt, hence evaluated: 0/0 is nan
            continue
        if value in seen:
            return seen[value], point
        seen[value] = point
    return None


def _collision(h: sp.Expr, typed: sp.Expr, domain: sp.Set) -> Proof | None:
    """The checked answer for an activation that takes a value twice: no link undoes it (refuted), or None."""
    points = _colliding_points(h, typed, domain)
    if points is None:
        return None
    (a, b), head = points, display_function("h_custom", "h", "h")
    definitions = (Definition(head, lambda value: h.xreplace({ETA: value}), "the activation h"),)
    formula, value = rf"h(\eta) = {tex(h)}", h.xreplace({ETA: a})
    lemma = check(Derivation(
        title=f"$h$ takes the same value twice: $h({tex(a)}) = h({tex(b)})$",
        statement=rf"${formula}$ takes the value ${tex(value)}$ at ${tex(a)}$ and at ${tex(b)}$.",
        chains=(Chain((Step(head(a), head(b), f"evaluate both sides: both are {_shown(value)}"),)),),
        variables=(), definitions=definitions, meta=(("kind", "collision"), ("link", "custom")),
    ))
    return check(Derivation(
        title=f"No link undoes the activation ${formula}$: it is not one-to-one",
        statement=(rf"Suppose a link $g$ undid the activation ${formula}$: $g(h(\eta)) = \eta$ for every "
                   rf"${domain_tex(ETA, domain)}$. Then Lemma 1 gives ${tex(a)} = g(h({tex(a)})) = "
                   rf"g(h({tex(b)})) = {tex(b)}$, so a network with this activation is not a GLM with "
                   "any link."),
        chains=(Chain((Step(a, b, r"apply $g$ to both sides of Lemma 1 and use $g(h(\eta)) = \eta$"),)),),
        variables=(), definitions=definitions, lemmas=(lemma,),
        meta=(("kind", "collision"), ("link", "custom"), ("inputs", None), ("outputs", 1),
              ("inverse_expr", sp.sstr(h))),
    ))


def _image(function: sp.Expr, variable: sp.Symbol, domain: sp.Set) -> sp.Set:
    try:
        image = function_range(function, variable, domain)
    except (NotImplementedError, ValueError, TypeError):
        image = None
    if not isinstance(image, sp.Interval) and isinstance(domain, sp.Interval):
        image = _image_of_monotone(function, variable, domain)
    if not isinstance(image, sp.Interval):
        raise _refuse(f"could not determine the values of {sp.sstr(function)} for "
                          f"{domain_text(variable.name, domain)}")
    return sp.Interval.open(image.inf, image.sup)


def _image_of_monotone(function: sp.Expr, variable: sp.Symbol, domain: sp.Interval) -> sp.Set | None:
    """A continuous strictly monotone function (shown by the caller) maps an open interval onto the
    open interval between its one-sided limits at the two ends."""
    try:
        ends = (sp.limit(function, variable, domain.inf, "+"), sp.limit(function, variable, domain.sup, "-"))
    except (NotImplementedError, ValueError, TypeError):
        return None
    if any(end.has(sp.nan, sp.zoo, sp.I, sp.AccumBounds) or end.free_symbols or end.is_extended_real is not True
           for end in ends):
        return None  # a limit that is not a real number or an infinity (a cube root of a negative number)
    return sp.Interval.open(min(ends, key=lambda e: float(e)), max(ends, key=lambda e: float(e)))


def _reachable(g: sp.Expr, mu_domain: sp.Set, requested: str | None) -> sp.Set:
    """The values of eta the link reaches from its means, within the requested range.

    The activation g^-1 is real only there: log(eta) for g = exp needs eta > 0, sqrt(eta) for g = mu^2 too.
    With no range requested, that is the range (the proof states it); a range the user asked for is
    honoured whole or refused, never narrowed silently.
    """
    image = _image(g, MU, mu_domain)
    wanted = ETA_RANGES[requested or "real"]
    reachable = sp.Intersection(image, wanted)
    takes = (f"the link {sp.sstr(g)} takes only the values {domain_text('eta', image)} (for "
             f"{domain_text('mu', mu_domain)})")
    if reachable.is_empty or not isinstance(reachable, sp.Interval):
        raise SymnetError(f"{takes}, so its inverse has no real value for {domain_text('eta', wanted)}; "
                          f"{_range_hint(image)}")
    if requested is not None and reachable != wanted:
        where = "there" if reachable == image else f"for {domain_text('eta', reachable)}"
        raise SymnetError(f"{parameter('eta_range')} {requested} cannot be honoured: {takes}, so its inverse is "
                          f"real only {where}; {_range_hint(reachable)}")
    return reachable


def _range_hint(reachable: sp.Set) -> str:
    """How to ask for the range a link reaches: the --eta-range that names it, or none at all."""
    named = [name for name, values in ETA_RANGES.items() if values == reachable]
    leave = f"leave {parameter('eta_range')} out to prove it where the link reaches ({domain_text('eta', reachable)})"
    return f"use {parameter('eta_range')} {named[0]}, or {leave}" if named else leave


def _solve(equation_lhs: sp.Expr, unknown: sp.Symbol, value: sp.Symbol, image: sp.Set) -> list[sp.Expr]:
    """Candidate inverses of `equation_lhs(unknown) = value` for value in `image`."""
    flags = {"positive": True} if image.is_subset(POSITIVE) else {"real": True}
    solving = sp.Symbol(value.name, **flags)
    try:
        solutions = sp.solve(sp.Eq(equation_lhs, solving), unknown)
    except (NotImplementedError, ValueError, TypeError):
        solutions = []
    return [s.xreplace({solving: value}) for s in solutions]


def prove_custom(*, activation: str | None, link_expr: str | None, link: str | None = None,
                 inputs: int | None = None, eta_range: str | None = None) -> Proof:
    """Prove (or refute) that a network with this activation is the GLM with this link.

    `eta_range` omitted: every real eta for an activation; for a link, the values it reaches (stated).
    """
    base = resolve(link) if link else None
    if isinstance(base, VectorLink):
        raise SymnetError("custom activations pair with scalar links only (softmax is built in)")
    if eta_range is not None and eta_range not in ETA_RANGES:
        raise SymnetError(f"unknown {parameter('eta_range')} {eta_range!r}; choose one of {', '.join(ETA_RANGES)}")
    params = _parameters(base)
    h = parse(activation, "eta", params, ETA) if activation is not None else None
    g = parse(link_expr, "mu", params, MU) if link_expr is not None else None
    deriving_from = h if (g is None and base is None) else g if h is None else None  # the side to invert
    for function, variable, what in ((h, ETA, "activation"), (g, MU, "link")):
        if function is not None and function is deriving_from and variable not in function.free_symbols:
            raise SymnetError(f"the {what} {sp.sstr(function)} is a constant: it does not depend on {variable.name}, "
                              f"so it takes one value for every {variable.name} and has no inverse")
    if base is not None and g is not None:
        raise SymnetError(f"give either {parameter('link')} (a catalog link) or {parameter('link_expr')}, not both")
    if base is not None:
        g, mu_domain, range_ = base.link, base.mu_domain, base.eta_range
        link_tex, title = base.link_tex, base.title
    else:
        range_ = ETA_RANGES[eta_range or "real"]
        link_tex = "g"
        title = "custom"
    if h is None and g is not None:  # derive the activation from the link
        if base is None:
            mu_domain = _mean_domain(g)
        _monotone(g, MU, mu_domain, "link")
        range_ = _reachable(g, mu_domain, eta_range)
        candidates = _solve(g, MU, ETA, range_)
        h = _first_inverse(g, candidates, range_, link_tex, title, base, mu_domain)
    elif g is None and h is not None:  # derive the link from the activation
        try:
            _monotone(h, ETA, range_, "activation")
        except NotShownMonotone:
            with sp.evaluate(False):
                typed = parse(activation, "eta", params, ETA)
            collision = _collision(h, typed, range_)
            if collision is None:
                raise
            return collision  # abs(eta): abs(-1) = abs(1), refuted as relu is
        mu_domain = _image(h, ETA, range_)
        candidates = _solve(h, ETA, MU, mu_domain)
        g = _first_link(h, candidates, range_, mu_domain, title)
    elif g is None and h is None:
        raise SymnetError(f"give {parameter('activation')}, {parameter('link_expr')}, or both")
    elif base is None:
        mu_domain = _image(h, ETA, range_) if ETA in h.free_symbols and h.free_symbols <= {ETA} else REALS
    record = _custom_link("custom", title, activation or sp.sstr(h), g, h, mu_domain, range_, link_tex, base)
    # Both round trips: g(h(eta)) = eta alone lets h miss g's domain (tan has period pi, so
    # atan(eta)/pi + 3/2 passes it for cauchit while its means lie outside (0, 1)).
    sources = {"activation": activation, "link_expr": link_expr}
    as_typed = [_as_typed(sources[source], name, params, symbol, parsed, domain)
                 for source, name, symbol, parsed, domain in (("activation", "eta", ETA, h, range_),
                                                              ("link_expr", "mu", MU, g, mu_domain))]
    lemma = check(inverse_lemma(record))
    onto = check(inverse_lemma_mu(record))
    for outcome in (Status.REFUTED, Status.UNPROVEN):  # a refutation of either round trip is the answer
        for round_trip in [p for p in as_typed if p is not None] + [lemma, onto]:
            if round_trip.status is outcome:
                return round_trip
    derived = ()
    if activation is None:
        derived = (("activation", h, ETA, range_),)
    elif link_expr is None and base is None:
        derived = (("link", g, MU, mu_domain),)
    return check(forward(record, Network(inputs, 1), lemma, derived))


def _as_typed(source: str | None, variable: str, params, symbol: sp.Symbol, parsed: sp.Expr,
              domain: sp.Set) -> Proof | None:
    """The expression as the user typed it equals SymPy's evaluated form on the whole domain, checked.

    SymPy cancels eta*(eta - 1)/(eta - 1) to eta as it builds it; the checker sees the typed form too, so a
    denominator that vanishes in the domain leaves the result unproven instead of silently removed.
    """
    if source is None:
        return None
    with sp.evaluate(False):
        typed = parse(source, variable, params, symbol)
    if typed == parsed:
        return None
    what = "activation" if variable == "eta" else "link"
    return check(Derivation(
        title=f"The {what} as typed is defined on the whole domain",
        statement=f"The {what} as typed, ${tex(typed)}$, equals ${tex(parsed)}$ on the whole domain.",
        chains=(Chain((Step(typed, parsed, "SymPy's evaluation of the expression as typed"),)),),
        variables=(Assumption(symbol, domain, "the domain"),),
        meta=(("kind", "as typed"), ("link", "custom")),
    ))


def _mean_domain(g: sp.Expr) -> sp.Set:
    """The means a typed link is for: probabilities, positive means, or every real (the widest that fits)."""
    if _maps_unit(g):
        return UNIT
    at_minus_one = g.xreplace({MU: sp.Integer(-1)})
    if at_minus_one.is_extended_real and at_minus_one.is_finite:
        status, _, _ = check_sign(sp.diff(g, MU), MU, REALS)
        if status is Status.PROVEN:
            return REALS
    return POSITIVE


def _maps_unit(g: sp.Expr) -> bool:
    """A link for probabilities: real at mu = 1/2 but not at mu = 2 (logit, probit, cloglog, ...)."""
    inside, outside = (g.xreplace({MU: sp.Rational(value)}) for value in ("1/2", "2"))
    return bool(inside.is_finite and inside.is_extended_real) and not (outside.is_extended_real and outside.is_finite)


def _first_inverse(g, candidates, range_, link_tex, title, base, mu_domain) -> sp.Expr:
    for candidate in candidates:
        record = _custom_link("candidate", title, "derived", g, candidate, mu_domain, range_, link_tex, base)
        if all(check(d(record)).status is Status.PROVEN for d in (inverse_lemma, inverse_lemma_mu)):
            return candidate
    raise _refuse(f"could not derive the activation from the link {sp.sstr(g)}: no solution of "
                      "g(mu) = eta was proven to invert it")


def _first_link(h, candidates, range_, mu_domain, title) -> sp.Expr:
    for candidate in candidates:
        simpler = sp.simplify(candidate)
        record = _custom_link("candidate", title, "derived", simpler, h, mu_domain, range_, "g")
        if all(check(d(record)).status is Status.PROVEN for d in (inverse_lemma, inverse_lemma_mu)):
            return simpler
    raise _refuse(f"could not derive the link from the activation {sp.sstr(h)}: no solution of "
                      "h(eta) = mu was proven to invert it")
