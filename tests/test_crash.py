"""A run killed with SIGKILL never damages the published tables."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.runtime.faults import KILL_AT
from tests.pipeline_runs import read_tables, run_cli, run_json

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("point", ["nlp-batch", "write-table", "before-publish", "after-swap"])
def test_kill_at_checkpoint_keeps_previous_tables(
    samples: Path, tmp_path: Path, point: str
) -> None:
    out = tmp_path / "out"
    run_json(samples, out)
    before = read_tables(out)

    (samples / "extra.txt").write_text(
        "New heading\n\nSixty inspectors met in Brussels on 4 May 2021."
    )
    killed = run_cli(
        "run", "--input", samples, "--output", out, "--json", check=False, env={KILL_AT: point}
    )
    assert killed.returncode == -signal.SIGKILL

    after_kill = read_tables(out)  # readable and complete: every table opens
    if point == "after-swap":
        # The swap is the commit point: the new tables are published whole.
        assert "extra.txt" in {d["source"] for d in after_kill["documents"]}
    else:
        assert after_kill == before

    run_json(samples, out)
    clean = tmp_path / "clean"
    run_json(samples, clean)
    assert read_tables(out) == read_tables(clean)


def test_external_kill_during_nlp(samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_json(samples, out)
    before = read_tables(out)
    for copy in range(30):  # enough work that the kill lands mid-run
        (samples / f"copy{copy}.txt").write_text(
            (samples / "2022" / "wco_digest_january.txt").read_text()
            + f"\n\nCopy {copy}\n\nBody {copy}."
        )
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", "--input", str(samples), "--output", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    cache = out / ".pipeline" / "cache" / "results"
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if cache.exists() and sum(1 for _ in cache.rglob("*.msgpack")) > len(before["documents"]):
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert read_tables(out) == before or process.returncode == 0

    summary = run_json(samples, out)
    assert summary["documents_processed"] < 30 + len(before["documents"])  # cached work reused
    clean = tmp_path / "clean"
    run_json(samples, clean)
    assert read_tables(out) == read_tables(clean)


def test_concurrent_run_is_refused_cleanly(samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            "--input",
            str(samples),
            "--output",
            str(out),
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lock = out / ".pipeline" / "lock"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if json.loads(lock.read_text() or "{}").get("pid") == first.pid:
                break
        except (OSError, ValueError):
            pass
        time.sleep(0.01)
    second = run_cli("run", "--input", samples, "--output", out, check=False)
    stdout, stderr = first.communicate(timeout=600)
    assert first.returncode == 0, stderr
    assert second.returncode != 0
    assert f"pid {first.pid}" in second.stderr
    assert "Traceback" not in second.stderr
    assert json.loads(stdout)["documents_processed"] > 0
