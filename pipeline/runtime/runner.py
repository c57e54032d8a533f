"""`pipeline run`: raw documents in, published Parquet tables out.

    ingest -> [per-document stages, written as parts: pipeline.runtime.tasks] -> link -> publish

The stages are declared in `pipeline.runtime.registry`. The documents, in input
order, are cut into batches and the batches into parts; each part runs on an
engine (`pipeline.runtime.engine`) that processes its documents (cached per
document by content hash and stage fingerprints) and writes their rows as part
files of the tables in the run's unpublished version folder. Linking is then
a two-pass aggregate over those parts (`pipeline.runtime.linking`), and the
version is published whole. This process holds a few hundred bytes per
document (paths, hashes), never the rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import DocumentError, InputFolderError
from pipeline.records import ErrorRecord
from pipeline.runtime.cache import Cache
from pipeline.runtime.engine import (
    Engine,
    EngineSettings,
    batches,
    by_size,
    open_engine,
    parts,
)
from pipeline.runtime.faults import checkpoint
from pipeline.runtime.fingerprint import (
    model_identity,
    package_version,
    stage_fingerprints,
    weights_identity,
)
from pipeline.runtime.inputs import Inputs, Source, document_keys, load_document, read_inputs
from pipeline.runtime.linking import Linked, link_mentions
from pipeline.runtime.lock import run_lock
from pipeline.runtime.registry import STAGES
from pipeline.runtime.reports import RunSummary
from pipeline.runtime.store import (
    ensure_output,
    finish_version,
    publish,
    read_run_record,
    start_version,
    state_dir,
    write_table,
)
from pipeline.runtime.tasks import STAGING, Entry, PartReport, PartTask, write_part
from pipeline.settings import DEFAULT_INPUT, DEFAULT_OUTPUT, DISTRIBUTION, en_model, en_ner
from pipeline.tables import to_arrow

ProgressCallback = Callable[[int, int], None]  # (done, total)


def run(
    input_dir: str | Path = DEFAULT_INPUT,
    output_dir: str | Path = DEFAULT_OUTPUT,
    *,
    jobs: int = 1,
    force: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    document_dates: str | Path | None = None,
    progress: ProgressCallback | None = None,
) -> RunSummary:
    """Run the pipeline; returns the run summary (also stored in run.json).

    `document_dates` names a CSV of `source,date` rows giving documents their
    own date (it wins over a date in the path or the header).
    Raises PipelineError subclasses when the run cannot happen at all; bad
    documents are quarantined into errors.parquet and the run goes on.
    """
    from pipeline.stages.ingest import discover

    started = time.perf_counter()
    input_dir, output_dir = Path(input_dir), Path(output_dir)
    discover(input_dir)  # fail fast, before touching the output, on a bad input folder
    ensure_output(output_dir)
    dates = _document_dates(document_dates)
    settings = EngineSettings(engine, jobs, scheduler)
    with run_lock(state_dir(output_dir)) as stale_lock, contextlib.ExitStack() as running_engine:
        previous = read_run_record(output_dir)
        running = None
        if force or previous is None:
            # Work is certain: the workers start (and load their models) while the
            # inputs are read; otherwise only once the run is known to be no no-op.
            running = running_engine.enter_context(open_engine(settings))
        inputs = read_inputs(input_dir, dates)
        fingerprints = stage_fingerprints()
        if not force and _unchanged(previous, inputs, fingerprints):
            assert previous is not None
            return _noop_summary(previous, started)

        run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        version = start_version(output_dir.resolve(), run_id)
        if running is None:
            running = running_engine.enter_context(open_engine(settings))
        plan = _Plan.make(inputs, fingerprints, output_dir, force, running.workers)
        written = _write_parts(plan, version, running, progress)
        linked = link_mentions(version, len(plan.parts), running)
        running_engine.close()  # workers stop before the tables are finished
        summary = _finish(
            output_dir, run_id, version, inputs, fingerprints, plan, written, linked, started
        )
        checkpoint("before-publish")
        publish(output_dir, run_id)
        stale_pid = stale_lock.get("pid")
        summary.took_over_stale_lock_from_pid = int(str(stale_pid)) if stale_pid else None
        return summary


def _finish(
    output_dir: Path,
    run_id: str,
    version: Path,
    inputs: Inputs,
    fingerprints: dict[str, str],
    plan: _Plan,
    written: _Written,
    linked: Linked,
    started: float,
) -> RunSummary:
    """The run's last tables (errors, entities) and its record written into `version`,
    ready to publish; returns the summary."""
    errors = sorted([*inputs.errors, *written.errors], key=lambda e: (e.source, e.stage))
    write_table(version, "errors", to_arrow("errors", errors))
    write_table(version, "entities", to_arrow("entities", linked.entities))
    failed = {e.source for e in written.errors}
    processed = sum(1 for s in plan.to_process if s not in failed)
    summary = RunSummary(
        documents=len(inputs.documents) + len(inputs.errors),
        documents_processed=processed,
        documents_reused=written.documents - processed,
        documents_failed=len(errors),
        documents_annotated=written.annotated,
        items=written.rows.get("items", 0),
        mentions=linked.mentions,
        mentions_by_label=linked.mentions_by_label,
        entities=len(linked.entities),
        dates=written.rows.get("dates", 0),
        counts=written.rows.get("counts", 0),
        errors=errors,
        output=str(output_dir),
    )
    summary.seconds = round(time.perf_counter() - started, 3)
    record = _run_record(run_id, inputs, fingerprints, summary)
    finish_version(output_dir.resolve(), run_id, record, scratch=(STAGING,))
    return summary


def _document_dates(path: str | Path | None) -> dict[str, dt.date]:
    """The `--document-dates` CSV, or nothing; a bad file stops the run with its line."""
    if path is None:
        return {}
    from pipeline.stages.published import read_document_dates

    try:
        return read_document_dates(Path(path))
    except (OSError, ValueError) as exc:
        raise InputFolderError(str(exc)) from exc


def _unchanged(previous: dict[str, Any] | None, inputs: Inputs, fps: dict[str, str]) -> bool:
    return (
        previous is not None
        and previous.get("inputs_digest") == inputs.digest()
        and previous.get("fingerprints") == fps
    )


@dataclass(slots=True)
class _Plan:
    """The run's parts: batches of (source, cache keys, whether its result is cached)."""

    parts: list[list[list[tuple[Source, str, str, bool]]]]
    to_process: set[str]  # sources whose result was not cached when the run started
    cache: Path
    force: bool

    @classmethod
    def make(
        cls,
        inputs: Inputs,
        fingerprints: dict[str, str],
        output_dir: Path,
        force: bool,
        workers: int,
    ) -> _Plan:
        cache = Cache(state_dir(output_dir.resolve()) / "cache")
        work = batches(inputs.documents)
        planned = []
        to_process: set[str] = set()
        for batch in work:
            rows = []
            for source in batch:
                keys = document_keys(source, fingerprints)
                cached = not force and cache.has_result(keys.result)
                if not cached:
                    to_process.add(source.source)
                rows.append((source, keys.result, keys.annotations, cached))
            planned.append(rows)
        grouped = [[planned[i] for i in group] for group in parts(work, workers)]
        return cls(grouped, to_process, cache.root, force)

    def tasks(self, version: Path, ship_texts: bool) -> Iterator[PartTask]:
        """The part tasks, the most work (characters not cached) first, made one at
        a time: texts are read only when shipped."""
        sizes = [
            sum(source.n_chars for batch in part for source, _, _, cached in batch if not cached)
            for part in self.parts
        ]
        for index in by_size(sizes):
            part = self.parts[index]
            yield PartTask(
                index=index,
                version=str(version),
                cache=str(self.cache),
                batches=tuple(tuple(_entry(row, ship_texts) for row in batch) for batch in part),
                force=self.force,
            )

    @property
    def documents(self) -> int:
        return sum(len(batch) for part in self.parts for batch in part)


