"""Where a missing year comes from: the item's own dates, then the document's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class YearAnchor:
    """A date with a written year, as context for dates without one."""

    start_char: int
    end_char: int
    first_year: int
    last_year: int


def context_year(
    anchors: Sequence[Sequence[YearAnchor]],
    item_index: int,
    start_char: int,
    end_char: int,
) -> int | None:
    """The year for a yearless date at `start_char:end_char` of item `item_index`.

    `anchors[i]` are the dates with a written year in item i, in text order.
    The nearest anchor of the same item wins (by characters; a preceding one on
    a tie), its nearer end giving the year; then the nearest item that has any
    (a preceding one on a tie: its last year; a following one: its first).
    None when there is no context at all: no year is guessed.
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
