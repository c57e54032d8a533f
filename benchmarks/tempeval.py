"""TempEval-3 TimeBank/AQUAINT (TBAQ-cleaned): how `extract_dates` does on TIMEX3 of type DATE.

Each document's TEXT is run through our English model part
(`pipeline.stages.nlp.pipelines.load_model("en")`: en_core_web_sm's tok2vec,
tagger, ner) and `extract_dates`, with the document creation time (DCT) as
the document's date (`reference`). The gold is every TIMEX3 of type DATE
inside TEXT (the TE3 scorer ignores those in TITLE/EXTRAINFO too).

Scored the TE3 way, relaxed: a gold DATE is found when a prediction overlaps
its extent; its value is right when an overlapping prediction, written as a
TIMEX3 value at its granularity ('YYYY-MM-DD', 'YYYY-Www', 'YYYY-MM',
'YYYY-Qn', 'YYYY-Hn', 'YYYY', 'PRESENT_REF', 'PAST_REF', 'FUTURE_REF'; for a
range, the end the gold sits on), equals the gold value. A quarter read
against the year written next to it and that year's row ("third quarter" and
"1998" in "the third quarter of 1998") are one prediction, as TimeML marks
them (`as_timexes`). Recall counts
gold DATEs, precision counts predictions (a prediction is right when it
overlaps a gold DATE, or for value, when it has the value of one it overlaps).
Strict extent (same offsets) is printed too.

Three views, for TimeBank, AQUAINT and both:

- `explicit`: our explicit rows (`relative` false) against the gold DATEs
  written with a month name or a four-digit year and without "last", "this",
  "next" or "ago" (which make "last April" or "June last year" relative in our
  tables): what the project's own gold (docs/CONVENTIONS.md) asks of the
  pipeline;
- `explicit_on_all_dates`: the same rows against every gold DATE (the figure
  this script printed before relative expressions were read);
- `all_dates`: every row, relative ones read against the DCT, against every
  gold DATE.

- `all_dates_expressible`: every row against the gold DATEs whose value a row
  of ours can have at all (a day, an ISO week, a month, a quarter, a half, a
  year, PRESENT_REF, PAST_REF, FUTURE_REF).

A prediction overlapping only gold TIMEX3 outside the view (DURATION, TIME,
SET; in `explicit`, the relative gold DATEs; in `all_dates_expressible`, the
DATEs it leaves out) is left out of precision. What no row of ours can match
by design (docs/CONVENTIONS.md: seasons and decades are no rows): seasons,
decades, times of day, values with 'X' placeholders ('1989-QX'); the script
prints their count among the gold (`unreachable`), and `all_dates` keeps them
in its recall. The rules were tuned on TimeBank only; AQUAINT is held out.

Usage: .venv/bin/python benchmarks/tempeval.py --corpus DIR [--limit N] [-v]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.records import DateMention
from pipeline.stages.dates import extract_dates
from pipeline.stages.nlp.pipelines import load_model

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "tbaq-cleaned"
SPLITS = ("TimeBank", "AQUAINT")
# Gold DATEs written as explicit calendar expressions, the ones our conventions take:
# a month name or a four-digit year, and no word that reads it against today
# ("last April", "June last year" are relative expressions in our tables).
_EXPLICIT = re.compile(
    r"\b(?:1[89]\d\d|20\d\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
)
_RELATIVE_WORD = re.compile(r"\b(?:last|this|next|ago)\b", re.IGNORECASE)
# Gold values a row of ours can have: a day, an ISO week, a month, a quarter, a half, a
# year, the vague present, past and future.
_REACHABLE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?|-W\d\d|-Q\d|-H\d)?|(?:PRESENT|PAST|FUTURE)_REF")
# At most this many characters between a quarter and its year: " of ", "'s ".
_LINK_CHARS = 5


@dataclass(frozen=True)
class Timex:
    """A gold TIMEX3 with its offsets in the plain TEXT."""

    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass(frozen=True)
class Document:
    """One .tml file: its split, TEXT, gold TIMEX3 and our date rows."""

    split: str
    name: str
    timexes: list[Timex]
    mentions: list[DateMention]


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


# TimeML's values of the vague present, past and future, by our granularity.
_REF_VALUES = {"present": "PRESENT_REF", "past": "PAST_REF", "future": "FUTURE_REF"}


def timex_value(mention: DateMention, at_end: bool) -> str | None:
    """A TIMEX3 value of one end of a mention, at its granularity."""
    if mention.granularity in _REF_VALUES:
        return _REF_VALUES[mention.granularity]
    day = mention.end if at_end else mention.start
    if day is None:
        return None
    if mention.granularity == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if mention.granularity == "half":
        return f"{day.year}-H{(day.month - 1) // 6 + 1}"
    if mention.granularity == "day":
        return day.isoformat()
    if mention.granularity == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if mention.granularity == "month":
        return day.isoformat()[:7]
    return str(day.year)


def _prf(tp_predicted: int, predicted: int, tp_gold: int, gold: int) -> dict[str, float]:
    p = tp_predicted / predicted if predicted else 0.0
    r = tp_gold / gold if gold else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
    }


def _overlaps(mention: DateMention, timex: Timex) -> bool:
    return timex.start < mention.end_char and mention.start_char < timex.end


def _value_of(mention: DateMention, gold: Timex) -> str | None:
    return timex_value(mention, at_end=gold.start > mention.start_char)


@dataclass(frozen=True)
class View:
    """Which gold DATEs and which of our rows a score is about."""

    name: str
    gold: Callable[[Timex], bool]
    rows: Callable[[DateMention], bool]


VIEWS = (
    View(
        "explicit",
        lambda t: (
            t.type == "DATE"
            and bool(_EXPLICIT.search(t.text))
            and not _RELATIVE_WORD.search(t.text)
        ),
        lambda m: not m.relative,
    ),
    View("explicit_on_all_dates", lambda t: t.type == "DATE", lambda m: not m.relative),
    View("all_dates", lambda t: t.type == "DATE", lambda m: True),
    View(
        "all_dates_expressible",
        lambda t: t.type == "DATE" and bool(_REACHABLE.fullmatch(t.value)),
        lambda m: True,
    ),
)


def score(documents: Iterable[Document], view: View, verbose: bool = False) -> dict[str, Any]:
    """Extent and value precision, recall, F1 of one view over `documents`."""
    gold_total = predicted = 0
    extent_predicted = value_predicted = strict_predicted = 0
    extent_gold = value_gold = strict_gold = 0
    unreachable = 0
    for document in documents:
        golds = [t for t in document.timexes if view.gold(t)]
        others = [t for t in document.timexes if not view.gold(t)]
        rows = [m for m in document.mentions if view.rows(m)]
        gold_total += len(golds)
        unreachable += sum(not _REACHABLE.fullmatch(t.value) for t in golds)
        for mention in rows:
            hit = [t for t in golds if _overlaps(mention, t)]
            if not hit and any(_overlaps(mention, t) for t in others):
                continue  # a TIMEX3 outside this view: neither right nor wrong here
            predicted += 1
            extent_predicted += bool(hit)
            strict_predicted += any(
                (t.start, t.end) == (mention.start_char, mention.end_char) for t in hit
            )
            value_predicted += any(_value_of(mention, t) == t.value for t in hit)
            if verbose and not hit:
                print(f"FP    {document.name}: {mention.text!r} {mention.start}..{mention.end}")
        for gold in golds:
            hit = [m for m in rows if _overlaps(m, gold)]
            extent_gold += bool(hit)
            strict_gold += any((m.start_char, m.end_char) == (gold.start, gold.end) for m in hit)
            right = any(_value_of(m, gold) == gold.value for m in hit)
            value_gold += right
            if verbose and hit and not right:
                got = [_value_of(m, gold) for m in hit]
                print(f"VALUE {document.name}: {gold.text!r} gold {gold.value}, ours {got}")
            elif verbose and not hit:
                print(f"FN    {document.name}: {gold.text!r} {gold.value}")
    return {
        "gold": gold_total,
        "unreachable": unreachable,
        "predicted": predicted,
        "extent": _prf(extent_predicted, predicted, extent_gold, gold_total),
        "extent_strict": _prf(strict_predicted, predicted, strict_gold, gold_total),
        "value": _prf(value_predicted, predicted, value_gold, gold_total),
    }


def as_timexes(mentions: Sequence[DateMention]) -> list[DateMention]:
    """Our rows as TimeML marks them: a quarter read against a year written next to it
    ("the third quarter of 1998": rows "third quarter" and "1998") is one TIMEX3, the
    quarter's row stretched over the year's."""
    merged: list[DateMention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if previous is not None and _one_timex(previous, mention):
            part = previous if previous.anchor == "date" else mention
            merged[-1] = replace(
                part,
                start_char=min(previous.start_char, mention.start_char),
                end_char=max(previous.end_char, mention.end_char),
            )
            continue
        merged.append(mention)
    return merged


def _one_timex(left: DateMention, right: DateMention) -> bool:
    """A part of a year and the written year it is read against, next to each other."""
    pair = {left.anchor, right.anchor}
    near = right.start_char - left.end_char <= _LINK_CHARS
    years = [m for m in (left, right) if m.granularity == "year" and not m.relative]
    return pair == {"date", None} and near and bool(years)


def run(paths: Sequence[Path]) -> list[Document]:
    """Our date rows for every .tml file, the DCT as the document's date."""
    nlp = load_model("en")
    documents = []
    for path in paths:
        text, timexes, dct = read_document(path)
        mentions = extract_dates([(path.stem, nlp(text))], language="en", reference=dct)
        documents.append(Document(path.parent.name, path.stem, timexes, as_timexes(mentions)))
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the tbaq-cleaned folder")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--view", choices=[v.name for v in VIEWS], help="print only this view")
    parser.add_argument("-v", "--verbose", action="store_true", help="print misses of all_dates")
    args = parser.parse_args()

    paths = [p for split in SPLITS for p in sorted((args.corpus / split).glob("*.tml"))]
    if not paths:
        parser.error(f"no {'/'.join(SPLITS)}/*.tml under {args.corpus}")
    if args.limit:
        paths = paths[: args.limit]
    began = time.perf_counter()
    documents = run(paths)
    seconds = round(time.perf_counter() - began, 1)
    if args.verbose:
        score(documents, VIEWS[-1], verbose=True)
    result: dict[str, Any] = {"documents": len(documents), "seconds": seconds}
    for view in VIEWS:
        if args.view and view.name != args.view:
            continue
        result[view.name] = {
            **{s: score([d for d in documents if d.split == s], view) for s in SPLITS},
            "all": score(documents, view),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