def _entry(row: tuple[Source, str, str, bool], ship_text: bool) -> Entry:
    source, result_key, annotations_key, cached = row
    if cached or not ship_text:
        return Entry(source, result_key, annotations_key)
    try:
        document = load_document(source)
    except DocumentError as exc:
        error = ErrorRecord(source.source, "ingest", exc.code, exc.message)
        return Entry(source, result_key, annotations_key, error=error)
    return Entry(source, result_key, annotations_key, document)


@dataclass(slots=True)
class _Written:
    """What the parts reported, added up."""

    documents: int = 0
    annotated: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    errors: list[ErrorRecord] = field(default_factory=list)


def _write_parts(
    plan: _Plan, version: Path, engine: Engine, progress: ProgressCallback | None
) -> _Written:
    written = _Written()
    total = plan.documents
    done = 0
    if progress:
        progress(0, total)

    def advance(documents: int) -> None:
        nonlocal done
        done += documents
        if progress:
            progress(done, total)

    def collect(report: PartReport) -> None:
        written.documents += report.documents
        written.annotated += report.annotated
        written.errors.extend(report.errors)
        for name, rows in report.rows.items():
            written.rows[name] = written.rows.get(name, 0) + rows
        if not engine.in_process:
            advance(report.documents + len(report.errors))

    function: Callable[..., PartReport] = write_part
    if engine.in_process:
        function = functools.partial(write_part, on_batch=advance)
    engine.map(function, plan.tasks(version, engine.ships_texts), collect)
    if not plan.parts:  # no readable document: every table still gets its (empty) part
        for name in ("documents", "items", "dates", "counts", "mentions"):
            write_table(version, name, to_arrow(name, []))
    return written


def _run_record(
    run_id: str, inputs: Inputs, fingerprints: dict[str, str], summary: RunSummary
) -> dict[str, Any]:
    packages = sorted({p for s in STAGES for p in s.packages})
    return {
        "run_id": run_id,
        "package_version": package_version(DISTRIBUTION),
        "model_versions": {p: package_version(p) for p in packages},
        "en_model": model_identity(en_model()),
        "en_ner": weights_identity(en_ner()),
        "fingerprints": fingerprints,
        "inputs_digest": inputs.digest(),
        "manifest": {d.source: d.content_sha256 for d in inputs.documents},
        "quarantined": {e.source: e.error for e in inputs.errors},
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "summary": summary.as_dict(),
    }


def _noop_summary(previous: dict[str, Any], started: float) -> RunSummary:
    summary = RunSummary.from_dict(previous.get("summary", {}))
    summary.documents_processed = 0
    summary.documents_annotated = 0
    summary.documents_reused = summary.documents - summary.documents_failed
    summary.no_op = True
    summary.took_over_stale_lock_from_pid = None
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary
