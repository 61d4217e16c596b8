"""Signs proven from the structure of an expression: the side conditions of the kernel's rules.

Each rule is sound on its own (docs/kernel.md, "Signs") and answers None ("not shown") when it does not
apply.  A sign is asked about an expression *and* its context (the domain's facts); results are remembered.
"""

from __future__ import annotations

import functools

import sympy as sp

from symnet.proofs.context import Context

# Functions that are real-analytic on the whole real line: defined wherever their argument is.
ENTIRE = (sp.exp, sp.sin, sp.cos, sp.atan, sp.tanh, sp.sinh, sp.cosh, sp.asinh, sp.erf, sp.erfc)
# Functions defined on an open interval (low, high) of their argument (None: unbounded side).
OPEN_DOMAIN = {sp.log: (0, None), sp.erfinv: (-1, 1), sp.atanh: (-1, 1), sp.loggamma: (0, None),
               sp.gamma: (0, None), sp.asin: (-1, 1), sp.acos: (-1, 1)}
# Odd, strictly increasing functions with f(0) = 0: f(u) has the sign of u wherever it is defined.
SIGN_KEEPING = (sp.erf, sp.erfinv, sp.atan, sp.tanh, sp.atanh, sp.sinh, sp.asinh, sp.asin)
# Functions with positive values wherever they are defined (for the sign rules).
POSITIVE_VALUED = (sp.exp, sp.cosh, sp.gamma, sp.erfc)


def defined(expr: sp.Expr, context: Context) -> bool:
    """Definedness (the module above this one asks signs; signs ask definedness: imported when first used)."""
    from symnet.proofs.definedness import defined as shown_defined

    return shown_defined(expr, context)


def _number_sign(expr: sp.Expr) -> int | None:
    """The sign of a real constant, decided exactly, or None."""
    if expr.is_Rational:
        return 1 if expr.p > 0 else -1 if expr.p < 0 else 0
    if expr.has(sp.I) or free_symbols(expr):
        return None
    if expr.is_positive:
        return 1
    if expr.is_negative:
        return -1
    if expr.is_zero:
        return 0
    return None


def positive(expr: sp.Expr, context: Context = Context()) -> bool:
    """True only if expr > 0 is proven at every point of the domain the context describes."""
    return _sign(expr, context) == 1


def negative(expr: sp.Expr, context: Context = Context()) -> bool:
    """True only if expr < 0 is proven everywhere."""
    return _sign(expr, context) == -1


def nonzero(expr: sp.Expr, context: Context = Context()) -> bool:
    """True only if expr != 0 is proven everywhere (a sign, or SymPy's assumptions say non-zero)."""
    if context.nonzero_facts and (sp.expand(expr) in context.nonzero_facts
                                  or sp.expand(-expr) in context.nonzero_facts):
        return True
    return _sign(expr, context) in (1, -1) or (expr.is_nonzero is True and not expr.has(sp.I))


def _sign(expr: sp.Expr, context: Context) -> int | None:
    """+1 or -1 when the sign is proven constant on the domain, else None (remembered: nested expressions
    ask about the same subexpressions many times)."""
    key = (expr, context, len(_REWRITING))
    found = _SIGNS.get(key, _MISSING)
    if found is _MISSING:
        found = _SIGNS[key] = _sign_of(expr, context)
        if len(_SIGNS) > 50_000:
            _SIGNS.clear()
    return found


_SIGNS: dict = {}
_MISSING = object()


@functools.lru_cache(maxsize=8192)
def free_symbols(expr: sp.Basic) -> frozenset:
    """expr.free_symbols, remembered (a sum recomputes its free symbols on every call: its limits are rebuilt)."""
    return frozenset(expr.free_symbols)


