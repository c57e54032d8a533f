"""Small builders shared by the component tests."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

import pipeline.stages.nlp.pipelines  # noqa: F401  (registers the factories)


def char_span(doc: Doc, start: int, end: int, label: str) -> Span:
    """A labelled span at character offsets that must fall on token boundaries."""
    span = doc.char_span(start, end, label=label)
    assert span is not None, (start, end)
    return span


def blank_with(component: str, language: str = "en") -> Language:
    """`spacy.blank(language)` plus one of our components."""
    nlp = spacy.blank(language)
    nlp.add_pipe(component)
    return nlp
