"""Data for crosscheck: the built-in statsmodels data sets (offline) and user CSV files, validated."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from symnet.errors import SymnetError


@dataclass(frozen=True)
class BuiltIn:
    """A data set statsmodels ships, with the model symnet fits to it by default."""

    name: str
    source: str  # statsmodels.datasets module
    target: str
    columns: tuple[str, ...]
    link: str
    family: str
    alpha: float | None = None  # the negative-binomial dispersion, for that family only
    var_power: float | None = None  # the Tweedie variance power p, for that family only (power link: lambda = 1 - p)
    links: tuple[str, ...] = ()  # other links the data set is meant for
    pairs: tuple[tuple[str, str], ...] = ()  # other (link, family) pairs it is meant for
    description: str = ""  # one sentence for the documents' worked examples (no formulas)

    def describe(self) -> str:
        also = list(self.links) + [f"the {link} link with the {family} family" for link, family in self.pairs]
        others = f" (also {', '.join(also)})" if also else ""
        alpha = f", alpha={self.alpha:g}" if self.family == "negative_binomial" else ""
        alpha += f", p={self.var_power:g}" if self.family == "tweedie" else ""
        return (f"{self.name}: {self.link}/{self.family}{alpha}{others}; "
                f"{self.target} on {', '.join(self.columns)} + constant")


BUILT_IN: tuple[BuiltIn, ...] = (
    BuiltIn("spector", "spector", "GRADE", ("GPA", "TUCE", "PSI"), "logit", "bernoulli",
            links=("probit", "cloglog", "cauchit"),
            description=("Spector and Mazzeo's data on 32 economics students: GRADE is 1 when a student's grade "
                         "improved, PSI is 1 for the students taught with the personalized system of instruction, "
                         "GPA is the grade point average and TUCE the score on a test of economics.")),
    BuiltIn("anes96", "anes96", "PID", ("logpopul", "selfLR", "age", "educ", "income"), "softmax", "multinomial",
            description=("944 respondents of the 1996 American National Election Study: PID is party "
                         "identification in 7 classes, from 0 (strong Democrat) to 6 (strong Republican); the "
                         "inputs are the log of the population of the respondent's town (logpopul), the "
                         "respondent's left-right self-placement (selfLR), age, education level (educ) and "
                         "household income band (income).")),
    BuiltIn("cpunish", "cpunish", "EXECUTIONS", ("INCOME", "PERPOVERTY", "PERBLACK", "VC100k96", "SOUTH", "DEGREE"),
            "log", "poisson", pairs=(("negative_binomial", "negative_binomial"),),
            description=("Executions in 17 US states in 1996 (Gill's GLM text): median income per head, percent "
                         "in poverty, percent Black, violent crimes per 100,000 residents, a 0/1 indicator of a "
                         "Southern state and the proportion with a college degree.")),
    BuiltIn("scotland", "scotland", "YES", ("COUTAX", "UNEMPF", "MOR", "ACT", "GDP", "AGE", "COUTAX_FEMALEUNEMP"),
            "inverse", "gamma",
            description=("The 1997 Scottish referendum on tax-raising powers in the 32 council districts (Gill's "
                         "GLM text): YES is the proportion voting yes; the inputs are council tax, the female share "
                         "of unemployment claims, standardized mortality, labour-force participation, GDP, the "
                         "percentage of children aged 5 to 15, and the council tax by unemployment interaction.")),
    BuiltIn("longley", "longley", "TOTEMP", ("GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"),
            "identity", "gaussian",
            description=("Longley's 16 years (1947 to 1962) of US macroeconomic data: total employment on the GNP "
                         "deflator, GNP, unemployment, the size of the armed forces, population and year; the "
                         "inputs are nearly collinear, which made it a classic test of least-squares software.")),
    BuiltIn("randhie", "randhie", "mdvis", ("lncoins", "idp", "lpi", "fmde", "physlm", "disea", "hlthg", "hlthf",
                                            "hlthp"), "log", "negative_binomial", alpha=1.0,
            description=("The RAND Health Insurance Experiment: outpatient visits to a doctor (mdvis) of 20,190 "
                         "person-years, on insurance terms and health status.")),
    # rate_marriage is left out: with it, statsmodels' IRLS (full steps, no halving) lands outside the power
    # link's range (eta > 0) from its own start and from the constant model, while IRLS and the network agree
    BuiltIn("fair", "fair", "affairs", ("age", "yrs_married", "children", "religious", "educ"), "power", "tweedie",
            var_power=1.5,
            description=("Fair's (1978) data on 6,366 married women: affairs is a measure of the time spent in "
                         "extramarital affairs, exactly zero for 4,313 of them, on age, years married, number of "
                         "children, religiousness (1 to 4) and education in years; the rating of the marriage, "
                         "also in the data, is left out because with it statsmodels' IRLS, which does not halve "
                         "its steps, leaves the power link's range.")),
)


@dataclass(frozen=True)
class Data:
    """A design without its constant column, a response, and where they came from."""

    name: str
    columns: tuple[str, ...]
    X: np.ndarray
    y: np.ndarray
    target: str
    labels: tuple[str, ...] = ()  # class names of a text target, y holding their positions 0, 1, ...

    def class_name(self, value: float) -> str:
        """A class as the data names it: its text label, or its number."""
        return self.labels[int(value)] if self.labels else f"{value:g}"

    def class_value(self, name: str) -> float:
        """The class a user names (a text label, or a number), with the valid ones listed otherwise."""
        names = [self.class_name(v) for v in np.unique(self.y)]
        if self.labels and name in self.labels:
            return float(self.labels.index(name))
        if not self.labels:
            try:
                value = float(name)
            except ValueError:
                value = None
            if value is not None and value in np.unique(self.y):
                return value
        raise SymnetError(f"{name!r} is not a class of {self.target} (classes: {', '.join(names)})")


def data_for_link(link: str, family: str) -> BuiltIn | None:
    """The built-in data set meant for this link with this family (its default model or one of its links)."""
    return next((b for b in BUILT_IN if (b.family == family and link in (b.link,) + b.links)
                 or (link, family) in b.pairs), None)


def built_in(name: str) -> BuiltIn:
    found = next((b for b in BUILT_IN if b.name == name.lower()), None)
    if found is None:
        raise SymnetError(f"unknown data set {name!r}; built-in data sets: {', '.join(b.name for b in BUILT_IN)}")
    return found


def load_built_in(name: str) -> Data:
    """The statsmodels data set, read from the copy installed with statsmodels (no download)."""
    import statsmodels.api as sm

    spec = built_in(name)
    frame = getattr(sm.datasets, spec.source).load_pandas().data
    X = frame[list(spec.columns)].to_numpy(dtype=float)
    return Data(spec.name, spec.columns, X, frame[spec.target].to_numpy(dtype=float), spec.target)


def _number(text: str, line: int, column: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise SymnetError(f"line {line}, column {column!r}: {text.strip()!r} is not a number") from None
    if not np.isfinite(value):
        raise SymnetError(f"line {line}, column {column!r}: {text.strip()!r} is not a finite number")
    return value


def load_csv(path: str | Path, target: str, columns: tuple[str, ...] | None = None,
             text_classes: bool = False) -> Data:
    """A CSV with a header row; every other column is an input unless `columns` names them.

    With `text_classes` (softmax), a target of text labels ("red", "green", ...) is read as classes in sorted
    order; numbers are read as numbers either way.
    """
    path = Path(path)
    with path.open(newline="", encoding="utf-8") as handle:
        try:
            rows = list(csv.reader(handle))
        except (csv.Error, UnicodeDecodeError) as error:
            raise SymnetError(f"{path.name} is not a readable CSV file ({error})") from None
    if not rows or not rows[0]:
        raise SymnetError(f"{path.name} is empty: expected a header row and data rows")
    header = [h.strip() for h in rows[0]]
    wanted = tuple(columns) if columns else tuple(h for h in header if h != target)
    for name in (target,) + wanted:
        if name not in header:
            raise SymnetError(f"column {name!r} is not in {path.name} (columns: {', '.join(header)})")
    index = {h: i for i, h in enumerate(header)}
    values, targets = [], []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise SymnetError(f"line {line} of {path.name} has {len(row)} fields, the header has {len(header)}")
        values.append([_number(row[index[c]], line, c) for c in wanted])
        targets.append((row[index[target]].strip(), line))
    if not values:
        raise SymnetError(f"{path.name} has a header but no data rows")
    labels: tuple[str, ...] = ()
    if text_classes and not all(_is_number(text) for text, _ in targets):
        if any(not text for text, _ in targets):
            line = next(line for text, line in targets if not text)
            raise SymnetError(f"line {line}, column {target!r}: the class label is empty")
        labels = tuple(sorted({text for text, _ in targets}))
        y = np.array([labels.index(text) for text, _ in targets], dtype=float)
    else:
        y = np.array([_number(text, line, target) for text, line in targets], dtype=float)
    X = np.array(values, dtype=float).reshape(len(values), len(wanted))
    return Data(path.name, wanted, X, y, target, labels)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def check_support(data: Data, family: str) -> None:
    """A one-line error naming the first response outside the family's support."""
    y = data.y
    tests = {"bernoulli": (lambda v: v in (0.0, 1.0), "0 or 1"),
             "poisson": (lambda v: v >= 0 and v == int(v), "a whole number >= 0"),
             "negative_binomial": (lambda v: v >= 0 and v == int(v), "a whole number >= 0"),
             "gamma": (lambda v: v > 0, "positive"), "inverse_gaussian": (lambda v: v > 0, "positive"),
             "tweedie": (lambda v: v >= 0, ">= 0"),
             "multinomial": (lambda v: v == int(v), "a whole-number class label")}
    if family in tests:
        ok, wanted = tests[family]
        for row, value in enumerate(y, start=1):
            if not ok(value):
                from symnet.catalog.families import family_by_name

                title = family_by_name(family).noun
                raise SymnetError(f"{data.target} = {value:g} in data row {row} is outside the {title} family's "
                                  f"support: must be {wanted}")
    if family == "multinomial" and len(np.unique(y)) < 2:
        raise SymnetError(f"{data.target} has a single class; softmax needs at least two")
    if family == "bernoulli" and len(np.unique(y)) < 2:
        raise SymnetError(f"{data.target} is {y[0]:g} in every row: a 0/1 response needs both values to be fitted")
    if len(y) <= data.X.shape[1] + 1:
        raise SymnetError(f"{len(y)} rows for {data.X.shape[1] + 1} coefficients: need more rows than coefficients")


