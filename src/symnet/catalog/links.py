"""The link catalog: one frozen record per GLM link, each formula written exactly once.

A scalar link is g(mu) = eta with inverse h(eta) = mu (the network's activation).  The
multinomial logit is the one vector link: softmax outputs, reference-category log-odds.
Everything else (derivatives, proofs, documents, names tables) is computed from these records.
"""

from __future__ import annotations

import functools

from dataclasses import dataclass, field

import sympy as sp

from symnet.catalog.heads import display_function
from symnet.catalog.symbols import ALPHA, ETA, LAMBDA, MU, NEGATIVE, NONZERO, POSITIVE, REALS, UNIT


@dataclass(frozen=True)
class LibraryNames:
    """How the link or its activation is spelled in R, statsmodels, Keras and PyTorch."""

    r: tuple[str, ...] = ()
    statsmodels: tuple[str, ...] = ()
    keras: tuple[str, ...] = ()
    pytorch: tuple[str, ...] = ()
    other: tuple[str, ...] = ()

    def all(self) -> tuple[str, ...]:
        return self.r + self.statsmodels + self.keras + self.pytorch + self.other


@dataclass(frozen=True)
class Parameter:
    """A link parameter such as the power lambda or the negative-binomial alpha, with its domain."""

    symbol: sp.Symbol
    domain: sp.Set
    meaning: str


@dataclass(frozen=True)
class Link:
    """One GLM link g with inverse h = g^-1, the activation of a no-hidden-layer network."""

    name: str
    title: str
    activation: str
    link: sp.Expr
    inverse: sp.Expr
    mu_domain: sp.Set
    eta_range: sp.Set
    canonical_family: str | None
    link_tex: str
    activation_tex: str
    names: LibraryNames
    parameters: tuple[Parameter, ...] = ()
    cdf_of: str | None = None
    special_cases: tuple[tuple[sp.Expr, str], ...] = ()
    range_note: str = ""
    vector: bool = False
    family: str | None = None  # the family documents pair a non-canonical link with
    link_text: str = ""  # g in plain text when it is not the name (a custom link prints as g)
    inverse_text: str = ""  # h in plain text when it is not the Keras name or g^-1

    @property
    def paired_family(self) -> str | None:
        """The family whose likelihood the documents use with this link."""
        return self.canonical_family or self.family

    @property
    def link_head(self) -> sp.FunctionClass:
        """The display function g (unfolded by the checker to the link formula)."""
        return display_function(f"g_{self.name}", self.link_tex, self.link_text or (
            self.name if self.activation_text != "h" else "g"))  # g(h(eta)), not logc(h(eta))

    @property
    def activation_head(self) -> sp.FunctionClass:
        """The display function h = g^-1 (unfolded by the checker to the activation formula)."""
        return display_function(f"h_{self.name}", self.activation_tex, self.activation_text)

    @property
    def activation_text(self) -> str:
        """h in plain text: the Keras name where there is one, else h (as in the lemma g(h(eta)) = eta)."""
        if getattr(self, "inverse_text", ""):
            return self.inverse_text
        return self.names.keras[0] if self.names.keras else "h"

    def g(self, value: sp.Expr) -> sp.Expr:
        """The link applied to an expression."""
        return _applied(self.link, MU, value)

    def h(self, value: sp.Expr) -> sp.Expr:
        """The inverse link (the activation) applied to an expression."""
        return _applied(self.inverse, ETA, value)


@functools.lru_cache(maxsize=4096)
def _applied(formula: sp.Expr, variable: sp.Symbol, value: sp.Expr) -> sp.Expr:
    """`formula` with `variable` replaced by `value`, evaluated once (the proof and its checker both ask)."""
    return formula.xreplace({variable: value})


