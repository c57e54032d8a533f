"""The words of a doc as plain lists, read once per doc for all the rule components.

The rule components scan every word of a doc several times (for head words of
bodies, facilities, funds, programmes; for runs of capitalised words). spaCy
makes a new `Token` object at each `doc[i]` and at each step of `for token in
doc`, and that object costs more than the test a scan makes on it: the scans
made most of the rules' time. `words(doc)` reads each token once and keeps what
the scans test (text, lower case, trailing space, Title case, `is_capitalised`,
lexicon keys), so a scan tests strings in a list and makes tokens only for the
few words that pass.

The lists of a doc are kept while the doc lives (a weak reference to it): the
rule components, then the dates and counts stages, ask about the same docs in
turn. `capitalised` is read again when the doc's heading mark
(`HEADING_KEY`, which `is_capitalised` reads) changes. Rules do not
change a doc's tokens, only its entities, which the lists do not hold.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import IS_TITLE, IS_UPPER, ORTH, SPACY, TAG
from spacy.tokens import Doc, Token

from pipeline.stages.nlp.lexicon import word_key

__all__ = [
    "HEADING_KEY",
    "NOT_NAME_TAGS",
    "Words",
    "first_line",
    "is_capitalised",
    "lowered_in_heading",
    "words",
]

# Words the tagger reads as verbs or function words are not names, capitalised or not.
NOT_NAME_TAGS = ("VB", "IN", "DT", "CC", "TO", "PRP", "WDT", "WP", "WRB", "MD", "RB", "EX")
HEADING_KEY = "customs_heading"  # doc.user_data: the heading line as read in sentence case


@dataclass(eq=False, slots=True)
class Words:
    """Per-token lists of one doc (index = token index)."""

    user_data: dict[Any, Any]  # the doc's (not the doc: the lists must not keep it alive)
    text: list[str]
    lower: list[str]
    spaced: list[bool]  # the token has whitespace after it
    title: list[bool]  # `Token.is_title`
    _upper: list[bool]
    _name_tag: list[bool]  # the tag does not say a verb or a function word
    _capitalised: tuple[object, list[bool]] | None = None
    _doc_text: str | None = None
    _keys: dict[str, list[str]] = field(default_factory=dict)

    @property
    def capitalised(self) -> list[bool]:
        """`is_capitalised` of each token, with the doc's heading mark as it is now."""
        heading = self.user_data.get(HEADING_KEY)
        if self._capitalised is None or self._capitalised[0] != heading:
            self._capitalised = (heading, self._read_capitalised(heading))
        return self._capitalised[1]

    def _read_capitalised(self, heading: object) -> list[bool]:
        # `is_capitalised`'s tests, cheapest first (most words are lower case).
        lowered = heading if isinstance(heading, str) else ""
        found = []
        offset = 0
        for i, text in enumerate(self.text):
            found.append(
                (text[:1].isupper() or self.title[i] or self._upper[i])
                and self._name_tag[i]
                and any(c.isalpha() for c in text)
                and not (offset < len(lowered) and lowered[offset].islower())
            )
            offset += len(text) + self.spaced[i]
        return found

    @property
    def doc_text(self) -> str:
        """`doc.text`, joined once (`Doc.text` joins every token anew on each access)."""
        if self._doc_text is None:
            pairs = zip(self.text, self.spaced, strict=True)
            self._doc_text = "".join([text + " " if spaced else text for text, spaced in pairs])
        return self._doc_text

    def keys(self, language: str) -> list[str]:
        """Each word's lexicon key (`lexicon.word_key`) in `language`, read once."""
        found = self._keys.get(language)
        if found is None:
            known: dict[str, str] = {}  # a word repeats: its key is read once
            found = []
            for text in self.text:
                key = known.get(text)
                if key is None:
                    key = known[text] = word_key(text, language)
                found.append(key)
            self._keys[language] = found
        return found


_known: weakref.WeakKeyDictionary[Doc, Words] = weakref.WeakKeyDictionary()
_name_tags: dict[int, bool] = {}  # tag hash -> the tag may be a name's


def words(doc: Doc) -> Words:
    """The word lists of `doc` (see the module docstring)."""
    known = _known.get(doc)
    if known is not None and len(known.text) == len(doc):
        return known
    # Read as arrays, not Token objects: the cheapest way through a doc's words.
    strings = doc.vocab.strings
    orth, spaced, title, upper, tag = doc.to_array(
        [ORTH, SPACY, IS_TITLE, IS_UPPER, TAG]
    ).T.tolist()
    text = [strings[h] for h in orth]
    known = Words(
        user_data=doc.user_data,
        text=text,
        lower=[t.lower() for t in text],  # spaCy's LOWER is str.lower
        spaced=[bool(s) for s in spaced],
        title=[bool(t) for t in title],
        _upper=[bool(u) for u in upper],
        _name_tag=[_name_tag(strings, h) for h in tag],
    )
    _known[doc] = known
    return known


def _name_tag(strings: object, tag: int) -> bool:
    known = _name_tags.get(tag)
    if known is None:
        name = strings[tag] if tag else ""  # type: ignore[index]
        known = _name_tags[tag] = not name.startswith(NOT_NAME_TAGS)
    return known


def first_line(seen: Words) -> str:
    """The doc's text up to its first line break ("" when it has none)."""
    text = seen.doc_text
    end = text.find("\n")
    return text[:end] if end >= 0 else ""


def is_capitalised(token: Token) -> bool:
    """A capitalised or all-caps word that may belong to a name: not a verb or a function
    word by its tag (`NOT_NAME_TAGS`), and not a word capitalised only by a Title Case
    heading (`lowered_in_heading`). Read from the lists of the token's doc."""
    return words(token.doc).capitalised[token.i]


def lowered_in_heading(token: Token) -> bool:
    """True for a word capitalised only by a Title Case heading (see `HEADING_KEY`)."""
    heading = token.doc.user_data.get(HEADING_KEY)
    return heading is not None and token.idx < len(heading) and heading[token.idx].islower()
