"""Per-document work: batches repeat exactly, long items are split, bad ones isolated."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.runtime.work import Job, process
from pipeline.stages.ingest import read_document
from pipeline.stages.nlp import annotate
from pipeline.stages.nlp.annotate import model, pipe_any_length, split_text
from pipeline.stages.nlp.entities import rules
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow


def sample_jobs() -> list[Job]:
    paths = [p for p in sorted(SAMPLES.rglob("*.txt")) if p.stat().st_size]
    return [Job(read_document(p, SAMPLES)) for p in paths]


def test_batches_in_memory_zones_repeat_exactly() -> None:
    jobs = sample_jobs()
    first = process(jobs[:2])
    process(jobs[2:])  # other strings come and go in between
    again = process(jobs[:2])
    assert [o.result for o in first] == [o.result for o in again]
    assert all(o.result is not None and o.result.mentions for o in first)


def _word_job(tmp_path: Path, word: str) -> Job:
    path = tmp_path / f"{word}.txt"
    path.write_text(f"Customs news\n\nOfficers of {word} Customs met the WCO in Brussels.")
    return Job(read_document(path, tmp_path))


def test_vocabularies_keep_new_words_until_full_then_drop_each_batchs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model's vocabulary gets a fresh doc's words, the rule pipeline's those of
    docs restored from the cache."""
    fresh = [_word_job(tmp_path, "Qorvathia"), _word_job(tmp_path, "Zelmorvia")]
    cached = [Job(j.document, o.docbin) for j, o in zip(fresh, process(fresh), strict=True)]
    model_strings, rule_strings = model("en").vocab.strings, rules("en").vocab.strings
    assert "Qorvathia" in model_strings  # kept: the vocabulary is not full
    process(cached[:1])
    assert "Qorvathia" in rule_strings

    monkeypatch.setattr(annotate, "PERMANENT_STRINGS", 0)  # every vocabulary is full
    sizes = len(model_strings), len(rule_strings)
    fresh_word = _word_job(tmp_path, "Vantrelia")
    outcomes = process([fresh_word, cached[1]])
    assert all(o.result is not None and o.result.mentions for o in outcomes)
    assert "Vantrelia" not in model_strings and "Zelmorvia" not in rule_strings  # dropped
    assert (len(model_strings), len(rule_strings)) == sizes


def test_cached_docbin_gives_the_same_result_as_the_model() -> None:
    jobs = sample_jobs()
    fresh = process(jobs)
    from_cache = process([Job(j.document, o.docbin) for j, o in zip(jobs, fresh, strict=True)])
    assert [o.result for o in fresh] == [o.result for o in from_cache]
    assert all(o.annotated for o in fresh) and not any(o.annotated for o in from_cache)


@pytest.mark.parametrize(
    ("text", "limit"),
    [("a b c d e f g h", 3), ("word\nword word\n\nword", 6), ("x" * 25, 10), ("short", 100)],
)
def test_split_text_parts_rejoin_exactly(text: str, limit: int) -> None:
    parts = split_text(text, limit)
    assert "".join(parts) == text
    assert all(len(p) <= limit for p in parts)


def test_item_over_the_length_limit_is_split_not_failed(tmp_path: Path) -> None:
    body = " ".join(
        f"The World Customs Organization met officials of Kenya on {day} May 2021."
        for day in range(1, 29)
    )
    path = tmp_path / "long.txt"
    path.write_text(f"Long heading\n\n{body}")
    job = Job(read_document(path, tmp_path))
    normal = process([job])[0]
    nlp = model("en")
    default_limit = nlp.max_length
    nlp.max_length = 300
    try:
        split = process([job])[0]
    finally:
        nlp.max_length = default_limit
    assert split.error is None and split.result is not None and normal.result is not None
    text = split.result.items[0].text
    for mention in split.result.mentions:
        assert text[mention.start_char : mention.end_char] == mention.text
    kenya = [m for m in split.result.mentions if m.text == "Kenya"]
    assert len(kenya) == 28
    assert len(split.result.dates) == len(normal.result.dates) == 28


def test_split_without_whitespace_keeps_offsets(tmp_path: Path) -> None:

    nlp = model("en")
    text = "Kenya " + "x" * 500 + " Brussels"
    default_limit = nlp.max_length
    nlp.max_length = 120
    try:
        (doc,) = pipe_any_length(nlp, [text])
    finally:
        nlp.max_length = default_limit
    assert doc.text == text


def test_long_item_is_read_in_windows_with_item_offsets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.stages.nlp.annotate as annotate

    body = " ".join(
        f"The World Customs Organization met officials of Kenya on {day} May 2021 "
        f"with {day + 10} delegates."
        for day in range(1, 29)
    )
    path = tmp_path / "long.txt"
    path.write_text(f"Long heading\n\n{body}")
    job = Job(read_document(path, tmp_path))
    whole = process([job])[0]
    monkeypatch.setattr(annotate, "WINDOW_CHARS", 400)
    windowed = process([job])[0]
    assert whole.result is not None and windowed.result is not None
    (item,) = windowed.result.items
    assert len(annotate.windows(item.text)) > 5
    spans = [*windowed.result.mentions, *windowed.result.dates, *windowed.result.counts]
    assert spans and all(s.item_id == item.item_id for s in spans)
    assert all(item.text[s.start_char : s.end_char] == s.text for s in spans)
    # Cut at sentence ends, the windows find what the whole item gives.
    assert windowed.result.mentions == whole.result.mentions
    assert windowed.result.dates == whole.result.dates
    assert windowed.result.counts == whole.result.counts
    # The cached model output holds the windows, and gives the same result again.
    again = process([Job(job.document, windowed.docbin)])[0]
    assert again.result == windowed.result and not again.annotated


@pytest.mark.parametrize(
    ("text", "limit", "parts"),
    [
        (
            "One sentence here. Mr. Smith spoke next.",
            30,
            ["One sentence here. ", "Mr. Smith spoke next."],
        ),
        ("First line\nSecond line. Third", 24, ["First line\nSecond line. ", "Third"]),
        ("Some words here\nmore. Text", 18, ["Some words here\n", "more. Text"]),
        ("He met J. Smith and Dr. Jones today", 20, ["He met J. Smith and ", "Dr. Jones today"]),
    ],
)
def test_split_text_prefers_lines_then_sentences_then_spaces(
    text: str, limit: int, parts: list[str]
) -> None:
    assert split_text(text, limit) == parts
