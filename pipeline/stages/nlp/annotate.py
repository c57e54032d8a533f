"""The model stage: spaCy (English) and natasha (Russian) annotations of item texts.

- `annotate(texts)` runs the model part of each language over (language, text,
  heading end) triples with `nlp.pipe`, in batches; a text over `nlp.max_length`
  is split at whitespace, annotated in parts and joined back with exact offsets.
  An English heading in Title Case is read in sentence case (`headings`), and
  the annotations are put back on the original words.
- Each process loads a language's model once and keeps it while the model it
  names (PIPELINE_EN_MODEL) stays the same.
- `memory_zones(languages)` keeps the strings a batch adds to the vocabularies
  from piling up over a long run; docs must not outlive it.
- The cached form of the annotations is `pipeline.stages.nlp.docbin`, part of
  this stage's code (and so of its fingerprint).
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from pipeline.errors import ModelError
from pipeline.settings import en_model
from pipeline.stages.nlp import docbin
from pipeline.stages.nlp.headings import sentence_case

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

__all__ = ["annotate", "docbin", "memory_zones", "model", "rules_vocab", "split_text"]

BATCH_SIZE = 64  # texts per nlp.pipe batch: spaCy's sweet spot for the small CNN models

_models: dict[tuple[str, str], Language] = {}
# Per pipeline language, in this process: how often a model was loaded, and asked for.
MODEL_LOADS: Counter[str] = Counter()
MODEL_USES: Counter[str] = Counter()


def model(language: str) -> Language:
    """The loaded model part for a pipeline language ("en" or "ru"), once per process."""
    key = (language, en_model() if language == "en" else "natasha")
    MODEL_USES[language] += 1
    if key not in _models:
        from pipeline.stages.nlp.pipelines import load_model

        try:
            _models[key] = load_model(language)
            MODEL_LOADS[language] += 1
        except (OSError, ImportError, ValueError) as exc:
            # No document of this language can be annotated: the run cannot happen.
            raise ModelError(f"cannot load the {language!r} pipeline: {exc}") from exc
    return _models[key]


def rules_vocab(language: str) -> Vocab:
    """The vocabulary cached docs are restored into: the rule pipeline's."""
    from pipeline.stages.nlp.entities import rules

    return rules(language).vocab


def annotate(texts: Sequence[tuple[str, str, int]]) -> list[Doc]:
    """Model annotations of (pipeline language, text, heading end) triples, in order.

    The heading end is the length of the item's heading line at the start of its
    text (0 when it has none).
    """
    docs: list[Doc | None] = [None] * len(texts)
    for language in sorted({language for language, _, _ in texts}):
        positions = [n for n, (lang, _, _) in enumerate(texts) if lang == language]
        read = [_as_read(language, *texts[n][1:]) for n in positions]
        annotated = pipe_any_length(model(language), read)
        for n, seen, doc in zip(positions, read, annotated, strict=True):
            text = texts[n][1]
            docs[n] = doc if seen == text else _on_original_words(doc, text)
    return [doc for doc in docs if doc is not None]


def _as_read(language: str, text: str, heading_end: int) -> str:
    return sentence_case(text, heading_end) if language == "en" else text


def _on_original_words(doc: Doc, original: str) -> Doc:
    """`doc`'s annotations on the words of `original`, a text of the same length that
    differs only in letter case."""
    from spacy.tokens import Doc

    words = [original[t.idx : t.idx + len(t.text)] for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    restored = Doc(doc.vocab, words=words, spaces=spaces)
    attrs: list[int | str] = [a for a in docbin.DOCBIN_ATTRS if a != "ORTH"]
    restored.from_array(attrs, doc.to_array(attrs))  # type: ignore[arg-type]
    return restored


@contextlib.contextmanager
def memory_zones(model_languages: Iterable[str], rule_languages: Iterable[str]) -> Iterator[None]:
    """spaCy memory zones on the models and rule pipelines a batch uses."""
    from pipeline.stages.nlp.entities import rules

    with contextlib.ExitStack() as zones:
        for language in sorted(set(rule_languages)):
            zones.enter_context(rules(language).memory_zone())
        for language in sorted(set(model_languages)):
            zones.enter_context(model(language).memory_zone())
        yield


def pipe_any_length(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """`nlp.pipe` in batches, except that a text over `nlp.max_length` is split at
    whitespace, annotated in parts and joined back with `Doc.from_docs`: a very
    long item is annotated (entities cannot cross a split point), not failed.
    """
    from spacy.tokens import Doc

    split = [split_text(text, nlp.max_length) for text in texts]
    docs = nlp.pipe((part for parts in split for part in parts), batch_size=BATCH_SIZE)
    for parts in split:
        pieces = [next(docs) for _ in parts]
        yield pieces[0] if len(pieces) == 1 else Doc.from_docs(pieces, ensure_whitespace=False)


def split_text(text: str, limit: int) -> list[str]:
    """`text` in consecutive parts of at most `limit` characters, each ending
    after a newline or space where there is one, so that joining the parts'
    docs restores the text exactly."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = text.rfind("\n", start, end)
        if cut <= start:
            cut = text.rfind(" ", start, end)
        end = cut + 1 if cut > start else end
        parts.append(text[start:end])
        start = end
    parts.append(text[start:])
    return parts
