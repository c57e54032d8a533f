"""`pipeline report`: one static HTML page to check by eye what the extractor did.

Every item with its entity mentions highlighted by spaCy's displaCy (manual
mode), its dates and counts; filters by label and by document; each mention
links to its canonical entity (name, label, aliases, the items it occurs in).
The page is self-contained: inline CSS and a little vanilla JS, no network.

All source text goes through an HTML escape (displaCy escapes the item text;
everything else is escaped here), so a source holding `<script>` shows it as
text.
"""

from __future__ import annotations

import contextlib
import html
import os
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyarrow.parquet as pq
from spacy import displacy

from pipeline.errors import OutputFolderError
from pipeline.runtime.store import published_tables
from pipeline.tables import TABLE_NAMES

REPORT_FILE = "report.html"

# displaCy's `template` option: its own markup plus what the filters and links need.
# {label} and {attrs} are escaped by us, {text} by displaCy.
_ENT_TEMPLATE = (
    '<a class="entity" data-label="{label}"{attrs} style="background: {bg}">'
    '{text}<span class="entity-label">{label}</span></a>'
)
_EXTRA_COLORS = {"FUND": "#f6c1d8"}

Row = dict[str, Any]


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
    by_item: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for name in ("mentions", "dates", "counts"):
        for row in tables[name]:
            by_item[row["item_id"]][name].append(row)
    items_of_entity: dict[str, list[str]] = defaultdict(list)
    for mention in tables["mentions"]:
        if mention["entity_id"]:
            ids = items_of_entity[mention["entity_id"]]
            if mention["item_id"] not in ids:
                ids.append(mention["item_id"])
    labels = sorted(Counter(m["label"] for m in tables["mentions"]).items())
    sources = sorted({i["source"] for i in items})
    titles = {i["item_id"]: _item_heading(i) for i in items}

    body = [
        f"<h1>{_e(title)}</h1>",
        _summary(tables, labels),
        _filters(labels, sources),
        '<section id="items"><h2>Items</h2>',
        *(_item(i, by_item[i["item_id"]], entities) for i in items),
        "</section>",
        _entities(tables["entities"], items_of_entity, titles),
        _documents(tables["documents"], tables["errors"]),
    ]
    return _PAGE.format(title=_e(title), css=_CSS, js=_JS, body="\n".join(body))


def _item(item: Row, spans: dict[str, list[Row]], entities: dict[str, Row]) -> str:
    mentions = sorted(spans["mentions"], key=lambda m: (m["start_char"], -m["end_char"]))
    ents, end = [], -1
    for m in mentions:
        if m["start_char"] < end:
            continue  # displaCy cannot draw overlapping spans; the first, longest wins
        end = m["end_char"]
        entity = entities.get(m["entity_id"] or "")
        attrs = ""
        if entity is not None:
            attrs = (
                f' href="#{_anchor("entity", entity["entity_id"])}"'
                f' data-entity="{_e(entity["entity_id"])}"'
                f' title="{_e(entity["name"])} ({_e(entity["label"])})"'
            )
        ents.append(
            {
                "start": m["start_char"],
                "end": m["end_char"],
                "label": _e(m["label"]),
                "params": {"attrs": attrs},
            }
        )
    marked = displacy.render(
        {"text": item["text"], "ents": ents, "title": None},
        style="ent",
        manual=True,
        page=False,
        jupyter=False,
        options={"template": _ENT_TEMPLATE, "colors": _EXTRA_COLORS},
    )
    item_labels = " ".join(sorted({m["label"] for m in mentions}))
    meta = [
        f"<code>{_e(item['source'])}</code> #{item['position']}",
        f"language <b>{_e(item['language'])}</b>",
        f"chars {item['start_char']}–{item['end_char']}",
    ]
    if item["section"]:
        meta.append(f"section <i>{_e(item['section'])}</i>")
    if item["author"]:
        meta.append(f"author <i>{_e(item['author'])}</i>")
    return (
        f'<article class="item" id="{_anchor("item", item["item_id"])}"'
        f' data-source="{_e(item["source"])}" data-labels="{_e(item_labels)}">'
        f"<h3>{_e(_item_heading(item))}</h3>"
        f'<p class="meta">{" · ".join(meta)}</p>'
        f'<div class="text">{marked}</div>'
        f"{_dates(spans['dates'])}{_counts(spans['counts'])}"
        "</article>"
    )


