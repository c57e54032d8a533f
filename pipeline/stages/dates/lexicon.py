"""The word lists behind date finding, read once from `models/dates/lexicon.json`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.settings import cached_while_unchanged, read_rule_file
from pipeline.stages.language import pipeline_language


@dataclass(frozen=True)
class DateLexicon:
    """Month forms and cue words of one language."""

    language: str
    months: dict[str, int]  # every written form of a month -> 1..12
    canonical_months: tuple[str, ...]  # the full name of each month, January first
    year_words: tuple[str, ...]  # words that follow a year and belong to it ('г.', 'года')
    year_suffixes: tuple[str, ...]  # endings joined to a year by a hyphen ('2020-го')
    short_year_words: tuple[str, ...]  # words that make two digits a year ('23 году')
    plural_year_words: tuple[str, ...]  # after years listed, one expression ('2024 и 2025 годах')
    decade_suffixes: tuple[str, ...]  # endings that make a year a decade ('1990-х')
    weekdays: tuple[str, ...]  # weekday names a date may start with ('Monday 28 March')
    range_leads: dict[str, tuple[str, ...]]  # lead word -> connectors it licenses
    bare_connectors: tuple[str, ...]  # word connectors allowed without a lead
    list_connectors: tuple[str, ...]  # the word before the last day of a list ('14 and 15 March')
    bare_month_cues: frozenset[str]  # words that make a lone month name a date
    number_labels: frozenset[str]  # words after which a number is a label, not a year
    background_prepositions: frozenset[str]  # skipped between a cue and its date ('in', 'в')
    background_before: tuple[str, ...]  # right before a background date ('since', 'конвенц*')
    background_clause: tuple[str, ...]  # earlier in its clause ('launched by X on', 'основан*')
    background_period: tuple[str, ...]  # up to three words before: a reporting period ('за')
    background_after: tuple[str, ...]  # right after one ('the 1974 Convention')
    year_alone_dates_events: bool  # a year alone gives its year to yearless dates of its item


def _load_raw() -> dict[str, Any]:
    return read_rule_file("dates/lexicon.json")


@cached_while_unchanged("dates", "numbers.json")
def lexicon(language: str) -> DateLexicon:
    """The lexicon for `language` ('ru' or anything else, which reads as English)."""
    raw = _load_raw()
    lang = pipeline_language(language)
    months = dict(raw["months"][lang])
    if lang == "en":
        months.update(raw["months"]["en_abbrev"])
    background = raw["background_cues"]
    return DateLexicon(
        language=lang,
        months=months,
        canonical_months=tuple(raw["canonical_month"][lang]),
        year_words=tuple(raw["year_words"][lang]),
        year_suffixes=tuple(raw["year_suffixes"][lang]),
        short_year_words=tuple(raw["short_year_words"][lang]),
        plural_year_words=tuple(raw["plural_year_words"][lang]),
        decade_suffixes=tuple(raw["decade_suffixes"][lang]),
        weekdays=tuple(raw["relative"][lang]["weekdays"]),
        range_leads={k: tuple(v) for k, v in raw["range_leads"][lang].items()},
        bare_connectors=tuple(raw["bare_connectors"][lang]),
        list_connectors=tuple(raw["list_connectors"][lang]),
        bare_month_cues=frozenset(raw["bare_month_cues"][lang]),
        number_labels=frozenset(read_rule_file("numbers.json")["number_labels"]),
        background_prepositions=frozenset(background["prepositions"][lang]),
        background_before=tuple(background["before"][lang]),
        background_clause=tuple(background["clause"][lang]),
        background_period=tuple(background["period"][lang]),
        background_after=tuple(background["after"][lang]),
        year_alone_dates_events=bool(raw["year_alone_dates_events"][lang]),
    )
