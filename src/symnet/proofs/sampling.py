"""Where numeric evidence looks: random points of every variable's domain.

Points are spread over many decades (log-uniform magnitudes, both signs where the domain allows),
hug every finite end of an interval, and may be pinned beside special values (the real zeros of
denominators) that the checker registers.  Real values are dyadic rationals, so polynomial parts
evaluate exactly.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import math
import random
from fractions import Fraction

import mpmath
import sympy as sp

from symnet.proofs.written import substituted
from symnet.proofs.evaluate import DIGITS, Point, Undefined
from symnet.proofs.model import Assumption, Derivation
from symnet.proofs.polynomials import SCALE_BITS, Key, NotConcrete, key_name

_SCALE = 1 << SCALE_BITS
TOLERANCE = mpmath.mpf(10) ** -25


def seeded_rng(*parts: object) -> random.Random:
    """A deterministic generator per claim, so printed counterexamples are reproducible."""
    digest = hashlib.sha256("\x1f".join(sp.srepr(p) if isinstance(p, sp.Basic) else str(p)
                                        for p in parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _dyadic(value: float) -> Fraction:
    """A float is a dyadic rational: exact, so polynomials still evaluate exactly."""
    return Fraction(value)


def _spread(rng: random.Random) -> float:
    """A positive magnitude, log-uniform over 10**-9 .. 10**6 (points far out and very close in)."""
    return 10.0 ** rng.uniform(-9, 6)


def _candidate(rng: random.Random, low: Fraction | None, high: Fraction | None) -> Fraction:
    """One draw: half at moderate scale, half spread over many decades or hugging a finite end."""
    spread = rng.random() < 0.5
    if low is not None and high is not None:
        width = float(high - low)
        if spread:
            offset = width * min(0.5, 10.0 ** rng.uniform(-12, 0))
            return _dyadic(float(low) + offset) if rng.random() < 0.5 else _dyadic(float(high) - offset)
        return _dyadic(float(low) + width * rng.random())
    if low is not None:
        return _dyadic(float(low) + (_spread(rng) if spread else math.exp(rng.uniform(-4, 3))))
    if high is not None:
        return _dyadic(float(high) - (_spread(rng) if spread else math.exp(rng.uniform(-4, 3))))
    if spread:
        return _dyadic(rng.choice((-1, 1)) * _spread(rng))
    return Fraction(real_scaled(rng), _SCALE)


def sample(domain: sp.Set, rng: random.Random) -> Fraction | int:
    """One random point of `domain` (an interval, a union of intervals, or a range of integers)."""
    return _sampler(domain)(rng)


@functools.lru_cache(maxsize=1024)
def _sampler(domain: sp.Set):
    """A fast sampling function for the domain, built once (no SymPy calls per sample)."""
    if isinstance(domain, sp.Union):
        parts = [_sampler(part) for part in domain.args]
        return lambda rng: rng.choice(parts)(rng)
    if isinstance(domain, sp.Range):
        low = int(domain.inf)
        if not domain.sup.is_finite or int(domain.sup) - low <= 4:  # sizes: the smallest few
            high = low + 4 if not domain.sup.is_finite else int(domain.sup)
            return lambda rng: rng.randint(low, high)
        high = int(domain.sup)  # a long finite range (the classes k < K): both ends and anywhere between
        return lambda rng: rng.choice((rng.randint(low, low + 2), rng.randint(high - 2, high),
                                       rng.randint(low, high), rng.randint(low, high)))
    if isinstance(domain, sp.FiniteSet):
        values = sorted(int(v) for v in domain.args)
        return lambda rng: rng.choice(values)
    if domain is sp.S.Reals:
        return lambda rng: _candidate(rng, None, None)
    if not isinstance(domain, sp.Interval):
        raise ValueError(f"cannot sample from {domain}")
    low = None if domain.inf == -sp.oo else Fraction(str(sp.Rational(domain.inf))) if domain.inf.is_Rational \
        else Fraction(float(domain.inf))
    high = None if domain.sup == sp.oo else Fraction(str(sp.Rational(domain.sup))) if domain.sup.is_Rational \
        else Fraction(float(domain.sup))

    def inside(value: Fraction) -> bool:
        return ((low is None or value > low or (value == low and not domain.left_open))
                and (high is None or value < high or (value == high and not domain.right_open)))

    def draw(rng: random.Random) -> Fraction:
        for _ in range(1000):
            candidate = _candidate(rng, low, high)
            if inside(candidate):
                return candidate
        raise ValueError(f"cannot sample from {domain}")

    return draw


_REAL_BITS = tuple(SCALE_BITS + k for k in (-6, -2, 1, 2, 3, 4, 8, 14))  # |x| below 2**-6 ... 2**14


def real_scaled(rng: random.Random) -> int:
    """A random real as an integer multiple of 2**-20, of magnitude below 2**-6, ..., 2**14."""
    bits = _REAL_BITS[rng.getrandbits(3)]
    return rng.getrandbits(bits) - (1 << (bits - 1))


VECTOR_SCALES = (-4, 12)  # a real vector's entries lie below 2**4 ... 2**-12 in magnitude, one scale per point


def vector_scale(rng: random.Random) -> int:
    """The scale of one real vector at one point: its entries lie in (-2**-e, 2**-e)."""
    return rng.randint(*VECTOR_SCALES)


def entry_scaled(rng: random.Random, exponent: int) -> int:
    """2**20 times one entry of a real vector drawn at scale 2**-exponent (uniform, so a sum of n products of
    entries grows like sqrt(n), and a point stays usable for a wide layer)."""
    bits = SCALE_BITS - exponent
    return rng.getrandbits(bits + 1) - (1 << bits)


def scaled_sampler(domain: sp.Set):
    """For the real line: a sampler of 2**20 * value (skips building Fractions); None otherwise."""
    return real_scaled if domain is sp.S.Reals else None


def contains(domain: sp.Set, value: object) -> bool:
    """Whether a numeric value (Fraction, int or mpmath number) lies in the domain."""
    if isinstance(value, mpmath.mpc):
        if abs(value.imag) > TOLERANCE:
            return False
        value = value.real
    if domain is sp.S.Reals:  # the one real line (Interval(-oo, oo) is built as this singleton)
        return True
    if isinstance(domain, sp.Union):
        return any(contains(part, value) for part in domain.args)
    if isinstance(domain, sp.Interval):
        low, high = _bounds(domain)
        number = value if isinstance(value, (Fraction, int)) else Fraction(mpmath.nstr(value, DIGITS)) \
            if mpmath.isfinite(value) else None
        if number is None:
            return False
        above = low is None or number > low or (number == low and not domain.left_open)
        below = high is None or number < high or (number == high and not domain.right_open)
        return above and below
    number = sp.Rational(value.numerator, value.denominator) if isinstance(value, Fraction) \
        else sp.Float(mpmath.nstr(value, DIGITS), DIGITS)
    return domain.contains(number) is sp.true


@functools.lru_cache(maxsize=1024)
def _bounds(domain: sp.Interval) -> tuple[Fraction | None, Fraction | None]:
    def bound(value: sp.Expr) -> Fraction | None:
        if value.is_infinite:
            return None
        if value.is_Rational:
            return Fraction(int(value.p), int(value.q))
        return Fraction(mpmath.nstr(mpmath.mpf(sp.N(value, DIGITS)), DIGITS))

    return bound(domain.inf), bound(domain.sup)


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
        self.points: list[tuple[dict, Point]] = []
        self.samplers: dict[object, object] = {}
        self.scaled_samplers: dict[str, object] = {}
        self.special: dict[str, list[Fraction]] = {}

    def point(self, index: int) -> tuple[dict[sp.Symbol, int], Point]:
        """Point `index`: the integer sizes (n, K, k) and the lazily drawn values of every atom."""
        while len(self.points) <= index:
            sizes: dict[sp.Symbol, int] = {}
            for assumption in self.integers:
                domain = assumption.domain.xreplace(sizes)
                sizes[assumption.subject] = sample(domain, self.rng)
            scales: dict[str, int] = {}  # the scale of each real vector (x, w, b, eta) at this point
            self.points.append((sizes, Point(
                lambda key, sizes=sizes, scales=scales: self._draw(key, sizes, scales),
                draw_scaled=(lambda key, scales=scales: self._draw_scaled(key, scales)) if not sizes else None,
                fill_scaled=(lambda keys, out, scales=scales: self._fill_scaled(keys, out, scales))
                if not sizes else None)))
        return self.points[index]

    def _fill_scaled(self, keys: list[Key], out: dict[Key, int], scales: dict[str, int]) -> None:
        """`_draw_scaled` for many keys in order: the same values, entries of one vector drawn in one run."""
        getrandbits, reals = self.rng.getrandbits, sp.S.Reals
        position = 0
        while position < len(keys):
            name, indices = keys[position]
            if not indices or self.domains.get(name) is not reals:
                found = self._draw_scaled(keys[position], scales)
                if found is not None:
                    out[keys[position]] = found
                position += 1
                continue
            end = bisect.bisect_left(keys, (name + "\x00",), position + 1)  # keys come sorted: a run per vector
            if not all(key[0] == name and key[1] for key in (keys[end - 1],)) or (
                    end < len(keys) and keys[end][0] == name):
                end = position + 1  # not sorted after all: find the run one key at a time
                while end < len(keys) and keys[end][0] == name and keys[end][1]:
                    end += 1
            exponent = scales.get(name)
            if exponent is None:
                exponent = scales[name] = vector_scale(self.rng)
            bits = SCALE_BITS - exponent
            half, width = 1 << bits, bits + 1
            out.update(zip(keys[position:end], [getrandbits(width) - half for _ in range(end - position)]))
            position = end

    def _entry(self, key: Key, scales: dict[str, int]) -> int | None:
        """2**20 times an entry of a real vector, or None for anything else (see `entry_scaled`)."""
        if not key[1] or self.domains.get(key[0]) is not sp.S.Reals:
            return None
        exponent = scales.get(key[0])
        if exponent is None:
            exponent = scales[key[0]] = vector_scale(self.rng)
        return entry_scaled(self.rng, exponent)

    def _draw_scaled(self, key: Key, scales: dict[str, int]) -> int | None:
        entry = self._entry(key, scales)
        if entry is not None:
            return entry
        sampler = self.scaled_samplers.get(key[0], False)
        if sampler is False:
            domain = self.domains.get(key[0])
            sampler = self.scaled_samplers[key[0]] = scaled_sampler(domain) if domain else None
        return sampler(self.rng) if sampler else None

    def add_special(self, name: str, values: list[Fraction]) -> None:
        """Values of a variable that later points use now and then (beside the zeros of denominators)."""
        domain = self.domains.get(name)
        if domain is None or domain.free_symbols or isinstance(domain, (sp.Range, sp.FiniteSet)):
            return
        known = self.special.setdefault(name, [])
        known.extend(v for v in values if v not in known and contains(domain, v))

    def _draw(self, key: Key, sizes: dict, scales: dict[str, int]) -> Fraction | int:
        name = key[0]
        special = self.special.get(name)
        if special and not key[1] and self.rng.random() < 0.3:
            return self.rng.choice(special)
        entry = self._entry(key, scales)
        if entry is not None:
            return Fraction(entry, _SCALE)
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
                raise Undefined(f"no domain stated for {key_name(key)}")
            if sizes and domain.free_symbols:
                domain = domain.xreplace(sizes)
            sampler = self.samplers[(name, size_key)] = _sampler(domain)
            if not sizes:
                self.samplers[name] = sampler
        return sampler(self.rng)


@functools.lru_cache(maxsize=4096)
def _concrete(expr: sp.Expr, sizes: tuple[tuple[sp.Symbol, int], ...]) -> sp.Expr:
    if not sizes:
        return expr
    # only numbers are substituted, as written: sums keep their (now integer) bounds; the evaluator runs them
    return substituted(expr, dict(sizes))


def _value(expr: sp.Expr, sizes: dict, point: Point) -> tuple[object, object]:
    """(value, error bound) of `expr` at the point, reading the sizes (n, K, k) from it; an expression the
    evaluator cannot read them into (a sum with symbolic bounds of a non-polynomial) gets them substituted."""
    if not sizes:
        return point.value_and_error(expr)
    try:
        return point.value_and_error(expr, strict=True)
    except NotConcrete:
        return point.value_and_error(_concrete(expr, tuple(sorted(sizes.items(), key=lambda kv: kv[0].name))))


def _exact(value: mpmath.mpf) -> Fraction:
    """A finite binary mpmath number as the Fraction it is."""
    sign, mantissa, exponent, _ = value._mpf_
    mantissa, exponent = (-1) ** sign * int(mantissa), int(exponent)
    return Fraction(mantissa * (1 << exponent)) if exponent >= 0 else Fraction(mantissa, 1 << -exponent)


def certainly_contains(domain: sp.Set, value: object, error: object) -> bool:
    """Whether every number within `error` of `value` lies in the domain (an exact value: whether it does).

    A point where a stated condition only seems to hold (its value is within rounding of the boundary) is
    not a point of the domain: a counterexample there would not be one.
    """
    if isinstance(value, (Fraction, int)) and error == 0:
        return contains(domain, value)
    if error is None or not mpmath.isfinite(error):
        return False
    if isinstance(value, mpmath.mpc):
        if abs(value.imag) > error:
            return False  # certainly not real
        value = value.real
    centre, radius = (Fraction(v) if isinstance(v, (Fraction, int)) else _exact(v) for v in (value, error))
    ends = [centre - radius, centre + radius]
    parts = domain.args if isinstance(domain, sp.Union) else (domain,)
    return any((part is sp.S.Reals or isinstance(part, sp.Interval)) and all(contains(part, end) for end in ends)
               for part in parts)


def _conditions_hold(source: PointSource, sizes: dict, point: Point) -> bool:
    for condition in source.derivation.conditions:
        value, error = _value(condition.subject, sizes, point)
        if value is None or not certainly_contains(_sized(condition.domain, tuple(sizes.items())), value, error):
            return False
    return True


@functools.lru_cache(maxsize=4096)
def _sized(domain: sp.Set, sizes: tuple) -> sp.Set:
    return domain.xreplace(dict(sizes)) if sizes and domain.free_symbols else domain
