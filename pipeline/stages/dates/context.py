"""Where a missing year comes from: the news' own dates (docs/CONVENTIONS.md, Dates).

A news item dates the events it reports ("on 12 November 2020"); other dates
with a written year are background and never lend their year:

- a date a cue marks as background (the lexicon's `background_cues`): a
  founding or a launch ("established in 1953", "launched by the Committee on
  February 13, 2013", "since 1994"), the year of an instrument ("the Kyoto
  Convention of 1973", "Конвенции 1973 года"), a reporting period ("за первые
  8 месяцев 2020-го");
- a period that runs over several years: a plan or a reporting period
  ("Strategy 2022-2025", "на 2024-2026 годы", "from April 2021 to September
  2025");
- a year alone more than a year older than the news' time (the middle year of
  the document's dates with a month): "in 2015 the programme was launched" in
  a story of 2022.

A yearless date takes the year of the nearest news date of its own item (its
title included); an item without any takes the document's year only
when all the document's news dates fall in that one year. Then the document's
date gives it, but only when none of the document's news dates lies more than a
year from it: a digest of stories from several years is not dated by its
publication. Otherwise the year is not known: no year is guessed.

In Russian, a year written alone ("в 2021 году") is a reporting period or a
fact of the past rather than the date of an event: it gives no year to the
other dates of its item, and counts only toward the document's one year (the
lexicon's `year_alone_dates_events`; `pipeline.stages.dates._year_for`).
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.stages.dates.lexicon import DateLexicon, lexicon

# How far before the news' time a year alone may lie and still date the news.
_NEWS_SLACK_YEARS = 1
_PERIOD_WORDS = 3  # how far before a date a reporting-period cue reaches
_WORD = re.compile(r"\w+", re.UNICODE)
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\n]")


@dataclass(frozen=True, slots=True)
class YearAnchor:
    """A date with a written year, as context for dates without one."""

    start_char: int
    end_char: int
    first_year: int
    last_year: int
    dated: bool = True  # a month is written: the date of an event rather than a year alone
    background: bool = False  # marked as background by a cue word


def news_anchors(anchors: Sequence[Sequence[YearAnchor]]) -> list[list[YearAnchor]]:
    """The anchors of each item that date the news, per the module docstring.

    `anchors[i]` are the dates with a written year in item i of one document.
    """
    every = [a for item in anchors for a in item if not a.background]
    dated_years = sorted(a.first_year for a in every if a.dated)
    alone_years = [a.last_year for a in every if not a.dated]
    if dated_years:
        news_year = statistics.median_low(dated_years)
    elif alone_years:
        news_year = max(alone_years)
    else:
        return [[] for _ in anchors]

    def dates_the_news(anchor: YearAnchor) -> bool:
        if anchor.background or anchor.first_year != anchor.last_year:
            return False
        return anchor.dated or anchor.last_year >= news_year - _NEWS_SLACK_YEARS

    return [[anchor for anchor in item if dates_the_news(anchor)] for item in anchors]


def is_background(text: str, start_char: int, end_char: int, language: str) -> bool:
    """Whether a cue marks the date written at `start_char:end_char` as background."""
    lex = lexicon(language)
    clause_start = max(0, start_char - 200)
    breaks = list(_CLAUSE_BREAK.finditer(text, clause_start, start_char))
    clause = text[breaks[-1].end() if breaks else clause_start : start_char]
    before = [w.lower() for w in _WORD.findall(clause)]
    if _cued_before(before, lex) or any(_cued(w, lex.background_clause) for w in before):
        return True
    if any(_cued(w, lex.background_period) for w in before[-_PERIOD_WORDS - 1 :]):
        return True
    after = _WORD.search(text, end_char, min(len(text), end_char + 40))
    return after is not None and _cued(after.group().lower(), lex.background_after)


def _cued_before(words: list[str], lex: DateLexicon) -> bool:
    if words and words[-1] in lex.background_prepositions:
        words = words[:-1]
    return bool(words) and _cued(words[-1], lex.background_before)


def _cued(word: str, cues: Sequence[str]) -> bool:
    return any(word.startswith(c[:-1]) if c.endswith("*") else word == c for c in cues)


def item_year(
    anchors: Sequence[Sequence[YearAnchor]], item_index: int, start_char: int, end_char: int
) -> int | None:
    """The year of the news date of item `item_index` nearest to `start_char:end_char`.

    `anchors` are per item, as `news_anchors` gives them. By characters, a
    preceding one winning a tie; its nearer end gives the year. None when the
    item has no news date.
    """
    own = anchors[item_index]
    if not own:
        return None
    best = min(own, key=lambda anchor: _distance(anchor, start_char, end_char))
    return best.last_year if best.end_char <= start_char else best.first_year


def document_year(anchors: Sequence[Sequence[YearAnchor]]) -> int | None:
    """The one year all the document's news dates fall in, or None."""
    years = {year for item in anchors for a in item for year in (a.first_year, a.last_year)}
    return years.pop() if len(years) == 1 else None


def dates_the_document(anchors: Sequence[Sequence[YearAnchor]], reference: dt.date) -> bool:
    """Whether the document's date `reference` may date its items: none of its news
    dates (`news_anchors`) lies more than a year from it."""
    earliest = reference.year - _NEWS_SLACK_YEARS
    latest = reference.year + _NEWS_SLACK_YEARS
    return all(
        earliest <= anchor.first_year and anchor.last_year <= latest
        for item in anchors
        for anchor in item
    )


def year_near(month: int, day: int | None, reference: dt.date) -> int:
    """The year that puts `day` `month` nearest to `reference` ("November" in a January
    2000 story is November 1999), the way news refers to recent and coming dates."""
    middle = day if day is not None else 15
    years = (reference.year - 1, reference.year, reference.year + 1)
    return min(years, key=lambda y: _cost(_safe_date(y, month, middle), reference))


def _safe_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 29 February outside a leap year: the 28th is as near
        return dt.date(year, month, 28)


def _distance(anchor: YearAnchor, start_char: int, end_char: int) -> tuple[int, int]:
    if anchor.end_char <= start_char:
        return start_char - anchor.end_char, 0
    return anchor.start_char - end_char, 1


# News mostly reports what happened: a date ahead of the story costs more than one behind.
_FUTURE_COST = 2.0


def _cost(day: dt.date, reference: dt.date) -> float:
    days = (day - reference).days
    return days * _FUTURE_COST if days > 0 else -days
