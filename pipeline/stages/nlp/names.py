"""`customs_names`: official names run to their end; places and programmes by their head.

Customs news names bodies by long official names, which a general model cuts
into pieces. This component puts them back together, by the shape of a name
rather than by a list of names:

- **Owners.** A name followed by a body's name is one name: "WCO Environment
  Programme", "WCO Working Group on Performance Measurement" (the capitalised
  run must end in a body's head word: not "WCO International Customs Terms").
- **Tails.** A body's name takes the names it is "of", "for", "on" or "under"
  ("State Revenue Committee of the Ministry of Finance of the Republic of
  Kazakhstan", "Customs Service under the Government of the Republic of
  Tajikistan", "Department for Combating Smuggling and Customs Offenses of the
  State Customs Committee"), and a capitalised body named by its kind alone
  takes the name it is "of" ("Government of Norway", "Customs Administration of
  the Republic of Moldova"). A tail stops at "in" and "at" (a seat is not part
  of a name), at a lower-case word, and before a second body joined by "and".
  In Russian the tail is a name in the genitive right after the body
  ("Таможенной службы Армении", "ФТС России", "УНП ООН") or after "при"; after
  a body's head word, lower-case words in the genitive may come between
  ("Совета руководителей таможенных служб СНГ").
- **Regions.** A place followed by a capitalised "Region" keeps it ("MENA
  Region"); a lower-case "region" stays out.
- **Facilities.** A capitalised name ending in a facility word ("Tema Port",
  "Auckland International Airport", "Port of Hull") is a place: GPE.
- **Programmes.** A capitalised name ending in a programme word, with its owner
  ("WCO Border Resilience Project", "Mercator Programme", "Project Iris"), is
  an organization; an owner's bare "Project" is the owner alone. A Russian
  programme capitalises its first word only, inside a sentence, and runs over
  what it is for ("Программу подготовки ведущих тренеров").
- **Datelines.** A line opening with a place in capitals before a comma or a full
  stop ("КАЛИНИНГРАД, 5 мая.", "BRUSSELS, 3 May") names the place: GPE.
- **Initials.** Initials of two letters ("Kh.", "Sh.", transliterated Х, Ш) with the
  surname after them are a person ("Kh. Yusupov"), when the model read one in them.
- **Latin names in Russian text** of two to four capitalised words are foreign
  people ("Pranab Kumar Das"), unless a place or an English body's name.

Head words and connectors come from `models/<lang>/lexicon.json`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.stages import gazetteer
from pipeline.stages.morphology import (
    can_be_genitive,
    is_adjective,
    is_verb_form,
    likeliest_grammemes,
)
from pipeline.stages.nlp.component import DataComponent
from pipeline.stages.nlp.lexicon import Lexicon, alias_label, fold, language_lexicon, rules_data
from pipeline.stages.nlp.spans import (
    CLOSING_QUOTES,
    LATIN_NAME_WORD,
    RULER_ID,
    is_acronym,
    is_compound_body,
    is_latin_name,
    starts_sentence,
    trim,
)
from pipeline.stages.nlp.words import is_capitalised, lowered_in_heading, words

_NAMES = frozenset({"ORG", "GPE", "FUND"})
_MAX_COMPLEMENT = 8  # words of a capitalised complement ("Investment, Industry and Trade")
_MAX_PURPOSE = 12  # words of a Russian purpose tail ("по незаконному обороту ...")
_MAX_COORDINATED = 3  # words joined by "and" to a body's name ("Main Operations and ...")
_DANGLING = frozenset({"и", "в", "на", "за", "с", "по", "для"})
_MAX_GENITIVE_WORDS = 6  # lower-case words between a Russian body and the name it is of
_NAME_DASHES = frozenset({"-", "–", "—"})
_ROLE_REACH = 6  # words back from a Latin name to the role it follows
_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct"})  # pymorphy2's cases
_NAME_PREPOSITIONS = frozenset({"по", "за"})  # "по контролю за контейнерными перевозками"
_TWO_LETTER_INITIAL = re.compile(r"[A-Z][a-z]")  # "Kh", "Sh", "Zh", "Yu", "Ch"
_INITIAL_TOKEN = re.compile(r"[A-Z]\.")  # "B."
_MAX_KIND_WORDS = 3  # lower-case adjectives between a Russian name and its kind
_MAX_DATELINE = 4  # words of a dateline's place ("NEW YORK", "РОСТОВ-НА-ДОНУ")
_DATELINE_ENDS = frozenset({",", ".", "—", "–"})
_PLACE_PREPOSITIONS = frozenset({"в", "на"})  # "в Центральной Азии": the place it serves


class Names(DataComponent):
    """Extend and type names by their shape (see the module docstring).

    `attach_tails=False` leaves a body's tails as they come (a corpus annotated the
    other way, FactRuEval's "Правительство" + "Японии", is scored so).
    """

    def __init__(
        self, nlp: Language, name: str, data: dict[str, Any], attach_tails: bool = True
    ) -> None:
        self.attach_tails = attach_tails
        super().__init__(nlp, name, data)

    def _compile(self) -> None:
        self.lexicon = Lexicon.from_data(self.data, str(self.nlp.lang))
        self.language = str(self.nlp.lang)
        self.connectors = frozenset(self.data.get("tail_connectors", []))
        self.purpose_connectors = frozenset(self.data.get("purpose_connectors", []))
        # "UNODC Regional Office in Central Asia", "Delegation of the EU to Armenia": an
        # office's seat is part of its name, another body's is not.
        self.seat_connectors = frozenset(self.data.get("seat_connectors", []))
        self.seat_heads = frozenset(self.lexicon.key(w) for w in self.data.get("seat_heads", []))
        self.programme_heads = frozenset(w.casefold() for w in self.data.get("programme_heads", []))
        self.directions = frozenset(self.lexicon.key(w) for w in self.data.get("directions", []))
        self.facility_cues = frozenset(
            self.lexicon.key(w) for w in self.data.get("facility_cues", [])
        )
        self.facility_fillers = frozenset(
            self.lexicon.key(w) for w in self.data.get("facility_fillers", [])
        )
        # "таможенный пост Морпорт": a customs post is a unit, its name an organization
        self.post_cues = tuple(
            tuple(self.lexicon.key(w) for w in cue.split())
            for cue in self.data.get("post_cues", [])
        )
        # what a Russian adjectival name is the name of: a body, or a post ("Троицкого
        # таможенного поста")
        self.kind_heads = self.lexicon.org_heads | {cue[-1] for cue in self.post_cues}

    def __call__(self, doc: Doc) -> Doc:
        spans = [
            *self._facilities(doc),
            *self._programmes(doc),
            *self._latin_people(doc),
            *self._compound_bodies(doc),
            *self._datelines(doc),
            *self._initialled_people(doc),
        ]
        ents = _merge(doc, spans)
        ents = self._named_facilities(doc, ents)
        ents = self._named_posts(doc, ents)
        ents = [self._with_region(e) for e in ents]
        ents = [self._with_body(e) for e in ents]
        ents = _with_owned_offices(doc, ents)
        ents = self._with_kind_after(doc, ents)
        ents = self._with_coordinated_starts(doc, ents)
        if self.attach_tails:
            ents = self._with_tails(doc, self._bare_bodies(doc, ents))
        doc.ents = filter_spans(ents)
        return doc

    # --- tails --------------------------------------------------------------------------

    def _with_tails(self, doc: Doc, ents: list[Span]) -> list[Span]:
        starts = {e.start: e for e in ents}
        grown: list[Span] = []
        for ent in ents:
            if grown and grown[-1].end > ent.start:
                continue  # taken in by the name before it
            if ent.label_ == "ORG" and self._is_body(ent):
                end = self._tail_end(doc, ent, starts)
                if end > ent.end:
                    ent = Span(doc, ent.start, end, label="ORG", span_id=ent.id_)
            grown.append(ent)
        return grown

    def _is_body(self, span: Span) -> bool:
        """A name that takes tails: any organization in Russian ("ФТС" + "России"), one
        with a body's head word in English (not "WCO" of "the WCO of the future")."""
        return self.language == "ru" or any(self._is_head(t) for t in span)

    def _is_head(self, token: Token) -> bool:
        return self._is_head_key(self.lexicon.key(token.text))

    def _is_head_key(self, key: str) -> bool:
        return key in self.lexicon.split_heads or key in self.lexicon.org_heads

    def _tail_end(self, doc: Doc, body: Span, starts: dict[int, Span]) -> int:
        """Where the name of `body` ends once its tails are taken in."""
        if self.language == "ru":
            return self._russian_tail_end(doc, body.start, body.end, starts)
        end = self._listed_complement_end(doc, body.start, body.end, set(starts))
        while end < len(doc):
            connector = doc[end].lower_
            start = end + 1
            if start < len(doc) and doc[start].lower_ == "the":
                start += 1
            if connector in self.connectors:
                after_head = self._is_head(doc[end - 1])
                target = self._name_at(doc, start, starts, any_capitalised=after_head)
            elif connector in self.seat_connectors and self._has_seat(doc, body.start, end):
                target = self._place_at(doc, start, starts)
            else:
                break
            if target is None or _possessive_at(doc, target):
                break  # "the Council on the WCO's response": the name owns what follows
            end = self._region_word_after(doc, target)
        return end

    def _has_seat(self, doc: Doc, start: int, end: int) -> bool:
        """True when the name is an office's, whose seat is part of it; not when the name
        says what the office is for ("Regional Office for Capacity Building in Abidjan")."""
        words = doc[start:end]
        return any(self.lexicon.key(t.text) in self.seat_heads for t in words) and not any(
            t.lower_ in {"for", "on"} for t in words
        )

    def _place_at(self, doc: Doc, start: int, starts: dict[int, Span]) -> int | None:
        """End of the place named from token `start` (a GPE entity), or None."""
        ent = starts.get(start)
        return int(ent.end) if ent is not None and ent.label_ == "GPE" else None

    def _name_at(
        self, doc: Doc, start: int, starts: dict[int, Span], any_capitalised: bool
    ) -> int | None:
        """End of the name that starts at token `start`, or None.

        A name is an entity starting there, or a capitalised run that ends in a body's
        head word; right after a head word ("Ministry of Finance") any capitalised run
        is one, words joined by commas and "and" included.
        """
        if start >= len(doc) or not is_capitalised(doc[start]):
            return None
        ent = starts.get(start)
        if ent is not None:
            return int(ent.end) if ent.label_ in _NAMES else None  # not into a date
        end = self._words_end(doc, start, relaxed=any_capitalised)
        if end > start and self._is_head(doc[end - 1]):
            return end
        place = self._place_end(doc, start, end)
        if place is not None:
            return place  # "of Armenia" before "Rustam Badasyan, Head of ..."
        if not any_capitalised:
            return None
        return self._more_words(doc, start, end, set(starts))

    def _words_end(self, doc: Doc, start: int, relaxed: bool) -> int:
        """End of a capitalised run from `start`, stopping before a role ("Head")."""
        end = _run_end(doc, start, relaxed=relaxed)
        for i in range(start + 1, end):
            if self.lexicon.is_role(doc[i].text):
                return i
        return end

    def _place_end(self, doc: Doc, start: int, end: int) -> int | None:
        """End of the longest place the run from `start` begins with, when no body's head
        word follows in the run ("Armenia Rustam Badasyan"), else None."""
        for stop in range(end, start, -1):
            place = gazetteer.lookup(doc[start:stop].text, self.language)
            if place is not None and (place.kind != "city" or stop == end):
                # not a town in a longer name: "Central" of "Central African States"
                rest = range(stop, end)
                return None if any(self._is_head(doc[i]) for i in rest) else stop
        return None

    def _more_words(self, doc: Doc, start: int, end: int, starts: set[int]) -> int:
        """A complement's further words after commas and "and" ("Investment, Industry and
        Trade"), but not a second body ("Ministry of Finance and the Central Bank")."""
        while end + 1 < len(doc) and doc[end].text in {",", "and", "&"}:
            after = self._words_end(doc, end + 1, relaxed=True)
            if self.lexicon.is_role(doc[end + 1].text):
                break
            if after == end + 1 or after - start > _MAX_COMPLEMENT:
                break
            if self._is_head(doc[after - 1]) or (end + 1) in starts:
                break  # a second body
            end = after
        return end

    def _listed_complement_end(self, doc: Doc, start: int, end: int, starts: set[int]) -> int:
        """A body that ends inside its complement's list ("Ministry of Investment" of
        "Ministry of Investment, Industry and Trade") takes the rest of the list."""
        inside = [i for i in range(start + 1, end) if doc[i].lower_ in self.connectors]
        if not inside or not self._is_head(doc[inside[0] - 1]):
            return end
        return self._more_words(doc, inside[0] + 1, end, starts)

    def _region_word_after(self, doc: Doc, end: int) -> int:
        """ "Customs Administration of Khorezm region": a region word after a place."""
        if end < len(doc) and doc[end].text in self.lexicon.region_words:  # lower-case
            return end + 1
        return end

    def _russian_tail_end(self, doc: Doc, begin: int, end: int, starts: dict[int, Span]) -> int:
        """ "Таможенной службы" + "Армении"; "ФТС" + "России"; "службы" + "при" + name;
        an office + "в" + its seat ("Бюро ОБСЕ в Таджикистане")."""
        # capitalised inside a sentence, a body's head word is a name's: it may run over
        # genitive words to the name it is of ("Совета" + "руководителей ..." + "СНГ")
        inside_sentence = not starts_sentence(doc[begin])
        while end < len(doc):
            word = doc[end].lower_
            seat = word in self.seat_connectors and self._has_seat(doc, begin, end)
            start = end + 1 if word in self.connectors or seat else end
            if start == end and inside_sentence and self._is_head(doc[end - 1]):
                start = _genitive_words_end(doc, end)
            ent = starts.get(start)
            if (
                ent is None
                and start > end
                and word in self.connectors
                and start < len(doc)
                and is_capitalised(doc[start])
                and self._is_head(doc[start])
            ):
                end = start + 1  # "службы" + "при" + "Правительстве"
                continue
            if ent is None or ent.label_ not in (_NAMES if not seat else {"GPE"}):
                break
            if start == end and not can_be_genitive(ent[0].text):
                break
            end = ent.end
        if self._complete(doc[begin:end]):
            return end  # "ВТамО" + "по вопросам ...": a purpose of its work, not of its name
        return self._purpose_end(doc, end, starts)

    def _complete(self, body: Span) -> bool:
        """A name that says all it names: an acronym, or a name of the alias table."""
        if len(body) == 1 and is_acronym(body.text):
            return True
        return alias_label(body.text, self.language) is not None

    def _purpose_end(self, doc: Doc, end: int, starts: dict[int, Span]) -> int:
        """A Russian body's purpose, "по" and the words of what it does, and a place it
        serves: "Управления ООН по наркотикам и преступности", "Подкомиссии по
        незаконному обороту ... на Ближнем и Среднем Востоке". Stops at punctuation, a
        verb, a capital that starts another name, or after a dozen words."""
        if end >= len(doc) or doc[end].lower_ not in self.purpose_connectors:
            return end
        stop = end + 1
        while stop < len(doc) and stop - end <= _MAX_PURPOSE:
            token = doc[stop]
            if token.is_punct or "\n" in token.text or is_verb_form(token.text):
                break
            if token.text[:1].isupper():
                ent = starts.get(stop)
                if ent is None or ent.label_ != "GPE":
                    break
                stop = ent.end  # "в Центральной Азии": the place it serves
                continue
            stop += 1
        while stop > end + 1 and doc[stop - 1].lower_ in _DANGLING:
            stop -= 1
        return stop if stop > end + 2 else end

    def _bare_bodies(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A capitalised body named by its kind right before "of <name>" ("Government of
        Norway", "Правительства Норвегии") becomes an organization its tail completes."""
        taken = {i for e in ents for i in range(e.start, e.end)}
        starts = {e.start: e for e in ents}
        found = []
        seen = words(doc)
        capitalised = seen.capitalised
        keys = seen.keys(self.language)
        for i, key in enumerate(keys):
            if i in taken or not capitalised[i] or not self._is_head_key(key):
                continue
            if i + 1 < len(keys) and self._is_head_key(keys[i + 1]):
                continue  # the head is further on: "Customs Administration"
            token = doc[i]
            start = i
            while (
                start > 0
                and (start - 1) not in taken
                and capitalised[start - 1]
                and keys[start - 1] not in self.lexicon.role_words
            ):
                start -= 1  # not over a role: "Председатель Правительства РФ"
            body = Span(doc, start, token.i + 1, label="ORG")
            end = self._tail_end(doc, body, starts)
            if end > body.end and not self._customs_of_region(body, end):
                found.append(trim(body, self.lexicon) or body)
        return _merge(doc, found, ents) if found else ents

    def _customs_of_region(self, body: Span, end: int) -> bool:
        """ "Customs of West and Central Africa": a region's administrations, no body."""
        if fold(body.text) not in self.lexicon.generic:
            return False
        doc = body.doc
        start = body.end + 1
        if start < end and doc[start].lower_ == "the":
            start += 1
        place = gazetteer.lookup(doc[start:end].text, self.language)
        return place is not None and place.kind in {"region", "wco_region"}

    def _with_body(self, ent: Span) -> Span:
        """ "WCO" + "Environment Programme": an owner and the body's name after it."""
        if ent.label_ != "ORG":
            return ent
        doc = ent.doc
        end = _run_end(doc, ent.end)
        if end == ent.end or not self._is_head(doc[end - 1]):
            return ent
        return Span(doc, ent.start, end, label="ORG", span_id=ent.id_)

    def _with_coordinated_starts(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """ "Data and" + "Statistics Working Group", "Press and" + "Public Relations
        Department": words joined by "and" to the start of a body's name belong to it when
        they name nothing themselves (no entity, no place, no body's head word, no role);
        a place likewise after a direction ("Eastern and" + "Southern Africa")."""
        taken = {i for e in ents for i in range(e.start, e.end)}
        grown = []
        for ent in ents:
            start = self._coordinated_start(doc, ent, taken)
            if start < ent.start:
                ent = Span(doc, start, ent.end, label=ent.label_, span_id=ent.id_)
            grown.append(ent)
        return sorted(filter_spans(grown), key=lambda s: s.start)  # the grown take the ones in them

    def _coordinated_start(self, doc: Doc, ent: Span, taken: set[int]) -> int:
        joiner = ent.start - 1
        if joiner < 1 or doc[joiner].lower_ not in {"and", "&", "и"} or not is_capitalised(ent[0]):
            return ent.start
        if ent.label_ == "ORG" and self._is_body(ent) and self.language == "en":
            words = self._free_run(doc, joiner, taken, _MAX_COORDINATED)
            if words is None or any(self._is_head(t) for t in words):
                return ent.start
            if gazetteer.lookup(words.text, self.language) is not None:
                return ent.start  # "Ghana and" + "Nigeria Customs": two names
            return int(words.start)
        if ent.label_ == "GPE":
            before = doc[joiner - 1]
            if self.lexicon.key(before.text) in self.directions and (
                (joiner - 1) not in taken or self._alone_in_place(doc, joiner - 1)
            ):  # "Eastern and" + "Southern Africa", "Центральной и" + "Восточной Европы"
                return joiner - 1
        return ent.start

    def _alone_in_place(self, doc: Doc, index: int) -> bool:
        """Whether token `index` is a place entity of its own ("Центральной" GPE)."""
        return any(e.start == index and e.end == index + 1 and e.label_ == "GPE" for e in doc.ents)

    def _free_run(self, doc: Doc, end: int, taken: set[int], most: int) -> Span | None:
        """The capitalised words right before token `end` that no entity holds and no
        role or punctuation starts, at most `most` of them; None when there are none or
        more."""
        seen = words(doc)
        capitalised = seen.capitalised
        start = end
        while start > 0 and capitalised[start - 1] and (start - 1) not in taken:
            if self.lexicon.is_role(seen.text[start - 1]) or seen.lower[start - 1] == "the":
                break
            start -= 1
        if start == end or end - start > most:
            return None
        if start > 0 and capitalised[start - 1]:
            return None  # the run goes on into an entity or a role: not ours to take
        return doc[start:end]

    # --- regions, facilities, programmes --------------------------------------------------

    def _with_region(self, ent: Span) -> Span:
        doc, end = ent.doc, ent.end
        if (
            ent.label_ in {"GPE", "ORG"}
            and end < len(doc)
            and doc[end].lower_ in self.lexicon.region_words
            and doc[end].text[:1].isupper()
        ):
            return Span(doc, ent.start, end + 1, label=ent.label_, span_id=ent.id_)
        return ent

    def _with_kind_after(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A Russian name that is an adjective, cut before the body's kind words after it,
        takes them: "Троицкого таможенного" + "поста", "Центральная оперативная" +
        "таможня" (the kind: a body's head word, or a customs post's)."""
        if self.language != "ru":
            return ents
        keys = words(doc).keys(self.language)
        grown: list[Span] = []
        for n, ent in enumerate(ents):
            following = ents[n + 1].start if n + 1 < len(ents) else len(doc)
            end = ent.end
            if ent.label_ in {"ORG", "GPE"} and is_adjective(ent[-1].text):
                while (
                    end < following
                    and end - ent.end < _MAX_KIND_WORDS
                    and doc[end].is_lower
                    and is_adjective(doc[end].text)
                ):
                    end += 1
                if end < following and doc[end].is_lower and keys[end] in self.kind_heads:
                    ent = Span(doc, ent.start, end + 1, label="ORG", span_id=ent.id_)
            grown.append(ent)
        return grown

    def _initialled_people(self, doc: Doc) -> Iterable[Span]:
        """ "Kh. Yusupov", "Sh. Mirziyoyev", "Zh. B. Almazov": initials of two letters
        (transliterated Х, Ш, Ж, Ю ...), which the tokenizer cuts from their full stop and
        the small model from the surname, with the surname are a person, when the model
        read a person in them. English text only (natasha reads Russian initials)."""
        if self.language != "en":
            return
        seen = words(doc)
        text, spaced = seen.text, seen.spaced
        people = {i for e in doc.ents if e.label_ == "PERSON" for i in range(e.start, e.end)}
        taken = 0
        for dot, word in enumerate(text):  # a two-letter initial is followed by "." alone
            if word != "." or dot - 1 < taken or spaced[dot - 1]:
                continue
            start = dot - 1
            if not _TWO_LETTER_INITIAL.fullmatch(text[start]):
                continue
            end = dot + 1
            while end < len(text):
                if _INITIAL_TOKEN.fullmatch(text[end]):
                    end += 1  # one more initial: "B."
                elif (
                    end + 1 < len(text)
                    and text[end + 1] == "."
                    and not spaced[end]
                    and _TWO_LETTER_INITIAL.fullmatch(text[end])
                ):
                    end += 2  # one more of two letters: "Sh. Kh."
                else:
                    break
            if end < len(text) and LATIN_NAME_WORD.fullmatch(text[end]):
                if people & set(range(start, end + 1)):
                    yield Span(doc, start, end + 1, label="PERSON")
                taken = end + 1

    def _datelines(self, doc: Doc) -> Iterable[Span]:
        """ "КАЛИНИНГРАД, 5 мая.", "BRUSSELS, 3 May -": the place, in capitals, a line of
        news opens with before a comma or a full stop (a wire dateline), when the
        gazetteer knows it (natasha misses some: "КАЛИНИНГРАД" after a title line)."""
        text = words(doc).text
        starts = [0] + [i + 1 for i, t in enumerate(text) if "\n" in t]
        for start in starts:
            end = start
            while end < len(text) and end - start < _MAX_DATELINE and text[end].isupper():
                end += 1
            if end == start or end >= len(text) or text[end] not in _DATELINE_ENDS:
                continue
            span = Span(doc, start, end, label="GPE")
            if sum(c.isalpha() for c in span.text) >= 3 and gazetteer.lookup(
                span.text, self.language
            ):
                yield span

    def _facilities(self, doc: Doc) -> Iterable[Span]:
        """ "Tema Port", "Sydney International Airport", "Port of Hull": places."""
        seen = words(doc)
        capitalised = seen.capitalised
        keys = seen.keys(self.language)
        for i, key in enumerate(keys):
            if key not in self.lexicon.facility_heads or not seen.text[i][:1].isupper():
                continue
            if i + 1 < len(keys) and capitalised[i + 1]:
                continue  # the name goes on: "Tema Port Authority"
            token = doc[i]
            start = i
            while (
                start > 0
                and capitalised[start - 1]
                and keys[start - 1] not in self.lexicon.role_words
                and not self._is_head_key(keys[start - 1])
            ):
                start -= 1  # not over "Customs Manager" in "Customs Manager Auckland Airport"
            end = token.i + 1
            if start == token.i and end + 1 < len(doc) and doc[end].lower_ == "of":
                end = _run_end(doc, end + 1)  # "Port of Hull"
            if end - start > 1 and not self._country_facility(doc[start : token.i]):
                span = trim(Span(doc, start, end, label="GPE"), self.lexicon)
                if span is not None and len(span) > 1:
                    yield span

    def _named_facilities(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """ "аэропорт Шереметьево", "пункт пропуска «Верхний Ларс»", "пунктах пропуска
        «Шумилкино» и «Куничина Гора»": a name after a facility's kind word is the place;
        the kind word stays out, and an entity the model spread over both gives way."""
        found: list[Span] = []
        keys = words(doc).keys(self.language)
        for i, key in enumerate(keys):
            if key not in self.facility_cues:
                continue
            start = i + 1
            while start < len(keys) and keys[start] in self.facility_fillers:
                start += 1  # "пункт" + "пропуска"
            while start < len(doc):
                place = self._facility_name(doc, start)
                if place is None:
                    break
                found.append(place)
                closed = place.end < len(doc) and doc[place.end].text in CLOSING_QUOTES
                start = place.end + (1 if closed else 0)
                if start + 1 < len(doc) and doc[start].lower_ in {"и", ","}:
                    start += 1  # "«Шумилкино» и «Куничина Гора»"
                    continue
                break
        return _found_win(ents, found)

    def _named_posts(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """ "таможенный пост Морпорт", "на таможенном посту «Фарап»": the name after a
        customs post's kind words is the post, an organization, whatever the model read
        (a place, a one-word person); a full name is a person ("начальника таможенного
        поста Сергея Турки")."""
        if not self.post_cues:
            return ents
        people = {e.start for e in ents if e.label_ == "PERSON" and len(e) > 1}
        keys = words(doc).keys(self.language)
        found: list[Span] = []
        for cue in self.post_cues:
            for start in range(len(doc) - len(cue) + 1):
                if tuple(keys[start : start + len(cue)]) != cue:
                    continue
                end = start + len(cue)
                name = self._facility_name(doc, end)
                if name is not None and name.start not in people and not is_adjective(name[0].text):
                    found.append(Span(doc, name.start, name.end, label="ORG"))
        return _found_win(ents, found)

    def _facility_name(self, doc: Doc, start: int) -> Span | None:
        """The quoted or capitalised name (up to three words) from token `start`."""
        quoted = start < len(doc) and doc[start].text in {"«", '"', "“"}
        first = start + 1 if quoted else start
        end = first
        seen = words(doc)
        capitalised = seen.capitalised
        while end < len(doc) and end - first < 3 and capitalised[end]:
            end += 1
            while end + 1 < len(doc) and seen.text[end] == "-" and not seen.spaced[end]:
                end += 2  # "Усть-Луга"
        if end == first or (quoted and (end >= len(doc) or doc[end].text not in CLOSING_QUOTES)):
            return None
        return Span(doc, first, end, label="GPE")

    def _country_facility(self, words: Span) -> bool:
        """ "UK Port", "Georgian ports": a country's facilities, not a named one."""
        place = gazetteer.lookup(words.text, self.language) if len(words) else None
        return place is not None and place.kind == "country"

    def _programmes(self, doc: Doc) -> Iterable[Span]:
        """ "WCO Border Resilience Project", "Project Iris": organizations."""
        if self.language == "ru":
            yield from self._russian_programmes(doc)
            return
        seen = words(doc)
        for i, lower in enumerate(seen.lower):
            if lower not in self.programme_heads or not seen.text[i][:1].isupper():
                continue
            token = doc[i]
            start = _run_start(doc, token.i)
            end = token.i + 1
            if start == token.i:
                end = _run_end(doc, end)  # "Project Iris"
            elif end < len(doc) and _is_numbering(doc[end]):
                end += 1  # "WCO-ESA Project II"
            elif token.i - start == 1 and is_acronym(doc[start].text):
                continue  # "the WCO Project": the owner's project, named by nothing more
                # (a second acronym names it: "WCO WACAM Project", "WCO-ESA Project")
            if start < token.i:
                start = self._places_joined_before(doc, start)
            if end - start > 1:
                span = trim(Span(doc, start, end, label="ORG"), self.lexicon)
                if span is not None and len(span) > 1:
                    yield span

    def _places_joined_before(self, doc: Doc, start: int) -> int:
        """A programme named for places joined by "and" starts with the first place:
        "Central Asia and" + "Caucasus Security Project"; `start` when no place is."""
        if start < 2 or doc[start - 1].lower_ != "and":
            return start
        first = _run_start(doc, start - 1)
        if first < start - 1 and gazetteer.lookup(doc[first : start - 1].text, self.language):
            return first
        return start

    def _compound_bodies(self, doc: Doc) -> Iterable[Span]:
        """A capitalised word that is a body's head written with a prefix ("Гостаможни"):
        an organization the model left unnamed."""
        heads = self.lexicon.compound_org_heads
        if not heads:
            return
        named = {i for e in doc.ents for i in range(e.start, e.end)}
        seen = words(doc)
        keys = seen.keys(self.language)
        for i, text in enumerate(seen.text):
            if i in named or not text[:1].isupper() or not text.isalpha():
                continue
            if is_compound_body(keys[i], heads):
                yield Span(doc, i, i + 1, label="ORG")

    def _latin_people(self, doc: Doc) -> Iterable[Span]:
        """In Russian text, two to four capitalised Latin words the model left unnamed,
        after a role, name a foreign person ("представитель JICA Seiichi Negishi"),
        unless they name a place or a body (an English body's head word among them)."""
        if self.language != "ru":
            return
        english_heads = language_lexicon("en").org_heads
        named = {i for e in doc.ents for i in range(e.start, e.end)}
        index = 0
        while index < len(doc):
            end = index
            while end < len(doc) and LATIN_NAME_WORD.fullmatch(doc[end].text):
                end += 1
            run = doc[index:end]
            if (
                is_latin_name(run)
                and named.isdisjoint(range(index, end))
                and not any(t.lower_ in english_heads for t in run)
                and any(
                    self.lexicon.is_role(t.text) for t in doc[max(0, index - _ROLE_REACH) : index]
                )
            ):
                yield Span(doc, index, end, label="PERSON")
            index = max(end, index + 1)

    def _russian_programmes(self, doc: Doc) -> Iterable[Span]:
        """A Russian programme's name: only its first word is capitalised, inside a
        sentence, and it says what the programme is for ("Программу подготовки
        ведущих тренеров", "Глобальной программы по контролю за контейнерными
        перевозками", "Программа содействия управлению границами в Центральной
        Азии"). A programme at a sentence start, or named by nothing more, is none."""
        places = {e.start: e.end for e in doc.ents if e.label_ == "GPE"}
        seen = words(doc)
        keys = seen.keys(self.language)
        for i, key in enumerate(keys):
            if key not in self.programme_heads or not seen.text[i].isalpha():
                continue
            token = doc[i]
            start = token.i
            before = doc[start - 1] if start > 0 else None
            if before is not None and before.text[:1].isupper() and is_adjective(before.text):
                start -= 1  # "Глобальной программы"
            if not doc[start].text[:1].isupper() or starts_sentence(doc[start]):
                continue
            end = _russian_name_words_end(doc, token.i + 1, places)
            if end > token.i + 1:
                yield Span(doc, start, end, label="ORG")


def _russian_name_words_end(doc: Doc, start: int, places: dict[int, int]) -> int:
    """End of the lower-case words that say what a Russian name is for: nouns,
    adjectives and participles in any case, "по" and "за" among them, and a place
    after "в" or "на" ("в Центральной Азии"), which ends it."""
    end = stop = start
    while stop < len(doc) and stop - start < _MAX_PURPOSE:
        token = doc[stop]
        if token.lower_ in _PLACE_PREPOSITIONS and stop + 1 in places:
            return places[stop + 1]
        if token.lower_ == "и" and stop > start and _coordinated(doc, stop):
            stop += 1  # "по контролю за пассажирами и грузами"
            continue
        if not (token.is_alpha and token.is_lower) or is_verb_form(token.text):
            break
        if token.lower_ not in _NAME_PREPOSITIONS and not _is_name_word(token):
            break
        stop += 1
        if token.lower_ not in _NAME_PREPOSITIONS:
            end = stop
    return end


def _coordinated(doc: Doc, i: int) -> bool:
    """Whether "и" at `i` joins two nouns in the same case ("пассажирами и грузами")."""
    if i + 1 >= len(doc) or not (doc[i + 1].is_alpha and doc[i + 1].is_lower):
        return False
    before, after = likeliest_grammemes(doc[i - 1].text), likeliest_grammemes(doc[i + 1].text)
    return "NOUN" in before and "NOUN" in after and bool(before & after & _CASES)


def _is_name_word(token: Token) -> bool:
    return bool({"NOUN", "ADJF", "PRTF"} & likeliest_grammemes(token.text))


def _run_end(doc: Doc, start: int, relaxed: bool = False) -> int:
    """End of the run of capitalised words (and "-", "/", "'" joining them) from `start`.

    `relaxed` takes any capitalised word, a verb-like one too ("Combating Smuggling").
    """
    seen = words(doc)
    capitalised = seen.capitalised
    end = start
    while end < len(doc) and "\n" not in seen.text[end]:
        text = seen.text[end]
        joiner = text in {"-", "/", "'", "’"} and not seen.spaced[end] and end > start
        capital = capitalised[end] or (
            relaxed and text[:1].isupper() and not lowered_in_heading(doc[end])
        )
        if not (joiner or capital):
            break
        end += 1
    while end > start and seen.text[end - 1] in {"-", "/", "'", "’"}:
        end -= 1
    return end


def _genitive_words_end(doc: Doc, start: int) -> int:
    """End of the lower-case words in the genitive from `start` that a Russian body's
    name runs over before the name it is of: "руководителей таможенных служб" in
    "Совета руководителей таможенных служб СНГ", "государств – участников" in "...
    служб государств – участников Содружества". `start` itself when there are none."""
    end = start
    while end < len(doc) and end - start < _MAX_GENITIVE_WORDS:
        token = doc[end]
        if token.text in _NAME_DASHES and end > start and end + 1 < len(doc):
            end += 1  # "государств – участников"
            continue
        if not token.is_alpha or not token.is_lower or not can_be_genitive(token.text):
            break
        if token.lower_ in _DANGLING or is_verb_form(token.text):
            break
        end += 1
    return end


def _run_start(doc: Doc, end: int) -> int:
    """Start of the run of capitalised words (joined by "-", "/" without spaces) ending
    before `end` ("WCO-ESA" of "WCO-ESA Project")."""
    seen = words(doc)
    capitalised = seen.capitalised
    start = end
    while start > 0 and "\n" not in seen.text[start - 1]:
        joiner = (
            seen.text[start - 1] in {"-", "/"}
            and not seen.spaced[start - 1]
            and start > 1
            and not seen.spaced[start - 2]
        )
        if not (joiner or capitalised[start - 1]):
            break
        start -= 1
    return start


def _with_owned_offices(doc: Doc, ents: list[Span]) -> list[Span]:
    """An owner's acronym right before a known office named by its acronym and place is
    one name: "WCO" + "RTC Kenya", "WCO" + "ROCB Europe" (the ruler's two matches)."""
    merged: list[Span] = []
    for ent in ents:
        owner = merged[-1] if merged else None
        if (
            owner is not None
            and owner.end == ent.start
            and owner.label_ == ent.label_ == "ORG"
            and len(owner) == 1
            and is_acronym(owner.text)
            and len(ent) > 1
            and is_acronym(ent[0].text)
            and ent.id_ == RULER_ID
        ):
            merged[-1] = Span(doc, owner.start, ent.end, label="ORG", span_id=ent.id_)
            continue
        merged.append(ent)
    return merged


def _possessive_at(doc: Doc, i: int) -> bool:
    """Whether token `i` is a possessive ending ("'s" of "the WCO's response")."""
    return i < len(doc) and doc[i].text in {"'s", "’s"}


def _is_numbering(token: Token) -> bool:
    return token.text.isdigit() or (token.text.isupper() and set(token.text) <= set("IVX"))


def _merge(doc: Doc, new: list[Span], ents: Iterable[Span] | None = None) -> list[Span]:
    """`new` spans replace the entities they overlap, unless an entity holds one whole;
    the result sorted, without overlaps."""
    old = list(doc.ents if ents is None else ents)
    kept_new = [n for n in new if not any(_holds(o, n) for o in old)]
    survivors = [o for o in old if not any(_overlap(o, n) for n in kept_new)]
    return sorted(filter_spans([*survivors, *kept_new]), key=lambda s: s.start)


def _holds(outer: Span, inner: Span) -> bool:
    return (
        outer.label_ in _NAMES
        and outer.start <= inner.start
        and inner.end <= outer.end
        and len(outer) > len(inner)
    )


def _found_win(ents: list[Span], found: list[Span]) -> list[Span]:
    """`found` spans replace every entity they overlap; the result sorted, no overlaps."""
    if not found:
        return ents
    kept = [e for e in ents if not any(_overlap(e, f) for f in found)]
    return sorted(filter_spans([*kept, *found]), key=lambda s: s.start)


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


@Language.factory(
    "customs_names",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={"attach_tails": True},
)
def make_names(nlp: Language, name: str, attach_tails: bool) -> Names:
    """Name tails, regions, facilities and programmes, word lists from `models/<lang>/`."""
    return Names(nlp, name, rules_data(str(nlp.lang)), attach_tails=attach_tails)
