"""`pipeline query`: SQL over the published tables with DuckDB.

Each table of the output folder is a view under its own name (`items`,
`mentions`, `entities`, ...), so a question needs no loader:

    query("SELECT label, count(*) AS n FROM mentions GROUP BY label", Path("data/processed"))

Results come back as a `pyarrow.Table`; `write_result`, `export` and `render_table`
turn one into the formats the CLI offers (a terminal table, CSV, JSON Lines,
Parquet).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any, BinaryIO

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.errors import QueryError
from pipeline.runtime.store import published_tables

FORMATS = ("table", "csv", "json", "parquet")
_FILE_WIDTH = 200


def connect(output_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table of `output_dir`."""
    con = duckdb.connect(":memory:")
    for name, path in published_tables(output_dir).items():
        literal = str(path).replace("'", "''")
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{literal}')")
    return con


def query(sql: str, output_dir: Path = Path("data/processed")) -> pa.Table:
    """Run `sql` against the tables of `output_dir`; the result as an Arrow table.

    Raises QueryError carrying DuckDB's own message when the query fails, and
    OutputFolderError when the folder holds no tables.
    """
    con = connect(output_dir)
    try:
        relation = con.sql(sql)
        if relation is None:  # a statement without a result, e.g. SET or CREATE
            return pa.table({})
        return relation.to_arrow_table()
    except duckdb.Error as exc:
        raise QueryError(str(exc)) from exc
    finally:
        con.close()


def write_result(table: pa.Table, fmt: str, stream: BinaryIO) -> None:
    """Write a query result to a binary stream as csv, json (JSON Lines) or parquet.

    `table` format is for terminals and lives in the CLI (it needs rich).
    """
    if fmt == "parquet":
        # an Arrow buffer, not io.BytesIO: pyarrow 26 can abort at exit after io.BytesIO use
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd")
        stream.write(sink.getvalue().to_pybytes())
    elif fmt == "csv":
        text = io.StringIO(newline="")
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(table.column_names)
        for row in rows(table):
            writer.writerow([cell_text(v) for v in row])
        stream.write(text.getvalue().encode())
    elif fmt == "json":
        names = _unique(table.column_names)
        for row in rows(table):
            record = dict(zip(names, row, strict=True))
            line = json.dumps(record, ensure_ascii=False, default=_json_default)
            stream.write(line.encode() + b"\n")
    else:
        raise QueryError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def export(table: pa.Table, fmt: str, path: Path) -> None:
    """Write a query result to the file `path` (see `write_result`); table format as text."""
    try:
        with path.open("wb") as stream:
            if fmt == "table":
                console = Console(file=io.StringIO(), width=_FILE_WIDTH, color_system=None)
                console.print(render_table(table))
                stream.write(console.file.getvalue().encode())  # type: ignore[attr-defined]
            else:
                write_result(table, fmt, stream)
    except OSError as exc:
        raise QueryError(f"cannot write the result to {path} ({exc.strerror})") from exc


def render_table(table: pa.Table) -> Table:
    """A rich table of a query result, for a terminal."""
    view = Table(caption=f"{table.num_rows} row{'s' if table.num_rows != 1 else ''}")
    for name, type_ in zip(table.column_names, table.schema.types, strict=True):
        numeric = pa.types.is_integer(type_) or pa.types.is_floating(type_)
        view.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for row in rows(table):
        view.add_row(*(escape(cell_text(v)) for v in row))
    return view


def cell_text(value: Any) -> str:
    """How a value reads in a terminal table or a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def rows(table: pa.Table) -> list[tuple[Any, ...]]:
    """The rows of `table` as tuples of Python values (duplicate column names kept)."""
    return list(zip(*(column.to_pylist() for column in table.columns), strict=True))


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        n = seen.get(name, 0)
        seen[name] = n + 1
        unique.append(name if n == 0 else f"{name}_{n}")
    return unique


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)
