"""What `re.IGNORECASE` takes for the same word, in `str` terms: word gates (whether a
date regex can match a text at all, told by containment) and `folded` (the key of
a matched word in the date lexicons' tables).

A regex such as "(?<!\\w)(?i:today|yesterday|tomorrow)(?!\\w)" has no literal
prefix: Python's `re` tries it at every character of an item, and the relative
and period regexes together cost more than the date grammar. Every match of
such a regex holds all the words of one of a few phrases (a day word, a unit, an
"ago"); when none of those phrases has all its words in the text, the regex
cannot match and is not run. Testing containment with `in` is done in C, and
tens of times cheaper than the regex's scan.

Exact, not a heuristic: a gate says "may match" whenever the regex could. For
case-insensitive words it compares lower-cased text, which is what `re`'s
IGNORECASE does for ASCII words except for three letters it also takes for
ASCII ones ("İ", "ı", "ſ"): a text holding one of them always runs the regex.
Non-ASCII words (the Russian lists) get no gate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Characters `re.IGNORECASE` matches to an ASCII letter although `str.lower()` does
# not turn them into it (the Kelvin sign, also matched to "k", lowers to "k").
CASE_EXTRAS = ("İ", "ı", "ſ")


@dataclass(frozen=True, slots=True)
class WordGate:
    """Whether a text may hold a match: all the words of one of `phrases`, written
    as they are (`case_sensitive`) or in any letter case."""

    phrases: tuple[tuple[str, ...], ...]
    case_sensitive: bool = False

    @classmethod
    def of(cls, phrases: Iterable[str], case_sensitive: bool = False) -> WordGate | None:
        """The gate of a regex whose every match holds one of `phrases` (words
        separated by spaces, each written literally); None when a word is not ASCII."""
        split = tuple(
            tuple(phrase.split() if case_sensitive else phrase.lower().split())
            for phrase in phrases
        )
        if not split or not all(phrase and all(w.isascii() for w in phrase) for phrase in split):
            return None
        return cls(split, case_sensitive)

    def may_match(self, text: str) -> bool:
        if self.case_sensitive:
            seen = text
        elif any(extra in text for extra in CASE_EXTRAS):
            return True
        else:
            seen = text.lower()
        return any(all(word in seen for word in phrase) for phrase in self.phrases)


def folded(written: str) -> str:
    """A written word or phrase as `re.IGNORECASE` compares it, spaces made single:
    the key a match of a case-insensitive date regex is looked up by. Lower case
    is not enough: the regexes also take "ſ" for "s", "ı" and "İ" for "i", the
    Kelvin sign for "k" and the old forms of some Cyrillic letters ("ᲀ") for
    theirs, and a match written with one must find its word."""
    return " ".join(written.casefold().replace("i\u0307", "i").replace("ı", "i").split())


def may_match(gate: WordGate | None, text: str) -> bool:
    """`gate.may_match(text)`, and True without a gate."""
    return gate is None or gate.may_match(text)
