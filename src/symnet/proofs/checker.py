"""The trusted core: turns a Derivation into a Proof that is proven, refuted or unproven.

A step is proven only when (1) a symbolic rule reduces lhs - rhs to zero with its side conditions
discharged (`rules`), or the step is an instance of a proven lemma with its domain obligations
discharged (`instances`), AND (2) both sides agree at >= MIN_POINTS points spread over the domain
(`sampling`, `evidence`).  A step is refuted only by a point where the two sides certainly differ.
Everything else is unproven, with the reason.  The rules and their soundness: docs/kernel.md.
"""

from __future__ import annotations

import functools
import random
from fractions import Fraction

import sympy as sp

from symnet.proofs import evaluate_nodes, seal  # noqa: F401 - the evaluation rules, loaded with the checker
from symnet.proofs.budget import Budget, BudgetExceeded, current
from symnet.proofs.evaluate import Point, show, show_difference
from symnet.proofs.instance_points import sides
from symnet.proofs.evidence import Verdict, weigh
from symnet.proofs.instances import instance_error, same_expression
from symnet.proofs.model import Counterexample, Definition, Derivation, Proof, Status, Step, StepVerdict
from symnet.proofs.polynomials import key_name
from symnet.proofs.rules import Reduction, flagged_symbols, symbolic_zero
from symnet.proofs.sampling import PointSource, _conditions_hold, seeded_rng
from symnet.proofs.unfold import Unfolder

MIN_POINTS = 20
MAX_TRIES = 400


def _issued_verdict(status: Status, method: str, points: int, counterexample: Counterexample | None = None
                    ) -> StepVerdict:
    verdict = StepVerdict(status, method, points, counterexample)
    return seal.issue(verdict, status)


@functools.lru_cache(maxsize=4096)
def _powers_and_logs(expr: sp.Basic) -> frozenset:
    """The powers and logarithms in `expr` (atoms and indexed symbols are not entered; shared subtrees once)."""
    if expr.is_Atom or isinstance(expr, sp.Indexed):
        return frozenset()
    found = frozenset().union(*(_powers_and_logs(arg) for arg in expr.args if not _flat_term(arg)))
    return found | {expr} if isinstance(expr, (sp.Pow, sp.log)) else found


def _flat_term(expr: sp.Basic) -> bool:
    """An atom, an indexed symbol or a product of them (a term of a dense layer): no power or log inside."""
    return expr.is_Atom or isinstance(expr, sp.Indexed) or (
        isinstance(expr, sp.Mul) and all(a.is_Atom or isinstance(a, sp.Indexed) for a in expr.args))


def _special_values(*sides: sp.Expr) -> dict[str, list[Fraction]]:
    """Points beside the real zeros of denominators, log arguments and power bases (one variable each)."""
    found: dict[str, list[Fraction]] = {}
    nodes = set().union(*(_powers_and_logs(side) for side in sides))
    candidates = [node.base for node in nodes if isinstance(node, sp.Pow) and not (node.exp.is_Integer and node.exp > 0)]
    candidates += [node.args[0] for node in nodes if isinstance(node, sp.log)]
    for base in candidates:
        near = _beside_real_roots(base)
        if near is not None:
            found.setdefault(near[0], []).extend(near[1])
    return found


@functools.lru_cache(maxsize=4096)
def _beside_real_roots(base: sp.Expr) -> tuple[str, tuple[Fraction, ...]] | None:
    """(variable, points on and beside the real roots) of a polynomial in one variable, or None."""
    symbols = base.free_symbols
    if len(symbols) != 1:
        return None
    (symbol,) = symbols
    if not base.is_polynomial(symbol):  # what Poly below would refuse, found without building it
        return None
    try:
        poly = sp.Poly(base, symbol)
        if poly.degree() > 6 or not all(c.is_Rational for c in poly.all_coeffs()):
            return None
        roots = poly.real_roots()
    except (sp.PolynomialError, NotImplementedError, ValueError):
        return None
    values: list[Fraction] = []
    for root in roots:
        centre = Fraction(float(root))
        values += [centre] + [centre + sign * Fraction(10.0 ** -k) for k in (3, 6, 9) for sign in (1, -1)]
    return symbol.name, tuple(values)


