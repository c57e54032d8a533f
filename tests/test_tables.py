"""The table contract: schemas match the checked-in golden file and the README."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from pipeline.apps.readme import render_readme
from pipeline.records import CountMention, DateMention, ErrorRecord, Mention
from pipeline.tables import SCHEMAS, TABLE_NAMES, empty, to_arrow
from tests.pipeline_runs import run_python

GOLDEN = Path(__file__).parent / "golden" / "schemas.json"
README = Path(__file__).resolve().parents[1] / "README.md"

# Columns docs/CONTRACT promises to analysts; removing one needs a migration note.
CONTRACT = {
    "documents": [
        *("doc_id", "source", "rubric", "encoding", "content_sha256", "n_items"),
        *("published", "published_from"),
    ],
    "items": [
        "item_id",
        "doc_id",
        "source",
        "position",
        "section",
        "title",
        "author",
        "body",
        "text",
        "language",
        "start_char",
        "end_char",
    ],
    "mentions": ["item_id", "text", "label", "start_char", "end_char", "entity_id"],
    "entities": ["entity_id", "label", "name", "aliases", "n_mentions", "n_items", "country_code"],
    "dates": [
        "item_id",
        "text",
        "start_char",
        "end_char",
        "start",
        "end",
        "granularity",
        "inferred_year",
        "relative",
        "anchor",
    ],
    "counts": ["item_id", "text", "start_char", "end_char", "value", "approx", "unit"],
    "errors": ["source", "stage", "error", "message"],
}


def describe() -> dict[str, list[list[object]]]:
    return {
        name: [[f.name, str(f.type), f.nullable] for f in schema]
        for name, schema in SCHEMAS.items()
    }


def test_schemas_match_golden_file() -> None:
    # To change a schema on purpose: regenerate tests/golden/schemas.json and
    # add a migration note to the README.
    assert describe() == json.loads(GOLDEN.read_text())


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_contract_columns_exist(name: str) -> None:
    assert set(CONTRACT[name]) <= set(SCHEMAS[name].names)


def test_readme_data_dictionary_is_current() -> None:
    readme = README.read_text(encoding="utf-8")
    assert render_readme(readme) == readme, "run `python -m pipeline.apps.readme` to regenerate"


def test_records_become_typed_tables() -> None:
    import datetime as dt

    dates = to_arrow(
        "dates",
        [
            DateMention(
                "d-0000",
                "May 2021",
                0,
                8,
                dt.date(2021, 5, 1),
                dt.date(2021, 5, 31),
                "month",
                False,
            )
        ],
    )
    assert dates.schema.field("start").type == pa.date32()
    assert dates.column("end").to_pylist() == [dt.date(2021, 5, 31)]
    assert dates.column("relative").to_pylist() == [False]  # explicit unless said otherwise
    assert dates.column("anchor").to_pylist() == [None]
    counts = to_arrow(
        "counts", [CountMention("d-0000", "30 speakers", 0, 11, 30.0, False, "speakers")]
    )
    assert counts.schema.field("value").type == pa.float64()
    mentions = to_arrow("mentions", [Mention("d-0000", "WCO", "ORG", 0, 3, "e1")])
    assert mentions.column("normal").to_pylist() == [None]
    errors = to_arrow(
        "errors", [ErrorRecord("a.txt", "ingest", "empty", "a.txt: the file is empty")]
    )
    assert errors.num_rows == 1


def test_wrong_types_are_refused() -> None:
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):
        to_arrow(
            "counts",
            [
                {
                    "item_id": "x",
                    "text": "t",
                    "start_char": "zero",
                    "end_char": 1,
                    "value": 1.0,
                    "approx": False,
                    "unit": "u",
                }
            ],
        )


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_empty_tables_keep_their_schema(name: str) -> None:
    assert empty(name).schema.equals(SCHEMAS[name])
    assert to_arrow(name, []).schema.equals(SCHEMAS[name])


def test_tables_are_built_without_importing_pandas_until_a_call_needs_it() -> None:
    """`spare_pandas_import`: a process that only writes tables never imports pandas,
    and one that later converts to pandas still can."""
    script = (
        "import sys\n"
        "from pipeline.tables import spare_pandas_import, to_arrow\n"
        "spare_pandas_import()\n"
        "table = to_arrow('documents', [{'doc_id': 'd', 'source': 's.txt', 'n_items': 2}])\n"
        "print('pandas' in sys.modules, table.num_rows)\n"
        "frame = table.to_pandas()\n"
        "print('pandas' in sys.modules, type(frame).__name__, frame['n_items'].tolist())\n"
    )
    assert run_python(script).stdout.splitlines() == ["False 1", "True DataFrame [2]"]


def test_run_command_writes_and_links_its_tables_without_pandas_or_duckdb(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(
        "WCO News\n\nCustoms meet\nThe WCO met on 5 May 2024 with 40 experts.\n"
    )
    script = (
        "import sys\n"
        "from pipeline.apps.cli import app\n"
        f"args = ['run', '--input', {str(raw)!r}, '--output', {str(tmp_path / 'out')!r}]\n"
        "args.append('--json')\n"
        "try:\n"
        "    app(args)\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "print('imported:', 'pandas' in sys.modules, 'duckdb' in sys.modules, file=sys.stderr)\n"
    )
    assert (
        "imported: False False" in run_python(script).stderr
    )  # neither pandas nor DuckDB: 0.5 s of start-up
    assert pq.read_table(tmp_path / "out" / "documents.parquet").num_rows == 1