def _sign_of(expr: sp.Expr, context: Context) -> int | None:
    if not free_symbols(expr):
        sign = _number_sign(expr)
        if sign in (1, -1) or sign == 0 or expr.is_Atom:
            return sign if sign in (1, -1) else None
        # a constant SymPy cannot sign (erfinv(1/2)): the structural rules below apply to it as to any term
    if expr in context.positive_facts:
        return 1
    if -expr in context.positive_facts:
        return -1
    if isinstance(expr, (sp.Symbol, sp.Indexed)):
        if expr.is_positive:
            return 1
        if expr.is_negative:
            return -1
        for fact in context.positive_facts:  # s - c > 0 with c >= 0 gives s > 0; c - s > 0 with c <= 0, s < 0
            if isinstance(fact, sp.Expr) and fact.free_symbols == {expr}:
                bound = fact - expr
                if bound.is_number and _number_sign(-bound) in (0, 1):
                    return 1
                bound = fact + expr
                if bound.is_number and _number_sign(bound) in (0, -1):
                    return -1
        return _interval_sign(expr, context)
    if isinstance(expr, sp.Mul):
        total = 1
        for factor in expr.args:
            sign = _sign(factor, context)
            if sign is None:
                return _fallback_sign(expr, context)
            total *= sign
        return total
    if isinstance(expr, sp.Add):
        signs = {_sign(term, context) for term in expr.args}
        if signs == {1}:
            return 1
        if signs == {-1}:
            return -1
        return _bounded_sign(expr, context) or _exp_against_constant(expr, context) \
            or _rewritten_sign(expr, context) or _fallback_sign(expr, context)
    if isinstance(expr, sp.Pow):
        base_sign = _sign(expr.base, context)
        if base_sign == 1 and defined(expr.exp, context):
            return 1
        if expr.exp.is_Integer and base_sign is not None:
            return 1 if int(expr.exp) % 2 == 0 else base_sign
        return _fallback_sign(expr, context)
    if isinstance(expr, POSITIVE_VALUED) and defined(expr, context):
        if isinstance(expr, sp.gamma):
            return 1 if positive(expr.args[0], context) else None
        return 1
    if isinstance(expr, sp.Sum) and len(expr.limits) == 1:
        variable, low, high = expr.limits[0]
        if _sign(high - low, context) == 1 or (high - low).is_nonnegative:
            sign = _sign(expr.function, context)
            if sign is not None:
                return sign
        return None
    if isinstance(expr, SIGN_KEEPING) and defined(expr, context):  # odd, increasing, f(0) = 0
        return _sign(expr.args[0], context)
    if isinstance(expr, sp.cos):  # cos > 0 on (-pi/2, pi/2)
        if positive(expr.args[0] + sp.pi / 2, context) and positive(sp.pi / 2 - expr.args[0], context):
            return 1
    if isinstance(expr, sp.sin):  # sin > 0 on (0, pi)
        if positive(expr.args[0], context) and positive(sp.pi - expr.args[0], context):
            return 1
    if isinstance(expr, sp.log):
        argument = expr.args[0]
        if positive(argument - 1, context):
            return 1
        if positive(argument, context) and positive(1 - argument, context):
            return -1
    return _fallback_sign(expr, context)


# Open (or closed) ranges of bounded functions of a real argument: (low, high, open).
_BOUNDED = {sp.tanh: (-1, 1, True), sp.erf: (-1, 1, True), sp.atan: (-sp.pi / 2, sp.pi / 2, True),
            sp.sin: (-1, 1, False), sp.cos: (-1, 1, False), sp.erfc: (0, 2, True)}


