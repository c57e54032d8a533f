"""The model stage: spaCy (English) and natasha (Russian) annotations of item texts.

- `annotate(texts)` runs the model part of each language over (language, text,
  heading end) triples with `nlp.pipe`, in batches; a text over `nlp.max_length`
  is split at whitespace, annotated in parts and joined back with exact offsets.
  An English heading in Title Case is read in sentence case (`headings`), and
  the annotations are put back on the original words.
- `windows(text)` cuts a long item into windows of at most `WINDOW_CHARS` at
  newlines, sentence ends or whitespace: the per-document work annotates and
  reads each window on its own, so a huge item costs time and memory in
  proportion to its length. The cut points are part of this stage's output
  (and fingerprint): cached annotations hold one doc per window.
- Each process loads a language's model once and keeps it while the model it
  names (PIPELINE_EN_MODEL) and the NER weights loaded over it (PIPELINE_EN_NER,
  `settings.en_ner`) stay the same.
- `memory_zones(languages)` keeps the strings a batch adds to the vocabularies
  from piling up over a long run, once they have gained `PERMANENT_STRINGS`;
  docs must not outlive it.
- The cached form of the annotations is `pipeline.stages.nlp.docbin`, part of
  this stage's code (and so of its fingerprint).
"""

from __future__ import annotations

import contextlib
import re
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from pipeline.errors import ModelError
from pipeline.settings import en_model, en_ner
from pipeline.stages.nlp import docbin
from pipeline.stages.nlp.headings import sentence_case

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

__all__ = [
    "WINDOW_CHARS",
    "annotate",
    "docbin",
    "memory_zones",
    "model",
    "rules_vocab",
    "split_text",
    "windows",
]

BATCH_SIZE = 64  # texts per nlp.pipe batch: spaCy's sweet spot for the small CNN models
BATCH_CHARS = 100_000  # ... unless they add up to more characters than this

# How many new strings a vocabulary keeps for good (beyond those it had when its
# pipeline first ran a batch: the English model's own are about 85,000). Until then a
# batch's new words (strings, lexemes, tokenizer cache entries) stay, so later batches
# find the common words made, as one `nlp.pipe` over a whole run would; from then on each
# batch runs in a spaCy memory zone and its new strings are dropped when it ends, so
# memory stays bounded (by this, plus one batch) over a run of any length. All of BBC
# adds about 20,000 strings and 35,000 lexemes, 5 MB. Zones from the first batch on had
# every batch make its words' lexemes again: about 2.7% of a run's time.
PERMANENT_STRINGS = 100_000
_first_strings: weakref.WeakKeyDictionary[Language, int] = weakref.WeakKeyDictionary()

_models: dict[tuple[str, str], Language] = {}
# Per pipeline language, in this process: how often a model was loaded, and asked for.
MODEL_LOADS: Counter[str] = Counter()
MODEL_USES: Counter[str] = Counter()


def model(language: str) -> Language:
    """The loaded model part for a pipeline language ("en" or "ru"), once per process."""
    key = (language, f"{en_model()}+{en_ner()}" if language == "en" else "natasha")
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
    """spaCy memory zones on the models and rule pipelines a batch uses, each once its
    vocabulary has gained `PERMANENT_STRINGS` strings (see there)."""
    from pipeline.stages.nlp.entities import rules

    pipelines = [rules(language) for language in sorted(set(rule_languages))]
    pipelines += [model(language) for language in sorted(set(model_languages))]
    with contextlib.ExitStack() as zones:
        for nlp in pipelines:
            if _vocabulary_full(nlp):
                zones.enter_context(nlp.memory_zone())
        yield


def _vocabulary_full(nlp: Language) -> bool:
    """Whether `nlp`'s vocabulary has gained `PERMANENT_STRINGS` strings since its
    pipeline first ran a batch."""
    strings = len(nlp.vocab.strings)
    return strings - _first_strings.setdefault(nlp, strings) >= PERMANENT_STRINGS


