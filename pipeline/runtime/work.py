"""The per-document work: each document through the per-document stages.

`process(jobs)` is a pure function from documents (plus any cached model
annotations) to results; it touches no files, so any engine can run it: in
this process, in a process pool, or on Dask workers. The stages are called
through the registry (`pipeline.runtime.registry`), in its order:

    segment -> language -> nlp (or its cached output) -> rules -> dates -> counts

An item longer than a window (`pipeline.stages.nlp.annotate.windows`) goes
through nlp, rules, dates and counts window by window, and its spans are moved
back to the item's offsets: time and memory grow with the length of an item,
not faster. A year missing in one window is taken from the nearest window that
has one, as it would be from the nearest item.

Each process loads the spaCy pipelines once, on first use.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
    windows: list[list[tuple[int, int]]]  # per item, its windows' (start, end)

    @property
    def languages(self) -> list[str]:
        """The pipeline language of each window, in order."""
        return [
            pipeline_language(item.language)
            for item, spans in zip(self.items, self.windows, strict=True)
            for _ in spans
        ]

    def texts(self) -> list[tuple[str, str, int]]:
        """(pipeline language, text, heading end) of each window, in order; the
        heading (the item's title line) can only be at the start of its first window."""
        return [
            (
                pipeline_language(item.language),
                item.text[start:end],
                min(len(item.title or ""), end) if start == 0 else 0,
            )
            for item, spans in zip(self.items, self.windows, strict=True)
            for start, end in spans
        ]


def _prepared(job: Job) -> _Prepared:
    from pipeline.stages.nlp.annotate import windows

    rubric, items = prepare(job.document)
    return _Prepared(job, rubric, items, [windows(item.text) for item in items])


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

    The spaCy work runs inside memory zones once a vocabulary is full
    (`annotate.PERMANENT_STRINGS`): strings and lexemes the batch adds are then
    dropped when it ends, so memory stays flat over long runs. Nothing that
    outlives the batch holds a Doc.
    """
    from pipeline.stages.nlp.annotate import memory_zones

    outcomes: dict[str, Outcome] = {}
    prepared: list[_Prepared] = []
    for job in jobs:
        try:
            prepared.append(_prepared(job))
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
        result = extract(p.rubric, p.items, docs, p.windows, p.job.document.published)
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
    """Run the models over every window of the batch at once."""
    texts = [text for p in fresh for text in p.texts()]
    docs = iter(stage("nlp").load()(texts))
    return {p.job.document.source: [next(docs) for _ in p.languages] for p in fresh}


@dataclass(frozen=True, slots=True)
class _Window:
    """A window of an item, read like an item of its own under `item_id`."""

    item_id: str  # the item's id, or "<item id>/<n>" for the n-th window of a long item
    item: Item
    start: int  # offset of the window in the item's text


def extract(
    rubric: str | None,
    items: list[Item],
    docs: list[Doc],
    windows: list[list[tuple[int, int]]] | None = None,
    published: dt.date | None = None,
) -> DocumentResult:
    """The rules, dates and counts stages over a document's annotated items.

    `docs` are the docs of the items' windows in order (`windows[i]` are item
    i's (start, end); by default one window per item); spans come back in
    offsets of their item's text. Relative dates are read against `published`,
    the document's date.
    """
    find_entities = stage("rules").load()
    extract_dates = stage("dates").load()
    extract_counts = stage("counts").load()

    spans = windows if windows is not None else [[(0, len(i.text))] for i in items]
    units = [
        _Window(item.item_id if len(cuts) == 1 else f"{item.item_id}/{n}", item, start)
        for item, cuts in zip(items, spans, strict=True)
        for n, (start, _) in enumerate(cuts)
    ]
    result = DocumentResult(rubric=rubric, items=items)
    found = [
        find_entities(unit.item_id, doc, pipeline_language(unit.item.language))
        for unit, doc in zip(units, docs, strict=True)
    ]
    result.dates.extend(
        extract_dates(
            [(unit.item_id, f.doc) for unit, f in zip(units, found, strict=True)],
            reference=published,
        )
    )
    dates_of: dict[str, list[tuple[int, int]]] = {}
    for d in result.dates:
        dates_of.setdefault(d.item_id, []).append((d.start_char, d.end_char))
    for item, entities in zip(units, found, strict=True):
        result.mentions.extend(entities.mentions)
        result.learned_aliases.extend(entities.learned)
        dates = dates_of.get(item.item_id, [])
        result.counts.extend(extract_counts(item.item_id, entities.doc, dates))
    if len(units) > len(items):
        _to_item_offsets(result, units)
    return result


def _to_item_offsets(result: DocumentResult, units: list[_Window]) -> None:
    """Spans found in windows, moved to their item's id and offsets."""
    moved = {u.item_id: u for u in units if u.item_id != u.item.item_id}

    def move(span: Any) -> Any:
        unit = moved.get(span.item_id)
        if unit is None:
            return span
        return dataclasses.replace(
            span,
            item_id=unit.item.item_id,
            start_char=span.start_char + unit.start,
            end_char=span.end_char + unit.start,
        )

    result.mentions[:] = [move(m) for m in result.mentions]
    result.dates[:] = [move(d) for d in result.dates]
    result.counts[:] = [move(c) for c in result.counts]


def _failure(document: Document, stage_name: str, exc: BaseException) -> Outcome:
    if isinstance(exc, DocumentError):
        code, message = exc.code, exc.message
    else:
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        at = f" at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}" if where else ""
        code = type(exc).__name__
        message = f"{document.source}: {stage_name} failed: {exc}{at}"
    return Outcome(document.source, error=ErrorRecord(document.source, stage_name, code, message))
