"""Find the numbers in a doc's tokens and read their values.

A number is digits ("120", "1,200", "1 200", "1.5"), number words ("thirty-five",
"two hundred and fifty", "двухсот"), digits with a scale ("2 million",
"100 тыс."), or a vague quantity with no value ("dozens of", "десятки").
Versions ("3.11.0"), ordinals ("2nd", "30-й") and numbers glued to letters
("COVID-19", "G20") are single tokens that never look like a number here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from pipeline.stages.counts.lexicon import CountLexicon

_EN_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?")
_RU_DIGITS = re.compile(r"\d+(?:,\d+)?")
_GROUP = re.compile(r"\d{3}")


@dataclass(frozen=True, slots=True)
class NumberPhrase:
    """Tokens start:end of the doc that write one number; unit_from is where its noun may start."""

    start: int
    end: int
    value: float | None  # None for a vague quantity ("dozens of")
    unit_from: int


def find_numbers(doc: Doc, lex: CountLexicon) -> list[NumberPhrase]:
    """Every number phrase in `doc`, left to right, not overlapping."""
    phrases: list[NumberPhrase] = []
    index = 0
    while index < len(doc):
        phrase = _phrase_at(doc, index, lex)
        if phrase is None:
            index += 1
            continue
        phrases.append(phrase)
        index = phrase.end
    return phrases


def _phrase_at(doc: Doc, index: int, lex: CountLexicon) -> NumberPhrase | None:
    token = doc[index]
    low = token.lower_
    if low in lex.vague_quantities:
        end = _vague_end(doc, index, lex)
        return NumberPhrase(index, end, None, end) if end > index else None
    digits = _digits(token, lex)
    if digits is None and low not in lex.number_words:
        return None
    parts: list[tuple[str, float]] = []
    end = index
    if digits is not None:
        digits, end = _digit_groups(doc, index, digits, lex)
        parts.append(("number", digits))
    while end < len(doc):
        word = doc[end].lower_
        if word in lex.scale_words:
            parts.append(("scale", lex.scale_words[word]))
        elif word in lex.number_words and (digits is None):
            parts.append(("number", lex.number_words[word]))
        elif _joins_words(doc, end, lex):
            end += 1
            continue
        else:
            break
        end += 1
    while end > index and not _is_number_part(doc[end - 1], lex):
        end -= 1  # a trailing 'and' or hyphen belongs to no number
    return NumberPhrase(index, end, _value(parts), end)


def _vague_end(doc: Doc, index: int, lex: CountLexicon) -> int:
    """End of "dozens of", "hundreds of thousands of", "десятки миллионов"; `index` if none.

    English wants "of" after each word ("dozens" alone is not a count).
    """
    end = index
    while end < len(doc):
        word = doc[end].lower_
        if word not in lex.vague_quantities and (end == index or word not in lex.scale_words):
            break
        if lex.language == "en":
            if end + 1 >= len(doc) or doc[end + 1].lower_ != "of":
                break
            end += 2
        else:
            end += 1
    return end


def _digits(token: Token, lex: CountLexicon) -> float | None:
    pattern = _RU_DIGITS if lex.language == "ru" else _EN_DIGITS
    if not pattern.fullmatch(token.text):
        return None
    return float(token.text.replace(",", "." if lex.language == "ru" else ""))


def _digit_groups(doc: Doc, index: int, value: float, lex: CountLexicon) -> tuple[float, int]:
    """Join '1 200' (thousands separated by a space) into one number; Russian only."""
    end = index + 1
    if lex.language != "ru" or not value.is_integer() or value >= 1000:
        return value, end
    while end < len(doc):
        gap = end
        if doc[gap].is_space and "\n" not in doc[gap].text:
            gap += 1
        if gap < len(doc) and _GROUP.fullmatch(doc[gap].text) and doc[gap - 1].text != ",":
            value = value * 1000 + int(doc[gap].text)
            end = gap + 1
        else:
            break
    return value, end


def _joins_words(doc: Doc, index: int, lex: CountLexicon) -> bool:
    """'and' in "two hundred and fifty", '-' in "thirty-five" (spaCy splits the hyphen)."""
    if index + 1 >= len(doc) or doc[index + 1].lower_ not in lex.number_words:
        return False
    token = doc[index]
    if token.text in "-‐‑" and not doc[index - 1].whitespace_:
        return doc[index - 1].lower_ in lex.number_words
    return token.lower_ == "and" and doc[index - 1].lower_ in lex.scale_words


def _is_number_part(token: Token, lex: CountLexicon) -> bool:
    return token.lower_ not in {"and", "-", "‐", "‑"}


def _value(parts: list[tuple[str, float]]) -> float:
    total = 0.0
    current = 0.0
    for kind, number in parts:
        if kind == "number":
            current += number
        elif number == 100:
            current = (current or 1) * 100
        else:
            total += (current or 1) * number
            current = 0.0
    return total + current