def _bounds(term: sp.Expr, context: Context) -> tuple[sp.Expr, sp.Expr, bool, bool] | None:
    """(low, high, low is strict, high is strict) for a constant, c*f(u) with f bounded, or a signed term."""
    if not free_symbols(term):
        return (term, term, False, False) if _number_sign(term) is not None else None
    coefficient, rest = term.as_coeff_Mul()
    found = _BOUNDED.get(getattr(rest, "func", None))
    if found is not None and defined(rest, context):
        low, high, strict = found
        low, high = coefficient * low, coefficient * high
        return (low, high, strict, strict) if coefficient > 0 else (high, low, strict, strict)
    if (isinstance(rest, sp.Pow) and rest.exp.is_Integer and rest.exp.is_even and rest.exp.is_positive
            and coefficient != 0 and defined(rest.base, context)):  # c u^(2k), u real: the sign of c, or zero
        return (sp.Integer(0), sp.oo, False, False) if coefficient > 0 else (-sp.oo, sp.Integer(0), False, False)
    if isinstance(term, (sp.Symbol, sp.Indexed)) and term.is_nonnegative:  # flagged from a domain like [0, oo)
        return (sp.Integer(0), sp.oo, False, False)
    if isinstance(term, (sp.Symbol, sp.Indexed)) and term.is_nonpositive:
        return (-sp.oo, sp.Integer(0), False, False)
    sign = _sign(term, context)
    if sign == 1:
        return (sp.Integer(0), sp.oo, True, False)
    if sign == -1:
        return (-sp.oo, sp.Integer(0), False, True)
    return None


def _bounded_sign(expr: sp.Expr, context: Context) -> int | None:
    """A sum of constants, bounded functions and signed terms whose bounds exclude zero."""
    low, high, low_strict, high_strict = sp.Integer(0), sp.Integer(0), False, False
    for term in expr.args:
        found = _bounds(term, context)
        if found is None:
            return None
        low, high = low + found[0], high + found[1]
        low_strict, high_strict = low_strict or found[2], high_strict or found[3]
    low_sign = _number_sign(low) if low.is_finite else -1
    high_sign = _number_sign(high) if high.is_finite else 1
    if low_sign == 1 or (low_sign == 0 and low_strict):
        return 1
    if high_sign == -1 or (high_sign == 0 and high_strict):
        return -1
    return None


def _exp_against_constant(expr: sp.Expr, context: Context) -> int | None:
    """exp(u) + k with a constant k < 0: the sign of u - log(-k) (exp is increasing)."""
    constant, rest = expr.as_coeff_Add()
    if len(expr.args) == 2 and constant.is_positive and isinstance(-rest, sp.exp):  # k - exp(u), k > 0
        inner = _sign((-rest).args[0] - sp.log(constant), context)
        return -inner if inner is not None else None
    if len(expr.args) != 2 or not constant.is_negative or not isinstance(rest, sp.exp):
        return None
    return _sign(rest.args[0] - sp.log(-constant), context)


_REWRITING: list[sp.Expr] = []  # expressions being rewritten now (no rewriting inside a rewrite)


def _rewritten_sign(expr: sp.Expr, context: Context) -> int | None:
    """The sign of expr over a common denominator (the same value wherever expr is defined).

    Callers show definedness of the whole expression separately, so removable points do not matter.
    """
    if len(_REWRITING) >= 2:
        return None
    _REWRITING.append(expr)
    try:
        for rewrite in (sp.together, sp.factor):
            try:
                rewritten = rewrite(expr)
            except (sp.PolynomialError, TypeError, ValueError, NotImplementedError):
                continue
            if rewritten != expr and not isinstance(rewritten, sp.Add):
                sign = _sign(rewritten, context)
                if sign is not None:
                    return sign
        return None
    finally:
        _REWRITING.pop()


def _fallback_sign(expr: sp.Expr, context: Context) -> int | None:
    if expr.has(sp.I):
        return None
    if expr.is_positive:
        return 1
    if expr.is_negative:
        return -1
    return _interval_sign(expr, context)


def _interval_sign(expr: sp.Expr, context: Context) -> int | None:
    """Exact rules for one variable on an interval: rational functions by Sturm root counting."""
    if len(expr.free_symbols) != 1:
        return None
    (variable,) = expr.free_symbols
    candidates = ((context.interval,) if context.interval else ()) + context.intervals
    domain = next((d for v, d in candidates if v == variable), None)
    if not isinstance(domain, sp.Interval):
        return None
    numerator, denominator = sp.fraction(sp.together(expr))
    signs = [_polynomial_sign(part, variable, domain) for part in (numerator, denominator)]
    if None not in signs:
        return signs[0] * signs[1]
    return _monotone_sign(expr, variable, domain, context)


