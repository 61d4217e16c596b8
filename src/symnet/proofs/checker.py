"""The trusted core: turns a Derivation into a Proof with status proven, refuted or unproven.

A step is proven only when (1) SymPy reduces lhs - rhs to zero under the stated assumptions, or the
step is a structural instance of a proven lemma whose domain conditions are discharged, AND (2) both
sides agree at >= MIN_POINTS random points of the domain at 40 significant digits.  A numeric
disagreement is a refutation and carries the point as a counterexample.
"""

from __future__ import annotations

import functools
import random
from collections import Counter
from collections.abc import Iterable
from fractions import Fraction

import sympy as sp
from sympy.calculus.util import continuous_domain

from symnet.catalog.domains import domain_text
from symnet.proofs import numeric
from symnet.proofs.model import (
    _CHECKER_SEAL, Assumption, Counterexample, Definition, Derivation, Proof, Status, Step, StepVerdict,
)

MIN_POINTS = 20
CONFIRM_DIGITS = (100, 250)  # a disagreement at 40 digits is re-evaluated here before it counts
MAX_TRIES = 400
_SIMPLIFY_LIMIT = 400  # count_ops above which only cheap rewrites are attempted


# ---------------------------------------------------------------- domains and flags


def _flags(domain: sp.Set) -> dict[str, bool]:
    if isinstance(domain, sp.Range):
        return {"integer": True, "positive": bool(domain.inf >= 1)}
    if domain.is_subset(sp.Interval.open(0, sp.oo)):
        return {"positive": True}
    if domain.is_subset(sp.Interval.open(-sp.oo, 0)):
        return {"negative": True}
    if domain.is_subset(sp.S.Reals):
        flags = {"real": True}
        if not domain.contains(0) is sp.true:
            flags["nonzero"] = True
        return flags
    return {}


def _flagged(variables: Iterable[Assumption]) -> dict[sp.Symbol, sp.Dummy]:
    """Fresh symbols carrying the strongest SymPy flags implied by each variable's domain."""
    out = {}
    for assumption in variables:
        subject = assumption.subject
        if isinstance(subject, sp.Symbol) and not isinstance(assumption.domain, sp.Range):
            domain = assumption.domain.free_symbols and sp.S.Reals or assumption.domain
            out[subject] = sp.Dummy(subject.name, **_flags(domain))
    return out


