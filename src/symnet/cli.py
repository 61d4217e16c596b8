"""The `symnet` command.

Exit codes: 0 proven (or success), 1 refuted or unproven, 2 bad input, 3 document build failure,
4 an internal error (a bug: please report it with the command that caused it).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence

from symnet import __version__
from symnet.errors import SymnetError

EXIT_PROVEN, EXIT_NOT_PROVEN, EXIT_BAD_INPUT, EXIT_BUILD_FAILED, EXIT_INTERNAL = 0, 1, 2, 3, 4
MAX_ARGUMENT = 10_000  # characters; longer arguments are refused before parsing


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors, exit code 2, and no prefix matching (a flag means what it says)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        message = _expression_hint(message)
        raise SystemExit(_fail(f"{message} (see 'symnet {self.prog.split()[-1]} --help')"
                               if " " in self.prog else f"{message} (see 'symnet --help')"))


EXPRESSION_OPTIONS = ("--activation", "--link-expr")  # their values may start with '-' ('-eta', '-log(mu)')


def _attach_expressions(argv: list[str]) -> list[str]:
    """`--activation -eta` as `--activation=-eta`: argparse would take '-eta' for an option.

    A value that starts with one '-' (every symnet option starts with '--', and '-h' is help) is an
    expression; '--activation --inputs' still lacks its value and gets argparse's error.
    """
    attached: list[str] = []
    index = 0
    while index < len(argv):
        token = argv[index]
        following = argv[index + 1] if index + 1 < len(argv) else None
        if (token in EXPRESSION_OPTIONS and following is not None and following.startswith("-")
                and not following.startswith("--") and following != "-h"):
            attached.append(f"{token}={following}")
            index += 2
            continue
        attached.append(token)
        index += 1
    return attached


def _expression_hint(message: str) -> str:
    """How to pass an expression that starts with '-', added to argparse's 'expected one argument'."""
    for option in EXPRESSION_OPTIONS:
        if message.startswith(f"argument {option}: expected one argument"):
            example = "-eta" if option == "--activation" else "-log(mu)"
            return (f"{message}; a value that starts with '-' is written {option}={example} "
                    f"or {option} ' {example}'")
    return message


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> int:
    first_line = " ".join(str(message).split())
    print(f"symnet: error: {first_line}", file=sys.stderr)
    return code


def _size(value: str) -> int:
    """A size typed in ASCII digits only (a full-width '９' is refused, not read as 9)."""
    text = value.strip()
    digits = text[1:] if text.startswith("+") else text
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 13 or not 1 <= int(digits) <= 10 ** 12:
        raise argparse.ArgumentTypeError(f"expected a whole number, at least 1 and at most 10^12, in ASCII "
                                         f"digits, got {value!r}")
    return int(digits)


