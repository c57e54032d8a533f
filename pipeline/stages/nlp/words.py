"""The words of a doc as plain lists, read once per doc for all the rule components.

The rule components scan every word of a doc several times (for head words of
bodies, facilities, funds, programmes; for runs of capitalised words). spaCy
makes a new `Token` object at each `doc[i]` and at each step of `for token in
doc`, and that object costs more than the test a scan makes on it: the scans
made most of the rules' time. `words(doc)` reads each token once and keeps what
the scans test (text, lower case, trailing space, Title case, `is_capitalised`,
lexicon keys), so a scan tests strings in a list and makes tokens only for the
few words that pass.

The lists of the last doc asked about are kept: the components of a rule
pipeline, then the dates and counts stages, ask about the same doc in turn.
They are read again when the doc or its heading mark (`spans.HEADING_KEY`,
which `is_capitalised` reads) is another one. Rules do not change a doc's
tokens, only its entities, which the lists do not hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.attrs import IS_TITLE, IS_UPPER, ORTH, SPACY, TAG
from spacy.tokens import Doc

from pipeline.stages.nlp.lexicon import word_key
from pipeline.stages.nlp.spans import HEADING_KEY, NOT_NAME_TAGS

__all__ = ["Words", "first_line", "words"]


@dataclass(eq=False, slots=True)
class Words:
    """Per-token lists of one doc (index = token index)."""

    doc: Doc
    text: list[str]
    lower: list[str]
    spaced: list[bool]  # the token has whitespace after it
    title: list[bool]  # `Token.is_title`
    _upper: list[bool]
    _name_tag: list[bool]  # the tag does not say a verb or a function word
    _capitalised: tuple[object, list[bool]] | None = None
    _keys: dict[str, list[str]] = field(default_factory=dict)

    @property
    def capitalised(self) -> list[bool]:
        """`spans.is_capitalised` of each token, with the doc's heading mark as it is now."""
        heading = self.doc.user_data.get(HEADING_KEY)
        if self._capitalised is None or self._capitalised[0] != heading:
            self._capitalised = (heading, self._read_capitalised(heading))
        return self._capitalised[1]

    def _read_capitalised(self, heading: object) -> list[bool]:
        # The tests of `spans.is_capitalised`, on the lists: keep the two in step.
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


_last: Words | None = None
_name_tags: dict[int, bool] = {}  # tag hash -> the tag may be a name's


def words(doc: Doc) -> Words:
    """The word lists of `doc` (see the module docstring)."""
    global _last
    last = _last
    if last is not None and last.doc is doc and len(last.text) == len(doc):
        return last
    # Read as arrays, not Token objects: the cheapest way through a doc's words.
    strings = doc.vocab.strings
    orth, spaced, title, upper, tag = doc.to_array(
        [ORTH, SPACY, IS_TITLE, IS_UPPER, TAG]
    ).T.tolist()
    text = [strings[h] for h in orth]
    last = Words(
        doc=doc,
        text=text,
        lower=[t.lower() for t in text],  # spaCy's LOWER is str.lower
        spaced=[bool(s) for s in spaced],
        title=[bool(t) for t in title],
        _upper=[bool(u) for u in upper],
        _name_tag=[_name_tag(strings, h) for h in tag],
    )
    _last = last
    return last


def _name_tag(strings: object, tag: int) -> bool:
    known = _name_tags.get(tag)
    if known is None:
        name = strings[tag] if tag else ""  # type: ignore[index]
        known = _name_tags[tag] = not name.startswith(NOT_NAME_TAGS)
    return known


def first_line(seen: Words) -> str:
    """The doc's text up to its first line break ("" when it has none)."""
    parts = []
    for text, spaced in zip(seen.text, seen.spaced, strict=True):
        if "\n" in text:
            parts.append(text[: text.index("\n")])
            return "".join(parts)
        parts.append(text + " " if spaced else text)
    return ""
