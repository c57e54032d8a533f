"""`pipeline status`: what a run would do now, without loading any model."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from pathlib import Path

from pipeline.runtime.cache import Cache
from pipeline.runtime.fingerprint import stage_fingerprints
from pipeline.runtime.inputs import Inputs, document_keys, read_inputs
from pipeline.runtime.reports import Renamed, StatusReport
from pipeline.runtime.store import read_run_record, state_dir
from pipeline.settings import DEFAULT_INPUT, DEFAULT_OUTPUT


def status(
    input_dir: str | Path = DEFAULT_INPUT,
    output_dir: str | Path = DEFAULT_OUTPUT,
    document_dates: Mapping[str, dt.date] | None = None,
) -> StatusReport:
    """New, changed, renamed, deleted and quarantined sources, stale stages, work to do.

    `document_dates` are the dates a run would be given (`--document-dates`).
    """
    started = time.perf_counter()
    input_dir, output_dir = Path(input_dir), Path(output_dir)
    inputs = read_inputs(input_dir, document_dates)
    previous = read_run_record(output_dir) or {}
    manifest: dict[str, str] = previous.get("manifest", {})
    changes = _compare(manifest, {d.source: d.content_sha256 for d in inputs.documents})

    fingerprints = stage_fingerprints()
    old_fingerprints: dict[str, str] = previous.get("fingerprints", {})
    stale = [name for name, fp in fingerprints.items() if old_fingerprints.get(name) != fp]
    to_extract, to_annotate = _work_to_do(inputs, fingerprints, output_dir)

    quarantined = {e.source: e.error for e in inputs.errors}
    up_to_date = (
        bool(previous)
        and not (changes.new or changes.changed or changes.renamed or changes.deleted or stale)
        and previous.get("quarantined", {}) == quarantined
    )
    return StatusReport(
        documents=len(inputs.documents) + len(inputs.errors),
        documents_processed=to_extract,
        documents_reused=len(inputs.documents) - to_extract,
        documents_failed=len(inputs.errors),
        documents_to_annotate=to_annotate,
        items=previous.get("summary", {}).get("items", 0),
        new=sorted(changes.new),
        changed=sorted(changes.changed),
        renamed=sorted(changes.renamed, key=lambda r: r.source_to),
        deleted=changes.deleted,
        unchanged=changes.unchanged,
        quarantined=sorted(quarantined),
        stale_stages=stale,
        published_run=previous.get("run_id"),
        up_to_date=up_to_date,
        seconds=round(time.perf_counter() - started, 3),
    )


class _Changes:
    def __init__(self) -> None:
        self.new: list[str] = []
        self.changed: list[str] = []
        self.renamed: list[Renamed] = []
        self.deleted: list[str] = []
        self.unchanged = 0


def _compare(manifest: dict[str, str], current: dict[str, str]) -> _Changes:
    """Sources new, changed, renamed (same content, new path), deleted since the manifest."""
    changes = _Changes()
    old_by_hash = {sha: source for source, sha in manifest.items()}
    for source, sha in current.items():
        if source not in manifest:
            if sha in old_by_hash and old_by_hash[sha] not in current:
                changes.renamed.append(Renamed(old_by_hash[sha], source))
            else:
                changes.new.append(source)
        elif manifest[source] != sha:
            changes.changed.append(source)
        else:
            changes.unchanged += 1
    moved_away = {r.source_from for r in changes.renamed}
    changes.deleted = sorted(s for s in manifest if s not in current and s not in moved_away)
    return changes


def _work_to_do(inputs: Inputs, fingerprints: dict[str, str], output_dir: Path) -> tuple[int, int]:
    """(documents whose result is not cached, of those the ones with no cached annotations)."""
    cache = Cache(state_dir(output_dir) / "cache")
    to_extract = to_annotate = 0
    for document in inputs.documents:
        keys = document_keys(document, fingerprints)
        if not cache.has_result(keys.result):
            to_extract += 1
            if not cache.has_docbin(keys.annotations):
                to_annotate += 1
    return to_extract, to_annotate
