"""`customs_acronyms`: "Long Form (ACR)" definitions, learned per document.

For each parenthesised short form ("(WCO)", "(ESA)", "(ROCB Europe)", "(CCF-Germany)",
"(ВТамО)") the long form before it is found with the Schwartz & Hearst algorithm
(every letter of the acronym in order, the first one starting a word). Then:
- the pair gets one label: that of the entity the long form is, else one read from
  its head word ("... Office" ORG, "... Fund" FUND, a gazetteer place GPE);
- the long form and every occurrence of the short form in the document become
  entities with that label ("ESA" in a headline before the body defines it);
- a pair whose head word names a document or event ("Data Model (DM)",
  "International Customs Day (ICD)"), or whose long form is a generic word ("Port
  Control Units (PCUs)"), marks the acronym as no entity, and the
  model's entities on it are removed; so does, in English, a long form that is
  no entity and whose head word says nothing ("Advance Passenger Information
  (API)"): an acronym stands for what its long form is;
- the pair is recorded in `doc.user_data["customs_learned_aliases"]` as
  (short, long, label) for cross-document linking, when every word of the short
  form is in the long form ("ROCB Europe" / "Europe Regional Office for ...").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.labels import CORE_LABELS
from pipeline.stages.nlp.component import DataComponent
from pipeline.stages.nlp.lexicon import Lexicon, fold, rules_data
from pipeline.stages.nlp.spans import (
    CLOSING_QUOTES,
    RULER_ID,
    capitalised_run_start,
    contains_named_body,
    head_word,
    is_acronym,
    is_place,
    merge_entities,
    overlaps,
    trim,
)
from pipeline.stages.nlp.words import words

LEARNED_KEY = "customs_learned_aliases"
# Tokens a long form does not reach across.
_STOPS = frozenset('.;:!?()[]{}«»“”"')
_MAX_SHORT_TOKENS = 5
UNKNOWN = ""
# Words that join a body name to the places it serves: "Center for A, B and the C".
_PLACE_GLUE = frozenset({",", "and", "the", "of", "for", "in", "&"})


def schwartz_hearst(short: str, long: str) -> int | None:
    """Start offset in `long` of the shortest long form that `short` abbreviates, or None.

    Schwartz & Hearst (2003): match the short form's letters right to left; the
    first letter must start a word of the long form.
    """
    s, li = len(short) - 1, len(long) - 1
    while s >= 0:
        c = short[s].casefold()
        if not c.isalnum():
            s -= 1
            continue
        while li >= 0 and (
            long[li].casefold() != c or (s == 0 and li > 0 and long[li - 1].isalnum())
        ):
            li -= 1
        if li < 0:
            return None
        li -= 1
        s -= 1
    return li + 1


@dataclass
class Definition:
    """One "Long Form (SHORT)" found in a document."""

    short: Span
    long: Span
    label: str | None  # None: not an entity; UNKNOWN: leave the document as it is
    learned: bool  # True when every word of the short form is in the long form


class Acronyms(DataComponent):
    """Find acronym definitions and apply them to the document's entities."""

    def _compile(self) -> None:
        self.lexicon = Lexicon.from_data(self.data, str(self.nlp.lang))
        roles = [self.lexicon.key(w) for w in self.data.get("role_words", [])]
        self.role_words = frozenset(roles) | frozenset(w + "s" for w in roles)
        # Capitalised words before a name belong to it in English; in Russian only a
        # name's first word is capitalised, so the word before is the sentence's.
        self.extend = bool(self.data.get("extend_names", True))
        # English long forms are read by the model and the head words well enough that
        # one left unnamed names nothing ("Advance Passenger Information (API)"); a
        # Russian one may be a company or a foreign name the lists do not know.
        self.forget_unknown = str(self.nlp.lang) == "en"
        # a named programme or project is a body ("Border Resilience Project (BRP)"),
        # though the heads' list of documents and events holds "project" for the model's
        # spans that name none
        self.programme_heads = frozenset(
            self.lexicon.key(w) for w in self.data.get("programme_heads", [])
        )

    def __call__(self, doc: Doc) -> Doc:
        learned: list[list[str]] = []
        for found in self.definitions(doc):
            if found.label is None and not self._known(doc, found):
                self._forget(doc, found)
                continue
            if found.label is None:
                continue
            if found.label == UNKNOWN:
                if self.forget_unknown and not self._known(doc, found):
                    self._forget(doc, found, long_form=False)
                continue
            self._apply(doc, found)
            pair = [found.short.text, found.long.text, found.label]
            if found.learned and pair not in learned:
                learned.append(pair)
        doc.user_data[LEARNED_KEY] = learned
        return doc

    def definitions(self, doc: Doc) -> list[Definition]:
        """Every "Long Form (SHORT)" of `doc`, labelled."""
        found = []
        for i, text in enumerate(words(doc).text):
            if text == "(":
                definition = self._definition_at(doc, doc[i])
                if definition is not None:
                    found.append(definition)
        return found

    def _definition_at(self, doc: Doc, paren: Token) -> Definition | None:
        short = self._short_form(doc, paren)
        if short is None:
            return None
        acronym = [t for t in short if is_acronym(t.text)]
        words = [t.text for t in short if t.is_alpha and not is_acronym(t.text)]
        letters = "".join(t.text for t in acronym)
        if letters.endswith("s") and letters[:-1].isupper():
            letters = letters[:-1]  # "MEAs": a plural, not a letter of the name
        window = self._window(doc, paren.i, len(letters) + len(words))
        if window is None:
            if len(short) == 1 and not words:
                return self._fallback(doc, short, paren)  # a quoted name: «...» (PCBT)
            return None
        offset = schwartz_hearst(letters, window.text)
        long = None
        if offset is not None:
            long = doc.char_span(
                window.start_char + offset, window.end_char, alignment_mode="expand"
            )
        if long is None or not long.text.strip():
            return self._fallback(doc, short, paren)
        long, learned = self._with_words(doc, window, long, words)
        return self._labelled(doc, short, long, learned)

    def _short_form(self, doc: Doc, paren: Token) -> Span | None:
        end = paren.i + 1
        while end < len(doc) and end - paren.i <= _MAX_SHORT_TOKENS + 1:
            if doc[end].text in {")", ",", ";"} or "\n" in doc[end].text:
                break
            end += 1
        if end >= len(doc) or doc[end].text not in {")", ",", ";"} or end == paren.i + 1:
            return None
        short = doc[paren.i + 1 : end]
        if not any(is_acronym(t.text) for t in short):
            return None
        return short

    def _window(self, doc: Doc, before: int, n_letters: int) -> Span | None:
        """The words a long form may span: same line, no sentence stop, bounded length."""
        # Schwartz & Hearst allow min(|A| + 5, 2|A|) words; names of conventions and
        # bodies in this domain run longer ("Convention on International Trade in ...").
        max_words = min(n_letters + 7, n_letters * 2 + 3)
        start, words = before, 0
        while start > 0:
            token = doc[start - 1]
            if "\n" in token.text or token.text in _STOPS:
                break
            if token.is_alpha:
                words += 1
                if words > max_words:
                    break
            start -= 1
        while start < before and doc[start].is_space:
            start += 1
        end = before
        while end > start and doc[end - 1].is_space:
            end -= 1
        return doc[start:end] if end > start else None

    def _with_words(
        self, doc: Doc, window: Span, long: Span, words: list[str]
    ) -> tuple[Span, bool]:
        """Extend `long` left to take in the short form's words ("Korea" of "CCF Korea")."""
        start, learned = long.start, True
        # Only words of the capitalised name right before the long form count.
        run_start = max(window.start, capitalised_run_start(doc, long.start))
        for word in words:
            if any(t.text == word for t in doc[start : long.end]):
                continue
            hits = [t.i for t in doc[run_start:start] if t.text == word]
            if hits:
                start = hits[-1]
            else:
                learned = False
        return doc[start : long.end], learned

    def _labelled(self, doc: Doc, short: Span, long: Span, learned: bool) -> Definition:
        ents = [e for e in doc.ents if e.label_ in CORE_LABELS]
        kind = self._classify(long)
        if kind == "NONE":
            return Definition(short, long, None, learned)
        strong = kind in {"GPE", "FUND"}
        # The entity the long form is, possibly written longer ("SECO-WCO Global ... Programme").
        for ent in ents:
            if (
                ent.end == long.end
                and ent.start <= long.start
                and not (strong and ent.label_ != kind)
            ):
                if ent.label_ in {"ORG", "FUND"} and self.extend:
                    start = capitalised_run_start(doc, ent.start)
                    ent = trim(Span(doc, start, ent.end, label=ent.label_), self.lexicon) or ent
                return Definition(short, ent, ent.label_, learned)
        # The long form starts with an entity and runs on ("Institute of Fiscal Studies of Spain").
        for ent in ents:
            if ent.start == long.start and ent.end < long.end and not strong:
                return Definition(short, ent, ent.label_, learned)
        if kind is None:
            return Definition(short, long, UNKNOWN, False)
        start = long.start
        if kind in {"ORG", "FUND"} and self.extend:
            # The letters may cover only the end of the name: "SECO-WCO Global Trade
            # Facilitation Programme (GTFP)", "WCO Working Group on ... (WGPM)".
            start = capitalised_run_start(doc, long.start)
        named = Span(doc, start, long.end, label=kind)
        return Definition(short, trim(named, self.lexicon) or named, kind, learned)

    def _classify(self, long: Span) -> str | None:
        """GPE, FUND, ORG from the words of a long form; "NONE" for documents and events."""
        text = long.text
        if fold(text) in self.lexicon.generic:
            return "NONE"  # a unit named by its function: "Port Control Units (PCUs)"
        trimmed = trim(Span(long.doc, long.start, long.end, label="GPE"), self.lexicon)
        if is_place(text, self.lexicon) or (
            trimmed is not None and is_place(trimmed.text, self.lexicon)
        ):
            return "GPE"
        head = head_word(long, self.lexicon)
        if head in self.lexicon.fund_heads and fold(text) not in self.lexicon.fund_exceptions:
            return "FUND"
        if head in self.programme_heads:
            return "ORG"  # a programme or project with a name of its own and an acronym
        if head in self.lexicon.not_entity_heads or head in self.role_words:
            return "NONE"  # a document, an event, or a role ("Mercator Programme Advisors")
        if head in self.lexicon.org_heads or fold(text) in self.lexicon.fund_exceptions:
            return "ORG"
        return None

    def _fallback(self, doc: Doc, short: Span, paren: Token) -> Definition | None:
        """No letter match (an acronym of another language): pair with the body name
        that ends at the bracket, possibly running on over places ("Technical Assistance
        Center for Central America, Panama and the Dominican Republic (CAPTAC-DR)")."""
        end = paren.i
        while end > 0 and (doc[end - 1].is_space or doc[end - 1].text in CLOSING_QUOTES):
            end -= 1  # «Пограничная группа ...» (PCBT)
        places = {t.i for e in doc.ents if e.label_ == "GPE" for t in e}
        for ent in sorted(doc.ents, key=lambda e: -e.end):
            if ent.end > end:
                continue
            head = head_word(ent, self.lexicon)
            if ent.end == end and ent.label_ in {"ORG", "FUND"}:
                return Definition(short, ent, ent.label_, True)
            if head not in self.lexicon.org_heads or ent.label_ not in {"ORG", "FAC"}:
                if ent.label_ != "GPE":
                    return None
                continue
            gap = doc[ent.end : end]
            if gap and all(t.i in places or t.lower_ in _PLACE_GLUE for t in gap):
                return Definition(short, Span(doc, ent.start, end, label="ORG"), "ORG", True)
            return None
        return None

    def _apply(self, doc: Doc, found: Definition) -> None:
        label = str(found.label)
        long = Span(doc, found.long.start, found.long.end, label=label, span_id=found.long.id_)
        shorts = [Span(doc, s, e, label=label) for s, e in _occurrences(doc, found.short)]
        merge_entities(doc, [long], lambda existing, new: False)
        merge_entities(
            doc, shorts, lambda existing, new: contains_named_body(existing, new, self.lexicon)
        )

    def _known(self, doc: Doc, found: Definition) -> bool:
        """True when the ruler knows the short or the long form as a body ("United Nations
        Conference on Trade and Development (UNCTAD)" is no conference)."""
        spots = {(found.short.start, found.short.end), (found.long.start, found.long.end)}
        return any(e.id_ == RULER_ID and (e.start, e.end) in spots for e in doc.ents)

    def _forget(self, doc: Doc, found: Definition, long_form: bool = True) -> None:
        """Drop the entities a not-an-entity definition covers, everywhere in the doc;
        without `long_form`, those of the short form only."""
        spots = {(s, e) for s, e in _occurrences(doc, found.short)}
        if long_form:
            spots.add((found.long.start, found.long.end))
        doc.ents = [
            e
            for e in doc.ents
            if not (
                e.label_ in CORE_LABELS
                and (
                    (e.start, e.end) in spots
                    # no person or place is named inside a title ("... Wild Fauna and Flora")
                    or (long_form and e.label_ in {"PERSON", "GPE"} and overlaps(e, found.long))
                )
            )
        ]


def _occurrences(doc: Doc, short: Span) -> list[tuple[int, int]]:
    """Token ranges where the words of `short` occur in `doc`."""
    text = words(doc).text
    wanted = words(short.doc).text[short.start : short.end]
    n = len(wanted)
    return [(i, i + n) for i in range(len(text) - n + 1) if text[i : i + n] == wanted]


def learned_pairs(doc: Doc) -> list[tuple[str, str, str]]:
    """The (short, long, label) pairs `customs_acronyms` recorded on `doc`."""
    return [(str(s), str(lf), str(label)) for s, lf, label in doc.user_data.get(LEARNED_KEY, [])]


@Language.factory(
    "customs_acronyms",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={},
)
def make_acronyms(nlp: Language, name: str) -> Acronyms:
    """Acronym detection with the head-word lists of `models/<lang>/`."""
    return Acronyms(nlp, name, rules_data(str(nlp.lang)))