class _StepChecker:
    """Checks the steps of one derivation against one shared set of points."""

    def __init__(self, derivation: Derivation, rng: random.Random, budget: Budget):
        self.derivation = derivation
        self.budget = budget
        self.source = PointSource(derivation, rng)
        definitions = derivation.definitions + tuple(
            d for lemma in derivation.lemmas for d in lemma.derivation.definitions)
        self.unfolder = Unfolder(definitions)
        self.names = Unfolder((d for d in derivation.definitions if d.names_a_value), as_written=True)
        self.written = Unfolder(definitions, as_written=True)  # what automatic evaluation may have hidden
        self.entries: dict[tuple, sp.Expr] = {}  # (vector, entry) -> its unfolded formula, for lemma instances
        self.lemma_unfolders = {id(lemma): Unfolder(lemma.derivation.definitions) for lemma in derivation.lemmas}
        self.flags = flagged_symbols(derivation.variables)

    def step(self, step: Step, position: tuple[int, int]) -> StepVerdict:
        lemma_path = False
        lhs = rhs = None
        if step.lemma is not None:
            error = instance_error(step, self.derivation, self.names)
            if error:
                return _issued_verdict(Status.UNPROVEN, f"not a valid instance of the cited lemma: it {error}", 0)
            lemma_path = all(isinstance(k, (sp.Symbol, sp.IndexedBase)) for k, _ in step.substitution)
        if not lemma_path:
            lhs, rhs = self.unfolder(step.lhs), self.unfolder(step.rhs)
            for name, values in _special_values(lhs, rhs).items():
                self.source.add_special(name, values)
        agreeing = unsure = 0
        with self.budget.guard():  # one point can be slow to evaluate: the deadline interrupts it
            for index in range(MAX_TRIES):
                if self.budget.expired():
                    raise BudgetExceeded
                sizes, point = self.source.point(index)
                if not _conditions_hold(self.source, sizes, point):
                    continue
                verdict, a, b = weigh(
                    lambda p: sides(step, lemma_path, lhs, rhs, sizes, p, self.lemma_unfolders, self.unfolder,
                                    self.entries), point)
                if verdict is Verdict.DIFFER:
                    return _issued_verdict(Status.REFUTED, "the two sides certainly differ at a point", agreeing,
                                           self._counterexample(sizes, point, a, b, position))
                if verdict is Verdict.UNSURE:
                    unsure += 1
                    continue
                agreeing += 1
                if agreeing >= MIN_POINTS:
                    break
        if agreeing < MIN_POINTS:
            return _issued_verdict(Status.UNPROVEN, f"only {agreeing} points gave certain numeric agreement "
                                   f"({unsure} were undefined or too ill-conditioned)", agreeing)
        if step.lemma is not None:
            return _issued_verdict(Status.PROVEN, "instance of a proven lemma (structural substitution)", agreeing)
        with self.budget.guard():
            reduction: Reduction = symbolic_zero(lhs, rhs, self.derivation.variables, self.derivation.conditions,
                                                 self.flags, (self.written(step.lhs), self.written(step.rhs)))
        if reduction.method is None:
            return _issued_verdict(Status.UNPROVEN, reduction.reason, agreeing)
        return _issued_verdict(Status.PROVEN, reduction.method, agreeing)

    def _counterexample(self, sizes, point: Point, a, b, position) -> Counterexample:
        shown = [((s.name, ()), v) for s, v in sizes.items()] + list(point.values.items())
        reported = [((label, ()), point.value(expr)) for label, expr in self.derivation.info("report", ())]
        pairs = shown[:12] + [r for r in reported if r[1] is not None]
        return Counterexample(point=tuple((key_name(k), show(v)) for k, v in pairs),
                              lhs_value=show(a), rhs_value=show(b), chain=position[0], step=position[1],
                              difference=show_difference(a, b))


def _duplicate_heads(derivation: Derivation) -> str | None:
    seen: dict[object, Definition] = {}
    for definition in derivation.definitions + tuple(d for l in derivation.lemmas for d in l.derivation.definitions):
        other = seen.setdefault(definition.head, definition)
        if other is not definition and other != definition:
            return f"the name {definition.head} is defined twice, differently"
    return None


def check(derivation: Derivation, rng: random.Random | None = None, budget: Budget | None = None) -> Proof:
    """Check every step of every chain and the parameter identification; the only way to issue a Proof."""
    budget = budget or current()
    rng = rng or seeded_rng(derivation.title, derivation.statement, len(derivation.chains))
    verdicts: list[tuple[StepVerdict, ...]] = []
    summary = _duplicate_heads(derivation) or ("a proof needs at least one chain" if not derivation.chains else "")
    status = Status.UNPROVEN if summary else Status.PROVEN
    counterexample = None
    checker = None if summary else _StepChecker(derivation, rng, budget)

    def record(verdict: StepVerdict, where: str) -> None:
        nonlocal status, counterexample, summary
        outcome = verdict.outcome
        if outcome is Status.REFUTED and status is not Status.REFUTED:
            status, counterexample, summary = Status.REFUTED, verdict.counterexample, f"{where}: {verdict.method}"
        elif outcome is Status.UNPROVEN and status is Status.PROVEN:
            status, summary = Status.UNPROVEN, f"{where}: {verdict.method}"

    for c, chain in enumerate(derivation.chains):
        chain_verdicts = []
        for s, step in enumerate(chain.steps):
            where = f"step {s + 1} of chain {c + 1}"
            if checker is None:
                verdict = _issued_verdict(Status.UNPROVEN, summary, 0)
            elif s and not same_expression(chain.steps[s - 1].rhs, step.lhs):
                verdict = _issued_verdict(Status.UNPROVEN, "does not continue the previous step", 0)
            else:
                budget.report(f"checking {where} of '{derivation.title}'")
                try:
                    verdict = checker.step(step, (c, s))
                except BudgetExceeded:
                    verdict = _issued_verdict(Status.UNPROVEN, "the time budget ran out before this step was decided", 0)
            chain_verdicts.append(verdict)
            record(verdict, where)
        verdicts.append(tuple(chain_verdicts))
    identification = []
    for left, right in derivation.identification:
        where = f"the identification {sp.sstr(left)} = {sp.sstr(right)}"
        if checker is None:
            continue
        if same_expression(checker.unfolder(left), checker.unfolder(right)):  # definitional: the same formula
            verdict = _issued_verdict(Status.PROVEN, "both sides unfold to the same expression", 0)
        else:
            verdict = _issued_verdict(Status.UNPROVEN, "the two sides do not unfold to the same expression", 0)
        identification.append(verdict)
        record(verdict, where)
    for lemma in derivation.lemmas:  # a proof is no stronger than the lemmas it states
        lemma_status = lemma.status
        if lemma_status is Status.REFUTED and status is not Status.REFUTED:
            status, counterexample, summary = Status.REFUTED, lemma.counterexample, f"lemma '{lemma.title}' is refuted"
        elif lemma_status is Status.UNPROVEN and status is Status.PROVEN:
            status, summary = Status.UNPROVEN, f"lemma '{lemma.title}' is unproven"
    proof = Proof(derivation, tuple(verdicts), counterexample, tuple(identification), summary)
    return seal.issue(proof, status)
