"""The document's own date: from its path, its header line, or a CSV of document dates."""

# ruff: noqa: E501  (one line per case: the tables read better unwrapped)

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.records import Document
from pipeline.stages.ingest import doc_id_for
from pipeline.stages.published import document_date, read_document_dates
from pipeline.stages.segment import segment

BODY = "The regional office trained forty officers. Trainers came from three administrations."

# fmt: off
PATH_CASES: list[tuple[str, str | None]] = [
    ("2023-05-03.txt", "2023-05-03"),
    ("news/20230503.txt", "2023-05-03"),
    ("2023/05/03/digest.txt", "2023-05-03"),
    ("2023_05_03_digest.txt", "2023-05-03"),
    ("wco_03_2023-02-27_mena.txt", "2023-02-27"),
    ("2021-01-01/digest_2023-05-03.txt", "2023-05-03"),  # the file name is more specific
    ("digest_20230503T101500.txt", "2023-05-03"),
    ("digest_2023-02-30.txt", None),  # no such day
    ("id_12345678.txt", None),  # eight digits, no plausible date
    ("scan_20231399.txt", None),
    ("tel_88005553535.txt", None),  # a longer run of digits
    ("2023-0503.txt", None),  # separators must agree
    ("2022/wco_digest_january.txt", None),  # a year and a month name: no day
    ("digest.txt", None),
]

HEADER_CASES: list[tuple[str, str | None]] = [
    (f"Date: 3 May 2023\n\nHeading\n\n{BODY}", "2023-05-03"),
    (f"Published: May 3, 2023\n\nHeading\n\n{BODY}", "2023-05-03"),
    (f"Published: May 3, 2023, 10:15 CET\n\nHeading\n\n{BODY}", "2023-05-03"),
    (f"Date: Monday, 1 May 2023\n\nHeading\n\n{BODY}", "2023-05-01"),
    (f"Date: 2023-05-03\n\nHeading\n\n{BODY}", "2023-05-03"),
    (f"Рубрика: WCO\nДата: 03.05.2023\n\nЗаголовок\n\n{BODY}", "2023-05-03"),
    (f"Рубрика: WCO\n\nОпубликовано: 3 мая 2023 г.\n\nЗаголовок\n\n{BODY}", "2023-05-03"),
    (f"Дата публикации: 03.05.2023\n\nЗаголовок\n\n{BODY}", "2023-05-03"),
    (f"Date: May 2023\n\nHeading\n\n{BODY}", None),  # a month is not a day
    (f"Date: 3-5 May 2023\n\nHeading\n\n{BODY}", None),  # nor is a range
    (f"Date: 31 February 2023\n\nHeading\n\n{BODY}", None),
    (f"Date: 3 May\n\nHeading\n\n{BODY}", None),  # no year
    (f"Heading\n\nDate: 3 May 2023\n\n{BODY}", None),  # not at the top
    (f"Heading\n\nThe forum opened on 3 May 2023. {BODY}", None),  # a date in the news
]

# (document text, rubric, titles of the items): header lines belong to the document
SEGMENT_CASES: list[tuple[str, str | None, list[str | None]]] = [
    (f"Date: 3 May 2023\n\nHeading\n\n{BODY}", None, ["Heading"]),
    (f"Рубрика: WCO\nДата: 03.05.2023\n\nЗаголовок\n\n{BODY}", "WCO", ["Заголовок"]),
    (f"Рубрика: WCO\n\nОпубликовано: 3 мая 2023 г.\n\n{BODY}", "WCO", [None]),
    (f"Date: 3 May 2023\nRubric: News\n\nHeading\n\n{BODY}", "News", ["Heading"]),
    (f"Date: to be announced\n\n{BODY}", None, ["Date: to be announced"]),  # no digit: a heading
    (f"Heading\n\nDate: 3 May 2023\n\n{BODY}", None, ["Date: 3 May 2023"]),  # not at the top: a title
]
# fmt: on


@pytest.mark.parametrize(("source", "expected"), PATH_CASES)
def test_date_in_the_path(source: str, expected: str | None) -> None:
    day, where = document_date(source, BODY)
    assert (day, where) == ((dt.date.fromisoformat(expected), "path") if expected else (None, None))


@pytest.mark.parametrize(("text", "expected"), HEADER_CASES)
def test_date_in_a_header_line(text: str, expected: str | None) -> None:
    day, where = document_date("digest.txt", text)
    assert (day, where) == (
        (dt.date.fromisoformat(expected), "header") if expected else (None, None)
    )


def test_the_path_wins_over_the_header() -> None:
    assert document_date("2023-05-04.txt", f"Date: 3 May 2023\n\n{BODY}") == (
        dt.date(2023, 5, 4),
        "path",
    )


@pytest.mark.parametrize(("text", "rubric", "titles"), SEGMENT_CASES)
def test_header_lines_are_not_items(
    text: str, rubric: str | None, titles: list[str | None]
) -> None:
    document = Document(doc_id_for("t.txt"), "t.txt", "utf-8", "0" * 64, text)
    result = segment(document)
    assert result.rubric == rubric
    assert [item.title for item in result.items] == titles
    for item in result.items:
        assert text[item.start_char : item.end_char] == item.text


def test_document_dates_file(tmp_path: Path) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(
        "\ufeffdate,source\n2023-05-03,a/one.txt\n\n2022-12-31, b.txt \n", encoding="utf-8"
    )
    assert read_document_dates(path) == {
        "a/one.txt": dt.date(2023, 5, 3),
        "b.txt": dt.date(2022, 12, 31),
    }


# (file content, what the error names after the file name)
# fmt: off
BAD_FILES: list[tuple[str, str]] = [
    ("", ":1: expected the columns 'source,date'"),
    ("path,day\na.txt,2023-05-03\n", ":1: expected the columns 'source,date'"),
    ("source,date,extra\na.txt,2023-05-03,x\n", ":1: expected the columns 'source,date'"),
    ("source,date\na.txt,2023-05-03\nb.txt\n", ":3: expected 2 fields (source,date), found 1"),
    ("source,date\n,2023-05-03\n", ":2: the source is empty"),
    ("source,date\na.txt,03.05.2023\n", ":2: '03.05.2023' is not an ISO date (YYYY-MM-DD)"),
    ("source,date\na.txt,2023-02-30\n", ":2: '2023-02-30' is not a date: day is out of range for month"),
    ("source,date\na.txt,2023-05-03\n\na.txt,2023-05-04\n", ":4: 'a.txt' is listed twice (line 2)"),
]
# fmt: on


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_document_dates_file_errors_name_file_line_and_problem(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as error:
        read_document_dates(path)
    assert str(error.value).startswith(f"{path}{message}")


def test_unreadable_document_dates_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.csv"
    with pytest.raises(ValueError, match=r"missing\.csv: cannot read the document dates"):
        read_document_dates(path)
