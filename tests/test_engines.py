"""Every engine gives the tables a local run gives: process pool, Dask, the CLI's Dask.

The reference is one `--jobs 1` run in this process. The other runs split the
sample sources into one-document batches, so that both workers of a pool or a
cluster get work and the outcomes come back out of order.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from dask.distributed import Client, LocalCluster

import pipeline.runtime.engine
import pipeline.runtime.runner
import pipeline.stages.nlp.annotate
from pipeline.runtime.runner import run
from pipeline.tables import TABLE_NAMES, table_path
from tests.conftest import SAMPLES
from tests.pipeline_runs import read_tables, run_json

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of data/raw shared by this module's tests (none changes it)."""
    target = tmp_path_factory.mktemp("engines") / "raw"
    shutil.copytree(SAMPLES, target, symlinks=True)
    return target


@pytest.fixture(scope="module")
def local_output(sources: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tables of a plain `--jobs 1` run over the samples."""
    output = tmp_path_factory.mktemp("local") / "out"
    summary = run(sources, output, jobs=1)
    assert summary.documents_processed > 1
    return output


@pytest.fixture
def one_document_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        pipeline.runtime.runner,
        "batches",
        functools.partial(pipeline.runtime.engine.batches, max_docs=1),
    )


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """A Dask LocalCluster of two single-threaded worker processes."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local_cluster:
        yield local_cluster


def assert_same_tables(output: Path, expected: Path) -> None:
    for name in TABLE_NAMES:
        table = pq.read_table(table_path(output, name))
        reference = pq.read_table(table_path(expected, name))
        assert table.schema == reference.schema, name
        if not table.equals(reference):
            # Sorted rows give a readable diff of what differs.
            assert read_tables(output)[name] == read_tables(expected)[name], name
            pytest.fail(f"{name}: same rows in a different order")


@pytest.mark.usefixtures("one_document_batches")
def test_process_pool_equals_local(sources: Path, local_output: Path, tmp_path: Path) -> None:
    summary = run(sources, tmp_path / "out", jobs=2)
    assert summary.documents_annotated == summary.documents_processed > 1
    assert_same_tables(tmp_path / "out", local_output)


@pytest.mark.usefixtures("one_document_batches")
def test_dask_cluster_equals_local(
    sources: Path, local_output: Path, tmp_path: Path, cluster: LocalCluster
) -> None:
    address = cluster.scheduler_address
    summary = run(sources, tmp_path / "out", engine="dask", scheduler=address)
    assert summary.documents_annotated == summary.documents_processed > 1
    assert_same_tables(tmp_path / "out", local_output)
    # The workers wrote a part each (or more) into the shared output folder.
    assert len(list(table_path(tmp_path / "out", "items").iterdir())) > 1

    # Each worker loaded each language's model at most once, and reused it.
    with Client(address) as client:
        loads = client.run(lambda: dict(pipeline.stages.nlp.annotate.MODEL_LOADS))
        uses = client.run(lambda: dict(pipeline.stages.nlp.annotate.MODEL_USES))
    assert len(loads) == 2
    assert all(n == 1 for worker in loads.values() for n in worker.values()), loads
    assert sum(sum(w.values()) for w in uses.values()) > sum(
        sum(w.values()) for w in loads.values()
    )


def test_cli_dask_local_cluster_equals_local(
    sources: Path, local_output: Path, tmp_path: Path
) -> None:
    summary = run_json(sources, tmp_path / "out", "--engine", "dask", "--jobs", "2")
    assert summary["documents_processed"] > 1
    assert_same_tables(tmp_path / "out", local_output)
