"""`customs_boundaries` on its own: spacy.blank("en") plus the component, hand-set ents."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.nlp_helpers import blank_with, with_ents


@pytest.fixture(scope="module")
def nlp() -> Language:
    return blank_with("customs_boundaries")


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
        # ... but a capital "A" inside a sentence is a person's initial
        (
            "The meeting was chaired by A Mavlonov. A Mavlonov spoke.",
            [("A Mavlonov", "PERSON"), ("A Mavlonov", "PERSON")],
            [("A Mavlonov", "PERSON"), ("Mavlonov", "PERSON")],
        ),
        # a role before a person's name, read as a body, leaves the person
        (
            "The sessions met under Chairperson Zouhair Chorfi and the Head Office Nairobi.",
            [("Chairperson Zouhair Chorfi", "ORG"), ("Head Office Nairobi", "ORG")],
            [("Zouhair Chorfi", "PERSON"), ("Head Office Nairobi", "ORG")],
        ),
        # a body and the body it reports to are two; a delegation to a country is one
        (
            "The report of the Committee on Trade Facilitation to the Council for Trade in"
            " Goods and the Delegation of the European Union to Armenia.",
            [
                ("the Committee on Trade Facilitation to the Council for Trade in Goods", "ORG"),
                ("Delegation of the European Union to Armenia", "ORG"),
            ],
            [
                ("Committee on Trade Facilitation", "ORG"),
                ("Council for Trade in Goods", "ORG"),
                ("Delegation of the European Union to Armenia", "ORG"),
            ],
        ),
        # LOC is folded into GPE, and "region" after a place goes
        (
            "Officers from the Asia/Pacific region met.",
            [("the Asia/Pacific region", "LOC")],
            [("Asia/Pacific", "GPE")],
        ),
        # a country the model read as a nationality is the place; a nationality stays one
        (
            "Transport between Uzbekistan and Azerbaijan by Uzbek trucks.",
            [("Uzbekistan", "NORP"), ("Azerbaijan", "GPE"), ("Uzbek", "NORP")],
            [("Uzbekistan", "GPE"), ("Azerbaijan", "GPE"), ("Uzbek", "NORP")],
        ),
        # a meeting's number is not part of the body's name
        (
            "The 25th Regional Steering Group met.",
            [("25th Regional Steering Group", "ORG")],
            [("Regional Steering Group", "ORG")],
        ),
        # a union of states is a body (the alias table says so); an unknown acronym too
        (
            "The EU and the CCASP project and the UAE.",
            [("EU", "GPE"), ("CCASP", "GPE"), ("UAE", "GPE")],
            [("EU", "ORG"), ("CCASP", "ORG"), ("UAE", "GPE")],
        ),
        # no entity crosses a line break
        (
            "Report of the Finance Committee\n\nThe Committee met.",
            [("the Finance Committee\n\nThe Committee", "ORG")],
            [("Finance Committee", "ORG")],  # "The Committee" alone names nothing
        ),
        # nor a bracket
        (
            "the Universal Postal Union (UPU agreed",
            [("the Universal Postal Union (UPU", "ORG")],
            [("Universal Postal Union", "ORG"), ("UPU", "ORG")],
        ),
        # an acronym followed by a comma lists two names
        ("the Bank (IDB, BID) said", [("IDB, BID", "ORG")], [("IDB", "ORG"), ("BID", "ORG")]),
        # a list of places is one place each
        (
            "officers from Ghana, Niger and Mali came",
            [("Ghana, Niger and Mali", "ORG")],
            [("Ghana", "GPE"), ("Niger", "GPE"), ("Mali", "GPE")],
        ),
        # a known place is a place, an acronym read as a person an organization
        ("talks in Togo ended", [("Togo", "PERSON")], [("Togo", "GPE")]),
        ("the RILO office", [("RILO", "PERSON")], [("RILO", "ORG")]),
        # initials name a person; a role glued to a body splits it
        ("the house of citizen T.V. was searched", [("T.V.", "ORG")], [("T.V.", "PERSON")]),
        (
            "AFP Detective Sergeant Aaron Burgess said",
            [("AFP Detective Sergeant Aaron Burgess", "ORG")],
            [("AFP", "ORG"), ("Aaron Burgess", "PERSON")],
        ),
        (
            "for Mercator Programme Advisors only",
            [("Mercator Programme Advisors", "ORG")],
            [("Mercator Programme", "ORG")],
        ),
        # a currency code next to a number is money
        ("The fee will be 20 GEL for goods", [("GEL", "ORG")], []),
        # a person's name loses its titles
        (
            "H.E. Shavkat Mirziyoyev spoke",
            [("H.E. Shavkat Mirziyoyev", "PERSON")],
            [("Shavkat Mirziyoyev", "PERSON")],
        ),
        # nationality adjectives, alone or joined, are no name; a place stays
        (
            "on the Kyrgyz-Kazakh border after Uzbek-Tajik talks with Guinea-Bissau",
            [("Kyrgyz-Kazakh", "ORG"), ("Uzbek-Tajik", "PERSON"), ("Guinea-Bissau", "GPE")],
            [("Guinea-Bissau", "GPE")],
        ),
        ("a Belgian lorry", [("Belgian", "ORG")], []),
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
        # a body of a country is one name
        (
            "the Revenue Authority of the Kingdom of Lesotho signed",
            [("the Revenue Authority of the Kingdom of Lesotho", "ORG")],
            [("Revenue Authority of the Kingdom of Lesotho", "ORG")],
        ),
        (
            "help from the Government of Japan",
            [("the Government of Japan", "ORG")],
            [("Government of Japan", "ORG")],
        ),
        # but not a university of a city
        (
            "at the University of Geneva",
            [("the University of Geneva", "ORG")],
            [("University of Geneva", "ORG")],
        ),
        # a facility named as a body is a body, another facility a place
        (
            "at the Assistance Center for Central America today",
            [("the Assistance Center for Central America", "FAC")],
            [("Assistance Center for Central America", "ORG")],
        ),
        (
            "at the Golden Gate Bridge",
            [("the Golden Gate Bridge", "FAC")],
            [("Golden Gate Bridge", "GPE")],
        ),
        # no name ends in a preposition, an article or a conjunction
        (
            "He spoke to the Council on the matter.",
            [("Council on the", "ORG")],
            [],
        ),
        (
            "Experts of the Bank of Ghana and the Treasury met.",
            [("Bank of Ghana and", "ORG")],
            [("Bank of Ghana", "ORG")],
        ),
        # a role word a body's name is "of" stays in it; one before a person does not
        (
            "signed by the Cabinet of Ministers of the Kyrgyz Republic",
            [("the Cabinet of Ministers of the Kyrgyz Republic", "ORG")],
            [("Cabinet of Ministers of the Kyrgyz Republic", "ORG")],
        ),
        (
            "said WCO Secretary General Kunio Mikuriya",
            [("WCO Secretary General Kunio Mikuriya", "ORG")],
            [("WCO", "ORG"), ("Kunio Mikuriya", "PERSON")],
        ),
        # a facility is a place, in the plural too
        (
            "Officers at Humber Ports found cocaine.",
            [("Humber Ports", "ORG")],
            [("Humber Ports", "GPE")],
        ),
        # a "person" that names no one goes; one named after a facility is a place
        (
            "The Ministerial Conference opened; Annex 11 applies.",
            [("Ministerial Conference", "PERSON"), ("Annex 11", "PERSON")],
            [],
        ),
        (
            "Capacity Building matters, and capacity building takes time.",
            [("Capacity Building", "PERSON")],
            [],
        ),
        (
            "Officers at Auckland Airport said.",
            [("Auckland Airport", "PERSON")],
            [("Auckland Airport", "GPE")],
        ),
        (
            "said John Building yesterday",
            [("John Building", "PERSON")],
            [("John Building", "PERSON")],
        ),
        # a region's customs administrations are no body: the region is the place
        (
            "Heads of Customs of the Americas / Caribbean Region met.",
            [("Customs of the Americas / Caribbean Region", "ORG")],
            [("Americas / Caribbean Region", "GPE")],
        ),
        (
            "the Customs of Armenia said",
            [("Customs of Armenia", "ORG")],
            [("Customs of Armenia", "ORG")],
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


def test_a_person_named_like_a_town_stays_a_person(nlp: Language) -> None:
    # Bush, Dixon and Bishkek are all towns; a title says a person is meant, and the town
    # the small model read as a person stays a town. (A surname the text also gives in
    # full is made a person again by customs_context.)
    text = "President Bush met Geoff Dixon. Mr Dixon then flew to Bishkek."
    ents = [
        ("Bush", "PERSON"),
        ("Geoff Dixon", "PERSON"),
        ("Dixon", "PERSON"),
        ("Bishkek", "PERSON"),
    ]
    assert run(nlp, text, ents) == [
        ("Bush", "PERSON"),
        ("Geoff Dixon", "PERSON"),
        ("Dixon", "PERSON"),
        ("Bishkek", "GPE"),
    ]


def test_a_town_named_person_who_speaks_stays_a_person(nlp: Language) -> None:
    # Mikuriya is a town too; a town does not brief or say, a person does. A town the
    # model read as a person, with no verb of saying next to it, is still the town.
    text = "Mikuriya briefed the Council. Bishkek hosted it, said Mikuriya."
    ents = [("Mikuriya", "PERSON"), ("Bishkek", "PERSON"), ("Mikuriya", "PERSON")]
    assert run(nlp, text, ents) == [
        ("Mikuriya", "PERSON"),
        ("Bishkek", "GPE"),
        ("Mikuriya", "PERSON"),
    ]


def test_a_titled_or_hyphenated_surname_may_be_a_common_word(nlp: Language) -> None:
    # "Law", "Day" and "Conference" name no person alone; a title before the name or a
    # hyphenated surname says one is meant.
    text = "Mr Law met Daniel Day-Lewis at the Ministerial Conference."
    ents = [("Law", "PERSON"), ("Daniel Day-Lewis", "PERSON"), ("Ministerial Conference", "PERSON")]
    assert run(nlp, text, ents) == [("Law", "PERSON"), ("Daniel Day-Lewis", "PERSON")]


def test_a_name_an_honorific_introduces_is_a_person_whatever_the_model_typed(
    nlp: Language,
) -> None:
    # The small model types surnames as bodies, places and nationalities; after "Mr"
    # (or inside the span, "Mr Hague") each is a person, a country's name too. Not a
    # company a person's name is possessive in, nor "DR Congo".
    text = "Mr Kilroy-Silk, Mr Hague, Mr Burgmans and Mr Jordan met in DR Congo."
    ents = [
        ("Kilroy-Silk", "ORG"),
        ("Mr Hague", "GPE"),
        ("Burgmans", "NORP"),
        ("Jordan", "GPE"),
        ("Congo", "GPE"),
    ]
    assert run(nlp, text, ents) == [
        ("Kilroy-Silk", "PERSON"),
        ("Hague", "PERSON"),
        ("Burgmans", "PERSON"),
        ("Jordan", "PERSON"),
        ("Congo", "GPE"),
    ]
    text = "Dr Reddy's Laboratories hired Mr O'Brien."
    ents = [("Reddy's Laboratories", "ORG"), ("O'Brien", "PERSON")]
    assert run(nlp, text, ents) == [("Reddy's Laboratories", "ORG"), ("O'Brien", "PERSON")]


def test_a_company_keeps_a_name_whose_head_names_no_body(nlp: Language) -> None:
    # "Data" and "Management" head no body's name ("Risk Management" is none), but a
    # company introduced as one keeps its name.
    text = "IT firm Dimension Data backs Risk Management."
    ents = [("Dimension Data", "ORG"), ("Risk Management", "ORG")]
    assert run(nlp, text, ents) == [("Dimension Data", "ORG")]


def test_a_slash_p_is_not_an_article(nlp: Language) -> None:
    assert run(nlp, "in the A/P region", [("the A/P region", "LOC")]) == [("A/P", "GPE")]


def test_keeps_nbsp_out_of_spans(nlp: Language) -> None:
    text = "Support from the\u00a0Asian Development Bank\u00a0today"
    got = run(nlp, text, [("the\u00a0Asian Development Bank\u00a0", "ORG")])
    assert got == [("Asian Development Bank", "ORG")]


def test_no_russian_name_starts_with_a_preposition() -> None:
    russian = blank_with("customs_boundaries", "ru")
    found = run(russian, "С 17 по 19 мая в Ташкенте", [("С 17 по 19 мая", "ORG")])
    assert found == []


def test_a_russian_name_ends_before_a_verb() -> None:
    russian = blank_with("customs_boundaries", "ru")
    text = "Таможенный комитет приветствовал делегацию Армении"
    found = run(russian, text, [("Таможенный комитет приветствовал", "ORG"), ("Армении", "LOC")])
    assert found == [("Таможенный комитет", "ORG"), ("Армении", "GPE")]


def test_a_latin_person_after_a_body_in_russian_text() -> None:
    russian = blank_with("customs_boundaries", "ru")
    text = "представитель JICA Seiichi Negishi выступил"
    found = run(russian, text, [("JICA Seiichi Negishi", "ORG")])
    assert found == [("JICA", "ORG"), ("Seiichi Negishi", "PERSON")]


def test_a_body_named_in_one_word_is_an_organization() -> None:
    russian = blank_with("customs_boundaries", "ru")
    found = run(russian, "данные передали в Белтаможню", [("Белтаможню", "LOC")])
    assert found == [("Белтаможню", "ORG")]


def test_a_russian_name_does_not_start_with_people() -> None:
    russian = blank_with("customs_boundaries", "ru")
    text = "Таможенники Узбекистана и сотрудники Армении"
    found = run(russian, text, [("Таможенники Узбекистана", "ORG"), ("сотрудники", "ORG")])
    assert found == [("Узбекистана", "GPE")]
