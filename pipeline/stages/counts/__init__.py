"""Counts: how many people, participants, administrations, countries, sessions ...

`extract_counts(item_id, doc)` finds each number that counts something and
returns a `CountMention` with the number, whether a qualifier makes it
approximate, and the counted noun phrase. What it decides:

- A count is a number followed by a counted noun phrase: "37 Member Customs
  administrations", "thirty-five countries", "более 100 участников". The span
  runs from the qualifier, if any, to the end of the noun phrase ("Close to 100
  experts"); `unit` is the noun phrase as written.
- `approx` is true after a qualifier ("close to", "over", "more than", "about",
  "up to", "около", "более", "свыше" ...; `models/counts/lexicon.json`), for
  "100+" and for vague quantities ("dozens of experts", "десятки экспертов"),
  whose `value` is None.
- Not counts: years, dates and times ("2021 edition", "26 January", "5 days"),
  measures and money ("3 tonnes", "$5 million", "10%"), versions ("3.11.0"),
  ordinals ("2nd", "fourth", "30-й"), numbers inside names ("COVID-19",
  "G20", a number inside an ORG/FUND/... entity), numbers after a label word
  ("Article 5", "No. 12"), fractions ("1.90 shares"; "1.5 million people" is
  a count), "one" before a singular noun, and numbers with no counted noun
  (a plural one in English) after them.

English docs must carry the tagger's tags (en_core_web_sm: tok2vec, tagger,
ner); Russian docs may be bare `spacy.blank("ru")` tokens.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from pipeline.records import CountMention
from pipeline.stages.counts.lexicon import CountLexicon, lexicon
from pipeline.stages.counts.numbers import NumberPhrase, find_numbers
from pipeline.stages.counts.units import english_unit, russian_unit

__all__ = ["extract_counts"]

# A number inside one of these entities is a date, a measure or part of a name.
_NOT_COUNT_LABELS = frozenset(
    {
        *("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"),
        *("ORG", "FUND", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "FAC"),
        *("PERSON", "PER", "GPE", "LOC", "NORP", "LANGUAGE"),
    }
)
# Characters that glue a number to the word before it: "COVID-19", "A/75/12", "#3".
_GLUE_BEFORE = frozenset("-‐‑/.#№$€£")
# Characters that glue a number to what follows: "30-member", "3/4", "10%".
_GLUE_AFTER = frozenset("-‐‑/%")
# How many characters before a number the qualifier search looks at.
_QUALIFIER_REACH = 40


def extract_counts(
    item_id: str,
    doc: Doc,
    dates: Sequence[tuple[int, int]] = (),
    language: str | None = None,
) -> list[CountMention]:
    """Count mentions of one item's doc, in text order; offsets index doc.text.

    `dates` are the (start_char, end_char) spans of the item's date mentions: a
    number inside one is a day or a year, never a count. `language` overrides
    `doc.lang_` ('ru' reads Russian, anything else English).
    """
    lex = lexicon(language or doc.lang_)
    text = doc.text  # Doc.text joins every token anew on each access: read it once
    in_dates = {offset for start, end in dates for offset in range(start, end)}
    counts: list[CountMention] = []
    for number in find_numbers(doc, lex):
        if _is_not_a_count(doc, number, lex):
            continue
        if any(token.idx in in_dates for token in doc[number.start : number.end]):
            continue  # a day or year of a date: "22 октября", "2020 г", "17–19 January"
        unit_from = number.unit_from
        plus = _has_plus(doc, unit_from)
        if plus:
            unit_from += 1
        if lex.language == "ru":
            unit = russian_unit(doc, unit_from, lex)
        else:
            unit = english_unit(doc, unit_from, lex)
        if unit is None:
            continue
        counts.append(_mention(item_id, doc, text, number, unit, plus, lex))
    return counts


def _mention(
    item_id: str,
    doc: Doc,
    text: str,
    number: NumberPhrase,
    unit: range,
    plus: bool,
    lex: CountLexicon,
) -> CountMention:
    start = doc[number.start].idx
    window_start = max(0, start - _QUALIFIER_REACH)
    qualifier = lex.qualifier.search(text, window_start, start)
    if qualifier is not None:
        start = qualifier.start()
    last = doc[unit[-1]]
    end = last.idx + len(last.text)
    unit_text = text[doc[unit[0]].idx : end]
    approx = qualifier is not None or plus or number.value is None
    return CountMention(item_id, text[start:end], start, end, number.value, approx, unit_text)


def _is_not_a_count(doc: Doc, number: NumberPhrase, lex: CountLexicon) -> bool:
    if number.value is not None and not number.value.is_integer():
        return True  # "1.90 shares", "2.5 points": a ratio or a measure, not a count of things
    tokens = doc[number.start : number.end]
    if number.value is not None and any(t.ent_type_ in _NOT_COUNT_LABELS for t in tokens):
        return True
    if number.start > 0:
        before = doc[number.start - 1]
        if not before.whitespace_ and (before.text[-1].isalnum() or before.text in _GLUE_BEFORE):
            return True
        if before.lower_ in lex.number_labels:
            return True
    last = doc[number.end - 1]
    if number.end < len(doc) and not last.whitespace_:
        after = doc[number.end]
        if after.text[0] in _GLUE_AFTER or after.text[0].isalnum():
            return True
    return False


def _has_plus(doc: Doc, index: int) -> bool:
    return index < len(doc) and doc[index].text == "+" and not doc[index - 1].whitespace_
