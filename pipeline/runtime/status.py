"""`pipeline status`: what a run would do now, without loading any model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.runtime.cache import Cache
from pipeline.runtime.fingerprint import stage_fingerprints
from pipeline.runtime.runner import document_keys, read_inputs
from pipeline.runtime.store import read_run_record, state_dir


def status(
    input_dir: Path = Path("data/raw"), output_dir: Path = Path("data/processed")
) -> dict[str, Any]:
    """New, changed, renamed, deleted and quarantined sources, stale stages, work to do."""
    input_dir, output_dir = Path(input_dir), Path(output_dir)
    inputs = read_inputs(input_dir)
    previous = read_run_record(output_dir) or {}
    manifest: dict[str, str] = previous.get("manifest", {})
    old_by_hash = {sha: source for source, sha in manifest.items()}
    current = {d.source: d.content_sha256 for d in inputs.documents}

    new, changed, renamed, unchanged = [], [], [], []
    for source, sha in current.items():
        if source not in manifest:
            if sha in old_by_hash and old_by_hash[sha] not in current:
                renamed.append({"from": old_by_hash[sha], "to": source})
            else:
                new.append(source)
        elif manifest[source] != sha:
            changed.append(source)
        else:
            unchanged.append(source)
    moved_away = {r["from"] for r in renamed}
    deleted = sorted(s for s in manifest if s not in current and s not in moved_away)

    fingerprints = stage_fingerprints()
    old_fps: dict[str, str] = previous.get("fingerprints", {})
    stale = [stage for stage, fp in fingerprints.items() if old_fps.get(stage) != fp]

    cache = Cache(state_dir(output_dir) / "cache")
    to_annotate = to_extract = 0
    for document in inputs.documents:
        nlp_key, result_key = document_keys(document, fingerprints)
        if not cache.has_result(result_key):
            to_extract += 1
            if not cache.has_docbin(nlp_key):
                to_annotate += 1

    up_to_date = (
        bool(previous)
        and not (new or changed or renamed or deleted or stale)
        and (previous.get("quarantined", {}) == {e.source: e.error for e in inputs.errors})
    )
    return {
        "documents": len(inputs.documents) + len(inputs.errors),
        "documents_processed": to_extract,
        "documents_reused": len(inputs.documents) - to_extract,
        "documents_failed": len(inputs.errors),
        "documents_to_annotate": to_annotate,
        "items": previous.get("summary", {}).get("items", 0),
        "seconds": 0.0,
        "new": sorted(new),
        "changed": sorted(changed),
        "renamed": sorted(renamed, key=lambda r: r["to"]),
        "deleted": deleted,
        "unchanged": len(unchanged),
        "quarantined": sorted(e.source for e in inputs.errors),
        "stale_stages": stale,
        "published_run": previous.get("run_id"),
        "up_to_date": up_to_date,
    }
