"""The Russian model part on its own: razdel tokenizer and the natasha_ner component."""

from __future__ import annotations

import pytest
from spacy.language import Language

import pipeline.stages.nlp.pipelines  # noqa: F401  (registers the factories)
from pipeline.stages.nlp.russian import NORMALS_KEY, blank_russian, normals


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = blank_russian()
    nlp.add_pipe("natasha_ner")
    return nlp


def test_razdel_tokenizer_keeps_text_and_spaces() -> None:
    text = "Глава  «Таможни»\u00a0Казахстана,\n\nи т.д."
    doc = blank_russian()(text)
    assert doc.text == text
    assert "«" in [t.text for t in doc]


@pytest.mark.slow
def test_natasha_labels_and_normals(nlp: Language) -> None:
    doc = nlp(
        "Министр Анна Смирнова прилетела в Казань на встречу с Федеральной таможенной службой."
    )
    got = [(e.text, e.label_) for e in doc.ents]
    assert got == [
        ("Анна Смирнова", "PERSON"),
        ("Казань", "GPE"),
        ("Федеральной таможенной службой", "ORG"),
    ]
    assert normals(doc)[(doc.ents[2].start_char, doc.ents[2].end_char)] == (
        "Федеральная таможенная служба"
    )
    assert all(len(row) == 3 for row in doc.user_data[NORMALS_KEY])


@pytest.mark.slow
def test_natasha_span_is_cut_at_brackets(nlp: Language) -> None:
    doc = nlp("Эксперты Всемирной таможенной организации (ВТамО) приехали.")
    assert "(" not in "".join(e.text for e in doc.ents)
