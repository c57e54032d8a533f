"""The commands end to end on the project's own sample sources."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import pipeline.runtime.engine
import pipeline.runtime.runner
from pipeline.apps.cli import app
from pipeline.runtime.runner import run
from pipeline.tables import TABLE_NAMES, table_path
from tests.conftest import FIXTURES, SAMPLES

pytestmark = pytest.mark.slow
runner = CliRunner()
EXPECTED = json.loads((FIXTURES / "sample_items.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    """A copy of data/raw and the tables of one CLI run over it."""
    root = tmp_path_factory.mktemp("cli")
    raw = root / "raw"
    shutil.copytree(SAMPLES, raw)
    out = root / "out"
    result = runner.invoke(app, ["run", "--input", str(raw), "--output", str(out), "--json"])
    assert result.exit_code == 0, result.output
    return raw, out, json.loads(result.stdout)


def rows(out: Path, name: str) -> list[dict[str, Any]]:
    return pq.read_table(table_path(out, name)).to_pylist()


def test_json_summary_has_the_contract_keys(built: tuple[Path, Path, dict[str, Any]]) -> None:
    _, _, summary = built
    for key in (
        "documents",
        "documents_processed",
        "documents_reused",
        "documents_failed",
        "items",
        "seconds",
    ):
        assert key in summary
    assert summary["documents"] == 5
    assert summary["documents_failed"] == 1
    assert summary["items"] == sum(len(v) for v in EXPECTED["items"].values())


def test_every_table_is_written(built: tuple[Path, Path, dict[str, Any]]) -> None:
    _, out, _ = built
    for name in TABLE_NAMES:
        assert table_path(out, name).exists()
    assert (out / "run.json").exists()


def test_items_documents_and_errors_match_fixture(built: tuple[Path, Path, dict[str, Any]]) -> None:
    _, out, _ = built
    documents = {d["source"]: d for d in rows(out, "documents")}
    assert {s: d["rubric"] for s, d in documents.items()} == EXPECTED["rubrics"]
    assert {s: d["encoding"] for s, d in documents.items()} == EXPECTED["encodings"]
    errors = {e["source"]: e["error"] for e in rows(out, "errors")}
    assert errors == EXPECTED["quarantined"]
    got: dict[str, list[dict[str, Any]]] = {}
    for item in sorted(rows(out, "items"), key=lambda i: (i["source"], i["position"])):
        got.setdefault(item["source"], []).append(
            {
                "title": item["title"],
                "section": item["section"],
                "author": item["author"],
                "language": item["language"],
                "body_start": item["body"][:40],
            }
        )
    assert got == EXPECTED["items"]


def test_spans_index_item_text_cleanly(built: tuple[Path, Path, dict[str, Any]]) -> None:
    _, out, _ = built
    texts = {i["item_id"]: i["text"] for i in rows(out, "items")}
    for name in ("mentions", "dates", "counts"):
        for span in rows(out, name):
            assert texts[span["item_id"]][span["start_char"] : span["end_char"]] == span["text"]
            text = span["text"]
            assert text == text.strip(" \u00a0\n\t,;:()«»\"'")
            # A full stop may only end an abbreviation that belongs to the span ("2020 г.").
            assert not text.endswith(".") or (text[-3:-1].strip().isalpha() and text[-3] == " ")
            assert not span["text"].startswith(("the ", "The "))


def test_items_sit_at_their_offsets_in_the_source(built: tuple[Path, Path, dict[str, Any]]) -> None:
    raw, out, _ = built
    from pipeline.stages.ingest import read_document

    for item in rows(out, "items"):
        document = read_document(raw / item["source"], raw)
        assert document.text[item["start_char"] : item["end_char"]] == item["text"]


def test_mentions_link_to_entities_across_languages(
    built: tuple[Path, Path, dict[str, Any]],
) -> None:
    _, out, _ = built
    entities = {e["entity_id"]: e for e in rows(out, "entities")}
    mentions = rows(out, "mentions")
    assert all(m["entity_id"] in entities for m in mentions)
    wco = {m["entity_id"] for m in mentions if m["text"] in ("WCO", "ВТамО")}
    assert len(wco) == 1
    (wco_id,) = wco
    assert {"WCO", "World Customs Organization", "ВТамО"} <= set(entities[wco_id]["aliases"])
    assert entities[wco_id]["n_mentions"] == sum(1 for m in mentions if m["entity_id"] == wco_id)


def test_eval_through_the_cli(built: tuple[Path, Path, dict[str, Any]]) -> None:
    _, out, _ = built
    gold = FIXTURES / "samples_gold.jsonl"
    result = runner.invoke(app, ["eval", "--gold", str(gold), "--output", str(out), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["segmentation"]["items"]["tp"] == 8
    assert scores["segmentation"]["authors_exact"] == 8
    assert scores["entities"]["lenient"]["overall"]["f1"] >= 0.9
    assert scores["entities"]["strict"]["overall"]["f1"] >= 0.85
    assert scores["dates"]["value"]["f1"] >= 0.9
    assert scores["counts"]["full"]["f1"] >= 0.9
    human = runner.invoke(app, ["eval", "--gold", str(gold), "--output", str(out)])
    assert human.exit_code == 0 and "lenient" in human.stdout


def test_eval_names_a_broken_gold_file(
    built: tuple[Path, Path, dict[str, Any]], tmp_path: Path
) -> None:
    _, out, _ = built
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "a.txt"}\n')
    result = runner.invoke(app, ["eval", "--gold", str(gold), "--output", str(out)])
    assert result.exit_code != 0
    assert "gold.jsonl:1" in result.stderr


def test_status_reports_changes_without_loading_models(
    built: tuple[Path, Path, dict[str, Any]], tmp_path: Path
) -> None:
    raw, out, _ = built
    changed = tmp_path / "raw"
    shutil.copytree(raw, changed)
    (changed / "new.txt").write_text("Heading\n\nTwelve experts met on 2 June 2021. It went well.")
    (changed / "single_paragraph.txt").unlink()
    (changed / "ru" / "vtamo_news.txt").rename(changed / "ru" / "moved.txt")
    script = (
        "import json, sys, pipeline\n"
        f"report = pipeline.status({str(changed)!r}, {str(out)!r}).as_dict()\n"
        "models = ('spacy', 'natasha', 'pymorphy2')\n"
        "report['models_imported'] = [m for m in models if m in sys.modules]\n"
        "print(json.dumps(report))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    report = json.loads(done.stdout)
    assert report["models_imported"] == []
    assert report["new"] == ["new.txt"]
    assert report["deleted"] == ["single_paragraph.txt"]
    assert report["renamed"] == [{"from": "ru/vtamo_news.txt", "to": "ru/moved.txt"}]
    assert report["documents_processed"] == 1 and report["up_to_date"] is False

    same = runner.invoke(app, ["status", "--input", str(raw), "--output", str(out), "--json"])
    assert same.exit_code == 0 and json.loads(same.stdout)["up_to_date"] is True
    human = runner.invoke(app, ["status", "--input", str(changed), "--output", str(out)])
    assert "new.txt" in human.stdout and "renamed" in human.stdout


@pytest.mark.parametrize("command", [["run"], ["status"]])
def test_missing_input_folder_is_one_line_not_a_traceback(
    tmp_path: Path, command: list[str]
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            *command,
            "--input",
            str(tmp_path / "nope"),
            "--output",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "nope" in result.stderr and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_unwritable_output_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    result = runner.invoke(app, ["run", "--input", str(SAMPLES), "--output", str(blocker / "out")])
    assert result.exit_code != 0
    assert "blocker" in result.stderr


def test_python_dash_m_is_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--input" in done.stdout and "--jobs" in done.stdout and "--force" in done.stdout


def test_bad_inputs_are_quarantined_in_errors_table(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLES / "ru", raw / "ru")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    (raw / "latin1.txt").write_bytes("Réunion à Genève, trente délégués".encode("latin-1"))
    (raw / "neither.txt").write_bytes(b"Report \x98\x81 of the \xe9t\xe9")  # cp1251 nor cp1252
    (raw / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "--input", str(raw), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "quarantined (4)" in result.stdout
    errors = {e["source"]: e for e in rows(out, "errors")}
    assert {s: e["error"] for s, e in errors.items()} == {
        "empty.txt": "empty",
        "picture.png": "binary",
        "neither.txt": "undecodable",
        "dangling.txt": "unreadable",
    }
    for source, error in errors.items():
        assert source in error["message"] and error["stage"] == "ingest"
    documents = {d["source"]: d["encoding"] for d in rows(out, "documents")}
    assert documents == {"latin1.txt": "cp1252", "ru/vtamo_news.txt": "cp1251"}
    assert len([i for i in rows(out, "items") if i["source"] == "ru/vtamo_news.txt"]) == 2


def test_identical_contents_are_processed_once_and_both_listed(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    text = "Heading\n\nThe WCO trained 40 officers in Nairobi on 2 March 2021. It went well."
    (raw / "a.txt").write_text(text)
    (raw / "b.txt").write_text(text)
    result = runner.invoke(
        app, ["run", "--input", str(raw), "--output", str(tmp_path / "o"), "--json"]
    )
    summary = json.loads(result.stdout)
    assert summary["documents_processed"] == 2 and summary["documents_annotated"] == 1
    items = rows(tmp_path / "o", "items")
    assert sorted(i["source"] for i in items) == ["a.txt", "b.txt"]
    assert len({i["item_id"] for i in items}) == 2


@pytest.mark.parametrize("jobs", [1, 2])
def test_copies_are_annotated_once_per_run_even_forced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """Copies far apart in input order, one text a batch: still one model run
    for their content, in a fresh run and a forced one, with one worker or two."""
    monkeypatch.setattr(
        pipeline.runtime.runner,
        "batches",
        functools.partial(pipeline.runtime.engine.batches, max_chars=1),
    )
    raw = tmp_path / "raw"
    raw.mkdir()
    copied = "Heading\n\nThe WCO trained 40 officers in Nairobi on 2 March 2021."
    (raw / "a.txt").write_text(copied)
    for n in range(3):
        (raw / f"m{n}.txt").write_text(f"Other\n\nThe EU met {n + 2} experts in Brussels.")
    (raw / "z.txt").write_text(copied)
    out = tmp_path / "out"
    first = run(raw, out, jobs=jobs)
    forced = run(raw, out, jobs=jobs, force=True)
    for summary in (first, forced):
        assert (summary.documents_processed, summary.documents_annotated) == (5, 4)
    source_of = {item["item_id"]: item["source"] for item in rows(out, "items")}
    found: dict[str, list[tuple[str, str]]] = {}
    for mention in rows(out, "mentions"):
        found.setdefault(source_of[mention["item_id"]], []).append(
            (mention["text"], mention["label"])
        )
    assert found["a.txt"] == found["z.txt"] == [("WCO", "ORG"), ("Nairobi", "GPE")]
    counts = {source_of[c["item_id"]]: c["value"] for c in rows(out, "counts")}
    assert counts["a.txt"] == counts["z.txt"] == 40


def test_unknown_model_stops_the_run_with_one_line(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Heading\n\nThe WCO met in Brussels on 2 March 2021. It was fine.")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            "--input",
            str(raw),
            "--output",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PIPELINE_EN_MODEL": "no_such_spacy_package"},
    )
    assert result.returncode == 2
    assert "no_such_spacy_package" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out" / "items.parquet").exists()
