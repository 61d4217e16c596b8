"""The seal: which results the checker issued, and the status it gave each.

A status is never a field that can be copied or edited: `dataclasses.replace`, a hand-built record or
a record whose fields (or the fields of a record inside it: a derivation, a chain, a step, a lemma) were
swapped afterwards is simply not issued, and reads as unproven.
"""

from __future__ import annotations

import dataclasses
import weakref
from typing import Any

_ISSUED: dict[int, tuple[weakref.ref, Any, tuple[int, ...]]] = {}


def _fingerprint(record: Any) -> tuple[int, ...]:
    """The identities of the record's fields and, recursively, of the fields of the records and tuples in them.

    So a Proof whose derivation (or a step, a chain, a lemma inside it) was edited in place reads as unproven.
    """
    found: list[int] = []
    stack = [record]
    while stack:
        item = stack.pop()
        names = _field_names(type(item))
        if names is not None:
            values = [getattr(item, name) for name in names]
        elif isinstance(item, tuple):
            values = list(item)
        else:
            continue
        found.extend(id(value) for value in values)
        stack.extend(values)
    return tuple(found)


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type (None for any other type), looked up once per type."""
    try:
        return _FIELD_NAMES[cls]
    except KeyError:
        names = tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None
        _FIELD_NAMES[cls] = names
        return names


def _forget(key: int) -> None:
    _ISSUED.pop(key, None)


def issue(record: Any, status: Any) -> Any:
    """Record that the checker gave `record` this status (only checker modules call this)."""
    key = id(record)
    _ISSUED[key] = (weakref.ref(record, lambda _, key=key: _forget(key)), status, _fingerprint(record))
    return record


def issued_status(record: Any, otherwise: Any) -> Any:
    """The status the checker issued for exactly this record, or `otherwise`."""
    entry = _ISSUED.get(id(record))
    if entry is None or entry[0]() is not record or entry[2] != _fingerprint(record):
        return otherwise
    return entry[1]
