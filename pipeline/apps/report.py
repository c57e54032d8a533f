"""`pipeline report`: one static HTML page to check by eye what the extractor did.

Every item with its entity mentions highlighted by spaCy's displaCy (manual
mode), its dates and counts; filters by label and by document; each mention
links to its canonical entity (name, label, aliases, the items it occurs in).
The page is self-contained: inline CSS and a little vanilla JS, no network.

The page is rendered by Jinja2 from `templates/` with autoescaping on, so all
source text is HTML-escaped and a source holding `<script>` shows it as text.
The one piece of ready-made markup is displaCy's: it escapes the item text
itself, and the labels and link attributes we hand it are escaped by MarkupSafe.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyarrow.parquet as pq
from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup, escape
from spacy import displacy

from pipeline.errors import OutputFolderError
from pipeline.files import write_bytes_atomically
from pipeline.runtime.store import published_tables
from pipeline.tables import TABLE_NAMES

REPORT_FILE = "report.html"

# displaCy's `template` option: its own markup plus what the filters and links need.
# displaCy escapes {text}; {label} and {attrs} arrive escaped by MarkupSafe.
_ENT_TEMPLATE = (
    '<a class="entity" data-label="{label}"{attrs} style="background: {bg}">'
    '{text}<span class="entity-label">{label}</span></a>'
)
_ENT_LINK = Markup(' href="#{}" data-entity="{}" title="{} ({})"')
_EXTRA_COLORS = {"FUND": "#f6c1d8"}

Row = dict[str, Any]


@dataclass(frozen=True)
class _ItemView:
    row: Row
    heading: str
    labels: list[str]
    marked: Markup
    dates: list[Row]
    counts: list[Row]


@dataclass(frozen=True)
class _EntityView:
    row: Row
    found_in: list[tuple[str, str]]  # (item_id, heading) of each item it occurs in


def report(output_dir: Path = Path("data/processed"), destination: Path | None = None) -> Path:
    """Write the HTML report over the tables in `output_dir`; returns the file written.

    `destination` defaults to `<output_dir>/report.html`. The file is written
    to a temporary name and renamed, so a reader never sees half a page.
    Raises OutputFolderError when the folder holds no tables or cannot be written.
    """
    paths = published_tables(output_dir)
    missing = [name for name in TABLE_NAMES if name not in paths]
    if missing:
        raise OutputFolderError(f"tables missing from {output_dir}: {', '.join(missing)}")
    tables = {name: pq.read_table(path).to_pylist() for name, path in paths.items()}
    page = render(tables, title=f"Extraction report: {output_dir}")
    target = destination or output_dir / REPORT_FILE
    _write_atomically(target, page)
    return target


def render(tables: dict[str, list[Row]], title: str = "Extraction report") -> str:
    """The report page for tables given as lists of rows (`pyarrow.Table.to_pylist()`)."""
    items = sorted(tables["items"], key=lambda i: (i["source"], i["position"]))
    entities = {e["entity_id"]: e for e in tables["entities"]}
    spans_of_item: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for name in ("mentions", "dates", "counts"):
        for row in tables[name]:
            spans_of_item[row["item_id"]][name].append(row)
    headings = {i["item_id"]: _item_heading(i) for i in items}
    return _template().render(
        title=title,
        sizes=[(name, len(tables[name])) for name in TABLE_NAMES],
        labels=sorted(Counter(m["label"] for m in tables["mentions"]).items()),
        sources=sorted({i["source"] for i in items}),
        items=[_item_view(i, spans_of_item[i["item_id"]], entities) for i in items],
        entities=_entity_views(tables["entities"], tables["mentions"], headings),
        documents=sorted(tables["documents"], key=lambda d: d["source"]),
        errors=tables["errors"],
    )


@cache
def _template() -> Template:
    environment = Environment(
        loader=PackageLoader("pipeline.apps", "templates"),
        autoescape=True,  # every {{ value }} is HTML-escaped unless it is Markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals["anchor"] = _anchor
    environment.filters["number"] = _number
    return environment.get_template("report.html")


def _item_view(item: Row, spans: dict[str, list[Row]], entities: dict[str, Row]) -> _ItemView:
    mentions = sorted(spans["mentions"], key=lambda m: (m["start_char"], -m["end_char"]))
    return _ItemView(
        row=item,
        heading=_item_heading(item),
        labels=sorted({m["label"] for m in mentions}),
        marked=_marked_text(item["text"], mentions, entities),
        dates=sorted(spans["dates"], key=lambda d: d["start_char"]),
        counts=sorted(spans["counts"], key=lambda c: c["start_char"]),
    )


def _marked_text(text: str, mentions: list[Row], entities: dict[str, Row]) -> Markup:
    """`text` with `mentions` (sorted by start, longest first) highlighted by displaCy."""
    ents, end = [], -1
    for m in mentions:
        if m["start_char"] < end:
            continue  # displaCy cannot draw overlapping spans; the first, longest wins
        end = m["end_char"]
        entity = entities.get(m["entity_id"] or "")
        attrs = Markup("")
        if entity is not None:
            attrs = _ENT_LINK.format(
                _anchor("entity", entity["entity_id"]),
                entity["entity_id"],
                entity["name"],
                entity["label"],
            )
        ents.append(
            {
                "start": m["start_char"],
                "end": m["end_char"],
                "label": str(escape(m["label"])),
                "params": {"attrs": str(attrs)},
            }
        )
    marked = displacy.render(
        {"text": text, "ents": ents, "title": None},
        style="ent",
        manual=True,
        page=False,
        jupyter=False,
        options={"template": _ENT_TEMPLATE, "colors": _EXTRA_COLORS},
    )
    return Markup(marked)  # displaCy escaped the text; labels and attrs are escaped above


def _entity_views(
    entities: list[Row], mentions: list[Row], headings: dict[str, str]
) -> list[_EntityView]:
    items_of_entity: dict[str, list[str]] = defaultdict(list)
    for mention in mentions:
        if mention["entity_id"]:
            ids = items_of_entity[mention["entity_id"]]
            if mention["item_id"] not in ids:
                ids.append(mention["item_id"])
    return [
        _EntityView(
            row=e,
            found_in=[(i, headings.get(i, i)) for i in items_of_entity.get(e["entity_id"], [])],
        )
        for e in sorted(entities, key=lambda e: (e["label"], -e["n_mentions"], e["name"]))
    ]


def _item_heading(item: Row) -> str:
    return str(item["title"] or item["body"][:80] or item["item_id"])


def _anchor(kind: str, key: str) -> str:
    return f"{kind}-{quote(str(key), safe='')}"


def _number(value: float | None) -> str:
    if value is None:
        return "vague"
    return str(int(value)) if float(value).is_integer() else str(value)


def _write_atomically(target: Path, text: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(target, text.encode("utf-8"))
    except OSError as exc:
        raise OutputFolderError(f"cannot write the report to {target} ({exc.strerror})") from exc
