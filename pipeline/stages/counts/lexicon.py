"""The word lists behind count finding, read once.

Curated lists (qualifiers, counted nouns by class, labels) come from
`models/counts/lexicon.json`; number words come from maintained packages rather
than hand-typed tables: num2words writes the English number words and the
Russian nominatives ("двадцать", "двести"), pymorphy2 (`morphology.py`) reads
the Russian inflected forms back to them ("двадцатью", "двухсот"). The English
plurals of the counted nouns ("people" for "person") are inflect's, written into
the lexicon by `write_english_plurals()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pipeline.settings import cached_while_unchanged, read_rule_file
from pipeline.stages.language import pipeline_language

# Every number word is one of these numbers, or a sum of them ("twenty-five",
# "двести пятьдесят"); scales multiply ("five hundred", "две тысячи").
_UNITS_AND_TENS = (*range(20), *range(20, 100, 10))
_HUNDREDS = tuple(range(100, 1000, 100))
_SCALES = (100, 1000, 10**6, 10**9)


@dataclass(frozen=True)
class CountLexicon:
    """Number words, qualifiers and counted nouns of one language."""

    language: str
    # English: word -> value ('twelve' -> 12); Russian: nominative -> value ('двести' -> 200)
    number_words: dict[str, int]
    # English: 'hundred', 'thousand' ...; Russian: 'тысяча', 'миллион' ... and 'тыс.', 'млн'
    scale_words: dict[str, int]
    # English: words of a count with no value ('dozens'); Russian: collective numerals by
    # dictionary form with their value in the singular ('сотня' -> 100)
    vague_quantities: dict[str, int | None]
    collective_numerals: dict[str, int]  # Russian 'трое' -> 3; none in English
    indefinite_quantities: tuple[tuple[str, ...], ...]  # 'several', 'a few', 'несколько'
    fraction_numerals: dict[str, float]  # Russian 'полтора' -> 1.5
    qualifier: re.Pattern[str]  # matches a qualifier at the very end of the text before a number
    partitives: tuple[tuple[str, ...], ...]  # ('of',) in "25 of the 27 administrations"
    partitive_determiners: frozenset[str]  # 'the', 'his' in "six of his associates"
    range_dashes: frozenset[str]  # the dash of "100 - 120 trucks"
    unit_leaves_out: frozenset[str]  # 'more' in "21 more containers": in the span, not the unit
    # Heads of counted noun phrases. English: singular and plural forms apart; Russian:
    # dictionary forms (both sets equal), the number read from the word's morphology.
    counted_singular: frozenset[str]
    counted_plural: frozenset[str]
    invariant_plurals: frozenset[str]  # English plurals written as the singular: 'staff'
    counted_class: dict[str, str]  # dictionary form -> class ('participant' -> 'people')
    # Fixed terms by the dictionary form of their head: (words before it, words after it),
    # as in the text: 'point' -> ((), ('of', 'entry')), 'пункт' -> ((), ('пропуска',))
    counted_terms: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]
    lemma_of_plural: dict[str, str]  # English plural -> dictionary form of every head
    classifiers: frozenset[str]  # English heads that keep their "of" phrase: "units of drugs"
    number_labels: frozenset[str]  # words after which a number is a label: 'version', 'No.'

    @cached_property
    def english_starts(self) -> frozenset[str]:
        """The lower-case words an English number phrase can start with, digits aside:
        number, fraction and vague words, the first word of an indefinite quantity, and
        the article of "a thousand"."""
        return frozenset(
            {
                *self.number_words,
                *self.fraction_numerals,
                *self.vague_quantities,
                *(words[0] for words in self.indefinite_quantities),
                "a",
                "an",
            }
        )


def _load_raw() -> dict[str, Any]:
    return read_rule_file("counts/lexicon.json")


def _english_number_words() -> tuple[dict[str, int], dict[str, int]]:
    from num2words import num2words

    words = {num2words(n, lang="en"): n for n in _UNITS_AND_TENS}
    scales = {num2words(n, lang="en").split()[-1]: n for n in _SCALES}
    return words, scales


def _russian_number_words() -> tuple[dict[str, int], dict[str, int]]:
    from num2words import num2words

    words = {num2words(n, lang="ru"): n for n in (*_UNITS_AND_TENS[1:], *_HUNDREDS)}
    scales = {num2words(n, lang="ru").split()[-1]: n for n in _SCALES[1:]}
    return words, scales


def english_heads(raw: dict[str, Any]) -> list[str]:
    """Every English head noun of the counted nouns, fixed terms' heads included, sorted."""
    heads = set()
    for nouns in raw["counted_nouns"]["en"].values():
        for noun in nouns:
            words = _fold(noun).split()
            heads.add(_split_term(words, "en")[0] if len(words) > 1 else words[0])
    return sorted(heads)


def inflect_plurals(heads: list[str]) -> dict[str, str]:
    """The plural of each head as inflect writes it ("person" -> "people").

    inflect takes seconds to import (typeguard instruments it), so its plurals are
    written into the lexicon by `write_english_plurals()` rather than computed in
    every process; the tests check that they still agree.
    """
    import inflect

    engine = inflect.engine()
    return {head: str(engine.plural_noun(head)) for head in heads}


