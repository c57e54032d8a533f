"""What the per-document work produces, independent of where the file lives.

A `DocumentResult` is keyed by content, not by path: item ids inside it are
placeholders (`"#<position>"`) that `bind` replaces with the document's real
ids, so a renamed or duplicated file reuses the same cached result.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from pipeline.records import CountMention, DateMention, Item, Mention
from pipeline.serialize import pack, unpack


class Located(Protocol):
    """Where a content lives: a `Document`, or a source read without its text."""

    @property
    def doc_id(self) -> str: ...

    @property
    def source(self) -> str: ...


def placeholder_id(position: int) -> str:
    return f"#{position}"


@dataclass(slots=True)
class DocumentResult:
    """Items and spans found in one document's content."""

    rubric: str | None
    items: list[Item]
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    counts: list[CountMention] = field(default_factory=list)
    learned_aliases: list[tuple[str, str, str]] = field(default_factory=list)

    def bind(self, document: Located) -> DocumentResult:
        """The same result with ids and paths of `document`."""
        ids = {
            placeholder_id(i.position): f"{document.doc_id}-{i.position:04d}" for i in self.items
        }

        def rebind(record: Any) -> Any:
            return dataclasses.replace(record, item_id=ids[record.item_id])

        return DocumentResult(
            rubric=self.rubric,
            items=[
                dataclasses.replace(
                    i,
                    item_id=ids[i.item_id],
                    doc_id=document.doc_id,
                    source=document.source,
                )
                for i in self.items
            ],
            mentions=[rebind(m) for m in self.mentions],
            dates=[rebind(d) for d in self.dates],
            counts=[rebind(c) for c in self.counts],
            learned_aliases=list(self.learned_aliases),
        )

    def to_bytes(self) -> bytes:
        """The cached form of the result (msgpack)."""
        return pack(self.to_dict())

    @classmethod
    def from_bytes(cls, data: bytes) -> DocumentResult | None:
        """A result read back from `to_bytes`; None for an entry it cannot read."""
        try:
            return cls.from_dict(unpack(data))
        except (ValueError, KeyError, TypeError):
            return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rubric": self.rubric,
            "items": [_row(i) for i in self.items],
            "mentions": [_row(m) for m in self.mentions],
            "dates": [_date_row(d) for d in self.dates],
            "counts": [_row(c) for c in self.counts],
            "learned_aliases": [list(a) for a in self.learned_aliases],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentResult:
        return cls(
            rubric=data["rubric"],
            items=[Item(**i) for i in data["items"]],
            mentions=[Mention(**m) for m in data["mentions"]],
            dates=[_date_record(d) for d in data["dates"]],
            counts=[CountMention(**c) for c in data["counts"]],
            learned_aliases=[(a[0], a[1], a[2]) for a in data["learned_aliases"]],
        )


def _row(record: Any) -> dict[str, Any]:
    # Flat records of scalars: dataclasses.asdict's recursive deep copy is not needed
    # and costs more than the rest of writing the cache entry.
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def _date_row(d: DateMention) -> dict[str, Any]:
    row = _row(d)
    row["start"] = d.start.isoformat() if d.start else None
    row["end"] = d.end.isoformat() if d.end else None
    return row


def _date_record(row: dict[str, Any]) -> DateMention:
    values = dict(row)
    for key in ("start", "end"):
        values[key] = dt.date.fromisoformat(values[key]) if values[key] else None
    return DateMention(**values)