def check_link_range(data: Data, link) -> None:
    """A response outside the closure of the link's means (affairs = 57.6 with the logit link, whose means lie in
    (0, 1)) is named: no fit can start there (g(y) is undefined) and the means could never reach it."""
    from symnet.catalog.domains import domain_text

    closure = link.mu_domain.closure
    low, high = float(closure.inf), float(closure.sup)
    outside = np.flatnonzero((data.y < low) | (data.y > high))
    if len(outside):
        row = int(outside[0])
        raise SymnetError(f"{data.target} = {data.y[row]:g} in data row {row + 1} is outside the {link.name} link's "
                          f"means ({domain_text('mu', link.mu_domain)}): choose a link whose means can reach every "
                          "response")


def check_design(data: Data) -> None:
    """Singular designs (a constant or collinear column) are named."""
    design = np.column_stack([np.ones(len(data.y)), data.X])
    names = ("constant",) + data.columns
    scale = np.abs(design).max(axis=0)
    scaled = design / np.where(scale == 0, 1, scale)
    for j in range(1, design.shape[1]):
        if np.linalg.matrix_rank(scaled[:, : j + 1], tol=1e-10 * np.sqrt(len(data.y))) <= j:
            raise SymnetError(f"singular design: column {names[j]!r} is a linear combination of "
                              f"{', '.join(names[:j])}")


