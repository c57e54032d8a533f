"""`customs_funds`: named funds and financing facilities, label FUND.

General models know no such label. A fund is found three ways:
- a capitalised name ending in "Fund" ("Korea Customs Cooperation Fund"), minus a
  leading headline word ("New Customs Cooperation Fund" -> "Customs Cooperation Fund"),
  with the donor country written right after it ("Customs Cooperation Fund Germany");
  institutions called funds ("International Monetary Fund") are exceptions;
- a capitalised name ending in "Facility" with a financing word in it
  ("Trade Facilitation Agreement Facility");
- the fund patterns of the lexicon ("CCF {place}": "CCF Korea", "CCF-Germany"), which
  the ruler matches (`customs_ruler`).
For Russian, an organization whose name contains "фонд" becomes a FUND unless the
lexicon lists it as an institution ("Международный валютный фонд").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.stages import gazetteer
from pipeline.stages.nlp.component import DataComponent
from pipeline.stages.nlp.lexicon import Lexicon, fold, rules_data
from pipeline.stages.nlp.spans import (
    capitalised_run_start,
    merge_entities,
    strictly_contains,
    trim,
)
from pipeline.stages.nlp.words import words

FUND = "FUND"
_MAX_DONOR_WORDS = 4  # words of a donor country after a fund's name ("Republic of Korea")


class Funds(DataComponent):
    """Find funds and set them as FUND entities (see the module docstring)."""

    def _compile(self) -> None:
        self.lexicon = Lexicon.from_data(self.data, str(self.nlp.lang))

    def __call__(self, doc: Doc) -> Doc:
        found = [*self._named_funds(doc), *self._org_funds(doc)]
        merge_entities(doc, filter_spans(found), self._keep)
        return doc

    def _named_funds(self, doc: Doc) -> list[Span]:
        found = []
        seen = words(doc)
        for i, word in enumerate(seen.keys(self.lexicon.language)):
            is_fund = word in self.lexicon.fund_heads
            if not (is_fund or word == "facility") or not seen.title[i]:
                continue
            token = doc[i]
            start = capitalised_run_start(doc, token.i)
            noise = self.lexicon.fund_leading_noise | self.lexicon.leading_noise
            while start < token.i and doc[start].lower_ in noise:
                start += 1
            english = self.lexicon.language == "en"  # a Russian fund's name opens with "фонд"
            end = self._donor_end(doc, token.i + 1) if is_fund and english else token.i + 1
            span = trim(Span(doc, start, end, label=FUND), self.lexicon)
            if span is None or len(span) < 2 or fold(span.text) in self.lexicon.fund_exceptions:
                continue
            if not is_fund and not any(w in span.text.lower() for w in self.lexicon.facility_words):
                continue
            found.append(span)
        return found

    def _donor_end(self, doc: Doc, end: int) -> int:
        """End of the donor country written right after a fund's name, as in the short
        form ("Customs Cooperation Fund Germany", like "CCF Germany"); `end` if none."""
        capitalised = words(doc).capitalised
        run = end
        while run < len(doc) and run - end < _MAX_DONOR_WORDS:
            inside = doc[run].lower_ in {"of", "the"} and run + 1 < len(doc)
            if not (capitalised[run] or (inside and capitalised[run + 1])):
                break
            run += 1
        for stop in range(run, end, -1):
            place = gazetteer.lookup(doc[end:stop].text, self.lexicon.language)
            if place is not None and place.kind == "country":
                return stop
        return end

    def _org_funds(self, doc: Doc) -> list[Span]:
        """Organizations named as funds in languages whose names start with the noun."""
        stems = [s for s in self.data.get("fund_stems", [])]
        if not stems:
            return []
        found = []
        for ent in doc.ents:
            if ent.label_ != "ORG" or fold(ent.text) in self.lexicon.fund_exceptions:
                continue
            if any(t.lower_.startswith(stem) for t in ent for stem in stems):
                found.append(Span(doc, ent.start, ent.end, label=FUND))
        return found

    def _keep(self, existing: Span, new: Span) -> bool:
        return existing.label_ == FUND and strictly_contains(existing, new)


@Language.factory(
    "customs_funds",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={},
)
def make_funds(nlp: Language, name: str) -> Funds:
    """FUND entities from the lexicon of `models/<lang>/`."""
    return Funds(nlp, name, rules_data(str(nlp.lang)))
