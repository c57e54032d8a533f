"""NEREL v1.1 test split (Russian Wikinews, nested NER): token-level F1, ours vs raw natasha.

A second Russian news set beside FactRuEval (what it is: the corpus' SOURCE.md),
first scored after every rule was written, and never used to tune one: a guard.
NEREL's entities nest ("ФТС России" is an
ORGANIZATION holding a COUNTRY), so each type is scored on its own, as
`ner_factrueval.py` scores FactRuEval: a token is I of a type when it lies inside
any gold span of that type, and precision and recall are counted over tokens
(razdel's, micro over all documents). Types: PERSON -> PER, ORGANIZATION -> ORG,
COUNTRY, CITY, STATE_OR_PROVINCE, DISTRICT, LOCATION and FACILITY -> LOC (our
conventions type facilities as places); discontinuous spans are left out.

Where the conventions differ the scores show it: NEREL marks the country inside
"ФТС России" as a LOC too, which our body name, read to its end, is not. "ours,
tails apart" is our pipeline with a body's country tail left apart
(`attach_tails=False`, as for FactRuEval's convention).

    .venv/bin/python benchmarks/ner_nerel.py ../shared/corpus/nerel-test
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ner_factrueval import Span, compare, read_text

GOLD_TYPES = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    **dict.fromkeys(
        ("COUNTRY", "CITY", "STATE_OR_PROVINCE", "DISTRICT", "LOCATION", "FACILITY"), "LOC"
    ),
}


def documents(root: Path) -> Iterator[tuple[str, str, list[Span]]]:
    """(name, text, gold spans of our types) of every `.txt`/`.ann` pair under `root`/test."""
    for txt in sorted((root / "test").glob("*.txt")):
        ann = txt.with_suffix(".ann")
        if ann.exists():
            yield txt.stem, read_text(txt), gold_spans(read_text(ann))


def gold_spans(ann: str) -> list[Span]:
    """The brat `T` lines of our types, contiguous ones only: (start, end, type)."""
    spans: list[Span] = []
    for line in ann.splitlines():
        if not line.startswith("T"):
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        kind, _, offsets = fields[1].partition(" ")
        if kind not in GOLD_TYPES or ";" in offsets:
            continue
        start, end = (int(x) for x in offsets.split())
        spans.append((start, end, GOLD_TYPES[kind]))
    return spans


def main() -> None:
    compare(
        __doc__.splitlines()[0],
        "the nerel-test folder",
        documents,
        "NEREL v1.1 test, {n} documents, token-level F1 per type",
        "ours, tails apart",
    )


if __name__ == "__main__":
    main()
