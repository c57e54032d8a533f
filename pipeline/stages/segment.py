"""Segmentation: a decoded document into news items.

Follows docs/CONVENTIONS.md. A document is a sequence of blocks (runs of
non-blank lines). The first blocks may be the document's header: its rubric
line ("Рубрика: WCO") and a date line ("Date: 3 May 2023", "Дата: 03.05.2023");
they belong to the document, not to an item. Every other block is either
heading-like (a short line: a title, a section header or an author line) or a
paragraph (a body). Reading the blocks in order:

- a paragraph is an item's body; the heading block right before it is its
  title, or its author when that heading is only a person's name;
- a heading followed by another heading is a section header, naming the
  section of the items after it;
- a heading at the very end, with no paragraph after it, is kept as an item
  with a title and an empty body, so no text is lost.

Written by hand because the rules are about the page layout of these news
digests, which no general-purpose segmenter knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.records import Document, Item

RUBRIC = re.compile(r"^\s*(?:Рубрика|Rubric)\s*:\s*(?P<value>.*?)\s*$", re.IGNORECASE)
# A date line of the document's header; its value (with a digit in it) is read by
# pipeline.stages.published.
DATE_HEADER = re.compile(
    r"^\s*(?:Date|Dated|Published|Publication date|Posted|Posted on|"
    r"Дата|Дата публикации|Опубликовано)\s*:\s*(?P<value>[^\n]*\d[^\n]*?)\s*$",
    re.IGNORECASE,
)

# A paragraph has a sentence end followed by another sentence, or is long.
_SENTENCE_BREAK = re.compile(r"[.!?…][»\"”’)]*\s+[\"«“(]*[A-ZА-ЯЁ0-9]")
_MAX_HEADING_CHARS = 250
_MIN_PARAGRAPH_WORDS_WITH_PERIOD = 4  # headlines do not end in a full stop; sentences do

_LATIN_NAME_WORD = re.compile(r"^(?:[A-Z][a-z]+(?:[-'][A-Z][a-z]+)*|[A-Z]\.)$")
_CYRILLIC_NAME_WORD = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")
# Heading words that look like given names or surnames but open headlines.
_NOT_NAME_WORDS = frozenset(
    [
        "news",
        "update",
        "updates",
        "report",
        "digest",
        "review",
        "events",
        "agenda",
        "notice",
        "overview",
        "highlights",
        "announcement",
        "announcements",
        "bulletin",
        "customs",
        "world",
        "trade",
        "focus",
        "briefs",
        "brief",
    ]
)


@dataclass(frozen=True, slots=True)
class Block:
    """A run of non-blank lines and its place in the document."""

    text: str
    start: int
    end: int

    @property
    def is_heading(self) -> bool:
        return is_heading(self.text)


@dataclass(frozen=True, slots=True)
class Header:
    """The header lines at the top of a document, which belong to the document."""

    rubric: str | None
    dates: tuple[str, ...]  # values of its date lines, as written ("3 May 2023")
    n_blocks: int  # how many leading blocks the header takes


@dataclass(frozen=True, slots=True)
class Segmentation:
    """What segmentation finds in one document."""

    rubric: str | None
    items: list[Item]


def blocks(text: str) -> list[Block]:
    """Split text into blocks of consecutive non-blank lines, with offsets."""
    found: list[Block] = []
    for match in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", text):
        raw = match.group()
        left = len(raw) - len(raw.lstrip())
        right = len(raw.rstrip())
        found.append(Block(raw[left:right], match.start() + left, match.start() + right))
    return found


def is_heading(text: str) -> bool:
    """True for a heading-like block: one short line that does not read as prose."""
    if "\n" in text or len(text) > _MAX_HEADING_CHARS:
        return False
    if _SENTENCE_BREAK.search(text):
        return False
    ends_like_prose = text.rstrip('»"”’)').endswith((".", "…"))
    return not (ends_like_prose and len(text.split()) >= _MIN_PARAGRAPH_WORDS_WITH_PERIOD)


def is_person_name(text: str) -> bool:
    """True for a line that is only a person's name (two or three name words)."""
    words = text.split()
    if not 2 <= len(words) <= 3 or len(text) > 60:
        return False
    if all(_CYRILLIC_NAME_WORD.match(w) for w in words):
        return _has_russian_name(tuple(words))
    if all(_LATIN_NAME_WORD.match(w) for w in words):
        return not any(w.lower() in _NOT_NAME_WORDS for w in words)
    return False


@lru_cache(maxsize=4096)
def _has_russian_name(words: tuple[str, ...]) -> bool:
    # The OpenCorpora dictionary (pymorphy2, through natasha's MorphVocab, which
    # also works around pymorphy2's Python 3.11 breakage) knows given names and
    # surnames (grammemes Name/Surn/Patr): "Сергей Мозер" but not "Новости таможни".
    analyzer = _morph()
    hits = 0
    for word in words:
        if any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in analyzer.parse(word)):
            hits += 1
    return hits >= max(1, len(words) - 1)


def _morph() -> Any:
    from pipeline.stages.morphology import analyzer

    return analyzer()


def read_header(found: list[Block]) -> Header:
    """The header of a document whose blocks are `found`: the leading blocks made
    only of rubric and date lines."""
    rubric: str | None = None
    dates: list[str] = []
    n_blocks = 0
    for block in found:
        lines = block.text.split("\n")
        if not all(RUBRIC.match(line) or DATE_HEADER.match(line) for line in lines):
            break
        for line in lines:
            if match := RUBRIC.match(line):
                rubric = rubric or match.group("value") or None
            elif match := DATE_HEADER.match(line):
                dates.append(match.group("value"))
        n_blocks += 1
    return Header(rubric, tuple(dates), n_blocks)


def document_header(text: str) -> Header:
    """The header at the top of a decoded document's `text`."""
    return read_header(blocks(text))


def segment(document: Document) -> Segmentation:
    """Split a document into items (language left 'und' for the next stage)."""
    found = blocks(document.text)
    header = read_header(found)
    rubric = header.rubric
    found = found[header.n_blocks :]

    items: list[Item] = []
    section: str | None = None
    pending: list[Block] = []  # headings not yet attached to a body

    def emit(title: Block | None, author: str | None, body: Block | None) -> None:
        first = title or body
        last = body or title
        assert first is not None and last is not None
        position = len(items)
        items.append(
            Item(
                item_id=f"{document.doc_id}-{position:04d}",
                doc_id=document.doc_id,
                source=document.source,
                position=position,
                section=section,
                title=title.text if title else None,
                author=author,
                body=body.text if body else "",
                text=document.text[first.start : last.end],
                language="und",
                start_char=first.start,
                end_char=last.end,
            )
        )

    for block in found:
        if block.is_heading:
            pending.append(block)
            continue
        if len(pending) >= 2:
            section = pending[-2].text
        heading = pending[-1] if pending else None
        pending = []
        if heading is not None and is_person_name(heading.text):
            emit(None, heading.text, block)
        else:
            emit(heading, None, block)

    if pending:  # headings at the very end, with no body after them
        if len(pending) >= 2:
            section = pending[-2].text
        emit(pending[-1], None, None)
    return Segmentation(rubric=rubric, items=items)
