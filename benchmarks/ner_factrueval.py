"""FactRuEval-2016 (Russian news NER): token-level F1 per type, ours vs raw natasha.

Scored as natasha's naeval scores it (see the corpus' SOURCE.md): dev and test sets
together; a Person takes its whole mention extent, an Org its `org_name` spans, a
Location or LocOrg its `loc_name` spans; overlapping spans are dropped (the outer
one kept); then every token inside a span of a type is an I of that type, and
precision and recall are counted over tokens (micro over all documents).

Systems:
- raw: natasha's NewsNERTagger on natasha's own Doc (PER, LOC, ORG);
- ours: `load_model("ru")` then `load_rules("ru")`; PERSON -> PER, GPE -> LOC,
  ORG and FUND -> ORG;
- ours, FactRuEval's convention: the same pipeline with one convention switched.
  Our conventions (docs/CONVENTIONS.md) read a body's name to its end, country
  included ("Правительство Японии", "ФТС России"); FactRuEval marks the country
  apart as a LocOrg. `customs_names` has a setting for that, `attach_tails=False`.

    .venv/bin/python benchmarks/ner_factrueval.py ../shared/corpus/factrueval-2016
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.stages.nlp.entities import extract_mentions
from pipeline.stages.nlp.pipelines import load_model, load_rules
from pipeline.stages.nlp.russian import natasha_models

TYPES = ("PER", "LOC", "ORG")
GOLD_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
OUR_TYPES = {"PERSON": "PER", "GPE": "LOC", "ORG": "ORG", "FUND": "ORG"}

Span = tuple[int, int, str]


def documents(root: Path) -> Iterator[tuple[str, str, list[Span]]]:
    """(name, text, gold spans) of every document in devset/ and testset/."""
    for part in ("devset", "testset"):
        for txt in sorted((root / part).glob("*.txt")):
            base = txt.with_suffix("")
            if not base.with_suffix(".spans").exists():
                continue  # testset/list.txt names the documents; it is not one
            text = read_text(txt)
            yield f"{part}/{base.name}", text, gold_spans(base)


def read_text(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def gold_spans(base: Path) -> list[Span]:
    """naeval's selection of spans from `.spans` and `.objects`."""
    spans: dict[str, tuple[str, int, int]] = {}
    for line in read_text(base.with_suffix(".spans")).splitlines():
        fields = line.split("#")[0].split()
        if len(fields) >= 4:
            span_id, kind, start, length = fields[0], fields[1], int(fields[2]), int(fields[3])
            spans[span_id] = (kind, start, start + length)
    selected: list[Span] = []
    for line in read_text(base.with_suffix(".objects")).splitlines():
        fields = line.split("#")[0].split()
        if len(fields) < 3 or fields[1] not in GOLD_TYPES:
            continue
        kind, members = fields[1], [spans[s] for s in fields[2:] if s in spans]
        if not members:
            continue
        if kind == "Person":
            selected.append((min(m[1] for m in members), max(m[2] for m in members), "PER"))
            continue
        wanted = "org_name" if kind == "Org" else "loc_name"
        own = [(s, e, GOLD_TYPES[kind]) for k, s, e in members if k == wanted]
        selected.extend(drop_overlapping(own))
    return drop_overlapping(selected)


def drop_overlapping(spans: Iterable[Span]) -> list[Span]:
    """naeval's filter: in (start, -stop) order, drop spans starting inside the last kept one."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and kept[-1][1] > span[0]:
            continue
        kept.append(span)
    return kept


def tokens(text: str) -> list[tuple[int, int]]:
    """Token offsets (razdel, the tokenizer natasha and naeval use)."""
    from razdel import tokenize

    return [(t.start, t.stop) for t in tokenize(text)]


def tag(toks: list[tuple[int, int]], spans: list[Span], kind: str) -> list[bool]:
    """IO tags of one type: a token is I when inside a span of that type."""
    inside = [(s, e) for s, e, k in spans if k == kind]
    return [any(s <= a and b <= e for s, e in inside) for a, b in toks]


def raw_natasha(text: str) -> list[Span]:
    """natasha's NER as it comes: PER, LOC, ORG spans."""
    from natasha import Doc

    segmenter, _, _, _, ner_tagger = natasha_models()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(ner_tagger)
    return [(s.start, s.stop, s.type) for s in doc.spans if s.type in TYPES]


