"""What a worker does with a part: process its documents and write their rows.

A run cuts the documents, in input order, into parts; a part into batches.
`write_part(task)` runs wherever the engine puts it (this process, a pool
worker, a Dask worker) and, batch by batch:

- takes each document's result from the cache, or processes the document
  (`pipeline.runtime.work.process`, reusing cached model output) and caches
  what it made;
- writes the rows of documents, items, dates and counts to part `index` of
  those tables in the unpublished version folder, and the mentions (with the
  key they are linked by) and learned acronyms to staging parts for linking.

It sends back only a `PartReport`: rows written, errors, what was annotated.
Memory follows the batch: nothing of a batch outlives it but the open part
files. `link_part` later rewrites a staging part of mentions with entity ids.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.errors import DocumentError
from pipeline.records import (
    CountMention,
    DateMention,
    Document,
    DocumentRecord,
    ErrorRecord,
    Item,
    Mention,
)
from pipeline.runtime.cache import Cache
from pipeline.runtime.faults import checkpoint
from pipeline.runtime.inputs import Source, content_key, load_document
from pipeline.runtime.parts import PartWriter
from pipeline.runtime.results import DocumentResult
from pipeline.runtime.work import Job, Outcome, process
from pipeline.stages.link import mention_key
from pipeline.tables import SCHEMAS, part_file, table_file, to_arrow

STAGING = ".staging"  # inside the version folder; removed before it is published
_WRITTEN = ("documents", "items", "dates", "counts")

STAGED_SCHEMAS: dict[str, pa.Schema] = {
    "mentions": SCHEMAS["mentions"].append(pa.field("key", pa.string(), nullable=False)),
    "learned": pa.schema(
        [
            pa.field("short", pa.string(), nullable=False),
            pa.field("long", pa.string(), nullable=False),
            pa.field("label", pa.string(), nullable=False),
        ]
    ),
}


def staging_folder(version: Path, name: str) -> Path:
    """Where the staging parts of `name` ('mentions' or 'learned') are written."""
    return version / STAGING / name


@dataclass(frozen=True, slots=True)
class Entry:
    """One document of a part: where it is, its cache keys, its text when it must be processed."""

    source: Source
    result_key: str
    annotations_key: str
    document: Document | None = None  # None: its result was cached when the run started
    error: ErrorRecord | None = None  # it could not be read again


@dataclass(frozen=True, slots=True)
class PartTask:
    """Part `index`: its batches of entries, the version folder and the cache to use."""

    index: int
    version: str
    cache: str
    batches: tuple[tuple[Entry, ...], ...]
    force: bool = False


@dataclass(slots=True)
class PartReport:
    """What writing a part did."""

    index: int
    documents: int = 0  # documents whose rows were written
    rows: dict[str, int] = field(default_factory=dict)
    errors: list[ErrorRecord] = field(default_factory=list)
    annotated: int = 0  # documents the models ran on


def write_part(task: PartTask, on_batch: Callable[[int], None] | None = None) -> PartReport:
    """Process and write part `task.index`; `on_batch(documents)` after each batch."""
    version = Path(task.version)
    cache = Cache(Path(task.cache))
    folders = {name: (version / table_file(name), SCHEMAS[name]) for name in _WRITTEN}
    for name, schema in STAGED_SCHEMAS.items():
        folders[name] = (staging_folder(version, name), schema)
    writer = PartWriter(folders, task.index)
    report = PartReport(task.index)
    try:
        for batch in task.batches:
            results = _results(batch, cache, task.force, report)
            rows = _Rows()
            for entry in batch:
                result = results.get(content_key(entry.source))
                if isinstance(result, DocumentResult):
                    rows.add(entry.source, result)
                    report.documents += 1
                elif entry.error is not None:
                    report.errors.append(entry.error)
                elif result is not None:
                    report.errors.append(_error_for(result, entry.source.source))
            rows.write(writer)
            checkpoint("nlp-batch")
            if on_batch is not None:
                on_batch(len(batch))
        report.rows = writer.close()
    except BaseException:
        writer.abort()
        raise
    return report


def _results(
    batch: tuple[Entry, ...], cache: Cache, force: bool, report: PartReport
) -> dict[str, DocumentResult | ErrorRecord]:
    """Result (or error) by content hash of every document of the batch."""
    results: dict[str, DocumentResult | ErrorRecord] = {}
    todo: list[tuple[Entry, Job]] = []
    queued: set[str] = set()
    for entry in batch:
        sha = content_key(entry.source)
        if sha in results or sha in queued or entry.error is not None:
            continue  # the same content again in this batch: processed once
        cached = None if force else cache.get_result(entry.result_key)
        if cached is not None:
            results[sha] = cached
            continue
        try:
            document = entry.document or load_document(entry.source)
        except DocumentError as exc:
            results[sha] = ErrorRecord(entry.source.source, "ingest", exc.code, exc.message)
            continue
        docbin = None if force else cache.get_docbin(entry.annotations_key)
        todo.append((entry, Job(document, docbin)))
        queued.add(sha)
    outcomes: list[Outcome] = process([job for _, job in todo]) if todo else []
    for (entry, _), outcome in zip(todo, outcomes, strict=True):
        if outcome.docbin is not None:
            cache.put_docbin(entry.annotations_key, outcome.docbin)
        report.annotated += outcome.annotated
        sha = content_key(entry.source)
        if outcome.result is not None:
            cache.put_result(entry.result_key, outcome.result)
            results[sha] = outcome.result
        elif outcome.error is not None:
            results[sha] = outcome.error
    return results


def _error_for(error: ErrorRecord, source: str) -> ErrorRecord:
    """The error of a content, told for one of the sources holding it."""
    message = error.message.replace(error.source, source)
    return ErrorRecord(source, error.stage, error.error, message)


@dataclass(slots=True)
class _Rows:
    """The rows of a batch's documents, turned into Arrow tables once per batch."""

    documents: list[DocumentRecord] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    counts: list[CountMention] = field(default_factory=list)
    learned: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, source: Source, result: DocumentResult) -> None:
        bound = result.bind(source)
        self.documents.append(
            DocumentRecord(
                doc_id=source.doc_id,
                source=source.source,
                rubric=bound.rubric,
                encoding=source.encoding,
                content_sha256=source.content_sha256,
                n_items=len(bound.items),
                n_chars=source.n_chars,
                published=source.published,
                published_from=source.published_from,
            )
        )
        self.items.extend(bound.items)
        self.mentions.extend(bound.mentions)
        self.dates.extend(bound.dates)
        self.counts.extend(bound.counts)
        self.learned.extend(bound.learned_aliases)

    def write(self, writer: PartWriter) -> None:
        writer.write("documents", to_arrow("documents", self.documents))
        writer.write("items", to_arrow("items", self.items))
        writer.write("dates", to_arrow("dates", self.dates))
        writer.write("counts", to_arrow("counts", self.counts))
        mentions = to_arrow("mentions", self.mentions)
        keys = pa.array([mention_key(m.text, m.normal) for m in self.mentions], pa.string())
        key_field = STAGED_SCHEMAS["mentions"].field("key")
        writer.write("mentions", mentions.append_column(key_field, keys))
        learned = {
            "short": [short for short, _, _ in self.learned],
            "long": [long for _, long, _ in self.learned],
            "label": [label for _, _, label in self.learned],
        }
        writer.write("learned", pa.Table.from_pydict(learned, schema=STAGED_SCHEMAS["learned"]))


