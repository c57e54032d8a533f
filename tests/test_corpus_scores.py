"""The held-out test split scores no lower than the figures last recorded.

`tests/corpus/test_scores.json` holds the scores of the test split
(`tests/corpus/test`, which no rule was written against) at the last accepted
change. A real run and `pipeline eval` on the split must reach each of them,
overall and per language, so a change that trades unseen news for the
development data fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import pipeline

SPLIT = Path(__file__).parent / "corpus" / "test"
RECORDED = Path(__file__).parent / "corpus" / "test_scores.json"


def _measures(scores: dict[str, Any]) -> dict[str, float]:
    return {
        "entities_lenient": scores["entities"]["lenient"]["overall"]["f1"],
        "entities_strict": scores["entities"]["strict"]["overall"]["f1"],
        "dates_value": scores["dates"]["value"]["f1"],
        "counts_full": scores["counts"]["full"]["f1"],
    }


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    output = tmp_path_factory.mktemp("test_split")
    pipeline.run(SPLIT / "docs", output)
    return pipeline.evaluate(SPLIT, output)


@pytest.mark.slow
@pytest.mark.parametrize("scope", ["all", "en", "ru"])
def test_test_split_scores_do_not_fall(scores: dict[str, Any], scope: str) -> None:
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))[scope]
    measured = _measures(scores if scope == "all" else scores["by_language"][scope])
    fallen = {
        name: (round(measured[name], 3), floor)
        for name, floor in recorded.items()
        if round(measured[name], 3) < floor
    }
    assert not fallen, f"test-split scores below the recorded ones (now, recorded): {fallen}"
