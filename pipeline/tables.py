"""The catalog: every output table, its Arrow schema and where it lives.

This is the one place that knows table names, column types and where tables
live; nothing else builds a path into the output folder. The README's data
dictionary is generated from `SCHEMAS` (see `pipeline.apps.readme`).

Every table is a directory dataset: `items.parquet/` holds `part-00000.parquet`,
`part-00001.parquet`, ... with the same schema, rows in the order of the part
numbers. Parts are written as results arrive, so no process ever holds a whole
table; pandas, pyarrow, DuckDB, Polars and Spark read the folder with one call.
"""

from __future__ import annotations

import dataclasses
import importlib.abc
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

COMPRESSION = "zstd"


def _f(name: str, type_: pa.DataType, doc: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc})


_span = [
    _f("item_id", pa.string(), "Item the span belongs to (items.item_id).", False),
    _f("text", pa.string(), "Surface text, equal to items.text[start_char:end_char].", False),
    _f("start_char", pa.int32(), "Start offset into items.text.", False),
    _f("end_char", pa.int32(), "End offset (exclusive) into items.text.", False),
]

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            _f("doc_id", pa.string(), "Stable id of the source file (hash of its path).", False),
            _f("source", pa.string(), "Path relative to the input folder, '/'-separated.", False),
            _f("rubric", pa.string(), "Value of the 'Рубрика:' line, if the document has one."),
            _f("encoding", pa.string(), "Encoding the file was decoded with.", False),
            _f("content_sha256", pa.string(), "SHA-256 of the raw bytes.", False),
            _f("n_items", pa.int32(), "Number of news items found.", False),
            _f("n_chars", pa.int32(), "Length of the decoded text in characters.", False),
            _f(
                "published",
                pa.date32(),
                "The document's own date, which relative dates are read against.",
            ),
            _f(
                "published_from",
                pa.string(),
                "Where that date came from: 'csv' (--document-dates), 'path' or 'header'.",
            ),
        ]
    ),
    "items": pa.schema(
        [
            _f("item_id", pa.string(), "Stable id: doc_id, '-', position.", False),
            _f("doc_id", pa.string(), "Document the item comes from.", False),
            _f("source", pa.string(), "Source path of the document.", False),
            _f("position", pa.int32(), "0-based order of the item within its document.", False),
            _f("section", pa.string(), "Section header in force above the item, if any."),
            _f("title", pa.string(), "Title line; null for an item without a heading."),
            _f("author", pa.string(), "Author line above the item, if any."),
            _f("body", pa.string(), "The body paragraph.", False),
            _f("text", pa.string(), "Title line, newline(s), body: what offsets index.", False),
            _f("language", pa.string(), "ISO 639-1 code ('en', 'ru', ...) or 'und'.", False),
            _f("start_char", pa.int32(), "Start of the item in the decoded document.", False),
            _f("end_char", pa.int32(), "End (exclusive) of the item in the document.", False),
        ]
    ),
    "mentions": pa.schema(
        [
            *_span,
            _f("label", pa.string(), "ORG, PERSON, FUND, GPE, or another spaCy label.", False),
            _f("entity_id", pa.string(), "Canonical entity (entities.entity_id)."),
            _f("normal", pa.string(), "Normal form used for linking (Russian: nominative)."),
        ]
    ),
    "entities": pa.schema(
        [
            _f("entity_id", pa.string(), "Stable id of the canonical entity.", False),
            _f("label", pa.string(), "Label shared by the entity's mentions.", False),
            _f("name", pa.string(), "Preferred full form.", False),
            _f(
                "aliases",
                pa.list_(pa.string()),
                "Every surface form seen: acronyms, other languages.",
                False,
            ),
            _f("n_mentions", pa.int32(), "Mentions linked to the entity.", False),
            _f("n_items", pa.int32(), "Distinct items mentioning the entity.", False),
            _f(
                "country_code",
                pa.string(),
                "ISO 3166-1 alpha-2 code: the country a GPE is or lies in, or the one "
                "country an ORG's name holds; null otherwise.",
            ),
            _f(
                "place_kind",
                pa.string(),
                "GPE the gazetteer knows: 'country', 'city', 'region' or 'wco_region' "
                "(the WCO's six regions); null otherwise.",
            ),
        ]
    ),
    "dates": pa.schema(
        [
            *_span,
            _f(
                "start",
                pa.date32(),
                "First day covered; null when no year can be known "
                "(or a relative date in a document without a date, or a vague past or future).",
            ),
            _f("end", pa.date32(), "Last day covered; null when start is."),
            _f(
                "granularity",
                pa.string(),
                "Finest unit written: day, week, month, quarter, half or year; 'present', "
                "'past' or 'future' for a vague reference ('now', 'recently', 'in the future').",
                False,
            ),
            _f("inferred_year", pa.bool_(), "True when the year came from context.", False),
            _f(
                "relative",
                pa.bool_(),
                "True for an expression read against another date: 'yesterday', 'last year'.",
                False,
            ),
            _f(
                "anchor",
                pa.string(),
                "What a relative expression was read against: 'document' (its date) or "
                "'date' (the year written next to a quarter); null for explicit dates.",
            ),
        ]
    ),
    "counts": pa.schema(
        [
            *_span,
            _f("value", pa.float64(), "The number; null for vague amounts ('dozens of')."),
            _f("approx", pa.bool_(), "True for a qualifier: about, over, около ...", False),
            _f("unit", pa.string(), "The counted noun phrase as written.", False),
        ]
    ),
    "errors": pa.schema(
        [
            _f("source", pa.string(), "Source path of the quarantined file.", False),
            _f("stage", pa.string(), "Stage that refused it (ingest, segment, nlp ...).", False),
            _f(
                "error",
                pa.string(),
                "Short code: empty, binary, undecodable, unreadable ...",
                False,
            ),
            _f("message", pa.string(), "One sentence naming the file and the problem.", False),
        ]
    ),
}