def pipe_any_length(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """`nlp.pipe` in batches of at most `BATCH_SIZE` texts and about `BATCH_CHARS`
    characters (spaCy's memory grows with the characters of a batch, not with the
    number of texts), except that a text over `nlp.max_length` is split at
    sentence ends or whitespace (`split_text`), annotated in parts and joined back
    with `Doc.from_docs`: a very long text is annotated (entities cannot cross a
    split point), not failed. The per-document work never sends one: it cuts items
    into windows of `WINDOW_CHARS` first (`windows`).
    """
    from spacy.tokens import Doc

    split = [split_text(text, nlp.max_length) for text in texts]
    docs = _pipe_by_size(nlp, [part for parts in split for part in parts])
    for parts in split:
        pieces = [next(docs) for _ in parts]
        yield pieces[0] if len(pieces) == 1 else Doc.from_docs(pieces, ensure_whitespace=False)


def _pipe_by_size(nlp: Language, texts: list[str]) -> Iterator[Doc]:
    import numpy

    start = 0
    while start < len(texts):
        end, size = start, 0
        while (
            end < len(texts) and end - start < BATCH_SIZE and (size < BATCH_CHARS or end == start)
        ):
            size += len(texts[end])
            end += 1
        for doc in nlp.pipe(texts[start:end], batch_size=end - start):
            # The tok2vec output (384 bytes a token) is read by nothing after the
            # model: not kept in the cache, so the rules never see it. Dropped here,
            # the docs of a huge item cost a third of the memory.
            doc.tensor = numpy.zeros((0,), dtype="float32")
            yield doc
        start = end


# A window is what the models, rules, dates and counts see at once. Longer items
# are cut into windows so that time and memory stay linear in an item's length:
# spaCy's memory per doc, and rules that look across a whole doc, grow faster.
# Ten thousand characters hold the context of any news item but the rare long one.
WINDOW_CHARS = 10_000

_NEWLINE = re.compile(r"\n")
# The end of a sentence: . ! ? … and closing quotes or brackets, then whitespace,
# before what opens the next one; not after a short capitalized word ("Mr. Smith",
# "J. Smith", "U.S. Customs"), which is more often a title or an initial.
_SENTENCE_END = re.compile(
    r"(?<![A-ZА-ЯЁ])(?<![A-ZА-ЯЁ][a-zа-яё.])(?<![A-ZА-ЯЁ][a-zа-яё.][a-zа-яё])"
    r"[.!?…][\"'»”’)\]]*\s+(?=[\"'«“‘(\[]*[A-ZА-ЯЁ0-9])"
)
_SPACE = re.compile(r"\s")


def windows(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the consecutive windows of `text` (of at most `limit`
    characters, by default `WINDOW_CHARS`); see `split_text`."""
    spans: list[tuple[int, int]] = []
    start = 0
    for part in split_text(text, WINDOW_CHARS if limit is None else limit):
        spans.append((start, start + len(part)))
        start += len(part)
    return spans


def split_text(text: str, limit: int) -> list[str]:
    """`text` in consecutive parts of at most `limit` characters whose concatenation
    is `text` exactly. Each part ends, in order of preference, after a newline,
    after the end of a sentence, after whitespace, in the last half of its room;
    else at the last of these anywhere; else after `limit` characters."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = _cut(text, start + limit // 2, end) or _cut(text, start + 1, end) or end
        parts.append(text[start:cut])
        start = cut
    parts.append(text[start:])
    return parts


def _cut(text: str, lowest: int, end: int) -> int | None:
    """The last good place in text[lowest:end] to end a part (an offset), if any."""
    for pattern in (_NEWLINE, _SENTENCE_END, _SPACE):
        last = None
        for match in pattern.finditer(text, lowest, end):
            last = match
        if last is not None:
            return last.end()
    return None
