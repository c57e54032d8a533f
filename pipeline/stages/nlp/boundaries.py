"""`customs_boundaries`: clean the statistical model's entities before the rules run.

What it fixes, each a habit of general-purpose NER on customs news:
- LOC is folded into GPE (the tables have one place label);
- no entity crosses a line break, a bracket or a quote ("WCO Working Group\\n\\n",
  "World Customs Organization (WCO");
- no leading article or trailing punctuation ("the European Union" -> "European Union");
- the generic word "Customs", "Member Customs administrations" and the like are dropped;
- names of documents and events are not organizations ("WCO Railway Guidelines",
  "European Neighborhood Policy"): an ORG whose head word is a document or event
  word is dropped (the ruler then restores a known body inside it, like "WCO");
- "Central Customs Authority of the Federal Republic of Germany" is split into the
  body (ORG) and the country (GPE).
Dates and numbers (DATE, CARDINAL, ...) are left exactly as the model made them.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.labels import NUMERIC_LABELS, table_label
from pipeline.stages.nlp.component import DataComponent
from pipeline.stages.nlp.lexicon import Lexicon, fold, rules_data
from pipeline.stages.nlp.spans import head_word, is_acronym, place_suffix, split_at_breaks, trim


class Boundaries(DataComponent):
    """Trim, split, relabel and filter `doc.ents` (see the module docstring)."""

    def _compile(self) -> None:
        self.lexicon = Lexicon.from_data(self.data)

    def __call__(self, doc: Doc) -> Doc:
        kept: list[Span] = []
        for ent in doc.ents:
            if ent.label_ in NUMERIC_LABELS:
                kept.append(ent)
                continue
            relabelled = Span(
                doc, ent.start, ent.end, label=table_label(ent.label_), span_id=ent.id_
            )
            for piece in split_at_breaks(relabelled):
                for part in self._split_enumeration(piece):
                    kept.extend(self._clean(part))
        doc.ents = self._join_of(kept)
        return doc

    def _split_enumeration(self, span: Span) -> list[Span]:
        """ "WCO, Organization" lists two names; "Central America, Panama" is one name."""
        doc, pieces, start = span.doc, [], span.start
        for token in span:
            if token.text == "," and token.i > start and is_acronym(doc[token.i - 1].text):
                pieces.append(Span(doc, start, token.i, label=span.label_, span_id=span.id_))
                start = token.i + 1
        if start == span.start:
            return [span]
        pieces.append(Span(doc, start, span.end, label=span.label_, span_id=span.id_))
        return [p for p in pieces if len(p)]

    def _join_of(self, ents: list[Span]) -> list[Span]:
        """ "Research Institute" + "of the" + "Russian Customs Academy" is one organization.

        Not when the second name is an acronym ("Policy Commission of the WCO"): that
        reads as a body and its parent, two mentions.
        """
        joined: list[Span] = []
        for ent in ents:
            prev = joined[-1] if joined else None
            if (
                prev is not None
                and prev.label_ == ent.label_ == "ORG"
                and head_word(prev, self.lexicon) in self.lexicon.org_heads
                and not is_acronym(ent.text)
                and [t.lower_ for t in ent.doc[prev.end : ent.start]] in (["of"], ["of", "the"])
            ):
                joined[-1] = Span(ent.doc, prev.start, ent.end, label="ORG")
                continue
            joined.append(ent)
        return joined

    def _clean(self, piece: Span) -> list[Span]:
        span = trim(piece, self.lexicon)
        if span is None or not any(c.isalpha() for c in span.text):
            return []
        if fold(span.text) in self.lexicon.generic:
            return []
        if span.label_ != "ORG":
            return [span]
        if head_word(span, self.lexicon) in self.lexicon.not_entity_heads:
            return []
        return self._split_place(span)

    def _split_place(self, span: Span) -> list[Span]:
        """ "<body> of [the] <country>" -> body as ORG, country as GPE."""
        doc = span.doc
        for token in span:
            if token.lower_ != "of" or token.i == span.start:
                continue
            body = trim(Span(doc, span.start, token.i, label="ORG"), self.lexicon)
            rest = trim(Span(doc, token.i + 1, span.end, label="GPE"), self.lexicon)
            if body is None or rest is None:
                continue
            if head_word(body, self.lexicon) not in self.lexicon.split_heads:
                continue
            if place_suffix(list(rest), self.lexicon, with_cities=False):
                # "Government of Japan": the generic body alone names nothing.
                return [rest] if fold(body.text) in self.lexicon.generic else [body, rest]
        return [span]


@Language.factory(
    "customs_boundaries",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={},
)
def make_boundaries(nlp: Language, name: str) -> Boundaries:
    """Boundary and noise fixes of the model's entities, rules from `models/<lang>/`."""
    return Boundaries(nlp, name, rules_data(str(nlp.lang)))
