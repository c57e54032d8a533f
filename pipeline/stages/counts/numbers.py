"""Find the numbers in a doc's tokens and read their values.

A number is digits ("120", "1,200", "1 200", "2500", "1.5"), number words
("thirty-five", "two hundred and fifty", "двухсот", "двадцатью пятью"), digits
with a scale ("2 million", "100 тыс."), a vague quantity with no value ("dozens
of", "десятки", "several hundred", "несколько тысяч") or a Russian collective
numeral ("трое", "около сотни", "два десятка"); "полтора" is 1.5.
Versions ("3.11.0"), ordinals ("2nd", "30-й", "пятой") and numbers glued to
letters ("COVID-19", "G20") never look like a number here.

Russian words are read through pymorphy2 (`morphology.py`): a word is a number
word when one of its readings is a numeral whose dictionary form num2words
writes ("двадцатью" is "двадцать"), or a singular form of "один"; the cases
that reading allows are kept for the agreement of the counted noun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from pipeline.stages.counts.lexicon import CountLexicon
from pipeline.stages.counts.morphology import readings
from pipeline.stages.nlp.words import words as doc_words

_EN_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?")
_RU_DIGITS = re.compile(r"\d+(?:,\d+)?")
_GROUP = re.compile(r"\d{3}")
# Digits with the case ending of a Russian cardinal: "20-ти" (двадцати), "3-х" (трёх),
# "2-мя" (двумя). An ordinal's endings ("30-й", "5-го", "10-м") are not among them.
_RU_CARDINAL_ENDING = re.compile(r"(\d+)[-‐‑](?:ти|х|ми|мя|ух|ех|ёх)")
_RANGE = re.compile(r"(\d+)[-‐‑–—](\d+)")
_HYPHENS = frozenset("-‐‑")
# How many characters before a Russian collective numeral the qualifier search looks at.
_QUALIFIER_REACH = 40


@dataclass(frozen=True, slots=True)
class NumberPhrase:
    """Tokens start:end of the doc that write one number; unit_from is where its noun may start.

    `cases` are the grammatical cases the phrase's last word can stand in (Russian
    number words; empty for digits and English), `scaled` is true when that word is
    a scale or collective numeral ("тысяч", "млн", "сотни"), after which the
    counted noun is plural whatever the number. A range ("100 - 120", "10–15")
    keeps its first number as the value and its last as `upper`.
    """

    start: int
    end: int
    value: float | None  # None for a vague quantity ("dozens of")
    unit_from: int
    cases: frozenset[str] = frozenset()
    scaled: bool = False
    upper: float | None = None  # the end of a range ("100 - 120 trucks": value 100, upper 120)


def find_numbers(doc: Doc, lex: CountLexicon) -> list[NumberPhrase]:
    """Every number phrase in `doc`, left to right, not overlapping."""
    phrases: list[NumberPhrase] = []
    seen = doc_words(doc)
    index = 0
    while index < len(doc):
        if not _may_start(seen.text[index], seen.lower[index], lex):
            index += 1  # most words: told by their text, without a Token
            continue
        phrase = _phrase_at(doc, index, lex)
        if phrase is None:
            index += 1
            continue
        phrases.append(phrase)
        index = phrase.end
    return phrases


def _may_start(text: str, lower: str, lex: CountLexicon) -> bool:
    """Whether a number phrase may start at a word: `_phrase_at`'s tests, cheapest
    first. Every number it reads starts with a digit, else in English with one of
    `english_starts`, in Russian with a word the morphology reads."""
    if text[:1].isdigit():
        return True
    if lex.language == "en":
        return lower in lex.english_starts
    return any(c.isalpha() for c in text)


def _phrase_at(doc: Doc, index: int, lex: CountLexicon) -> NumberPhrase | None:
    token = doc[index]
    if (indefinite := _indefinite(doc, index, lex)) is not None:
        return indefinite
    if lex.language == "en" and token.lower_ in lex.vague_quantities:
        end = _vague_end(doc, index, lex)
        return NumberPhrase(index, end, None, end, scaled=True) if end > index else None
    if lex.language == "ru" and (collective := _collective(doc, index, lex)) is not None:
        return collective
    if ranged := _RANGE.fullmatch(token.text):
        low, high = float(ranged[1]), float(ranged[2])
        return NumberPhrase(index, index + 1, low, index + 1, upper=high) if low < high else None
    digits = _digits(token, lex)
    word = _word_value(token, lex) if digits is None else None
    fraction = (
        _fraction_before_article(doc, index, lex) if word is None and digits is None else None
    )
    article = (word is None and digits is None and fraction is None) and _is_article_before_scale(
        doc, index, lex
    )
    if digits is None and word is None and fraction is None and not article:
        return None
    parts: list[tuple[str, float]] = []
    cases: frozenset[str] = frozenset()
    scaled = False
    if digits is not None:
        digits, end = _digit_groups(doc, index, digits)
        parts.append(("number", digits))
    elif fraction is not None:
        parts.append(("number", fraction))  # "half a dozen": half of the scale after "a"
        end = index + 2
    elif article:
        parts.append(("number", 1))  # "a thousand", "a hundred"
        end = index + 1
    else:
        end = index
    while end < len(doc):
        scale = _scale_value(doc[end], lex)
        here = _word_value(doc[end], lex) if digits is None and scale is None else None
        if here is None and scale is None and parts[-1:] and parts[-1][0] == "scale":
            here = _digits_under(doc[end], parts[-1][1], lex)  # "18 тысяч 720"
        if scale is not None:
            parts.append(("scale", scale))
            cases, scaled = frozenset(), True
            end = _after_abbreviation(doc, end)
        elif here is not None:
            parts.append(("number", here[0]))
            cases, scaled = here[1], False
        elif _joins_words(doc, end, lex):
            end += 1
            continue
        else:
            break
        end += 1
    while end > index and doc[end - 1].lower_ in {"and", *_HYPHENS}:
        end -= 1  # a trailing 'and' or hyphen belongs to no number
    value = _value(parts)
    if digits is not None and not scaled and (upper := _range_end(doc, end, value, lex)):
        return NumberPhrase(index, upper[1], value, upper[1], upper=upper[0])
    if digits is None and (repeated := _repeated_in_digits(doc, end, value, lex)):
        end = repeated  # "thirty-two (32) participants": the digits repeat the words
    return NumberPhrase(index, end, value, end, cases, scaled)


def _repeated_in_digits(doc: Doc, end: int, value: float, lex: CountLexicon) -> int | None:
    """End of "(32)" right after number words of the same value ("thirty-two (32)",
    "eleven (11) Member administrations", "пять (5) сотрудников"), as official and legal
    writing doubles a number; None when no such bracket follows."""
    index = skip_spaces(doc, end)
    if index + 2 >= len(doc) or doc[index].text != "(" or doc[index + 2].text != ")":
        return None
    return index + 3 if _digits(doc[index + 1], lex) == value else None


def _range_end(doc: Doc, end: int, value: float, lex: CountLexicon) -> tuple[float, int] | None:
    """The upper bound and end of "100 - 120", "10-15" after a number ending at `end`."""
    index = skip_spaces(doc, end)
    if index >= len(doc) or doc[index].text not in lex.range_dashes:
        return None
    index = skip_spaces(doc, index + 1)
    if index >= len(doc) or (high := _digits(doc[index], lex)) is None:
        return None
    high, after = _digit_groups(doc, index, high)
    return (high, after) if high > value else None


def skip_spaces(doc: Doc, index: int) -> int:
    """The first token from `index` that is not a space within a line (no-break spaces included)."""
    while index < len(doc) and doc[index].is_space and "\n" not in doc[index].text:
        index += 1
    return index


def _fraction_before_article(doc: Doc, index: int, lex: CountLexicon) -> float | None:
    """The value of an English fraction word before "a <scale>" ("half a dozen" is six,
    "half a million" 500,000), else None."""
    fraction = lex.fraction_numerals.get(doc[index].lower_) if lex.language == "en" else None
    if fraction is None or index + 1 >= len(doc):
        return None
    return fraction if _is_article_before_scale(doc, index + 1, lex) else None


def _is_article_before_scale(doc: Doc, index: int, lex: CountLexicon) -> bool:
    after = index + 1
    return (
        lex.language == "en"
        and doc[index].lower_ in {"a", "an"}
        and after < len(doc)
        and doc[after].lower_ in lex.scale_words
    )


def _digits_under(
    token: Token, scale: float, lex: CountLexicon
) -> tuple[int, frozenset[str]] | None:
    value = _digits(token, lex)
    if value is None or not value.is_integer() or value >= scale:
        return None
    return int(value), frozenset()


def _indefinite(doc: Doc, index: int, lex: CountLexicon) -> NumberPhrase | None:
    """ "several hundred", "a few dozen", "несколько десятков": a count with no value."""
    first = doc[index].lower_
    for words in lex.indefinite_quantities:
        after = index + len(words)
        if words[0] != first or after >= len(doc):
            continue  # tried on every token: the first word decides cheaply
        if tuple(t.lower_ for t in doc[index:after]) != words:
            continue
        end = after
        while end < len(doc) and (
            _is_vague_or_scale(doc[end], lex) or f"{doc[end].lower_}s" in lex.vague_quantities
        ):
            end += 1  # "несколько сотен тысяч", "several hundred thousand"
        if end > after:
            return NumberPhrase(index, end, None, end, scaled=True)
    return None


def _vague_end(doc: Doc, index: int, lex: CountLexicon) -> int:
    """End of "dozens of", "hundreds of thousands of"; `index` if none.

    English wants "of" after each word ("dozens" alone is not a count).
    """
    end = index
    while end < len(doc):
        word = doc[end].lower_
        if word not in lex.vague_quantities and (end == index or word not in lex.scale_words):
            break
        if end + 1 >= len(doc) or doc[end + 1].lower_ != "of":
            break
        end += 2
    return end


def _collective(doc: Doc, index: int, lex: CountLexicon) -> NumberPhrase | None:
    """A Russian collective numeral: "трое граждан" (3), "десятки экспертов" (vague),
    "около сотни экспертов" (100).

    "двое", "трое" ... govern the genitive plural whatever their value, as a scaled
    number does ("5 тыс. участников"), so they are read as scaled.

    "тысячи", "сотни" are a genitive singular or a plural: after a qualifier, which
    governs the genitive ("более тысячи участников"), the singular is read; elsewhere
    the plural, a quantity with no value ("тысячи участников"), when the word has one.
    """
    word_readings = readings(doc[index].text)
    collective = [r for r in word_readings if r.lemma in lex.collective_numerals]
    if collective:
        group = float(lex.collective_numerals[collective[0].lemma])
        cases = frozenset(r.case for r in collective if r.case)
        return NumberPhrase(index, index + 1, group, index + 1, cases, scaled=True)
    found = [r for r in word_readings if r.pos == "NOUN" and r.lemma in lex.vague_quantities]
    if not found:
        return None
    text = doc_words(doc).doc_text
    start = doc[index].idx
    after_qualifier = lex.qualifier.search(text, max(0, start - _QUALIFIER_REACH), start)
    plural = [r for r in found if r.number == "plur"]
    singular = [r for r in found if r.number == "sing"]
    if singular and (after_qualifier or not plural):
        worth = lex.vague_quantities[singular[0].lemma]
        value = None if worth is None else float(worth)
        cases = frozenset(r.case for r in singular if r.case)
        return NumberPhrase(index, index + 1, value, index + 1, cases, scaled=True)
    end = index + 1
    while end < len(doc) and _is_vague_or_scale(doc[end], lex):
        end += 1  # "сотни тысяч туристов"
    return NumberPhrase(index, end, None, end, scaled=True)


def _is_vague_or_scale(token: Token, lex: CountLexicon) -> bool:
    if _scale_value(token, lex) is not None:
        return True
    if lex.language != "ru":  # English words are not given to the Russian analyzer
        return token.lower_ in lex.vague_quantities
    return any(r.pos == "NOUN" and r.lemma in lex.vague_quantities for r in readings(token.text))


def _digits(token: Token, lex: CountLexicon) -> float | None:
    pattern = _RU_DIGITS if lex.language == "ru" else _EN_DIGITS
    if not pattern.fullmatch(token.text):
        if lex.language == "ru" and (cardinal := _RU_CARDINAL_ENDING.fullmatch(token.text)):
            return float(cardinal[1])  # "20-ти стран", "3-х организаций"
        return None
    return float(token.text.replace(",", "." if lex.language == "ru" else ""))


def _digit_groups(doc: Doc, index: int, value: float) -> tuple[float, int]:
    """Join '1 200', '2 500' (thousands separated by a space or a no-break space)."""
    end = index + 1
    if not value.is_integer() or value >= 1000 or not doc[index].text.isdigit():
        return value, end
    while end < len(doc):
        gap = end
        if doc[gap].is_space and "\n" not in doc[gap].text:
            gap += 1
        joined = gap < len(doc) and _GROUP.fullmatch(doc[gap].text)
        if joined and doc[gap - 1].whitespace_ in {" ", "\u00a0", ""} and gap > index:
            value = value * 1000 + int(doc[gap].text)
            end = gap + 1
        else:
            break
    return value, end


def _word_value(token: Token, lex: CountLexicon) -> tuple[float, frozenset[str]] | None:
    """A number word's value and the cases it may stand in (Russian), or None."""
    low = token.lower_
    if lex.language == "en":
        value = lex.number_words.get(low)
        return None if value is None else (value, frozenset())
    if not low.isalpha():
        return None
    values: set[float] = set()
    cases: set[str] = set()
    for reading in readings(low):
        if reading.pos == "NUMR" and reading.lemma in lex.fraction_numerals:
            values.add(lex.fraction_numerals[reading.lemma])  # "полторы тысячи"
            if reading.case:
                cases.add(reading.case)
            continue
        numeral = reading.pos == "NUMR" and reading.lemma in lex.number_words
        # "один" declines like an adjective; its plural ("одни эксперты") means "only"
        one = "Anum" in reading.grammemes and reading.lemma == "один" and reading.number == "sing"
        if numeral or one:
            values.add(lex.number_words[reading.lemma])
            if reading.case:
                cases.add(reading.case)
    if len(values) != 1:
        return None
    return values.pop(), frozenset(cases)


