"""Engines: where batches of jobs run. All give the same outcomes, in order.

- `local`: in this process (`--jobs 1`);
- `processes`: a pool of N worker processes on this machine (`--jobs N`);
- `dask`: Dask workers, on a local cluster or at `--scheduler ADDRESS`.

Each worker process loads the spaCy pipelines once and keeps them for every
batch it is given.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from pipeline.runtime.work import Job, Outcome, process

ENGINES = ("local", "dask")


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """How to run batches: engine name, local worker count, Dask scheduler address."""

    engine: str = "local"
    jobs: int = 1
    scheduler: str | None = None


def batches(jobs: Sequence[Job], max_chars: int = 200_000, max_docs: int = 256) -> list[list[Job]]:
    """Group jobs into batches of bounded text size, keeping their order."""
    grouped: list[list[Job]] = []
    current: list[Job] = []
    size = 0
    for job in jobs:
        length = len(job.document.text)
        if current and (size + length > max_chars or len(current) >= max_docs):
            grouped.append(current)
            current, size = [], 0
        current.append(job)
        size += length
    if current:
        grouped.append(current)
    return grouped


def run_batches(
    work: list[list[Job]],
    settings: EngineSettings,
    on_done: Callable[[list[Outcome]], None],
) -> None:
    """Run every batch on the chosen engine, calling `on_done` as each finishes."""
    if not work:
        return
    if settings.engine == "dask":
        from pipeline.runtime.dask_engine import run_on_dask

        run_on_dask(work, settings.scheduler, settings.jobs, on_done)
    elif settings.jobs > 1:
        for outcomes in _in_processes(work, settings.jobs):
            on_done(outcomes)
    else:
        for batch in work:
            on_done(process(batch))


def _in_processes(work: list[list[Job]], jobs: int) -> Iterator[list[Outcome]]:
    # spawn, not fork: the parent may hold threads (progress bar) and loaded
    # models; a clean interpreter per worker is the safe choice.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(process, batch) for batch in work]
        for future in as_completed(futures):
            yield future.result()
