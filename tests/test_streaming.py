"""Streaming tables: parts written as results arrive, linked out of core, read with one call."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import pipeline.runtime.engine
import pipeline.runtime.runner
from pipeline.records import Mention
from pipeline.runtime.engine import EngineSettings, batches, by_size, open_engine, parts
from pipeline.runtime.inputs import Source
from pipeline.runtime.linking import link_mentions
from pipeline.runtime.parts import PartWriter
from pipeline.runtime.runner import run
from pipeline.runtime.store import state_dir
from pipeline.runtime.tasks import STAGED_SCHEMAS, staging_folder
from pipeline.stages.link import link_entities, mention_key
from pipeline.tables import SCHEMAS, TABLE_NAMES, table_path, to_arrow
from tests.conftest import SAMPLES
from tests.pipeline_runs import read_tables


def rows(table: pa.Table) -> list[dict[str, object]]:
    return sorted(table.to_pylist(), key=repr)


@pytest.mark.slow
@pytest.mark.parametrize("name", TABLE_NAMES)
def test_every_table_is_a_folder_of_parts_read_with_one_call(
    sample_tables: Path, name: str
) -> None:
    path = table_path(sample_tables, name)
    files = sorted(p.name for p in path.iterdir())
    assert path.is_dir() and files and all(f.startswith("part-") for f in files)
    expected = pq.read_table(path)
    assert all(pq.read_schema(p).equals(SCHEMAS[name]) for p in path.iterdir())

    assert ds.dataset(path).to_table().equals(expected)
    frame = pd.read_parquet(path)
    assert list(frame.columns) == expected.column_names and len(frame) == expected.num_rows
    literal = str(path).replace("'", "''")
    with duckdb.connect() as con:
        read = con.sql(f"SELECT * FROM read_parquet('{literal}')").to_arrow_table()
    assert read.column_names == expected.column_names
    assert rows(read.cast(expected.schema)) == rows(expected)


@pytest.mark.slow
def test_the_published_version_holds_tables_and_the_run_record_only(sample_tables: Path) -> None:
    version = table_path(sample_tables, "items").resolve().parent
    assert sorted(p.name for p in version.iterdir()) == sorted(
        [*(f"{name}.parquet" for name in TABLE_NAMES), "run.json"]
    )
    assert not list(version.rglob(".*"))  # no staging folder, no temporary part


def staged(mentions: list[Mention]) -> pa.Table:
    keys = pa.array([mention_key(m.text, m.normal) for m in mentions], pa.string())
    table = to_arrow("mentions", mentions)
    return table.append_column(STAGED_SCHEMAS["mentions"].field("key"), keys)


def test_linking_over_parts_equals_linking_in_memory(tmp_path: Path) -> None:
    by_part = [
        [
            Mention("d1-0000", "ROCB Europe", "ORG", 0, 11),
            Mention("d1-0000", "WCO", "ORG", 20, 23),
            Mention("d1-0001", "Kenya", "GPE", 0, 5),
        ],
        [
            Mention("d2-0000", "Europe Regional Office for Capacity Building", "ORG", 0, 45),
            Mention("d2-0000", "World Customs Organization", "ORG", 50, 76),
            Mention("d2-0001", "ВТамО", "ORG", 0, 5),
            Mention("d2-0001", "Кении", "GPE", 10, 15, normal="Кения"),
        ],
    ]
    learned = [[], [("ROCB Europe", "Europe Regional Office for Capacity Building", "ORG")]]
    version = tmp_path / "version"
    for index, (mentions, pairs) in enumerate(zip(by_part, learned, strict=True)):
        folders = {
            name: (staging_folder(version, name), schema) for name, schema in STAGED_SCHEMAS.items()
        }
        writer = PartWriter(folders, index)
        writer.write("mentions", staged(mentions))
        rows_learned = [{"short": s, "long": lg, "label": lb} for s, lg, lb in pairs]
        writer.write("learned", pa.Table.from_pylist(rows_learned, STAGED_SCHEMAS["learned"]))
        writer.close()

    with open_engine(EngineSettings()) as engine:
        linked = link_mentions(version, 2, engine)

    everything = [m for mentions in by_part for m in mentions]
    expected_mentions, expected_entities = link_entities(everything, learned[1])
    written = pq.read_table(table_path(version, "mentions"))
    assert written.to_pylist() == to_arrow("mentions", expected_mentions).to_pylist()
    assert linked.entities == expected_entities
    assert linked.mentions == len(everything)
    assert linked.mentions_by_label == {"GPE": 2, "ORG": 5}
    rocb = {m.entity_id for m in expected_mentions if "Europe" in m.text}
    assert len(rocb) == 1  # the acronym learned in part 1 links the mention in part 0


def source(n: int, chars: int) -> Source:
    return Source(f"d{n}", f"{n}.txt", "utf-8", f"{n:064d}", chars, f"{n}.txt", ".")


def test_a_copy_joins_the_batch_of_its_first_while_it_has_room() -> None:
    """Copies (same content and date) are processed once per batch: a later copy goes
    to its first's batch and adds no text to it; a full batch takes no more."""

    def copy(n: int, of: int, published: dt.date | None = None) -> Source:
        return dataclasses.replace(
            source(of, 10), doc_id=f"d{n}", source=f"{n}.txt", published=published
        )

    sources = [source(0, 10), source(1, 10), copy(2, of=0), source(3, 10), copy(4, of=1)]
    grouped = batches(sources, max_chars=20, max_docs=3)
    assert [[s.source for s in batch] for batch in grouped] == [
        ["0.txt", "1.txt", "2.txt"],  # the copy of 0 joins; no room left for 4
        ["3.txt", "4.txt"],
    ]
    # Another date is another content: relative dates read differently.
    dated = [source(0, 10), copy(1, of=0, published=dt.date(2021, 3, 2))]
    assert [len(b) for b in batches(dated, max_chars=10, max_docs=3)] == [1, 1]