def _scale_value(token: Token, lex: CountLexicon) -> int | None:
    low = token.lower_
    if low in lex.scale_words:
        return lex.scale_words[low]
    if lex.language != "ru" or not low.isalpha():
        return None
    for reading in readings(low):
        if reading.pos == "NOUN" and reading.lemma in lex.scale_words:
            return lex.scale_words[reading.lemma]
        if reading.pos == "NOUN" and lex.vague_quantities.get(reading.lemma):
            return lex.vague_quantities[reading.lemma]  # "два десятка", "полтора десятка"
    return None


def _after_abbreviation(doc: Doc, index: int) -> int:
    """Index of the abbreviation's full stop when a tokenizer split it off ("тыс", ".")."""
    token = doc[index]
    has_stop = index + 1 < len(doc) and doc[index + 1].text == "." and not token.whitespace_
    if has_stop and not token.text.endswith(".") and len(token.text) <= 4:
        return index + 1
    return index


def _joins_words(doc: Doc, index: int, lex: CountLexicon) -> bool:
    """'and' in "two hundred and fifty", '-' in "thirty-five" (spaCy splits the hyphen)."""
    if index + 1 >= len(doc) or _word_value(doc[index + 1], lex) is None:
        return False
    token = doc[index]
    if token.text in _HYPHENS and not doc[index - 1].whitespace_:
        return _word_value(doc[index - 1], lex) is not None
    return token.lower_ == "and" and doc[index - 1].lower_ in lex.scale_words


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
    return round(total + current, 6)  # "1,1 тыс." is 1100, not 1100.0000000000002