@functools.lru_cache(maxsize=65536)
def _is_real_polynomial(expr: sp.Basic) -> bool:
    """Structurally a polynomial (sums allowed) in real-flagged symbols, hence real-valued."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if node.is_Rational or (isinstance(node, (sp.Symbol, sp.Indexed)) and node.is_real):
            continue
        if isinstance(node, (sp.Add, sp.Mul)):
            stack.extend(node.args)
        elif isinstance(node, sp.Pow) and node.exp.is_Integer and node.exp >= 0:
            stack.append(node.base)
        elif isinstance(node, sp.Sum):
            stack.append(node.function)
        else:
            return False
    return True


class Unfolder:
    """Replaces defined names by their formulas, bottom-up, remembering every subexpression it saw."""

    def __init__(self, definitions: Iterable[Definition]):
        self.values: dict[sp.Basic, Definition] = {}
        self.functions: dict[object, Definition] = {}
        for definition in definitions:
            if definition.names_a_value:
                self.values[definition.head] = definition
            else:
                self.functions[definition.head] = definition
        self.memo: dict[sp.Basic, sp.Basic] = {}

    def __call__(self, expr: sp.Basic) -> sp.Basic:
        found = self.memo.get(expr)
        if found is None:
            found = self.memo[expr] = self._unfold(expr)
        return found

    def _unfold(self, expr: sp.Basic) -> sp.Basic:
        if expr in self.values:
            return self(self.values[expr].unfold)
        if isinstance(expr, sp.Indexed):
            definition = self.values.get(expr.base)
            if definition is None:
                return expr
            unfold = definition.unfold
            if isinstance(unfold, sp.IndexedBase):
                return self(unfold[expr.indices])
            return self(unfold(*expr.indices))
        if not expr.args or isinstance(expr, (sp.IndexedBase, sp.Symbol)):
            return expr
        if len(expr.args) > 8 and isinstance(expr, (sp.Add, sp.Mul)) and self._plain(expr):
            return expr
        args = tuple(self(a) for a in expr.args)
        if all(new is old for new, old in zip(args, expr.args)):
            rebuilt = expr
        else:
            rebuilt = expr.func(*args)
        definition = self.functions.get(getattr(rebuilt, "func", None))
        if definition is not None:
            return self(definition.unfold(*rebuilt.args))
        if isinstance(rebuilt, (sp.Derivative, sp.Subs)) and rebuilt is not expr:
            return rebuilt.doit()  # the names inside were unfolded: differentiate the formula
        return rebuilt


    def _plain(self, expr: sp.Basic) -> bool:
        """A sum or product of numbers, undefined symbols and products of them (nothing to unfold)."""
        for arg in expr.args:
            factors = arg.args if isinstance(arg, sp.Mul) else (arg,)
            for factor in factors:
                if factor.is_Number:
                    continue
                if isinstance(factor, sp.Indexed) and factor.base not in self.values:
                    continue
                if isinstance(factor, sp.Symbol) and factor not in self.values:
                    continue
                return False
        return True


def unfold(expr: sp.Expr, definitions: Iterable[Definition]) -> sp.Expr:
    """Replace every defined name by its formula (definitions may use each other)."""
    return Unfolder(definitions)(expr)


# ---------------------------------------------------------------- symbolic reduction


def _zero_by_rewriting(difference: sp.Expr) -> str | None:
    if difference == 0:
        return "identical after unfolding definitions"
    cheap = sp.expand_log(difference, force=False)
    if cheap == 0:
        return "log expansion under the domain assumptions"
    try:
        if sp.cancel(difference) == 0:
            return "rational simplification (cancel)"
    except (TypeError, ValueError, NotImplementedError, sp.PolynomialError):
        pass
    if sp.count_ops(difference) > _SIMPLIFY_LIMIT:
        return None
    for method, transform in (
        ("simplify", sp.simplify),
        ("simplify after log expansion", lambda e: sp.simplify(sp.expand_log(e, force=False))),
        ("simplify after evaluating sums", lambda e: sp.simplify(e.doit())),
        ("simplify after rewriting in exponentials", lambda e: sp.simplify(e.rewrite(sp.exp))),
    ):
        try:
            if transform(difference) == 0:
                return method
        except (TypeError, ValueError, NotImplementedError, RecursionError):
            continue
    if difference.free_symbols and all(s.is_positive for s in difference.free_symbols):
        # every symbol is positive on its domain, so powers may be combined freely (force=True is sound)
        combined = sp.together(sp.powsimp(sp.powdenest(difference, force=True), force=True))
        if combined == 0 or sp.simplify(combined) == 0:
            return "combine powers of positive quantities, then simplify"
    return None


def _zero_by_derivative(difference: sp.Expr, variable: sp.Symbol, domain: sp.Set, name: str) -> str | None:
    """d' = 0 on a connected domain where d is continuous, and d = 0 at one interior point."""
    if not isinstance(domain, sp.Interval) or difference.free_symbols != {variable}:
        return None
    try:
        if continuous_domain(difference, variable, domain) != domain:
            return None
        if sp.simplify(sp.diff(difference, variable)) != 0:
            return None
    except (TypeError, ValueError, NotImplementedError, RecursionError):
        return None
    low, high = domain.inf, domain.sup
    if low.is_finite and high.is_finite:
        anchors = [(low + high) / 2, low + (high - low) / 4]
    elif low.is_finite:
        anchors = [low + 1, low + 2]
    elif high.is_finite:
        anchors = [high - 1, high - 2]
    else:
        anchors = [sp.Integer(0), sp.Integer(1)]
    for anchor in anchors:
        if sp.simplify(difference.xreplace({variable: anchor})) == 0:
            return f"zero derivative on the interval {domain_text(name, domain)}, and zero at {name} = {anchor}"
    return None


def _split_sums(expr: sp.Expr) -> sp.Expr:
    """Every single-index Sum written as a combination of sums of single terms (linearity)."""
    sums = [s for s in expr.atoms(sp.Sum) if len(s.limits) == 1]
    return expr.xreplace({s: sp.Add(*numeric.split_sum(s)) for s in sums}) if sums else expr


