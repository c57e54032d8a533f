"""The errors behind a score, one per span, in words an analyst can act on.

For each aligned item, gold and predicted spans of one kind are paired:
exact matches first, then what is left by overlapping text. A pair that
overlaps is a wrong boundary (entities), a wrong label (entities with the
same text), or a wrong value (dates and counts with the same text); what is
left unpaired is missed (gold) or spurious (predicted).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from pipeline.apps.evaluation.scoring import Row, lenient_text, norm_text, strict_text


@dataclass(frozen=True, slots=True)
class SpanError:
    """One difference between the gold and the tables."""

    kind: str  # 'entity', 'date' or 'count'
    error: str  # 'missed', 'spurious', 'boundary', 'label' or 'value'
    doc: str
    position: int
    language: str
    gold: str | None  # the gold span, described
    predicted: str | None  # our span, described

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


Describe = Callable[[Row], str]


@dataclass(frozen=True, slots=True)
class _Kind:
    name: str
    exact: Callable[[Row, Row], bool]  # (predicted, gold): right in every respect
    near_error: Callable[[Row, Row], str | None]  # (predicted, gold): the error of a near pair
    describe: Describe


def _entity_near(p: Row, g: Row) -> str | None:
    if strict_text(p, g):
        return "label"
    if p["label"] == g["label"] and _overlap(p, g):
        return "boundary"
    return None


def _value_near(p: Row, g: Row) -> str | None:
    return "value" if lenient_text(p, g) else None


def _overlap(p: Row, g: Row) -> bool:
    a, b = norm_text(p["text"]).split(), norm_text(g["text"]).split()
    return lenient_text(p, g) or bool(set(a) & set(b))


def _interval(row: Row) -> str:
    start, end = (str(row.get(key)) for key in ("start", "end"))  # dates and ISO strings alike
    return f"{row['text']!r} = {start}..{end}"


def _count(row: Row) -> str:
    value = row.get("value")
    number = "?" if value is None else f"{float(value):g}"
    approx = "~" if row.get("approx") else ""
    return f"{row['text']!r} = {approx}{number} [{row.get('unit')}]"


def kinds(
    same_date: Callable[[Row, Row], bool], same_count: Callable[[Row, Row], bool]
) -> dict[str, _Kind]:
    """The three span kinds, given the exact-match tests the scores use."""
    return {
        "entities": _Kind(
            "entity",
            lambda p, g: strict_text(p, g) and p["label"] == g["label"],
            _entity_near,
            lambda r: f"{r['text']!r} {r['label']}",
        ),
        "dates": _Kind("date", same_date, _value_near, _interval),
        "counts": _Kind("count", same_count, _value_near, _count),
    }


def span_errors(
    kind: _Kind,
    predicted: Sequence[Row],
    gold: Sequence[Row],
    where: tuple[str, int, str],
) -> list[SpanError]:
    """The errors of one item's spans of one kind (see the module docstring)."""
    doc, position, language = where
    left_p, left_g = list(predicted), list(gold)
    for g in list(left_g):
        match = next((p for p in left_p if kind.exact(p, g)), None)
        if match is not None:
            left_p.remove(match)
            left_g.remove(g)
    errors: list[SpanError] = []
    for g in list(left_g):
        for p in left_p:
            error = kind.near_error(p, g)
            if error is not None:
                errors.append(
                    SpanError(
                        kind.name,
                        error,
                        doc,
                        position,
                        language,
                        kind.describe(g),
                        kind.describe(p),
                    )
                )
                left_p.remove(p)
                left_g.remove(g)
                break
    errors += [
        SpanError(kind.name, "missed", doc, position, language, kind.describe(g), None)
        for g in left_g
    ]
    errors += [
        SpanError(kind.name, "spurious", doc, position, language, None, kind.describe(p))
        for p in left_p
    ]
    return errors
