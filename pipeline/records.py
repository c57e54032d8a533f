"""Typed records that flow between the stages.

Each stage is a function from these records to these records; only the edges
(ingest, the table writer) touch files. Field names equal column names in the
tables of `pipeline.tables`, so a list of records becomes an Arrow table
without renaming.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Document:
    """One decoded source file."""

    doc_id: str
    source: str  # path relative to the input folder, '/'-separated
    encoding: str  # 'utf-8', 'utf-8-sig', 'utf-16', 'cp1251'
    content_sha256: str  # hash of the raw bytes
    text: str  # decoded, newlines normalized to '\n'
    published: dt.date | None = None  # the document's own date, when known
    published_from: str | None = None  # 'csv', 'path' or 'header'


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One row of the documents table: a source file and what was found in it."""

    doc_id: str
    source: str
    rubric: str | None
    encoding: str
    content_sha256: str
    n_items: int
    n_chars: int
    published: dt.date | None = None
    published_from: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One news item: a title line (or none) and its body paragraph."""

    item_id: str
    doc_id: str
    source: str
    position: int
    section: str | None
    title: str | None
    author: str | None
    body: str
    text: str  # title, newline(s), body: exactly document.text[start_char:end_char]
    language: str
    start_char: int
    end_char: int


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention; offsets index `Item.text`."""

    item_id: str
    text: str
    label: str
    start_char: int
    end_char: int
    entity_id: str | None = None
    normal: str | None = None  # normal form for linking (Russian nominative); None = text


@dataclass(frozen=True, slots=True)
class DateMention:
    """A calendar expression read as an interval; offsets index `Item.text`.

    `start`/`end` are None when the expression has no resolvable year, or is
    relative and the document's date is unknown. A relative expression
    ("yesterday", "last year", "в прошлом году") has `relative=True` and names
    what it was read against in `anchor` ('document': the document's date;
    'date': the year written next to a quarter or half-year, "third quarter" in
    "the third quarter of 1998").
    """

    item_id: str
    text: str
    start_char: int
    end_char: int
    start: dt.date | None
    end: dt.date | None
    granularity: str  # day, week, month, quarter, half, year; present, past, future
    inferred_year: bool
    relative: bool = False
    anchor: str | None = None  # 'document' for relative expressions; None for explicit ones


@dataclass(frozen=True, slots=True)
class CountMention:
    """A counted quantity with what is counted; offsets index `Item.text`."""

    item_id: str
    text: str
    start_char: int
    end_char: int
    value: float | None
    approx: bool
    unit: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity that mentions link to."""

    entity_id: str
    label: str
    name: str
    aliases: list[str] = field(default_factory=list)
    n_mentions: int = 0
    n_items: int = 0
    country_code: str | None = None  # ISO 3166-1 alpha-2: a place's, an organization's
    place_kind: str | None = None  # GPE: 'country', 'city', 'region' or 'wco_region'


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """A quarantined input: which file, which stage, what went wrong."""

    source: str
    stage: str
    error: str  # short machine-readable code, e.g. 'empty', 'binary', 'undecodable'
    message: str  # one human sentence naming the file and the problem