def _congruent(lhs: sp.Basic, rhs: sp.Basic) -> bool:
    """Same expression tree up to polynomial identities between corresponding subtrees."""
    if lhs == rhs:
        return True
    left, right = numeric.polynomial(lhs), numeric.polynomial(rhs)
    if left is not None and right is not None:
        return left == right
    if lhs.func != rhs.func or len(lhs.args) != len(rhs.args) or not lhs.args:
        return False
    if isinstance(lhs, sp.Function) and len(lhs.args) == 1:
        try:
            if sp.cancel(lhs.args[0] - rhs.args[0]) == 0:
                return True
        except (TypeError, ValueError, NotImplementedError, sp.PolynomialError):
            pass
    return all(_congruent(a, b) for a, b in zip(lhs.args, rhs.args))


def symbolic_zero(lhs: sp.Expr, rhs: sp.Expr, variables: tuple[Assumption, ...],
                  flags: dict[sp.Symbol, sp.Dummy] | None = None) -> str | None:
    """The method by which SymPy reduced lhs - rhs to zero, or None if it could not."""
    if lhs == rhs:
        return "identical after unfolding definitions"
    left, right = numeric.polynomial(lhs), numeric.polynomial(rhs)
    if left is not None and right is not None:
        return "polynomial identity (expanded normal forms agree)" if left == right else None
    if _congruent(lhs, rhs):
        return "equal arguments inside the same function (polynomial or rational identity)"
    if (lhs.has(sp.Sum) or rhs.has(sp.Sum)) and sp.expand(_split_sums(lhs) - _split_sums(rhs)) == 0:
        return "linearity of sums (both sides agree term by term)"
    flags = _flagged(variables) if flags is None else flags
    difference = (lhs - rhs).xreplace(flags)
    method = _zero_by_rewriting(difference)
    if method:
        return method
    free = difference.free_symbols
    if len(free) == 1:
        (dummy,) = free
        original = {v: k for k, v in flags.items()}.get(dummy)
        domain = next((a.domain for a in variables if a.subject == original), None)
        if domain is not None:
            return _zero_by_derivative(difference, dummy, domain, original.name)
    return None


# ---------------------------------------------------------------- numeric evidence


class PointSource:
    """Random points of a derivation's variables, shared by all its steps (atoms drawn lazily)."""

    def __init__(self, derivation: Derivation, rng: random.Random):
        self.derivation = derivation
        self.rng = rng
        self.domains: dict[str, sp.Set] = {}
        self.integers: list[Assumption] = []
        for assumption in derivation.variables:
            subject = assumption.subject
            if isinstance(assumption.domain, sp.Range) or (
                    isinstance(subject, sp.Symbol) and subject.is_integer):
                self.integers.append(assumption)
            name = subject.label.name if isinstance(subject, sp.IndexedBase) else subject.name
            self.domains[name] = assumption.domain
        self.points: list[tuple[dict, numeric.Point]] = []
        self.samplers: dict[object, object] = {}
        self.scaled_samplers: dict[str, object] = {}
        self.flags = _flagged(derivation.variables)

    def point(self, index: int) -> tuple[dict[sp.Symbol, int], numeric.Point]:
        """Point `index`: the integer sizes (n, K, k) and the lazily drawn values of every atom."""
        while len(self.points) <= index:
            sizes: dict[sp.Symbol, int] = {}
            for assumption in self.integers:
                domain = assumption.domain.xreplace(sizes)
                sizes[assumption.subject] = numeric.sample(domain, self.rng)
            self.points.append((sizes, numeric.Point(lambda key, sizes=sizes: self._draw(key, sizes),
                                                     draw_scaled=self._draw_scaled if not sizes else None)))
        return self.points[index]

    def _draw_scaled(self, key: numeric.Key) -> int | None:
        sampler = self.scaled_samplers.get(key[0], False)
        if sampler is False:
            domain = self.domains.get(key[0])
            sampler = self.scaled_samplers[key[0]] = numeric.scaled_sampler(domain) if domain else None
        return sampler(self.rng) if sampler else None

    def _draw(self, key: numeric.Key, sizes: dict) -> Fraction | int:
        name = key[0]
        if not sizes:
            sampler = self.samplers.get(name)
            if sampler is not None:
                return sampler(self.rng)
        for symbol, value in sizes.items():
            if symbol.name == name and not key[1]:
                return value
        size_key = tuple(sorted((s.name, v) for s, v in sizes.items()))
        sampler = self.samplers.get((name, size_key))
        if sampler is None:
            domain = self.domains.get(name)
            if domain is None:
                raise numeric.Undefined(f"no domain stated for {numeric.key_name(key)}")
            if sizes and domain.free_symbols:
                domain = domain.xreplace(sizes)
            sampler = self.samplers[(name, size_key)] = numeric._sampler(domain)
            if not sizes:
                self.samplers[name] = sampler
        return sampler(self.rng)


