"""Would the work around the model gain from a second thread? Sequential against overlapped.

    .venv/bin/python benchmarks/overlap.py --input DIR [--rounds 4] [--batch-docs 32]

In one process, over the documents of `--input` in batches of `--batch-docs`:

- sequential: each batch through the model (`pipeline.runtime.work`'s model step),
  then through the rules, dates and counts (its extraction step), as `pipeline run
  --jobs 1` does;
- overlapped: the same steps, but a batch's extraction runs in a second thread
  while the main thread runs the model over the next batch.

It prints the wall and CPU seconds of each, `--rounds` times in alternating order
(after one warm-up pass), and the mentions found (the same in both: the check that
both did the same work). Overlap pays only if spaCy leaves the interpreter lock
free long enough for the other thread to run: wall time well under CPU time. It
uses the per-document steps of `pipeline.runtime.work` directly (not its public
`process`), as the point is to run them in another order. The memory zones of a
run are left out of both.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pipeline.runtime.work import Job, Outcome, _annotate, _extract_one, _prepared
from pipeline.stages.ingest import discover, read_document
from pipeline.stages.nlp.annotate import model
from pipeline.stages.nlp.entities import rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, required=True, help="a folder of sources")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--batch-docs", type=int, default=32)
    args = parser.parse_args()

    jobs = [Job(read_document(path, args.input)) for path in discover(args.input)]
    batches = [jobs[i : i + args.batch_docs] for i in range(0, len(jobs), args.batch_docs)]
    model("en")
    rules("en")

    def extract_all(prepared: list[Any], annotated: dict[str, list[Any]]) -> list[Outcome]:
        return [_extract_one(p, annotated) for p in prepared]

    def sequential() -> list[Outcome]:
        outcomes: list[Outcome] = []
        for batch in batches:
            prepared = [_prepared(job) for job in batch]
            annotated = _annotate(prepared)
            outcomes += extract_all(prepared, annotated)
        return outcomes

    def overlapped() -> list[Outcome]:
        outcomes: list[Outcome] = []
        pending: Future[list[Outcome]] | None = None
        with ThreadPoolExecutor(1) as extractor:
            for batch in batches:
                prepared = [_prepared(job) for job in batch]
                annotated = _annotate(prepared)
                if pending is not None:
                    outcomes += pending.result()
                pending = extractor.submit(extract_all, prepared, annotated)
            if pending is not None:
                outcomes += pending.result()
        return outcomes

    sequential()  # warm-up: the vocabulary fills as a long run's would have
    ways: list[tuple[str, Callable[[], list[Outcome]]]] = [
        ("sequential", sequential),
        ("overlapped", overlapped),
    ]
    print(f"{len(jobs)} documents, batches of {args.batch_docs}")
    print(f"{'round':>5} {'way':<11} {'wall s':>7} {'CPU s':>7} {'mentions':>9}")
    for n in range(args.rounds):
        for name, run in ways if n % 2 == 0 else ways[::-1]:
            wall, cpu = time.perf_counter(), time.process_time()
            outcomes = run()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            mentions = sum(len(o.result.mentions) for o in outcomes if o.result)
            print(f"{n + 1:>5} {name:<11} {wall:7.1f} {cpu:7.1f} {mentions:>9}", flush=True)


if __name__ == "__main__":
    main()
