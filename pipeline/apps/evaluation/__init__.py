"""`pipeline eval`: score published tables against a gold JSONL file.

Gold items are aligned to our items by document name and body start. Scores:
segmentation (items found, titles, sections, authors, languages), entities per
label (strict: same text; lenient: one text contains the other), dates
(detection, and value: start and end both right) and counts (value, and full:
value, approx and unit all right).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from pipeline.apps.evaluation.errors import SpanError, kinds, span_errors
from pipeline.apps.evaluation.gold import GoldItem, align, document_name, load_gold
from pipeline.apps.evaluation.scoring import (
    Match,
    Row,
    Score,
    lenient_text,
    match_spans,
    norm_text,
    strict_text,
)
from pipeline.errors import OutputFolderError
from pipeline.labels import CORE_LABELS
from pipeline.settings import DEFAULT_OUTPUT
from pipeline.tables import table_path


@dataclass(frozen=True, slots=True)
class _Pair:
    """A gold item and the id of our item aligned to it (either may be missing)."""

    gold: GoldItem | None
    item_id: str | None
    language: str
    doc: str
    position: int


def evaluate(
    gold_path: str | Path,
    output_dir: str | Path = DEFAULT_OUTPUT,
    *,
    with_errors: bool = False,
) -> dict[str, Any]:
    """Scores of the tables in `output_dir` against a gold file, or a folder of them.

    Scores cover every item and each language apart (`by_language`, by the gold
    item's language); `with_errors` adds the list of errors behind them
    (missed, spurious, wrong boundary, label or value; see `errors`).
    Relative dates (`relative = true`) are not scored: gold files name explicit
    calendar expressions only.
    """
    gold_path, output_dir = Path(gold_path), Path(output_dir)
    gold = load_gold(gold_path)
    tables = _load(output_dir)
    gold_docs = {g.doc for g in gold}
    items = [i for i in tables["items"] if document_name(i["source"]) in gold_docs]
    matched = align(gold, items)
    matched_ids = {i["item_id"] for i in matched.values() if i is not None}
    extra_items = [i for i in items if i["item_id"] not in matched_ids]

    spans: dict[str, dict[str, list[Row]]] = {
        name: _by_item(tables[name]) for name in ("mentions", "dates", "counts")
    }
    pairs = [
        _Pair(g, (matched[k] or {}).get("item_id"), g.language or "und", g.doc, g.position)
        for k, g in enumerate(gold)
    ]
    pairs += [
        _Pair(None, i["item_id"], i["language"], document_name(i["source"]), i["position"])
        for i in extra_items
    ]
    result: dict[str, Any] = {
        "gold": str(gold_path),
        "output": str(output_dir),
        "segmentation": _segmentation(gold, matched, len(extra_items)),
        **_scores(pairs, spans),
        "by_language": {
            language: _scores([p for p in pairs if p.language == language], spans)
            for language in sorted({p.language for p in pairs})
        },
    }
    if with_errors:
        result["errors"] = [e.as_dict() for e in _errors(pairs, spans)]
    return result


def _scores(pairs: list[_Pair], spans: dict[str, dict[str, list[Row]]]) -> dict[str, Any]:
    return {
        "items": len(pairs),
        "entities": _entities(pairs, spans["mentions"]),
        "dates": _score_spans(pairs, spans["dates"], "dates", DATE_MEASURES),
        "counts": _score_spans(pairs, spans["counts"], "counts", COUNT_MEASURES),
    }


def _errors(pairs: list[_Pair], spans: dict[str, dict[str, list[Row]]]) -> list[SpanError]:
    by_kind = kinds(_same_interval, _same_count)
    tables = {"entities": "mentions", "dates": "dates", "counts": "counts"}
    found: list[SpanError] = []
    for pair in pairs:
        for field, kind in by_kind.items():
            ours = spans[tables[field]].get(pair.item_id, []) if pair.item_id else []
            theirs = getattr(pair.gold, field) if pair.gold else []
            if field == "entities":
                ours = [p for p in ours if p["label"] in CORE_LABELS]
            found += span_errors(kind, ours, theirs, (pair.doc, pair.position, pair.language))
    return found


def _load(output_dir: Path) -> dict[str, list[Row]]:
    tables = {}
    for name in ("items", "mentions", "dates", "counts"):
        path = table_path(output_dir, name)
        if not path.exists():
            raise OutputFolderError(f"{path} does not exist; run `pipeline run` first")
        rows = pq.read_table(path).to_pylist()
        if name == "dates":  # relative expressions are not in gold files
            rows = [r for r in rows if not r.get("relative")]
        rows.sort(key=lambda r: (r["item_id"], r.get("start_char", 0)))
        tables[name] = rows
    return tables


def _by_item(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["item_id"]].append(row)
    return grouped


def _segmentation(
    gold: list[GoldItem], matched: dict[int, Row | None], extra: int
) -> dict[str, Any]:
    found = [(g, matched[k]) for k, g in enumerate(gold) if matched[k] is not None]
    items = Score(tp=len(found), fp=extra, fn=len(gold) - len(found))

    def agree(field: str) -> int:
        return sum(1 for g, i in found if i is not None and getattr(g, field) == i[field])

    return {
        "items": items.as_dict(),
        "gold_items": len(gold),
        "titles_exact": agree("title"),
        "sections_exact": agree("section"),
        "authors_exact": agree("author"),
        "languages_exact": agree("language"),
        "positions_exact": agree("position"),
    }


def _entities(pairs: list[_Pair], mentions: dict[str, list[Row]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for mode, same in (("strict", strict_text), ("lenient", lenient_text)):
        per_label = {label: Score() for label in CORE_LABELS}
        for pair in pairs:
            predicted = mentions.get(pair.item_id, []) if pair.item_id else []
            gold_rows = pair.gold.entities if pair.gold else []
            for label in CORE_LABELS:
                per_label[label].add(
                    match_spans(
                        [p for p in predicted if p["label"] == label],
                        [g for g in gold_rows if g["label"] == label],
                        same,
                    )
                )
        overall = Score()
        for score in per_label.values():
            overall.add(score)
        result[mode] = {"overall": overall.as_dict()} | {
            label: score.as_dict() for label, score in per_label.items()
        }
    return result


def _same_interval(p: Row, g: Row) -> bool:
    return (
        lenient_text(p, g)
        and _iso(p.get("start")) == g.get("start")
        and _iso(p.get("end")) == g.get("end")
    )


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _same_value(p: Row, g: Row) -> bool:
    return lenient_text(p, g) and p.get("value") == g.get("value")


def _same_count(p: Row, g: Row) -> bool:
    return (
        _same_value(p, g)
        and bool(p.get("approx")) == bool(g.get("approx"))
        and norm_text(p.get("unit") or "") == norm_text(g.get("unit") or "")
    )


def _score_spans(
    pairs: list[_Pair], predicted: dict[str, list[Row]], field: str, measures: dict[str, Match]
) -> dict[str, Any]:
    """One Score per measure over every aligned item; `field` names the gold list."""
    scores = {name: Score() for name in measures}
    for pair in pairs:
        ours = predicted.get(pair.item_id, []) if pair.item_id else []
        theirs = getattr(pair.gold, field) if pair.gold else []
        for name, same in measures.items():
            scores[name].add(match_spans(ours, theirs, same))
    return {name: score.as_dict() for name, score in scores.items()}


DATE_MEASURES: dict[str, Match] = {
    "detection": lenient_text,
    "detection_strict": strict_text,
    "value": _same_interval,
}
COUNT_MEASURES: dict[str, Match] = {
    "detection": lenient_text,
    "value": _same_value,
    "full": _same_count,
}