@dataclass(frozen=True, slots=True)
class LinkTask:
    """Rewrite staging part `index` of the mentions as part `index` of the mentions table."""

    index: int
    version: str


@dataclass(frozen=True, slots=True)
class EntityIds:
    """Entity id by linking key: parallel arrays of "label<US>key" and entity ids."""

    keys: pa.Array
    ids: pa.Array

    @classmethod
    def from_mapping(cls, ids: Mapping[tuple[str, str], str]) -> EntityIds:
        ordered = sorted(ids.items())
        return cls(
            pa.array([_joined(label, key) for (label, key), _ in ordered], pa.string()),
            pa.array([entity for _, entity in ordered], pa.string()),
        )


def _joined(label: str, key: str) -> str:
    return f"{label}\x1f{key}"


def link_part(task: LinkTask, entity_ids: EntityIds) -> dict[str, int]:
    """Write part `task.index` of the mentions table with entity ids; distinct items per id.

    Reads the staging part batch by batch, so memory follows the row group.
    An item lives in one part only, so the counts of the parts add up.
    """
    version = Path(task.version)
    source = staging_folder(version, "mentions") / part_file(task.index)
    schema = SCHEMAS["mentions"]
    writer = PartWriter({"mentions": (version / table_file("mentions"), schema)}, task.index)
    pairs: list[pa.Table] = []
    try:
        for batch in pq.ParquetFile(source).iter_batches():
            staged = pa.Table.from_batches([batch])
            joined = pc.binary_join_element_wise(
                staged.column("label"), staged.column("key"), "\x1f"
            )
            found = pc.index_in(joined, value_set=entity_ids.keys)
            linked = staged.drop_columns(["key"]).set_column(
                schema.get_field_index("entity_id"),
                schema.field("entity_id"),
                pc.take(entity_ids.ids, found),
            )
            writer.write("mentions", linked.select(schema.names).cast(schema))
            pairs.append(
                linked.select(["entity_id", "item_id"])
                .group_by(["entity_id", "item_id"])
                .aggregate([])
            )
        writer.close()
    except BaseException:
        writer.abort()
        raise
    if not pairs:
        return {}
    distinct = pa.concat_tables(pairs).group_by(["entity_id", "item_id"]).aggregate([])
    counted = distinct.group_by("entity_id").aggregate([("item_id", "count")])
    return dict(
        zip(
            counted.column("entity_id").to_pylist(),
            counted.column("item_id_count").to_pylist(),
            strict=True,
        )
    )
