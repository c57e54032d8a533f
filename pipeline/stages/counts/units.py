"""The counted noun phrase after a number: "experts", "Member Customs administrations".

English reads the tagger's part-of-speech tags: modifiers and nouns up to the
first other word, the phrase ending at its last noun, which must be plural
(a singular head after "one" is not taken). Russian docs carry no tags (`spacy.blank("ru")`),
so the phrase is read from word endings: plural adjectives ("таможенных")
then one noun ("администраций"), with a hyphenated second part
("государств-членов").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.stages.counts.lexicon import CountLexicon, is_non_count
from pipeline.stages.dates.lexicon import lexicon as date_lexicon

_EN_MODIFIERS = frozenset({"JJ", "JJR", "JJS", "VBN", "VBG", "HYPH"})
_EN_NOUNS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_EN_PLURALS = frozenset({"NNS", "NNPS"})
# How far an untagged English noun phrase may run before its head.
_UNTAGGED_REACH = 4
# Plural adjective endings; singular ones (-ый, -ий) also end nouns such as "сессий".
_RU_ADJECTIVE = re.compile(r"[а-яё]+(?:ых|их|ыми|ими|ым|им|ые|ие)", re.IGNORECASE)
# Verb and adverb endings: a word after a number that ends so says what the number did
# or how ("участвовали", "празднично"), not what it counts.
_RU_VERB = re.compile(r"[а-яё]+(?:ли|ла|ло|ть|ться|лись|лось|ются|ется|ют|ят|но)", re.IGNORECASE)
_RU_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)


def english_unit(doc: Doc, start: int, lex: CountLexicon) -> range | None:
    """Tokens of the counted noun phrase starting at token `start`; None when there is none."""
    if start >= len(doc):
        return None
    if not any(token.tag_ for token in doc[start : start + 1]):
        return _untagged_english_unit(doc, start, lex)
    end = start
    while end < len(doc) and doc[end].tag_ in _EN_MODIFIERS | _EN_NOUNS:
        end += 1
    while end > start and doc[end - 1].tag_ not in _EN_NOUNS:
        end -= 1  # the phrase ends at its last noun: "officers trained" -> "officers"
    if end == start:
        return None
    head = doc[end - 1]
    if is_non_count(head.text, lex):
        return None
    # A singular head is left out even after "one": "one option", "One company" are
    # rarely numbers an analyst would add up.
    if head.tag_ not in _EN_PLURALS and head.lower_ not in lex.invariant_plurals:
        return None
    return range(start, end)


def _untagged_english_unit(doc: Doc, start: int, lex: CountLexicon) -> range | None:
    for end in range(start, min(start + _UNTAGGED_REACH, len(doc))):
        token = doc[end]
        if not token.is_alpha:
            return None
        low = token.lower_
        if token.text.islower() and (low.endswith("s") or low in lex.invariant_plurals):
            return None if is_non_count(low, lex) else range(start, end + 1)
    return None


def russian_unit(doc: Doc, start: int, lex: CountLexicon) -> range | None:
    """Tokens of the counted noun phrase starting at token `start` of an untagged Russian doc."""
    months = date_lexicon("ru").months
    end = start
    while end < len(doc) and _is_word(doc, end) and _RU_ADJECTIVE.fullmatch(doc[end].text):
        end += 1
    if end >= len(doc) or not _is_word(doc, end):
        return None
    head = doc[end].text
    low = head.lower()
    if low in lex.stop_words or is_non_count(low, lex) or low in months:
        return None
    if _RU_VERB.fullmatch(head):
        return None
    end += 1
    # "государств-членов": spaCy splits the hyphen off; the second part belongs to the noun
    hyphenated = end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_
    if hyphenated and not doc[end].whitespace_ and _is_word(doc, end + 1):
        end += 2
    return range(start, end)


def _is_word(doc: Doc, index: int) -> bool:
    text = doc[index].text
    return text.islower() and _RU_WORD.fullmatch(text) is not None
