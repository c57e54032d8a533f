"""The model part for Russian: natasha's NER inside a spaCy pipeline.

- `customs.razdel_tokenizer.v1`: spaCy tokens are razdel's (natasha's own
  tokenizer), so natasha's spans always fall on token boundaries.
- `natasha_ner`: runs natasha (segmentation, morphology, NER), sets `doc.ents`
  with the project's labels (PER -> PERSON, LOC -> GPE, ORG -> ORG) and stores each
  span's normal (nominative) form in `doc.user_data["customs_normals"]` as
  [start_char, end_char, normal] rows, which survive a DocBin round trip.
natasha's weights ship inside its package; they load once per process, lazily.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import get_words_and_spaces
from spacy.vocab import Vocab

NORMALS_KEY = "customs_normals"
NATASHA_LABELS = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}


@lru_cache(maxsize=1)
def natasha_models() -> tuple[Any, Any, Any, Any, Any]:
    """natasha's segmenter, morph vocabulary, morph tagger, syntax parser and NER tagger.

    Loaded once per process. The syntax parse is what normalizes an organization's
    name correctly: only its head phrase is put in the nominative.
    """
    import warnings

    with warnings.catch_warnings():
        # pymorphy2 imports the deprecated pkg_resources; not ours to fix.
        warnings.simplefilter("ignore", UserWarning)
        from natasha import (
            MorphVocab,
            NewsEmbedding,
            NewsMorphTagger,
            NewsNERTagger,
            NewsSyntaxParser,
            Segmenter,
        )

        embedding = NewsEmbedding()
        return (
            Segmenter(),
            MorphVocab(),
            NewsMorphTagger(embedding),
            NewsSyntaxParser(embedding),
            NewsNERTagger(embedding),
        )


class RazdelTokenizer:
    """spaCy tokenizer that splits text as razdel (and so natasha) does."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from razdel import tokenize

        words, spaces = get_words_and_spaces([t.text for t in tokenize(text)], text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Tokenize a stream of texts."""
        for text in texts:
            yield self(text)

    # Nothing to save: razdel's rules are code. spaCy calls these on to_disk/from_disk.
    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> RazdelTokenizer:
        return self

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        Path(path).write_bytes(b"")

    def from_disk(self, path: str | Path, **kwargs: Any) -> RazdelTokenizer:
        return self


@spacy.registry.tokenizers("customs.razdel_tokenizer.v1")
def create_razdel_tokenizer() -> Callable[[Language], RazdelTokenizer]:
    """Registry entry for `[nlp.tokenizer]` in a saved Russian pipeline's config."""

    def make(nlp: Language) -> RazdelTokenizer:
        return RazdelTokenizer(nlp.vocab)

    return make


class NatashaNER:
    """Sets `doc.ents` and normal forms from natasha's NER (see the module docstring)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from natasha import Doc as NatashaDoc

        segmenter, morph_vocab, morph_tagger, syntax_parser, ner_tagger = natasha_models()
        parsed = NatashaDoc(doc.text)
        parsed.segment(segmenter)
        parsed.tag_ner(ner_tagger)
        # Morphology and syntax only serve normal forms: tag just the sentences that
        # hold a name (they cost four times the NER itself).
        all_sents = parsed.sents
        parsed.sents = [sent for sent in all_sents if sent.spans]
        if parsed.sents:
            parsed.tag_morph(morph_tagger)
            parsed.parse_syntax(syntax_parser)
        parsed.sents = all_sents
        ents: list[Span] = []
        normals: list[list[Any]] = []
        for found in parsed.spans:
            label = NATASHA_LABELS.get(found.type)
            if label is None:
                continue
            for piece in _pieces(found):
                span = doc.char_span(piece.start, piece.stop, label=label)
                if span is None:  # razdel inside natasha split differently: whole tokens
                    span = doc.char_span(
                        piece.start, piece.stop, label=label, alignment_mode="expand"
                    )
                if span is None or (ents and span.start < ents[-1].end):
                    continue
                ents.append(span)
                piece.normalize(morph_vocab)
                if piece.normal:
                    normals.append([span.start_char, span.end_char, piece.normal])
        doc.ents = ents
        doc.user_data[NORMALS_KEY] = normals
        return doc


def _pieces(found: Any) -> list[Any]:
    """natasha's span cut at brackets and quotes ("организация (ВТамО)" is two names),
    each piece normalized on its own."""
    from natasha.doc import DocSpan

    from pipeline.stages.nlp.spans import BREAK_CHARS

    groups: list[list[Any]] = [[]]
    for token in found.tokens:
        if token.text in BREAK_CHARS or "\n" in token.text:
            groups.append([])
        else:
            groups[-1].append(token)
    if len(groups) == 1:
        return [found]
    return [
        DocSpan(
            start=g[0].start,
            stop=g[-1].stop,
            type=found.type,
            text=found.text[g[0].start - found.start : g[-1].stop - found.start],
            tokens=g,
        )
        for g in groups
        if g
    ]


@Language.factory("natasha_ner", assigns=["doc.ents"], default_config={})
def make_natasha_ner(nlp: Language, name: str) -> NatashaNER:
    """natasha's Russian NER as a spaCy component."""
    return NatashaNER(nlp, name)


def blank_russian() -> Language:
    """`spacy.blank("ru")` with the razdel tokenizer."""
    return spacy.blank(
        "ru", config={"nlp": {"tokenizer": {"@tokenizers": "customs.razdel_tokenizer.v1"}}}
    )


def normals(doc: Doc) -> dict[tuple[int, int], str]:
    """The normal forms `natasha_ner` stored, by (start_char, end_char)."""
    return {(int(s), int(e)): str(n) for s, e, n in doc.user_data.get(NORMALS_KEY, [])}
