"""The counted noun phrase after a number: "experts", "Member Customs administrations".

A number counts something only when the head of the noun phrase after it is a
counted noun: a person, a group, an organization or country, a place, an event,
a document, a case or an item of goods (`counted_nouns` in
`models/counts/lexicon.json`, by class). Measures, money, spans of time, ages
and abstract nouns ("tonnes", "рублей", "days", "лет", "темой") are in no class,
so a number before them is not a count.

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

from pipeline.stages.counts.lexicon import CountLexicon
from pipeline.stages.counts.morphology import Reading, readings
from pipeline.stages.counts.numbers import NumberPhrase

_EN_MODIFIERS = frozenset({"JJ", "JJR", "JJS", "VBN", "VBG", "HYPH"})
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


def english_unit(doc: Doc, start: int, lex: CountLexicon, number: NumberPhrase) -> range | None:
    """Tokens of the counted noun phrase starting at token `start`; None when there is none."""
    if start >= len(doc):
        return None
    if not doc[start].tag_:
        return _untagged_english_unit(doc, start, lex, number)
    end = start
    while end < len(doc) and doc[end].tag_ in _EN_MODIFIERS | _EN_NOUNS:
        end += 1
    while end > start and doc[end - 1].tag_ not in _EN_NOUNS:
        end -= 1  # the phrase ends at its last noun: "officers trained" -> "officers"
    if end == start or not _english_head(doc[end - 1], lex, number):
        return None
    return range(start, end)


def _english_head(head: Token, lex: CountLexicon, number: NumberPhrase) -> bool:
    low = head.lower_
    if _one(number):
        # "one Member administration"; "one" with a plural is "one of them" at best
        return low in lex.counted_singular and head.tag_ not in _EN_PLURAL_TAGS
    if low not in lex.counted_plural:
        return False
    # a plural form ("officers", "people"), a plural tag, or a noun whose plural is
    # written like its singular ("20 staff", "300 aircraft")
    return (
        low not in lex.counted_singular
        or head.tag_ in _EN_PLURAL_TAGS
        or low in lex.invariant_plurals
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
    """Tokens of the counted noun phrase starting at token `start` of an untagged Russian doc."""
    end = start
    while (
        end < len(doc)
        and end - start < _RU_MODIFIER_REACH
        and _is_word(doc[end])
        and any(r.pos in _RU_MODIFIERS for r in readings(doc[end].text))
    ):
        end += 1
    if end < len(doc) and _is_word(doc[end]) and _russian_head(doc[end], lex, number):
        return range(start, _hyphenated_end(doc, end + 1))
    if end > start and _russian_head(doc[end - 1], lex, number):
        return range(start, end)  # an adjective as the noun: "20 служащих", "15 обучающихся"
    return None


def _russian_head(token: Token, lex: CountLexicon, number: NumberPhrase) -> bool:
    return any(
        r.pos in _RU_HEADS and _counted_lemma(r.lemma, lex) and _agrees(r, number)
        for r in readings(token.text)
    )


def _counted_lemma(lemma: str, lex: CountLexicon) -> bool:
    """A listed lemma, or a hyphenated one with a listed part: "государство-член"."""
    if lemma in lex.counted_singular:
        return True
    parts = lemma.split("-")
    return len(parts) > 1 and (
        parts[0] in lex.counted_singular or parts[-1] in lex.counted_singular
    )


def _agrees(noun: Reading, number: NumberPhrase) -> bool:
    """Whether `noun` has the case and number that `number` asks of its noun."""
    if noun.number is None:
        return True  # an indeclinable noun
    if number.scaled or number.value is None:
        return noun.number == "plur"  # "5 тыс. участников", "десятки экспертов", "сотни стран"
    cases = number.cases
    value = int(number.value)
    last, last_two = value % 10, value % 100
    if last == 1 and last_two != 11:
        return noun.number == "sing" and (not cases or noun.case in cases)
    governs_genitive = not cases or bool(cases & _GOVERNING_CASES)
    few = 2 <= last <= 4 and not 12 <= last_two <= 14
    if noun.number == "sing":
        # "три группы", "23 страны": the genitive singular, after 2-4 in the nominative
        return few and governs_genitive and noun.case == "gent"
    if not cases:
        return True  # digits: "5 экспертов", "в 25 странах", "25 участникам"
    if noun.case in cases:
        return True  # "двадцати пяти сотрудникам", "трёх экспертов" (accusative animate)
    return not few and governs_genitive and noun.case == "gent"  # "пять сессий"


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
