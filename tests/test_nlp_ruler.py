"""`customs_ruler` on its own: spacy.blank("en") plus the component."""

from __future__ import annotations

from typing import Any

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
    from pipeline.stages.nlp.ruler import pattern_texts, ruler_patterns

    generic = language_lexicon(language).generic
    strings = [text for p in ruler_patterns(language) for text in pattern_texts(p)]
    if language == "en":  # its place slots filled in
        assert len(strings) > len(ruler_patterns(language))
    assert [s for s in strings if fold(s) in generic] == []


@pytest.mark.parametrize("language", ["en", "ru"])
def test_place_slots_match_what_their_filled_in_phrases_match(language: str) -> None:
    """The ruler keeps "ROCB {place}" whole and matches the words before the slot in
    front of a place: on a text of every shipped pattern filled with every place (and
    the same words with other spacing, which phrase matching ignores), it finds what
    spaCy's SpanRuler finds with every phrase filled in; and so does a ruler restored
    from its bytes."""
    import spacy
    from spacy.pipeline import SpanRuler

    from pipeline.stages.nlp.ruler import CustomsRuler, pattern_texts, ruler_patterns

    nlp = spacy.blank(language)
    patterns = ruler_patterns(language)
    filled = [
        {"label": p["label"], "pattern": text, "id": p["id"]}
        for p in patterns
        for text in (pattern_texts(p) if isinstance(p["pattern"], str) else [])
    ]
    phrases = [p["pattern"] for p in filled]
    text = " and ".join(phrases + [phrase.replace("-", " - ") for phrase in phrases[::7]])
    doc = nlp.make_doc(text)

    reference = SpanRuler(nlp, "reference", spans_key=None, annotate_ents=True, validate=False)
    with nlp.select_pipes(disable=nlp.pipe_names):
        reference.add_patterns(filled)
    expected = [(s.start, s.end, s.label_) for s in reference.match(doc)]

    ruler = CustomsRuler(nlp, "ruler", spans_key=None, annotate_ents=True, validate=False)
    ruler.add_patterns([p for p in patterns if isinstance(p["pattern"], str)])
    found = [(s.start, s.end, s.label_) for s in ruler.match(doc)]
    assert found == expected
    if language == "en":  # the English patterns have place slots, kept whole
        assert len(ruler.place_matcher) > 0 and len(ruler.patterns) < len(filled) / 5
        assert ruler.slot_patterns

    restored = CustomsRuler(nlp, "ruler", spans_key=None, annotate_ents=True, validate=False)
    restored.from_bytes(ruler.to_bytes())
    assert [(s.start, s.end, s.label_) for s in restored.match(doc)] == expected


def test_a_slot_not_at_the_end_is_filled_in() -> None:
    import spacy

    from pipeline.stages.nlp.ruler import CustomsRuler

    nlp = spacy.blank("en")
    ruler = CustomsRuler(nlp, "ruler", spans_key=None, annotate_ents=True, validate=False)
    entry = {"label": "ORG", "pattern": "{place} Customs", "id": "r", "places": ["Kenya", "Peru"]}
    ruler.add_patterns([entry])
    assert not ruler.slot_patterns and [p["pattern"] for p in ruler.patterns] == [
        "Kenya Customs",
        "Peru Customs",
    ]
    doc = nlp.make_doc("Peru Customs and Kenya Customs met.")
    assert [s.text for s in ruler.match(doc)] == ["Peru Customs", "Kenya Customs"]


def test_shape_patterns_match_like_the_token_matcher_and_travel_with_the_ruler() -> None:
    """A one-token SHAPE pattern goes to the shape PhraseMatcher, matches what spaCy's
    Matcher matches, stays among the ruler's patterns and survives to_bytes/from_bytes;
    any other token pattern still goes to the Matcher."""
    import spacy
    from spacy.matcher import Matcher

    from pipeline.stages.nlp.ruler import CustomsRuler

    nlp = spacy.blank("en")
    shape: dict[str, Any] = {"label": "PERSON", "pattern": [{"SHAPE": "X.Xxxxx"}], "id": "r"}
    other: dict[str, Any] = {
        "label": "ORG",
        "pattern": [{"LOWER": "acme"}, {"LOWER": "corp"}],
        "id": "r",
    }
    ruler = CustomsRuler(nlp, "ruler", spans_key=None, annotate_ents=True, overwrite=False)
    ruler.add_patterns([shape, other])
    assert len(ruler.shape_matcher) == 1 and len(ruler.matcher) == 1
    assert ruler.patterns == [shape, other]

    text = "K.Smith of Acme Corp met J.Doe and A.Nazarov."
    reference = Matcher(nlp.vocab)
    reference.add("shape", [shape["pattern"]])
    expected = [nlp.make_doc(text)[s:e].text for _, s, e in reference(nlp.make_doc(text))]
    assert expected == ["K.Smith", "A.Nazarov"]  # shapes stop at four "x": not "J.Doe"
    found = [(e.text, e.label_) for e in ruler(nlp.make_doc(text)).ents]
    assert found == [("K.Smith", "PERSON"), ("Acme Corp", "ORG"), ("A.Nazarov", "PERSON")]

    restored = CustomsRuler(nlp, "ruler", spans_key=None, annotate_ents=True, overwrite=False)
    restored.from_bytes(ruler.to_bytes())
    assert restored.patterns == ruler.patterns
    assert [(e.text, e.label_) for e in restored(nlp.make_doc(text)).ents] == found
