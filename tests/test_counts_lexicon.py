"""Counts: the word lists and morphology behind them (num2words, inflect, pymorphy2)."""

from __future__ import annotations

import pytest
import spacy

from pipeline.settings import read_rule_file
from pipeline.stages.counts.lexicon import (
    counted_classes,
    english_heads,
    inflect_classical_plurals,
    inflect_plurals,
    lexicon,
)
from pipeline.stages.counts.morphology import readings
from pipeline.stages.counts.numbers import find_numbers

CLASSES = (
    *("people", "groups", "organizations", "places", "events"),
    *("documents", "cases", "packaging", "goods"),
)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_class_of_counted_nouns_is_listed_once(language: str) -> None:
    classes = counted_classes(language)
    assert tuple(classes) == CLASSES
    nouns = [noun for nouns in classes.values() for noun in nouns]
    assert all(classes.values())
    assert len(nouns) == len(set(nouns)), "a noun belongs to one class"


def test_russian_counted_nouns_are_dictionary_forms() -> None:
    # A typo or an inflected form in the list would never match a lemma.
    heads = [noun.split()[0] for nouns in counted_classes("ru").values() for noun in nouns]
    unknown = [
        head for head in heads if not any(r.lemma == head.replace("ё", "е") for r in readings(head))
    ]
    assert unknown == []


def test_english_plurals_are_inflects() -> None:
    # Written into the lexicon (inflect is slow to import); they must stay inflect's.
    raw = read_rule_file("counts/lexicon.json")
    heads = english_heads(raw)
    assert {h: raw["english_plurals"].get(h) for h in heads} == inflect_plurals(heads)
    assert raw["english_classical_plurals"] == inflect_classical_plurals(heads)


# fmt: off
FORMS: list[tuple[str, bool, bool]] = [
    ("person", True, False),
    ("people", False, True),  # inflect's plural of "person"
    ("persons", False, True),  # and the one of its classical mode
    ("administrations", False, True),
    ("countries", False, True),
    ("staff", True, True),  # written alike in both numbers
    ("tonnes", False, False),  # a measure
    ("priorities", False, False),  # an abstract noun
]
# fmt: on


@pytest.mark.parametrize(("form", "singular", "plural"), FORMS)
def test_english_counted_forms(form: str, singular: bool, plural: bool) -> None:
    lex = lexicon("en")
    assert (form in lex.counted_singular, form in lex.counted_plural) == (singular, plural)


# fmt: off
READINGS: list[tuple[str, str, str, str | None, str]] = [
    ("таможенных", "ADJF", "таможенный", "plur", "gent"),
    ("администраций", "NOUN", "администрация", "plur", "gent"),
    ("группы", "NOUN", "группа", "sing", "gent"),
    ("обучающихся", "PRTF", "обучающийся", "plur", "gent"),
    ("двадцатью", "NUMR", "двадцать", None, "ablt"),
    ("трёх", "NUMR", "три", None, "gent"),
    ("одной", "ADJF", "один", "sing", "ablt"),
]
# fmt: on


@pytest.mark.parametrize(("word", "pos", "lemma", "number", "case"), READINGS)
def test_russian_readings(word: str, pos: str, lemma: str, number: str | None, case: str) -> None:
    assert any(
        (r.pos, r.lemma, r.number, r.case) == (pos, lemma, number, case) for r in readings(word)
    )


# fmt: off
NUMBERS: list[tuple[str, str, list[float | None]]] = [
    ("en", "twelve officers", [12]),
    ("en", "thirty-five countries", [35]),
    ("en", "two hundred and fifty delegates", [250]),
    ("en", "2500 participants and 2 500 experts", [2500, 2500]),
    ("en", "over 1,200 people", [1200]),
    ("en", "dozens of experts", [None]),
    ("ru", "двадцатью пятью участниками", [25]),
    ("ru", "двухсот делегатов", [200]),
    ("ru", "две тысячи пятьсот человек", [2500]),
    ("ru", "одной группой", [1]),
    ("ru", "1 200 человек", [1200]),
    ("ru", "десятки экспертов", [None]),
    ("ru", "около сотни экспертов", [100]),
    ("ru", "одни эксперты", []),  # "only experts"
    ("ru", "пятой сессии", []),  # an ordinal
    ("en", "thirty-two (32) participants", [32]),  # the digits repeat the words
    ("en", "ten (12) officers", [10, 12]),  # they do not: two numbers
    ("en", "a dozen officers and two dozen dogs", [12, 24]),
    ("en", "2.4 m cigarettes", [2400000]),
    ("ru", "20-ти стран и 2-мя группами", [20, 2]),  # a cardinal's case ending
    ("ru", "30-й сессии и 5-го заседания", []),  # an ordinal's
]
# fmt: on


@pytest.mark.parametrize(("language", "text", "values"), NUMBERS)
def test_number_values(language: str, text: str, values: list[float | None]) -> None:
    doc = spacy.blank(language)(text)
    assert [n.value for n in find_numbers(doc, lexicon(language))] == values
