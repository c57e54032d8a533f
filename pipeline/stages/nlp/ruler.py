"""`customs_ruler`: names of customs bodies, partner organizations and WCO regions.

Patterns live in `models/<lang>/patterns.jsonl`, one {"label", "pattern"} per line:
a string is matched token by token, case-sensitively; a list is a spaCy Matcher
pattern; "{place}" in a string stands for every country and region of the gazetteer
("ROCB {place}").
A match replaces the model's entities it overlaps, except a longer organization
name that contains it ("WCO" inside "WCO Working Group on Performance Measurement").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.stages.nlp.component import DataComponent
from pipeline.stages.nlp.lexicon import (
    PLACE_SLOT,
    Lexicon,
    place_names,
    read_patterns,
    rules_data,
)
from pipeline.stages.nlp.spans import (
    RULER_ID,
    capitalised_run_end,
    contains_named_body,
    is_capitalised,
    merge_entities,
    non_overlapping,
    trim,
)


def expand_places(pattern: str, places: list[str]) -> list[str]:
    """`pattern` with its "{place}" slot filled by each place (itself if it has no slot)."""
    if PLACE_SLOT not in pattern:
        return [pattern]
    return [pattern.replace(PLACE_SLOT, place) for place in places]


class CustomsRuler(DataComponent):
    """Entity ruler for the domain's names (see the module docstring)."""

    def _compile(self) -> None:
        self.lexicon = Lexicon.from_data(self.data, str(self.nlp.lang))
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.matcher = Matcher(self.nlp.vocab)
        places = list(self.data.get("places", []))
        by_label: dict[str, list[str]] = {}
        for n, row in enumerate(self.data.get("patterns", [])):
            label, pattern = str(row["label"]), row["pattern"]
            if isinstance(pattern, str):
                by_label.setdefault(label, []).extend(expand_places(pattern, places))
            else:
                self.matcher.add(f"{label}#{n}", [pattern])
        for label, texts in by_label.items():
            self.phrases.add(
                label,
                list(
                    self.nlp.tokenizer.pipe(  # type: ignore[union-attr]
                        sorted(set(texts))
                    )
                ),
            )

    def __call__(self, doc: Doc) -> Doc:
        merge_entities(doc, self.match(doc), self._keep)
        return doc

    def match(self, doc: Doc) -> list[Span]:
        """Non-overlapping pattern matches of `doc`, longest first, trimmed."""
        found = []
        matches = [*self.phrases(doc), *(self.matcher(doc) if len(self.matcher) else [])]
        for match_id, start, end in matches:
            label = self.nlp.vocab.strings[match_id].split("#")[0]
            span = trim(Span(doc, start, end, label=label, span_id=RULER_ID), self.lexicon)
            if span is not None:
                found.append(self._with_body(span) if label == "ORG" else span)
        return non_overlapping(found)

    def _with_body(self, span: Span) -> Span:
        """A known organization followed by a body name: "WCO Environment Programme",
        "WCO Working Group on Performance Measurement" (the body's head word decides)."""
        doc = span.doc
        i = capitalised_run_end(doc, span.end)
        # The whole capitalised run must be the body's name, ending in its head word:
        # not "WCO International Customs" of "WCO International Customs Terms".
        if i == span.end or self.lexicon.key(doc[i - 1].text) not in self.lexicon.org_heads:
            return span
        end = i
        while (
            end + 1 < len(doc)
            and doc[end].lower_ in {"on", "of", "for"}
            and is_capitalised(doc[end + 1])
        ):
            end += 1
            while end < len(doc) and is_capitalised(doc[end]):
                end += 1
        return Span(doc, span.start, end, label="ORG", span_id=RULER_ID)

    def _keep(self, existing: Span, new: Span) -> bool:
        return contains_named_body(existing, new, self.lexicon)


@Language.factory(
    "customs_ruler",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={},
)
def make_ruler(nlp: Language, name: str) -> CustomsRuler:
    """Domain entity ruler with the patterns of `models/<lang>/patterns.jsonl`."""
    data = rules_data(str(nlp.lang))
    if data:
        data["patterns"] = read_patterns(str(nlp.lang))
        data["places"] = place_names(str(nlp.lang))
    return CustomsRuler(nlp, name, data)