def _folder(value: str) -> str:
    """An output folder: an empty path is refused (it would silently mean the current folder)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("expected a folder, got an empty path")
    return value


def _seconds(value: str) -> float:
    """A positive number of seconds, in ASCII digits."""
    number = r"(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?"
    if not value.isascii() or not re.fullmatch(number, value.strip()) or not 0 < float(value) < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {value!r}")
    return float(value)


def _progress() -> Callable[[str], None] | None:
    """Progress messages on stderr, only when it is a terminal."""
    if sys.stderr.isatty():
        return lambda message: print(f"symnet: {message}", file=sys.stderr, flush=True)
    return None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="symnet", description="Machine-checked proofs that a neural network with no "
                     "hidden layer is a generalized linear model.",
                     epilog="Exit codes: 0 proven, 1 refuted or unproven, 2 bad input, 3 document build failed, "
                            "4 internal error.")
    parser.add_argument("--version", action="version", version=f"symnet {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    listing = commands.add_parser("list", help="every link with its names, formulas and domains",
                                  epilog="Exit codes: 0 listed, 2 bad input.")
    listing.add_argument("--format", choices=("text", "json"), default="text")

    prove = commands.add_parser("prove", help="prove that the network with this link is the GLM",
                                epilog="Exit codes: 0 proven, 1 refuted or unproven, 2 bad input.")
    prove.add_argument("link", nargs="?", help="link or activation name (logit, sigmoid, softmax, 1/mu^2, ...)")
    prove.add_argument("--link", dest="link_option", metavar="NAME",
                       help="the same as the positional link name (a catalog link, to pair with --activation)")
    prove.add_argument("--inputs", type=_size, help="number of inputs n (omitted: symbolic n, every size)")
    prove.add_argument("--outputs", type=_size, help="number of softmax outputs K (omitted: symbolic K)")
    prove.add_argument("--activation", help="a custom activation, an expression in eta (e.g. '(tanh(eta/2)+1)/2')")
    prove.add_argument("--link-expr", help="a custom link, an expression in mu (e.g. 'log(mu/(1-mu))')")
    prove.add_argument("--eta-range", choices=("real", "positive", "negative"), default=None,
                       help="range of eta for a custom link given without a catalog link, proven whole or "
                            "refused (default: every real eta, or for --link-expr alone the values the link reaches)")
    prove.add_argument("--timeout", type=_seconds, default=60.0, metavar="SECONDS",
                       help="time budget (default 60 s); a step that runs out is unproven (time budget)")
    prove.add_argument("--format", choices=("text", "latex", "markdown", "json"), default="text")
    prove.add_argument("--family", help="prove the whole statistical chain for LINK with this family "
                       "(forward, loss, canonical, score, information and IRLS, convexity)")

    derive = commands.add_parser("derive", help="write the course documents (LaTeX, Markdown, PDF)",
                                 epilog="Exit codes: 0 written, 1 a link's proofs ran out of the time budget (nothing "
                                        "written), 2 bad input, 3 a document could not be built.")
    derive.add_argument("--out", type=_folder, default="derivations", help="output folder (default: derivations)")
    derive.add_argument("--links", help="comma-separated link names (default: every link); the handout and "
                                        "slides are written when two or more links are derived")
    derive.add_argument("--format", default="tex,md", help="comma-separated: tex, md, pdf (default: tex,md)")
    derive.add_argument("--timeout", type=_seconds, default=60.0, metavar="SECONDS",
                        help="time budget for each link's proofs (default 60 s)")
    derive.add_argument("--quiet", action="store_true", help="print nothing but errors")

    properties = commands.add_parser("properties", help="every property of a link, each proven",
                                     epilog="Exit codes: 0 all proven, 1 some refuted or unproven, 2 bad input.")
    properties.add_argument("link", help="link or activation name")
    properties.add_argument("--timeout", type=_seconds, default=60.0, metavar="SECONDS",
                       help="time budget (default 60 s); a step that runs out is unproven (time budget)")
    properties.add_argument("--format", choices=("text", "json"), default="text")

    identify = commands.add_parser("identify", help="which GLM is a network with this activation and loss?",
                                   epilog="Exit codes: 0 identified with every proof proven, 1 not a GLM or a "
                                          "proof refuted or unproven, 2 unknown name.")
    identify.add_argument("--activation", required=True, help="activation as typed (sigmoid, linear, softmax, ...)")
    identify.add_argument("--loss", required=True, help="loss as typed (mse, binary_crossentropy, "
                          "nn.BCEWithLogitsLoss, ...)")
    identify.add_argument("--timeout", type=_seconds, default=60.0, metavar="SECONDS",
                       help="time budget (default 60 s); a step that runs out is unproven (time budget)")
    identify.add_argument("--format", choices=("text", "json"), default="text")

    canonical = commands.add_parser("canonical", help="which links are canonical for which family (each proven)",
                                    epilog="Exit codes: 0 every pair decided, 1 some pair undecided, 2 bad input.")
    canonical.add_argument("--timeout", type=_seconds, default=60.0, metavar="SECONDS",
                       help="time budget (default 60 s); a step that runs out is unproven (time budget)")
    canonical.add_argument("--format", choices=("text", "json"), default="text")

    cross = commands.add_parser("crosscheck", help="fit the network, IRLS and statsmodels on data; compare",
                                epilog="Exit codes: 0 the three fits agree, 1 a fit did not converge or the "
                                       "fits differ beyond tolerance, 2 bad input.")
    cross.add_argument("link", nargs="?", help="link or activation name (default: the data set's)")
    cross.add_argument("--family", help="GLM family: bernoulli, gaussian, poisson, gamma, inverse_gaussian, "
                                        "negative_binomial, tweedie, or multinomial for softmax (default: the "
                                        "link's own, or the data set's); the power link is fitted with tweedie, "
                                        "whose p ties its lambda")
    cross.add_argument("--data", help="a built-in data set (see --list-data)")
    cross.add_argument("--csv", help="a CSV file with a header row")
    cross.add_argument("--target", help="the CSV's response column")
    cross.add_argument("--columns", help="comma-separated CSV input columns (default: all but the target)")
    cross.add_argument("--alpha", type=float, default=None, help="negative-binomial alpha (default 1)")
    cross.add_argument("--var-power", type=float, default=None, metavar="P",
                       help="Tweedie variance power, 1 < p < 2 (default 1.5, or the data set's); the power link's "
                            "lambda is tied to 1 - p")
    cross.add_argument("--reference", help="softmax reference class, a label of the target (default: the first "
                                           "in sorted order)")
    cross.add_argument("--max-iterations", type=_size, default=20_000,
                       help="gradient-descent iteration budget of the network (default 20000)")
    cross.add_argument("--list-data", action="store_true", help="name the built-in data sets and their defaults")
    cross.add_argument("--format", choices=("text", "json"), default="text")

    report = commands.add_parser("report", help="the GLM table (SE, z, p, deviance, score) of given network weights",
                                 epilog="Exit codes: 0 the weights are at the MLE, 1 they are not, 2 bad input.")
    report.add_argument("--weights", required=True, help=".npz with arrays 'weights' (n or n x K) and 'bias'")
    report.add_argument("--activation", required=True, help="the output activation (sigmoid, softmax, linear, ...)")
    report.add_argument("--loss", required=True, help="the training loss (binary_crossentropy, poisson, mse, ...)")
    report.add_argument("--data", help="a built-in data set (see 'symnet crosscheck --list-data')")
    report.add_argument("--csv", help="a CSV file with a header row")
    report.add_argument("--target", help="the CSV's response column")
    report.add_argument("--columns", help="comma-separated CSV input columns (default: all but the target)")
    report.add_argument("--reference", help="softmax reference class, a label of the target (default: the first "
                                            "in sorted order)")
    report.add_argument("--format", choices=("text", "markdown", "latex", "json"), default="text")
    return parser


def _run_identify(arguments: argparse.Namespace) -> int:
    from symnet.identification import identify

    result = identify(activation=arguments.activation, loss=arguments.loss)
    print(result.to_json() if arguments.format == "json" else result.to_text(), end="")
    return EXIT_PROVEN if result.proven else EXIT_NOT_PROVEN


def _run_canonical(arguments: argparse.Namespace) -> int:
    from symnet.tables import canonical_json, canonical_table, canonical_text

    rows = canonical_table()
    print(canonical_json(rows) if arguments.format == "json" else canonical_text(rows), end="")
    return EXIT_PROVEN if all(r.canonical is not None for r in rows) else EXIT_NOT_PROVEN


def _run_pair(arguments: argparse.Namespace) -> int:
    import json

    from symnet.identification import pair_chain

    chain = pair_chain(arguments.family, arguments.link)
    proofs = chain.proofs
    settled = chain.canonical is not None and chain.convex is not None and all(p.proven for p in proofs)
    if arguments.format == "json":
        from symnet.catalog.families import family_by_name

        print(json.dumps({"link": arguments.link, "family": family_by_name(arguments.family).name,
                          "status": "proven" if settled else "unproven", "canonical": chain.canonical,
                          "convex": chain.convex, "proofs": [json.loads(p.to_json()) for p in proofs]}, indent=2))
    else:
        render = {"text": "to_text", "latex": "to_latex", "markdown": "to_markdown"}[arguments.format]
        print("\n\n".join(getattr(p, render)().rstrip("\n") for p in proofs))
        if arguments.format == "text" and not settled:
            undecided = [what for what, value in (("canonical or not", chain.canonical),
                                                  ("convexity of the loss", chain.convex)) if value is None]
            undecided += [p.title for p in proofs if not p.proven]
            print("\nNot settled (exit status 1): " + "; ".join(undecided))
    return EXIT_PROVEN if settled else EXIT_NOT_PROVEN


def _run_list(arguments: argparse.Namespace) -> int:
    from symnet.render.listing import listing_json, listing_text
    from symnet.theorems import links

    print(listing_json(links()) if arguments.format == "json" else listing_text(links()), end="")
    return EXIT_PROVEN


def _run_prove(arguments: argparse.Namespace) -> int:
    from symnet.api import prove

    if arguments.link_option is not None:
        if arguments.link is not None and arguments.link != arguments.link_option:
            return _fail(f"two links given: {arguments.link!r} and --link {arguments.link_option!r}; give one")
        arguments.link = arguments.link_option
    if arguments.family is not None:
        if arguments.link is None or arguments.activation is not None or arguments.link_expr is not None:
            return _fail("--family takes a catalog link (e.g. 'symnet prove logit --family bernoulli'), "
                         "not --activation or --link-expr")
        return _run_pair(arguments)
    if arguments.link is None and arguments.activation is None and arguments.link_expr is None:
        return _fail("name a link (see 'symnet list'), or give --activation and/or --link-expr")
    proof = prove(arguments.link, arguments.inputs, arguments.outputs, activation=arguments.activation,
                  link_expr=arguments.link_expr, eta_range=arguments.eta_range, timeout=arguments.timeout)
    render = {"text": proof.to_text, "latex": proof.to_latex, "markdown": proof.to_markdown,
              "json": proof.to_json}[arguments.format]
    print(render(), end="")
    return EXIT_PROVEN if proof.proven else EXIT_NOT_PROVEN


def _run_derive(arguments: argparse.Namespace) -> int:
    from pathlib import Path

    from symnet.documents.derive import derive, parse_formats, parse_links
    from symnet.errors import DocumentError

    formats = parse_formats(arguments.format)
    links = parse_links(arguments.links)
    progress = None
    if not arguments.quiet and sys.stderr.isatty():
        progress = lambda message: print(f"symnet: {message}", file=sys.stderr)  # noqa: E731
    try:
        derived = derive(Path(arguments.out), links, formats, progress=progress, timeout=arguments.timeout)
    except DocumentError as error:
        return _fail(error.cli_message(), EXIT_BUILD_FAILED if "compile" in str(error) or "TeX" in str(error)
                     else EXIT_BAD_INPUT)
    if not arguments.quiet:
        print(f"symnet: {derived.summary()}")
    return EXIT_PROVEN


def _run_properties(arguments: argparse.Namespace) -> int:
    from symnet.catalog.activations import find_activation

    if find_activation(arguments.link) is not None:  # not a link: its one property is why
        from symnet.api import prove

        proof = prove(arguments.link)
        print(proof.to_json() if arguments.format == "json" else proof.to_text(), end="")
        return EXIT_PROVEN if proof.proven else EXIT_NOT_PROVEN
    from symnet.proofs.properties import link_properties
    from symnet.render.properties import properties_json, properties_text
    from symnet.theorems import get_link

    result = link_properties(get_link(arguments.link))
    print(properties_json(result) if arguments.format == "json" else properties_text(result), end="")
    return EXIT_PROVEN if result.status.value == "proven" else EXIT_NOT_PROVEN


def _run_crosscheck(arguments: argparse.Namespace) -> int:
    from symnet.crosscheck.data import BUILT_IN, built_in, load_built_in, load_csv

    if arguments.list_data:
        print("\n".join(b.describe() for b in BUILT_IN))
        return EXIT_PROVEN
    if (arguments.data is None) == (arguments.csv is None):
        return _fail("give one of --data NAME (see --list-data) or --csv FILE --target COLUMN")
    if arguments.csv is not None:
        if arguments.target is None:
            return _fail("--csv needs --target COLUMN")
        if arguments.link is None:
            return _fail("name a link for a CSV (e.g. logit, log, softmax)")
        columns = _columns(arguments.columns)
        data, link, family, alpha, var_power = load_csv(arguments.csv, arguments.target, columns,
                                                        text_classes=arguments.link == "softmax"), arguments.link, \
            arguments.family, None, None
    else:
        if arguments.target or arguments.columns:
            return _fail("--target and --columns apply to --csv only")
        spec = built_in(arguments.data)
        data, link = load_built_in(spec.name), arguments.link or spec.link
        family = arguments.family or (spec.family if link == spec.link or link in spec.links else None)
        alpha = spec.alpha if family == spec.family == "negative_binomial" else None
        var_power = spec.var_power if family == spec.family == "tweedie" else None
    from symnet.crosscheck.render import comparison_json, comparison_text
    from symnet.crosscheck.run import run_crosscheck

    alpha = arguments.alpha if arguments.alpha is not None else alpha
    var_power = arguments.var_power if arguments.var_power is not None else var_power
    result = run_crosscheck(link, data, family, alpha, arguments.reference, arguments.max_iterations, var_power)
    print(comparison_json(result) if arguments.format == "json" else comparison_text(result), end="")
    return EXIT_PROVEN if result.agrees else EXIT_NOT_PROVEN


def _columns(text: str | None) -> tuple[str, ...] | None:
    """--columns A,B as names; omitted means every column but the target; empty names are refused."""
    if text is None:
        return None
    names = tuple(c.strip() for c in text.split(","))
    if not all(names):
        raise SymnetError(f"--columns {text!r} has an empty column name: give comma-separated names, or leave "
                          "--columns out for every column but the target")
    return names


def _run_report(arguments: argparse.Namespace) -> int:
    import numpy as np

    from symnet.crosscheck.data import load_built_in, load_csv
    from symnet.crosscheck.model import glm_of
    from symnet.crosscheck.table import glm_table

    if (arguments.data is None) == (arguments.csv is None):
        return _fail("give one of --data NAME or --csv FILE --target COLUMN")
    if arguments.csv is not None and arguments.target is None:
        return _fail("--csv needs --target COLUMN")
    if arguments.data is not None and (arguments.target or arguments.columns):
        return _fail("--target and --columns apply to --csv only")
    columns = _columns(arguments.columns)
    softmax = glm_of(arguments.activation, arguments.loss)[1] == "multinomial"
    data = (load_csv(arguments.csv, arguments.target, columns, text_classes=softmax)
            if arguments.csv else load_built_in(arguments.data))
    wanted = f"{arguments.weights} must be an .npz file with arrays 'weights' and 'bias' (numpy.savez)"
    try:
        stored = np.load(arguments.weights, allow_pickle=False)
    except OSError as error:
        return _fail(f"cannot read {arguments.weights}: {error.strerror or error}")
    except ValueError:
        return _fail(wanted)
    if not isinstance(stored, np.lib.npyio.NpzFile):
        return _fail(wanted)
    with stored:
        missing = [name for name in ("weights", "bias") if name not in stored.files]
        if missing:
            return _fail(f"{wanted}; it has {', '.join(stored.files) or 'no arrays'}")
        try:
            weights, bias = stored["weights"], stored["bias"]
        except ValueError:  # object arrays need pickle, which is refused
            return _fail(wanted)
    table = glm_table(weights, bias, activation=arguments.activation, loss=arguments.loss, X=data.X,
                      names=data.columns, **_report_classes(data, softmax, arguments.reference))
    render = {"text": table.to_text, "markdown": table.to_markdown, "latex": table.to_latex,
              "json": table.to_json}[arguments.format]
    print(render(), end="")
    return EXIT_PROVEN if table.at_mle else EXIT_NOT_PROVEN


def _report_classes(data, softmax: bool, reference: str | None) -> dict:
    """y for glm_table; for softmax, class positions 0 .. K-1 in sorted order, named as crosscheck names them."""
    import numpy as np

    if not softmax:
        if reference is not None:
            raise SymnetError("--reference applies to softmax only")
        return {"y": data.y}
    values = np.unique(data.y)
    reference = values[0] if reference is None else data.class_value(reference)
    return {"y": np.searchsorted(values, data.y), "reference": int(np.searchsorted(values, reference)),
            "classes": tuple(f"{data.target}={data.class_name(v)}" for v in values)}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if any(len(a) > MAX_ARGUMENT for a in argv):
        return _fail(f"an argument is longer than {MAX_ARGUMENT} characters")
    try:
        arguments = _parser().parse_args(_attach_expressions(argv))
        runner = {"list": _run_list, "prove": _run_prove, "properties": _run_properties,
                  "derive": _run_derive, "identify": _run_identify, "canonical": _run_canonical,
                  "crosscheck": _run_crosscheck, "report": _run_report}[arguments.command]
        if arguments.command in ("prove", "properties", "identify", "canonical"):
            from symnet.api import run_within

            return run_within(arguments.timeout, f"running 'symnet {arguments.command}'", lambda: runner(arguments),
                              _progress())
        return runner(arguments)
    except SystemExit as stop:
        return int(stop.code) if isinstance(stop.code, int) else EXIT_BAD_INPUT
    except SymnetError as error:
        from symnet.errors import TimeBudgetError

        return _fail(error.cli_message(), EXIT_NOT_PROVEN if isinstance(error, TimeBudgetError) else EXIT_BAD_INPUT)
    except RecursionError:
        return _fail("the expression is nested too deeply")
    except OSError as error:
        return _fail(f"cannot read or write {error.filename or ''}: {error.strerror or error}")
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except MemoryError:
        return _fail("out of memory: the input is too large to check", EXIT_BAD_INPUT)
    except Exception as error:  # a bug: still one line, and never a traceback on the user's screen
        return _fail(f"internal error ({type(error).__name__}: {error}); please report this command",
                     EXIT_INTERNAL)


if __name__ == "__main__":
    sys.exit(main())