class Ours:
    """The project's Russian pipeline: model part, then rule part."""

    def __init__(self, attach_tails: bool = True) -> None:
        self.model, self.rules = load_model("ru"), load_rules("ru")
        if not attach_tails:
            self.rules.replace_pipe(
                "customs_names", "customs_names", config={"attach_tails": False}
            )

    def __call__(self, text: str) -> list[Span]:
        doc = self.rules(self.model(text))
        return [
            (m.start_char, m.end_char, OUR_TYPES[m.label])
            for m in extract_mentions(doc, "x")
            if m.label in OUR_TYPES
        ]


Tally = Counter[tuple[str, str]]


def score(
    docs: Iterable[tuple[str, str, list[Span]]],
    systems: dict[str, Callable[[str], list[Span]]],
    limit: int = 0,
) -> tuple[dict[str, Tally], dict[str, float], int]:
    """Token tallies per system and type (pred, gold, hit), seconds per system, documents."""
    counts: dict[str, Tally] = {name: Counter() for name in systems}
    seconds: dict[str, float] = dict.fromkeys(systems, 0.0)
    n_docs = 0
    for _, text, gold in docs:
        toks = tokens(text)
        for name, system in systems.items():
            started = time.perf_counter()
            pred = system(text)
            seconds[name] += time.perf_counter() - started
            for kind in TYPES:
                for is_pred, is_gold in zip(
                    tag(toks, pred, kind), tag(toks, gold, kind), strict=True
                ):
                    counts[name][kind, "pred"] += is_pred
                    counts[name][kind, "gold"] += is_gold
                    counts[name][kind, "hit"] += is_pred and is_gold
        n_docs += 1
        if limit and n_docs >= limit:
            break
    return counts, seconds, n_docs


def print_scores(counts: dict[str, Tally], seconds: dict[str, float]) -> None:
    """One line per system: F1 of each type, seconds."""
    print(f"{'system':18} " + " ".join(f"{k:>6}" for k in TYPES) + "   seconds")
    for name, c in counts.items():
        scores = []
        for kind in TYPES:
            p = c[kind, "hit"] / c[kind, "pred"] if c[kind, "pred"] else 0.0
            r = c[kind, "hit"] / c[kind, "gold"] if c[kind, "gold"] else 0.0
            scores.append(2 * p * r / (p + r) if p + r else 0.0)
        print(f"{name:18} " + " ".join(f"{s:6.3f}" for s in scores) + f"   {seconds[name]:.1f}")


def compare(
    description: str,
    root_help: str,
    documents: Callable[[Path], Iterable[tuple[str, str, list[Span]]]],
    title: str,
    tails_apart: str,
) -> None:
    """The command line of a Russian NER comparison: raw natasha, ours, and ours with a
    body's country tail apart (named `tails_apart`), scored on `documents(root)`;
    `title` is printed with `{n}` the number of documents."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("root", type=Path, help=root_help)
    parser.add_argument("--limit", type=int, default=0, help="score only the first N documents")
    args = parser.parse_args()

    systems: dict[str, Callable[[str], list[Span]]] = {
        "raw natasha": raw_natasha,
        "ours": Ours(),
        tails_apart: Ours(attach_tails=False),
    }
    counts, seconds, n_docs = score(documents(args.root), systems, args.limit)
    print(title.format(n=n_docs))
    print_scores(counts, seconds)


def main() -> None:
    compare(
        __doc__.splitlines()[0],
        "the factrueval-2016 folder",
        documents,
        "FactRuEval-2016 dev+test, {n} documents, token-level F1 (naeval)",
        "ours, FRE conv.",
    )


if __name__ == "__main__":
    main()
