"""Re-running does only the work that changed, and gives what a clean run gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.runtime.fingerprint import MODELS_DIR
from pipeline.tables import table_path
from tests.pipeline_runs import read_tables, run_json

pytestmark = pytest.mark.slow


def sources(output: Path) -> list[str]:
    return sorted(pq.read_table(table_path(output, "documents")).column("source").to_pylist())


def item_sources(output: Path) -> set[str]:
    return set(pq.read_table(table_path(output, "items")).column("source").to_pylist())


def test_incremental_runs(samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_json(samples, out)
    good = first["documents"] - first["documents_failed"]
    assert first["documents_processed"] == good > 0

    again = run_json(samples, out)
    assert again["no_op"] is True
    assert again["documents_processed"] == 0
    assert again["documents_reused"] == good

    # Edit one source: only that document is processed.
    edited = samples / "single_paragraph.txt"
    edited.write_text(edited.read_text() + " Forty delegates stayed for a second day.")
    after_edit = run_json(samples, out)
    assert after_edit["documents_processed"] == 1
    assert after_edit["documents_annotated"] == 1
    assert after_edit["documents_reused"] == good - 1

    # Rename one: nothing is reprocessed, the new path is in the tables.
    (samples / "ru" / "vtamo_news.txt").rename(samples / "ru" / "renamed.txt")
    after_rename = run_json(samples, out)
    assert after_rename["documents_processed"] == 0
    assert "ru/renamed.txt" in sources(out) and "ru/vtamo_news.txt" not in sources(out)

    # Delete one: its rows disappear from every table.
    (samples / "single_paragraph.txt").unlink()
    after_delete = run_json(samples, out)
    assert after_delete["documents_processed"] == 0
    assert "single_paragraph.txt" not in sources(out)
    assert "single_paragraph.txt" not in item_sources(out)

    # Whatever the history, the tables equal a clean run's.
    clean = tmp_path / "clean"
    run_json(samples, clean)
    assert read_tables(out) == read_tables(clean)


def test_changed_date_rules_rerun_without_models(samples: Path, tmp_path: Path) -> None:
    models = tmp_path / "models"
    shutil.copytree(MODELS_DIR, models)
    env = {"PIPELINE_MODELS_DIR": str(models)}
    out = tmp_path / "out"
    first = run_json(samples, out, env=env)
    good = first["documents"] - first["documents_failed"]

    rules = next(p for p in sorted((models / "dates").rglob("*")) if p.is_file())
    rules.write_text(rules.read_text() + "\n")
    second = run_json(samples, out, env=env)
    assert second["documents_processed"] == good  # date rules changed for everyone
    assert second["documents_annotated"] == 0  # ... but no spaCy model ran


def test_force_reprocesses_everything(samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_json(samples, out)
    forced = run_json(samples, out, "--force")
    assert forced["documents_processed"] == first["documents_processed"]
    assert forced["documents_annotated"] == first["documents_processed"]


def test_two_runs_give_identical_tables(samples: Path, tmp_path: Path) -> None:
    run_json(samples, tmp_path / "a")
    run_json(samples, tmp_path / "b")
    for name in ("items", "mentions", "entities", "dates", "counts", "documents", "errors"):
        a = pq.read_table(table_path(tmp_path / "a", name))
        b = pq.read_table(table_path(tmp_path / "b", name))
        assert a.equals(b), name
