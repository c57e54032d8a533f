"""Precision, recall and F1 over multisets of spans, strict and lenient."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]
Match = Callable[[Row, Row], bool]


@dataclass(slots=True)
class Score:
    """Counts of true positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def match_spans(predicted: Sequence[Row], gold: Sequence[Row], same: Match) -> Score:
    """One-to-one greedy matching in text order: each gold span takes the first
    unused prediction that `same` accepts."""
    used = [False] * len(predicted)
    tp = 0
    for g in gold:
        for index, p in enumerate(predicted):
            if not used[index] and same(p, g):
                used[index] = True
                tp += 1
                break
    return Score(tp=tp, fp=len(predicted) - tp, fn=len(gold) - tp)


def norm_text(text: str) -> str:
    """Compare texts regardless of non-breaking spaces and runs of whitespace."""
    return " ".join(str(text).replace("\u00a0", " ").split())


def strict_text(p: Row, g: Row) -> bool:
    return norm_text(p["text"]) == norm_text(g["text"])


def lenient_text(p: Row, g: Row) -> bool:
    a, b = norm_text(p["text"]), norm_text(g["text"])
    return bool(a) and bool(b) and (a in b or b in a)