@functools.lru_cache(maxsize=4096)
def _concrete(expr: sp.Expr, sizes: tuple[tuple[sp.Symbol, int], ...]) -> sp.Expr:
    if not sizes:
        return expr
    with sp.evaluate(False):  # only numbers are substituted; the evaluator needs no simplification
        return expr.xreplace(dict(sizes))  # sums keep their (now integer) bounds; the evaluator runs them


def _value(expr: sp.Expr, sizes: dict, point: numeric.Point) -> object:
    if sizes:
        expr = _concrete(expr, tuple(sorted(sizes.items(), key=lambda kv: kv[0].name)))
    return point.value(expr)


def _conditions_hold(source: PointSource, sizes: dict, point: numeric.Point) -> bool:
    for condition in source.derivation.conditions:
        value = _value(condition.subject, sizes, point)
        if value is None or not numeric.contains(condition.domain.xreplace(sizes), value):
            return False
    return True


# ---------------------------------------------------------------- the step checker


def _instance_error(step: Step, derivation: Derivation, names: Unfolder) -> str | None:
    """Why `step` is not a sound instance of its lemma, or None if it is."""
    lemma = step.lemma
    assert lemma is not None
    if lemma.status is not Status.PROVEN:
        return "cites a lemma that is not proven"
    left, right = lemma.derivation.claims[step.lemma_claim]
    substitution = dict(step.substitution)
    lhs, rhs = names(step.lhs), names(step.rhs)
    if not (same_expression(lhs, instantiate(left, substitution))
            and same_expression(rhs, instantiate(right, substitution))):
        return "is not an instance of the cited lemma"
    lemma_domains = {a.subject: a.domain for a in lemma.derivation.variables}
    own_domains = {a.subject: a.domain for a in derivation.variables}
    conditions = {(a.subject, a.domain) for a in derivation.conditions}
    for variable, value in substitution.items():
        domain = lemma_domains.get(variable)
        if domain is None:
            return f"substitutes {variable}, which is not a variable of the lemma"
        body = value.expr if isinstance(value, sp.Lambda) else value
        if domain == sp.S.Reals and _is_real_polynomial(body):
            continue
        if isinstance(value, sp.Symbol) and value in own_domains and own_domains[value].is_subset(domain):
            continue
        if any(subject == value and stated.is_subset(domain) for subject, stated in conditions):
            continue
        return f"cannot show that {value} lies in {domain}"
    return None


def same_expression(a: sp.Basic, b: sp.Basic) -> bool:
    """Structural equality up to the order of the arguments of sums and products."""
    if a == b:
        return True
    if type(a) is not type(b) or len(a.args) != len(b.args) or not a.args:
        return False
    if isinstance(a, (sp.Add, sp.Mul)):
        if Counter(a.args) == Counter(b.args):
            return True
        if len(a.args) > 20:
            return False
        remaining = list(b.args)
        for arg in a.args:
            match = next((r for r in remaining if same_expression(arg, r)), None)
            if match is None:
                return False
            remaining.remove(match)
        return True
    return all(same_expression(x, y) for x, y in zip(a.args, b.args))


