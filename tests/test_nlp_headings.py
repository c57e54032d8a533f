"""Title-cased headings read in sentence case (`pipeline.stages.nlp.headings`)."""

from __future__ import annotations

import pytest

from pipeline.stages.nlp.headings import is_title_case, sentence_case


@pytest.mark.parametrize(
    ("heading", "body", "expected"),
    [
        # names stay: places the gazetteer knows, acronyms, words the body capitalises
        (
            "Cocaine Found In Cargo At Tema Port",
            "Officers searched the cargo at Tema.",
            "Cocaine found in cargo at Tema port",
        ),
        (
            "Kyrgyz Customs Stop a Large Heroin Shipment",
            "Officers of Kyrgyz Customs stopped it.",
            "Kyrgyz Customs stop a large heroin shipment",
        ),
        # a city the body does not name stays after a preposition of place
        (
            "National AEO Workshop in Tbilisi",
            "The workshop was held for 30 officers.",
            "National AEO workshop in Tbilisi",
        ),
        # a heading in sentence case is left alone
        (
            "Customs seize cocaine in Tbilisi",
            "Officers seized it.",
            "Customs seize cocaine in Tbilisi",
        ),
    ],
)
def test_sentence_case(heading: str, body: str, expected: str) -> None:
    text = f"{heading}\n{body}"
    read = sentence_case(text, len(heading))
    assert len(read) == len(text)
    assert read == f"{expected}\n{body}"


def test_is_title_case() -> None:
    assert is_title_case("Cocaine Found In Cargo At Tema Port")
    assert not is_title_case("Customs seize cocaine in the port of Tema")