@dataclass(frozen=True)
class VectorLink:
    """The multinomial logit: K softmax outputs, identified through K-1 reference log-odds."""

    name: str
    title: str
    activation: str
    canonical_family: str
    link_tex: str
    activation_tex: str
    names: LibraryNames
    parameters: tuple[Parameter, ...] = ()
    cdf_of: str | None = None
    special_cases: tuple[tuple[sp.Expr, str], ...] = ()
    range_note: str = ""
    vector: bool = True
    family: str | None = None
    mu_domain: sp.Set = field(default=UNIT)
    eta_range: sp.Set = field(default=REALS)

    def softmax(self, etas: tuple[sp.Expr, ...], k: int) -> sp.Expr:
        """Component k (1-based) of softmax over the given linear predictors."""
        return sp.exp(etas[k - 1]) / sp.Add(*[sp.exp(e) for e in etas])

    @property
    def paired_family(self) -> str:
        return self.canonical_family

    @property
    def link_head(self) -> sp.FunctionClass:
        """The display function g (unfolded by the checker to the link formula)."""
        return display_function(f"g_{self.name}", self.link_tex, self.link_text or (
            self.name if self.activation_text != "h" else "g"))  # g(h(eta)), not logc(h(eta))

    @property
    def activation_head(self) -> sp.FunctionClass:
        """The display function h = g^-1 (unfolded by the checker to the activation formula)."""
        return display_function(f"h_{self.name}", self.activation_tex, self.activation_text)

    @property
    def activation_text(self) -> str:
        """h in plain text: the Keras name where there is one, else h (as in the lemma g(h(eta)) = eta)."""
        if getattr(self, "inverse_text", ""):
            return self.inverse_text
        return self.names.keras[0] if self.names.keras else "h"

    # Symbolic-K forms, used for listings and JSON.
    @property
    def link(self) -> sp.Expr:
        mu = sp.IndexedBase("mu", positive=True)
        k, K = sp.symbols("k K", integer=True, positive=True)
        return sp.log(mu[k] / mu[K])

    @property
    def inverse(self) -> sp.Expr:
        eta = sp.IndexedBase("eta", real=True)
        k, j, K = sp.symbols("k j K", integer=True, positive=True)
        return sp.exp(eta[k]) / sp.Sum(sp.exp(eta[j]), (j, 1, K))


_PI = sp.pi
_HALF = sp.Rational(1, 2)

