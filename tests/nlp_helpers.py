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


def with_ents(nlp: Language, text: str, ents: list[tuple[str, str]]) -> Doc:
    """A doc of `text` whose ents are the first occurrences of the given strings, in order."""
    doc = nlp.make_doc(text)
    spans, at = [], 0
    for surface, label in ents:
        start = text.index(surface, at)
        spans.append(char_span(doc, start, start + len(surface), label))
        at = start + len(surface)
    doc.ents = spans
    return doc
