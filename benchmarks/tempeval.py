"""TempEval-3 TimeBank/AQUAINT (TBAQ-cleaned): how `extract_dates` does on TIMEX3 of type DATE.

Each document's TEXT is run through our English model part
(`pipeline.stages.nlp.pipelines.load_model("en")`: en_core_web_sm's tok2vec, tagger, ner) and
`extract_dates`, with the document creation time (DCT) as the reference date.
The gold is every TIMEX3 of type DATE inside TEXT (the TE3 scorer ignores
those in TITLE/EXTRAINFO too).

Reported:
- extent precision, recall, F1, strict (same offsets) and relaxed (overlap);
- value accuracy: of the relaxed extent matches, the share whose value equals
  the gold TIMEX3 value (day 'YYYY-MM-DD', month 'YYYY-MM', year 'YYYY'; for a
  range, the end the gold span sits on); and value F1 over all predictions and
  all gold DATEs, the TE3 way of scoring attributes.

A prediction overlapping a gold TIMEX3 of another type (DURATION, TIME, SET)
is left out of precision: our table holds only calendar dates. Our pipeline
leaves out relative and vague expressions by design ("Wednesday", "last
year", "now"), so recall is bounded by their share of the gold; the script
prints recall on the explicit gold DATEs (a month name or a four-digit
year in the text) too.

Usage: .venv/bin/python benchmarks/tempeval.py [--corpus DIR] [--limit N] [-v]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from pipeline.records import DateMention
from pipeline.stages.dates import extract_dates
from pipeline.stages.nlp.pipelines import load_model

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "tbaq-cleaned"
# Gold DATEs written as explicit calendar expressions, the ones our conventions take.
_EXPLICIT = re.compile(
    r"\b(?:1[89]\d\d|20\d\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
)


@dataclass(frozen=True)
class Timex:
    """A gold TIMEX3 with its offsets in the plain TEXT."""

    start: int
    end: int
    type: str
    value: str
    text: str


def read_document(path: Path) -> tuple[str, list[Timex], dt.date]:
    """Plain TEXT, its TIMEX3 with offsets, and the DCT of one .tml file."""
    root = ET.parse(path).getroot()
    dct_node = root.find("DCT/TIMEX3")
    if dct_node is None:
        raise ValueError(f"{path}: no DCT/TIMEX3")
    dct = dt.date.fromisoformat(dct_node.get("value", "")[:10])
    text_node = root.find("TEXT")
    if text_node is None:
        raise ValueError(f"{path}: no TEXT")
    parts: list[str] = []
    timexes: list[Timex] = []

    def walk(node: ET.Element) -> None:
        start = sum(map(len, parts))
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        if node.tag == "TIMEX3":
            end = sum(map(len, parts))
            written = "".join(parts)[start:end]
            timexes.append(Timex(start, end, node.get("type", ""), node.get("value", ""), written))

    walk(text_node)
    return "".join(parts), timexes, dct


def timex_value(mention: DateMention, at_end: bool) -> str | None:
    """A TIMEX3-style value of one end of a mention, at its granularity."""
    day = mention.end if at_end else mention.start
    if day is None:
        return None
    if mention.granularity == "day":
        return day.isoformat()
    if mention.granularity == "month":
        return day.isoformat()[:7]
    return str(day.year)


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("-v", "--verbose", action="store_true", help="print misses")
    args = parser.parse_args()

    paths = sorted(args.corpus.glob("*/*.tml"))
    if args.limit:
        paths = paths[: args.limit]
    nlp = load_model("en")
    began = time.perf_counter()
    gold_total = predicted_total = strict_tp = relaxed_tp = value_tp = 0
    explicit_gold = explicit_found = 0
    for path in paths:
        text, timexes, dct = read_document(path)
        doc = nlp(text)
        mentions = extract_dates([(path.stem, doc)], language="en", reference=dct)
        dates = [t for t in timexes if t.type == "DATE"]
        others = [t for t in timexes if t.type != "DATE"]
        gold_total += len(dates)
        explicit = {i for i, t in enumerate(dates) if _EXPLICIT.search(t.text)}
        explicit_gold += len(explicit)
        used: set[int] = set()
        for mention in mentions:
            overlapping = [
                i
                for i, t in enumerate(dates)
                if i not in used and t.start < mention.end_char and mention.start_char < t.end
            ]
            if not overlapping:
                if any(t.start < mention.end_char and mention.start_char < t.end for t in others):
                    continue  # a DURATION or TIME in the gold: not a calendar date there
                predicted_total += 1
                if args.verbose:
                    print(f"FP {path.stem}: {mention.text!r} {mention.start}..{mention.end}")
                continue
            predicted_total += 1
            # a range may cover two gold DATEs ("from 1997 to 1998"): it matches the first only
            index = overlapping[0]
            gold = dates[index]
            used.add(index)
            relaxed_tp += 1
            strict_tp += (gold.start, gold.end) == (mention.start_char, mention.end_char)
            value = timex_value(mention, at_end=gold.start > mention.start_char)
            if value == gold.value:
                value_tp += 1
            elif args.verbose:
                print(f"VALUE {path.stem}: {mention.text!r} -> {value}, gold {gold.value}")
        explicit_found += len(explicit & used)
        if args.verbose:
            for i, t in enumerate(dates):
                if i not in used:
                    print(f"FN {path.stem}: {t.text!r} {t.value}")
    result = {
        "documents": len(paths),
        "gold_dates": gold_total,
        "gold_dates_explicit": explicit_gold,
        "relaxed_recall_on_explicit": explicit_found / explicit_gold if explicit_gold else 0.0,
        "predicted": predicted_total,
        "extent_strict": _prf(strict_tp, predicted_total, gold_total),
        "extent_relaxed": _prf(relaxed_tp, predicted_total, gold_total),
        "value_accuracy_on_matches": value_tp / relaxed_tp if relaxed_tp else 0.0,
        "value": _prf(value_tp, predicted_total, gold_total),
        "seconds": round(time.perf_counter() - began, 1),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
