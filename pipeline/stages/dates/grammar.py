"""Find explicit calendar expressions in a text and split ranges into their two ends.

The grammar works on characters, not on spaCy tokens: the English model and
`spacy.blank("ru")` cut "2020–2021", "17–19" and "г." differently, and the
offsets have to be exact either way. An expression is one point ("26 January
2022", "March 2021", "2021", "22.10.2020"), two points joined by a dash or by
a connector word the lead word licenses ("from ... to", "between ... and",
"с ... по", "между ... и"), or days listed under one month ("14 and 15 March
2022", "3, 4 and 5 May", "14 и 15 марта"), which cover the first listed day to
the last, or years listed under one plural year word ("2024 и 2025 годах").
The lead word is not part of the span; a Russian year word after a year ("г.",
"года", glued "2024г." too) is, after the first end of a range as well ("20
декабря 2024 года по 5 января 2025 года"). A decade ("1990-х") is no year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from pipeline.settings import cached_while_unchanged
from pipeline.stages.dates.lexicon import DateLexicon, lexicon

# Space inside a date, never a newline: a date does not run from title to body.
SPACE = r"[ \t\u00a0\u2009\u202f]+"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)"
_DASH = r"[ \t\u00a0]*[-‐‑–—][ \t\u00a0]*"
# Words joined to a year by a hyphen without making it part of a code: "mid-1996".
_DATE_PREFIXES = frozenset({"mid", "early", "late"})


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of lexicon words and phrases, longest first, each written
    literally but for its spaces, which match any `SPACE` (the word gates of
    `pipeline.stages.dates.gate` rely on it: every other character is literal)."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", SPACE) for w in ordered)


@dataclass(frozen=True, slots=True)
class Point:
    """One end of an expression as written: any of day, month, year may be missing."""

    day: int | None = None
    month: int | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Expression:
    """A calendar expression found in a text, its ends filled from each other."""

    start: int
    end: int
    first: Point
    last: Point
    written_year: bool  # a year is written somewhere in the expression
    bare_year: bool  # the whole expression is one year number: may be a count instead
    bare_month: bool  # the whole expression is one month name with no day or year


class _Patterns:
    """Compiled regexes of one language."""

    def __init__(self, lex: DateLexicon) -> None:
        self.lex = lex
        self.month_lookup = _month_lookup(lex)
        month = _month_regex(lex)
        weekday = _weekday_regex(lex)
        words = [w for conns in lex.range_leads.values() for w in conns]
        conn_words = "|".join(sorted({*words, *lex.bare_connectors}, key=len, reverse=True))
        leads = "|".join(sorted(lex.range_leads, key=len, reverse=True))
        point_any = "(?:" + "|".join(_point(body, named=False) for _, body in _FORMS) + ")"
        point_any = point_any.replace("MONTH", month).replace("WEEKDAY", weekday)
        self.forms = {
            name: re.compile(
                _point(body, named=True).replace("MONTH", month).replace("WEEKDAY", weekday)
            )
            for name, body in _FORMS
        }
        lead = rf"(?:(?<!\w)(?P<lead>(?i:{leads})){SPACE})?"
        conn = rf"(?P<conn>{_DASH}|/|{SPACE}(?P<word>(?i:{conn_words})){SPACE})"
        year_words = "|".join(re.escape(w) for w in sorted(lex.year_words, key=len, reverse=True))
        # "20 декабря 2024 года по 5 января 2025 года": a year word may close the first end
        left_word = rf"(?:(?:{SPACE})?(?:{year_words})(?!\w))?" if year_words else ""
        self.range = re.compile(
            rf"{lead}(?P<left>{point_any}){left_word}{conn}(?P<right>{point_any})"
        )
        # Days listed under one month: "14 and 15 March 2022", "3, 4 and 5 May", "March 14
        # and 15, 2022", "14 и 15 марта": one expression from the first day to the last.
        days = rf"{_DAY}{_ORDINAL}(?:,{SPACE}{_DAY}{_ORDINAL})*"
        and_word = "|".join(map(re.escape, lex.list_connectors))
        joined = rf",?{SPACE}(?i:{and_word}){SPACE}"
        day_month = _point(dict(_FORMS)["dmy"], named=False).replace("MONTH", month)
        self.day_list = re.compile(
            rf"(?P<first>{_DAY}){_ORDINAL}(?:,{SPACE}{days})?{joined}"
            rf"(?P<right>{day_month})"
        )
        self.month_day_list = re.compile(
            rf"(?P<month>{month}){SPACE}(?P<first>{_DAY}){_ORDINAL}(?:,{SPACE}{days})?{joined}"
            rf"(?P<last>{_DAY}){_ORDINAL}(?!\w)(?:,?{SPACE}(?P<year>{_YEAR}))?"
        )
        # Months listed: "February and November 2018", "в феврале и ноябре 2018 года".
        month_point = "|".join(
            _point(body, named=False).replace("MONTH", month)
            for name, body in _FORMS
            if name in {"my", "m"}
        )
        self.month_list = re.compile(
            rf"(?P<first>{month})(?:,{SPACE}{month})*{joined}(?P<right>{month_point})"
        )
        self.single = re.compile(rf"{lead}(?P<left>{point_any})")
        self.short_years = re.compile(rf"(?P<y1>{_YEAR})[-–—/](?P<y2>\d\d)(?!\d)")
        self.atoms = re.compile(rf"\d|{month}|{weekday}|(?<!\w)(?i:{leads}){SPACE}")
        # "2024 г.", and glued to the year: "2024г."
        self.year_word = re.compile(rf"(?:{SPACE})?(?:{year_words})(?!\w)") if year_words else None
        decades = "|".join(map(re.escape, lex.decade_suffixes))
        # "1990-х", "1990-е годы": a decade, not a year
        self.decade = re.compile(rf"[-‐‑](?:{decades})(?!\w)") if decades else None
        plural = "|".join(
            re.escape(w) for w in sorted(lex.plural_year_words, key=len, reverse=True)
        )
        # Years listed under one plural year word: "в 2024 и 2025 годах", "2022, 2023 и 2024 гг."
        self.year_list = (
            re.compile(
                rf"(?P<first>{_YEAR})(?:,{SPACE}{_YEAR})*{joined}(?P<last>{_YEAR}){SPACE}(?:{plural})(?!\w)"
            )
            if plural
            else None
        )
        suffixes = "|".join(map(re.escape, lex.year_suffixes))
        self.year_suffix = re.compile(rf"[-‐‑](?:{suffixes})(?!\w)") if suffixes else None
        short_words = "|".join(map(re.escape, lex.short_year_words))
        self.short_year = (
            re.compile(rf"(?P<yy>\d\d){SPACE}(?:{short_words})(?!\w)") if short_words else None
        )


# A weekday written before a date belongs to it: "Monday 28 March", "понедельник, 21 ноября".
_WEEKDAY = rf"(?:WEEKDAY,?{SPACE})?"
# Point forms, most specific first: the regex alternation takes the first that fits.
_FORMS: tuple[tuple[str, str], ...] = (
    (
        "iso",
        r"{y}" + _YEAR + r"){/}-{mn}(?:0[1-9]|1[0-2])){/}-{d}(?:3[01]|[12]\d|0[1-9])(?!\d)){/}",
    ),
    (
        "numeric",
        _WEEKDAY + r"{d}(?:3[01]|[12]\d|0?[1-9])){/}[./]{mn}(?:1[0-2]|0?[1-9])){/}[./]"
        r"{y}" + _YEAR + "){/}",
    ),
    # The US order only where the day cannot be a month: "10/25/2024".
    (
        "numeric_us",
        _WEEKDAY + r"{mn}(?:1[0-2]|0?[1-9])){/}/{d}(?:3[01]|2\d|1[3-9])){/}/{y}" + _YEAR + "){/}",
    ),
    # Two-digit years, day first, two digits each: "09.02.24", "27.04.05".
    (
        "numeric_short",
        _WEEKDAY + r"{d}(?:3[01]|[12]\d|0[1-9])){/}\.{mn}(?:1[0-2]|0[1-9])){/}"
        r"\.{yy}\d\d){/}(?!\d)",
    ),
    ("dmy_dash", r"{d}" + _DAY + "){/}-{m}MONTH){/}-{y}" + _YEAR + "){/}"),  # "21-May-2021"
    (
        "dmy",
        _WEEKDAY + r"{d}" + _DAY + "){/}" + _ORDINAL + SPACE + rf"(?:of{SPACE})?"
        r"{m}MONTH){/}(?:,?" + SPACE + r"{y}" + _YEAR + "){/})?",
    ),
    (
        "mdy",
        _WEEKDAY + r"{m}MONTH){/}" + SPACE + r"{d}" + _DAY + "){/}" + _ORDINAL + r"(?!\w)"
        r"(?:,?" + SPACE + r"{y}" + _YEAR + "){/})?",
    ),
    ("my", r"{m}MONTH){/},?" + SPACE + rf"(?:of{SPACE})?" + r"{y}" + _YEAR + "){/}"),
    ("m", r"{m}MONTH){/}"),
    ("y", r"{y}" + _YEAR + "){/}"),
    ("dy", r"{d}" + _DAY + "){/}" + _ORDINAL + ",?" + SPACE + r"{y}" + _YEAR + "){/}"),
    ("d", _WEEKDAY + r"{d}" + _DAY + "){/}" + _ORDINAL),
)
# Two-digit years: 00-49 are this century, 50-99 the last.
_CENTURY_PIVOT = 50


def _point(body: str, *, named: bool) -> str:
    groups = {"d": "day", "m": "month", "mn": "month_number", "yy": "short_year", "y": "year"}
    for key, name in groups.items():
        body = body.replace("{" + key + "}", f"(?P<{name}>" if named else "(?:")
    return body.replace("{/}", "")


def _month_regex(lex: DateLexicon) -> str:
    forms = sorted(lex.months, key=len, reverse=True)
    if lex.language == "ru":
        return r"(?<!\w)(?i:" + "|".join(map(re.escape, forms)) + r")(?!\w)"
    # English: capitalized or all-caps only, so the verbs 'may' and 'march' are not months;
    # an abbreviation may carry its period.
    alts = [re.escape(f) + (r"\.?" if f not in lex.canonical_months else "") for f in forms]
    alts += [re.escape(f.upper()) for f in forms if len(f) > 4]
    return r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)"


def _weekday_regex(lex: DateLexicon) -> str:
    names = "|".join(map(re.escape, sorted(lex.weekdays, key=len, reverse=True)))
    # English weekdays are capitalized ("may" aside, no clash), Russian ones are not
    return rf"(?<!\w)(?{'i' if lex.language == 'ru' else ''}:{names})(?!\w)"


def _month_lookup(lex: DateLexicon) -> dict[str, int]:
    return {form.lower(): number for form, number in lex.months.items()}


@cached_while_unchanged("dates", "numbers.json")
def _patterns(language: str) -> _Patterns:
    return _Patterns(lexicon(language))


@cached_while_unchanged("dates", "numbers.json", maxsize=512)
def find_expressions(text: str, language: str) -> tuple[Expression, ...]:
    """Every explicit calendar expression in `text`, left to right, not overlapping.

    Cached: the counts stage asks the same of the same item text, to keep the
    numbers inside dates out of its counts.

    Ends are filled from each other ("24 to 28 January 2022": the first end takes
    January 2022); a year missing from the whole expression stays None. Lone
    days and impossible combinations are dropped here; whether a bare year or a
    bare month counts is left to the caller, which sees the context.
    """
    patterns = _patterns(language)
    found: list[Expression] = []
    position = 0
    for atom in patterns.atoms.finditer(text):
        if atom.start() < position:
            continue
        expression = _expression_at(text, atom.start(), patterns)
        if expression is not None:
            found.append(expression)
            position = expression.end
    return tuple(found)


def _expression_at(text: str, index: int, patterns: _Patterns) -> Expression | None:
    short = patterns.short_years.match(text, index)
    if short and _bounded(text, short.start(), short.end()):
        first_year = int(short["y1"])
        last_year = first_year // 100 * 100 + int(short["y2"])
        if last_year > first_year:
            end = _with_year_word(text, short.end(), patterns)
            return Expression(
                index, end, Point(year=first_year), Point(year=last_year), True, False, False
            )
    match = patterns.range.match(text, index)
    if match and _connector_allowed(match["lead"], match["word"], match["conn"], patterns.lex):
        start = match.start("left")
        left = _read_point(match["left"], patterns)
        right = _read_point(match["right"], patterns)
        joined = _join(left, right, match["conn"].strip() == "/") if left and right else None
        if left and right and joined:
            first, last = joined
            end = _with_year_word(text, match.end(), patterns) if last.year else match.end()
            if _bounded(text, start, end):
                written = left.year is not None or right.year is not None
                return Expression(start, end, first, last, written, False, False)
    years = _year_list_at(text, index, patterns)
    if years is not None:
        return years
    listed = _day_list_at(text, index, patterns) or _month_list_at(text, index, patterns)
    if listed is not None:
        return listed
    short = patterns.short_year.match(text, index) if patterns.short_year else None
    if short and _bounded(text, short.start(), short.start() + 2):
        year = Point(year=_full_year(int(short["yy"])))  # "23 году"
        return Expression(index, short.end(), year, year, True, True, False)
    match = patterns.single.match(text, index)
    if match is None:
        return None
    start = match.start("left")
    point = _read_point(match["left"], patterns)
    if point is None or (point.month is None and point.year is None):
        return None  # a lone day number is not a date
    if point.month is None and patterns.decade and patterns.decade.match(text, match.end()):
        return None  # "1990-х годах": a decade
    end = _with_year_word(text, match.end(), patterns) if point.year else match.end()
    if not _bounded(text, start, end):
        return None
    bare_year = point.month is None
    bare_month = point.day is None and point.year is None
    return Expression(start, end, point, point, point.year is not None, bare_year, bare_month)


def _year_list_at(text: str, index: int, patterns: _Patterns) -> Expression | None:
    """Years listed under one plural year word ("2024 и 2025 годах"): first year to last."""
    match = patterns.year_list.match(text, index) if patterns.year_list else None
    if match is None or not _bounded(text, match.start(), match.end()):
        return None
    first, last = int(match["first"]), int(match["last"])
    if last <= first:
        return None  # years listed out of order are not one stretch of years
    return Expression(index, match.end(), Point(year=first), Point(year=last), True, False, False)


def _day_list_at(text: str, index: int, patterns: _Patterns) -> Expression | None:
    """Days listed under one month ("14 and 15 March 2022"): first day to last day."""
    match = patterns.day_list.match(text, index)
    if match is not None:
        right = _read_point(match["right"], patterns)
        first = Point(day=int(match["first"]))
    else:
        match = patterns.month_day_list.match(text, index)
        if match is None:
            return None
        month = patterns.month_lookup.get(match["month"].lower().rstrip("."))
        year = int(match["year"]) if match["year"] else None
        first = Point(day=int(match["first"]), month=month)
        right = Point(day=int(match["last"]), month=month, year=year)
    if right is None or right.day is None or right.day <= (first.day or 0):
        return None  # days listed out of order are not one stretch of days
    if not _bounded(text, match.start(), match.end()):
        return None
    return _listed(text, match, first, right, patterns)


def _month_list_at(text: str, index: int, patterns: _Patterns) -> Expression | None:
    """Months listed ("February and November 2018"): the first month to the last."""
    match = patterns.month_list.match(text, index)
    if match is None or not _bounded(text, match.start(), match.end()):
        return None
    first = Point(month=patterns.month_lookup.get(match["first"].lower().rstrip(".")))
    right = _read_point(match["right"], patterns)
    if right is None or right.month is None or right.month <= (first.month or 13):
        return None  # months listed out of order are not one stretch of months
    return _listed(text, match, first, right, patterns)


def _listed(
    text: str, match: re.Match[str], first: Point, right: Point, patterns: _Patterns
) -> Expression | None:
    """The expression of a list from its first element to its last, `right`."""
    joined = _join(first, right, slash=False)
    if joined is None:
        return None
    first, last = joined
    end = _with_year_word(text, match.end(), patterns) if last.year else match.end()
    return Expression(match.start(), end, first, last, last.year is not None, False, False)


def _connector_allowed(lead: str | None, word: str | None, conn: str, lex: DateLexicon) -> bool:
    if word is None:
        return True  # a dash or a slash joins without a lead
    word = word.lower()
    if lead is not None and word in lex.range_leads.get(lead.lower(), ()):
        return True
    return word in lex.bare_connectors


def _read_point(written: str, patterns: _Patterns) -> Point | None:
    for form in patterns.forms.values():
        match = form.fullmatch(written)
        if match is None:
            continue
        groups = match.groupdict()
        month: int | None = None
        if groups.get("month"):
            month = patterns.month_lookup.get(groups["month"].lower().rstrip("."))
        elif groups.get("month_number"):
            month = int(groups["month_number"])
        day = int(groups["day"]) if groups.get("day") else None
        year = int(groups["year"]) if groups.get("year") else None
        if groups.get("short_year"):
            year = _full_year(int(groups["short_year"]))
        return Point(day=day, month=month, year=year)
    return None


def _full_year(short: int) -> int:
    return 2000 + short if short < _CENTURY_PIVOT else 1900 + short


def _join(left: Point, right: Point, slash: bool) -> tuple[Point, Point] | None:
    """Fill each end of a range from the other; None when the two ends do not make a range."""
    kinds = (_kind(left), _kind(right))
    if slash and kinds not in {("y", "y"), ("m", "m")}:
        return None  # '/' joins years or months ("2020/2021", "December 2001/January 2002")
    if "y" in kinds:
        if kinds != ("y", "y") or (left.year or 0) >= (right.year or 0):
            return None
        return left, right
    if kinds[0] == "d":  # "24 to 28 January 2022"
        if kinds[1] != "dm":
            return None
        left = replace(left, month=right.month, year=right.year)
    elif kinds[1] == "d":  # "January 24-28, 2022"
        if kinds[0] != "dm":
            return None
        right = replace(right, month=left.month, year=right.year or left.year)
    elif kinds == ("m", "dm"):
        return None  # "March to 5 April": the first end is coarser than the last
    wraps = _order(left, 0) > _order(right, 0)  # "December to February 2022"
    if left.year is None and right.year is not None:
        left = replace(left, year=right.year - 1 if wraps else right.year)
    elif right.year is None and left.year is not None:
        right = replace(right, year=left.year + 1 if wraps else left.year)
    if (
        left.year is not None
        and right.year is not None
        and (left.year, *_order(left, 0)) > (right.year, *_order(right, 99))
    ):
        return None
    return left, right


def _kind(point: Point) -> str:
    if point.month is None:
        return "d" if point.day is not None else "y"
    return "dm" if point.day is not None else "m"


def _order(point: Point, no_day: int) -> tuple[int, int]:
    return (point.month or 0, point.day if point.day is not None else no_day)


def _with_year_word(text: str, end: int, patterns: _Patterns) -> int:
    """`end` moved past a year word or a year's ending that follows ("2020 г.", "2020-го")."""
    for pattern in (patterns.year_word, patterns.year_suffix):
        match = pattern.match(text, end) if pattern is not None else None
        if match:
            return match.end()
    return end


def _bounded(text: str, start: int, end: int) -> bool:
    """False when the match is part of a longer token: 'A/RES/2021', '3.11.2020.1', '1990s'."""
    before = text[start - 1] if start > 0 else " "
    before2 = text[start - 2] if start > 1 else " "
    if before.isalnum() or before in "/\\#№_":
        return False
    # "COVID-19", "A-2021", "1.2021" glue a number to what precedes; "mid-November" and
    # "mid-1996" are fine
    if before in ".,:-" and before2.isalnum() and text[start].isdigit():
        prefix = re.search(r"\w+$", text[max(0, start - 12) : start - 1])
        if before != "-" or prefix is None or prefix.group().lower() not in _DATE_PREFIXES:
            return False
    after = text[end] if end < len(text) else " "
    after2 = text[end + 1] if end + 1 < len(text) else " "
    if after.isalnum() or after in "%_/\\":
        return False
    return not (after in ".,:-‐‑" and after2.isdigit())


def previous_word(text: str, start: int) -> str:
    """The word before `start`, lower-cased, without opening quotes or a trailing hyphen."""
    words = text[max(0, start - 40) : start].split()
    return words[-1].lower().strip("(\"'«“").rstrip("-") if words else ""
