"""The exception hierarchy of symnet; the CLI maps every one of them to exit code 2.

A message names what the user typed: Python parameters (`inputs`) in Python, flags (`--inputs`) on
the command line.  Messages mark a parameter with `parameter("inputs")`; `str(error)` spells it the
Python way and `error.cli_message()` the command-line way.
"""

from __future__ import annotations

_MARK = "\x00"
FLAGS = {"inputs": "--inputs", "outputs": "--outputs", "activation": "--activation", "link": "--link",
         "link_expr": "--link-expr", "eta_range": "--eta-range", "out": "--out", "links": "--links",
         "formats": "--format", "timeout": "--timeout"}


def parameter(name: str) -> str:
    """A parameter's name inside a message, spelled later for Python or for the command line."""
    return f"{_MARK}{name}{_MARK}"


def _spell(message: str, cli: bool) -> str:
    parts = message.split(_MARK)
    return "".join(FLAGS.get(part, part) if index % 2 and cli else part for index, part in enumerate(parts))


class SymnetError(Exception):
    """Base class: bad input that symnet refuses with a one-line message."""

    def __str__(self) -> str:
        return _spell(super().__str__(), cli=False)

    def cli_message(self) -> str:
        """The message with command-line flags in place of Python parameters."""
        return _spell(super().__str__(), cli=True)


class UnknownNameError(SymnetError):
    """Raised when a link, family or format name is not in the catalog."""


class AmbiguousNameError(SymnetError):
    """Raised when a name matches more than one catalog entry."""


class BadSizeError(SymnetError):
    """Raised when a network size (inputs, outputs) is not a usable positive integer."""


class ExpressionError(SymnetError):
    """Raised when a user-written expression is rejected by the safe parser.

    The message names the offending token and its 1-based column.
    """


class NotBijectiveError(SymnetError):
    """Raised when an activation is not one-to-one, so no link inverts it (with two colliding points)."""


class DocumentError(SymnetError):
    """Raised when documents cannot be written or built (missing TeX, TeX error, unsafe output)."""


class TimeBudgetError(SymnetError):
    """The time budget ran out outside any checked step (building the network, solving for an inverse)."""
