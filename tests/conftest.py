"""Shared fixtures: the project's own sample sources and small helpers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """A private copy of data/raw that a test may change."""
    target = tmp_path / "raw"
    shutil.copytree(SAMPLES, target, symlinks=True)
    return target


@pytest.fixture(scope="session")
def sample_tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tables published by one real run on data/raw, shared read-only by tests."""
    from pipeline.runtime.runner import run

    out = tmp_path_factory.mktemp("sample_tables")
    run(SAMPLES, out)
    return out
