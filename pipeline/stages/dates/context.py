"""Where a missing year comes from: the news' own dates, in the item, then in the document.

A news item dates the events it reports with days and months ("on 12 November
2020"); a year written alone is as often background: "established in 1953",
"since 1994", "the Kyoto Convention of 1973". So not every date with a written
year is context for a yearless one:

- a date with a month (or a day) is always context: it dates reported events;
- a year alone is not when a cue marks it as background (the lexicon's
  `background_year_cues`: "since", "established in", "Конвенции ... года"), nor
  when it lies more than a year before the news' time: the earliest year of the
  document's dates with a month, or, without any, the latest year written alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.stages.dates.lexicon import lexicon

# How far before the news' time a year alone may lie and still date the news.
_NEWS_SLACK_YEARS = 1
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class YearAnchor:
    """A date with a written year, as context for dates without one."""

    start_char: int
    end_char: int
    first_year: int
    last_year: int
    dated: bool = True  # a month is written: the date of reported events
    background: bool = False  # a year alone marked as background by a cue word


def news_anchors(anchors: Sequence[Sequence[YearAnchor]]) -> list[list[YearAnchor]]:
    """The anchors of each item that date the news, per the module docstring.

    `anchors[i]` are the dates with a written year in item i of one document.
    """
    every = [anchor for item in anchors for anchor in item]
    dated_years = [anchor.first_year for anchor in every if anchor.dated]
    alone_years = [a.last_year for a in every if not a.dated and not a.background]
    if dated_years:
        news_year = min(dated_years)
    elif alone_years:
        news_year = max(alone_years)
    else:
        return [[] for _ in anchors]

    def dates_the_news(anchor: YearAnchor) -> bool:
        if anchor.dated:
            return True
        return not anchor.background and anchor.last_year >= news_year - _NEWS_SLACK_YEARS

    return [[anchor for anchor in item if dates_the_news(anchor)] for item in anchors]


def is_background_year(text: str, start_char: int, end_char: int, language: str) -> bool:
    """Whether the year written at `start_char:end_char` is marked as background by a cue."""
    lex = lexicon(language)
    before = [w.lower() for w in _WORD.findall(text[max(0, start_char - 60) : start_char])]
    if before and before[-1] in lex.background_prepositions:
        before.pop()
    if before and _cued(before[-1], lex.background_before):
        return True
    after = _WORD.search(text, end_char, min(len(text), end_char + 40))
    return after is not None and _cued(after.group().lower(), lex.background_after)


def _cued(word: str, cues: Sequence[str]) -> bool:
    return any(word.startswith(c[:-1]) if c.endswith("*") else word == c for c in cues)


def context_year(
    anchors: Sequence[Sequence[YearAnchor]],
    item_index: int,
    start_char: int,
    end_char: int,
) -> int | None:
    """The year for a yearless date at `start_char:end_char` of item `item_index`.

    `anchors[i]` are the dates of item i that may give a year, in text order
    (see `news_anchors`). The nearest anchor of the same item wins (by
    characters; a preceding one on a tie), its nearer end giving the year; then
    the nearest item that has any (a preceding one on a tie: its last year; a
    following one: its first). None when there is no context at all: no year is
    guessed.
    """
    own = anchors[item_index]
    if own:
        best = min(own, key=lambda anchor: _distance(anchor, start_char, end_char))
        return best.last_year if best.end_char <= start_char else best.first_year
    for step in range(1, len(anchors)):
        before = item_index - step
        if before >= 0 and anchors[before]:
            return anchors[before][-1].last_year
        after = item_index + step
        if after < len(anchors) and anchors[after]:
            return anchors[after][0].first_year
    return None


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
