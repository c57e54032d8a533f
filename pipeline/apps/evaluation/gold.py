"""Gold files (docs/CONVENTIONS.md) and their alignment with our items."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import GoldFileError


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One annotated news item of a gold file."""

    doc: str
    position: int
    title: str | None
    body_start: str
    language: str | None
    section: str | None
    author: str | None
    entities: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)
    counts: list[dict[str, Any]] = field(default_factory=list)


def load_gold(path: Path) -> list[GoldItem]:
    """Read a gold JSONL file, or every `*.jsonl` file of a folder in name order;
    raises GoldFileError naming the file and line at fault."""
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
        if not files:
            raise GoldFileError(f"gold folder {path} holds no .jsonl file")
        return [item for file in files for item in load_gold(file)]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldFileError(f"gold file {path} cannot be read ({exc.strerror})") from exc
    items: list[GoldItem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            items.append(
                GoldItem(
                    doc=row["doc"],
                    position=int(row["position"]),
                    title=row.get("title"),
                    body_start=row["body_start"],
                    language=row.get("language"),
                    section=row.get("section"),
                    author=row.get("author"),
                    entities=list(row.get("entities", [])),
                    dates=list(row.get("dates", [])),
                    counts=list(row.get("counts", [])),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise GoldFileError(f"{path}:{number}: not a gold item ({exc})") from exc
    if not items:
        raise GoldFileError(f"gold file {path} holds no items")
    return items


def document_name(source: str) -> str:
    """Gold files name documents by file name; our sources are relative paths."""
    return source.rsplit("/", 1)[-1]


def align(gold: list[GoldItem], items: list[dict[str, Any]]) -> dict[int, dict[str, Any] | None]:
    """Map each gold item (by index) to our item whose body starts the same way.

    Matching by `body_start` rather than position means one segmentation slip
    costs one item, not every item after it.
    """
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_doc.setdefault(document_name(item["source"]), []).append(item)
    matched: dict[int, dict[str, Any] | None] = {}
    used: set[str] = set()
    for index, g in enumerate(gold):
        prefix = _norm(g.body_start)
        candidates = [
            i
            for i in by_doc.get(g.doc, [])
            if i["item_id"] not in used and _norm(i["body"]).startswith(prefix)
        ]
        candidates.sort(key=lambda i: abs(i["position"] - g.position))
        matched[index] = candidates[0] if candidates else None
        if candidates:
            used.add(candidates[0]["item_id"])
    return matched


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())
