"""How a link and its activation are named in sentences, built with `symnet.grammar`.

A catalog activation with a name in words reads "a sigmoid output", "an exponential output"; one that
is a formula (a custom activation, or logc's 1 - exp) is written as math: "the activation
$h(\\eta) = 1 - e^{\\eta}$".  A link reads "the logit link" (never "the logit link link"); a custom
link without a catalog name is written as math: "the link $g(\\mu) = \\log(e^{\\mu} - 1)$".
"""

from __future__ import annotations

import re

from symnet.catalog.notation import tex
from symnet.grammar import noun_phrase, with_article

_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[ -][A-Za-z][A-Za-z0-9]*)*")


def is_custom(link) -> bool:
    """A record built from user-written expressions (symnet.custom), not a catalog entry."""
    return link.name in ("custom", "candidate")


def activation_in_words(link) -> str | None:
    """The activation's name when it is words ("sigmoid", "Gumbel-min CDF"), else None."""
    if is_custom(link) or not _WORDS.fullmatch(link.activation):
        return None
    return link.activation


def activation_math(link) -> str:
    """h(eta) = ... as LaTeX (without dollars)."""
    return rf"h(\eta) = {tex(link.inverse)}"


def link_math(link) -> str:
    """g(mu) = ... as LaTeX (without dollars)."""
    return rf"g(\mu) = {tex(link.link)}"


def link_phrase(link) -> str:
    """'the logit link', or 'the link $g(\\mu) = ...$' for a custom link without a catalog name."""
    if is_custom(link) and link.title == "custom":
        return f"the link ${link_math(link)}$"
    return "the " + noun_phrase(link.title.lower(), "link")


def output_phrase(link, plural: bool = False) -> str:
    """'a sigmoid output', 'softmax outputs', or 'the activation $h(\\eta) = ...$'."""
    words = activation_in_words(link)
    if words is None:
        return f"the activation ${activation_math(link)}$"
    if plural:
        return f"{words} outputs"
    return f"{with_article(words)} output"


def activation_parenthetical(link) -> str:
    """What h is, for '(...)' after h = g^-1: the name in words or the formula."""
    words = activation_in_words(link)
    return words if words is not None else f"${activation_math(link)}$"


def network_title(link) -> str:
    """'A network with a sigmoid output is a GLM with the logit link' (and every variant)."""
    if link.vector:
        return f"A network with {output_phrase(link, plural=True)} is a multinomial logit GLM"
    return f"A network with {output_phrase(link)} is a GLM with {link_phrase(link)}"


def link_heading(link) -> str:
    """The link phrase as a heading: 'Logit link', 'Link $g(\\mu) = ...$'."""
    phrase = link_phrase(link).removeprefix("the ")
    return phrase[:1].upper() + phrase[1:]
