"""Name resolution: canonical, R, statsmodels, Keras and PyTorch spellings, case-insensitively."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable

from symnet.catalog.links import LINKS, Link, VectorLink
from symnet.errors import AmbiguousNameError, UnknownNameError

_PREFIXES = ("torch.special.", "torch.nn.", "torch.", "nn.", "keras.activations.", "sm.", "links.")


def normalize(name: str) -> str:
    """Lower-case, drop library prefixes, and treat '-', '_' and spaces alike."""
    key = name.strip().lower()
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix):]
            break
    key = re.sub(r"[\s_\-]+", "-", key)
    return key.removesuffix("()")


def spellings(link: Link | VectorLink) -> tuple[str, ...]:
    """Every name a user may type for this link."""
    return (link.name, link.activation) + link.names.all()


def _index(catalog: Iterable[Link | VectorLink]) -> dict[str, list[Link | VectorLink]]:
    index: dict[str, list[Link | VectorLink]] = {}
    for link in catalog:
        for spelling in spellings(link):
            bucket = index.setdefault(normalize(spelling), [])
            if link not in bucket:
                bucket.append(link)
    return index


@functools.lru_cache(maxsize=1)
def _catalog_index() -> dict[str, list[Link | VectorLink]]:
    """The index of the catalog's own links, built once (names are resolved at every call)."""
    return _index(LINKS)


def resolve(name: str, catalog: Iterable[Link | VectorLink] = LINKS) -> Link | VectorLink:
    """The catalog entry called `name`; unknown and ambiguous names raise with the valid choices."""
    catalog = tuple(catalog)
    index = _catalog_index() if catalog is LINKS else _index(catalog)
    matches = index.get(normalize(name), [])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        candidates = ", ".join(link.name for link in matches)
        raise AmbiguousNameError(f"link name {name!r} is ambiguous: it names {candidates}; use one of these")
    from symnet.catalog.activations import find_activation

    if find_activation(name) is not None:
        raise UnknownNameError(f"{name!r} is an activation, not a link: 'symnet prove {name}' (or "
                               f"symnet.prove({name!r})) says whether a link undoes it, and why")
    valid = ", ".join(link.name for link in catalog)
    raise UnknownNameError(f"unknown link {name!r}.{_hint(name, index)} Valid links: {valid}")


def _hint(name: str, index: dict[str, list[Link | VectorLink]]) -> str:
    """' Did you mean ...?' for the closest link spelling, or activation symnet answers (relu6 for relu7)."""
    from symnet.catalog.activations import ACTIVATIONS

    answered = {normalize(spelling): activation.name for activation in ACTIVATIONS
                for spelling in (activation.name, *activation.names)}
    close = difflib.get_close_matches(normalize(name), [*index, *answered], n=1, cutoff=0.6)
    if not close:
        return ""
    if close[0] not in index:
        return f" Did you mean {answered[close[0]]!r} (an activation: 'symnet prove {answered[close[0]]}' says why)?"
    target = index[close[0]][0].name
    return f" Did you mean {close[0]!r}" + (f" (the {target} link)?" if close[0] != target else "?")
