"""The command line: each command is one library call; errors become messages here.

pipeline run | status | eval | query | report
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from pipeline.errors import PipelineError
from pipeline.settings import DEFAULT_INPUT, DEFAULT_OUTPUT

app = typer.Typer(
    name="pipeline",
    help="Turn raw customs news into analysis-ready Parquet tables.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)

InputOpt = Annotated[
    Path, typer.Option("--input", "-i", help="Folder of raw source documents, read recursively.")
]
OutputOpt = Annotated[
    Path, typer.Option("--output", "-o", help="Folder the Parquet tables are published to.")
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print one JSON object on stdout instead of the summary.")
]


def _fail(exc: PipelineError) -> None:
    err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


def _emit(data: dict[str, Any], as_json: bool, render: Any) -> None:
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    else:
        Console().print(render(data))


@app.command()
def run(
    input: InputOpt = DEFAULT_INPUT,
    output: OutputOpt = DEFAULT_OUTPUT,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes on this machine (or Dask workers for a local cluster).",
        ),
    ] = 1,
    force: Annotated[
        bool,
        typer.Option("--force", help="Ignore the cache: re-run every stage on every document."),
    ] = False,
    engine: Annotated[
        str, typer.Option("--engine", help="Where documents are processed: 'local' or 'dask'.")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Dask scheduler address (tcp://host:8786); a local cluster when omitted.",
        ),
    ] = None,
    document_dates: Annotated[
        Path | None,
        typer.Option(
            "--document-dates",
            help="CSV of source,date rows: each document's own date (wins over path, header).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Process every document under --input and publish the tables to --output."""
    from pipeline.apps.summary import render_run

    if engine not in ("local", "dask"):
        _fail(PipelineError(f"unknown engine {engine!r}: use 'local' or 'dask'"))
    options: dict[str, Any] = {
        "jobs": jobs,
        "force": force,
        "engine": engine,
        "scheduler": scheduler,
        "document_dates": document_dates,
    }
    try:
        summary = _run_with_progress(input, output, options, show=not as_json)
    except PipelineError as exc:
        _fail(exc)
    _emit(summary.as_dict(), as_json, lambda _: render_run(summary))


def _run_with_progress(input: Path, output: Path, options: dict[str, Any], show: bool) -> Any:
    """The run, with a progress bar on a terminal."""
    from pipeline.runtime.allocator import keep_freed_memory
    from pipeline.runtime.runner import run as run_pipeline
    from pipeline.tables import spare_pandas_import

    spare_pandas_import()  # this process writes tables and never needs pandas
    keep_freed_memory()  # batches reuse the memory the previous ones freed

    if not (show and err.is_terminal):
        return run_pipeline(input, output, **options)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("documents", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return run_pipeline(input, output, progress=progress, **options)


@app.command()
def status(
    input: InputOpt = DEFAULT_INPUT,
    output: OutputOpt = DEFAULT_OUTPUT,
    as_json: JsonOpt = False,
) -> None:
    """Show what a run would do now: new, changed, deleted sources, stale stages.

    Loads no model.
    """
    from pipeline.apps.summary import render_status
    from pipeline.runtime.status import status as compute_status

    try:
        report = compute_status(input, output)
    except PipelineError as exc:
        _fail(exc)
    _emit(report.as_dict(), as_json, lambda _: render_status(report))


@app.command("eval")
def eval_command(
    gold: Annotated[
        Path,
        typer.Option("--gold", help="Gold JSONL file, or a folder of them (docs/CONVENTIONS.md)."),
    ],
    output: OutputOpt = DEFAULT_OUTPUT,
    errors: Annotated[
        bool,
        typer.Option(
            "--errors", help="Also list each error: missed, spurious, boundary, label, value."
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Score the tables in --output against gold: entities, dates, counts, per language."""
    from pipeline.apps.evaluation import evaluate
    from pipeline.apps.summary import render_eval

    try:
        scores = evaluate(gold, output, with_errors=errors)
    except PipelineError as exc:
        _fail(exc)
    _emit(scores, as_json, render_eval)


@app.command("query")
def query_command(
    sql: Annotated[
        str, typer.Argument(help="SQL; each table is a view under its own name (items, ...).")
    ],
    output: OutputOpt = DEFAULT_OUTPUT,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="table (terminal), csv, json (one object a line), parquet."
        ),
    ] = "table",
    to: Annotated[
        Path | None, typer.Option("--to", help="Write the result to this file, not stdout.")
    ] = None,
) -> None:
    """Ask the tables in --output a question in SQL (DuckDB); print or write the answer."""
    from pipeline.apps.query import FORMATS, export, query, render_table, write_result
    from pipeline.errors import QueryError

    if fmt not in FORMATS:
        _fail(QueryError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}"))
    if fmt == "parquet" and to is None and sys.stdout.isatty():
        _fail(QueryError("Parquet is binary: redirect stdout to a file or use --to FILE"))
    try:
        result = query(sql, output)
        if to is not None:
            export(result, fmt, to)
        elif fmt == "table":
            Console().print(render_table(result))
        else:
            write_result(result, fmt, sys.stdout.buffer)
            sys.stdout.buffer.flush()
    except PipelineError as exc:
        _fail(exc)


@app.command()
def report(
    output: OutputOpt = DEFAULT_OUTPUT,
    to: Annotated[
        Path | None,
        typer.Option("--to", help="Where to write the page (default: <output>/report.html)."),
    ] = None,
) -> None:
    """Write one static HTML page over --output: items with entities highlighted, filters."""
    from pipeline.apps.report import report as write_report

    try:
        path = write_report(output, to)
    except PipelineError as exc:
        _fail(exc)
    Console().print(f"report written to {path}", highlight=False)


def main() -> None:
    """Entry point of the `pipeline` console script (and of `python -m pipeline`).

    The command ends with SystemExit (typer's standalone mode); the process then
    leaves without the interpreter's teardown where that is safe (`shutdown.leave`).
    """
    from pipeline.apps.shutdown import leave

    try:
        app()
    except SystemExit as done:
        leave(done)
