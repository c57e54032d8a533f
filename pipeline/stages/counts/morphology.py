"""Russian word readings for counts: pymorphy2's OpenCorpora dictionary.

Russian docs reach the counts stage with tokens and entities only (natasha's
NER runs inside a blank pipeline), so parts of speech, case and number come
from pymorphy2 here, through the analyzer the stages share
(`pipeline.stages.morphology`). A word has several readings ("три" is a
numeral or the imperative of "тереть"); callers decide which one the context
allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# pymorphy2 spells some cases two ways; agreement compares the main ones.
_CASE_FAMILY = {"gen1": "gent", "gen2": "gent", "acc2": "accs", "loc1": "loct", "loc2": "loct"}
_PARTICIPLE = frozenset({"masc", "sing", "nomn"})


@dataclass(frozen=True, slots=True)
class Reading:
    """One dictionary reading of a word."""

    pos: str  # OpenCorpora part of speech: NOUN, ADJF, PRTF, NUMR, ...; '' when unknown
    lemma: str  # dictionary form; a participle's own nominative ("обучающийся"), not its verb
    number: str | None  # 'sing', 'plur' or None (indeclinable, or no number)
    case: str | None  # 'nomn', 'gent', 'datv', 'accs', 'ablt', 'loct' or None
    grammemes: frozenset[str]  # every grammeme of the reading ('Anum', 'anim', 'Abbr' ...)
    known: bool = True  # in OpenCorpora's dictionary, not guessed from the word's ending
    score: float = 1.0  # pymorphy2's estimate of how likely this reading is


def _analyzer() -> Any:
    from pipeline.stages.morphology import analyzer

    return analyzer()


@lru_cache(maxsize=65536)
def readings(word: str) -> tuple[Reading, ...]:
    """Every dictionary reading of `word` (any case), most probable first."""
    found = []
    for parse in _analyzer().parse(word.lower()):
        tag = parse.tag
        pos = str(tag.POS or "")
        case = str(tag.case) if tag.case else None
        lemma = parse.normal_form
        if pos == "PRTF":
            # pymorphy2 names a participle by its verb ("обучаться"); a counted
            # participle used as a noun is listed by its own form ("обучающийся").
            from pymorphy2.analyzer import Parse

            own = Parse.inflect(parse, set(_PARTICIPLE))
            lemma = own.word if own is not None else lemma
        found.append(
            Reading(
                pos=pos,
                lemma=lemma.replace("ё", "е"),
                number=str(tag.number) if tag.number else None,
                case=_CASE_FAMILY.get(case, case) if case else None,
                grammemes=frozenset(str(g) for g in tag.grammemes),
                known=bool(parse.is_known),
                score=float(parse.score),
            )
        )
    return tuple(found)
