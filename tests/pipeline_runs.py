"""Helpers for tests that run the real pipeline in a separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from pipeline.tables import TABLE_NAMES, table_path


def run_cli(
    *args: str | Path, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """`python -m pipeline ARGS` in a fresh interpreter."""
    completed = subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )
    if check and completed.returncode != 0:
        raise AssertionError(f"pipeline {args} failed:\n{completed.stderr}")
    return completed


def run_python(script: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -c SCRIPT` in a fresh interpreter (what a process imports or loads shows
    only in one of its own); `env` replaces the environment when given."""
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=600
    )
    if completed.returncode != 0:
        raise AssertionError(f"the script failed:\n{completed.stderr}")
    return completed


def run_json(
    input_dir: Path, output_dir: Path, *extra: str, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run the pipeline with --json and return its summary."""
    out = run_cli("run", "--input", input_dir, "--output", output_dir, "--json", *extra, env=env)
    return dict(json.loads(out.stdout))


def read_tables(output_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """Every published table as sorted rows, for equality checks."""
    tables = {}
    for name in TABLE_NAMES:
        rows = pq.read_table(table_path(output_dir, name)).to_pylist()
        tables[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    return tables
