"""`customs_context`: people and places told by the words around them.

A small model misses or mistypes names it has not seen; what stands around a
name often says what it is:

- **People by their roles.** A run of two to four capitalised words next to a
  role ("Minister of Foreign Trade, Rodrigo Malmierca Diaz, opened", "Roy Díaz
  Orellana, Chair of the RILO Global Network", "Pranab Kumar Das, WCO Director of
  ...", "ABF Superintendent Elke West said") is a person, whatever the model said.
- **One person, one name in a document.** A word that is the surname of a person
  named in full elsewhere in the document is that person ("Mikuriya" after
  "Kunio Mikuriya"), not a town of the same name.
- **Places the gazetteer knows.** A capitalised run that is a country or a
  region is a place wherever it stands; a town only with a word that says so
  around it ("in Urgench", "Almalyk city", "the Syunik region"), since many
  towns share their name with a word or a person.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.labels import CORE_LABELS
from pipeline.stages import gazetteer
from pipeline.stages.nlp.component import DataComponent
from pipeline.stages.nlp.lexicon import Lexicon, fold, rules_data
from pipeline.stages.nlp.spans import is_acronym
from pipeline.stages.nlp.words import words

_MAX_PERSON_WORDS = 4
_MAX_PLACE_WORDS = 4
_ROLE_PHRASE = 8  # words back to a role: "Minister of Foreign Trade and Foreign Investment"
_ROLE_OWNER = 3  # words of a role's owner after a comma: "..., WCO Deputy Director"
_ROLE_GLUE = frozenset({"of", "for", "and", "the", "&", "-"})
_RETYPED = frozenset({"ORG", "PERSON", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})


class Context(DataComponent):
    """Type names by the words around them (see the module docstring)."""

    def _compile(self) -> None:
        self.lexicon = Lexicon.from_data(self.data, str(self.nlp.lang))
        self.language = str(self.nlp.lang)
        self.roles = frozenset(
            w.casefold() for key in ("role_words", "person_titles") for w in self.data.get(key, [])
        )
        self.cues_before = frozenset(w.casefold() for w in self.data.get("place_cues_before", []))
        self.cues_after = frozenset(w.casefold() for w in self.data.get("place_cues_after", []))

        self._countries: PhraseMatcher | None = None

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        countries = self._countries_in(doc)
        if countries:  # (doc.ents walks every token: written and read again only then)
            doc.ents = _replace(ents, countries)
            ents = list(doc.ents)
        found = [
            *self._people(doc, ents),
            *self._people_after_domains(ents),
            *self._places(doc, ents),
        ]
        ents = _replace(ents, found)
        doc.ents = sorted(self._surnames(doc, ents), key=lambda s: s.start)
        return doc

    # --- people -------------------------------------------------------------------------

    def _people(self, doc: Doc, ents: list[Span]) -> list[Span]:
        owner = _owners(doc, ents)
        found = []
        for start, end in _capitalised_runs(doc, breaks=self.roles):
            if not 2 <= end - start <= _MAX_PERSON_WORDS:
                continue
            held = {owner[i] for i in range(start, end) if i in owner}
            if any(e.label_ != "ORG" or (e.start, e.end) != (start, end) for e in held):
                continue  # a person the model found, or a body inside the run
            run = doc[start:end]
            if not self._name_shaped(run):
                continue
            if start > 0 and doc[start - 1].lower_ in _ROLE_GLUE:
                # what a role is of ("Minister of Foreign Trade"), unless a role follows
                # ("under the guidance of A. Al Khalifa, Director General of ...")
                if not self._role_after(doc, end):
                    continue
            elif not (self._role_before(doc, start) or self._role_after(doc, end)):
                continue
            found.append(Span(doc, start, end, label="PERSON"))
        return found

    def _people_after_domains(self, ents: list[Span]) -> list[Span]:
        """ "Director of Capacity Building Erich Kieck": after a role "of" its field, the
        model reads field and person as one body; a body's name ends in a head word, so
        one that does not ends in the person (the last two words)."""
        found = []
        for ent in ents:
            doc = ent.doc
            if (
                ent.label_ != "ORG"
                or len(ent) < 3
                or ent.start < 2
                or doc[ent.start - 1].lower_ != "of"
            ):
                continue
            if not any(
                self._is_role(doc[i].text) for i in range(max(ent.start - 3, 0), ent.start - 1)
            ):
                continue
            person = doc[ent.end - 2 : ent.end]
            if self._is_head(ent[-1]) or not all(t.is_alpha and t.is_title for t in person):
                continue
            if self._name_shaped(person):
                found.append(Span(doc, person.start, person.end, label="PERSON"))
        return found

    def _name_shaped(self, run: Span) -> bool:
        return (
            not any(is_acronym(t.text) or self._is_head(t) for t in run)
            and not any(self._is_role(t.text) or self._names_a_kind(t) for t in run)
            and fold(run.text) not in self.lexicon.generic
            and gazetteer.lookup(run.text, self.language) is None
        )

    def _names_a_kind(self, token: Token) -> bool:
        """A word of an event, a document, a region or a facility: no person's name holds
        one ("Ministerial Conference", "Asia Pacific Region", "Area Port")."""
        key = self.lexicon.key(token.text)
        return (
            key in self.lexicon.not_entity_heads
            or key in self.lexicon.region_words
            or self.lexicon.is_facility_head(token.text)
        )

    def _role_before(self, doc: Doc, start: int) -> bool:
        """A role right before ("Superintendent Elke West") or a role phrase before a comma
        ("Minister of Foreign Trade, Rodrigo ...", "Minister of the Budget of Côte
        d'Ivoire, Abdourahmane Cisse")."""
        before = start - 1
        if before >= 0 and doc[before].text == ",":
            before -= 1
        for i in range(before, max(before - _ROLE_PHRASE, -1), -1):
            word = doc[i]
            if self._is_role(word.text) and word.text[:1].isupper():
                return True
            in_place = word.ent_type_ == "GPE"
            if not (word.text[:1].isupper() or word.lower_ in _ROLE_GLUE or in_place):
                break
        return False

    def _role_after(self, doc: Doc, end: int) -> bool:
        """A role after a comma, maybe after its owner's name ("..., Chair", "Pranab Kumar
        Das, WCO Director of ...")."""
        if end + 1 >= len(doc) or doc[end].text != ",":
            return False
        capitalised = words(doc).capitalised
        for i in range(end + 1, min(end + 1 + _ROLE_OWNER + 1, len(doc))):
            word = doc[i]
            if self._is_role(word.text) and word.text[:1].isupper():
                return True
            if not capitalised[i]:
                return False
        return False

    def _is_role(self, word: str) -> bool:
        """A role or a title in any of its forms ("H.E.", "представители")."""
        return word.lower().rstrip(".") in self.roles or self.lexicon.is_role(word)

    def _is_head(self, token: Token) -> bool:
        key = self.lexicon.key(token.text)
        return key in self.lexicon.org_heads or key in self.lexicon.split_heads

    def _surnames(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """One word naming a person in full elsewhere in the document is that person."""
        key = self.lexicon.key  # Russian surnames compared by their normal form
        surnames = {key(e[-1].text) for e in ents if e.label_ == "PERSON" and len(e) > 1}
        typed = []
        for ent in ents:
            if len(ent) == 1 and ent.label_ in _RETYPED - {"PERSON"} and key(ent.text) in surnames:
                ent = Span(doc, ent.start, ent.end, label="PERSON", span_id=ent.id_)
            typed.append(ent)
        return typed

    # --- places -------------------------------------------------------------------------

    def _places(self, doc: Doc, ents: list[Span]) -> list[Span]:
        owner = _owners(doc, ents)
        found = []
        for start, end in _capitalised_runs(doc):
            if end - start > _MAX_PLACE_WORDS:
                continue
            held = {owner[i] for i in range(start, end) if i in owner}
            if any(e.label_ not in {"ORG", "PERSON"} or len(e) != end - start for e in held):
                continue  # in a longer name, or already a place
            if any(e.label_ == "PERSON" and len(e) > 1 for e in held):
                continue
            place = gazetteer.lookup(doc[start:end].text, self.language)
            if place is None:
                continue
            if place.kind == "city" and not self._place_cue(doc, start, end):
                continue
            found.append(Span(doc, start, end, label="GPE"))
        return found

    def _countries_in(self, doc: Doc) -> list[Span]:
        """Country names written as the gazetteer writes them, where no name stands:
        those that are no run of capitalised words ("Côte d'Ivoire", "Bosnia and
        Herzegovina") and those the model left out."""
        if self._countries is None:
            self._countries = PhraseMatcher(self.nlp.vocab)
            names = gazetteer.place_names(self.language, ("country",))
            spaced = [self.nlp.make_doc(n) for n in names if " " in n or "'" in n]
            self._countries.add("GPE", spaced)
        found = []
        for _, start, end in self._countries(doc):
            held = [e for e in doc.ents if e.start < end and start < e.end]
            if all(e.label_ == "GPE" or e.label_ not in CORE_LABELS for e in held) and all(
                start <= e.start and e.end <= end for e in held
            ):  # "Trinidad" + "Tobago" become one; not out of "Bahrain Customs"
                found.append(Span(doc, start, end, label="GPE"))
        return list(filter_spans(found))

    def _place_cue(self, doc: Doc, start: int, end: int) -> bool:
        before = doc[start - 1].lower_ if start > 0 else ""
        after = doc[end].lower_ if end < len(doc) else ""
        return before in self.cues_before or after in self.cues_after


def _capitalised_runs(doc: Doc, breaks: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words (joined by "-" without spaces), as token ranges;
    a word in `breaks` ends a run ("Superintendent" before "Elke West")."""
    seen = words(doc)
    capitalised = seen.capitalised
    runs, start = [], None
    for i, text in enumerate(seen.text):
        joined = text == "-" and start is not None and not seen.spaced[i] and not seen.spaced[i - 1]
        if (capitalised[i] or joined) and seen.lower[i].rstrip(".") not in breaks:
            start = i if start is None else start
            continue
        if start is not None:
            runs.append((start, i))
        start = None
    if start is not None:
        runs.append((start, len(seen.text)))
    return runs


def _owners(doc: Doc, ents: list[Span]) -> dict[int, Span]:
    return {i: e for e in ents for i in range(e.start, e.end)}


def _replace(ents: list[Span], found: list[Span]) -> list[Span]:
    """`found` spans replace the entities they cover."""
    if not found:
        return ents
    kept = [e for e in ents if not any(f.start < e.end and e.start < f.end for f in found)]
    return list(filter_spans([*kept, *found]))


@Language.factory(
    "customs_context",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={},
)
def make_context(nlp: Language, name: str) -> Context:
    """People by their roles, places by the gazetteer and cue words, from `models/<lang>/`."""
    return Context(nlp, name, rules_data(str(nlp.lang)))
