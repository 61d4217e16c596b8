"""The symbolic network with no hidden layer: inputs x, weights w, biases b, K output units.

Two sizes: symbolic n (indexed sums, one proof for every n) and concrete n (expanded elementwise).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sympy as sp

from symnet.errors import BadSizeError, parameter
from symnet.grammar import plural
from symnet.layers import affine, indexed

MAX_WEIGHTS = 110_000  # (n + 1) K parameters: the largest concrete network whose proof fits the default budget

X = sp.IndexedBase("x", real=True)
W = sp.IndexedBase("w", real=True)
B = sp.IndexedBase("b", real=True)
BIAS = sp.Symbol("b", real=True)
BETA = sp.IndexedBase("beta", real=True)
YHAT = sp.IndexedBase(r"\hat{y}", real=True)
N = sp.Symbol("n", integer=True, positive=True)
K = sp.Symbol("K", integer=True, positive=True)
I = sp.Symbol("i", integer=True, positive=True)
J = sp.Symbol("j", integer=True, positive=True)
KK = sp.Symbol("k", integer=True, positive=True)


def validate_size(value: object, what: str, minimum: int = 1) -> int | None:
    """A size argument as a positive int (None stays None = symbolic); anything else is a BadSizeError."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadSizeError(f"{parameter(what)} must be a whole number, got {value!r}")
    if value < minimum:
        raise BadSizeError(f"{parameter(what)} must be at least {minimum}, got {value}")
    return value


@dataclass(frozen=True)
class Network:
    """inputs -> Dense(outputs) -> activation; `inputs=None` means a symbolic number n of inputs."""

    inputs: int | None
    outputs: int | None  # None: a symbolic number K of softmax outputs; 1 for a scalar link

    def __post_init__(self) -> None:
        validate_size(self.inputs, "inputs")
        validate_size(self.outputs, "outputs")
        if self.inputs is not None:
            weights = (self.inputs + 1) * (self.outputs or 1)
            if weights > MAX_WEIGHTS:
                outputs = self.outputs or 1
                largest = MAX_WEIGHTS // outputs - 1
                accepted = (f"the largest accepted with {plural(outputs, 'output')} is {plural(largest, 'input')}"
                            if largest >= 1 else f"no number of inputs is accepted with {plural(outputs, 'output')}")
                raise BadSizeError(
                    f"a network with {plural(self.inputs, 'input')} and {plural(outputs, 'output')} "
                    f"has {plural(weights, 'parameter')}; symnet expands at most {MAX_WEIGHTS} parameters "
                    f"elementwise, which it checks within the default time budget ({accepted}). "
                    f"Omit {parameter('inputs')} for the symbolic-n proof, which covers every size")

    @property
    def scalar(self) -> bool:
        return self.outputs == 1

    @property
    def n(self) -> sp.Expr:
        return N if self.inputs is None else sp.Integer(self.inputs)

    @property
    def k_outputs(self) -> sp.Expr:
        return K if self.outputs is None else sp.Integer(self.outputs)

    def weight(self, k: sp.Expr | int, i: sp.Expr | int) -> sp.Expr:
        return indexed(W, i) if self.scalar else indexed(W, k, i)

    def bias(self, k: sp.Expr | int) -> sp.Expr:
        return BIAS if self.scalar else indexed(B, k)

    def coefficient(self, k: sp.Expr | int, i: sp.Expr | int) -> sp.Expr:
        """The GLM coefficient beta (beta_0 is the intercept)."""
        return indexed(BETA, i) if self.scalar else indexed(BETA, k, i)

    def affine(self, intercept: sp.Expr, slope) -> sp.Expr:
        """intercept + sum_i slope(i) x_i, expanded elementwise for concrete n (an indexed Sum otherwise)."""
        if self.inputs is None:
            return self.compact(intercept, slope)
        return affine(intercept, slope, X, self.inputs)

    def compact(self, intercept: sp.Expr, slope) -> sp.Expr:
        """intercept + Sum_{i=1}^{n} slope(i) x_i as one indexed Sum, for symbolic or concrete n (one input:
        the single term, not a sum from 1 to 1)."""
        if self.inputs == 1:
            return intercept + slope(sp.Integer(1)) * indexed(X, sp.Integer(1))
        return intercept + sp.Sum(slope(I) * indexed(X, I), (I, 1, self.n))

    @functools.lru_cache(maxsize=None)
    def eta(self, k: sp.Expr | int = 1) -> sp.Expr:
        """The pre-activation b_k + sum_i w_ki x_i of output k: the GLM linear predictor."""
        if self.inputs is None or not (isinstance(k, int) or getattr(k, "is_Integer", False)):
            return self.affine(self.bias(k), lambda i: self.weight(k, i))
        layout = (BIAS, W, X, False) if self.scalar else (B, W, X, True)  # plain weight atoms: the fast layout
        return affine(self.bias(k), lambda i: self.weight(k, i), X, self.inputs, layout)

    def glm_predictor(self, k: sp.Expr | int = 1) -> sp.Expr:
        """beta_k0 + sum_i beta_ki x_i, the GLM's linear predictor in its own parameters (a Sum)."""
        return self.compact(self.coefficient(k, 0), lambda i: self.coefficient(k, i))

    def variables(self) -> tuple[tuple[sp.Basic, sp.Set, str], ...]:
        """(variable, domain, words) for every x, w, b (real), n >= 1 and, for symbolic K, 1 <= k < K."""
        out: list[tuple[sp.Basic, sp.Set, str]] = []
        if self.inputs is None:
            out.append((N, sp.Range(1, sp.oo), "any number n >= 1 of inputs"))
        if self.outputs is None:
            out.append((K, sp.Range(2, sp.oo), "any number K >= 2 of outputs"))
            out.append((KK, sp.Range(1, K), "every class k = 1, ..., K - 1"))
        out += [(X, sp.S.Reals, "every input x_i is real"), (W, sp.S.Reals, "every weight is real"),
                (BIAS if self.scalar else B, sp.S.Reals, "every bias is real")]
        return tuple(out)
