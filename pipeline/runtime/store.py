"""Publishing tables: all of a run's tables appear together or not at all.

Layout of an output folder:

    items.parquet -> .pipeline/current/items.parquet     (one symlink per table)
    run.json      -> .pipeline/current/run.json
    .pipeline/current -> versions/<run_id>               (swapped atomically)
    .pipeline/versions/<run_id>/*.parquet, run.json

A run writes every table into a fresh version folder, fsyncs it, then swaps
the `current` link with one atomic rename. A reader opening `items.parquet`
resolves the link at open time and sees either the previous complete set or
the new one, never a mix in the middle of a write; a crash before the swap
leaves the previous version published.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import OutputFolderError
from pipeline.files import replace_atomically
from pipeline.runtime.faults import checkpoint
from pipeline.tables import COMPRESSION, SCHEMAS, TABLE_NAMES, table_file, table_path

STATE_DIR = ".pipeline"
RUN_RECORD = "run.json"
_KEEP_VERSIONS = 2  # the published one and the one before, for readers still on it
_CONSISTENT_READ_TRIES = 5


def state_dir(output: Path) -> Path:
    """The folder holding versions, cache and lock of an output folder."""
    return output / STATE_DIR


def ensure_output(output: Path) -> None:
    """Create the output folder and its state folder, or fail naming the problem."""
    try:
        (state_dir(output) / "versions").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputFolderError(
            f"output folder {output} cannot be created ({exc.strerror})"
        ) from exc
    if not os.access(output, os.W_OK):
        raise OutputFolderError(f"output folder {output} is not writable")


def write_version(
    output: Path, run_id: str, tables: Mapping[str, pa.Table], record: Mapping[str, Any]
) -> Path:
    """Write every table and the run record into a new, unpublished version folder."""
    missing = set(TABLE_NAMES) - set(tables)
    if missing:
        raise ValueError(f"tables missing from the run: {sorted(missing)}")
    version = state_dir(output) / "versions" / run_id
    partial = version.with_name(run_id + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for name in TABLE_NAMES:
        table = tables[name]
        if not table.schema.equals(SCHEMAS[name]):
            table = table.cast(SCHEMAS[name])
        path = partial / table_file(name)
        pq.write_table(table, path, compression=COMPRESSION)
        _fsync(path)
        checkpoint("write-table")
    record_path = partial / RUN_RECORD
    record_path.write_text(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False))
    _fsync(record_path)
    os.replace(partial, version)
    _fsync(version.parent)
    return version


def publish(output: Path, run_id: str) -> None:
    """Make version `run_id` the published one with a single atomic rename."""
    state = state_dir(output)
    replace_atomically(state / "current", lambda tmp: tmp.symlink_to(Path("versions") / run_id))
    _fsync(state)
    checkpoint("after-swap")
    for name in [*(table_file(t) for t in TABLE_NAMES), RUN_RECORD]:
        _ensure_link(output / name, Path(STATE_DIR) / "current" / name)
    _prune(state / "versions", keep=run_id)


def read_run_record(output: Path) -> dict[str, Any] | None:
    """The published run's record, or None when nothing was published yet."""
    path = state_dir(output) / "current" / RUN_RECORD
    try:
        return dict(json.loads(path.read_text()))
    except (OSError, ValueError):
        return None


def _ensure_link(path: Path, target: Path) -> None:
    if path.is_symlink() and Path(os.readlink(path)) == target:
        return
    replace_atomically(path, lambda tmp: tmp.symlink_to(target))


def _prune(versions: Path, keep: str) -> None:
    current_and_recent = sorted(
        (p for p in versions.iterdir() if not p.name.endswith(".partial")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    survivors = {keep, *(p.name for p in current_and_recent[:_KEEP_VERSIONS])}
    for path in versions.iterdir():
        if path.name not in survivors:
            shutil.rmtree(path, ignore_errors=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def published_tables(output_dir: Path) -> dict[str, Path]:
    """Resolved file of every table present in `output_dir`, all from one published run.

    Table files are symlinks into the current version folder; resolving them
    together (and again if a run published in between) keeps a query or a
    report from mixing two runs. Raises OutputFolderError when there is none.
    """
    for _ in range(_CONSISTENT_READ_TRIES):
        found = {
            name: table_path(output_dir, name).resolve()
            for name in TABLE_NAMES
            if table_path(output_dir, name).exists()
        }
        if len({path.parent for path in found.values()}) <= 1:
            break
    if not found:
        raise OutputFolderError(
            f"no tables in {output_dir}: run `pipeline run --output {output_dir}` first"
        )
    return found
