"""Relative expressions: dates read against the document's date.

Found by rules over the text, like the explicit grammar (the word lists are
the lexicon's `relative` section), in English and Russian:

- days: "today", "yesterday", "tomorrow", "сегодня", "вчера", "позавчера";
- a unit counted from the reference's own: "this week", "last month", "next
  year", "past year", "earlier this month", "в этом году" (span "этом году"),
  "на прошлой неделе", "в текущем году", "прошлого года";
- so many units back: "a year ago", "two weeks ago", "год назад", "три дня
  назад";
- weekdays: "Monday", "last Friday", "next Tuesday", "в понедельник" (span
  "понедельник"), "в прошлую пятницу";
- a yearless date with a relative year or direction: "March last year", "15
  May of next year", "last April", "в марте прошлого года" (with "this year"
  the date stays explicit, its year inferred, as the conventions have it: "May
  this year" is "May" and "this year").

Each becomes a `Relative`; `resolve` reads it against a reference date into
(start, end, granularity). A unit is read as the whole calendar unit holding
the shifted reference: "last week" is the ISO week (Monday to Sunday) before
the reference's, "earlier this month" the reference's month, "a year ago" the
year before the reference's, "the past year" the calendar year before. A bare
weekday is the nearest one on or before the reference, or on or after it when
the verb it goes with is in the future tense ("will meet on Friday",
"встретятся в пятницу"), as HeidelTime reads news; "last Friday" is the one
strictly before, "next Friday" strictly after, "this Friday" the one of the
reference's week.

Quarters, half-years and the vague "now", "recently", "in the future" are
read by `pipeline.stages.dates.periods` ("this quarter", "last quarter", "в
прошлом квартале" are units here). Not relative expressions: vague ones
("in recent years", "soon"), anaphoric ones that count from another event, not the
document ("a year earlier", "the previous day", "the following week"),
seasons, and "the last week of March" (the final week, not the
previous one: "last" and "next" after "the" are skipped).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from pipeline.settings import cached_while_unchanged, read_rule_file
from pipeline.stages.dates.gate import WordGate, folded, may_match
from pipeline.stages.dates.grammar import (
    SPACE,
    Expression,
    Point,
    alternation,
    previous_word,
)
from pipeline.stages.dates.reader import read_interval
from pipeline.stages.language import pipeline_language

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_END = r"(?!\w)(?![‐‑-]\w)"  # a word ends here, and not inside a compound ("year-end")
# Verb forms that tell a bare weekday's direction (Penn tags of the English model).
_FUTURE_MODALS = frozenset({"will", "'ll", "shall", "wo", "ll"})
_PRESENT_TAGS = frozenset({"VBP", "VBZ"})
_PERFECT_AUXILIARIES = frozenset({"has", "have", "had", "'ve"})
_CALENDAR_UNITS = frozenset({"day", "week", "month", "year"})
_CLAUSE_END = frozenset({".", "!", "?", ";", "\n"})


@dataclass(frozen=True, slots=True)
class Relative:
    """A relative expression found in a text.

    `shift` counts `unit`s from the reference's own (-1 last, 0 this, +1 next);
    None for a bare weekday, whose direction the verb decides. `first`/`last`
    are a written month (and day) placed by the shift: in the shifted year
    ("March last year") when `unit` is 'year', else the nearest such month
    before (-1), after (+1) or in (0) the reference's year ("last April").
    """

    start: int
    end: int
    unit: str  # day, week, month, year; quarter, half, present, past, future (periods)
    shift: int | None
    weekday: int | None = None  # 0 Monday .. 6 Sunday
    first: Point | None = None
    last: Point | None = None
    part: int | None = None  # a numbered quarter or half-year: 3 in "the third quarter"
    year: int | None = None  # the year written next to it ("the third quarter of 1998")
    anchor: str = "document"  # read against the document's date, or 'date': `year`
    years_back: int = 0  # "a year earlier" after "the third quarter": that part a year before

    @property
    def granularity(self) -> str:
        """The unit of the interval it reads as: what a TIMEX3 value would be written in."""
        if self.unit not in _CALENDAR_UNITS:
            return self.unit  # 'quarter', 'half', 'present', 'past', 'future'
        if self.first is not None and self.last is not None:
            return "day" if self.first.day is not None else "month"
        return "day" if self.weekday is not None else self.unit


@dataclass(frozen=True)
class _Words:
    """The relative word lists of one language (lower-cased, for look-ups) and the
    regexes built from them."""

    raw: dict[str, Any]
    days: re.Pattern[str]
    units: re.Pattern[str]
    ago: re.Pattern[str]
    weekdays: re.Pattern[str]
    year_after: re.Pattern[str]
    month_before: re.Pattern[str] | None  # "last" before "April": ends where the month starts
    # when each of days, units, ago and weekdays can match (see `gate`)
    gates: dict[str, WordGate | None]


@cached_while_unchanged("dates")
def _words(language: str) -> _Words:
    lang = pipeline_language(language)
    raw = read_rule_file("dates/lexicon.json")["relative"][lang]
    numbers = alternation(raw["numbers"])
    shifts = alternation(raw["shifts"])
    units = alternation(raw["units"])
    modifiers = alternation(raw["unit_modifiers"])
    modifier = rf"(?:(?P<mod>(?i:{modifiers})){SPACE})?" if raw["unit_modifiers"] else ""
    qualifiers = alternation(raw["unit_qualifiers"])
    qualifier = rf"(?:(?i:{qualifiers}){SPACE})?" if raw["unit_qualifiers"] else ""
    leads = alternation(raw["weekday_leads"])
    lead = rf"(?:(?P<lead>(?i:{leads})){SPACE})?" if raw["weekday_leads"] else ""
    # English weekdays are capitalized; Russian ones are not.
    weekday_names = alternation(raw["weekdays"])
    weekday_names = f"(?i:{weekday_names})" if lang == "ru" else weekday_names
    month_shifts = alternation(raw["month_shifts"])
    return _Words(
        raw={name: _lowered(value) for name, value in raw.items()},
        days=re.compile(rf"(?<!\w)(?P<word>(?i:{alternation(raw['days'])})){_END}"),
        units=re.compile(
            rf"(?<!\w){modifier}(?P<shift>(?i:{shifts})){SPACE}{qualifier}"
            rf"(?P<unit>(?i:{units})){_END}"
        ),
        ago=re.compile(
            rf"(?<!\w)(?:(?P<number>(?i:{numbers})|\d{{1,3}}){SPACE})?"
            rf"(?P<unit>(?i:{alternation(raw['ago_units'])})){SPACE}"
            rf"(?P<ago>(?i:{alternation(raw['ago'])})){_END}"
        ),
        weekdays=re.compile(
            rf"(?<!\w){lead}(?:(?P<shift>(?i:{alternation(raw['weekday_shifts'])})){SPACE})?"
            rf"(?P<weekday>{weekday_names}){_END}"
        ),
        year_after=re.compile(
            rf",?{SPACE}(?P<phrase>(?i:{alternation(raw['year_after_date'])})){_END}"
        ),
        month_before=re.compile(rf"(?<!\w)(?P<shift>(?i:{month_shifts})){SPACE}\Z")
        if raw["month_shifts"]
        else None,
        gates={
            "days": WordGate.of(raw["days"]),
            "units": WordGate.of(raw["units"]),
            "ago": WordGate.of(raw["ago"]),
            "weekdays": WordGate.of(raw["weekdays"], case_sensitive=lang != "ru"),
        },
    )


def _lowered(value: Any) -> Any:
    if isinstance(value, dict):
        return {folded(k): v for k, v in value.items()}
    if isinstance(value, list):
        return [folded(v) for v in value]
    return value


def _lookup(table: dict[str, Any], written: str) -> Any:
    """The value of a written form in a lower-cased lexicon table."""
    return table[folded(written)]


def attach(text: str, expression: Expression, language: str) -> Relative | None:
    """A yearless explicit `expression` made relative by its neighbours, or None.

    "March last year", "в марте прошлого года": a year before or after the
    reference's; "last April", "next March": a direction word before a month.
    With "this year" after it ("May this year", "15 мая этого года") the date
    stays explicit, its year inferred as any other's, and "this year" is a
    relative expression of its own.
    """
    if expression.written_year:
        return None
    words = _words(language)
    after = words.year_after.match(text, expression.end)
    if after is not None:
        shift = _lookup(words.raw["year_after_date"], after["phrase"])
        return Relative(
            expression.start,
            after.end(),
            "year",
            shift,
            first=expression.first,
            last=expression.last,
        )
    if words.month_before is None or expression.first.day is not None:
        return None
    if expression.last.day is not None:
        return None
    before = words.month_before.search(text[max(0, expression.start - 20) : expression.start])
    if before is None or _after_determiner(text, expression.start - len(before.group())):
        return None
    start = expression.start - len(before.group())
    shift = _lookup(words.raw["month_shifts"], before["shift"])
    return Relative(
        start, expression.end, "month", shift, first=expression.first, last=expression.last
    )


def find_relatives(
    text: str, language: str, taken: Sequence[tuple[int, int]] = ()
) -> list[Relative]:
    """Relative expressions in `text`, left to right, none overlapping `taken` spans.

    `taken` are the spans of explicit dates, which hold the weekday written
    with them ("Friday, 7 August 2022").
    """
    words = _words(language)
    found: list[Relative] = []
    days, units, ago, weekdays = (
        may_match(words.gates[name], text) for name in ("days", "units", "ago", "weekdays")
    )
    for match in words.days.finditer(text) if days else ():
        shift = _lookup(words.raw["days"], match["word"])
        found.append(Relative(match.start(), match.end(), "day", shift))
    for match in words.units.finditer(text) if units else ():
        start = match.start()
        shift_word = folded(match["shift"])
        if shift_word in words.raw["determiner_blocks"] and _after_determiner(text, start):
            continue  # "the last week of March", "the next year": not counted from today
        unit = _lookup(words.raw["units"], match["unit"])
        found.append(Relative(start, match.end(), unit, _lookup(words.raw["shifts"], shift_word)))
    for match in words.ago.finditer(text) if ago else ():
        unit_word = folded(match["unit"])
        if match["number"] is None and unit_word not in words.raw["ago_single"]:
            continue  # "лет назад" needs its number
        number = _number(match["number"], words.raw["numbers"])
        unit = words.raw["ago_units"][unit_word]
        found.append(Relative(match.start(), match.end(), unit, -number))
    for match in words.weekdays.finditer(text) if weekdays else ():
        if words.raw["weekday_leads"] and match["lead"] is None and match["shift"] is None:
            continue  # Russian "среду" alone may be the noun "среда" (environment)
        if previous_word(text, match.start()) in words.raw["weekday_blocks"]:
            continue  # "the previous Friday", "Good Friday": counted from another day, a name
        start = match.start("shift") if match["shift"] else match.start("weekday")
        shift = _lookup(words.raw["weekday_shifts"], match["shift"]) if match["shift"] else None
        weekday = _lookup(words.raw["weekdays"], match["weekday"])
        found.append(Relative(start, match.end(), "day", shift, weekday=weekday))
    return _without_overlaps(found, taken)


def _number(written: str | None, numbers: dict[str, int]) -> int:
    if written is None:
        return 1
    if written.isdigit():
        return int(written)
    return int(_lookup(numbers, written))


def _after_determiner(text: str, start: int) -> bool:
    return previous_word(text, start) == "the"


def _without_overlaps(found: list[Relative], taken: Sequence[tuple[int, int]]) -> list[Relative]:
    kept: list[Relative] = []
    occupied = list(taken)
    for relative in sorted(found, key=lambda r: (r.start, -(r.end - r.start))):
        if any(relative.start < end and start < relative.end for start, end in occupied):
            continue
        kept.append(relative)
        occupied.append((relative.start, relative.end))
    return kept


def resolve(
    relative: Relative, reference: dt.date, future: bool = False
) -> tuple[dt.date, dt.date, str] | None:
    """(start, end, granularity) of `relative` read against `reference`.

    `future` says a bare weekday's verb is in the future tense. None when a
    written month and day do not exist in the year they fall in (29 February).
    """
    shift = relative.shift
    if relative.first is not None and relative.last is not None:
        return _resolve_written(relative, reference)
    if relative.weekday is not None:
        day = _weekday(relative.weekday, shift, reference, future)
        return day, day, "day"
    assert shift is not None
    if relative.unit == "day":
        day = reference + dt.timedelta(days=shift)
        return day, day, "day"
    if relative.unit == "week":
        monday = reference - dt.timedelta(days=reference.weekday()) + dt.timedelta(weeks=shift)
        return monday, monday + dt.timedelta(days=6), "week"
    if relative.unit == "month":
        months = reference.year * 12 + reference.month - 1 + shift
        year, month = divmod(months, 12)
        last_day = calendar.monthrange(year, month + 1)[1]
        return dt.date(year, month + 1, 1), dt.date(year, month + 1, last_day), "month"
    year = reference.year + shift
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _resolve_written(relative: Relative, reference: dt.date) -> tuple[dt.date, dt.date, str] | None:
    first, last = relative.first, relative.last
    assert first is not None and last is not None and relative.shift is not None
    if relative.unit == "year":
        year = reference.year + relative.shift
    else:
        month = first.month or 1
        year = reference.year
        if relative.shift < 0 and month >= reference.month:
            year -= 1  # "last April" said in April or before: the April of the year before
        elif relative.shift > 0 and month <= reference.month:
            year += 1
    wraps = (first.month or 0, first.day or 0) > (last.month or 0, last.day or 0)
    return read_interval(
        replace(first, year=year - 1 if wraps else year),
        replace(last, year=year),
    )


def _weekday(weekday: int, shift: int | None, reference: dt.date, future: bool) -> dt.date:
    back = (reference.weekday() - weekday) % 7
    ahead = (weekday - reference.weekday()) % 7
    if shift is None:
        return (
            reference + dt.timedelta(days=ahead) if future else reference - dt.timedelta(days=back)
        )
    if shift < 0:
        return reference - dt.timedelta(days=back or 7)
    if shift > 0:
        return reference + dt.timedelta(days=ahead or 7)
    return reference - dt.timedelta(days=reference.weekday()) + dt.timedelta(days=weekday)


def tense(doc: Doc, text: str, start: int, end: int, language: str) -> str | None:
    """'future', 'past' or None (unknown): the tense of the verb nearest to
    `text[start:end]` in its clause.

    The nearest verb before the expression decides, else the nearest after it
    (as HeidelTime does): for English the model's tags (a modal 'will'/'shall'
    or an infinitive is future, a past tense or a perfect past, a present tense
    before the date future: in news it tells what is scheduled), for Russian
    the verb's form in the OpenCorpora dictionary (pymorphy2: 'futr', 'past').
    """
    if language == "ru":
        return _tense_ru(text, start, end)
    return _tense_en_around(doc, start, end)


def _tense_en_around(doc: Doc, start: int, end: int) -> str | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    before: list[Token] = []
    for token in reversed(doc[: span.start]):
        if token.text in _CLAUSE_END or "\n" in token.text:
            break
        before.append(token)
    after: list[Token] = []
    for token in doc[span.end :]:
        if token.text in _CLAUSE_END or "\n" in token.text:
            break
        after.append(token)
    # "Friday's purchases", and a verb after the date, say less of its tense than the
    # verb before it: there a present tense is no sign of a scheduled event.
    possessive = bool(after) and after[0].text in {"'s", "’s"}
    found = _tense_en(before, present_is_future=not possessive)
    return found if found is not None else _tense_en(after, present_is_future=False)


def _tense_en(tokens: Sequence[Token], present_is_future: bool) -> str | None:
    """'future', 'past' or None: the tense of the verb group nearest the date, `tokens`
    being its clause read outwards from the date."""
    group: list[Token] = []
    for token in tokens:
        if token.tag_.startswith("VB") or token.tag_ in {"MD", "TO", "RB"}:
            if token.tag_.startswith("VB") or token.tag_ == "MD" or group:
                group.append(token)
            continue
        if group:
            break
    verbs = [t for t in group if t.tag_.startswith("VB") or t.tag_ == "MD"]
    if not verbs:
        return None
    words = {t.lower_ for t in group}
    tags = [t.tag_ for t in verbs]  # nearest verb first, its auxiliaries after
    if "MD" in tags:
        return "future" if words & _FUTURE_MODALS else "past"
    if verbs[0].tag_ == "VB" and any(t.tag_ == "TO" for t in group):
        return "future"  # "scheduled to close Monday", "set to resume Monday"
    if words & _PERFECT_AUXILIARIES or "VBD" in tags:
        return "past"
    if any(tag in _PRESENT_TAGS for tag in tags):
        # "meet Monday", "is expected Monday": the present of news is what is scheduled
        return "future" if present_is_future else None
    return "past"


_RU_WORD = re.compile(r"[А-Яа-яЁё]+")
_RU_TENSES = {"futr": "future", "past": "past"}


def _tense_ru(text: str, start: int, end: int) -> str | None:
    left = re.split(r"[.!?;\n]", text[:start])[-1]
    right = re.split(r"[.!?;\n]", text[end:])[0]
    words = [*reversed(_RU_WORD.findall(left)), *_RU_WORD.findall(right)]
    for word in words:
        found = _russian_tense(word.lower())
        if found is not None:
            return _RU_TENSES[found]
    return None


def _russian_tense(word: str) -> str | None:
    from pipeline.stages.morphology import parses

    found = parses(word)
    if not found or found[0].tag.POS != "VERB":
        return None
    tense = found[0].tag.tense
    return str(tense) if tense in {"futr", "past"} else None
