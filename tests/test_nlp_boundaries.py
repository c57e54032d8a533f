"""`customs_boundaries` on its own: spacy.blank("en") plus the component, hand-set ents."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from tests.nlp_helpers import blank_with


@pytest.fixture(scope="module")
def nlp() -> Language:
    return blank_with("customs_boundaries")


def with_ents(nlp: Language, text: str, ents: list[tuple[str, str]]) -> Doc:
    """A doc of `text` whose ents are the first occurrences of the given strings."""
    doc = nlp.make_doc(text)
    spans, at = [], 0
    for surface, label in ents:
        start = text.index(surface, at)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
        at = start + len(surface)
    doc.ents = spans
    return doc


def run(nlp: Language, text: str, ents: list[tuple[str, str]]) -> list[tuple[str, str]]:
    doc = nlp.get_pipe("customs_boundaries")(with_ents(nlp, text, ents))
    return [(e.text, e.label_) for e in doc.ents]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # leading article and trailing punctuation go
        (
            "Talks with the African Union, then lunch.",
            [("the African Union,", "ORG")],
            [("African Union", "ORG")],
        ),
        # LOC is folded into GPE, and "region" after a place goes
        (
            "Officers from the Asia/Pacific region met.",
            [("the Asia/Pacific region", "LOC")],
            [("Asia/Pacific", "GPE")],
        ),
        # no entity crosses a line break
        (
            "Report of the Finance Committee\n\nThe Committee met.",
            [("the Finance Committee\n\nThe Committee", "ORG")],
            [("Finance Committee", "ORG"), ("Committee", "ORG")],
        ),
        # nor a bracket
        (
            "the Universal Postal Union (UPU agreed",
            [("the Universal Postal Union (UPU", "ORG")],
            [("Universal Postal Union", "ORG"), ("UPU", "ORG")],
        ),
        # an acronym followed by a comma lists two names
        ("the Bank (IDB, Bank) said", [("IDB, Bank", "ORG")], [("IDB", "ORG"), ("Bank", "ORG")]),
        # the generic word is no organization
        ("Customs seized the goods.", [("Customs", "ORG")], []),
        (
            "Many Member Customs administrations joined.",
            [("Member Customs administrations", "ORG")],
            [],
        ),
        # titles of guides, policies and events are not organizations
        (
            "The UPU Postal Security Guidelines were updated.",
            [("The UPU Postal Security Guidelines", "ORG")],
            [],
        ),
        (
            "under the Eastern Partnership Policy today",
            [("the Eastern Partnership Policy", "ORG")],
            [],
        ),
        # a body of a country: body and country
        (
            "the Revenue Authority of the Kingdom of Lesotho signed",
            [("the Revenue Authority of the Kingdom of Lesotho", "ORG")],
            [("Revenue Authority", "ORG"), ("Kingdom of Lesotho", "GPE")],
        ),
        # a generic body leaves the country alone
        (
            "help from the Government of Japan",
            [("the Government of Japan", "ORG")],
            [("Japan", "GPE")],
        ),
        # but not a university of a city
        (
            "at the University of Geneva",
            [("the University of Geneva", "ORG")],
            [("University of Geneva", "ORG")],
        ),
        # a body of a named body is one name
        (
            "the Training Centre of the Latvian Customs School",
            [("the Training Centre", "ORG"), ("the Latvian Customs School", "ORG")],
            [("Training Centre of the Latvian Customs School", "ORG")],
        ),
        # dates and numbers are not touched
        (
            "the 3rd meeting on the 5 May",
            [("the 3rd", "ORDINAL"), ("the 5 May", "DATE")],
            [("the 3rd", "ORDINAL"), ("the 5 May", "DATE")],
        ),
    ],
)
def test_boundaries(
    nlp: Language, text: str, ents: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    assert run(nlp, text, ents) == expected


def test_a_slash_p_is_not_an_article(nlp: Language) -> None:
    assert run(nlp, "in the A/P region", [("the A/P region", "LOC")]) == [("A/P", "GPE")]


def test_keeps_nbsp_out_of_spans(nlp: Language) -> None:
    text = "Support from the\u00a0Asian Development Bank\u00a0today"
    got = run(nlp, text, [("the\u00a0Asian Development Bank\u00a0", "ORG")])
    assert got == [("Asian Development Bank", "ORG")]
