"""The word lists behind count finding, read once from `models/counts/lexicon.json`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.settings import read_rule_file


@dataclass(frozen=True)
class CountLexicon:
    """Number words, qualifiers and unit filters of one language."""

    language: str
    number_words: dict[str, int]  # 'two' -> 2, 'двухсот' -> 200
    scale_words: dict[str, int]  # 'thousand' -> 1000, 'тыс.' -> 1000
    vague_quantities: frozenset[str]  # 'dozens', 'десятки': a count with no value
    qualifier: re.Pattern[str]  # matches a qualifier at the very end of the text before a number
    non_count_units: frozenset[str]  # measures and spans of time: 'tonnes', 'days', 'лет'
    non_count_stems: tuple[str, ...]  # the same as word beginnings, for Russian cases: 'метр'
    invariant_plurals: frozenset[str]  # plural nouns without a plural tag: 'people', 'staff'
    number_labels: frozenset[str]  # words after which a number is a label: 'version', 'No.'
    stop_words: frozenset[str]  # Russian words that cannot be the counted noun


def _load_raw() -> dict[str, Any]:
    return read_rule_file("counts/lexicon.json")


def is_non_count(word: str, lex: CountLexicon) -> bool:
    """Whether `word` names a measure or a span of time rather than a counted thing."""
    low = word.lower()
    return low in lex.non_count_units or low.startswith(lex.non_count_stems)


@cache
def lexicon(language: str) -> CountLexicon:
    """The lexicon for `language` ('ru' or anything else, which reads as English)."""
    raw = _load_raw()
    lang = "ru" if language == "ru" else "en"
    qualifiers = sorted(raw["qualifiers"][lang], key=len, reverse=True)
    alternatives = "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in qualifiers)
    return CountLexicon(
        language=lang,
        number_words=dict(raw["number_words"][lang]),
        scale_words=dict(raw["scale_words"][lang]),
        vague_quantities=frozenset(raw["vague_quantities"][lang]),
        qualifier=re.compile(rf"(?<!\w)(?:{alternatives})[ \u00a0]+$", re.IGNORECASE),
        non_count_units=frozenset(raw["non_count_units"][lang]),
        non_count_stems=tuple(raw["non_count_stems"][lang]),
        invariant_plurals=frozenset(raw["invariant_plurals"].get(lang, [])),
        number_labels=frozenset(raw["number_labels"]),
        stop_words=frozenset(raw["ru_stop_words"]) if lang == "ru" else frozenset(),
    )
