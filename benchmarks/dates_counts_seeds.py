"""Dev check of dates and counts on the seed documents against their gold.

Items are rebuilt from the gold's titles and body starts (not by the pipeline's
segmenter), so the figures measure only `extract_dates` and `extract_counts`:

- date value F1: (start, end) pairs of explicit dates (relative ones, which
  the gold leaves out, are not scored), matched per item as multisets;
- count full F1: (value, approx, unit) triples, matched per item as multisets.

Usage: .venv/bin/python benchmarks/dates_counts_seeds.py [--seeds DIR] [--gold FILE] [-v]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from pipeline.stages.counts import extract_counts
from pipeline.stages.dates import extract_dates
from pipeline.stages.nlp.pipelines import load_model

SHARED = Path(__file__).resolve().parents[2] / "shared"


def rebuild_items(text: str, gold_items: list[dict[str, Any]]) -> list[str]:
    """Each gold item's text in the document: its title line, newlines, its body line."""
    items: list[str] = []
    position = 0
    for gold in gold_items:
        body_start = text.index(gold["body_start"], position)
        body_end = text.find("\n", body_start)
        body_end = len(text) if body_end == -1 else body_end
        start = body_start
        if gold["title"]:
            start = text.rindex(gold["title"], position, body_start)
        items.append(text[start:body_end])
        position = body_end
    return items


def f1(pairs: Iterable[tuple[Counter[Any], Counter[Any]]]) -> dict[str, float]:
    """Precision, recall, F1 of predicted against gold multisets, summed over items."""
    tp = predicted = expected = 0
    for got, want in pairs:
        tp += sum((got & want).values())
        predicted += sum(got.values())
        expected += sum(want.values())
    precision = tp / predicted if predicted else 0.0
    recall = tp / expected if expected else 0.0
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f, "gold": expected, "found": predicted}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "seeds.jsonl")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every mismatch")
    args = parser.parse_args()

    gold_lines = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines()]
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for line in gold_lines:
        by_doc.setdefault(line["doc"], []).append(line)
    models: dict[str, Language] = {
        "en": load_model("en"),
        "ru": spacy.blank("ru"),
    }
    date_pairs: list[tuple[Counter[Any], Counter[Any]]] = []
    count_pairs: list[tuple[Counter[Any], Counter[Any]]] = []
    for name, gold_items in by_doc.items():
        gold_items.sort(key=lambda g: g["position"])
        text = (args.seeds / name).read_text(encoding="utf-8")
        docs = [
            (f"{name}-{g['position']}", models[g["language"]](t))
            for g, t in zip(gold_items, rebuild_items(text, gold_items), strict=True)
        ]
        dates = extract_dates(docs)
        for (item_id, doc), gold in zip(docs, gold_items, strict=True):
            # The gold marks explicit dates only (docs/CONVENTIONS.md): relative rows go unscored.
            got_dates = Counter(
                (str(d.start), str(d.end)) for d in dates if d.item_id == item_id and not d.relative
            )
            want_dates = Counter((g["start"], g["end"]) for g in gold["dates"])
            spans = [(d.start_char, d.end_char) for d in dates if d.item_id == item_id]
            counts = extract_counts(item_id, doc, spans)
            got_counts = Counter((c.value, c.approx, c.unit) for c in counts)
            want_counts = Counter(
                (float(g["value"]) if g["value"] is not None else None, g["approx"], g["unit"])
                for g in gold["counts"]
            )
            date_pairs.append((got_dates, want_dates))
            count_pairs.append((got_counts, want_counts))
            if args.verbose and (got_dates != want_dates or got_counts != want_counts):
                print(item_id, "dates got", dict(got_dates), "want", dict(want_dates))
                print(item_id, "counts got", dict(got_counts), "want", dict(want_counts))
    result = {"date_value": f1(date_pairs), "count_full": f1(count_pairs)}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
