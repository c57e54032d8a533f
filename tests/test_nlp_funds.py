"""`customs_funds` with the ruler before it (which matches the fund patterns, "CCF {place}"):
spacy.blank("en"/"ru") plus the two components."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.nlp_helpers import blank_with, char_span


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = blank_with("customs_ruler")
    nlp.add_pipe("customs_funds")
    return nlp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "paid by the Japan Customs Cooperation Fund last year",
            [("Japan Customs Cooperation Fund", "FUND")],
        ),
        ("A New Trust Fund for the Sahel", [("Trust Fund", "FUND")]),
        ("with help from CCF China and CCF-Japan", [("CCF China", "FUND"), ("CCF-Japan", "FUND")]),
        ("the CCF/Korea project", [("CCF/Korea", "FUND")]),
        # the donor country written after the long form, as after "CCF"
        (
            "funded by the Customs Cooperation Fund Germany and others",
            [("Customs Cooperation Fund Germany", "FUND")],
        ),
        (
            "the Customs Cooperation Fund Republic of Korea paid",
            [("Customs Cooperation Fund Republic of Korea", "FUND")],
        ),
        (
            "under the WTO Trade Facilitation Agreement Facility",
            [("WTO Trade Facilitation Agreement Facility", "FUND")],
        ),
        # institutions called funds are organizations
        ("the International Monetary Fund said", [("International Monetary Fund", "ORG")]),
        # a facility that is not financing is not a fund
        ("the Port Inspection Facility opened", []),
        # the bare word is no name
        ("the Fund will pay", []),
    ],
)
def test_funds(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.text, e.label_) for e in nlp(text).ents] == expected


def test_fund_replaces_model_label(nlp: Language) -> None:
    doc = nlp.make_doc("Money from CCF Korea arrived.")
    doc.ents = [char_span(doc, 11, 20, label="GPE")]
    for component in ("customs_ruler", "customs_funds"):
        doc = nlp.get_pipe(component)(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("CCF Korea", "FUND")]


def test_russian_fund_organizations() -> None:
    nlp = blank_with("customs_funds", "ru")
    text = "Деньги дал Японский фонд таможенного сотрудничества, а не Международный валютный фонд."
    doc = nlp.make_doc(text)
    first = text.index("Японский")
    second = text.index("Международный")
    doc.ents = [
        char_span(doc, first, text.index(",", first), label="ORG"),
        char_span(doc, second, len(text) - 1, label="ORG"),
    ]
    doc = nlp.get_pipe("customs_funds")(doc)
    assert [e.label_ for e in doc.ents] == ["FUND", "ORG"]