def check_separation(data: Data, family: str) -> None:
    """Complete separation (no maximum-likelihood estimate) for 0/1 and class responses, found by a linear program."""
    from scipy.optimize import linprog

    if family not in ("bernoulli", "multinomial"):
        return
    design = np.column_stack([np.ones(len(data.y)), data.X])
    scale = np.abs(design).max(axis=0)
    design = design / np.where(scale == 0, 1, scale)
    classes = [1.0] if family == "bernoulli" else list(np.unique(data.y))
    for label in classes:
        sign = np.where(data.y == label, 1.0, -1.0)
        # Feasible iff some hyperplane puts every row of this class strictly on one side: sign * x.beta >= 1.
        result = linprog(np.zeros(design.shape[1]), A_ub=-(sign[:, None] * design), b_ub=-np.ones(len(sign)),
                         bounds=[(None, None)] * design.shape[1], method="highs")
        if result.status == 0:
            names = ("constant",) + data.columns
            used = [names[j] for j in np.argsort(-np.abs(result.x)) if abs(result.x[j]) > 1e-9][:3]
            what = f"{data.target} = {data.class_name(label)}" if family == "multinomial" else f"{data.target}"
            raise SymnetError(f"perfect separation: {what} is predicted exactly by {', '.join(used)}; "
                              "the maximum-likelihood estimate does not exist")
