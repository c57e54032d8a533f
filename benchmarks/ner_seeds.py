"""Dev check: entity P/R/F1 of the assembled pipelines on the seed gold.

Items are cut from the seed files with the gold's own `title` and `body_start`
(the real segmenter is not needed), then scored per item as multisets, per label,
strict (same text and label) and lenient (one text contains the other, same label),
as `shared/gold/CONVENTIONS.md` describes.

    .venv/bin/python benchmarks/ner_seeds.py --seeds ../shared/seeds \
        --gold ../shared/gold/seeds.jsonl [--raw] [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.labels import CORE_LABELS
from pipeline.settings import en_model
from pipeline.stages.nlp.entities import extract_mentions
from pipeline.stages.nlp.pipelines import build_pipeline

LABELS = CORE_LABELS


def item_text(doc_text: str, title: str | None, body_start: str, after: int) -> tuple[str, int]:
    """The item's text (title line, blank line(s), body paragraph) and where it ends."""
    body_at = doc_text.index(body_start, after)
    body_end = doc_text.find("\n\n", body_at)
    body_end = len(doc_text) if body_end < 0 else body_end
    start = body_at
    if title:
        start = doc_text.rindex(title.strip(), after, body_at)
    return doc_text[start:body_end].rstrip(), body_end


def match(pred: list[tuple[str, str]], gold: list[tuple[str, str]], lenient: bool) -> int:
    """Matched pairs of one item: exact first, then (lenient) containment, same label."""
    if not lenient:
        return sum((Counter(pred) & Counter(gold)).values())
    left = list(gold)
    hits = 0
    rest = []
    for p in pred:
        if p in left:
            left.remove(p)
            hits += 1
        else:
            rest.append(p)
    for text, label in rest:
        for g in left:
            if g[1] == label and (text in g[0] or g[0] in text):
                left.remove(g)
                hits += 1
                break
    return hits


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, required=True)
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--raw", action="store_true", help="score raw en_core_web_sm instead")
    parser.add_argument("--show", action="store_true", help="print differences per item")
    args = parser.parse_args()

    pipelines = {}
    after: dict[str, int] = {}
    totals: dict[tuple[str, str], int] = Counter()
    for line in args.gold.read_text(encoding="utf-8").splitlines():
        gold_item = json.loads(line)
        language = gold_item["language"]
        doc_text = (args.seeds / gold_item["doc"]).read_text(encoding="utf-8")
        text, end = item_text(
            doc_text, gold_item["title"], gold_item["body_start"], after.get(gold_item["doc"], 0)
        )
        after[gold_item["doc"]] = end
        if language not in pipelines:
            pipelines[language] = (
                spacy.load(en_model())
                if args.raw and language == "en"
                else build_pipeline(language)
            )
        doc = pipelines[language](text)
        pred = [(m.text, m.label) for m in extract_mentions(doc, "x") if m.label in LABELS]
        gold = [(e["text"], e["label"]) for e in gold_item["entities"]]
        for label in LABELS:
            p = [x for x in pred if x[1] == label]
            g = [x for x in gold if x[1] == label]
            totals[label, "pred"] += len(p)
            totals[label, "gold"] += len(g)
            totals[label, "strict"] += match(p, g, lenient=False)
            totals[label, "lenient"] += match(p, g, lenient=True)
        if args.show:
            missing = Counter(gold) - Counter(pred)
            extra = Counter(pred) - Counter(gold)
            if missing or extra:
                print(f"{gold_item['doc']} #{gold_item['position']}")
                print("   missing:", sorted(missing.elements()))
                print("   extra:  ", sorted(extra.elements()))

    print(f"{'label':8} {'n_gold':>6} {'n_pred':>6}  strict P/R/F1        lenient P/R/F1")
    rows = [*LABELS, "ALL"]
    for label in rows:
        keys = LABELS if label == "ALL" else (label,)
        n_pred = sum(totals[k, "pred"] for k in keys)
        n_gold = sum(totals[k, "gold"] for k in keys)
        s = prf(sum(totals[k, "strict"] for k in keys), n_pred, n_gold)
        lz = prf(sum(totals[k, "lenient"] for k in keys), n_pred, n_gold)
        print(
            f"{label:8} {n_gold:6} {n_pred:6}  "
            + " ".join(f"{x:.3f}" for x in s)
            + "   "
            + " ".join(f"{x:.3f}" for x in lz)
        )


if __name__ == "__main__":
    main()
