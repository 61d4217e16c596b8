"""Library losses as the libraries define them: one frozen record per loss, each formula once.

A loss is a function of the target y and the network's output: a mean mu (probabilities, rates), or
logits eta when the library applies the inverse link itself (`inside_link`).  Per observation, before
the reduction: Keras and PyTorch average over the batch by default ("sum_over_batch_size", "mean"),
which divides the loss by N and changes the factor, never the minimiser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from symnet.catalog.families import NU, SIGMA
from symnet.catalog.heads import display_function
from symnet.catalog.symbols import ETA, MU, Y

KERAS_EPSILON = sp.Rational(1, 10**7)
REDUCTION_NOTE = ("by default Keras and PyTorch average the loss over the batch, a positive factor $1/N$ that does "
                  "not change the minimiser")
KERAS_CLIP = ("Keras clips the probabilities to $[10^{-7}, 1 - 10^{-7}]$ before the logarithm; the proof is about "
              "the unclipped formula")
TORCH_CLAMP = "BCELoss clamps each logarithm at -100 (log x >= -100); the proof is about the unclamped formula"
SIGMOID_LOSS = Y * sp.log(1 + sp.exp(-ETA)) + (1 - Y) * sp.log(1 + sp.exp(ETA))  # -log sigmoid, stable form
BINARY_CE = -(Y * sp.log(MU) + (1 - Y) * sp.log(1 - MU))
POISSON_MEAN = MU - Y * sp.log(MU)
HUBER = sp.Piecewise(((Y - MU) ** 2 / 2, sp.Abs(Y - MU) <= 1), (sp.Abs(Y - MU) - sp.Rational(1, 2), True))
HUBER_REASON = ("-dL/dmu = clip(y - mu, -1, 1) is not affine in y, while every exponential-family score "
                "(y - mu) / (a(phi) V(mu)) is")
ABSOLUTE_REASON = ("|y - mu| is the negative log-likelihood of the Laplace distribution (up to a scale and a "
                   "constant), which is no exponential family in its location mu: -dL/dmu = sign(y - mu) is not "
                   "affine in y, while every exponential-family score (y - mu) / (a(phi) V(mu)) is, and its "
                   "minimiser is the conditional median, not the mean")
_STIRLING = sp.Piecewise((Y * sp.log(Y) - Y + sp.log(2 * sp.pi * Y) / 2, Y > 1), (0, True))


@dataclass(frozen=True)
class LibraryLoss:
    """One loss of Keras or PyTorch (or scikit-learn): its per-observation formula and what it is."""

    name: str
    library: str
    title: str
    spellings: tuple[str, ...]
    formula: sp.Expr | None  # in y and `argument` (MU or ETA); None for the vector (multinomial) losses
    argument: sp.Symbol
    family: str | None
    scale: sp.Expr = sp.Integer(1)  # loss = scale * (-l) + terms free of the parameters
    inside_link: str | None = None  # the loss applies this link's inverse to its input (logits)
    notes: tuple[str, ...] = (REDUCTION_NOTE,)
    not_likelihood: str = ""  # why the loss is no negative log-likelihood of an exponential family
    tex: str = r"\mathcal{L}"

    @property
    def head(self) -> sp.FunctionClass:
        """The display head L(y, input) the proofs write for this loss."""
        return display_function(f"loss_{self.name}", self.tex, self.name.split(".")[-1])

    def at(self, y: sp.Expr, value: sp.Expr) -> sp.Expr:
        """The formula at target y and input value."""
        return self.formula.xreplace({Y: y, self.argument: value})


def _k(name: str, *more: str) -> tuple[str, ...]:
    camel = "".join(part.capitalize() for part in name.split("_"))
    return (name, f"keras.losses.{name}", camel, f"keras.losses.{camel}") + more


def _t(name: str, *more: str) -> tuple[str, ...]:
    return (name, f"nn.{name}", f"torch.nn.{name}") + more


LOSSES: tuple[LibraryLoss, ...] = (
    LibraryLoss("keras.binary_crossentropy", "Keras", "binary cross-entropy", _k("binary_crossentropy", "bce"),
                BINARY_CE, MU, "bernoulli", notes=(KERAS_CLIP, REDUCTION_NOTE)),
    LibraryLoss("keras.binary_crossentropy_from_logits", "Keras", "binary cross-entropy on logits",
                ("binary_crossentropy(from_logits=True)", "binary_crossentropy_from_logits",
                 "BinaryCrossentropy(from_logits=True)"),
                SIGMOID_LOSS, ETA, "bernoulli", inside_link="logit"),
    LibraryLoss("keras.categorical_crossentropy", "Keras", "categorical cross-entropy",
                _k("categorical_crossentropy", "cce"), None, MU, "multinomial",
                notes=("Keras renormalises $p$ to sum to one, then clips it to $[10^{-7}, 1 - 10^{-7}]$; the proof is "
                       "about the unclipped formula", REDUCTION_NOTE)),
    LibraryLoss("keras.sparse_categorical_crossentropy", "Keras", "sparse categorical cross-entropy",
                _k("sparse_categorical_crossentropy", "scce"), None, MU, "multinomial",
                notes=("the labels are integers; Keras clips $p$ to $[10^{-7}, 1 - 10^{-7}]$; the proof is about the "
                       "unclipped formula", REDUCTION_NOTE)),
    LibraryLoss("keras.mean_squared_error", "Keras", "mean squared error",
                _k("mean_squared_error", "mse", "MSE"), (Y - MU) ** 2, MU, "gaussian", scale=2 * SIGMA**2),
    LibraryLoss("keras.poisson", "Keras", "Poisson", _k("poisson"), POISSON_MEAN, MU, "poisson",
                notes=("Keras computes $\\mu - y \\log(\\mu + 10^{-7})$; the proof is about the formula without "
                       "the $10^{-7}$", REDUCTION_NOTE)),
    LibraryLoss("keras.log_cosh", "Keras", "log-cosh", _k("log_cosh", "logcosh"), sp.log(sp.cosh(MU - Y)), MU,
                None, not_likelihood=("-dL/dmu = tanh(y - mu) is not affine in y, while every exponential-family "
                                      "score (y - mu) / (a(phi) V(mu)) is")),
    LibraryLoss("keras.hinge", "Keras", "hinge", _k("hinge"), sp.Max(0, 1 - Y * ETA), ETA, None,
                not_likelihood=("max(0, 1 - y f) is piecewise linear with a kink: its minimiser is a margin "
                                "classifier, not a mean, and exp(-hinge) is no exponential family in a mean mu")),
    LibraryLoss("keras.huber", "Keras", "Huber (delta = 1)", _k("huber", "huber_loss"), HUBER, MU, None,
                not_likelihood=HUBER_REASON),
    LibraryLoss("keras.mean_absolute_error", "Keras", "mean absolute error",
                _k("mean_absolute_error", "mae", "MAE"), sp.Abs(Y - MU), MU, None, not_likelihood=ABSOLUTE_REASON),
    LibraryLoss("torch.BCELoss", "PyTorch", "binary cross-entropy", _t("BCELoss", "binary_cross_entropy"),
                BINARY_CE, MU, "bernoulli", notes=(TORCH_CLAMP, REDUCTION_NOTE)),
    LibraryLoss("torch.BCEWithLogitsLoss", "PyTorch", "binary cross-entropy with logits",
                _t("BCEWithLogitsLoss", "binary_cross_entropy_with_logits"), SIGMOID_LOSS, ETA, "bernoulli",
                inside_link="logit"),
    LibraryLoss("torch.CrossEntropyLoss", "PyTorch", "cross-entropy on logits",
                _t("CrossEntropyLoss", "cross_entropy"), None, ETA, "multinomial", inside_link="softmax",
                notes=("Class weights w make 'mean' divide by the sum of the weights", REDUCTION_NOTE)),
    LibraryLoss("torch.NLLLoss", "PyTorch", "negative log-likelihood on log-probabilities",
                _t("NLLLoss", "nll_loss"), None, ETA, "multinomial", inside_link="softmax",
                notes=("Its input is log-probabilities: NLLLoss after LogSoftmax is CrossEntropyLoss",
                       REDUCTION_NOTE)),
    LibraryLoss("torch.MSELoss", "PyTorch", "mean squared error", _t("MSELoss", "mse_loss"), (Y - MU) ** 2, MU,
                "gaussian", scale=2 * SIGMA**2),
    LibraryLoss("torch.L1Loss", "PyTorch", "mean absolute error (L1)", _t("L1Loss", "l1_loss", "l1"),
                sp.Abs(Y - MU), MU, None, not_likelihood=ABSOLUTE_REASON),
    LibraryLoss("torch.HuberLoss", "PyTorch", "Huber (delta = 1)",
                _t("HuberLoss") + _t("SmoothL1Loss", "smooth_l1_loss"), HUBER, MU, None, not_likelihood=HUBER_REASON),
    LibraryLoss("torch.GaussianNLLLoss", "PyTorch", "Gaussian NLL (var = sigma^2, full=False)",
                _t("GaussianNLLLoss", "gaussian_nll_loss"),
                (sp.log(SIGMA**2) + (Y - MU) ** 2 / SIGMA**2) / 2, MU, "gaussian",
                notes=("The variance is clamped below at eps = 1e-6; with full=True PyTorch adds log(2 pi)/2, making it the NLL exactly",
                       REDUCTION_NOTE)),
    LibraryLoss("torch.PoissonNLLLoss", "PyTorch", "Poisson NLL (log_input=True)",
                _t("PoissonNLLLoss", "poisson_nll_loss", "PoissonNLLLoss(log_input=True)"),
                sp.exp(ETA) - Y * ETA, ETA, "poisson", inside_link="log"),
    LibraryLoss("torch.PoissonNLLLoss_rate", "PyTorch", "Poisson NLL (log_input=False)",
                ("PoissonNLLLoss(log_input=False)", "nn.PoissonNLLLoss(log_input=False)",
                 "torch.nn.PoissonNLLLoss(log_input=False)"), POISSON_MEAN, MU, "poisson",
                notes=("PyTorch computes input - target log(input + eps) with eps = 1e-8; the proof is about the formula "
                       "without eps", REDUCTION_NOTE)),
    LibraryLoss("torch.PoissonNLLLoss_full", "PyTorch", "Poisson NLL (log_input=True, full=True)",
                ("PoissonNLLLoss(full=True)", "nn.PoissonNLLLoss(full=True)", "torch.nn.PoissonNLLLoss(full=True)"),
                sp.exp(ETA) - Y * ETA + _STIRLING, ETA, "poisson", inside_link="log",
                notes=("With full=True PyTorch adds the Stirling term y log y - y + log(2 pi y)/2 for y > 1 (0 otherwise): an "
                       "approximation of log y!, free of the parameters", REDUCTION_NOTE)),
    LibraryLoss("sklearn.mean_gamma_deviance", "scikit-learn", "Gamma deviance (no Keras or PyTorch built-in)",
                ("gamma_deviance", "mean_gamma_deviance", "gamma"),
                2 * (sp.log(MU / Y) + (Y - MU) / MU), MU, "gamma", scale=2 / NU),
)


def normalize_loss(name: str) -> str:
    """Lower-case, no spaces, no '-', '_' or trailing '()', for matching names as users type them."""
    key = re.sub(r"[\s_\-]+", "", name.strip().lower())
    return key.removesuffix("()")


def loss_by_name(name: str) -> LibraryLoss | None:
    """The loss a user means by `name` (any spelling, case-insensitive), or None."""
    key = normalize_loss(name)
    for loss in LOSSES:
        if key == normalize_loss(loss.name) or key in {normalize_loss(s) for s in loss.spellings}:
            return loss
    return None


def loss_names() -> tuple[str, ...]:
    """The first spelling of every loss (for error messages)."""
    return tuple(loss.spellings[0] for loss in LOSSES)


# ---------------------------------------------------------------- the multinomial losses, one class label c


def categorical_crossentropy(onehot: tuple[sp.Expr, ...], probabilities: tuple[sp.Expr, ...]) -> sp.Expr:
    """Keras categorical_crossentropy: -sum_k y_k log p_k."""
    return -sp.Add(*[y * sp.log(p) for y, p in zip(onehot, probabilities)])


def sparse_categorical_crossentropy(label: int, probabilities: tuple[sp.Expr, ...]) -> sp.Expr:
    """Keras sparse_categorical_crossentropy with integer label c (1-based here): -log p_c."""
    return -sp.log(probabilities[label - 1])


def cross_entropy_logits(label: int, logits: tuple[sp.Expr, ...]) -> sp.Expr:
    """PyTorch CrossEntropyLoss: -log(exp(x_c) / sum_j exp(x_j))."""
    return -sp.log(sp.exp(logits[label - 1]) / sp.Add(*[sp.exp(x) for x in logits]))


def nll_loss(label: int, log_probabilities: tuple[sp.Expr, ...]) -> sp.Expr:
    """PyTorch NLLLoss on log-probabilities: -x_c."""
    return -log_probabilities[label - 1]
