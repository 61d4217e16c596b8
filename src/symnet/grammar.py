"""A small English grammar for titles and sentences: articles by sound, counts, no doubled head nouns.

Pure string functions (no SymPy), used by every layer that writes a sentence.
"""

from __future__ import annotations

import re

# Words whose first letter does not give their first sound.
_VOWEL_SOUND_EXCEPTIONS = ("hour", "honest", "honor", "heir", "f", "h", "l", "m", "n", "r", "s", "x")
_CONSONANT_SOUND_EXCEPTIONS = ("one", "once", "uni", "use", "usu", "util", "euro", "eu", "ubi", "ure", "uri",
                               "u-", "ewe")
_LEADING_MATH = re.compile(r"^[\s$\\(\[{]*(?:mathrm|operatorname|text)?\{?")
_DIGIT_WORDS = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
                "7": "seven", "8": "eight", "9": "nine"}


def _spoken_start(phrase: str) -> str:
    """The phrase as it starts when read aloud: math markup dropped, a leading number's first word."""
    start = _LEADING_MATH.sub("", phrase).lower()
    digits = re.match(r"\d+", start)
    if digits:
        run = digits.group(0)
        if run.startswith("8") or (run[:2] in ("11", "18") and len(run) in (2, 5, 8)):
            return "eight"  # eight, eighty, eleven, eighteen, eleven thousand: a vowel sound
        return _DIGIT_WORDS[run[0]]
    return start


def article(phrase: str) -> str:
    """'a' or 'an' for `phrase`, by its first sound: an exponential, a Poisson, an NB2, a one-hot."""
    token = re.split(r"[^A-Za-z0-9]", _LEADING_MATH.sub("", phrase.strip()), maxsplit=1)[0]
    if re.fullmatch(r"[A-Z][A-Z0-9]+", token):  # an initialism, read letter by letter: an NB2, a CDF
        return "an" if token[0] in "AEFHILMNORSX" else "a"
    word = re.split(r"[^a-z0-9-]", _spoken_start(phrase), maxsplit=1)[0]
    if not word:
        return "a"
    if word.startswith(_CONSONANT_SOUND_EXCEPTIONS):
        return "a"
    if word in _VOWEL_SOUND_EXCEPTIONS or word.startswith(("hour", "honest", "honor", "heir")):
        return "an"
    return "an" if word[0] in "aeiou" else "a"


def with_article(phrase: str) -> str:
    """`phrase` preceded by its indefinite article."""
    return f"{article(phrase)} {phrase}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 output', '2 outputs', '1000000001 parameters' (a count with its noun)."""
    word = singular if count == 1 else (plural_form or _plural_of(singular))
    return f"{count} {word}"


def _plural_of(word: str) -> str:
    if word.endswith(("s", "x", "sh", "ch")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def noun_phrase(name: str, head: str) -> str:
    """`name head` without a doubled head noun: ('logit link', 'link') -> 'logit link'."""
    name = name.strip()
    if re.search(rf"\b{re.escape(head)}$", name, flags=re.IGNORECASE):
        return name
    return f"{name} {head}"


def doubled_words(sentence: str) -> list[str]:
    """Words written twice in a row ('link link', 'the the'), ignoring math between $...$."""
    tokens = re.findall(r"\$[^$]*\$|[A-Za-z][A-Za-z'-]*|\S", sentence)  # math and punctuation separate words
    return [a for a, b in zip(tokens, tokens[1:]) if a[:1].isalpha() and a.lower() == b.lower()]


def article_errors(sentence: str) -> list[str]:
    """'a exponential', 'an Poisson': articles that disagree with the next word's sound."""
    words_only = re.sub(r"\$[^$]*\$", "x", sentence)
    found = []
    for match in re.finditer(r"\b(a|an|A|An)\s+([^\s]+)", words_only):
        if match.group(2) == "x":  # a formula: read as written, not checked
            continue
        if article(match.group(2)) != match.group(1).lower():
            found.append(match.group(0))
    return found