@pytest.mark.parametrize(
    ("sizes", "workers", "max_chars", "expected"),
    [
        ([10, 10, 10, 10], 1, 100, [[0, 1, 2, 3]]),
        ([10, 10, 10, 10], 1, 20, [[0, 1], [2, 3]]),
        ([10, 10, 10, 10], 2, 100, [[0], [1], [2], [3]]),
        ([10] * 10, 2, 1000, [[0, 1], [2], [3], [4], [5, 6], [7], [8], [9]]),
        ([10, 10], 4, 100, [[0], [1]]),
        ([0, 0], 1, 100, [[0, 1]]),
        ([], 2, 100, []),
    ],
)
def test_parts_group_consecutive_batches(
    sizes: list[int], workers: int, max_chars: int, expected: list[list[int]]
) -> None:
    work = [[source(n, size)] for n, size in enumerate(sizes)]
    assert parts(work, workers, max_chars) == expected


def test_parts_are_handed_out_largest_first() -> None:
    assert by_size([3, 5, 5, 1]) == [1, 2, 0, 3]
    assert by_size([]) == []


def test_a_run_hands_out_the_part_with_most_uncached_text_first(tmp_path: Path) -> None:
    """A part's work is the text of its documents not already cached: a part of
    cached documents goes last, whatever its size; each task keeps its part index."""

    def row(n: int, chars: int, cached: bool) -> tuple[Source, str, str, bool]:
        return (source(n, chars), f"r{n}", f"a{n}", cached)

    plan = pipeline.runtime.runner._Plan(
        parts=[
            [[row(0, 10, False)]],
            [[row(1, 30, False)], [row(2, 500, True)]],
            [[row(3, 900, True)]],
            [[row(4, 50, False)]],
        ],
        to_process={"d0", "d1", "d4"},
        cache=tmp_path / "cache",
        force=False,
    )
    tasks = list(plan.tasks(tmp_path / "version", ship_texts=False))
    assert [task.index for task in tasks] == [3, 1, 0, 2]
    assert [len(task.batches) for task in tasks] == [1, 2, 1, 1]


@pytest.mark.slow
def test_many_small_parts_give_the_tables_of_one_part(
    sample_tables: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    shutil.copytree(state_dir(sample_tables) / "cache", state_dir(out) / "cache")
    monkeypatch.setattr(pipeline.runtime.engine, "PART_CHARS", 1)
    monkeypatch.setattr(
        pipeline.runtime.runner,
        "batches",
        functools.partial(pipeline.runtime.engine.batches, max_docs=1),
    )
    summary = run(SAMPLES, out)
    assert summary.documents_processed == 0  # the cached results, written again
    n_parts = len(list(table_path(out, "items").iterdir()))
    assert n_parts == summary.documents - summary.documents_failed > 1
    for name in TABLE_NAMES:
        assert pq.read_table(table_path(out, name)).equals(
            pq.read_table(table_path(sample_tables, name))
        ), name
    assert read_tables(out) == read_tables(sample_tables)


def test_a_run_without_a_readable_document_publishes_empty_tables(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "empty.txt").write_bytes(b"")
    summary = run(tmp_path / "raw", tmp_path / "out")
    assert (summary.documents, summary.documents_failed, summary.items) == (1, 1, 0)
    for name in TABLE_NAMES:
        table = pq.read_table(table_path(tmp_path / "out", name))
        assert table.schema.equals(SCHEMAS[name])
        assert table.num_rows == (1 if name == "errors" else 0), name


def test_a_source_changed_after_ingest_is_refused_when_read_again(tmp_path: Path) -> None:
    from pipeline.errors import DocumentError
    from pipeline.runtime.inputs import load_document, read_inputs

    (tmp_path / "a.txt").write_text("Title\n\nA body paragraph.")
    (source,) = read_inputs(tmp_path).documents
    assert load_document(source).text == "Title\n\nA body paragraph."
    (tmp_path / "a.txt").write_text("Title\n\nAnother body paragraph.")
    with pytest.raises(DocumentError) as caught:
        load_document(source)
    assert caught.value.code == "changed" and "a.txt" in caught.value.message