TABLE_NAMES: tuple[str, ...] = tuple(SCHEMAS)
PART_GLOB = "part-*.parquet"


def table_file(name: str) -> str:
    """Name of a table (a folder of parts) inside the output folder."""
    if name not in SCHEMAS:
        raise KeyError(f"unknown table {name!r}; known: {', '.join(TABLE_NAMES)}")
    return f"{name}.parquet"


def table_path(output: Path, name: str) -> Path:
    """Where a table lives in an output folder: a folder of Parquet parts."""
    return output / table_file(name)


def part_file(index: int) -> str:
    """File name of part `index` of a table; names sort in row order."""
    return f"part-{index:05d}.parquet"


class _NoPandas(importlib.abc.MetaPathFinder):
    """An import finder that refuses pandas (see `spare_pandas_import`)."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname == "pandas":
            raise ImportError("pandas is not needed to build Arrow arrays from Python lists")


def spare_pandas_import() -> None:
    """Keep pyarrow from importing pandas in a process that never uses it.

    pyarrow's first `pa.array` of a Python list imports pandas (0.3 s, a tenth
    of a one-file run) only to ask whether the list is a pandas object. Refused
    once, pyarrow remembers "no pandas" for that question, and a pyarrow call
    that needs pandas (`Table.to_pandas`, `Table.from_pandas`) imports it then.
    For processes this package owns (the `pipeline run` command, its workers):
    in a process that already imported pandas, nothing is done; in a library
    user's, pyarrow would not see a pandas Series passed to `pa.array` as one
    until such a call, so it is never done there.
    """
    if "pandas" in sys.modules:
        return
    refuse = _NoPandas()
    sys.meta_path.insert(0, refuse)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(refuse)


def to_arrow(name: str, rows: Iterable[Any]) -> pa.Table:
    """Build a table of `name` from records (dataclasses) or mappings, typed by its schema."""
    schema = SCHEMAS[name]
    dicts = [_as_dict(r) for r in rows]
    columns = {f.name: [d.get(f.name) for d in dicts] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def empty(name: str) -> pa.Table:
    """An empty table of `name` with its full schema."""
    return SCHEMAS[name].empty_table()


def _as_dict(row: Any) -> Mapping[str, Any]:
    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
    return row
