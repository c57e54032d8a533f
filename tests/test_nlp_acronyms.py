"""`customs_acronyms` on its own: spacy.blank("en"/"ru") plus the component."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.stages.nlp.acronyms import LEARNED_KEY, learned_pairs, schwartz_hearst
from pipeline.stages.nlp.spans import RULER_ID, is_acronym
from tests.nlp_helpers import blank_with, char_span


@pytest.fixture(scope="module")
def nlp() -> Language:
    return blank_with("customs_acronyms")


def run(nlp: Language, text: str, ents: tuple[tuple[str, str], ...] = ()) -> Doc:
    doc = nlp.make_doc(text)
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        spans.append(char_span(doc, start, start + len(surface), label=label))
    doc.ents = spans
    return nlp.get_pipe("customs_acronyms")(doc)


def pairs(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("UPU", "members of the Universal Postal Union", "Universal Postal Union"),
        (
            "ROCB",
            "the Regional Office for Capacity Building",
            "Regional Office for Capacity Building",
        ),
        ("ВТамО", "эксперты Всемирной таможенной организации", "Всемирной таможенной организации"),
        ("XYZ", "the Universal Postal Union", None),
    ],
)
def test_schwartz_hearst(short: str, long: str, expected: str | None) -> None:
    offset = schwartz_hearst(short, long)
    assert (None if offset is None else long[offset:]) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("WCO", True), ("MEAs", True), ("ВТамО", True), ("Europe", False), ("A", False)],
)
def test_is_acronym(word: str, expected: bool) -> None:
    assert is_acronym(word) is expected


def test_org_definition_labels_every_occurrence(nlp: Language) -> None:
    text = "The SIG met. The Security Integrity Group (SIG) is new; the SIG reports."
    doc = run(nlp, text, (("Security Integrity Group", "ORG"),))
    assert pairs(doc) == [
        ("SIG", "ORG"),
        ("Security Integrity Group", "ORG"),
        ("SIG", "ORG"),
        ("SIG", "ORG"),
    ]
    assert learned_pairs(doc) == [("SIG", "Security Integrity Group", "ORG")]


def test_head_word_types_an_unlabelled_long_form(nlp: Language) -> None:
    doc = run(nlp, "funded by the Pacific Islands Forum Secretariat (PIFS) in 2020")
    assert pairs(doc) == [("Pacific Islands Forum Secretariat", "ORG"), ("PIFS", "ORG")]


def test_place_acronym(nlp: Language) -> None:
    doc = run(nlp, "Workshop for the WCA region. Members in West and Central Africa (WCA) met.")
    assert pairs(doc) == [("WCA", "GPE"), ("West and Central Africa", "GPE"), ("WCA", "GPE")]


def test_fund_with_place_words(nlp: Language) -> None:
    doc = run(nlp, "thanks to the China Customs Cooperation Fund (CCF China) support")
    assert pairs(doc) == [("China Customs Cooperation Fund", "FUND"), ("CCF China", "FUND")]
    assert learned_pairs(doc) == [("CCF China", "China Customs Cooperation Fund", "FUND")]


def test_letters_cover_the_end_of_a_longer_name(nlp: Language) -> None:
    doc = run(nlp, "with the UNDP-WCO Border Management Programme (BMP) team")
    assert pairs(doc) == [("UNDP-WCO Border Management Programme", "ORG"), ("BMP", "ORG")]


def test_a_named_project_and_its_acronym_are_organizations(nlp: Language) -> None:
    # "project" heads documents and events too, for the model's spans; a project with a
    # name and an acronym of its own is a body, as the conventions have it
    text = "The Border Resilience Project (BRP) began; BRP trained officers."
    doc = run(nlp, text, (("BRP", "ORG"),))
    assert pairs(doc) == [
        ("Border Resilience Project", "ORG"),
        ("BRP", "ORG"),
        ("BRP", "ORG"),
    ]


def test_documents_are_not_entities(nlp: Language) -> None:
    text = "The Revenue Package Model (RPM) was updated; the RPM is online."
    doc = run(nlp, text, (("RPM", "ORG"),))
    assert pairs(doc) == []
    assert doc.user_data[LEARNED_KEY] == []


def test_an_acronym_of_no_entity_is_none(nlp: Language) -> None:
    text = "Airlines send Advance Passenger Information (API) to customs; API data helps."
    doc = run(nlp, text, (("API", "ORG"),))
    assert pairs(doc) == []


def test_a_unit_named_by_its_function_and_its_acronym_are_none(nlp: Language) -> None:
    # "Unit" would make a body of it; the conventions name these units generic.
    text = "It set up Port Control Units (PCUs); the PCUs and the BLO met."
    doc = run(nlp, text, (("Port Control Units", "ORG"), ("BLO", "ORG")))
    assert pairs(doc) == [("BLO", "ORG")]  # the component forgets only what it defines


def test_an_acronym_the_ruler_knows_stays(nlp: Language) -> None:
    text = "It joined the Foo Bar Baz (WCO) today."
    doc = nlp.make_doc(text)
    at = next(t.i for t in doc if t.text == "WCO")
    doc.ents = [Span(doc, at, at + 1, label="ORG", span_id=RULER_ID)]
    assert pairs(nlp.get_pipe("customs_acronyms")(doc)) == [("WCO", "ORG")]


def test_person_inside_a_convention_name_goes(nlp: Language) -> None:
    text = "the Convention on Trade in Rare Plants of Mary Hills (CTRPMH) applies"
    doc = run(nlp, text, (("Mary Hills", "PERSON"),))
    assert pairs(doc) == []


def test_foreign_acronym_pairs_with_the_name_before_it(nlp: Language) -> None:
    text = "the Spanish Tax Agency (AEAT) joined"
    doc = run(nlp, text, (("Spanish Tax Agency", "ORG"),))
    assert pairs(doc) == [("Spanish Tax Agency", "ORG"), ("AEAT", "ORG")]


def test_russian_definition() -> None:
    nlp = blank_with("customs_acronyms", "ru")
    text = "Эксперты Евразийской экономической комиссии (ЕЭК) приехали. ЕЭК довольна."
    doc = nlp.make_doc(text)
    start = text.index("Евразийской")
    doc.ents = [char_span(doc, start, text.index(" ("), label="ORG")]
    doc = nlp.get_pipe("customs_acronyms")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Евразийской экономической комиссии", "ORG"),
        ("ЕЭК", "ORG"),
        ("ЕЭК", "ORG"),
    ]


def test_a_quoted_name_pairs_with_its_acronym() -> None:
    russian = blank_with("customs_acronyms", "ru")
    text = "в рамках проекта «Пограничная группа по контролю» (PCBT) прошло совещание PCBT"
    doc = russian.make_doc(text)
    start = text.index("Пограничная")
    doc.ents = [char_span(doc, start, text.index("»"), label="ORG")]
    found = pairs(russian.get_pipe("customs_acronyms")(doc))
    assert found == [("Пограничная группа по контролю", "ORG"), ("PCBT", "ORG"), ("PCBT", "ORG")]


@pytest.fixture(scope="module")
def english() -> Language:
    from pipeline.stages.nlp.pipelines import build_pipeline

    return build_pipeline("en")


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The Single Window (SW) went live. The SW connects 20 agencies.",
        "The Mutual Recognition Arrangement (MRA) was signed. The MRA benefits traders.",
        "New Psychoactive Substances (NPS) were detected. NPS trafficking is rising.",
        "Advance Cargo Information (ACI) was discussed with the airlines.",
    ],
)
def test_acronyms_of_systems_arrangements_data_and_goods_are_none(
    english: Language, text: str
) -> None:
    # The model reads these long forms as bodies; their head word (a system's window,
    # an arrangement, data, goods) names none, so neither they nor their acronym are.
    doc = english(text)
    assert [(e.text, e.label_) for e in doc.ents if e.label_ in {"ORG", "GPE", "PERSON"}] == []


@pytest.mark.slow
def test_a_body_keeps_its_acronym_beside_them(english: Language) -> None:
    doc = english("The World Customs Organization (WCO) signed a Single Window (SW) plan.")
    assert {("World Customs Organization", "ORG"), ("WCO", "ORG")} <= set(pairs(doc))
    assert not any(e.text in {"SW", "Single Window"} for e in doc.ents)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Police found MDMA tablets and CCTV footage of the HGV driver.", set()),
        ("Officers seized PPE, LPG cylinders and IED components.", set()),
        ("HMRC officers found GPS trackers; the KRA and Interpol helped.", {"HMRC", "KRA"}),
    ],
)
def test_acronyms_of_things_are_no_bodies(english: Language, text: str, kept: set[str]) -> None:
    # The model reads every unknown acronym as a body; those of drugs, vehicles,
    # devices, taxes and goods are common nouns.
    found = {e.text for e in english(text).ents if e.label_ == "ORG"}
    assert found & {"MDMA", "CCTV", "HGV", "PPE", "LPG", "IED", "GPS"} == set()
    assert kept <= found


@pytest.mark.slow
def test_units_named_by_their_function_are_no_bodies(english: Language) -> None:
    doc = english(
        "The UNODC-WCO Container Control Programme set up Port Control Units (PCUs) and "
        "Air Cargo Control Units (ACCUs); the PCU in Mombasa and a Border Liaison Office "
        "(BLO) seized cocaine with the National Contact Points."
    )
    assert pairs(doc) == [("UNODC-WCO Container Control Programme", "ORG"), ("Mombasa", "GPE")]
