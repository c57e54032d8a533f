"""Read the two ends of an expression into a day interval.

dateparser reads each end that has a month, with the language pinned, so its
multilingual month names and its calendar checks ("31 February" is no date)
do the work. Two places where it is wrong get our own reading instead:

- a year alone: dateparser invents a month and day from today ("2021" comes
  back as 2021-11-01), so a year is read as 1 January .. 31 December here;
- a missing year: dateparser takes the current one ("26 January" in 2026), so
  the caller fills the year from context before anything is read.

The month goes to dateparser as the lexicon's canonical name of that month
(English name, Russian genitive "марта"): the Russian prepositional and
instrumental cases ("в марте") are not in dateparser's data, and the grammar
has already recognised the month anyway.
"""

from __future__ import annotations

import calendar
import datetime as dt

from pipeline.settings import cached_while_unchanged
from pipeline.stages.dates.grammar import Point
from pipeline.stages.dates.lexicon import lexicon

_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY", "PARSERS": ["absolute-time"]}

# A leap year to check day and month when no year can be known ("29 February").
_ANY_LEAP_YEAR = 2000


@cached_while_unchanged("dates", maxsize=8192)
def read_interval(first: Point, last: Point, language: str) -> tuple[dt.date, dt.date, str] | None:
    """(start, end, granularity) covered by the expression whose ends are `first` and `last`.

    Both ends must carry a year. Granularity is the finest unit written in
    either end. None when an end is not a real date (31 February, month 13).
    """
    start = _read_point(first, language)
    end = _read_point(last, language)
    if start is None or end is None or start[0] > end[1]:
        return None
    return start[0], end[1], _granularity(first, last)


def is_valid_without_year(first: Point, last: Point, language: str) -> bool:
    """True when the day-month ends of a yearless expression exist in some year."""
    filled = (_with_year(first, _ANY_LEAP_YEAR), _with_year(last, _ANY_LEAP_YEAR))
    return all(_read_point(point, language) is not None for point in filled)


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


@cached_while_unchanged("dates", maxsize=8192)
def _read_point(point: Point, language: str) -> tuple[dt.date, dt.date] | None:
    if point.year is None:
        raise ValueError(f"dates: cannot read {point} without a year; fill it from context first")
    if point.month is None:
        return dt.date(point.year, 1, 1), dt.date(point.year, 12, 31)
    day = _parse_day(point, language)
    if day is None:
        return None
    if point.day is not None:
        return day, day
    last_day = calendar.monthrange(point.year, point.month)[1]
    return day, dt.date(point.year, point.month, last_day)


def _parse_day(point: Point, language: str) -> dt.date | None:
    month_name = lexicon(language).canonical_months[point.month - 1]  # type: ignore[operator]
    written = (
        f"{point.day} {month_name} {point.year}" if point.day else f"{month_name} {point.year}"
    )
    import dateparser  # loaded on first use: `pipeline status` reads no dates

    parsed = dateparser.parse(written, languages=[lexicon(language).language], settings=_SETTINGS)
    if parsed is None:
        return None
    day = parsed.date()
    expected_day = point.day if point.day is not None else 1
    # dateparser repairs some impossible input instead of refusing it; we refuse it.
    if (day.year, day.month, day.day) != (point.year, point.month, expected_day):
        return None
    return day