def _monotone_sign(expr: sp.Expr, variable: sp.Symbol, domain: sp.Interval, context: Context) -> int | None:
    """f(end) >= 0 at a finite end and f strictly monotone away from it: f > 0 inside (mean value theorem).

    Needs f defined on the open interval and finite (hence continuous from inside) at the end; f(end) = 0
    only when the domain leaves that end out (on a closed end f is 0 there, not positive).
    """
    if not (domain.inf.is_finite or domain.sup.is_finite):
        return None  # no finite end to run from (checked first: the derivative below is costly)
    if context.positive_facts == frozenset({"monotone"}) or not defined(
            expr, Context(interval=context.interval, intervals=context.intervals)):
        return None  # defined on the whole interval (not only where stated conditions hold): it runs from the end
    inner = Context(frozenset({"monotone"}), context.interval, context.intervals)  # one level: no monotone rule inside
    derivative_sign = _sign(sp.diff(expr, variable), inner)
    if derivative_sign is None:
        return None
    for end, rising, open_end in ((domain.inf, 1, domain.left_open), (domain.sup, -1, domain.right_open)):
        if not end.is_finite:
            continue
        value = expr.xreplace({variable: end})
        if value.has(sp.zoo, sp.oo, -sp.oo, sp.nan, sp.I) or value.free_symbols:
            continue
        sign = _number_sign(value)
        if sign is None:
            continue
        moving = derivative_sign * rising  # the sign of f(inside) - f(end)
        if sign == moving or (sign == 0 and open_end):  # f(end) = 0 only where the end is not in the domain
            return moving
    return None


def _polynomial_sign(expr: sp.Expr, variable: sp.Symbol, domain: sp.Interval) -> int | None:
    """The constant sign of a polynomial with no real root in the interval (closed at finite ends)."""
    try:
        poly = sp.Poly(expr, variable)
    except sp.PolynomialError:
        return None
    if not poly.is_univariate:
        return None
    if poly.degree() == 1:  # a x + c with real constants: one root, -c/a, compared exactly
        a, c = poly.all_coeffs()
        root = -c / a
        low_ok = (0, 1) if domain.left_open else (1,)  # a root at an open end lies outside
        high_ok = (0, 1) if domain.right_open else (1,)
        outside_low = domain.inf.is_finite and _number_sign(sp.nsimplify(domain.inf - root)) in low_ok
        outside_high = domain.sup.is_finite and _number_sign(sp.nsimplify(root - domain.sup)) in high_ok
        if not (outside_low or outside_high):
            return None
    elif not all(c.is_Rational for c in poly.all_coeffs()):
        return None
    else:
        try:
            roots = poly.count_roots(domain.inf if domain.inf.is_finite else None,
                                     domain.sup if domain.sup.is_finite else None)
        except (sp.polys.polyerrors.PolynomialError, sp.polys.polyerrors.CoercionFailed, ValueError, TypeError):
            return None  # irrational interval ends (an image such as (-pi/2, pi/2)): no decision
        if roots > 0:
            return None
    probe = _interior_point(domain)
    value = poly.eval(probe)
    return (1 if value > 0 else -1 if value < 0 else 0) or None


def _interior_point(domain: sp.Interval) -> sp.Rational:
    low, high = domain.inf, domain.sup
    if low.is_finite and high.is_finite:
        return sp.Rational(low + high) / 2 if (low + high).is_Rational else sp.nsimplify((low + high) / 2)
    if low.is_finite:
        return sp.Rational(low) + 1 if low.is_Rational else sp.ceiling(low) + 1
    if high.is_finite:
        return sp.Rational(high) - 1 if high.is_Rational else sp.floor(high) - 1
    return sp.Integer(0)
