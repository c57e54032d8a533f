"""The counted noun phrase after a number: "experts", "Member Customs administrations".

A number counts something only when the head of the noun phrase after it is a
counted noun: a person, a group, an organization or country, a place, an event,
a document, a case or an item of goods (`counted_nouns` in
`models/counts/lexicon.json`, by class; in Russian also any noun that
OpenCorpora's dictionary most likely reads as animate, `_animate`). Measures,
money, spans of time, ages and abstract nouns ("tonnes", "рублей", "days", "лет",
"темой") are in no class, so a number before them is not a count.

English reads the tagger's part-of-speech tags: modifiers and nouns up to the
first other word, the phrase ending at its last noun, whose form agrees with
the number (singular after "one", plural otherwise).

Russian docs carry no tags: pymorphy2 (`morphology.py`) tells adjectives and
participles ("таможенных", "участвующих") from nouns, and the head noun must
agree with the number in case and number, as Russian grammar has it: "один
эксперт", "три группы" (genitive singular), "пять сессий" (genitive plural),
"двадцати пяти сотрудникам" (the numeral's case, plural), "5 тыс. участников"
(genitive plural after a scale). An adjective used as a noun ("служащих",
"обучающихся") may be the head itself.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from pipeline.stages import gazetteer
from pipeline.stages.counts.lexicon import CountLexicon
from pipeline.stages.counts.morphology import Reading, readings
from pipeline.stages.counts.numbers import NumberPhrase
from pipeline.stages.morphology import PROPER_GRAMMEMES

_EN_MODIFIERS = frozenset({"JJ", "JJR", "JJS", "VBN", "VBG", "HYPH"})
# Before the nouns only: adverbs of a participle, and participles tagged as a past tense.
_EN_PRE_MODIFIERS = frozenset({"RB", "VBD"})
# An acronym in the plural: "ROCBs", "MoUs", "NGOs".
_PLURAL_ACRONYM = re.compile(r"[A-Z][A-Za-z]*[A-Z]s")
_EN_NOUNS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_EN_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
# How far an untagged English noun phrase may run before its head.
_UNTAGGED_REACH = 4
# How many adjectives and participles may stand between a Russian number and its noun.
_RU_MODIFIER_REACH = 4
_RU_MODIFIERS = frozenset({"ADJF", "PRTF"})
_RU_HEADS = frozenset({"NOUN", "ADJF", "PRTF"})
# A Russian word, hyphenated parts included ("государств-членов").
_RU_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*", re.IGNORECASE)
# Cases in which a numeral governs its noun in the genitive ("три группы", "пять сессий").
_GOVERNING_CASES = frozenset({"nomn", "accs"})
# Cases in which a plural noun may follow a cardinal number.
_OBLIQUE_CASES = frozenset({"gent", "datv", "ablt", "loct"})


def english_unit(doc: Doc, start: int, lex: CountLexicon, number: NumberPhrase) -> range | None:
    """Tokens of the counted noun phrase starting at token `start`; None when there is none.

    Words such as "more" in "21 more containers" stay in the span, not in the unit.
    """
    while start < len(doc) and doc[start].lower_ in lex.unit_leaves_out:
        start += 1
    if start >= len(doc):
        return None
    if not doc[start].tag_:
        return _untagged_english_unit(doc, start, lex, number)
    for end in _english_phrase_ends(doc, start):
        if not _coordination_holds(doc, start, end, lex):
            continue
        found = _english_head_end(doc, start, end, lex, number)
        if found is not None:
            return range(start, found)
    return None


def _english_phrase_ends(doc: Doc, start: int) -> list[int]:
    """Where a noun phrase from `start` may end (after a noun), the longest first.

    The phrase runs over modifiers and nouns ("WCO Member administrations"),
    adverbs and participles before them ("fully accredited", "recognised", which
    the tagger may read as a past tense), and coordination of its words ("activities
    and missions", "capacity building, technical assistance and training activities").
    """
    ends: list[int] = []
    fallbacks: list[int] = []
    index = start
    seen_noun = False
    while index < len(doc):
        tag = doc[index].tag_
        following = doc[index + 1].tag_ if index + 1 < len(doc) else ""
        if tag in _EN_NOUNS:
            seen_noun = True
            if following not in _EN_NOUNS and following != "HYPH":
                ends.append(index + 1)
            elif tag in _EN_PLURAL_TAGS:
                fallbacks.append(index + 1)  # "graduates work", the verb read as a noun
        elif tag in _EN_MODIFIERS:
            pass
        elif tag in _EN_PRE_MODIFIERS and not seen_noun and following in _EN_MODIFIERS | _EN_NOUNS:
            pass  # "fully accredited", "tightly sealed", "recognised" (VBD)
        elif tag == "CD" and following == "HYPH" and not doc[index].whitespace_:
            pass  # "40-foot containers"
        elif (
            (tag == "CC" or doc[index].text == ",")
            and index > start
            and following in (_EN_MODIFIERS | _EN_NOUNS | _EN_PRE_MODIFIERS)
        ):
            pass  # "activities and missions", "West and Central African countries"
        else:
            break
        index += 1
    return ends[::-1] + fallbacks[::-1]


def _coordination_holds(doc: Doc, start: int, end: int, lex: CountLexicon) -> bool:
    """Whether the words joined by "and" and commas in `doc[start:end]` share the number.

    A comma lists only before an "and" ("A, B and C"; "23 representatives, officials
    from ..." is an apposition); a plural noun before "and" must be counted too ("two
    months and ..." is no list of things); and a last noun with an "of" phrase of its
    own is a new group ("3 observers and members of the PSCG").
    """
    joined = False
    for index in range(start, end):
        token = doc[index]
        if token.tag_ != "CC" and token.text != ",":
            continue
        joined = True
        if token.text == "," and not any(t.tag_ == "CC" for t in doc[index:end]):
            return False
        before = doc[index - 1]
        if before.tag_ in _EN_PLURAL_TAGS and not _counted_plural(before, lex):
            return False
    return not (joined and end < len(doc) and doc[end].lower_ == "of")


def _counted_plural(token: Token, lex: CountLexicon) -> bool:
    return token.lower_ in lex.counted_plural or _PLURAL_ACRONYM.fullmatch(token.text) is not None


def _english_head_end(
    doc: Doc, start: int, end: int, lex: CountLexicon, number: NumberPhrase
) -> int | None:
    """End of the unit whose head is `doc[end - 1]` (past a fixed term's tail or a
    classifier's "of" phrase), or None when that head is not counted with `number`."""
    head = doc[end - 1]
    low = head.lower_
    lemma: str | None = None
    if _one(number):
        # "one Member administration"; "one" with a plural is "one of them" at best
        lemma = low if head.tag_ not in _EN_PLURAL_TAGS else None
    elif _PLURAL_ACRONYM.fullmatch(head.text):
        return end  # "6 ROCBs", "19 MPAs": offices, programmes, agreements by their acronym
    elif low in lex.invariant_plurals:
        lemma = low  # "20 staff", "300 aircraft"
    elif low in lex.lemma_of_plural:
        plural = low != lex.lemma_of_plural[low] or head.tag_ in _EN_PLURAL_TAGS
        lemma = lex.lemma_of_plural[low] if plural else None  # "series" only when tagged plural
    if lemma is None:
        return end if _names_nationals(doc, start, end, number) else None
    for before, after in lex.counted_terms.get(lemma, ()):
        words_before = tuple(t.lower_ for t in doc[max(start, end - 1 - len(before)) : end - 1])
        words_after = tuple(t.lower_ for t in doc[end : end + len(after)])
        if words_before == before and words_after == after:
            return end + len(after)  # "points of entry", "border crossing points"
    if lemma not in lex.counted_singular:
        return end if _names_nationals(doc, start, end, number) else None
    if lemma in lex.classifiers and end + 1 < len(doc) and doc[end].lower_ == "of":
        of_ends = [
            e
            for e in _english_phrase_ends(doc, end + 1)
            if not any(t.tag_ == "CC" or t.text == "," for t in doc[end:e])
        ]
        return of_ends[0] if of_ends else end  # "20 units of X-ray equipment"
    return end


def _names_nationals(doc: Doc, start: int, end: int, number: NumberPhrase) -> bool:
    """Whether the capitalised words ending `doc[start:end]` are people of a nation:
    "two New Zealanders", "three Nigerians", "five Chinese", "one Briton". Demonyms
    come from the gazetteer (countryinfo), singular; the plural adds an "s"."""
    first = end
    while first > start and doc[first - 1].tag_ in ("NNP", "NNPS", "NNS", "JJ"):
        if not doc[first - 1].text[:1].isupper():
            break
        first -= 1
    if first == end:
        return False
    words = doc[first:end].text
    adjectives = gazetteer.index().adjectives["en"]
    if _one(number):
        return gazetteer.fold(words) in adjectives
    return (words.endswith("s") and gazetteer.fold(words[:-1]) in adjectives) or (
        words.endswith("ese") and gazetteer.fold(words) in adjectives
    )


def _untagged_english_unit(
    doc: Doc, start: int, lex: CountLexicon, number: NumberPhrase
) -> range | None:
    forms = lex.counted_singular if _one(number) else lex.counted_plural
    for end in range(start, min(start + _UNTAGGED_REACH, len(doc))):
        token = doc[end]
        if not token.is_alpha:
            return None
        if token.lower_ in forms:
            return range(start, end + 1)
    return None


def russian_unit(doc: Doc, start: int, lex: CountLexicon, number: NumberPhrase) -> range | None:
    """Tokens of the counted noun phrase starting at token `start` of an untagged Russian doc.

    Pronominal adjectives before the noun ("три таких центра", "5 других стран")
    stay in the span, not in the unit.
    """
    end = start
    while (
        end < len(doc)
        and end - start < _RU_MODIFIER_REACH
        and _is_word(doc[end])
        and any(r.pos in _RU_MODIFIERS for r in readings(doc[end].text))
    ):
        end += 1
    if end < len(doc) and _is_word(doc[end]) and (lemmas := _russian_head(doc[end], lex, number)):
        found = range(start, _russian_term_end(doc, _hyphenated_end(doc, end + 1), lemmas, lex))
    elif end > start and _russian_head(doc[end - 1], lex, number):
        found = range(start, end)  # an adjective as the noun: "20 служащих", "15 обучающихся"
    else:
        return None
    first = found.start
    while first < found.stop - 1 and _is_pronominal(doc[first]):
        first += 1
    return range(first, found.stop)


def _is_pronominal(token: Token) -> bool:
    modifiers = [r for r in readings(token.text) if r.pos in _RU_MODIFIERS]
    return bool(modifiers) and all("Apro" in r.grammemes for r in modifiers)


def _russian_head(token: Token, lex: CountLexicon, number: NumberPhrase) -> set[str]:
    """Dictionary forms of `token` that make it a counted head agreeing with `number`."""
    found = readings(token.text)
    animate = _animate(found)
    return {
        r.lemma
        for r in found
        if r.pos in _RU_HEADS
        and (_counted_lemma(r.lemma, lex) or (animate and _animate_noun(r)))
        and _agrees(r, number)
    }


# Grammemes of proper names ("двух Ивановых" names people, it does not count a kind) and of
# letters ("и" is also an initial).
_NOT_KINDS = PROPER_GRAMMEMES | {"Fixd", "Init"}


def _animate_noun(reading: Reading) -> bool:
    """A reading as a common noun naming a person or an animal."""
    return (
        reading.pos == "NOUN" and "anim" in reading.grammemes and not reading.grammemes & _NOT_KINDS
    )


def _animate(found: tuple[Reading, ...]) -> bool:
    """Whether the word is, most likely, a common noun that names people or animals:
    OpenCorpora's dictionary marks animacy on every noun, so it covers "избирателей",
    "депутата", "американца", "черепах" as no curated list can, and a person or an
    animal is always a discrete thing an analyst counts. Most likely: its animate noun
    readings outweigh its inanimate ones ("метров" is a length before it is a maître,
    "языков" languages before a prisoner); nouns pymorphy2 only guesses are left to the
    curated lists."""
    animate = inanimate = 0.0
    for reading in found:
        if reading.pos != "NOUN" or not reading.known:
            continue
        if _animate_noun(reading):
            animate += reading.score
        else:
            inanimate += reading.score
    return animate > inanimate


def _russian_term_end(doc: Doc, end: int, lemmas: set[str], lex: CountLexicon) -> int:
    """Past the tail of a fixed term: "5 пунктах пропуска"."""
    for lemma in lemmas:
        for _, after in lex.counted_terms.get(lemma, ()):
            if tuple(t.lower_ for t in doc[end : end + len(after)]) == after:
                return end + len(after)
    return end


def _counted_lemma(lemma: str, lex: CountLexicon) -> bool:
    """A listed lemma, or a hyphenated one with a listed part: "государство-член"."""
    if lemma in lex.counted_singular:
        return True
    parts = lemma.split("-")
    return len(parts) > 1 and (
        parts[0] in lex.counted_singular or parts[-1] in lex.counted_singular
    )


def _agrees(noun: Reading, number: NumberPhrase) -> bool:
    """Whether `noun` has the case and number that `number` asks of its noun.

    After 1 (21, 101 ...) the noun is singular, in the numeral's case. After other
    numbers in the nominative or accusative the noun is genitive: singular after 2-4
    ("три группы"), plural after the rest ("пять сессий"); in the other cases the
    noun is plural in the numeral's case ("двадцатью пятью участниками", "в 25
    странах"). A plural in the nominative ("на 78 сессии" reads "сессии" as a
    genitive singular) never follows a cardinal.
    """
    if noun.number is None:
        return True  # an indeclinable noun
    if number.scaled or number.value is None:
        return noun.number == "plur" and noun.case == "gent"  # "5 тыс. участников", "сотни стран"
    cases = number.cases
    value = int(number.upper if number.upper is not None else number.value)
    last, last_two = value % 10, value % 100
    if last == 1 and last_two != 11:
        return noun.number == "sing" and (not cases or noun.case in cases)
    governs_genitive = not cases or bool(cases & _GOVERNING_CASES)
    few = 2 <= last <= 4 and not 12 <= last_two <= 14
    if noun.number == "sing":
        return few and governs_genitive and noun.case == "gent"
    if noun.case not in _OBLIQUE_CASES:
        return False
    if noun.case == "gent" and governs_genitive and not few:
        return True  # "пять сессий", "744 дела" is singular
    return not cases or noun.case in cases


def _one(number: NumberPhrase) -> bool:
    return number.value == 1 and not number.scaled


def _hyphenated_end(doc: Doc, end: int) -> int:
    """Tokenizers that split "государств-членов" leave the second part after a hyphen."""
    hyphen = end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_
    if hyphen and not doc[end].whitespace_ and _is_word(doc[end + 1]):
        return end + 2
    return end


def _is_word(token: Token) -> bool:
    return _RU_WORD.fullmatch(token.text) is not None
