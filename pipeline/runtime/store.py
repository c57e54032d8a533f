"""Publishing tables: all of a run's tables appear together or not at all.

Layout of an output folder:

    items.parquet -> .pipeline/current/items.parquet     (one symlink per table)
    run.json      -> .pipeline/current/run.json
    .pipeline/current -> versions/<run_id>               (swapped atomically)
    .pipeline/versions/<run_id>/items.parquet/part-00000.parquet, ..., run.json

A run opens a fresh version folder (`start_version`, named `<run_id>.partial`
while it is written), writes the parts of every table into it as results
arrive (the run's workers may write there themselves), closes it
(`finish_version`: run record, fsync, rename to `<run_id>`), then swaps the
`current` link with one atomic rename (`publish`). A reader opening
`items.parquet` resolves the link at open time and sees either the previous
complete set or the new one, never a mix in the middle of a write; a crash
before the swap leaves the previous version published, and the partial folder
is removed by the next run that publishes.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline.errors import OutputFolderError
from pipeline.files import replace_atomically
from pipeline.runtime.faults import checkpoint
from pipeline.runtime.parts import PartWriter, fsync
from pipeline.tables import SCHEMAS, TABLE_NAMES, table_file, table_path

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


def start_version(output: Path, run_id: str) -> Path:
    """A fresh, empty, unpublished version folder for run `run_id`; its path."""
    partial = _partial(output, run_id)
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    return partial


def finish_version(
    output: Path, run_id: str, record: Mapping[str, Any], scratch: tuple[str, ...] = ()
) -> Path:
    """Close the version of `run_id`: every table present, the run record written,
    the `scratch` folders inside it removed, all on disk; still unpublished."""
    partial = _partial(output, run_id)
    for name in scratch:
        shutil.rmtree(partial / name, ignore_errors=True)
    missing = [name for name in TABLE_NAMES if not (partial / table_file(name)).is_dir()]
    if missing:
        raise ValueError(f"tables missing from the run: {missing}")
    for name in TABLE_NAMES:
        fsync(partial / table_file(name))
    record_path = partial / RUN_RECORD
    record_path.write_text(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False))
    fsync(record_path)
    fsync(partial)
    version = state_dir(output) / "versions" / run_id
    os.replace(partial, version)
    fsync(version.parent)
    return version


def write_table(version: Path, name: str, table: pa.Table, index: int = 0) -> None:
    """Write a whole (small) table as part `index` of table `name` in a version folder."""
    if not table.schema.equals(SCHEMAS[name]):
        table = table.cast(SCHEMAS[name])
    writer = PartWriter({name: (version / table_file(name), SCHEMAS[name])}, index)
    writer.write(name, table)
    writer.close()


def write_version(
    output: Path, run_id: str, tables: Mapping[str, pa.Table], record: Mapping[str, Any]
) -> Path:
    """Write every table (each as one part) and the run record as a new, unpublished version."""
    missing = set(TABLE_NAMES) - set(tables)
    if missing:
        raise ValueError(f"tables missing from the run: {sorted(missing)}")
    partial = start_version(output, run_id)
    for name in TABLE_NAMES:
        write_table(partial, name, tables[name])
    return finish_version(output, run_id, record)


def _partial(output: Path, run_id: str) -> Path:
    return state_dir(output) / "versions" / f"{run_id}.partial"


def publish(output: Path, run_id: str) -> None:
    """Make version `run_id` the published one with a single atomic rename."""
    state = state_dir(output)
    replace_atomically(state / "current", lambda tmp: tmp.symlink_to(Path("versions") / run_id))
    fsync(state)
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


def published_tables(output_dir: Path) -> dict[str, Path]:
    """Resolved folder of every table present in `output_dir`, all from one published run.

    Table folders are symlinks into the current version folder; resolving them
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
