"""`pipeline run`: raw documents in, published Parquet tables out.

    ingest -> [per-document stages: pipeline.runtime.work] -> link -> tables -> publish

The stages are declared in `pipeline.runtime.registry`. The bracketed part is
per document, cached by content hash and stage fingerprints, and runs on an
engine (`pipeline.runtime.engine`). Linking runs over the whole corpus, here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import InputFolderError
from pipeline.records import DocumentRecord, ErrorRecord
from pipeline.runtime.cache import Cache
from pipeline.runtime.engine import EngineSettings, batches, run_batches
from pipeline.runtime.faults import checkpoint
from pipeline.runtime.fingerprint import model_identity, package_version, stage_fingerprints
from pipeline.runtime.inputs import Inputs, content_key, document_keys, read_inputs
from pipeline.runtime.lock import run_lock
from pipeline.runtime.registry import STAGES, stage
from pipeline.runtime.reports import RunSummary
from pipeline.runtime.results import DocumentResult
from pipeline.runtime.store import ensure_output, publish, read_run_record, state_dir, write_version
from pipeline.runtime.work import Job, Outcome
from pipeline.settings import DEFAULT_INPUT, DEFAULT_OUTPUT, DISTRIBUTION, en_model
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
    with run_lock(state_dir(output_dir)) as stale_lock:
        inputs = read_inputs(input_dir, dates)
        fingerprints = stage_fingerprints()
        previous = read_run_record(output_dir)
        if not force and _unchanged(previous, inputs, fingerprints):
            assert previous is not None
            return _noop_summary(previous, started)

        cache = Cache(state_dir(output_dir) / "cache")
        settings = EngineSettings(engine, jobs, scheduler)
        processed = _process(inputs, fingerprints, cache, force, settings, progress)
        summary = _publish(output_dir, inputs, processed, fingerprints, started)
        stale_pid = stale_lock.get("pid")
        summary.took_over_stale_lock_from_pid = int(str(stale_pid)) if stale_pid else None
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
class _Processed:
    """Results by content hash, the errors of the run, and what was done."""

    results: dict[str, DocumentResult] = field(default_factory=dict)
    errors: list[ErrorRecord] = field(default_factory=list)
    stats: Counter[str] = field(default_factory=Counter)


def _process(
    inputs: Inputs,
    fingerprints: dict[str, str],
    cache: Cache,
    force: bool,
    settings: EngineSettings,
    progress: ProgressCallback | None,
) -> _Processed:
    """Results by content hash for every document, reusing cached ones.

    Identical contents are processed once; each source path with a content
    that failed gets its own error row.
    """
    done = _Processed()
    todo: dict[str, Job] = {}  # by source of the first document with that content
    queued: set[str] = set()
    for document in inputs.documents:
        sha = content_key(document)
        if sha in done.results or sha in queued:
            continue
        keys = document_keys(document, fingerprints)
        cached = None if force else cache.get_result(keys.result)
        if cached is not None:
            done.results[sha] = cached
        else:
            todo[document.source] = Job(
                document, None if force else cache.get_docbin(keys.annotations)
            )
            queued.add(sha)

    failures: dict[str, ErrorRecord] = {}  # by content hash
    if progress:
        progress(0, len(todo))

    def collect(outcomes: list[Outcome]) -> None:
        for outcome in outcomes:
            document = todo[outcome.source].document
            keys = document_keys(document, fingerprints)
            if outcome.docbin is not None:
                cache.put_docbin(keys.annotations, outcome.docbin)
            done.stats["documents_annotated"] += outcome.annotated
            if outcome.result is not None:
                cache.put_result(keys.result, outcome.result)
                done.results[content_key(document)] = outcome.result
            elif outcome.error is not None:
                failures[content_key(document)] = outcome.error
            done.stats["finished"] += 1
        checkpoint("nlp-batch")
        if progress:
            progress(done.stats["finished"], len(todo))

    run_batches(batches(list(todo.values())), settings, collect)
    done.errors = list(inputs.errors)
    for document in inputs.documents:
        sha = content_key(document)
        if sha in failures:
            done.errors.append(_error_for(failures[sha], document.source))
        elif sha in queued:
            done.stats["documents_processed"] += 1
    return done


def _error_for(error: ErrorRecord, source: str) -> ErrorRecord:
    """The error of a content, told for one of the sources holding it."""
    message = error.message.replace(error.source, source)
    return dataclasses.replace(error, source=source, message=message)


def _publish(
    output_dir: Path,
    inputs: Inputs,
    processed: _Processed,
    fingerprints: dict[str, str],
    started: float,
) -> RunSummary:
    documents: list[DocumentRecord] = []
    bound: list[DocumentResult] = []
    for document in inputs.documents:
        result = processed.results.get(content_key(document))
        if result is None:
            continue  # failed during processing: it is in errors
        result = result.bind(document)
        bound.append(result)
        documents.append(
            DocumentRecord(
                doc_id=document.doc_id,
                source=document.source,
                rubric=result.rubric,
                encoding=document.encoding,
                content_sha256=document.content_sha256,
                n_items=len(result.items),
                n_chars=len(document.text),
                published=document.published,
                published_from=document.published_from,
            )
        )
    link_entities = stage("link").load()
    learned = [a for r in bound for a in r.learned_aliases]
    mentions, entities = link_entities([m for r in bound for m in r.mentions], learned)
    items = [i for r in bound for i in r.items]
    dates = [d for r in bound for d in r.dates]
    counts = [c for r in bound for c in r.counts]
    errors = sorted(processed.errors, key=lambda e: (e.source, e.stage))
    tables = {
        "documents": to_arrow("documents", documents),
        "items": to_arrow("items", items),
        "mentions": to_arrow("mentions", mentions),
        "entities": to_arrow("entities", entities),
        "dates": to_arrow("dates", dates),
        "counts": to_arrow("counts", counts),
        "errors": to_arrow("errors", errors),
    }
    stats = processed.stats
    summary = RunSummary(
        documents=len(inputs.documents) + len(inputs.errors),
        documents_processed=stats["documents_processed"],
        documents_reused=len(bound) - stats["documents_processed"],
        documents_failed=len(errors),
        documents_annotated=stats["documents_annotated"],
        items=len(items),
        mentions=len(mentions),
        mentions_by_label=dict(sorted(Counter(m.label for m in mentions).items())),
        entities=len(entities),
        dates=len(dates),
        counts=len(counts),
        errors=errors,
        output=str(output_dir),
    )
    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    summary.seconds = round(time.perf_counter() - started, 3)
    write_version(output_dir, run_id, tables, _run_record(run_id, inputs, fingerprints, summary))
    checkpoint("before-publish")
    publish(output_dir, run_id)
    return summary


def _run_record(
    run_id: str, inputs: Inputs, fingerprints: dict[str, str], summary: RunSummary
) -> dict[str, Any]:
    packages = sorted({p for s in STAGES for p in s.packages})
    return {
        "run_id": run_id,
        "package_version": package_version(DISTRIBUTION),
        "model_versions": {p: package_version(p) for p in packages},
        "en_model": model_identity(en_model()),
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
