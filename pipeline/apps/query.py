"""`pipeline query`: SQL over the published tables with DuckDB.

Each table of the output folder is a view under its own name (`items`,
`mentions`, `entities`, ...), so a question needs no loader:

    query("SELECT label, count(*) AS n FROM mentions GROUP BY label", Path("data/processed"))

Results come back as a `pyarrow.Table`. DuckDB's own writers (`COPY ... TO`)
turn one into CSV, JSON Lines or Parquet (`write_result` to a stream, `export`
to a file); `render_table` draws it for a terminal.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

import duckdb
import pyarrow as pa
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.errors import QueryError
from pipeline.files import replace_atomically
from pipeline.runtime.store import published_tables

FORMATS = ("table", "csv", "json", "parquet")
_FILE_WIDTH = 200
# Options of DuckDB's COPY for each file format. Compression is explicit so that
# a file name ending in .gz or .zst does not silently switch it on.
_COPY_OPTIONS = {
    "csv": "FORMAT csv, HEADER true, COMPRESSION 'none'",
    "json": "FORMAT json, COMPRESSION 'none'",  # one object a line (JSON Lines)
    "parquet": "FORMAT parquet, COMPRESSION zstd",
}
_NESTED_TYPES = {"list", "array", "struct", "map", "union"}


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
        if relation is None:  # no result set at all (DuckDB 2 answers SET with "Success")
            return pa.table({})
        return relation.to_arrow_table()
    except duckdb.Error as exc:
        raise QueryError(str(exc)) from exc
    finally:
        con.close()


def write_result(table: pa.Table, fmt: str, stream: BinaryIO) -> None:
    """Write a query result to a binary stream as csv, json (JSON Lines) or parquet.

    DuckDB writes it to a temporary file, which is then copied to `stream`.
    Parquet is refused when `stream` is a terminal. The `table` format is for
    terminals and lives in the CLI (see `render_table`).
    """
    _check_format(fmt)
    if fmt == "parquet" and stream.isatty():
        raise QueryError("Parquet is binary: redirect stdout to a file or use --to FILE")
    with tempfile.TemporaryDirectory(prefix="pipeline-query-") as folder:
        written = Path(folder) / f"result.{fmt}"
        _copy(table, fmt, written)
        with written.open("rb") as source:
            shutil.copyfileobj(source, stream)


def export(table: pa.Table, fmt: str, path: Path) -> None:
    """Write a query result to the file `path` in any of FORMATS (`table` as plain text).

    The file is written under a temporary name beside `path` and renamed over
    it, so a reader sees the old file or the new one, never half of one.
    """
    if fmt != "table":
        _check_format(fmt)
    try:
        replace_atomically(path, lambda tmp: _write_file(table, fmt, tmp))
    except OSError as exc:
        raise QueryError(f"cannot write the result to {path} ({exc.strerror})") from exc


def _write_file(table: pa.Table, fmt: str, path: Path) -> None:
    if fmt == "table":
        console = Console(file=io.StringIO(), width=_FILE_WIDTH, color_system=None)
        console.print(render_table(table))
        path.write_text(console.file.getvalue(), encoding="utf-8")  # type: ignore[attr-defined]
    else:
        _copy(table, fmt, path)


def _copy(table: pa.Table, fmt: str, path: Path) -> None:
    """`COPY (SELECT ... FROM result) TO path` in DuckDB, `result` being `table`.

    In CSV, nested values (lists, structs, maps) are written as JSON; DuckDB
    would write `[a, b]`, which no CSV reader can split back into a list.
    Dates are ISO (`2021-03-05`) in both text formats.
    """
    con = duckdb.connect(":memory:")
    try:
        con.register("result", table)  # duplicate column names come back as a, a_1, ...
        select = _select(con.table("result"), nested_as_json=fmt == "csv")
        literal = str(path).replace("'", "''")
        con.execute(f"COPY ({select}) TO '{literal}' ({_COPY_OPTIONS[fmt]})")
    except duckdb.Error as exc:
        raise QueryError(f"cannot write the result as {fmt}: {exc}") from exc
    finally:
        con.close()


def _select(result: duckdb.DuckDBPyRelation, nested_as_json: bool) -> str:
    nested = [
        f"to_json({name}) AS {name}"
        for name, type_ in zip(map(_identifier, result.columns), result.types, strict=True)
        if nested_as_json and type_.id in _NESTED_TYPES
    ]
    replace = f" REPLACE ({', '.join(nested)})" if nested else ""
    return f"SELECT *{replace} FROM result"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _check_format(fmt: str) -> None:
    if fmt not in _COPY_OPTIONS:
        raise QueryError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


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


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)
