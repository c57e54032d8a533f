"""Dates: calendar expressions of news items read as day intervals.

`extract_dates(items, reference=...)` takes all items of one document as
(item_id, doc) pairs, and the document's own date when it is known, and
returns one `DateMention` per expression. What it decides:

- Found: days, months, years and ranges of them, in English and Russian
  ("24 to 28 January 2022", "March–April 2021", "2020-2021", "between 3 and
  5 May", "14 and 15 March 2022", "22–23 октября 2020 г.", "с 24 по 28 января
  2022 года", "в 2020–2021 годах"), plus ISO and day-first numeric dates
  ("2022-01-26", "26.01.2022"). A lead word ("from", "between", "с") is outside
  the span, a Russian year word after the year ("г.", "года", "годах") inside it.
- Relative expressions ("today", "last month", "a year ago", "Monday", "March
  last year", "в прошлом году", "на прошлой неделе"; see
  `pipeline.stages.dates.relative`): rows with `relative=True` and
  `anchor='document'`, read against `reference`; without one their `start`
  and `end` are None: nothing is guessed.
- Quarters, half-years and the vague present, past and future ("the third
  quarter", "в I квартале 2024 года", "first half", "now", "recently", "в
  будущем"; see `pipeline.stages.dates.periods`): rows with `relative=True`,
  read against the year written next to them (`anchor='date'`) or the
  document's date.
- Not found, so no row: vague and anaphoric expressions ("annually", "in
  recent years", "a year earlier"), lone day numbers, impossible dates
  ("31 February 2021"), a lone English month name without a cue word before it
  ("in March" is a date, "May" at the start of a sentence is not), and a
  four-digit number that counts something ("2000 participants") or labels
  something ("version 2021").
- A missing year ("26 January") is inferred, `inferred_year=True`: from the
  news' own dates, the nearest one of the same item, then the document's year
  when all its news dates fall in one year (in Russian, a year written alone
  does not date an item's events); else, when the caller knows the document's
  date (`reference`) and no news date of the document lies more than a year
  from it, the year putting the date nearest to it
  ("November" in a January 2000 story is November 1999), as in news a
  yearless date is recent or coming, more often past than future.
  Background dates ("established in 1953", "since 1994", "the 2022-2025
  Strategy") never give it (see `pipeline.stages.dates.context`).
  The end of a range lends its year to the start ("24 January to 3 February
  2022") without counting as inferred.
- With no context at all the row is still written, with `start` and `end`
  None, the granularity it would have and `inferred_year=True`: the
  expression is real, its year unknowable, and no year is guessed.

Spans are found by the rules in `pipeline.stages.dates.grammar` and
`pipeline.stages.dates.relative` on the doc text; the English model's
entities only veto a bare year that it reads as an amount, and its tags tell
the tense that decides which way a bare weekday points.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.records import DateMention
from pipeline.stages.dates.context import (
    YearAnchor,
    dates_the_document,
    document_year,
    is_background,
    item_year,
    news_anchors,
    year_near,
)
from pipeline.stages.dates.grammar import Expression, Point, find_expressions, previous_word
from pipeline.stages.dates.lexicon import lexicon
from pipeline.stages.dates.periods import PERIOD_UNITS, find_periods, resolve_period
from pipeline.stages.dates.reader import granularity, is_valid_without_year, read_interval
from pipeline.stages.dates.relative import (
    Relative,
    attach,
    find_relatives,
    resolve,
    tense,
)
from pipeline.stages.language import pipeline_language

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["extract_dates", "read_interval"]

# Entity labels under which the English model reads a four-digit number as an amount.
_AMOUNT_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY"})
# Russian words before a bare number that make it a year ("в 2021", "с 2020").
# Words before a four-digit number that make it a year even before a plural noun.
_DETERMINERS = frozenset(
    {"the", "its", "their", "his", "her", "our", "this", "that", "each", "fiscal"}
)
# Parts of speech of a word a Russian number before it counts (pymorphy2's tags).
_COUNTED_POS = frozenset({"NOUN", "ADJF", "ADJS", "PRTF", "NUMR"})
_RU_YEAR_CUES = frozenset({"в", "во", "с", "со", "до", "к", "по", "за", "на", "от", "из", "и"})


@dataclass(frozen=True, slots=True)
class _Found:
    expression: Expression
    interval: tuple[dt.date, dt.date, str] | None  # read from written years; None if yearless


def extract_dates(
    items: Sequence[tuple[str, Doc]],
    language: str | None = None,
    reference: dt.date | None = None,
) -> list[DateMention]:
    """Date mentions of all `items` of one document, item by item, in text order.

    `items` are (item_id, doc) pairs in document order; offsets index doc.text.
    `language` overrides each doc's `lang_`; `reference` is the document's date
    (its publication date): what relative expressions are read against, and
    the source of a missing year. See the module docstring for what is and is
    not a date.
    """
    # Doc.text joins every token anew on each access: read it once per item.
    from pipeline.stages.nlp.words import words  # spaCy's: not for commands that read no doc

    texts = [words(doc).doc_text for _, doc in items]
    scans = [
        _scan_item(doc, text, language or doc.lang_)
        for (_, doc), text in zip(items, texts, strict=True)
    ]
    found = [scan.kept for scan in scans]
    relatives = [scan.relatives for scan in scans]
    anchors = [scan.anchors for scan in scans]

    anchors = news_anchors(anchors)
    mentions: list[DateMention] = []
    for index, ((item_id, doc), kept) in enumerate(zip(items, found, strict=True)):
        lang = pipeline_language(language or doc.lang_)
        item_mentions = [
            _mention(item_id, texts[index], entry, lang, anchors, index, reference)
            for entry in kept
        ]
        item_mentions += [
            _relative_mention(item_id, doc, texts[index], relative, lang, reference)
            for relative in relatives[index]
        ]
        mentions.extend(
            sorted((m for m in item_mentions if m is not None), key=lambda m: m.start_char)
        )
    return mentions


@dataclass(slots=True)
class _Scan:
    """What one item holds: explicit dates (read), relative expressions, year anchors."""

    kept: list[_Found]
    relatives: list[Relative]
    anchors: list[YearAnchor]


def _scan_item(doc: Doc, text: str, lang: str) -> _Scan:
    """The date expressions of one item, explicit ones read, relative ones found."""
    scan = _Scan([], [], [])
    for expression in find_expressions(text, lang):
        if not _is_date(expression, doc, text, lang):
            continue
        attached = attach(text, expression, lang)
        if attached is not None:  # "March last year", "в марте прошлого года"
            scan.relatives.append(attached)
            continue
        interval = None
        if expression.written_year:
            interval = read_interval(expression.first, expression.last)
            if interval is None:
                continue  # an impossible date such as 31 February 2021
            scan.anchors.append(
                YearAnchor(
                    expression.start,
                    expression.end,
                    interval[0].year,
                    interval[1].year,
                    dated=interval[2] != "year",
                    background=is_background(text, expression.start, expression.end, lang),
                )
            )
        scan.kept.append(_Found(expression, interval))
    taken = [(e.expression.start, e.expression.end) for e in scan.kept]
    taken += [(r.start, r.end) for r in scan.relatives]
    periods = [p for p in find_periods(text, lang) if not _overlaps(p, taken)]
    backs = [p for p in periods if p.years_back]  # "a year ago" after a quarter
    scan.relatives.extend(backs)
    taken += [(p.start, p.end) for p in backs]
    scan.relatives.extend(find_relatives(text, lang, taken))
    taken += [(r.start, r.end) for r in scan.relatives]
    scan.relatives.extend(p for p in periods if not _overlaps(p, taken))
    return scan


def _overlaps(relative: Relative, taken: Sequence[tuple[int, int]]) -> bool:
    return any(relative.start < end and start < relative.end for start, end in taken)


def _period_mention(
    item_id: str,
    doc: Doc,
    doc_text: str,
    relative: Relative,
    lang: str,
    reference: dt.date | None,
) -> DateMention:
    """A quarter, a half-year or a vague reference (`pipeline.stages.dates.periods`)."""
    start_char, end_char = relative.start, relative.end
    past = (
        relative.part is not None
        and relative.year is None
        and reference is not None
        and tense(doc, doc_text, start_char, end_char, lang) == "past"
    )
    interval = resolve_period(relative, reference, past)
    start, end, unit = interval if interval is not None else (None, None, relative.granularity)
    text = doc_text[start_char:end_char]
    return DateMention(
        item_id, text, start_char, end_char, start, end, unit, False, True, relative.anchor
    )


def _relative_mention(
    item_id: str,
    doc: Doc,
    doc_text: str,
    relative: Relative,
    lang: str,
    reference: dt.date | None,
) -> DateMention | None:
    if relative.unit in PERIOD_UNITS:
        return _period_mention(item_id, doc, doc_text, relative, lang, reference)
    start_char, end_char = relative.start, relative.end
    text = doc_text[start_char:end_char]
    if reference is None:
        first, last = relative.first, relative.last
        if first is not None and last is not None and not is_valid_without_year(first, last):
            return None  # "31 February last year"
        unit = relative.granularity
        return DateMention(
            item_id, text, start_char, end_char, None, None, unit, False, True, "document"
        )
    future = (
        relative.weekday is not None
        and relative.shift is None
        and tense(doc, doc_text, start_char, end_char, lang) == "future"
    )
    interval = resolve(relative, reference, future)
    if interval is None:
        return None  # "29 February last year" in a year without one
    start, end, unit = interval
    return DateMention(
        item_id, text, start_char, end_char, start, end, unit, False, True, "document"
    )


def _mention(
    item_id: str,
    doc_text: str,
    entry: _Found,
    lang: str,
    anchors: Sequence[Sequence[YearAnchor]],
    index: int,
    reference: dt.date | None,
) -> DateMention | None:
    expression = entry.expression
    text = doc_text[expression.start : expression.end]
    if entry.interval is not None:
        start, end, unit = entry.interval
        return DateMention(item_id, text, expression.start, expression.end, start, end, unit, False)
    year = _year_for(expression, lang, anchors, index, reference)
    if year is None:
        if not is_valid_without_year(expression.first, expression.last):
            return None
        unit = granularity(expression.first, expression.last)
        return DateMention(item_id, text, expression.start, expression.end, None, None, unit, True)
    first, last = _fill_year(expression.first, expression.last, year)
    interval = read_interval(first, last)
    if interval is None:
        return None
    start, end, unit = interval
    return DateMention(item_id, text, expression.start, expression.end, start, end, unit, True)


def _year_for(
    expression: Expression,
    lang: str,
    anchors: Sequence[Sequence[YearAnchor]],
    index: int,
    reference: dt.date | None,
) -> int | None:
    """The year of a yearless expression, from the news' own dates: the item's dates of
    the events it reports first (a digest's date may be weeks after its items), then
    the one year of all the document's news dates, then the document's date when it
    is known (`pipeline.stages.dates.context`)."""
    lenders = anchors
    if not lexicon(lang).year_alone_dates_events:
        lenders = [[anchor for anchor in item if anchor.dated] for item in anchors]
    own = item_year(lenders, index, expression.start, expression.end)
    if own is None:
        own = document_year(anchors)
    if own is not None:
        return own
    if (
        reference is not None
        and expression.first.month is not None
        and dates_the_document(anchors, reference)
    ):
        return year_near(expression.first.month, expression.first.day, reference)
    return None


def _fill_year(first: Point, last: Point, year: int) -> tuple[Point, Point]:
    """Give a yearless range `year`, moving its start a year back when it wraps (Dec to Feb)."""
    wraps = (first.month or 0, first.day or 0) > (last.month or 0, last.day or 0)
    return (
        Point(first.day, first.month, year - 1 if wraps else year),
        Point(last.day, last.month, year),
    )


def _is_date(expression: Expression, doc: Doc, text: str, lang: str) -> bool:
    if expression.bare_month:
        return lang == "ru" or previous_word(text, expression.start) in _month_cues(lang)
    if expression.bare_year:
        return _is_year(expression, doc, text, lang)
    return True


def _counts_russian(word: str) -> bool:
    """Whether a Russian number before `word` counts it: a lower-case noun or adjective
    ("2000 человек", "1500 новых единиц"); before a verb or a conjunction it is a year
    ("Стратегия 2030 предусматривает", "Повестка 2030 и ...")."""
    if not (word.islower() and word.isalpha()):
        return False
    from pipeline.stages.morphology import parses

    found = parses(word)
    return not found or found[0].tag.POS in _COUNTED_POS


def _month_cues(lang: str) -> frozenset[str]:
    return lexicon(lang).bare_month_cues


def _is_year(expression: Expression, doc: Doc, text: str, lang: str) -> bool:
    """Whether a lone four-digit number is a year rather than an amount or a label."""
    previous = previous_word(text, expression.start)
    if previous in lexicon(lang).number_labels:
        return False
    if expression.end > expression.start + 4:
        return True  # a Russian year word follows: "2021 году"
    if previous in _DETERMINERS:
        return True  # "the 1992 protests", "its 2021 edition": a year, not an amount
    if text[expression.end : expression.end + 40].lstrip(" \t\u00a0").startswith("\n"):
        return True  # a year ending a line ("... in Ten Months of 2018" as a title)
    span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
    if span is None:
        return True
    if any(token.ent_type_ in _AMOUNT_LABELS for token in span):
        return False
    following = next((t for t in doc[span.end : span.end + 2] if not t.is_space), None)
    if following is None:
        return True
    if lang == "ru":
        return previous in _RU_YEAR_CUES or not _counts_russian(following.text)
    if following.tag_:
        return following.tag_ not in {"NNS", "NNPS"} or following.ent_type_ == "DATE"
    return not (following.text.islower() and following.text.endswith("s"))
