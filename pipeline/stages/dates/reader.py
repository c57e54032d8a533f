"""Read the two ends of an expression into a day interval.

The grammar (`grammar.py`) has already read every part of an end: its day,
its month (from the lexicon's names of months in each case and abbreviation)
and its year. What is left is the calendar: whether that day exists in that
month of that year ("31 February", "29 February 2023" are no dates), and how
many days a month has. `datetime` answers both exactly.

dateparser did this before (the month given back as its canonical name, the
date parsed again): it agreed with `datetime` on every date, and its first
call in a process cost 0.3 to 0.4 s (timezone and locale tables it builds
for input we never give it), a tenth of a one-file run (issue 14). Where
dateparser helps, reading free text, the grammar already decides what a date
is: its `search_dates` finds dates in words like "We".
"""

from __future__ import annotations

import calendar
import datetime as dt

from pipeline.stages.dates.grammar import Point

# A leap year to check day and month when no year can be known ("29 February").
_ANY_LEAP_YEAR = 2000


def read_interval(first: Point, last: Point) -> tuple[dt.date, dt.date, str] | None:
    """(start, end, granularity) covered by the expression whose ends are `first` and `last`.

    Both ends must carry a year. Granularity is the finest unit written in
    either end. None when an end is not a real date (31 February, month 13).
    """
    start = _read_point(first)
    end = _read_point(last)
    if start is None or end is None or start[0] > end[1]:
        return None
    return start[0], end[1], _granularity(first, last)


def is_valid_without_year(first: Point, last: Point) -> bool:
    """True when the day-month ends of a yearless expression exist in some year."""
    filled = (_with_year(first, _ANY_LEAP_YEAR), _with_year(last, _ANY_LEAP_YEAR))
    return all(_read_point(point) is not None for point in filled)


def granularity(first: Point, last: Point) -> str:
    """'day', 'month' or 'year': the finest unit written in either end."""
    return _granularity(first, last)


def _granularity(first: Point, last: Point) -> str:
    if first.day is not None or last.day is not None:
        return "day"
    if first.month is not None or last.month is not None:
        return "month"
    return "year"


def _with_year(point: Point, year: int) -> Point:
    return Point(day=point.day, month=point.month, year=year)


def _read_point(point: Point) -> tuple[dt.date, dt.date] | None:
    if point.year is None:
        raise ValueError(f"dates: cannot read {point} without a year; fill it from context first")
    if point.month is None:
        return dt.date(point.year, 1, 1), dt.date(point.year, 12, 31)
    try:
        first = dt.date(point.year, point.month, point.day or 1)
    except ValueError:  # no such day in that month, or no such month
        return None
    if point.day is not None:
        return first, first
    last_day = calendar.monthrange(point.year, point.month)[1]
    return first, dt.date(point.year, point.month, last_day)
