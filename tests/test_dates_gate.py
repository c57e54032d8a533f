"""Word gates of the date regexes: a regex is skipped only where it cannot match."""

from __future__ import annotations

import random
import re

import pytest

from pipeline.stages.dates import periods, relative
from pipeline.stages.dates.gate import WordGate
from pipeline.stages.dates.periods import find_periods
from pipeline.stages.dates.relative import find_relatives


def test_a_gate_tests_its_words_in_any_case_or_as_written() -> None:
    gate = WordGate.of(["a year ago", "yesterday"])
    assert gate is not None
    assert gate.may_match("It fell A YEAR  earlier than... ago")  # words, not the phrase
    assert gate.may_match("Yesterday, it rained")
    assert not gate.may_match("It fell a year earlier")
    written = WordGate.of(["Friday"], case_sensitive=True)
    assert written is not None
    assert written.may_match("on Friday") and not written.may_match("on friday")


def test_no_gate_for_words_beyond_ascii() -> None:
    assert WordGate.of(["вчера", "today"]) is None
    assert WordGate.of([]) is None


def test_letters_that_re_folds_to_others_are_read_as_those() -> None:
    # re's IGNORECASE takes "ſ" for "s" and "ı" for "i"; str.lower() does not: the
    # gate stays open, and the word found is looked up as re read it.
    assert re.search("(?i:yesterday)", "yeſterday")
    assert find_relatives("We met yeſterday.", "en")[0].unit == "day"
    assert find_relatives("We met yesterday.", "en")[0].unit == "day"
    assert [p.start for p in find_periods("In the fırst quarter of 2020.", "en")] == [7]
    assert [p.start for p in find_periods("In the FİRST QUARTER of 2020.", "en")] == [7]
    # and an old form of a Cyrillic letter for its letter ("ᲀ" for "в")
    assert find_relatives("Это было ᲀчера.", "ru")[0].unit == "day"


def _gated_regexes() -> list[tuple[str, re.Pattern[str], WordGate | None]]:
    words = relative._words("en")
    found = [(name, getattr(words, name), words.gates[name]) for name in words.gates]
    spans = periods._words("en")
    return [
        *found,
        ("part (no code)", spans.part, spans.part_gate),
        ("back", spans.back, spans.back_gate),
    ]


def _texts(seed: int, count: int) -> list[str]:
    """Texts of lexicon words and other words, in random letter case and spacing,
    with letters that re folds to ASCII ones, glued to punctuation and hyphens."""
    rules = relative._words("en").raw
    spans = periods._words("en")
    vocabulary = [
        *rules["days"],
        *rules["units"],
        *rules["shifts"],
        *rules["ago"],
        *rules["ago_units"],
        *rules["weekdays"],
        "monday",
        *spans.ordinals,
        *spans.units,
        "a",
        "year-earlier",
        "year",
        "earlier",
        "the",
        "news",
        "2021",
        "K",
    ]
    separators = [" ", "  ", "\u00a0", "-", ", ", ". ", "\n", ""]
    swaps = {"s": "ſ", "i": "ı", "k": "\u212a"}
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 6)):
            word = rng.choice(vocabulary)
            case = rng.random()
            word = word.upper() if case < 0.2 else word.title() if case < 0.4 else word
            if rng.random() < 0.1:
                letter = rng.choice(list(swaps))
                word = word.replace(letter, swaps[letter])
            parts.append(word + rng.choice(separators))
        texts.append("".join(parts))
    return texts


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_gate_is_closed_only_where_its_regex_cannot_match(seed: int) -> None:
    texts = _texts(seed, 3000)
    for name, regex, gate in _gated_regexes():
        assert gate is not None, name
        matched = [t for t in texts if regex.search(t)]
        closed = [t for t in texts if not gate.may_match(t)]
        assert matched and closed, name  # the texts test both sides
        assert [t for t in matched if not gate.may_match(t)] == [], name
