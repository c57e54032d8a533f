"""Segmentation by docs/CONVENTIONS.md, table-driven."""

from __future__ import annotations

import pytest

from pipeline.records import Document
from pipeline.stages.ingest import doc_id_for
from pipeline.stages.segment import is_heading, is_person_name, segment

NB = "\u00a0"
BODY_A = (
    "The regional office trained forty officers in risk management. "
    "Trainers came from three administrations."
)
BODY_B = "A second paragraph of news follows here. It has two sentences."
BODY_C = "Всемирная таможенная организация провела семинар. В нём участвовали эксперты."


def doc(text: str) -> Document:
    return Document(doc_id_for("t.txt"), "t.txt", "utf-8", "0" * 64, text)


# (case id, document text, rubric, [(title, section, author, body start)])
CASES = [
    (
        "title-and-body",
        f"Heading one\n\n{BODY_A}",
        None,
        [("Heading one", None, None, BODY_A[:20])],
    ),
    (
        "rubric",
        f"Рубрика: WCO\n\nHeading\n\n{BODY_A}",
        "WCO",
        [("Heading", None, None, BODY_A[:20])],
    ),
    (
        "no-rubric-two-items",
        f"First\n\n{BODY_A}\n\nSecond\n\n{BODY_B}",
        None,
        [("First", None, None, BODY_A[:20]), ("Second", None, None, BODY_B[:20])],
    ),
    (
        "item-without-title",
        f"Рубрика: X\n\n{BODY_A}\n\n{BODY_B}",
        "X",
        [(None, None, None, BODY_A[:20]), (None, None, None, BODY_B[:20])],
    ),
    (
        "greeting-is-a-title",
        f"Dear friends and colleagues!\n\n{BODY_A}",
        None,
        [("Dear friends and colleagues!", None, None, BODY_A[:20])],
    ),
    (
        "author-line-ru",
        f"Title\n\n{BODY_A}\n\n\n\nИван Петров\n\n{BODY_C}",
        None,
        [("Title", None, None, BODY_A[:20]), (None, None, "Иван Петров", BODY_C[:20])],
    ),
    ("author-line-en", f"Jane Doe\n\n{BODY_A}", None, [(None, None, "Jane Doe", BODY_A[:20])]),
    (
        "section-then-title",
        f"Intro\n\n{BODY_A}\n\nWCO News\n\n\nNew fund\n\n{BODY_B}\n\nOther\n\n{BODY_A}",
        None,
        [
            ("Intro", None, None, BODY_A[:20]),
            ("New fund", "WCO News", None, BODY_B[:20]),
            ("Other", "WCO News", None, BODY_A[:20]),
        ],
    ),
    (
        "trailing-blanks",
        f"Heading\n\n{BODY_A}\n\n\n   \n\n",
        None,
        [("Heading", None, None, BODY_A[:20])],
    ),
    ("leading-blanks", f"\n\n\nHeading\n\n{BODY_A}", None, [("Heading", None, None, BODY_A[:20])]),
    ("single-paragraph", BODY_A, None, [(None, None, None, BODY_A[:20])]),
    (
        "heading-at-end",
        f"Heading\n\n{BODY_A}\n\nLonely heading",
        None,
        [("Heading", None, None, BODY_A[:20]), ("Lonely heading", None, None, "")],
    ),
    (
        "nbsp-in-body",
        f"Heading\n\nMet on 23{NB}October 2020. Agreed a plan.",
        None,
        [("Heading", None, None, f"Met on 23{NB}October")],
    ),
    (
        "one-sentence-body",
        f"Report out\n\nThe report is online now.\n\nNext item\n\n{BODY_B}",
        None,
        [
            ("Report out", None, None, "The report is online"),
            ("Next item", None, None, BODY_B[:20]),
        ],
    ),
    (
        "short-body-without-period",
        "Annual Report 2021\n\nThe report is out. Read it at the link",
        None,
        [("Annual Report 2021", None, None, "The report is out")],
    ),
]


@pytest.mark.parametrize(
    ("text", "rubric", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_segment(
    text: str, rubric: str | None, expected: list[tuple[str | None, str | None, str | None, str]]
) -> None:
    document = doc(text)
    result = segment(document)
    assert result.rubric == rubric
    got = [
        (i.title, i.section, i.author, i.body[: len(e[3])])
        for i, e in zip(result.items, expected, strict=False)
    ]
    assert got == expected
    assert len(result.items) == len(expected)
    for position, item in enumerate(result.items):
        assert item.position == position
        assert document.text[item.start_char : item.end_char] == item.text
        assert item.text.endswith(item.body)
        if item.title:
            assert item.text.startswith(item.title)


def test_windows_newlines_are_segmented_after_ingest_normalization() -> None:
    from pipeline.stages.ingest import decode

    text, _ = decode(f"Heading\r\n\r\n{BODY_A}\r\n\r\nNext\r\n\r\n{BODY_B}\r\n".encode(), "w.txt")
    titles = [i.title for i in segment(doc(text)).items]
    assert titles == ["Heading", "Next"]


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("WCO Annual Report 2020-2021", True),
        ("Dear friends and colleagues!", True),
        (
            "WCO Data Model (DM) version 3.11.0 available now in interactive mode free of charge",
            True,
        ),
        (BODY_A, False),
        ("One long sentence that ends with a full stop and has quite a few words in it.", False),
        ("x" * 300, False),
    ],
)
def test_is_heading(line: str, heading: bool) -> None:
    assert is_heading(line) is heading


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Сергей Мозер", True),
        ("Анна Каренина", True),
        ("Новости таможни", False),
        ("John Smith", True),
        ("WCO News", False),
        ("Customs News", False),
        ("Launching the course", False),
        ("Kunio", False),
    ],
)
def test_is_person_name(line: str, name: bool) -> None:
    assert is_person_name(line) is name
