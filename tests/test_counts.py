"""Counts: table-driven cases in English and Russian, on real spaCy docs."""

# ruff: noqa: E501  (one line per case: the tables read better unwrapped)

from __future__ import annotations

from functools import cache

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.stages.counts import extract_counts
from pipeline.stages.dates import extract_dates
from pipeline.stages.nlp.pipelines import load_model

Expected = tuple[str, float | None, bool, str]  # text, value, approx, unit


@cache
def _english() -> Language:
    return load_model("en")


def _doc(language: str, text: str) -> Doc:
    return _english()(text) if language == "en" else spacy.blank("ru")(text)


# fmt: off
CASES: list[tuple[str, str, list[Expected]]] = [
    ("en", "Close to 100 experts from 37 Member Customs administrations joined the call.", [("Close to 100 experts", 100, True, "experts"), ("37 Member Customs administrations", 37, False, "Member Customs administrations")]),
    ("en", "Over 120 participants and 30 speakers took part.", [("Over 120 participants", 120, True, "participants"), ("30 speakers", 30, False, "speakers")]),
    ("en", "More than 50 countries signed the agreement.", [("More than 50 countries", 50, True, "countries")]),
    ("en", "About 40 officers were trained in Lomé.", [("About 40 officers", 40, True, "officers")]),
    ("en", "Up to 25 trainees can register.", [("Up to 25 trainees", 25, True, "trainees")]),
    ("en", "The course ran at least 12 workshops.", [("at least 12 workshops", 12, True, "workshops")]),
    ("en", "Nearly 1,200 people registered online.", [("Nearly 1,200 people", 1200, True, "people")]),
    ("en", "Two hundred delegates attended the assembly.", [("Two hundred delegates", 200, False, "delegates")]),
    ("en", "Thirty-five countries joined the programme.", [("Thirty-five countries", 35, False, "countries")]),
    ("en", "Four sessions were held in Brussels.", [("Four sessions", 4, False, "sessions")]),
    ("en", "The event drew 100+ participants.", [("100+ participants", 100, True, "participants")]),
    ("en", "Only one participant withdrew.", []),
    ("en", "Holders receive 1.90 new shares each.", []),
    ("en", "Some 1.5 million travellers were screened.", [("Some 1.5 million travellers", 1500000, True, "travellers")]),
    ("en", "Dozens of experts contributed to the guide.", [("Dozens of experts", None, True, "experts")]),
    ("en", "Hundreds of thousands of travellers crossed the border.", [("Hundreds of thousands of travellers", None, True, "travellers")]),
    ("en", "It was the 2nd Meeting of the group.", []),
    ("en", "WCO DM version\u00a03.11.0 was released.", []),
    ("en", "The COVID-19 pandemic delayed the session.", []),
    ("en", "The 21st Regional Heads conference met online.", []),
    ("en", "The G20 leaders discussed trade.", []),
    ("en", "The 2021 edition started in November.", []),
    ("en", "The workshop lasted 5 days.", []),
    ("en", "Officers seized 3 tonnes of ivory.", []),
    ("en", "Article 5 of the Convention applies.", []),
    ("en", "It was the fourth of a series of workshops.", []),
    ("ru", "Более 100 участников из 37 таможенных администраций обсудили вопросы.", [("Более 100 участников", 100, True, "участников"), ("37 таможенных администраций", 37, False, "таможенных администраций")]),
    ("ru", "В семинаре участвовали около 50 экспертов.", [("около 50 экспертов", 50, True, "экспертов")]),
    ("ru", "Приехали свыше двухсот делегатов.", [("свыше двухсот делегатов", 200, True, "делегатов")]),
    ("ru", "Собрались представители 30 государств-членов.", [("30 государств-членов", 30, False, "государств-членов")]),
    ("ru", "Курс прошли 1 200 человек.", [("1 200 человек", 1200, False, "человек")]),
    ("ru", "Прошло пять сессий рабочей группы.", [("пять сессий", 5, False, "сессий")]),
    ("ru", "Соглашение подписали не менее 20 стран.", [("не менее 20 стран", 20, True, "стран")]),
    ("ru", "В обсуждении участвовали десятки экспертов.", [("десятки экспертов", None, True, "экспертов")]),
    ("ru", "На границе побывали сотни тысяч туристов.", [("сотни тысяч туристов", None, True, "туристов")]),
    ("ru", "Прошла XII Международная конференция.", []),
    ("ru", "Пост стоит в 500 метрах от границы.", []),
    ("ru", "Форум прошёл в 30-й раз.", []),
    ("ru", "Конференция прошла 22 октября 2020 г. онлайн.", []),
    ("ru", "Работа велась в течение 5 лет.", []),
    ("ru", "В 2021 году работа продолжилась.", []),
]
# fmt: on


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_counts_of_one_item(language: str, text: str, expected: list[Expected]) -> None:
    doc = _doc(language, text)
    counts = extract_counts("item", doc, _date_spans(doc))
    for count in counts:
        assert doc.text[count.start_char : count.end_char] == count.text
    assert [(c.text, c.value, c.approx, c.unit) for c in counts] == expected


def test_russian_year_is_not_a_count_however_the_doc_is_tokenized() -> None:
    # Tokenizers other than spaCy's (razdel) split "г." into "г" and ".".
    words = ["Прошло", "более", "100", "заседаний", "в", "2020", "г", "."]
    doc = Doc(spacy.blank("ru").vocab, words=words, spaces=[True] * 6 + [False, False])
    counts = extract_counts("item", doc, _date_spans(doc))
    assert [(c.text, c.value) for c in counts] == [("более 100 заседаний", 100)]


def _date_spans(doc: Doc) -> list[tuple[int, int]]:
    """What the run hands the counts: the item's date mentions, as the dates stage reads them."""
    return [(d.start_char, d.end_char) for d in extract_dates([("item", doc)])]
