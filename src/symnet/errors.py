"""The exception hierarchy of symnet; the CLI maps every one of them to exit code 2."""

from __future__ import annotations


class SymnetError(Exception):
    """Base class: bad input that symnet refuses with a one-line message."""


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


class DocumentError(SymnetError):
    """Raised when documents cannot be written or built (missing TeX, TeX error, unsafe output)."""