def inflect_classical_plurals(heads: list[str]) -> dict[str, str]:
    """The other plurals inflect writes in its classical mode, where they differ:
    "person" -> "persons", the plural of official and police writing ("14 persons
    were arrested")."""
    import inflect

    modern = inflect_plurals(heads)
    engine = inflect.engine()
    engine.classical(persons=True)
    classical = {head: str(engine.plural_noun(head)) for head in heads}
    return {head: plural for head, plural in classical.items() if plural != modern[head]}


def _english_plurals(raw: dict[str, Any]) -> dict[str, str]:
    plurals: dict[str, str] = raw["english_plurals"]
    missing = [head for head in english_heads(raw) if head not in plurals]
    if missing:
        raise RuntimeError(
            f"models/counts/lexicon.json: no plural for {', '.join(missing)}; "
            "write them with pipeline.stages.counts.lexicon.write_english_plurals()"
        )
    return plurals


def counted_classes(language: str) -> dict[str, list[str]]:
    """The curated counted head nouns of `language` by class, as listed (dictionary forms)."""
    lang = pipeline_language(language)
    classes: dict[str, list[str]] = read_rule_file("counts/lexicon.json")["counted_nouns"][lang]
    return classes


@cached_while_unchanged("counts", "numbers.json")
def lexicon(language: str) -> CountLexicon:
    """The lexicon for `language` ('ru' or anything else, which reads as English)."""
    raw = _load_raw()
    lang = pipeline_language(language)
    qualifiers = sorted(raw["qualifiers"][lang], key=len, reverse=True)
    alternatives = "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in qualifiers)
    if lang == "en":
        number_words, scale_words = _english_number_words()
    else:
        number_words, scale_words = _russian_number_words()
    scale_words.update(raw["scale_abbreviations"][lang])
    vague = raw["vague_quantities"][lang]
    classes = {
        _fold(noun): name for name, nouns in raw["counted_nouns"][lang].items() for noun in nouns
    }
    terms: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for term in (t for t in classes if " " in t):
        head, before, after = _split_term(term.split(), lang)
        terms.setdefault(head, []).append((before, after))
    singular = frozenset(t for t in classes if " " not in t)
    invariant = frozenset(raw["invariant_plurals"].get(lang, []))
    lemma_of_plural: dict[str, str] = {}
    if lang == "en":
        lemma_of_plural = {p: noun for noun, p in _english_plurals(raw).items()}
        # "persons" beside "people": a head keeps its modern plural too
        lemma_of_plural.update(
            {p: noun for noun, p in raw.get("english_classical_plurals", {}).items()}
        )
        plural = frozenset({p for p, noun in lemma_of_plural.items() if noun in singular})
        plural |= invariant
    else:
        plural = singular
    return CountLexicon(
        language=lang,
        number_words=number_words,
        scale_words=scale_words,
        vague_quantities=dict(vague) if isinstance(vague, dict) else dict.fromkeys(vague),
        collective_numerals=dict(raw["collective_numerals"].get(lang, {})),
        indefinite_quantities=tuple(
            tuple(words.split()) for words in raw["indefinite_quantities"].get(lang, [])
        ),
        fraction_numerals=dict(raw["fraction_numerals"].get(lang, {})),
        qualifier=re.compile(rf"(?<!\w)(?:{alternatives})[ \u00a0]+$", re.IGNORECASE),
        partitives=tuple(tuple(p.split()) for p in raw["partitives"][lang]),
        partitive_determiners=frozenset(raw["partitive_determiners"][lang]),
        range_dashes=frozenset(raw["range_dashes"]),
        unit_leaves_out=frozenset(raw["unit_leaves_out"].get(lang, [])),
        counted_singular=singular,
        counted_plural=plural,
        invariant_plurals=invariant,
        counted_class=classes,
        counted_terms={head: tuple(found) for head, found in terms.items()},
        lemma_of_plural=lemma_of_plural,
        classifiers=frozenset(raw["classifiers"][lang]),
        number_labels=frozenset(read_rule_file("numbers.json")["number_labels"]),
    )


def _split_term(words: list[str], language: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Head, words before it and after it: "point of entry" (head "point"), "border crossing
    point" (head "point"), "пункт пропуска" (Russian heads come first)."""
    if language == "ru":
        return words[0], (), tuple(words[1:])
    if "of" in words:
        at = words.index("of") - 1
        return words[at], tuple(words[:at]), tuple(words[at + 1 :])
    return words[-1], tuple(words[:-1]), ()


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def write_english_plurals() -> None:
    """Rewrite the lexicon's `english_plurals` from inflect (after editing the nouns)."""
    import json

    from pipeline.settings import MODELS_DIR

    path = MODELS_DIR / "counts" / "lexicon.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["english_plurals"] = inflect_plurals(english_heads(raw))
    raw["english_classical_plurals"] = inflect_classical_plurals(english_heads(raw))
    path.write_text(json.dumps(raw, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
