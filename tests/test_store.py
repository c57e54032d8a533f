"""Publishing: all tables switch together; an unpublished write changes nothing."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.errors import OutputFolderError
from pipeline.records import ErrorRecord
from pipeline.runtime.store import ensure_output, publish, read_run_record, state_dir, write_version
from pipeline.tables import TABLE_NAMES, empty, table_path, to_arrow


def tables_with_error(source: str) -> dict[str, object]:
    tables = {name: empty(name) for name in TABLE_NAMES}
    tables["errors"] = to_arrow(
        "errors", [ErrorRecord(source, "ingest", "empty", f"{source}: empty")]
    )
    return tables


def published_errors(output: Path) -> list[str]:
    return pq.read_table(table_path(output, "errors")).column("source").to_pylist()


def test_every_table_is_published_even_when_empty(tmp_path: Path) -> None:
    ensure_output(tmp_path)
    write_version(tmp_path, "r1", tables_with_error("a.txt"), {"run_id": "r1"})
    publish(tmp_path, "r1")
    for name in TABLE_NAMES:
        table = pq.read_table(table_path(tmp_path, name))
        assert table.num_rows == (1 if name == "errors" else 0)
    assert read_run_record(tmp_path) == {"run_id": "r1"}
    assert (tmp_path / "run.json").exists()


def test_written_but_unpublished_version_is_invisible(tmp_path: Path) -> None:
    ensure_output(tmp_path)
    write_version(tmp_path, "r1", tables_with_error("old.txt"), {"run_id": "r1"})
    publish(tmp_path, "r1")
    write_version(tmp_path, "r2", tables_with_error("new.txt"), {"run_id": "r2"})
    assert published_errors(tmp_path) == ["old.txt"]
    assert read_run_record(tmp_path) == {"run_id": "r1"}
    publish(tmp_path, "r2")
    assert published_errors(tmp_path) == ["new.txt"]


def test_reader_holding_old_files_keeps_reading_them(tmp_path: Path) -> None:
    ensure_output(tmp_path)
    write_version(tmp_path, "r1", tables_with_error("old.txt"), {})
    publish(tmp_path, "r1")
    (old_part,) = table_path(tmp_path, "errors").resolve().glob("part-*.parquet")
    with open(old_part, "rb") as reader:
        for run_id in ("r2", "r3", "r4"):
            write_version(tmp_path, run_id, tables_with_error(f"{run_id}.txt"), {})
            publish(tmp_path, run_id)
        assert pq.read_table(reader).column("source").to_pylist() == ["old.txt"]
    assert published_errors(tmp_path) == ["r4.txt"]
    versions = sorted(p.name for p in (state_dir(tmp_path) / "versions").iterdir())
    assert len(versions) <= 2 and "r4" in versions


def test_missing_table_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    ensure_output(tmp_path)
    tables = tables_with_error("a.txt")
    del tables["counts"]
    with pytest.raises(ValueError, match="counts"):
        write_version(tmp_path, "r1", tables, {})
    assert not (state_dir(tmp_path) / "versions" / "r1").exists()


def test_output_that_cannot_be_created_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputFolderError, match="file"):
        ensure_output(blocker / "out")
