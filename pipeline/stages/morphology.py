"""Russian morphology: one pymorphy2 analyzer per process, shared by the stages.

pymorphy2 (OpenCorpora dictionaries) comes with natasha; segmentation reads
person names with it, the gazetteer normal forms of places, the entity rules
the cases of names. Loading it costs about 0.3 s and 30 MB, so it is loaded
once, on first use.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

_lock = threading.Lock()
_analyzer: Any = None


def analyzer() -> Any:
    """The process's `pymorphy2.MorphAnalyzer`."""
    global _analyzer
    with _lock:
        if _analyzer is None:
            import inspect
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # pymorphy2 imports pkg_resources
                import pymorphy2
                from pymorphy2.units.base import BaseAnalyzerUnit

                _fix_getargspec(inspect, BaseAnalyzerUnit)
                _analyzer = pymorphy2.MorphAnalyzer()
        return _analyzer


def _fix_getargspec(inspect: Any, unit_class: Any) -> None:
    """pymorphy2 0.9.1 calls inspect.getargspec, gone in Python 3.11: the fix natasha's
    yargy applies too (pymorphy2 issue 160), harmless when it is already applied."""
    if hasattr(inspect, "getargspec"):
        return

    def _param_names(klass: Any) -> list[str]:
        if klass.__init__ is object.__init__:
            return []
        return sorted(inspect.getfullargspec(klass.__init__).args[1:])

    unit_class._get_param_names = classmethod(_param_names)


@lru_cache(maxsize=65536)
def parses(word: str) -> tuple[Any, ...]:
    """pymorphy2's readings of a word, most likely first."""
    return tuple(analyzer().parse(word.replace("'", "’")))


def grammemes(word: str) -> frozenset[str]:
    """Every grammeme of every reading of `word` ("gent", "NOUN", "Geox" ...)."""
    return frozenset(g for p in parses(word) for g in p.tag.grammemes)


def can_be_genitive(word: str) -> bool:
    """True when some reading of `word` is in the genitive, or it does not inflect
    (acronyms, foreign names: "ООН", "ВТамО", "Того")."""
    found = parses(word)
    return not found or any(
        "gent" in p.tag.grammemes or "Fixd" in p.tag.grammemes or "UNKN" in p.tag.grammemes
        for p in found
    )


def likeliest_grammemes(word: str) -> frozenset[str]:
    """The grammemes of the likeliest reading of `word`; none for a word with no reading."""
    found = parses(word)
    return frozenset(found[0].tag.grammemes) if found else frozenset()


def is_verb_form(word: str) -> bool:
    """True when the likeliest reading of a Russian `word` is a verb, an infinitive or
    a gerund ("приветствовал", "провести", "отметив")."""
    return bool({"VERB", "INFN", "GRND"} & likeliest_grammemes(word))


def is_adjective(word: str) -> bool:
    """True when the likeliest reading of a Russian `word` is a full adjective."""
    return "ADJF" in likeliest_grammemes(word)


# Grammemes of proper names: a surname, a first name, a place, an organization.
PROPER_GRAMMEMES = frozenset({"Surn", "Name", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


def is_people_noun(word: str) -> bool:
    """True when the likeliest reading of a Russian `word` is a common noun for people in
    the plural ("Таможенники", "Сотрудники"), not a name ("Иванов", "ВТамО")."""
    tags = likeliest_grammemes(word)
    return {"NOUN", "anim", "plur"} <= tags and not tags & PROPER_GRAMMEMES
