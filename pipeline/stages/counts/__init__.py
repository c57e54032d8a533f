"""Counts: how many people, participants, administrations, countries, sessions ...

`extract_counts(item_id, doc, dates)` finds each number that counts something
and returns a `CountMention` with the number, whether a qualifier makes it
approximate, and the counted noun phrase. What it decides:

- A count is a number followed by a counted noun phrase: "37 Member Customs
  administrations", "thirty-five countries", "более 100 участников", "одна
  группа". The span runs from the qualifier, if any, to the counted noun
  ("Close to 100 experts"); `unit` is the noun phrase as written, without the
  determiners the span holds ("21 more containers": "containers") and without
  what follows the noun ("450 boxes of cigarettes": "boxes"), but for bare
  classifiers ("20 units of X-ray equipment") and fixed terms ("points of
  entry", "пунктах пропуска").
- What is counted is decided by the head noun (`units.py`): discrete things an
  analyst sums (people and groups, organizations and countries, places, events,
  documents, cases, packages and goods), listed by class in
  `models/counts/lexicon.json`, and in Russian any noun the dictionary most
  likely reads as animate (people, animals: "43 сенатора"). Money, measures,
  durations, ages and abstract nouns are not counted ("3 tonnes", "5 days",
  "5 лет", "одной темой").
- Numbers are digits with or without separators ("2,500", "2 500", "2500"),
  scaled ("35.5 million", "517,4 тыс."), number words in either language,
  "one"/"один" included ("twelve", "три", "двадцатью пятью"), number words
  repeated in digits ("thirty-two (32) participants"), digits with a Russian
  case ending ("20-ти стран"), or ranges, one
  approximate count with the lower number ("100 - 120 грузовых автомобилей"):
  see `numbers.py`.
- "25 of the 27 administrations" is two counts: "25 of the 27 administrations"
  (25, unit "administrations") and "27 administrations" (27); the same for "5 из
  27 администраций"; "six of his criminal associates" is one. "One of the" is
  not a count.
- `approx` is true after a qualifier ("close to", "over", "more than", "about",
  "up to", "около", "более", "свыше" ...), for "100+", ranges and vague
  quantities ("dozens of experts", "десятки экспертов"), whose `value` is None.
- Not counts: years, dates and times (`dates`: the item's date spans), ordinals
  ("2nd", "fourth", "30-й"), versions ("3.11.0"), numbers inside names
  ("COVID-19", "G20", "Group of 77", "Terminal 3"), numbers after a label word
  ("Article 5", "No. 12"), fractions ("1.90 shares"; "1.5 million people" is a
  count), "one-stop".

English docs must carry the tagger's tags (en_core_web_sm: tok2vec, tagger,
ner); Russian docs may be bare tokens (spaCy's or razdel's): their morphology
comes from pymorphy2.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from pipeline.records import CountMention
from pipeline.stages.counts.lexicon import CountLexicon, lexicon
from pipeline.stages.counts.numbers import NumberPhrase, find_numbers, skip_spaces
from pipeline.stages.counts.units import english_unit, russian_unit
from pipeline.stages.nlp.words import words as doc_words

__all__ = ["extract_counts"]

# A number inside one of these entities is money, a share or a rank. Dates are not
# among them: the dates stage's spans say which numbers are days and years (the
# model's DATE runs over "on 2 November three nationals"); nor are measures: the
# counted noun decides ("1 tablet", which the model reads as a QUANTITY).
_MEASURE_LABELS = frozenset({"MONEY", "PERCENT", "ORDINAL"})
# A number that ends one of these entities is part of a name: "Group of 77", "Boeing
# 737", "Terminal 3". One inside a longer entity, or after nothing but a qualifier,
# is a count the model swallowed, as in title-case headings ("Customs Nab Five Meth
# Couriers") or "Around 10 million cigarettes" read as a WORK_OF_ART.
_NAME_LABELS = frozenset(
    {
        *("ORG", "FUND", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "FAC"),
        *("PERSON", "PER", "GPE", "LOC", "NORP", "LANGUAGE"),
    }
)
# A number right after one of these names is a model or unit number: "Terminal 3",
# "Windows 10"; after an organization only a range is ("Boeing 737-800": "the WCO 6
# regions" is a count).
_MODEL_LABELS = frozenset({"PRODUCT", "FAC"})
# A name a number may end, before the verb that follows the name ("BBC News 24 said").
_NAMED_BEFORE_VERB = frozenset({"PERSON", "ORG"})
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
    text = doc_words(doc).doc_text
    in_dates = {offset for start, end in dates for offset in range(start, end)}
    numbers = [
        number
        for number in find_numbers(doc, lex)
        if not _is_not_a_count(doc, number, lex)
        # a day or year of a date: "22 октября", "2020 г", "17–19 January"
        and not any(token.idx in in_dates for token in doc[number.start : number.end])
    ]
    units = [_unit(doc, number, lex) for number in numbers]
    counts: list[CountMention] = []
    for index, (number, (unit, plus)) in enumerate(zip(numbers, units, strict=True)):
        if unit is None:
            # "25 of the 27 administrations", "six of his associates": a part of a whole
            whole = numbers[index + 1] if index + 1 < len(numbers) else None
            unit = _partitive_unit(doc, number, whole, units[index + 1][0] if whole else None, lex)
        if unit is not None:
            counts.append(_mention(item_id, doc, text, number, unit, plus, lex))
    return counts


def _unit(doc: Doc, number: NumberPhrase, lex: CountLexicon) -> tuple[range | None, bool]:
    """The counted noun phrase after `number` (None if none), and whether "+" follows it."""
    unit_from = number.unit_from
    plus = _has_plus(doc, unit_from)
    if plus:
        unit_from += 1
    unit_from = skip_spaces(doc, unit_from)  # "182\u00a0countries"
    if lex.language == "ru":
        return russian_unit(doc, unit_from, lex, number), plus
    return english_unit(doc, unit_from, lex, number), plus


def _partitive_unit(
    doc: Doc,
    number: NumberPhrase,
    whole: NumberPhrase | None,
    whole_unit: range | None,
    lex: CountLexicon,
) -> range | None:
    """The noun of the whole `number` is a part of: "25 of the 27 administrations",
    "5 out of 12 experts", "5 из 27 администраций", "six of his criminal associates"."""
    if number.value is None or number.value == 1 or number.upper is not None:
        return None  # "one of the largest", "one of the 27 administrations" are not counts
    index = skip_spaces(doc, number.end)
    for words in lex.partitives:
        if tuple(t.lower_ for t in doc[index : index + len(words)]) == words:
            index += len(words)
            break
    else:
        return None
    determined = index < len(doc) and doc[index].lower_ in lex.partitive_determiners
    index = skip_spaces(doc, index + 1 if determined else index)
    if whole is not None and whole.start == index:
        # the whole is a count of its own; the part can't be larger
        whole_value = whole.value
        fits = whole_value is not None and number.value <= whole_value
        return whole_unit if fits else None
    if lex.language == "ru" or not determined:
        return None  # "the top three of drinks firms" is a rank
    return english_unit(doc, index, lex, number)


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
    approx = qualifier is not None or plus or number.value is None or number.upper is not None
    return CountMention(item_id, text[start:end], start, end, number.value, approx, unit_text)


def _is_not_a_count(doc: Doc, number: NumberPhrase, lex: CountLexicon) -> bool:
    if number.value is not None and not number.value.is_integer():
        return True  # "1.90 shares", "2.5 points": a ratio or a measure, not a count of things
    tokens = doc[number.start : number.end]
    if number.value is not None and any(t.ent_type_ in _MEASURE_LABELS for t in tokens):
        return True
    last = doc[number.end - 1]
    if last.ent_type_ in _NAME_LABELS and _ends_a_name(doc, number, lex):
        return True
    if number.start > 0:
        before = doc[number.start - 1]
        if not before.whitespace_ and (before.text[-1].isalnum() or before.text in _GLUE_BEFORE):
            return True
        if before.lower_ in lex.number_labels:
            return True
        if before.ent_type_ in _MODEL_LABELS or (number.upper and before.ent_type_ == "ORG"):
            return True  # a model or unit number after its name: "Terminal 3", "Boeing 737-800"
        if before.ent_type_ in _NAMED_BEFORE_VERB and _verb_after(doc, number):
            return True  # the end of a name, then its verb: "BBC News 24 said"
    if number.end < len(doc) and not last.whitespace_:
        after = doc[number.end]
        if after.text[0] in _GLUE_AFTER or after.text[0].isalnum():
            return True
    return False


def _verb_after(doc: Doc, number: NumberPhrase) -> bool:
    """Whether a finite verb follows `number` ("24 said"), where a count has its noun."""
    return number.end < len(doc) and doc[number.end].tag_ in {"VBD", "VBZ", "VBP"}


def _ends_a_name(doc: Doc, number: NumberPhrase, lex: CountLexicon) -> bool:
    """Whether `number` ends the name entity it is in, after words of that name."""
    if number.end < len(doc) and doc[number.end].ent_iob_ == "I":
        return False
    start = number.start
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    before = doc_words(doc).doc_text[doc[start].idx : doc[number.start].idx]
    return bool(before.strip()) and lex.qualifier.fullmatch(before) is None


def _has_plus(doc: Doc, index: int) -> bool:
    return index < len(doc) and doc[index].text == "+" and not doc[index - 1].whitespace_
