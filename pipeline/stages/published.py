"""The document's own date: what its relative expressions are read against.

`document_date(source, text)` looks in this order:

1. the file's path relative to the input folder: a date written in it
   ("2023-05-03", "20230503", "2023/05/03", "2023_05_03", also inside a name
   such as "wco_03_2023-02-27_mena.txt"); the last one in the path wins (the
   file name is more specific than its folders). An impossible date
   ("2023-02-30") or a run of eight digits that is no plausible date
   ("12345678", "20231399") is not one;
2. a date line in the document's header ("Date: 3 May 2023", "Published: May
   3, 2023", "Дата: 03.05.2023", "Опубликовано: 3 мая 2023 г."), which
   `pipeline.stages.segment` keeps out of the items; its value must be one
   whole day, read by the date grammar.

`read_document_dates(path)` reads a CSV of `source,date` rows (ISO dates)
that, given with `--document-dates`, wins over both.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from pipeline.stages.dates.grammar import find_expressions
from pipeline.stages.dates.reader import read_interval
from pipeline.stages.segment import document_header

# Year, month, day with one separator or none ("2023-05-03", "20230503", "2023/05/03").
_PATH_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)(?P<sep>[-_./]?)(?P<month>\d\d)(?P=sep)(?P<day>\d\d)(?!\d)"
)
# What may stand around the date in a header line: a weekday before it ("Monday, "),
# a time of day and a time zone after it.
_BEFORE_HEADER_DATE = re.compile(r"(?:[^\W\d]+,?\s+)?")
_AFTER_HEADER_DATE = re.compile(r"[\s,.;]*(?:\d{1,2}:\d\d(?::\d\d)?(?:\s*[A-Za-z]{1,5})?)?\s*")
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")

CSV = "csv"
PATH = "path"
HEADER = "header"


def document_date(source: str, text: str) -> tuple[dt.date | None, str | None]:
    """The document's date and where it came from ('path' or 'header'), or (None, None).

    `source` is the path relative to the input folder, '/'-separated; `text`
    the decoded document.
    """
    found = path_date(source)
    if found is not None:
        return found, PATH
    found = header_date(text)
    if found is not None:
        return found, HEADER
    return None, None


def path_date(source: str) -> dt.date | None:
    """The last real date written in `source`, or None."""
    found: dt.date | None = None
    for match in _PATH_DATE.finditer(source):
        try:
            found = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            continue  # "2023-02-30", "20231399": no date
    return found


def header_date(text: str) -> dt.date | None:
    """The day a date line of the document's header gives, or None."""
    for value in document_header(text).dates:
        day = _whole_day(value)
        if day is not None:
            return day
    return None


def _whole_day(value: str) -> dt.date | None:
    language = "ru" if _CYRILLIC.search(value) else "en"
    expressions = find_expressions(value, language)
    if len(expressions) != 1:
        return None
    expression = expressions[0]
    if not _BEFORE_HEADER_DATE.fullmatch(value, 0, expression.start):
        return None
    if not _AFTER_HEADER_DATE.fullmatch(value, expression.end):
        return None
    if expression.first != expression.last or expression.first.day is None:
        return None  # a range or a month is not the document's day
    if expression.first.year is None:
        return None
    interval = read_interval(expression.first, expression.last)
    return interval[0] if interval is not None else None


def read_document_dates(path: Path) -> dict[str, dt.date]:
    """Document dates by source from a CSV file with the columns `source,date`.

    `source` is a path relative to the input folder as in `documents.source`,
    `date` an ISO date (YYYY-MM-DD). Blank lines are skipped. Raises ValueError
    naming the file, the line and the problem: missing or extra columns, an
    empty source, a date that is not one, a source listed twice.
    """
    try:
        content = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot read the document dates: {error}") from error
    reader = csv.reader(io.StringIO(content, newline=""))
    header = next(reader, None)
    columns = [c.strip().lower() for c in header] if header else []
    if sorted(columns) != ["date", "source"]:
        raise ValueError(f"{path}:1: expected the columns 'source,date', found {header!r}")
    source_at, date_at = columns.index("source"), columns.index("date")
    dates: dict[str, dt.date] = {}
    lines: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 2:
            raise ValueError(f"{path}:{line}: expected 2 fields (source,date), found {len(row)}")
        source, written = row[source_at].strip(), row[date_at].strip()
        if not source:
            raise ValueError(f"{path}:{line}: the source is empty")
        if source in dates:
            raise ValueError(f"{path}:{line}: {source!r} is listed twice (line {lines[source]})")
        dates[source] = _iso_date(written, f"{path}:{line}")
        lines[source] = line
    return dates


def _iso_date(written: str, where: str) -> dt.date:
    if not _ISO_DATE.fullmatch(written):
        raise ValueError(f"{where}: {written!r} is not an ISO date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(written)
    except ValueError as error:
        raise ValueError(f"{where}: {written!r} is not a date: {error}") from error