def _span_table(kind: str, spans: list[Row], headers: list[str], cells: Any) -> str:
    """A table of one item's dates or counts in text order; `cells(row)` gives escaped cells."""
    if not spans:
        return f'<p class="none">no {kind}</p>'
    head = "".join(f"<th>{h}</th>" for h in headers)
    rows = "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells(row)) + "</tr>"
        for row in sorted(spans, key=lambda r: r["start_char"])
    )
    return f'<table class="spans {kind}"><caption>{kind}</caption><tr>{head}</tr>{rows}</table>'


def _dates(dates: list[Row]) -> str:
    return _span_table(
        "dates",
        dates,
        ["text", "start", "end", "granularity", "year"],
        lambda d: [
            _e(d["text"]),
            _e(d["start"] or "?"),
            _e(d["end"] or "?"),
            _e(d["granularity"]),
            "inferred" if d["inferred_year"] else "",
        ],
    )


def _counts(counts: list[Row]) -> str:
    return _span_table(
        "counts",
        counts,
        ["text", "value", "unit"],
        lambda c: [
            _e(c["text"]),
            f"{'≈ ' if c['approx'] else ''}{_e(_number(c['value']))}",
            _e(c["unit"]),
        ],
    )


def _entities(
    entities: list[Row], items_of_entity: dict[str, list[str]], titles: dict[str, str]
) -> str:
    rows = []
    for e in sorted(entities, key=lambda e: (e["label"], -e["n_mentions"], e["name"])):
        aliases = ", ".join(f"<q>{_e(a)}</q>" for a in e["aliases"])
        links = ", ".join(
            f'<a href="#{_anchor("item", i)}">{_e(titles.get(i, i))}</a>'
            for i in items_of_entity.get(e["entity_id"], [])
        )
        rows.append(
            f'<tr class="entity-row" id="{_anchor("entity", e["entity_id"])}"'
            f' data-label="{_e(e["label"])}">'
            f"<td><b>{_e(e['name'])}</b></td><td>{_e(e['label'])}</td><td>{aliases}</td>"
            f"<td>{e['n_mentions']}</td><td>{e['n_items']}</td><td>{links}</td></tr>"
        )
    return (
        '<section id="entities"><h2>Canonical entities</h2><table class="entities">'
        "<tr><th>name</th><th>label</th><th>aliases</th><th>mentions</th><th>items</th>"
        f"<th>found in</th></tr>{''.join(rows)}</table></section>"
    )


def _documents(documents: list[Row], errors: list[Row]) -> str:
    rows = "".join(
        f"<tr><td><code>{_e(d['source'])}</code></td><td>{_e(d['rubric'] or '')}</td>"
        f"<td>{_e(d['encoding'])}</td><td>{d['n_items']}</td></tr>"
        for d in sorted(documents, key=lambda d: d["source"])
    )
    quarantined = "".join(
        f"<tr><td><code>{_e(e['source'])}</code></td><td>{_e(e['stage'])}</td>"
        f"<td>{_e(e['error'])}</td><td>{_e(e['message'])}</td></tr>"
        for e in errors
    )
    errors_table = (
        '<h3>Quarantined</h3><table class="errors"><tr><th>source</th><th>stage</th>'
        f"<th>error</th><th>message</th></tr>{quarantined}</table>"
        if errors
        else "<p>No quarantined inputs.</p>"
    )
    return (
        '<section id="documents"><h2>Documents</h2><table class="documents">'
        "<tr><th>source</th><th>rubric</th><th>encoding</th><th>items</th></tr>"
        f"{rows}</table>{errors_table}</section>"
    )