def instantiate(expr: sp.Expr, substitution: dict) -> sp.Expr:
    """Substitute lemma variables: symbols by expressions, an IndexedBase by a Lambda of its index."""
    plain = {k: v for k, v in substitution.items() if not isinstance(k, sp.IndexedBase)}
    with sp.evaluate(False):  # substitute leaves only: the instance keeps the lemma's shape
        result = expr.xreplace(plain) if plain else expr
    for base, function in substitution.items():
        if isinstance(base, sp.IndexedBase):
            result = result.replace(lambda e, b=base: isinstance(e, sp.Indexed) and e.base == b,
                                    lambda e, f=function: f(*e.indices))
    return result


def _sides(step: Step, lemma_path: bool, lhs, rhs, sizes: dict, point: numeric.Point,
           lemma_unfolders: dict[int, Unfolder]) -> tuple[object, object]:
    """The values of the step's two sides at one point (through the lemma for instance steps)."""
    if not lemma_path:
        return _value(lhs, sizes, point), _value(rhs, sizes, point)
    lemma = step.lemma
    lemma_unfold = lemma_unfolders.get(id(lemma)) or Unfolder(lemma.derivation.definitions)
    left, right = lemma.derivation.claims[step.lemma_claim]
    inner = numeric.Point(point.atom, point.digits)
    for variable, value in step.substitution:
        evaluated = _value(value, sizes, point)
        if evaluated is None:
            return None, None
        inner.values[numeric.key_of(variable)] = evaluated
    return inner.value(lemma_unfold(left)), inner.value(lemma_unfold(right))


def _check_step(step: Step, position: tuple[int, int], derivation: Derivation, source: PointSource,
                unfolder: Unfolder, names: Unfolder, lemma_unfolders: dict[int, Unfolder]) -> StepVerdict:
    method: str | None
    lemma_path = False
    if step.lemma is not None:
        error = _instance_error(step, derivation, names)
        method = None if error else "instance of a proven lemma (structural substitution)"
        lemma_path = error is None and all(isinstance(k, sp.Symbol) for k, _ in step.substitution)
        lhs = rhs = None
        if not lemma_path:
            lhs, rhs = unfolder(step.lhs), unfolder(step.rhs)
    else:
        lhs, rhs = unfolder(step.lhs), unfolder(step.rhs)
        method = None  # decided after the numeric check, which is cheaper and may refute

    agreeing = 0
    for index in range(MAX_TRIES):
        sizes, point = source.point(index)
        if not _conditions_hold(source, sizes, point):
            continue
        a, b = _sides(step, lemma_path, lhs, rhs, sizes, point, lemma_unfolders)
        if a is None or b is None:
            continue  # a side is undefined here: no evidence either way
        disagree = numeric.differ(a, b)
        for digits in CONFIRM_DIGITS if disagree else ():  # rule out cancellation before refuting
            a2, b2 = _sides(step, lemma_path, lhs, rhs, sizes, point.at_precision(digits), lemma_unfolders)
            disagree = a2 is not None and b2 is not None and numeric.differ(a2, b2, digits)
            if not disagree:
                break
        if disagree:
            shown = [((s.name, ()), v) for s, v in sizes.items()] + list(point.values.items())
            reported = [((label, ()), point.value(expr)) for label, expr in derivation.info("report", ())]
            counterexample = Counterexample(
                point=numeric.names(shown[:12] + [r for r in reported if r[1] is not None]),
                lhs_value=numeric.show(a), rhs_value=numeric.show(b),
                chain=position[0], step=position[1])
            return StepVerdict(Status.REFUTED, "numeric disagreement", agreeing, counterexample)
        agreeing += 1
        if agreeing >= MIN_POINTS:
            break
    if agreeing < MIN_POINTS:
        return StepVerdict(Status.UNPROVEN, f"only {agreeing} numeric points could be evaluated", agreeing)
    if step.lemma is None:
        method = symbolic_zero(lhs, rhs, derivation.variables, source.flags)
    if method is None:
        return StepVerdict(Status.UNPROVEN, "SymPy could not reduce lhs - rhs to zero", agreeing)
    return StepVerdict(Status.PROVEN, method, agreeing)


