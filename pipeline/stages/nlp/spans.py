"""Span helpers shared by the rule components: trimming, heads, places, merging."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from pipeline.labels import CORE_LABELS
from pipeline.stages import gazetteer
from pipeline.stages.nlp.lexicon import Lexicon
from pipeline.stages.nlp.words import is_capitalised

# Tokens an entity never spans: line breaks, brackets and quotation marks.
BREAK_CHARS = frozenset('()[]{}«»“”„"|;')
RULER_ID = "customs_ruler"
CLOSING_QUOTES = frozenset({"»", '"', "”"})  # what ends a quoted name: «Шумилкино»


def is_break(token: Token) -> bool:
    """True for a token no entity may contain: a line break, a bracket, a quote."""
    return is_break_text(token.text)


def is_break_text(text: str) -> bool:
    """`is_break` of a token by its text."""
    return "\n" in text or text in BREAK_CHARS


def split_at_breaks(span: Span) -> list[Span]:
    """Pieces of `span` between break tokens, same label and id."""
    pieces, start = [], span.start
    for token in span:
        if is_break(token):
            if token.i > start:
                pieces.append(Span(span.doc, start, token.i, label=span.label_, span_id=span.id_))
            start = token.i + 1
    if span.end > start:
        pieces.append(Span(span.doc, start, span.end, label=span.label_, span_id=span.id_))
    return pieces


_NUMBERED = re.compile(r"^\d+(st|nd|rd|th|-?й|-?я|-?е|-?го)$", re.IGNORECASE)
_CONJUNCTIONS = frozenset({"and", "or", "&", "и", "или"})


def trim(span: Span, lexicon: Lexicon) -> Span | None:
    """`span` without leading articles (a person's "A" inside a sentence is an initial:
    "A Mavlonov"), prepositions and ordinals ("5th"), surrounding
    punctuation and spaces, and without the prepositions, articles and conjunctions no
    name ends in ("Council on the"); None if empty.

    A place also loses a trailing lower-case "region" ("Europe region" -> "Europe"),
    as the conventions name the place alone; a capitalised "Region" is part of the
    name ("MENA Region").
    """
    start, end = span.start, span.end
    doc = span.doc

    def noise(token: Token) -> bool:
        return token.is_space or token.is_punct or token.text.strip() == ""

    while start < end and (
        noise(doc[start])
        # "25th Regional Steering Group": a meeting's number is not part of the body's name.
        or (end - start > 1 and _NUMBERED.match(doc[start].text) is not None)
        # "С 17 по 19 мая", "In Tashkent": no name starts with a preposition
        or (
            end - start > 1
            and doc[start].whitespace_  # not an initial: "В.Л. Иванов"
            and lexicon.key(doc[start].text) in lexicon.prepositions
        )
        # "A/P" is a name, "A new fund" starts with an article: articles stand alone.
        or (
            doc[start].lower_ in lexicon.leading_noise
            and (doc[start].whitespace_ or (start + 1 < end and doc[start + 1].is_space))
            and not _initial_a(span, doc[start])
        )
    ):
        start += 1

    def dangling(token: Token) -> bool:  # "Cabinet of", "Council on the", "Bank and"
        if not token.is_lower:
            return False
        key = lexicon.key(token.text)
        return key in lexicon.prepositions or key in lexicon.leading_noise or key in _CONJUNCTIONS

    while start < end and (
        noise(doc[end - 1])
        or doc[end - 1].lower_ in lexicon.trailing_noise
        or dangling(doc[end - 1])
        or (
            span.label_ == "GPE"
            and doc[end - 1].text in lexicon.region_words  # lower-case: "the Europe region"
            and end - start > 1
        )
    ):
        end -= 1
    if start >= end:
        return None
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label_, span_id=span.id_)


def head_index(words: Sequence[str], lexicon: Lexicon) -> int:
    """Index of the head word of a name: the last word before its first preposition.

    "Working Group on Performance Measurement" -> "Group";
    "WCO Railway Guidelines" -> "Guidelines".
    """
    for i, word in enumerate(words):
        if i > 0 and lexicon.key(word) in lexicon.prepositions:
            return i - 1
    return len(words) - 1


def head_word(span: Span, lexicon: Lexicon) -> str:
    """The key (`Lexicon.key`) of the head word of `span` (see `head_index`)."""
    words = [t.text for t in span if not t.is_punct]
    if not words:
        return ""
    return lexicon.key(words[head_index(words, lexicon)])


def is_place(text: str, lexicon: Lexicon) -> bool:
    """True when `text` is a place the gazetteer knows (country, region or city)."""
    from pipeline.stages.gazetteer import lookup

    return lookup(text, lexicon.language) is not None


def is_core(span: Span) -> bool:
    """True for a span carrying one of the project's own labels."""
    return span.label_ in CORE_LABELS


