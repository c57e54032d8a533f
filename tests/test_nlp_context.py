"""`customs_context` on its own: spacy.blank plus the component, hand-set ents."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.nlp_helpers import blank_with, with_ents


@pytest.fixture(scope="module")
def nlp() -> Language:
    return blank_with("customs_context")


ORG, GPE, PERSON = "ORG", "GPE", "PERSON"

# fmt: off
CASES = [
    # a name next to a role is a person, whatever the model said
    ("opened by the Minister of Foreign Trade, Rodrigo Malmierca Diaz, on behalf of Cuba",
     [("Rodrigo Malmierca Diaz", ORG), ("Cuba", GPE)],
     [("Rodrigo Malmierca Diaz", PERSON), ("Cuba", GPE)]),
    ("followed by Roy Díaz Orellana, Chair of the network", [("Roy Díaz Orellana", ORG)],
     [("Roy Díaz Orellana", PERSON)]),
    ("ABF Superintendent Elke West said", [("ABF", ORG)], [("ABF", ORG), ("Elke West", PERSON)]),
    # a role after the comma may come after its owner's name, and the name after "of"
    ("Pranab Kumar Das, WCO Director of Compliance, opened it", [("Pranab Kumar Das", ORG),
     ("WCO", ORG)], [("Pranab Kumar Das", PERSON), ("WCO", ORG)]),
    ("under the guidance of Ali Al Khalifa, Director General of Bahrain Customs",
     [("Ali Al Khalifa", ORG), ("Bahrain Customs", ORG)],
     [("Ali Al Khalifa", PERSON), ("Bahrain Customs", ORG)]),
    # after a role "of" its field, a body's name without a head word ends in the person
    ("Director of Capacity Building Erich Kieck reported", [("Capacity Building Erich Kieck", ORG)],
     [("Erich Kieck", PERSON)]),
    ("Director of the Capacity Building Directorate reported",
     [("Capacity Building Directorate", ORG)], [("Capacity Building Directorate", ORG)]),
    # but not a body, an event or a facility whose name holds a region's, an event's or
    # a facility's word
    ("chaired by Yoshihiro Kosaka, Head of ROCB Asia Pacific Region, and",
     [("Yoshihiro Kosaka", PERSON), ("ROCB Asia Pacific Region", ORG)],
     [("Yoshihiro Kosaka", PERSON), ("ROCB Asia Pacific Region", ORG)]),
    ("at the CAREC Ministerial Conference, WCO Secretary General Kunio Mikuriya spoke",
     [("CAREC", ORG), ("WCO", ORG), ("Kunio Mikuriya", PERSON)],
     [("CAREC", ORG), ("WCO", ORG), ("Kunio Mikuriya", PERSON)]),
    ("Acting Area Port Director Jim Long said", [("Jim Long", PERSON)], [("Jim Long", PERSON)]),
    # a role phrase before a comma runs over the place it is of
    ("The Minister of the Budget of Côte d'Ivoire, Abdourahmane Cisse, opened it",
     [("Abdourahmane Cisse", ORG)], [("Côte d'Ivoire", GPE), ("Abdourahmane Cisse", PERSON)]),
    # but not a body next to a role
    ("the Chair of the Policy Commission spoke", [("Policy Commission", ORG)],
     [("Policy Commission", ORG)]),
    # a surname already used for a person is that person
    ("Kunio Mikuriya arrived. Mikuriya said so.", [("Kunio Mikuriya", PERSON),
     ("Mikuriya", GPE)], [("Kunio Mikuriya", PERSON), ("Mikuriya", PERSON)]),
    # countries the model missed are places; towns only with a word that says so
    ("goods bound for Uzbekistan were stopped", [], [("Uzbekistan", GPE)]),
    # country names that are no run of capitals, or that the model split, are one place
    ("officers from Bosnia and Herzegovina came", [], [("Bosnia and Herzegovina", GPE)]),
    ("Trinidad and Tobago joined", [("Trinidad", GPE), ("Tobago", GPE)],
     [("Trinidad and Tobago", GPE)]),
    ("the Bahrain Customs officers", [("Bahrain Customs", ORG)], [("Bahrain Customs", ORG)]),
    ("a passenger travelling to Urgench was stopped", [], [("Urgench", GPE)]),
    ("a resident of Almalyk city", [("Almalyk", ORG)], [("Almalyk", GPE)]),
    ("Police said nothing", [], []),
]
# fmt: on


@pytest.mark.parametrize(("text", "ents", "expected"), CASES)
def test_context(
    nlp: Language, text: str, ents: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    doc = nlp.get_pipe("customs_context")(with_ents(nlp, text, ents))
    assert [(e.text, e.label_) for e in doc.ents] == expected
