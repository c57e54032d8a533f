"""The per-document work: each document through the per-document stages.

`process(jobs)` is a pure function from documents (plus any cached model
annotations) to results; it touches no files, so any engine can run it: in
this process, in a process pool, or on Dask workers. The stages are called
through the registry (`pipeline.runtime.registry`), in its order:

    segment -> language -> nlp (or its cached output) -> rules -> dates -> counts

Each process loads the spaCy pipelines once, on first use.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.errors import DocumentError, ModelError
from pipeline.records import Document, ErrorRecord, Item
from pipeline.runtime.registry import stage
from pipeline.runtime.results import DocumentResult, placeholder_id
from pipeline.stages.language import pipeline_language

if TYPE_CHECKING:
    from spacy.tokens import Doc


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


@dataclass(frozen=True, slots=True)
class _Prepared:
    job: Job
    rubric: str | None
    items: list[Item]

    @property
    def languages(self) -> list[str]:
        return [pipeline_language(item.language) for item in self.items]


def prepare(document: Document) -> tuple[str | None, list[Item]]:
    """Segment a document and detect each item's language; ids are placeholders."""
    segmentation = stage("segment").load()(document)
    detect_language = stage("language").load()
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
    from pipeline.stages.nlp.annotate import memory_zones

    outcomes: dict[str, Outcome] = {}
    prepared: list[_Prepared] = []
    for job in jobs:
        try:
            prepared.append(_Prepared(job, *prepare(job.document)))
        except Exception as exc:
            outcomes[job.document.source] = _failure(job.document, "segment", exc)

    fresh = [p for p in prepared if p.job.docbin is None]
    used = {language for p in prepared for language in p.languages}
    annotate = {language for p in fresh for language in p.languages}
    with memory_zones(annotate, used):
        annotated = _annotate_batch(fresh, outcomes)
        for p in prepared:
            if p.job.document.source not in outcomes:
                outcomes[p.job.document.source] = _extract_one(p, annotated)
    return [outcomes[job.document.source] for job in jobs]


def _extract_one(p: _Prepared, annotated: dict[str, list[Doc]]) -> Outcome:
    from pipeline.stages.nlp.annotate import docbin, rules_vocab

    source = p.job.document.source
    try:
        if p.job.docbin is None:
            docs = annotated[source]
            cached = docbin.to_bytes(p.languages, docs)  # before the rules change them
        else:
            docs = docbin.from_bytes(p.job.docbin, p.languages, rules_vocab)
            cached = None
        result = extract(p.rubric, p.items, docs, p.job.document.published)
    except Exception as exc:
        return _failure(p.job.document, "extract", exc)
    return Outcome(source, result=result, docbin=cached, annotated=p.job.docbin is None)


def _annotate_batch(fresh: list[_Prepared], outcomes: dict[str, Outcome]) -> dict[str, list[Doc]]:
    try:
        return _annotate(fresh)
    except ModelError:
        raise
    except Exception:
        pass
    # Something in the batch broke the model run: isolate it document by document.
    annotated: dict[str, list[Doc]] = {}
    for p in fresh:
        try:
            annotated.update(_annotate([p]))
        except ModelError:
            raise
        except Exception as exc:
            outcomes[p.job.document.source] = _failure(p.job.document, "nlp", exc)
    return annotated


def _annotate(fresh: list[_Prepared]) -> dict[str, list[Doc]]:
    """Run the models over every item of the batch at once."""
    texts = [
        (language, item.text, len(item.title or ""))
        for p in fresh
        for language, item in zip(p.languages, p.items, strict=True)
    ]
    docs = iter(stage("nlp").load()(texts))
    return {p.job.document.source: [next(docs) for _ in p.items] for p in fresh}


def extract(
    rubric: str | None, items: list[Item], docs: list[Doc], published: dt.date | None = None
) -> DocumentResult:
    """The rules, dates and counts stages over a document's annotated items; relative
    dates are read against `published`, the document's date."""
    find_entities = stage("rules").load()
    extract_dates = stage("dates").load()
    extract_counts = stage("counts").load()

    result = DocumentResult(rubric=rubric, items=items)
    found = [
        find_entities(item.item_id, doc, pipeline_language(item.language))
        for item, doc in zip(items, docs, strict=True)
    ]
    result.dates.extend(
        extract_dates(
            [(item.item_id, f.doc) for item, f in zip(items, found, strict=True)],
            reference=published,
        )
    )
    for item, entities in zip(items, found, strict=True):
        result.mentions.extend(entities.mentions)
        result.learned_aliases.extend(entities.learned)
        dates = [(d.start_char, d.end_char) for d in result.dates if d.item_id == item.item_id]
        result.counts.extend(extract_counts(item.item_id, entities.doc, dates))
    return result


def _failure(document: Document, stage_name: str, exc: BaseException) -> Outcome:
    if isinstance(exc, DocumentError):
        code, message = exc.code, exc.message
    else:
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        at = f" at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}" if where else ""
        code = type(exc).__name__
        message = f"{document.source}: {stage_name} failed: {exc}{at}"
    return Outcome(document.source, error=ErrorRecord(document.source, stage_name, code, message))
