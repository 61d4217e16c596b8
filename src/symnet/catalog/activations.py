"""Activations people try that are not the inverse of a catalog link, each with the reason.

Three kinds, each answered by a checked proof (symnet.proofs.activations):
- "collision": h is constant on part of the line, so two points collide (relu(-1) = relu(-2));
- "not monotone": h' changes sign, so h is not one-to-one (a continuous one-to-one function is monotone);
- "bijection": h is one-to-one onto its range, with a link that symnet states branch by branch.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symnet.catalog.symbols import ETA, MU

_HALF = sp.Rational(1, 2)
LEAKY_SLOPE = sp.Rational(1, 100)  # PyTorch's default negative_slope for nn.LeakyReLU


@dataclass(frozen=True)
class Branch:
    """One piece of a one-to-one activation: h on `eta_domain`, undone by `link` on `mu_domain`."""

    activation: sp.Expr
    link: sp.Expr
    eta_domain: sp.Set
    mu_domain: sp.Set


@dataclass(frozen=True)
class Activation:
    """An activation that is not a catalog link's inverse, and why."""

    name: str
    formula: sp.Expr  # in ETA
    tex: str
    kind: str  # "collision", "not monotone" or "bijection"
    points: tuple[sp.Expr, sp.Expr] = ()  # two colliding points, or two points where h' has opposite signs
    flat: str = ""  # where a colliding activation is constant, as text ("eta <= 0")
    branches: tuple[Branch, ...] = ()
    names: tuple[str, ...] = ()  # Keras / PyTorch spellings
    note: str = ""

    def h(self, value: sp.Expr) -> sp.Expr:
        return self.formula.xreplace({ETA: value})


_SIGMOID = 1 / (1 + sp.exp(-ETA))
_PHI = (1 + sp.erf(ETA / sp.sqrt(2))) / 2

ACTIVATIONS: tuple[Activation, ...] = (
    Activation("relu", sp.Max(0, ETA), r"\operatorname{relu}", "collision", (sp.Integer(-1), sp.Integer(-2)),
               flat="eta <= 0", names=("nn.ReLU", "torch.relu")),
    Activation("relu6", sp.Min(6, sp.Max(0, ETA)), r"\operatorname{relu6}", "collision",
               (sp.Integer(-1), sp.Integer(-2)), flat="eta <= 0 (and for eta >= 6)",
               names=("nn.ReLU6",), note="min(max(0, eta), 6)"),
    Activation("hard_sigmoid", sp.Min(1, sp.Max(0, ETA / 6 + _HALF)), r"\operatorname{hard\_sigmoid}", "collision",
               (sp.Integer(-4), sp.Integer(-5)), flat="eta <= -3", names=("nn.Hardsigmoid", "hardsigmoid", "hard-sigmoid"),
               note="Keras 3 and PyTorch: relu6(eta + 3)/6"),
    Activation("gelu", ETA * _PHI, r"\operatorname{gelu}", "not monotone", (sp.Integer(-1), sp.Integer(1)),
               names=("nn.GELU",), note="the exact GELU, eta Phi(eta)"),
    Activation("silu", ETA * _SIGMOID, r"\operatorname{silu}", "not monotone", (sp.Integer(-2), sp.Integer(1)),
               names=("swish", "nn.SiLU")),
    Activation("mish", ETA * sp.tanh(sp.log(1 + sp.exp(ETA))), r"\operatorname{mish}", "not monotone",
               (sp.Integer(-2), sp.Integer(1)), names=("nn.Mish",)),
    Activation("elu", sp.Piecewise((ETA, ETA >= 0), (sp.exp(ETA) - 1, True)), r"\operatorname{elu}", "bijection",
               branches=(Branch(ETA, MU, sp.Interval(0, sp.oo), sp.Interval(0, sp.oo)),
                         Branch(sp.exp(ETA) - 1, sp.log(1 + MU), sp.Interval.open(-sp.oo, 0), sp.Interval.open(-1, 0))),
               names=("nn.ELU",), note="alpha = 1"),
    Activation("leaky_relu", sp.Piecewise((ETA, ETA >= 0), (LEAKY_SLOPE * ETA, True)), r"\operatorname{leaky\_relu}",
               "bijection",
               branches=(Branch(ETA, MU, sp.Interval(0, sp.oo), sp.Interval(0, sp.oo)),
                         Branch(LEAKY_SLOPE * ETA, MU / LEAKY_SLOPE, sp.Interval.open(-sp.oo, 0),
                                sp.Interval.open(-sp.oo, 0))),
               names=("nn.LeakyReLU", "leakyrelu"), note="negative slope 0.01 (PyTorch's default)"),
)


def _key(name: str) -> str:
    key = name.strip().lower()
    for prefix in ("torch.nn.functional.", "torch.nn.", "torch.", "nn.", "keras.activations."):
        key = key.removeprefix(prefix)
    return key.replace("-", "_").replace(" ", "_").removesuffix("()")


def find_activation(name: str) -> Activation | None:
    """The activation called `name` (any listed spelling), or None."""
    wanted = _key(name)
    for activation in ACTIVATIONS:
        if wanted in {_key(n) for n in (activation.name, *activation.names)}:
            return activation
    return None
