"""`customs_boundaries`: clean and type the statistical model's entities before the rules run.

What it fixes, each a habit of general-purpose NER on customs news:
- LOC and FAC are folded into GPE (the tables have one place label);
- no entity crosses a line break, a bracket or a quote ("WCO Working Group\\n\\n",
  "World Customs Organization (WCO");
- no leading article, title or trailing punctuation ("the European Union" ->
  "European Union", "H.E. Shavkat Mirziyoyev" -> "Shavkat Mirziyoyev");
- a list of places is one place each ("Ghana, Côte d'Ivoire, Niger and Mali"), and
  "WCO, Organization" two names; so are a body and the body it reports to
  ("Committee on Trade Facilitation to the Council for Trade in Goods");
- a role glued to a person's name leaves the person ("Chairperson Zouhair Chorfi"
  ORG -> "Zouhair Chorfi" PERSON);
- a span that is a place the gazetteer knows is a place, whatever the model said
  ("Togo" PERSON, "Sierra Leone" ORG -> GPE), unless a town the model read as a
  person speaks ("Mikuriya briefed"); an acronym the model read as a person is an
  organization ("RILO" PERSON -> ORG);
- a name after an honorific is a person, whatever the model said ("Mr Hague" GPE,
  "Mr Kilroy-Silk" ORG -> PERSON), and a person's name opens with no preposition
  ("Across Wales" PERSON -> "Wales" GPE);
- a Russian name does not start with a noun for people ("Таможенники Узбекистана"
  is "Узбекистана") nor run into a verb; a one-word body ("Белтаможню") is ORG;
- a "person" that names no one ("Ministerial Conference", "Annex 11") is dropped,
  one named after a facility ("Auckland Airport") is a place;
- the generic word "Customs", "Member Customs administrations", a body named by its
  kind alone ("Council", "Committee", "Управления") and the like are dropped;
- names of documents and events are not organizations ("WCO Railway Guidelines",
  "European Neighborhood Policy"): an ORG whose head word is a document or event
  word is dropped (the ruler then restores a known body inside it, like "WCO").
Dates and numbers (DATE, CARDINAL, ...) are left exactly as the model made them.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.labels import NUMERIC_LABELS, table_label
from pipeline.stages import gazetteer
from pipeline.stages.morphology import is_adjective, is_people_noun, is_verb_form
from pipeline.stages.nlp.component import DataComponent
from pipeline.stages.nlp.lexicon import Lexicon, alias_label, fold, rules_data
from pipeline.stages.nlp.spans import (
    head_word,
    is_acronym,
    is_break_text,
    is_compound_body,
    is_latin_name,
    split_at_breaks,
    starts_sentence,
    trim,
)
from pipeline.stages.nlp.words import words

_LIST_GLUE = frozenset({",", "and", "&", "и"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})  # "Reddy's", "Dubs'"
_JOINS = re.compile(r"[-‐‑–/]")
_INITIAL = re.compile(r"^[A-ZА-ЯЁ][a-zа-яё]?\.$")
_INITIALS = re.compile(r"^(?:[A-ZА-ЯЁ][a-zа-яё]?\.){1,3}$")


class Boundaries(DataComponent):
    """Trim, split, relabel and filter `doc.ents` (see the module docstring)."""

    def _compile(self) -> None:
        self.lexicon = Lexicon.from_data(self.data, str(self.nlp.lang))
        self.language = str(self.nlp.lang)
        self.person_titles = frozenset(w.casefold() for w in self.data.get("person_titles", []))
        # the titles that name a person whatever follows ("Mr Law"), unlike ranks and roles
        # ("Director", "Head") that also stand before bodies and programmes
        self.honorifics = frozenset(w.casefold() for w in self.data.get("honorifics", []))
        self.seat_heads = frozenset(self.lexicon.key(w) for w in self.data.get("seat_heads", []))
        # verbs of saying: a town's name the model read as a person, next to one, is the
        # person ("Mikuriya briefed the Council", "said Lamy")
        self.speech_verbs = frozenset(w.casefold() for w in self.data.get("speech_verbs", []))
        # names of arrangements, whole, in dictionary forms
        self.arrangements = frozenset(
            tuple(self.lexicon.key(w) for w in phrase.split())
            for phrase in self.data.get("arrangements", [])
        )

    def __call__(self, doc: Doc) -> Doc:
        seen = words(doc)
        lower_words = {text for text in seen.text if text.islower()}
        kept: list[Span] = []
        for ent in doc.ents:
            if ent.label_ in NUMERIC_LABELS:
                kept.append(ent)
                continue
            relabelled = Span(doc, ent.start, ent.end, label=self._label(ent), span_id=ent.id_)
            broken = any(is_break_text(seen.text[i]) for i in range(ent.start, ent.end))
            for piece in split_at_breaks(relabelled) if broken else [relabelled]:
                for part in self._parts(piece):
                    for named in self._split_roles(part):
                        kept.extend(self._clean(named, lower_words))
        doc.ents = kept
        return doc

    def _split_roles(self, span: Span) -> list[Span]:
        """A person's role glued to a body's name: "AFP Detective Sergeant Aaron Burgess" is
        the body "AFP" and the person "Aaron Burgess"; "Mercator Programme Advisors" the
        programme alone; "Customs Committee G. Nosirov" the body and "G. Nosirov"; a role
        before a person's name alone ("Chairperson Zouhair Chorfi") leaves the person."""
        if span.label_ not in {"ORG", "GPE", "FUND"}:
            return [span]
        doc = span.doc
        seen = words(doc)
        keys = seen.keys(self.language)
        lead = span.start
        while lead < span.end - 1 and keys[lead] in self.lexicon.role_words:
            lead += 1
        if lead > span.start:  # "Chairperson Zouhair Chorfi" ORG: a role, then a person
            rest = Span(doc, lead, span.end, label="PERSON")
            heads = self.lexicon.org_heads
            if is_latin_name(rest) and not any(keys[i] in heads for i in range(lead, span.end)):
                return [rest]
        roles = [
            i
            for i in range(span.start + 1, span.end)
            if keys[i] in self.lexicon.role_words
            and not self._complements_body(doc[i])  # "Cabinet of Ministers", "Council of Heads"
        ]
        if roles:
            parts = [Span(doc, span.start, roles[0], label=span.label_, span_id=span.id_)]
            rest = Span(doc, roles[-1] + 1, span.end, label="PERSON")
            if len(rest) >= 2 and all(t.text[:1].isupper() for t in rest if t.is_alpha):
                parts.append(rest)
            return parts
        rest = span[1:]
        if (
            self.language == "ru"  # Latin words in Russian text: a foreign person
            and is_acronym(span[0].text)
            and is_latin_name(rest)
        ):  # "JICA Seiichi Negishi": the body and its person
            return [
                Span(doc, span.start, span.start + 1, label=span.label_, span_id=span.id_),
                Span(doc, rest.start, rest.end, label="PERSON"),
            ]
        for i in range(span.start + 1, span.end - 1):
            if _INITIAL.match(seen.text[i]):
                return [
                    Span(doc, span.start, i, label=span.label_, span_id=span.id_),
                    Span(doc, i, span.end, label="PERSON"),
                ]
        return [span]

    def _complements_body(self, role: Token) -> bool:
        """A role word a capitalised body's name is "of" or "for": "Cabinet of
        Ministers", "Council of Heads of Customs", "Office of the President"."""
        doc = role.doc
        before = role.i - 1
        if before > 0 and doc[before].lower_ == "the":
            before -= 1
        if before < 1 or doc[before].lower_ not in {"of", "for"}:
            return False
        return doc[before - 1].text[:1].isupper()

    def _label(self, ent: Span) -> str:
        """The table label; a "facility" named as a body is a body ("... Center for ...")."""
        if ent.label_ == "FAC" and head_word(ent, self.lexicon) in self.lexicon.org_heads:
            return "ORG"
        return table_label(ent.label_)

    def _split_enumeration(self, span: Span) -> list[Span]:
        """ "WCO, Organization" lists two names; so does a list of places ("Ghana, Niger
        and Mali"); "Central America, Panama" is one name."""
        lower = words(span.doc).lower
        if not any(lower[i] in _LIST_GLUE for i in range(span.start, span.end)):
            return [span]  # no "," nor "and": nothing listed (and no Token made to see it)
        places = self._places_listed(span)
        if places:
            return places
        doc, pieces, start = span.doc, [], span.start
        for token in span:
            if token.text == "," and token.i > start and is_acronym(doc[token.i - 1].text):
                pieces.append(Span(doc, start, token.i, label=span.label_, span_id=span.id_))
                start = token.i + 1
        if start == span.start:
            return [span]
        pieces.append(Span(doc, start, span.end, label=span.label_, span_id=span.id_))
        return [p for p in pieces if len(p)]

    def _parts(self, span: Span) -> list[Span]:
        """The names a span holds: each listed one, each of a body and its addressee."""
        return [
            part for listed in self._split_enumeration(span) for part in self._addressed(listed)
        ]

    def _addressed(self, span: Span) -> list[Span]:
        """A body and the body it reports or writes to, run into one name: "Committee on
        Trade Facilitation to the Council for Trade in Goods" is two. A mission or a
        delegation "to" a country or a body is one ("Delegation of the European Union
        to Armenia", "Permanent Mission of Japan to the WTO")."""
        if span.label_ != "ORG" or self.language != "en":
            return [span]
        doc = span.doc
        keys = words(doc).keys(self.language)
        for k in range(span.start + 1, span.end - 1):
            if doc[k].text != "to":
                continue
            before = range(span.start, k)
            start = k + 2 if doc[k + 1].lower_ == "the" else k + 1
            if any(keys[i] in self.seat_heads for i in before) or start >= span.end:
                return [span]
            heads = self.lexicon.org_heads
            if any(keys[i] in heads for i in before) and any(
                keys[i] in heads for i in range(start, span.end)
            ):
                return [
                    Span(doc, span.start, k, label="ORG", span_id=span.id_),
                    Span(doc, start, span.end, label="ORG", span_id=span.id_),
                ]
        return [span]

    def _places_listed(self, span: Span) -> list[Span]:
        """The places of a span that lists only places, each a GPE; [] otherwise."""
        doc, parts, start = span.doc, [], span.start
        for token in span:
            if token.lower_ in _LIST_GLUE:
                if token.i > start:
                    parts.append(Span(doc, start, token.i, label="GPE"))
                start = token.i + 1
        if not parts:
            return []
        if span.end > start:
            parts.append(Span(doc, start, span.end, label="GPE"))
        if all(gazetteer.lookup(p.text, self.language) is not None for p in parts):
            return parts
        return []

    def _clean(self, piece: Span, lower_words: set[str]) -> list[Span]:
        named = self._without_people_noun(self._before_verb(piece))
        span = trim(named, self.lexicon) if named is not None else None
        if span is not None and span.label_ != "PERSON" and self._named_by_honorific(span):
            span = Span(span.doc, span.start, span.end, label="PERSON", span_id=span.id_)
        if span is not None and span.label_ == "PERSON":
            span = self._without_titles(span)
        elif span is not None and span.label_ == "GPE":
            span = self._without_leading_roles(span)
        if span is not None and span.label_ == "ORG":
            span = self._region_of_customs(span)
        if span is None or not any(c.isupper() for c in span.text):
            return []  # a name has a capital: "marijuana", "meth" are not names
        if (
            self.language == "en"
            and len(span) == 1
            and starts_sentence(span[0])
            and span.text.lower() in lower_words
        ):
            return []  # "Cocaine" at a sentence start where the text also says "cocaine"
        if span.label_ == "PERSON":
            if any(self.lexicon.is_facility_head(t.text) for t in span):
                span = Span(span.doc, span.start, span.end, label="GPE", span_id=span.id_)
            elif self._no_person(span, lower_words):
                return []
            parts = self._place_then_person(span)
            if parts:
                return parts
        if (
            fold(span.text) in self.lexicon.generic
            or self._kind_alone(span)
            or self._not_a_name(span)
            or _currency_amount(span)
            or self._nationalities(span)
            or self._arrangement(span)
        ):
            return []
        span = self._typed(span)
        if (
            span.label_ == "ORG"
            and head_word(span, self.lexicon) in self.lexicon.not_entity_heads
            and not self._introduced_as_company(span)
        ):
            return []
        return [span]

    def _introduced_as_company(self, span: Span) -> bool:
        """A company named with a word that names no body elsewhere: "IT firm Dimension
        Data", "investment firm Highfields Capital Management" (where "Data",
        "Management" head the names of no body: "Single Window", "Risk Management")."""
        return span.start > 0 and self.lexicon.key(span.doc[span.start - 1].text) in (
            self.lexicon.company_cues
        )

    def _without_people_noun(self, span: Span) -> Span | None:
        """A Russian name does not start with a noun for people: "Таможенники
        Узбекистана" are the country's officers, "Узбекистана" the name; "Таможенники"
        alone names no one (None)."""
        if self.language != "ru" or span.label_ not in {"ORG", "GPE"}:
            return span
        if not is_people_noun(span[0].text):
            return span
        if len(span) == 1:
            return None
        return Span(span.doc, span.start + 1, span.end, label=span.label_, span_id=span.id_)

    def _before_verb(self, span: Span) -> Span:
        """A Russian name ends before a verb the model ran it into: "Комитет
        приветствовал" is "Комитет"."""
        if self.language != "ru":
            return span
        for token in span[1:]:
            if token.is_lower and token.is_alpha and is_verb_form(token.text):
                return Span(span.doc, span.start, token.i, label=span.label_, span_id=span.id_)
        return span

    def _no_person(self, span: Span, lower_words: set[str]) -> bool:
        """A "person" that names no one: a body's, an event's, a document's or a region's
        word in it ("Ministerial Conference", "Pacific Region"), a number ("Annex
        11"), or only words the text also writes in lower case ("Capacity Building"
        where it speaks of "capacity building"). (A facility's word makes a place.)"""
        lexicon = self.lexicon
        not_names = (lexicon.org_heads, lexicon.not_entity_heads, lexicon.region_words)
        words = [t for t in span if t.is_alpha]
        if any(t.like_num for t in span):
            return True
        if self._after_honorific(span):
            return False  # "Mr Law", "Dr Day": an honorific names a person, whatever the words
        if any(
            lexicon.key(t.text) in table
            for t in words
            if not _hyphenated(t)  # "Day-Lewis" is one surname, not the word "day"
            for table in not_names
        ):
            return True
        return len(words) > 1 and all(t.lower_ in lower_words for t in words)

    def _named_by_honorific(self, span: Span) -> bool:
        """A name right after an honorific, or opening with one, is a person's, whatever
        the model typed ("Mr Kilroy-Silk" ORG, "Mr Hague" GPE, "Mr Burgmans" NORP); not
        what a person's name is possessive in ("Dr Reddy's Laboratories"), nor a body or
        a facility."""
        opens = len(span) > 1 and self._is_honorific(span[0].text)
        if not (opens or self._after_honorific(span)):
            return False
        lexicon = self.lexicon
        return not any(
            t.text in _POSSESSIVE or lexicon.is_org_head(t.text) or lexicon.is_facility_head(t.text)
            for t in span
        )

    def _after_honorific(self, span: Span) -> bool:
        """Whether an honorific stands right before `span` ("Mr Law")."""
        return span.start > 0 and self._is_honorific(span.doc[span.start - 1].text)

    def _speaks(self, span: Span) -> bool:
        """Whether a verb of saying stands right after `span` or right before it ("Mikuriya
        briefed", "said Lamy"): a town does not speak. Asked of cities only, and only when
        the model read a person: a country may speak for its government ("Russia said"),
        and so may a capital ("Moscow said"), but the model reads those as places."""
        seen = words(span.doc)
        after = seen.lower[span.end] if span.end < len(seen.lower) else ""
        before = seen.lower[span.start - 1] if span.start > 0 else ""
        return after in self.speech_verbs or before in self.speech_verbs

    def _is_honorific(self, word: str) -> bool:
        """An honorific written as one: "Mr", "Dr.", "Sir"; not "DR Congo", "MS Word"."""
        return word[:1].isupper() and word[1:].islower() and _is_title(word, self.honorifics)

    @staticmethod
    def _after_title(span: Span, titles: frozenset[str]) -> bool:
        """Whether one of `titles`, capitalised, stands right before `span` ("President
        Bush"); for an honorific, written as one, see `_after_honorific`."""
        if span.start == 0:
            return False
        before = span.doc[span.start - 1].text
        return before[:1].isupper() and _is_title(before, titles)

    def _place_then_person(self, span: Span) -> list[Span]:
        """ "Armenia Andrea Wiktorin": a place the model glued to the person after it."""
        for stop in range(len(span) - 2, 0, -1):
            head = span[:stop]
            place = gazetteer.lookup(head.text, self.language)
            if place is not None and place.kind != "city":  # a town may be a surname
                doc = span.doc
                return [
                    Span(doc, span.start, span.start + stop, label="GPE"),
                    Span(doc, span.start + stop, span.end, label="PERSON", span_id=span.id_),
                ]
        return []

    def _without_leading_roles(self, span: Span) -> Span | None:
        """ "Customs Manager Auckland Airport": a place without the role before it."""
        start = span.start
        while start < span.end - 1 and (
            self.lexicon.is_role(span.doc[start].text)
            or self.lexicon.is_org_head(span.doc[start].text)
        ):
            start += 1
        if start == span.start:
            return span
        return Span(span.doc, start, span.end, label=span.label_, span_id=span.id_)

    def _region_of_customs(self, span: Span) -> Span:
        """ "Customs of West and Central Africa" are a region's administrations, no body:
        the region alone, a place."""
        if len(span) < 3 or span[0].lower_ != "customs" or span[1].lower_ != "of":
            return span
        start = span.start + 2
        if span.doc[start].lower_ == "the":
            start += 1
        region = Span(span.doc, start, span.end, label="GPE")
        place = gazetteer.lookup(region.text, self.language)
        if place is None or place.kind not in {"region", "wco_region"}:
            return span
        return region

    def _kind_alone(self, span: Span) -> bool:
        """A body named by its kind alone ("the Council", "Управления") names nothing."""
        return len(span) == 1 and span.label_ == "ORG" and self.lexicon.is_org_head(span[0].text)

    def _arrangement(self, span: Span) -> bool:
        """A name of the `arrangements` list is an arrangement, not an organization
        ("Таможенного союза", "Единого экономического пространства"); its bodies are
        ("Комиссии Таможенного союза"). (English has none listed: "Southern African
        Customs Union" is a body with a secretariat.)"""
        if span.label_ != "ORG":
            return False
        doc = span.doc
        before = doc[span.start - 1] if span.start > 0 else None
        if (
            before is not None
            and before.text[:1].isupper()
            and self.lexicon.is_org_head(before.text)
        ):
            return False  # the arrangement's body: "Комиссии Таможенного союза"
        words = tuple(self.lexicon.key(t.text) for t in span if not t.is_punct)
        return words in self.arrangements

    def _nationalities(self, span: Span) -> bool:
        """Nationality adjectives, alone or joined ("Kyrgyz-Kazakh border", "Uzbek-Tajik
        talks"): no entity, as the conventions have it; a place the gazetteer knows
        stays."""
        if span.label_ not in {"ORG", "PERSON", "GPE"}:
            return False
        parts = [p for p in _JOINS.split(span.text) if p]
        adjectives = gazetteer.index().adjectives.get(self.language, {})
        return (
            all(gazetteer.fold(p) in adjectives for p in parts)
            and gazetteer.lookup(span.text, self.language) is None
        )

    def _not_a_name(self, span: Span) -> bool:
        """One word that is an adjective, adverb or verb ("Disruptive", "Региональным")."""
        if len(span) != 1 or span.label_ not in {"ORG", "PERSON", "GPE"}:
            return False
        token = span[0]
        if self.language == "ru":
            return token.text[:1].isupper() and is_adjective(token.text)
        return token.tag_.startswith(("JJ", "RB", "VB"))

    def _typed(self, span: Span) -> Span:
        """The label the span's words decide: a known place is a GPE, an acronym the
        model read as a person an organization.

        A person's name that is a place is the place (the small model reads "Togo",
        "Bishkek" as people); an organization becomes a place only for a country or a
        region, as many towns share their name with a word or a company.
        """
        label = span.label_
        if label in {"ORG", "PERSON"} and self.lexicon.is_facility_head(span[-1].text):
            label = "GPE"  # "Hartsfield-Jackson Atlanta International Airport"
        elif len(span) == 1 and is_compound_body(
            self.lexicon.key(span[0].text), self.lexicon.compound_org_heads
        ):
            label = "ORG"  # "Белтаможню" GPE: a body named in one word
        elif (
            _INITIALS.match(span.text.replace(" ", ""))
            and gazetteer.lookup(span.text, self.language) is None
        ):
            label = "PERSON"  # "T.V.", "Kh.Z.": a person the news names by initials
        elif label in {"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "NORP"}:
            place = gazetteer.lookup(span.text, self.language)
            if (
                place is not None
                and self._place_not_name(label, place.kind)
                # a title or rank before it names a person, not a town: "President Bush",
                # "Mr Dixon" (Bush, Dixon, Clinton are towns too; no town follows
                # "Minister"). A surname the text also gives in full ("Geoff Dixon") is
                # made a person again by `customs_context` (`Context._surnames`).
                and not (place.kind == "city" and self._after_title(span, self.person_titles))
                and not (label == "PERSON" and self._after_honorific(span))  # "Mr Jordan"
                and not (place.kind == "city" and label == "PERSON" and self._speaks(span))
            ):
                label = "GPE"
            elif label == "PERSON" and _all_acronyms(span):
                label = "ORG"
        if label == "GPE":
            label = alias_label(span.text, self.language) or label  # "ЕС", "Евросоюза": ORG
        if (
            label == "GPE"
            and len(span) == 1
            and is_acronym(span.text)
            and gazetteer.lookup(span.text, self.language) is None
        ):
            label = "ORG"  # "CCASP": an acronym no gazetteer knows names a body, not a place
        if label == span.label_:
            return span
        return Span(span.doc, span.start, span.end, label=label, span_id=span.id_)

    def _place_not_name(self, label: str, kind: str) -> bool:
        """Whether a span the gazetteer knows is the place rather than the model's label.

        Countries and regions always are (also when read as a nationality: "Uzbekistan"
        NORP; a demonym is no place name). A town is, when the small English model read
        it as a person ("Astara", "Bishkek"); not when it read it as an organization,
        nor when natasha, which knows Russian names well, read a person ("Обамы", a
        town in Japan)."""
        if kind != "city":
            return True
        return label in {"PERSON", "NORP"} and self.language != "ru"

    def _without_titles(self, span: Span) -> Span | None:
        """A person's name without the titles and ranks before it ("H.E.", "Colonel"), nor
        a preposition the model took in at a sentence's start ("Across Wales")."""
        start = span.start
        while start < span.end - 1 and (
            _is_title(span.doc[start].text, self.person_titles) or span.doc[start].tag_ == "IN"
        ):
            start += 1
        if start == span.start:
            return span
        return trim(Span(span.doc, start, span.end, label="PERSON", span_id=span.id_), self.lexicon)


def _is_title(word: str, titles: frozenset[str]) -> bool:
    """Whether `word` is one of `titles`, with or without its full stop ("Mr.", "H.E.")."""
    folded = word.casefold()
    return folded in titles or folded.rstrip(".") in titles


def _all_acronyms(span: Span) -> bool:
    """Whether every word of `span` is an acronym or a code ("IMF", "UNODC", "G8",
    "O2"): no person's name. "O'Brien" is a name, not a code."""
    named = [t.text for t in span if any(c.isalpha() for c in t.text)]
    return bool(named) and all(is_acronym(text) or any(c.isdigit() for c in text) for text in named)


def _hyphenated(token: Token) -> bool:
    """Whether `token` is part of a hyphenated word ("Day" of "Day-Lewis")."""
    doc = token.doc
    joined_after = not token.whitespace_ and token.i + 1 < len(doc) and doc[token.i + 1].text == "-"
    joined_before = (
        token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_
    )
    return joined_after or joined_before


def _currency_amount(span: Span) -> bool:
    """ "20 GEL", "GEL 300": a currency code next to a number is money, not a name."""
    if len(span) != 1 or not span.text.isupper() or len(span.text) != 3:
        return False
    import pycountry

    if pycountry.currencies.get(alpha_3=span.text) is None:
        return False
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    return any(t is not None and t.like_num for t in (before, after))


@Language.factory(
    "customs_boundaries",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={},
)
def make_boundaries(nlp: Language, name: str) -> Boundaries:
    """Boundary and noise fixes of the model's entities, rules from `models/<lang>/`."""
    return Boundaries(nlp, name, rules_data(str(nlp.lang)))