def strictly_contains(outer: Span, inner: Span) -> bool:
    """True when `outer` covers `inner` and is longer."""
    return (
        outer.start <= inner.start
        and inner.end <= outer.end
        and (outer.end - outer.start) > (inner.end - inner.start)
    )


def overlaps(a: Span, b: Span) -> bool:
    """True when the two spans share a token."""
    return a.start < b.end and b.start < a.end


def contains_named_body(outer: Span, inner: Span, lexicon: Lexicon) -> bool:
    """True when `outer` is a longer organization or fund name that includes `inner`.

    "WCO Working Group on Performance Measurement" keeps its "WCO"; "WCO East and
    Southern Africa" (head "Africa") does not, so a rule may split it.
    """
    if outer.label_ not in {"ORG", "FUND"} or not strictly_contains(outer, inner):
        return False
    head = head_word(outer, lexicon)
    return head in lexicon.org_heads or head in lexicon.fund_heads or _country_owned(outer, inner)


def _country_owned(outer: Span, inner: Span) -> bool:
    """ "United States" + "Customs and Border Protection": a body named with its country."""
    if inner.end != outer.end or inner.start == outer.start:
        return False
    place = gazetteer.lookup(outer.doc[outer.start : inner.start].text, outer.doc.lang_ or "en")
    return place is not None and place.kind == "country"


def merge_entities(
    doc: Doc,
    new_spans: Iterable[Span],
    keep: Callable[[Span, Span], bool],
) -> None:
    """Add `new_spans` to `doc.ents`, each replacing the entities it overlaps.

    A new span is skipped when `keep(existing, new)` holds for an overlapping
    entity; entities that overlap nothing (dates and counts included) stay.
    """
    new_spans = list(new_spans)
    if not new_spans:
        return  # reading and writing doc.ents walks every token: not for nothing
    ents = list(doc.ents)
    for new in new_spans:
        clashing = [e for e in ents if overlaps(e, new)]
        if any(keep(e, new) for e in clashing):
            continue
        if any((e.start, e.end, e.label_) == (new.start, new.end, new.label_) for e in clashing):
            continue
        ents = [e for e in ents if not overlaps(e, new)]
        ents.append(new)
    doc.ents = sorted(ents, key=lambda s: (s.start, s.end))


def is_acronym(text: str) -> bool:
    """True for an acronym-shaped word: "WCO", "MEAs", "ВТамО", "CAPTAC"."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2 or len(text) > 12:
        return False
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper >= len(letters) - upper


def capitalised_run_start(doc: Doc, end: int) -> int:
    """Start of the run of capitalised words (joined by "-", "/", "&") ending before `end`."""
    start = end
    while start > 0:
        token = doc[start - 1]
        joiner = (
            token.text in {"-", "/", "&"}
            and not token.whitespace_
            and start > 1
            and is_capitalised(doc[start - 2])
        )
        if not (joiner or (is_capitalised(token) and "\n" not in token.text)):
            break
        start -= 1
    return start


def capitalised_run_end(doc: Doc, start: int) -> int:
    """End of the run of capitalised words (joined by "-", "/", "&") starting at `start`."""
    end = start
    while end < len(doc) and not (end > 0 and "\n" in doc[end - 1].text):
        token = doc[end]
        joiner = (
            token.text in {"-", "/", "&"}
            and end > start
            and not doc[end - 1].whitespace_
            and not token.whitespace_
            and end + 1 < len(doc)
            and is_capitalised(doc[end + 1])
        )
        if not (joiner or is_capitalised(token)):
            break
        end += 1
    return end


def _initial_a(span: Span, token: Token) -> bool:
    """A capital "A" inside a sentence opening a person's name is an initial ("chaired by
    A Mavlonov"): the article would be written "a" there."""
    return (
        span.label_ == "PERSON"
        and token.text == "A"
        and len(span) > 1
        and not starts_sentence(token)
    )


def starts_sentence(token: Token) -> bool:
    """Whether `token` opens a sentence, a line or a quotation."""
    if token.i == 0:
        return True
    before = token.doc[token.i - 1]
    return "\n" in before.text or before.text in {".", "!", "?", "…", ":", "«", '"', "“"}


# A capitalised Latin word of a person's name: "Kumar", "Jean-Luc".
LATIN_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_LATIN_NAME_WORDS = range(2, 5)  # how many words a foreign person's name has


def is_latin_name(span: Span) -> bool:
    """Two to four capitalised Latin words naming no place the gazetteer knows: a
    foreign person's name in Russian text ("Seiichi Negishi")."""
    return (
        len(span) in _LATIN_NAME_WORDS
        and all(LATIN_NAME_WORD.fullmatch(t.text) for t in span)
        and gazetteer.lookup(span.text, "en") is None
    )


def is_compound_body(key: str, heads: Iterable[str]) -> bool:
    """Whether a word's key is a body's head written with a prefix: "гостаможня"."""
    return any(key.endswith(head) and len(key) > len(head) + 1 for head in heads)
