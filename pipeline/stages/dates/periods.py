"""Periods: quarters, half-years and the vague present, past and future.

Found by rules over the text (the word lists are the lexicon's `periods`
section), in English and Russian, each as a `Relative` read against another
date:

- a numbered quarter or half-year ("the third quarter", "third-quarter",
  "the fiscal first quarter", "Q3", "first half", "в I квартале", "во втором
  полугодии"): with a year written next to it ("the third quarter of 1998",
  "1998's third quarter", "в первом квартале 2024 года") it is read against
  that year (`anchor='date'`; the year keeps its own explicit row, so the
  gold convention "second quarter of 2018": "2018" still holds), else
  against the document's date: the quarter of the document's year, or of
  the year before when it has not begun by the document's date and its verb
  is in the past tense ("profit fell in the fourth quarter" in a story of
  November);
- "a year ago", "a year earlier", "year-ago" after a numbered part in the same
  text: that part a year before, the comparison period of quarterly figures
  ("third-quarter profit rose from a year earlier");
- "this quarter", "last quarter", "the latest quarter", "в прошлом
  квартале" are units of the relative grammar (`pipeline.stages.dates.relative`)
  and come from there;
- the vague present ("now", "currently", "at present", "сейчас", "в настоящее
  время"), past ("recently", "недавно") and future ("in the future", "в
  ближайшее время"): TimeML's PRESENT_REF, PAST_REF and FUTURE_REF. Rows of
  granularity 'present' (the document's day), 'past' and 'future' (no
  interval: `start` and `end` are null).

A quarter is three calendar months (Q1 January to March), a half-year six.
Granularity is 'quarter' or 'half'.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from pipeline.settings import cached_while_unchanged, read_rule_file
from pipeline.stages.dates.gate import WordGate, folded, may_match
from pipeline.stages.dates.grammar import SPACE, alternation
from pipeline.stages.dates.relative import Relative
from pipeline.stages.language import pipeline_language

# Months in one part of a year, by unit.
PART_MONTHS = {"quarter": 3, "half": 6}
VAGUE_UNITS = frozenset({"present", "past", "future"})
# Units read here rather than by `pipeline.stages.dates.relative.resolve`.
PERIOD_UNITS = frozenset(PART_MONTHS) | VAGUE_UNITS
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)(?!\d)"
_CODE = re.compile(r"[QH][1-4]")  # what the quarter and half-year codes of `part` hold


@dataclass(frozen=True)
class _Words:
    ordinals: dict[str, int]
    units: dict[str, str]
    part: re.Pattern[str]
    year_after: re.Pattern[str]
    year_before: re.Pattern[str]
    vague: re.Pattern[str]
    back: re.Pattern[str]
    vague_units: dict[str, str]
    # when part (but its quarter codes, "Q3") and back can match (see `gate`)
    part_gate: WordGate | None
    back_gate: WordGate | None


@cached_while_unchanged("dates")
def _words(language: str) -> _Words:
    raw = read_rule_file("dates/lexicon.json")["periods"][pipeline_language(language)]
    ordinals = alternation(raw["ordinals"])
    units = alternation(raw["units"])
    joiner = r"(?:[ \t\u00a0]*[-‐‑][ \t\u00a0]*|" + SPACE + ")"
    qualifiers = alternation(raw["qualifiers"])
    qualifier = rf"(?:(?i:{qualifiers}){joiner})?" if qualifiers else ""
    links = alternation(raw["year_links"])
    link = rf"(?:,?{SPACE}(?i:{links}))?" if links else ""
    written = rf"(?:(?i:{qualifiers}){SPACE})?" if qualifiers else ""
    return _Words(
        ordinals={folded(k): v for k, v in raw["ordinals"].items()},
        units={folded(k): v for k, v in raw["units"].items()},
        part=re.compile(
            rf"(?<![\w-]){qualifier}(?P<ordinal>(?i:{ordinals})){joiner}{qualifier}"
            rf"(?P<unit>(?i:{units}))(?!\w)|(?<![\w-])(?P<code>[QH])(?P<number>[1-4])(?!\w)"
        ),
        year_after=re.compile(rf"{link}{SPACE}{written}{_YEAR}"),
        year_before=re.compile(rf"{_YEAR}(?:['’]s)?{SPACE}{written}\Z"),
        vague=re.compile(rf"(?<!\w)(?P<phrase>(?i:{alternation(raw['vague'])}))(?!\w)"),
        vague_units={folded(k): v for k, v in raw["vague"].items()},
        back=re.compile(rf"(?<![\w-])(?i:{alternation(raw['year_back'])})(?![\w-])")
        if raw["year_back"]
        else re.compile(r"(?!)"),
        part_gate=WordGate.of(raw["units"]),
        back_gate=WordGate.of(raw["year_back"]),
    )


def find_periods(text: str, language: str) -> list[Relative]:
    """Numbered quarters and half-years and vague present, past and future references in
    `text`, left to right (overlaps with other expressions are left to the caller)."""
    words = _words(language)
    scan_parts = may_match(words.part_gate, text) or _CODE.search(text) is not None
    found = [_part(match, text, words) for match in words.part.finditer(text)] if scan_parts else []
    parts = [f for f in found if f is not None]
    if may_match(words.back_gate, text):
        found += [_back(match, parts) for match in words.back.finditer(text)]
    found += [
        Relative(m.start(), m.end(), words.vague_units[folded(m["phrase"])], 0)
        for m in words.vague.finditer(text)
    ]
    return sorted((f for f in found if f is not None), key=lambda r: r.start)


def _back(match: re.Match[str], parts: list[Relative]) -> Relative | None:
    """ "a year earlier", "year-ago" after a numbered part: that part a year before (the
    comparison period of quarterly results); None without one before it."""
    before = [p for p in parts if p.end <= match.start()]
    if not before:
        return None
    part = before[-1]
    return replace(part, start=match.start(), end=match.end(), years_back=1)


def _part(match: re.Match[str], text: str, words: _Words) -> Relative | None:
    if match["code"]:
        unit = "quarter" if match["code"].lower() == "q" else "half"
        number = int(match["number"])
    else:
        unit = words.units[folded(match["unit"])]
        number = words.ordinals[folded(match["ordinal"])]
    if number > 12 // PART_MONTHS[unit]:
        return None  # "third half"
    year = _written_year(text, match.start(), match.end(), words)
    anchor = "document" if year is None else "date"
    return Relative(match.start(), match.end(), unit, None, part=number, year=year, anchor=anchor)


def _written_year(text: str, start: int, end: int, words: _Words) -> int | None:
    after = words.year_after.match(text, end)
    if after is not None:
        return int(after["year"])
    before = words.year_before.search(text[max(0, start - 20) : start])
    return int(before["year"]) if before is not None else None


def resolve_period(
    relative: Relative, reference: dt.date | None, past: bool = False
) -> tuple[dt.date | None, dt.date | None, str] | None:
    """(start, end, granularity) of a period or vague reference; None when it cannot be
    read (no year written and no document's date). `past` says its verb is in the past
    tense: a numbered part not begun by the document's date is then the year before's."""
    unit = relative.unit
    if unit in VAGUE_UNITS:
        day = reference if unit == "present" else None
        return day, day, unit
    if relative.part is None:
        if reference is None or relative.shift is None:
            return None
        return _shifted(unit, relative.shift, reference)
    year = relative.year
    if year is None:
        if reference is None:
            return None
        year = reference.year
        if past and _part_start(unit, relative.part, year) > reference:
            year -= 1
    year -= relative.years_back
    start = _part_start(unit, relative.part, year)
    return start, _part_end(unit, relative.part, year), unit


def _shifted(unit: str, shift: int, reference: dt.date) -> tuple[dt.date, dt.date, str]:
    """The part of a year holding `reference`, moved `shift` parts ("last quarter")."""
    size = PART_MONTHS[unit]
    index = reference.year * (12 // size) + (reference.month - 1) // size + shift
    year, part = divmod(index, 12 // size)
    return _part_start(unit, part + 1, year), _part_end(unit, part + 1, year), unit


def _part_start(unit: str, part: int, year: int) -> dt.date:
    return dt.date(year, (part - 1) * PART_MONTHS[unit] + 1, 1)


def _part_end(unit: str, part: int, year: int) -> dt.date:
    month = part * PART_MONTHS[unit]
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return following - dt.timedelta(days=1)
