"""`customs_ruler`: spaCy's SpanRuler with the names of customs bodies, partners, funds
and WCO regions.

Patterns live in `models/<lang>/patterns.jsonl`, one {"label", "pattern"} per line: a
string is matched token by token, case-sensitively (`phrase_matcher_attr="ORTH"`); a
list is a spaCy Matcher pattern. "{place}" at the end of a string stands for every
country and region of the gazetteer ("ROCB {place}", "RILO-{place}"): the ruler keeps
such a pattern whole, with its places, and matches the words before the slot in
front of any of the places (`CustomsRuler`); the fund patterns of the lexicon
(`fund_patterns`) are added with the label FUND.

A match replaces the model's entities it overlaps (kept with `overwrite=False` and
handed to the filter), except a longer
organization or fund name that contains it ("WCO" inside "WCO Working Group on
Performance Measurement"): that is the registered filter
`customs.keep_named_bodies.v1`. Every match carries the span id "customs_ruler", so
later rules know a name the project vouches for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, registry

from pipeline.stages.nlp.lexicon import (
    PLACE_SLOT,
    language_lexicon,
    place_names,
    read_patterns,
    rules_data,
)
from pipeline.stages.nlp.spans import RULER_ID, contains_named_body, overlaps
from pipeline.stages.nlp.words import words

EntsFilter = Callable[[Iterable[Span], Iterable[Span]], list[Span]]


def expand_places(pattern: str, places: list[str]) -> list[str]:
    """`pattern` with its "{place}" slot filled by each place (itself if it has no slot)."""
    if PLACE_SLOT not in pattern:
        return [pattern]
    return [pattern.replace(PLACE_SLOT, place) for place in places]


def pattern_texts(entry: dict[str, Any]) -> list[str]:
    """The phrases a string pattern of `ruler_patterns` stands for (its places filled in)."""
    pattern = entry["pattern"]
    if not isinstance(pattern, str):
        return []
    return expand_places(pattern, list(entry.get("places", [])))


def ruler_patterns(language: str) -> list[dict[str, Any]]:
    """SpanRuler patterns of a language: its pattern file, and its fund patterns; each
    with the ruler's span id. A pattern with a "{place}" slot carries the gazetteer's
    places ("places"), filled in by the ruler."""
    data = rules_data(language)
    if not data:
        return []
    places = place_names(language)
    rows = [*read_patterns(language)]
    rows += [{"label": "FUND", "pattern": p} for p in data.get("fund_patterns", [])]
    patterns: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        label, pattern = str(row["label"]), row["pattern"]
        if not isinstance(pattern, str):
            patterns.append({"label": label, "pattern": pattern, "id": RULER_ID})
            continue
        if (label, pattern) in seen:
            continue
        seen.add((label, pattern))
        entry = {"label": label, "pattern": pattern, "id": RULER_ID}
        patterns.append({**entry, "places": places} if PLACE_SLOT in pattern else entry)
    return patterns


class CustomsRuler(SpanRuler):
    """spaCy's SpanRuler, with two kinds of patterns matched its own way; all
    patterns are kept in `patterns` (and so saved with the pipeline):

    - a one-token pattern on the word's shape alone ([{"SHAPE": "X.Xxxx"}], an
      initial glued to a surname) is matched by a PhraseMatcher on SHAPE: the same
      matches, without spaCy's token Matcher, whose walk through every token of
      every doc took most of this component's time for six such patterns;
    - a string ending in a "{place}" slot, with its "places": the places go to a
      PhraseMatcher once, and a place match preceded by the words before the slot
      is a match of the whole pattern. Filled in, twelve such patterns made about
      7,000 phrases that every process tokenized and added at start-up, for 0.3 s.
      The same matches as the filled-in phrases as long as a place is split into
      the same words after the slot's prefix as alone (tested for every pattern
      and place shipped); a pattern whose slot is not at its end is filled in.
    """

    def clear(self) -> None:
        super().clear()
        self.shape_matcher = PhraseMatcher(self.nlp.vocab, attr="SHAPE")
        self.place_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        # place matcher key -> (words before the slot, label, span id) of each pattern;
        # the key of each list of places
        self.slot_patterns: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        self.slot_places: dict[tuple[str, ...], str] = {}

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        others = []
        for entry in patterns:
            if self._add_slot_pattern(entry):
                continue
            if "places" in entry:  # its slot is not at the end: filled in
                texts = pattern_texts(entry)
                others += [{**_without_places(entry), "pattern": text} for text in texts]
                continue
            shape = _shape_only(entry["pattern"])
            word = Doc(self.nlp.vocab, words=[shape]) if shape else None
            if word is None or word[0].shape_ != shape:  # no word of its own shape
                others.append(entry)
                continue
            label, span_id = str(entry["label"]), str(entry.get("id", ""))
            key = repr((label, span_id))
            self._match_label_id_map[self.nlp.vocab.strings.add(key)] = {
                "label": label,
                "id": span_id,
            }
            self.shape_matcher.add(key, [word])
            self._patterns.append(entry)
        super().add_patterns(others)

    def _add_slot_pattern(self, entry: dict[str, Any]) -> bool:
        """Add a pattern ending in a place slot to the place matcher; False if it is
        not one (or its words before the slot cannot be told apart from a place's)."""
        pattern, places = entry["pattern"], list(entry.get("places", []))
        if not isinstance(pattern, str) or not places or not pattern.endswith(PLACE_SLOT):
            return False
        before = pattern[: -len(PLACE_SLOT)]
        if PLACE_SLOT in before:
            return False
        make_doc = self.nlp.make_doc
        probe = [t.text for t in make_doc(places[0])]
        whole = [t.text for t in make_doc(before + places[0])]
        if whole[len(whole) - len(probe) :] != probe:
            return False
        key = self.slot_places.get(tuple(places))
        if key is None:
            key = self.slot_places[tuple(places)] = f"customs_places_{len(self.slot_places)}"
            self.place_matcher.add(key, [make_doc(place) for place in places])
            self.slot_patterns[key] = []
        prefix = tuple(whole[: len(whole) - len(probe)])
        self.slot_patterns[key].append((prefix, str(entry["label"]), str(entry.get("id", ""))))
        self._patterns.append(entry)
        return True

    def match(self, doc: Doc) -> list[Span]:
        found = set(super().match(doc))
        labels = self._match_label_id_map
        if len(self.shape_matcher):
            found.update(
                Span(doc, start, end, label=labels[key]["label"], span_id=labels[key]["id"])
                for key, start, end in self.shape_matcher(doc)
            )
        if len(self.place_matcher):
            found.update(self._slot_matches(doc))
        return sorted(found)

    def _slot_matches(self, doc: Doc) -> list[Span]:
        strings = self.nlp.vocab.strings
        text = words(doc).text
        spans = []
        for key, start, end in self.place_matcher(doc):
            for prefix, label, span_id in self.slot_patterns[strings[key]]:
                first = start - len(prefix)
                if first >= 0 and tuple(text[first:start]) == prefix:
                    spans.append(Span(doc, first, end, label=label, span_id=span_id))
        return spans

    def set_annotations(self, doc: Doc, matches: list[Span]) -> None:
        if matches:  # none: the entities stay as they are, and doc.ents is not walked twice
            super().set_annotations(doc, matches)


def _without_places(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k != "places"}


def _shape_only(pattern: object) -> str | None:
    """The shape of a pattern that is one token tested on its SHAPE alone, else None."""
    if not (isinstance(pattern, list) and len(pattern) == 1 and isinstance(pattern[0], dict)):
        return None
    value = pattern[0].get("SHAPE") if list(pattern[0]) == ["SHAPE"] else None
    return value if isinstance(value, str) else None


@registry.misc("customs.keep_named_bodies.v1")
def make_keep_named_bodies() -> EntsFilter:
    """The ruler's entity filter: matches, longest first, replace the entities they
    overlap, except a longer body or fund name holding the match."""

    def keep_named_bodies(entities: Iterable[Span], spans: Iterable[Span]) -> list[Span]:
        ents = list(entities)
        if not ents and not spans:
            return []
        lexicon = None
        for new in filter_spans(spans):
            lexicon = lexicon or language_lexicon(new.doc.lang_)
            clashing = [e for e in ents if overlaps(e, new)]
            if any(contains_named_body(e, new, lexicon) for e in clashing):
                continue
            ents = [e for e in ents if not overlaps(e, new)] + [new]
        return sorted(ents, key=lambda s: (s.start, s.end))

    return keep_named_bodies


@Language.factory(
    "customs_ruler",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={"ents_filter": {"@misc": "customs.keep_named_bodies.v1"}},
)
def make_ruler(nlp: Language, name: str, ents_filter: EntsFilter) -> CustomsRuler:
    """A SpanRuler with the patterns of `models/<lang>/` (see the module docstring)."""
    ruler = CustomsRuler(
        nlp,
        name,
        spans_key=None,
        annotate_ents=True,
        ents_filter=ents_filter,
        phrase_matcher_attr="ORTH",
        validate=False,
        overwrite=False,  # existing entities go to the filter, which decides
    )
    patterns = ruler_patterns(str(nlp.lang))
    if patterns:
        # SpanRuler reads phrase patterns with the pipes before it; ORTH patterns need
        # the tokenizer alone (and a pipeline being loaded has no weights yet).
        with nlp.select_pipes(disable=nlp.pipe_names):
            ruler.initialize(lambda: [], nlp=nlp, patterns=patterns)
    return ruler