def check(derivation: Derivation, rng: random.Random | None = None) -> Proof:
    """Check every step of every chain; the only way to obtain a Proof."""
    rng = rng or numeric.seeded_rng(derivation.title, derivation.statement, len(derivation.chains))
    source = PointSource(derivation, rng)
    definitions = derivation.definitions + tuple(
        d for lemma in derivation.lemmas for d in lemma.derivation.definitions)
    unfolder = Unfolder(definitions)
    names = Unfolder(d for d in derivation.definitions if d.names_a_value)
    lemma_unfolders = {id(lemma): Unfolder(lemma.derivation.definitions) for lemma in derivation.lemmas}
    verdicts: list[tuple[StepVerdict, ...]] = []
    first_counterexample = None
    status = Status.PROVEN
    for c, chain in enumerate(derivation.chains):
        chain_verdicts = []
        for s, step in enumerate(chain.steps):
            if s and not same_expression(chain.steps[s - 1].rhs, step.lhs):
                verdict = StepVerdict(Status.UNPROVEN, "does not continue the previous step", 0)
            else:
                verdict = _check_step(step, (c, s), derivation, source, unfolder, names, lemma_unfolders)
            chain_verdicts.append(verdict)
            if verdict.status is Status.REFUTED:
                status = Status.REFUTED
                first_counterexample = first_counterexample or verdict.counterexample
            elif verdict.status is Status.UNPROVEN and status is Status.PROVEN:
                status = Status.UNPROVEN
        verdicts.append(tuple(chain_verdicts))
    if not derivation.chains:
        status = Status.UNPROVEN
    for lemma in derivation.lemmas:  # a proof is no stronger than the lemmas it states
        if lemma.status is Status.REFUTED and status is not Status.REFUTED:
            status, first_counterexample = Status.REFUTED, lemma.counterexample
        elif lemma.status is Status.UNPROVEN and status is Status.PROVEN:
            status = Status.UNPROVEN
    return Proof(derivation, status, tuple(verdicts), first_counterexample, seal=_CHECKER_SEAL)


# ---------------------------------------------------------------- sign of a derivative


def check_sign(expr: sp.Expr, variable: sp.Symbol, domain: sp.Set,
               parameters: tuple[Assumption, ...] = (), rng: random.Random | None = None) -> tuple[Status, int, str]:
    """Whether `expr` keeps one strict sign on the (connected) domain: (status, +1 or -1, method).

    Proven when SymPy shows `expr` is continuous on the interval with no zero there (so it keeps the
    sign it has at one interior point), or decides the sign from the domain's assumptions; the sign is
    also checked at MIN_POINTS random points, and a point of the other sign refutes.
    """
    rng = rng or numeric.seeded_rng("sign", expr, domain)
    flags = _flagged((Assumption(variable, domain),) + parameters)
    flagged = expr.xreplace(flags)
    signs: set[int] = set()
    evaluated = 0
    point_domains = {variable: domain, **{a.subject: a.domain for a in parameters}}
    for _ in range(MIN_POINTS * 10):
        values = {numeric.key_of(v): numeric.sample(d, rng) for v, d in point_domains.items()}
        point = numeric.Point(values.__getitem__)
        result = point.value(expr)
        if result is None or getattr(result, "imag", 0):
            continue
        if result == 0:
            return Status.REFUTED, 0, f"zero at {variable} = {numeric.show(values[numeric.key_of(variable)])}"
        signs.add(1 if result > 0 else -1)
        if len(signs) > 1:
            return Status.REFUTED, 0, "takes both signs on the domain"
        evaluated += 1
        if evaluated >= MIN_POINTS:
            break
    if not signs:
        return Status.UNPROVEN, 0, "could not be evaluated on the domain"
    sign = signs.pop()
    for candidate in (flagged, sp.factor(sp.simplify(flagged))):
        if (candidate.is_positive and sign > 0) or (candidate.is_negative and sign < 0):
            return Status.PROVEN, sign, "sign decided by SymPy from the domain assumptions"
    if isinstance(domain, sp.Interval) and not parameters:
        dummy = flags[variable]
        try:
            zeros = sp.solveset(flagged, dummy, domain)
            continuous = continuous_domain(flagged, dummy, domain) == domain
        except (TypeError, ValueError, NotImplementedError, RecursionError):
            zeros, continuous = None, False
        if zeros == sp.S.EmptySet and continuous:
            return Status.PROVEN, sign, "continuous with no zero on the interval (intermediate value theorem)"
    return Status.UNPROVEN, sign, "SymPy could not decide the sign"
