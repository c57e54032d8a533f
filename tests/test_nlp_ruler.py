"""`customs_ruler` on its own: spacy.blank("en") plus the component."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.stages.nlp.ruler import expand_places
from tests.nlp_helpers import blank_with, char_span


@pytest.fixture(scope="module")
def nlp() -> Language:
    return blank_with("customs_ruler")


def ents(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Delegates of the WCO and the UPU met in Bern.", [("WCO", "ORG"), ("UPU", "ORG")]),
        ("The ROCB West and Central Africa hosted it.", [("ROCB West and Central Africa", "ORG")]),
        ("experts from the RILO-Europe office", [("RILO-Europe", "ORG")]),
        ("Members of the A/P region agreed.", [("A/P", "GPE")]),
        # a known body, and the body names after it are left to customs_names
        ("The WCO Anti-Corruption Unit reported.", [("WCO", "ORG")]),
        ("the WCO Europe region", [("WCO", "ORG"), ("Europe", "GPE")]),
        # an initial glued to a surname of any length names a person (by its word shape)
        (
            "signed by R.Meredov, A.Bcd and I.Saunders; not by A.Bo or U.S.",
            [("R.Meredov", "PERSON"), ("A.Bcd", "PERSON"), ("I.Saunders", "PERSON")],
        ),
    ],
)
def test_ruler(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert ents(nlp, text) == expected


def test_keeps_a_longer_body_name(nlp: Language) -> None:
    doc = nlp.make_doc("The OECD Working Party on Trade met.")
    doc.ents = [char_span(doc, 4, 31, label="ORG")]
    assert [(e.text, e.label_) for e in nlp.get_pipe("customs_ruler")(doc).ents] == [
        ("OECD Working Party on Trade", "ORG")
    ]


def test_keeps_a_body_named_with_its_country(nlp: Language) -> None:
    doc = nlp.make_doc("United States Customs and Border Protection said.")
    doc.ents = [char_span(doc, 0, 43, label="ORG")]
    assert [(e.text, e.label_) for e in nlp.get_pipe("customs_ruler")(doc).ents] == [
        ("United States Customs and Border Protection", "ORG")
    ]


def test_replaces_a_wrong_label(nlp: Language) -> None:
    doc = nlp.make_doc("Funded by USAID this year.")
    doc.ents = [char_span(doc, 10, 15, label="GPE")]
    assert [(e.text, e.label_) for e in nlp.get_pipe("customs_ruler")(doc).ents] == [
        ("USAID", "ORG")
    ]


def test_place_slot() -> None:
    assert expand_places("RILO {place}", ["Europe", "CIS"]) == ["RILO Europe", "RILO CIS"]
    assert expand_places("UPU", ["Europe"]) == ["UPU"]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_no_pattern_names_a_generic_word(language: str) -> None:
    # A platform or a generic word ("CLiKC!") is no body: the ruler must not add
    # what the boundaries remove.
    from pipeline.stages.nlp.lexicon import fold, language_lexicon
    from pipeline.stages.nlp.ruler import ruler_patterns

    generic = language_lexicon(language).generic
    strings = [p["pattern"] for p in ruler_patterns(language) if isinstance(p["pattern"], str)]
    assert [s for s in strings if fold(s) in generic] == []
