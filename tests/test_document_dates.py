"""The document's own date in a whole run: where it comes from, and what it anchors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline.tables import table_path

pytestmark = pytest.mark.slow

ENGLISH = "Training ends\n\nYesterday the WCO ended a course for officers from Ghana.\n"
RUSSIAN = "Итоги года\n\nВ прошлом году ВТамО провела курсы для экспертов из Казахстана.\n"


def rows(out: Path, name: str) -> list[dict[str, Any]]:
    return pq.read_table(table_path(out, name)).to_pylist()


def relative(out: Path) -> dict[str, tuple[Any, Any, str | None]]:
    return {
        r["text"]: (r["start"], r["end"], r["anchor"]) for r in rows(out, "dates") if r["relative"]
    }


def test_each_source_of_the_date_and_what_it_anchors(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "2023").mkdir(parents=True)
    (raw / "2023" / "2023-05-03_digest.txt").write_text(ENGLISH, encoding="utf-8")
    (raw / "header.txt").write_text("Дата: 14.02.2022\n\n" + RUSSIAN, encoding="utf-8")
    (raw / "given.txt").write_text(ENGLISH, encoding="utf-8")
    (raw / "undated.txt").write_text(RUSSIAN, encoding="utf-8")
    dates_csv = tmp_path / "dates.csv"
    dates_csv.write_text("source,date\ngiven.txt,2021-11-30\n", encoding="utf-8")

    out = tmp_path / "out"
    pipeline.run(raw, out, document_dates=dates_csv)
    documents = {
        d["source"]: (str(d["published"]), d["published_from"]) for d in rows(out, "documents")
    }
    assert documents == {
        "2023/2023-05-03_digest.txt": ("2023-05-03", "path"),
        "header.txt": ("2022-02-14", "header"),
        "given.txt": ("2021-11-30", "csv"),
        "undated.txt": ("None", None),
    }
    items = {i["item_id"]: i["source"] for i in rows(out, "items")}
    by_source: dict[str, list[dict[str, Any]]] = {}
    for row in rows(out, "dates"):
        if row["relative"]:
            by_source.setdefault(items[row["item_id"]], []).append(row)

    yesterday = by_source["2023/2023-05-03_digest.txt"][0]
    assert (str(yesterday["start"]), str(yesterday["end"]), yesterday["anchor"]) == (
        "2023-05-02",
        "2023-05-02",
        "document",
    )
    assert str(by_source["given.txt"][0]["start"]) == "2021-11-29"
    last_year = by_source["header.txt"][0]
    assert (str(last_year["start"]), str(last_year["end"])) == ("2021-01-01", "2021-12-31")
    # Without a date of its own the expression is kept, unread: nothing is guessed.
    undated = by_source["undated.txt"][0]
    assert undated["text"] == "прошлом году" and undated["start"] is None and undated["end"] is None
    # The header's date line belongs to the document, not to an item.
    assert all(not i["text"].startswith("Дата") for i in rows(out, "items"))


def test_a_new_date_for_the_same_text_reads_its_relative_dates_again(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "news.txt").write_text(ENGLISH, encoding="utf-8")
    out = tmp_path / "out"
    first_csv = tmp_path / "first.csv"
    first_csv.write_text("source,date\nnews.txt,2020-01-10\n", encoding="utf-8")
    pipeline.run(raw, out, document_dates=first_csv)
    second_csv = tmp_path / "second.csv"
    second_csv.write_text("source,date\nnews.txt,2024-06-01\n", encoding="utf-8")
    summary = pipeline.run(raw, out, document_dates=second_csv)
    assert summary.no_op is False and summary.documents_annotated == 0  # the model is not rerun
    assert [str(r["start"]) for r in rows(out, "dates") if r["relative"]] == ["2024-05-31"]


def test_a_broken_dates_file_names_its_line(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "news.txt").write_text(ENGLISH, encoding="utf-8")
    bad = tmp_path / "dates.csv"
    bad.write_text("source,date\nnews.txt,31/12/2020\n", encoding="utf-8")
    with pytest.raises(pipeline.errors.PipelineError, match=r"dates.csv.*2"):
        pipeline.run(raw, tmp_path / "out", document_dates=bad)
