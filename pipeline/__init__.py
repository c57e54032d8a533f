"""Customs news to analysis-ready Parquet tables.

The library API mirrors the CLI verbs: `pipeline.run(...)`, `pipeline.status(...)`,
`pipeline.evaluate(...)`, `pipeline.query(...)`, `pipeline.report(...)`. Imports
are lazy so that `status` never loads a model and `import pipeline` is instant.

Layers, each importing only from the ones below it:

- `pipeline.apps`: front ends (CLI, summaries, query, report, evaluation, README);
- `pipeline.runtime`: run machinery (registry of stages, runner, per-document
  work, engines, cache, fingerprints, store, lock, status);
- `pipeline.stages`: the stages (ingest, segment, language, nlp, dates, counts, link);
- `pipeline.records`, `tables`, `labels`, `settings`, `text`, `files`, `errors`: shared base.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.settings import DEFAULT_INPUT, DEFAULT_OUTPUT, DISTRIBUTION

if TYPE_CHECKING:
    import pyarrow as pa

    from pipeline.runtime.reports import RunSummary, StatusReport

try:
    __version__ = metadata.version(DISTRIBUTION)  # one version: pyproject.toml's
except metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__", "evaluate", "query", "report", "run", "status"]


def run(
    input_dir: str | Path = DEFAULT_INPUT,
    output_dir: str | Path = DEFAULT_OUTPUT,
    *,
    jobs: int = 1,
    force: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    document_dates: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RunSummary:
    """Process every document under `input_dir` and publish the tables to `output_dir`.

    See `pipeline.runtime.runner.run`.
    """
    from pipeline.runtime.runner import run as _run

    return _run(
        input_dir,
        output_dir,
        jobs=jobs,
        force=force,
        engine=engine,
        scheduler=scheduler,
        document_dates=document_dates,
        progress=progress,
    )


def status(
    input_dir: str | Path = DEFAULT_INPUT, output_dir: str | Path = DEFAULT_OUTPUT
) -> StatusReport:
    """What a run would do now; loads no model. See `pipeline.runtime.status.status`."""
    from pipeline.runtime.status import status as _status

    return _status(input_dir, output_dir)


def evaluate(gold: str | Path, output_dir: str | Path = DEFAULT_OUTPUT) -> dict[str, Any]:
    """Scores of the tables in `output_dir` against a gold file. See `pipeline.apps.evaluation`."""
    from pipeline.apps.evaluation import evaluate as _evaluate

    return _evaluate(gold, output_dir)


def query(sql: str, output_dir: str | Path = DEFAULT_OUTPUT) -> pa.Table:
    """Run SQL over the published tables (DuckDB); the result as an Arrow table."""
    from pipeline.apps.query import query as _query

    return _query(sql, Path(output_dir))


def report(output_dir: str | Path = DEFAULT_OUTPUT, destination: str | Path | None = None) -> Path:
    """Write the static HTML report over `output_dir`; returns its path."""
    from pipeline.apps.report import report as _report

    return _report(Path(output_dir), None if destination is None else Path(destination))
