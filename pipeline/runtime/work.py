"""The per-document work: segment, detect language, annotate, extract.

`process(jobs)` is a pure function from documents (plus any cached model
annotations) to results; it touches no files, so any engine can run it: in
this process, in a process pool, or on Dask workers. Each process loads the
spaCy pipelines once, on first use.
"""

from __future__ import annotations

import contextlib
import dataclasses
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from pipeline.errors import DocumentError, ModelError
from pipeline.records import Document, ErrorRecord, Item
from pipeline.runtime.results import DocumentResult, placeholder_id
from pipeline.stages.language import detect_language
from pipeline.stages.nlp import docbin as cached_docs
from pipeline.stages.segment import segment

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

BATCH_SIZE = 64  # texts per nlp.pipe batch: spaCy's sweet spot for the small CNN models


@dataclass(frozen=True, slots=True)
class Job:
    """One document to process, with its cached model annotations if any."""

    document: Document
    docbin: bytes | None = None


@dataclass(slots=True)
class Outcome:
    """What processing one document gave: a result or an error."""

    source: str
    result: DocumentResult | None = None
    error: ErrorRecord | None = None
    docbin: bytes | None = None  # new model annotations to cache; None when reused
    annotated: bool = False  # True when the model ran for this document


def nlp_language(item_language: str) -> str:
    """Which of our pipelines reads an item: Russian for 'ru', English otherwise."""
    return "ru" if item_language == "ru" else "en"


@cache
def _model(language: str) -> Language:
    from pipeline.stages.nlp.pipelines import load_model

    try:
        return load_model(language)
    except (OSError, ImportError, ValueError) as exc:
        # No document of this language can be annotated: the run cannot happen.
        raise ModelError(f"cannot load the {language!r} pipeline: {exc}") from exc


@cache
def _rules(language: str) -> Language:
    from pipeline.stages.nlp.pipelines import load_rules

    return load_rules(language)


def _rules_vocab(language: str) -> Vocab:
    return _rules(language).vocab


def _languages(items: list[Item]) -> list[str]:
    return [nlp_language(item.language) for item in items]


def prepare(document: Document) -> tuple[str | None, list[Item]]:
    """Segment a document and detect each item's language; ids are placeholders."""
    segmentation = segment(document)
    items = [
        dataclasses.replace(
            item, item_id=placeholder_id(item.position), language=detect_language(item.text)
        )
        for item in segmentation.items
    ]
    return segmentation.rubric, items


def process(jobs: Sequence[Job]) -> list[Outcome]:
    """Process a batch of documents; one bad document never sinks the batch.

    The spaCy work runs inside memory zones: strings and lexemes the batch adds
    to the vocabularies are dropped when it ends, so memory stays flat over long
    runs. Nothing that outlives the batch holds a Doc.
    """
    prepared: list[tuple[Job, str | None, list[Item]]] = []
    outcomes: dict[str, Outcome] = {}
    for job in jobs:
        try:
            rubric, items = prepare(job.document)
        except Exception as exc:
            outcomes[job.document.source] = _failure(job.document, "segment", exc)
            continue
        prepared.append((job, rubric, items))

    fresh = [(job, items) for job, _, items in prepared if job.docbin is None]
    used = {nlp_language(i.language) for _, _, items in prepared for i in items}
    annotate = {nlp_language(i.language) for _, items in fresh for i in items}
    with contextlib.ExitStack() as zones:
        for language in sorted(used):
            zones.enter_context(_rules(language).memory_zone())
        for language in sorted(annotate):
            zones.enter_context(_model(language).memory_zone())
        annotated = _annotate_batch(fresh, outcomes)
        for job, rubric, items in prepared:
            if job.document.source not in outcomes:
                outcomes[job.document.source] = _extract_one(job, rubric, items, annotated)
    return [outcomes[job.document.source] for job in jobs]


def _extract_one(
    job: Job, rubric: str | None, items: list[Item], annotated: dict[str, list[Doc]]
) -> Outcome:
    source = job.document.source
    try:
        if job.docbin is None:
            docs = annotated[source]
            docbin = cached_docs.to_bytes(_languages(items), docs)  # before rules change them
        else:
            docs = cached_docs.from_bytes(job.docbin, _languages(items), _rules_vocab)
            docbin = None
        result = extract(rubric, items, docs)
    except Exception as exc:
        return _failure(job.document, "extract", exc)
    return Outcome(source, result=result, docbin=docbin, annotated=job.docbin is None)


def _annotate_batch(
    fresh: list[tuple[Job, list[Item]]], outcomes: dict[str, Outcome]
) -> dict[str, list[Doc]]:
    try:
        return _annotate(fresh)
    except ModelError:
        raise
    except Exception:
        pass
    # Something in the batch broke the model run: isolate it document by document.
    annotated: dict[str, list[Doc]] = {}
    for job, items in fresh:
        try:
            annotated.update(_annotate([(job, items)]))
        except ModelError:
            raise
        except Exception as exc:
            outcomes[job.document.source] = _failure(job.document, "nlp", exc)
    return annotated


def _annotate(fresh: list[tuple[Job, list[Item]]]) -> dict[str, list[Doc]]:
    """Run the models over every item of the batch, one nlp.pipe per language."""
    docs: dict[tuple[str, int], Doc] = {}
    for language in ("en", "ru"):
        keys = [
            (job.document.source, item.position)
            for job, items in fresh
            for item in items
            if nlp_language(item.language) == language
        ]
        if not keys:
            continue
        texts = (
            item.text
            for _, items in fresh
            for item in items
            if nlp_language(item.language) == language
        )
        for key, doc in zip(keys, pipe_any_length(_model(language), texts), strict=True):
            docs[key] = doc
    return {
        job.document.source: [docs[(job.document.source, item.position)] for item in items]
        for job, items in fresh
    }


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


def extract(rubric: str | None, items: list[Item], docs: list[Doc]) -> DocumentResult:
    """Apply rule components and the extractors to a document's annotated items."""
    from pipeline.stages.counts import extract_counts
    from pipeline.stages.dates import extract_dates
    from pipeline.stages.nlp.pipelines import extract_mentions, learned_aliases

    result = DocumentResult(rubric=rubric, items=items)
    ruled = [
        _rules(nlp_language(item.language))(doc) for item, doc in zip(items, docs, strict=True)
    ]
    result.dates.extend(
        extract_dates([(item.item_id, doc) for item, doc in zip(items, ruled, strict=True)])
    )
    for item, doc in zip(items, ruled, strict=True):
        result.mentions.extend(extract_mentions(doc, item.item_id))
        result.learned_aliases.extend(learned_aliases(doc))
        dates = [(d.start_char, d.end_char) for d in result.dates if d.item_id == item.item_id]
        result.counts.extend(extract_counts(item.item_id, doc, dates))
    return result


def _failure(document: Document, stage: str, exc: BaseException) -> Outcome:
    if isinstance(exc, DocumentError):
        code, message = exc.code, exc.message
    else:
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        at = f" at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}" if where else ""
        code = type(exc).__name__
        message = f"{document.source}: {stage} failed: {exc}{at}"
    return Outcome(document.source, error=ErrorRecord(document.source, stage, code, message))
