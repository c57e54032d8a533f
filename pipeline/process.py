"""The per-document work: segment, detect language, annotate, extract.

`process(jobs)` is a pure function from documents (plus any cached model
annotations) to results; it touches no files, so any engine can run it: in
this process, in a process pool, or on Dask workers. Each process loads the
spaCy pipelines once, on first use.
"""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import srsly

from pipeline.errors import DocumentError
from pipeline.language import detect_language
from pipeline.records import Document, ErrorRecord, Item
from pipeline.results import DocumentResult, placeholder_id
from pipeline.segment import segment

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

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
    from pipeline.nlp import load_model

    return load_model(language)


@cache
def _rules(language: str) -> Language:
    from pipeline.nlp import load_rules

    return load_rules(language)


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
    """Process a batch of documents; one bad document never sinks the batch."""
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
    annotated = _annotate_batch(fresh, outcomes)
    for job, rubric, items in prepared:
        source = job.document.source
        if source in outcomes:
            continue
        try:
            if job.docbin is None:
                docs = annotated[source]
                docbin = _to_docbin(items, docs)
            else:
                docs = _from_docbin(job.docbin, items)
                docbin = None
            result = extract(rubric, items, docs)
        except Exception as exc:
            outcomes[source] = _failure(job.document, "extract", exc)
            continue
        outcomes[source] = Outcome(
            source, result=result, docbin=docbin, annotated=job.docbin is None
        )
    return [outcomes[job.document.source] for job in jobs]


def _annotate_batch(
    fresh: list[tuple[Job, list[Item]]], outcomes: dict[str, Outcome]
) -> dict[str, list[Doc]]:
    try:
        return _annotate(fresh)
    except Exception:
        pass
    # Something in the batch broke the model run: isolate it document by document.
    annotated: dict[str, list[Doc]] = {}
    for job, items in fresh:
        try:
            annotated.update(_annotate([(job, items)]))
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
        for key, doc in zip(keys, _model(language).pipe(texts, batch_size=BATCH_SIZE), strict=True):
            docs[key] = doc
    return {
        job.document.source: [docs[(job.document.source, item.position)] for item in items]
        for job, items in fresh
    }


def extract(rubric: str | None, items: list[Item], docs: list[Doc]) -> DocumentResult:
    """Apply rule components and the extractors to a document's annotated items."""
    from pipeline.counts import extract_counts
    from pipeline.dates import extract_dates
    from pipeline.nlp import extract_mentions, learned_aliases

    result = DocumentResult(rubric=rubric, items=items)
    ruled = [
        _rules(nlp_language(item.language))(doc) for item, doc in zip(items, docs, strict=True)
    ]
    for item, doc in zip(items, ruled, strict=True):
        result.mentions.extend(extract_mentions(doc, item.item_id))
        result.learned_aliases.extend(learned_aliases(doc))
        result.counts.extend(extract_counts(item.item_id, doc))
    result.dates.extend(
        extract_dates([(item.item_id, doc) for item, doc in zip(items, ruled, strict=True)])
    )
    return result


def _to_docbin(items: list[Item], docs: list[Doc]) -> bytes:
    from spacy.tokens import DocBin

    bins: dict[str, DocBin] = {}
    for item, doc in zip(items, docs, strict=True):
        language = nlp_language(item.language)
        bins.setdefault(language, DocBin(store_user_data=True)).add(doc)
    return bytes(srsly.msgpack_dumps({lang: b.to_bytes() for lang, b in bins.items()}))


def _from_docbin(data: bytes, items: list[Item]) -> list[Doc]:
    from spacy.tokens import DocBin

    payload = srsly.msgpack_loads(data)
    streams: dict[str, Iterator[Doc]] = {
        lang: iter(DocBin().from_bytes(raw).get_docs(_rules(lang).vocab))
        for lang, raw in payload.items()
    }
    return [next(streams[nlp_language(item.language)]) for item in items]


def _failure(document: Document, stage: str, exc: BaseException) -> Outcome:
    if isinstance(exc, DocumentError):
        code, message = exc.code, exc.message
    else:
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        at = f" at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}" if where else ""
        code = type(exc).__name__
        message = f"{document.source}: {stage} failed: {exc}{at}"
    return Outcome(document.source, error=ErrorRecord(document.source, stage, code, message))
