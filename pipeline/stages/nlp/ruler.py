"""`customs_ruler`: spaCy's SpanRuler with the names of customs bodies, partners, funds
and WCO regions.

Patterns live in `models/<lang>/patterns.jsonl`, one {"label", "pattern"} per line: a
string is matched token by token, case-sensitively (`phrase_matcher_attr="ORTH"`); a
list is a spaCy Matcher pattern. "{place}" in a string stands for every country and
region of the gazetteer ("ROCB {place}", "CCF-{place}"); the fund patterns of the
lexicon (`fund_patterns`) are added with the label FUND.

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

EntsFilter = Callable[[Iterable[Span], Iterable[Span]], list[Span]]


def expand_places(pattern: str, places: list[str]) -> list[str]:
    """`pattern` with its "{place}" slot filled by each place (itself if it has no slot)."""
    if PLACE_SLOT not in pattern:
        return [pattern]
    return [pattern.replace(PLACE_SLOT, place) for place in places]


def ruler_patterns(language: str) -> list[dict[str, Any]]:
    """SpanRuler patterns of a language: its pattern file with the places filled in, and
    its fund patterns; each with the ruler's span id."""
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
        for text in expand_places(pattern, places):
            if (label, text) not in seen:
                seen.add((label, text))
                patterns.append({"label": label, "pattern": text, "id": RULER_ID})
    return patterns


class CustomsRuler(SpanRuler):
    """spaCy's SpanRuler, but a one-token pattern on the word's shape alone
    ([{"SHAPE": "X.Xxxx"}], an initial glued to a surname) is matched by a
    PhraseMatcher on SHAPE: the same matches, without spaCy's token Matcher, whose
    walk through every token of every doc took most of this component's time for
    six such patterns. Other patterns go to the SpanRuler as they are; all of them
    are kept in `patterns` (and so saved with the pipeline)."""

    def clear(self) -> None:
        super().clear()
        self.shape_matcher = PhraseMatcher(self.nlp.vocab, attr="SHAPE")

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        others = []
        for entry in patterns:
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

    def match(self, doc: Doc) -> list[Span]:
        found = super().match(doc)
        if not len(self.shape_matcher):
            return found
        labels = self._match_label_id_map
        shaped = {
            Span(doc, start, end, label=labels[key]["label"], span_id=labels[key]["id"])
            for key, start, end in self.shape_matcher(doc)
        }
        return sorted(shaped.union(found))

    def set_annotations(self, doc: Doc, matches: list[Span]) -> None:
        if matches:  # none: the entities stay as they are, and doc.ents is not walked twice
            super().set_annotations(doc, matches)


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
