"""Engines: where tasks run. All give the same results; the order of arrival may differ.

- `local`: in this process (`--jobs 1`);
- `processes`: a pool of N worker processes on this machine (`--jobs N`);
- `dask`: Dask workers, on a local cluster or at `--scheduler ADDRESS`.

An engine is opened once per run (`open_engine`) and maps task functions over
tasks given lazily: at most a few tasks per worker are in flight at a time, so
neither this process nor the scheduler ever holds the whole run's tasks. Each
worker process loads the spaCy pipelines once and keeps them for every task.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from pipeline.runtime.inputs import Source, content_key

if TYPE_CHECKING:  # imported by the forkserver, by name: here for the stage fingerprints
    import pipeline.runtime.warm  # noqa: F401

ENGINES = ("local", "dask")
# What the forkserver of `--jobs N` imports before it forks workers: the models.
FORKSERVER_PRELOAD = ["pipeline.runtime.warm"]
PART_CHARS = 4_000_000  # characters of source text per part of the tables, at most


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """How to run tasks: engine name, local worker count, Dask scheduler address."""

    engine: str = "local"
    jobs: int = 1
    scheduler: str | None = None


class Engine(Protocol):
    """Runs `function(task, *shared)` for every task, calling `on_done` with each result."""

    in_process: bool  # True: tasks run in this process, one after the other
    ships_texts: bool  # True: workers may not see the input folder; tasks carry texts
    workers: int

    def share(self, value: Any) -> Any:
        """`value` as an argument every task can be given (sent to each worker once)."""

    def map(
        self,
        function: Callable[..., Any],
        tasks: Iterable[Any],
        on_done: Callable[[Any], None],
        *shared: Any,
    ) -> None: ...


def batches(
    sources: Sequence[Source], max_chars: int = 200_000, max_docs: int = 256
) -> list[list[Source]]:
    """Group documents into batches of bounded text size, keeping their order, but
    for copies: a later copy of a content (same text and date) joins the batch of
    its first while that batch has room for a document, adding no text to process.
    A batch processes each content once (`tasks._results`), so a run annotates
    each content once, `--force` or not, whichever worker gets the batch. News
    feeds repeat articles, and files get copied."""
    grouped: list[list[Source]] = []
    current: list[Source] = []
    size = 0
    batch_of: dict[str, list[Source]] = {}  # content -> the batch that processes it
    for source in sources:
        key = content_key(source)
        first = batch_of.get(key)
        if first is not None and len(first) < max_docs:
            first.append(source)
            continue
        if current and (size + source.n_chars > max_chars or len(current) >= max_docs):
            grouped.append(current)
            current, size = [], 0
        current.append(source)
        size += source.n_chars
        batch_of[key] = current
    if current:
        grouped.append(current)
    return grouped


PARTS_PER_WORKER = 4  # at least, when there are enough batches (see `parts`)


def parts(work: list[list[Source]], workers: int, max_chars: int | None = None) -> list[list[int]]:
    """Consecutive batches (by index) grouped into parts of about `max_chars`
    characters (default `PART_CHARS`), and into at least `PARTS_PER_WORKER` parts
    per worker when there are enough batches: every worker gets some, and the last
    parts to run, the smallest (`by_size`), leave little for one worker to finish
    while the others wait (with two parts per worker, 3 s of a 60 s run)."""
    sizes = [sum(s.n_chars for s in batch) for batch in work]
    total = sum(sizes)
    limit = PART_CHARS if max_chars is None else max_chars
    least = min(len(work), PARTS_PER_WORKER * workers if workers > 1 else 1)
    count = max(math.ceil(total / limit), least)
    grouped: list[list[int]] = []
    before = 0
    for index, size in enumerate(sizes):
        part = min(count - 1, before * count // total) if total else 0
        while len(grouped) <= part:
            grouped.append([])
        grouped[part].append(index)
        before += size
    return [group for group in grouped if group]


def by_size(sizes: Sequence[int]) -> list[int]:
    """Indexes of tasks of these sizes, largest first (the order in which to hand
    them out: the small ones last even out the workers' ends); ties by index."""
    return sorted(range(len(sizes)), key=lambda index: (-sizes[index], index))


class _Local:
    in_process = True
    ships_texts = False
    workers = 1

    def share(self, value: Any) -> Any:
        return value

    def map(
        self,
        function: Callable[..., Any],
        tasks: Iterable[Any],
        on_done: Callable[[Any], None],
        *shared: Any,
    ) -> None:
        for task in tasks:
            on_done(function(task, *shared))


class _Processes:
    in_process = False
    ships_texts = False

    def __init__(self, pool: ProcessPoolExecutor, workers: int) -> None:
        self.pool = pool
        self.workers = workers

    def share(self, value: Any) -> Any:
        return value

    def start(self) -> threading.Thread:
        """Start every worker now (they load the models) rather than on the first task,
        from a thread: starting the first one waits for the forkserver to load the
        models, and this process has the inputs to read meanwhile."""

        def submit_all() -> None:
            with suppress(Exception):  # a broken pool fails the run's tasks
                for _ in range(self.workers):
                    self.pool.submit(_ready)

        starting = threading.Thread(target=submit_all, name="start-workers", daemon=True)
        starting.start()
        return starting

    def map(
        self,
        function: Callable[..., Any],
        tasks: Iterable[Any],
        on_done: Callable[[Any], None],
        *shared: Any,
    ) -> None:
        pending: set[Future[Any]] = set()
        todo = iter(tasks)
        for task in _take(todo, 2 * self.workers):
            pending.add(self.pool.submit(function, task, *shared))
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                on_done(future.result())
                for task in _take(todo, 1):
                    pending.add(self.pool.submit(function, task, *shared))


def _ready() -> None:
    """A task that does nothing: submitted to make the pool start its workers."""


def _start_worker(environment: dict[str, str]) -> None:
    """In a new worker: the environment of the run (the forkserver's may be older)."""
    os.environ.clear()
    os.environ.update(environment)
    from pipeline.runtime.warm import warm_up

    warm_up()  # the models again only if the environment names other ones


def _take(tasks: Iterator[Any], n: int) -> list[Any]:
    taken = []
    for task in tasks:
        taken.append(task)
        if len(taken) >= n:
            break
    return taken


@contextmanager
def open_engine(settings: EngineSettings) -> Iterator[Engine]:
    """The engine of `settings`, started (pool, cluster, connection) and stopped after."""
    if settings.engine == "dask":
        from pipeline.runtime.dask_engine import dask_engine

        with dask_engine(settings.scheduler, settings.jobs) as engine:
            yield engine
    elif settings.jobs > 1:
        # forkserver, not fork: the parent may hold threads (progress bar) and loaded
        # models. The forkserver is a clean interpreter that loads the models once
        # (FORKSERVER_PRELOAD) and forks every worker from there, models included;
        # each worker then takes the run's environment, as a spawned one would.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(FORKSERVER_PRELOAD)
        with ProcessPoolExecutor(
            max_workers=settings.jobs,
            mp_context=context,
            initializer=_start_worker,
            initargs=(dict(os.environ),),
        ) as pool:
            processes = _Processes(pool, settings.jobs)
            starting = processes.start()
            try:
                yield processes
            finally:
                starting.join()  # before the pool shuts down
    else:
        yield _Local()