def _summary(tables: dict[str, list[Row]], labels: list[tuple[str, int]]) -> str:
    parts = [f"{len(tables[name])} {name}" for name in TABLE_NAMES]
    by_label = ", ".join(f"{_e(label)} {n}" for label, n in labels)
    return f'<p class="summary">{" · ".join(parts)}<br>mentions by label: {by_label}</p>'


def _filters(labels: list[tuple[str, int]], sources: list[str]) -> str:
    label_options = "".join(
        f'<option value="{_e(label)}">{_e(label)} ({n})</option>' for label, n in labels
    )
    source_options = "".join(f'<option value="{_e(s)}">{_e(s)}</option>' for s in sources)
    return (
        '<form id="filters" class="filters" onsubmit="return false">'
        '<label>Label <select id="filter-label"><option value="">all labels</option>'
        f"{label_options}</select></label> "
        '<label>Document <select id="filter-source"><option value="">all documents</option>'
        f"{source_options}</select></label> "
        '<span id="shown" aria-live="polite"></span></form>'
    )


def _item_heading(item: Row) -> str:
    return str(item["title"] or item["body"][:80] or item["item_id"])


def _anchor(kind: str, key: str) -> str:
    return f"{kind}-{quote(str(key), safe='')}"


def _number(value: float | None) -> str:
    if value is None:
        return "vague"
    return str(int(value)) if float(value).is_integer() else str(value)


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _write_atomically(target: Path, text: str) -> None:
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise OutputFolderError(f"cannot write the report to {target} ({exc.strerror})") from exc


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
{body}
<script>{js}</script>
</body>
</html>
"""

_CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       margin: 1.5em auto; max-width: 70em; padding: 0 1em; color: #222; }
h1 { font-size: 1.4em; } h2 { border-bottom: 1px solid #ccc; }
.summary, .meta, .none { color: #555; font-size: 0.9em; }
.filters { position: sticky; top: 0; background: #f7f7f7; padding: 0.6em;
           border: 1px solid #ddd; border-radius: 4px; z-index: 1; }
.filters select { margin-right: 1em; }
article.item { border: 1px solid #ddd; border-radius: 6px; padding: 0.4em 1em 0.8em;
               margin: 1em 0; }
article.item h3 { margin: 0.4em 0 0.2em; }
.hidden { display: none !important; }
.text { line-height: 2.4; }
a.entity { padding: 0.3em 0.5em; margin: 0 0.15em; border-radius: 0.35em; color: inherit;
           text-decoration: none; line-height: 1; }
a.entity[href]:hover { outline: 2px solid #333; }
.entity-label { font-size: 0.7em; font-weight: bold; margin-left: 0.4em;
                vertical-align: middle; }
a.entity.muted { background: transparent !important; }
a.entity.muted .entity-label { display: none; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.4em 0; }
td, th { border: 1px solid #ddd; padding: 0.2em 0.5em; text-align: left;
         vertical-align: top; }
caption { text-align: left; font-weight: bold; color: #555; }
tr:target { background: #fff3b0; } article:target { border-color: #e0a800; }
[id] { scroll-margin-top: 4em; }  /* keep anchor targets clear of the filter bar */
"""

_JS = """
(function () {
  var label = document.getElementById("filter-label");
  var source = document.getElementById("filter-source");
  var shown = document.getElementById("shown");
  var items = document.querySelectorAll("article.item");
  function apply() {
    var l = label.value, s = source.value, n = 0;
    items.forEach(function (item) {
      var labels = item.getAttribute("data-labels").split(" ");
      var visible = (!s || item.getAttribute("data-source") === s) &&
                    (!l || labels.indexOf(l) >= 0);
      item.classList.toggle("hidden", !visible);
      if (visible) { n += 1; }
    });
    document.querySelectorAll("a.entity").forEach(function (mark) {
      mark.classList.toggle("muted", !!l && mark.getAttribute("data-label") !== l);
    });
    document.querySelectorAll("tr.entity-row").forEach(function (row) {
      row.classList.toggle("hidden", !!l && row.getAttribute("data-label") !== l);
    });
    shown.textContent = n + " of " + items.length + " items shown";
  }
  label.addEventListener("change", apply);
  source.addEventListener("change", apply);
  apply();
})();
"""
