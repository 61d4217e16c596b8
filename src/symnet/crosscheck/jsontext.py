"""Strict JSON for numeric results: NaN and infinities (a failed fit) written as null."""

from __future__ import annotations

import json
import math


def strict_json(record: dict) -> str:
    """`record` as indented JSON that strict parsers accept, ending in a newline."""
    return json.dumps(finite(record), indent=2, allow_nan=False) + "\n"


def finite(value):
    """NaN and infinities as None, inside dicts, lists and tuples too; everything else unchanged."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value
