"""`pipeline query`: DuckDB over the tables of a real run on data/raw."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.apps.cli import app
from pipeline.apps.query import query, write_result
from pipeline.errors import OutputFolderError, QueryError
from pipeline.tables import TABLE_NAMES, table_path

ROOT = Path(__file__).resolve().parents[1]
MENTIONS_BY_LABEL = "SELECT label, count(*) AS n FROM mentions GROUP BY label ORDER BY label"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def output(sample_tables: Path) -> Path:
    return sample_tables


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["query", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_every_table_is_a_view_under_its_own_name(output: Path, name: str) -> None:
    counted = query(f"SELECT count(*) AS n FROM {name}", output)
    assert counted.column("n").to_pylist() == [pq.read_table(table_path(output, name)).num_rows]


def test_views_join_like_tables(output: Path) -> None:
    joined = query(
        "SELECT m.text, i.item_id, i.text AS item_text, m.start_char, m.end_char "
        "FROM mentions m JOIN items i USING (item_id)",
        output,
    )
    assert joined.num_rows == pq.read_table(table_path(output, "mentions")).num_rows
    for row in joined.to_pylist():
        assert row["item_text"][row["start_char"] : row["end_char"]] == row["text"]


def test_terminal_table_shows_columns_and_row_count(output: Path) -> None:
    code, out, _ = invoke(MENTIONS_BY_LABEL, "--output", str(output))
    assert code == 0
    expected = query(MENTIONS_BY_LABEL, output)
    assert "label" in out
    assert f"{expected.num_rows} rows" in out
    for label in expected.column("label").to_pylist():
        assert label in out


def test_csv_for_pipes(output: Path) -> None:
    code, out, _ = invoke(
        "SELECT name, aliases, n_items FROM entities ORDER BY name", "-o", str(output), "-f", "csv"
    )
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["name", "aliases", "n_items"]
    entities = pq.read_table(table_path(output, "entities"))
    assert len(rows) - 1 == entities.num_rows
    assert all(isinstance(json.loads(r[1]), list) for r in rows[1:])  # lists as JSON arrays


def test_json_is_one_object_a_line_with_iso_dates(output: Path) -> None:
    code, out, _ = invoke(
        "SELECT item_id, start FROM dates WHERE start IS NOT NULL", "-o", str(output), "-f", "json"
    )
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert records, "data/raw has dates with a known year"
    starts = pq.read_table(table_path(output, "dates")).column("start").drop_null().to_pylist()
    assert sorted(r["start"] for r in records) == sorted(d.isoformat() for d in starts)


def test_parquet_to_stdout_and_to_a_file(output: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["query", "SELECT * FROM items", "-o", str(output), "-f", "parquet"]
    )
    assert result.exit_code == 0
    piped = pq.read_table(pa.BufferReader(result.stdout_bytes))
    assert piped.equals(query("SELECT * FROM items", output))

    target = tmp_path / "entities.parquet"
    code, out, _ = invoke(
        "SELECT * FROM entities", "-o", str(output), "-f", "parquet", "--to", str(target)
    )
    assert code == 0 and out == ""
    assert pq.read_table(target).num_rows == pq.read_table(table_path(output, "entities")).num_rows


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELEC 1", "Parser Error"),
        ("SELECT * FROM no_such_table", "Catalog Error"),
        ("SELECT no_such_column FROM items", "Binder Error"),
    ],
)
def test_bad_query_gives_duckdbs_message_and_no_traceback(
    output: Path, sql: str, message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        query(sql, output)
    code, out, err = invoke(sql, "-o", str(output))
    assert code != 0
    assert message in err
    assert "Traceback" not in out + err


def test_bad_query_from_the_real_command_line(output: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "query", "SELEC 1", "--output", str(output)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode != 0
    assert "Parser Error" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_folder_without_tables(tmp_path: Path) -> None:
    with pytest.raises(OutputFolderError, match="no tables"):
        query("SELECT 1", tmp_path)
    code, _, err = invoke("SELECT 1", "-o", str(tmp_path / "missing"))
    assert code != 0 and "no tables" in err


def test_unknown_format(output: Path) -> None:
    code, _, err = invoke("SELECT 1", "-o", str(output), "-f", "xml")
    assert code != 0 and "unknown format" in err


# --- the text formats, value by value (DuckDB's writers, lists as JSON in CSV) ----------


@pytest.mark.parametrize(
    ("expression", "csv_cell", "json_value"),
    [
        (
            "['CCF Korea', 'a \"b\", c']",
            '"[""CCF Korea"",""a \\""b\\"", c""]"',
            '["CCF Korea","a \\"b\\", c"]',
        ),
        ("{'name': 'WCO', 'n': 2}", '"{""name"":""WCO"",""n"":2}"', '{"name":"WCO","n":2}'),
        ("[DATE '2021-03-05']", '"[""2021-03-05""]"', '["2021-03-05"]'),
        ("DATE '2021-03-05'", "2021-03-05", '"2021-03-05"'),
        ("true", "true", "true"),
        ("40.0::DOUBLE", "40.0", "40.0"),
        ("'около 100'", "около 100", '"около 100"'),
        ("''", '""', '""'),
        ("NULL::VARCHAR", "", "null"),
    ],
)
def test_text_formats_value_by_value(
    output: Path, expression: str, csv_cell: str, json_value: str
) -> None:
    result = query(f"SELECT 1 AS n, {expression} AS v", output)
    written = {}
    for fmt in ("csv", "json"):
        stream = io.BytesIO()
        write_result(result, fmt, stream)
        written[fmt] = stream.getvalue().decode()
    assert written["csv"] == f"n,v\n1,{csv_cell}\n"
    assert written["json"] == f'{{"n":1,"v":{json_value}}}\n'


def test_duplicate_column_names_are_numbered(output: Path) -> None:
    result = query("SELECT 1 AS a, 2 AS a", output)
    for fmt, expected in (("csv", b"a,a_1\n1,2\n"), ("json", b'{"a":1,"a_1":2}\n')):
        stream = io.BytesIO()
        write_result(result, fmt, stream)
        assert stream.getvalue() == expected


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_to_file_is_what_stdout_gets_and_replaces_atomically(
    output: Path, tmp_path: Path, fmt: str
) -> None:
    sql = "SELECT * FROM entities ORDER BY entity_id"
    piped = CliRunner().invoke(app, ["query", sql, "-o", str(output), "-f", fmt])
    assert piped.exit_code == 0
    target = tmp_path / f"entities.{fmt}.gz"  # the name does not switch compression on
    target.write_text("an older result")
    code, out, _ = invoke(sql, "-o", str(output), "-f", fmt, "--to", str(target))
    assert code == 0 and out == ""
    assert target.read_bytes() == piped.stdout_bytes
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_terminal_table_to_a_file(output: Path, tmp_path: Path) -> None:
    target = tmp_path / "labels.txt"
    code, out, _ = invoke(MENTIONS_BY_LABEL, "-o", str(output), "--to", str(target))
    assert code == 0 and out == ""
    expected = query(MENTIONS_BY_LABEL, output)
    assert f"{expected.num_rows} rows" in target.read_text(encoding="utf-8")


def test_to_a_missing_folder_names_the_file(output: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "result.csv"
    code, _, err = invoke("SELECT 1", "-o", str(output), "-f", "csv", "--to", str(target))
    assert code != 0
    assert f"cannot write the result to {target}" in err
    assert not target.parent.exists()


class Terminal(io.BytesIO):
    def isatty(self) -> bool:
        return True


def test_parquet_is_refused_on_a_terminal(output: Path) -> None:
    with pytest.raises(QueryError, match="Parquet is binary"):
        write_result(query("SELECT 1 AS n", output), "parquet", Terminal())


def test_a_table_without_columns_is_refused() -> None:
    for fmt in ("csv", "json", "parquet"):
        with pytest.raises(QueryError, match="at least one column"):
            write_result(pa.table({}), fmt, io.BytesIO())