LINKS: tuple[Link | VectorLink, ...] = (
    Link(
        name="identity", title="Identity", activation="linear",
        link=MU, inverse=ETA, mu_domain=REALS, eta_range=REALS,
        canonical_family="gaussian", link_tex=r"\operatorname{id}", activation_tex=r"\operatorname{id}",
        names=LibraryNames(r=("identity",), statsmodels=("Identity",), keras=("linear",),
                           pytorch=("nn.Identity",), other=("none",)),
    ),
    Link(
        name="log", title="Log", activation="exponential",
        link=sp.log(MU), inverse=sp.exp(ETA), mu_domain=POSITIVE, eta_range=REALS,
        canonical_family="poisson", link_tex=r"\log", activation_tex=r"\exp",
        names=LibraryNames(r=("log",), statsmodels=("Log",), keras=("exponential",),
                           pytorch=("torch.exp", "exp")),
    ),
    Link(
        name="logit", title="Logit", activation="sigmoid",
        link=sp.log(MU / (1 - MU)), inverse=1 / (1 + sp.exp(-ETA)), mu_domain=UNIT, eta_range=REALS,
        canonical_family="bernoulli", link_tex=r"\operatorname{logit}", activation_tex=r"\sigma",
        names=LibraryNames(r=("logit",), statsmodels=("Logit",), keras=("sigmoid",),
                           pytorch=("nn.Sigmoid", "torch.sigmoid", "expit"), other=("logistic",)),
        cdf_of="logistic",
    ),
    VectorLink(
        name="softmax", title="Multinomial logit (softmax)", activation="softmax",
        canonical_family="multinomial", link_tex=r"\operatorname{mlogit}",
        activation_tex=r"\operatorname{softmax}",
        names=LibraryNames(r=("multinom",), statsmodels=("MNLogit",), keras=("softmax",),
                           pytorch=("nn.Softmax",), other=("multinomial", "multinomial-logit", "mlogit")),
    ),
    Link(
        name="probit", title="Probit", activation="standard normal CDF",
        link=sp.sqrt(2) * sp.erfinv(2 * MU - 1), inverse=(1 + sp.erf(ETA / sp.sqrt(2))) / 2,
        mu_domain=UNIT, eta_range=REALS, canonical_family=None,
        link_tex=r"\Phi^{-1}", activation_tex=r"\Phi",
        names=LibraryNames(r=("probit",), statsmodels=("Probit",), pytorch=("torch.special.ndtr", "ndtr"),
                           other=("normal-cdf", "Phi")),
        cdf_of="normal",
        family="bernoulli",
    ),
    Link(
        name="cauchit", title="Cauchit", activation="Cauchy CDF",
        link=sp.tan(_PI * (MU - _HALF)), inverse=_HALF + sp.atan(ETA) / _PI,
        mu_domain=UNIT, eta_range=REALS, canonical_family=None,
        link_tex=r"\operatorname{cauchit}", activation_tex=r"F_{\mathrm{Cauchy}}",
        names=LibraryNames(r=("cauchit",), statsmodels=("Cauchy",), other=("cauchy-cdf",)),
        cdf_of="cauchy",
        family="bernoulli",
    ),
    Link(
        name="cloglog", title="Complementary log-log", activation="Gumbel-min CDF",
        link=sp.log(-sp.log(1 - MU)), inverse=1 - sp.exp(-sp.exp(ETA)),
        mu_domain=UNIT, eta_range=REALS, canonical_family=None,
        link_tex=r"\operatorname{cloglog}", activation_tex=r"F_{\mathrm{Gumbel\,min}}",
        names=LibraryNames(r=("cloglog",), statsmodels=("CLogLog",),
                           other=("complementary-log-log",)),
        cdf_of="gumbel-min",
        family="bernoulli",
    ),
    Link(
        name="loglog", title="Log-log", activation="Gumbel-max CDF",
        link=-sp.log(-sp.log(MU)), inverse=sp.exp(-sp.exp(-ETA)),
        mu_domain=UNIT, eta_range=REALS, canonical_family=None,
        link_tex=r"\operatorname{loglog}", activation_tex=r"F_{\mathrm{Gumbel\,max}}",
        names=LibraryNames(statsmodels=("LogLog",)),
        cdf_of="gumbel-max",
        family="bernoulli",
    ),
    Link(
        name="logc", title="Log-complement", activation="1 - exp",
        link=sp.log(1 - MU), inverse=1 - sp.exp(ETA),
        mu_domain=UNIT, eta_range=NEGATIVE, canonical_family=None,
        link_tex="g", activation_tex="h",
        names=LibraryNames(statsmodels=("LogC",), other=("log-complement",)),
        range_note=(r"$\eta < 0$: a dense layer does not keep $b + w^\top x$ negative by itself, so the network "
                    r"is this GLM only on inputs where $\eta(x) < 0$."),
        family="bernoulli",
    ),
    Link(
        name="inverse", title="Inverse (reciprocal)", activation="reciprocal",
        link=1 / MU, inverse=1 / ETA, mu_domain=POSITIVE, eta_range=POSITIVE,
        canonical_family="gamma", link_tex="g", activation_tex="h",
        names=LibraryNames(r=("inverse",), statsmodels=("InversePower",),
                           pytorch=("torch.reciprocal",), other=("reciprocal",)),
        range_note=(r"$\eta > 0$ (for the positive means of the Gamma family): a dense layer does not keep "
                    r"$b + w^\top x$ positive by itself, so the network is this GLM only on inputs where $\eta(x) > 0$."),
    ),
    Link(
        name="inverse_squared", title="Inverse squared", activation="inverse square root",
        link=MU ** -2, inverse=ETA ** -_HALF, mu_domain=POSITIVE, eta_range=POSITIVE,
        canonical_family="inverse_gaussian", link_tex="g", activation_tex="h",
        names=LibraryNames(r=("1/mu^2",), statsmodels=("InverseSquared",), other=("inverse-squared",)),
        range_note=(r"$\eta > 0$: $\eta^{-1/2}$ is real only for positive $\eta$, and a dense layer does not keep "
                    r"$b + w^\top x$ positive by itself; the network is this GLM only where $\eta(x) > 0$."),
    ),
    Link(
        name="sqrt", title="Square root", activation="square",
        link=sp.sqrt(MU), inverse=ETA ** 2, mu_domain=POSITIVE, eta_range=POSITIVE,
        canonical_family=None, link_tex="g", activation_tex="h",
        names=LibraryNames(r=("sqrt",), statsmodels=("Sqrt",), pytorch=("torch.square",)),
        range_note=(r"$\eta > 0$: the square is not invertible on the whole line ($\eta$ and $-\eta$ give the "
                    r"same mean), so the network is this GLM only where $\eta(x) > 0$."),
        family="poisson",
    ),
    Link(
        name="power", title="Power", activation="power",
        link=MU ** LAMBDA, inverse=ETA ** (1 / LAMBDA), mu_domain=POSITIVE, eta_range=POSITIVE,
        canonical_family="tweedie", link_tex=r"g_{\lambda}", activation_tex=r"h_{\lambda}",
        names=LibraryNames(r=("power",), statsmodels=("Power",), pytorch=("torch.pow",)),
        parameters=(Parameter(LAMBDA, NONZERO, "power lambda (any non-zero real)"),),
        special_cases=((sp.Integer(1), "identity"), (sp.Integer(-1), "inverse"),
                       (sp.Integer(-2), "inverse_squared"), (_HALF, "sqrt")),
        range_note=(r"$\eta > 0$: $h(\eta) = \eta^{1/\lambda}$ is the inverse of $g$ (with $\mu > 0$) only for "
                    r"positive $\eta$ (for $\lambda = 1/2$, $h(\eta) = \eta^2$ is real everywhere but "
                    r"$g(h(\eta)) = |\eta|$); a dense layer does not keep $b + w^\top x$ positive by itself."),
    ),
    Link(
        name="negative_binomial", title="Negative binomial", activation="NB2 mean function",
        link=sp.log(ALPHA * MU / (1 + ALPHA * MU)), inverse=1 / (ALPHA * (sp.exp(-ETA) - 1)),
        mu_domain=POSITIVE, eta_range=NEGATIVE, canonical_family="negative_binomial",
        link_tex=r"g_{\alpha}", activation_tex=r"h_{\alpha}",
        names=LibraryNames(statsmodels=("NegativeBinomial",), other=("nbinom", "negative-binomial")),
        parameters=(Parameter(ALPHA, POSITIVE, "NB2 dispersion alpha > 0"),),
        range_note=(r"$\eta < 0$: the canonical negative-binomial link maps $(0, \infty)$ onto the negative "
                    r"half-line; a dense layer does not keep $b + w^\top x$ negative by itself."),
    ),
    Link(
        name="softplus", title="Softplus", activation="softplus",
        link=sp.log(sp.exp(MU) - 1), inverse=sp.log(1 + sp.exp(ETA)),
        mu_domain=POSITIVE, eta_range=REALS, canonical_family=None,
        link_tex="g", activation_tex=r"\operatorname{softplus}",
        names=LibraryNames(keras=("softplus",), pytorch=("nn.Softplus",)),
        family="poisson",
    ),
    Link(
        name="atanh", title="Atanh", activation="tanh",
        link=sp.atanh(MU), inverse=sp.tanh(ETA), mu_domain=sp.Interval.open(-1, 1), eta_range=REALS,
        canonical_family=None, link_tex=r"\operatorname{artanh}", activation_tex=r"\tanh",
        names=LibraryNames(keras=("tanh",), pytorch=("nn.Tanh", "torch.tanh")),
        range_note="",
    ),
)


def scalar_links() -> tuple[Link, ...]:
    """Every link with a scalar g (all but the multinomial logit)."""
    return tuple(link for link in LINKS if isinstance(link, Link))
