"""Word lists and pattern files of the rule components, read from `models/`; places
come from the gazetteer (`pipeline.stages.gazetteer`).

Every rule component receives its data as plain JSON-able structures at build
time and writes them with `to_disk`, so an assembled pipeline saved with
`nlp.to_disk()` carries its rules and loads anywhere without this folder.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# One models folder for loaders and stage fingerprints (PIPELINE_MODELS_DIR may move it).
from pipeline.settings import MODELS_DIR, cached_while_unchanged, rule_file_stamp
from pipeline.text import fold

PLACE_SLOT = "{place}"


def language_dir(language: str) -> Path:
    """The folder of one language's rule files (`models/en`, `models/ru`)."""
    path = MODELS_DIR / language
    if not path.is_dir():
        raise ValueError(f"no rule files for language {language!r}: {path} does not exist")
    return path


def read_lexicon(language: str) -> dict[str, Any]:
    """`models/<language>/lexicon.json` without its comment keys."""
    raw = json.loads((language_dir(language) / "lexicon.json").read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def read_patterns(language: str, name: str = "patterns.jsonl") -> list[dict[str, Any]]:
    """Entity patterns of `models/<language>/<name>`: {"label", "pattern"} per line."""
    path = language_dir(language) / name
    if not path.exists():
        return []
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if not isinstance(row, dict) or "label" not in row or "pattern" not in row:
            raise ValueError(f"{path}:{n}: expected an object with 'label' and 'pattern'")
        rows.append(row)
    return rows


@dataclass(frozen=True)
class Lexicon:
    """The word lists one language's rules consult, as sets of keys for fast membership.

    A word's key is its lower-case form in English and its normal (nominative) form in
    Russian, so the lists name each word once: "служба" stands for "службы", "службой" ...
    """

    language: str
    leading_noise: frozenset[str]
    trailing_noise: frozenset[str]
    region_words: frozenset[str]
    generic: frozenset[str]  # folded phrases
    org_heads: frozenset[str]
    fund_heads: frozenset[str]
    fund_leading_noise: frozenset[str]
    facility_words: frozenset[str]
    fund_exceptions: frozenset[str]  # folded phrases
    not_entity_heads: frozenset[str]
    prepositions: frozenset[str]
    split_heads: frozenset[str]
    role_words: frozenset[str] = frozenset()
    facility_heads: frozenset[str] = frozenset()  # "Port": a place ("Tema Port", "Humber Ports")
    # heads a one-word body is written with a prefix to ("Гостаможня")
    compound_org_heads: frozenset[str] = frozenset()
    # words that introduce a company's name ("IT firm Dimension Data")
    company_cues: frozenset[str] = frozenset()

    @classmethod
    def from_data(cls, data: dict[str, Any], language: str = "en") -> Lexicon:
        """Build from the JSON lists (missing lists are empty)."""

        def keys(name: str) -> frozenset[str]:
            words = {word_key(w, language) for w in data.get(name, [])}
            if language == "en":  # "centres", "committees" count as their singular
                words |= {_plural(w) for w in words if " " not in w}
            return frozenset(words)

        def folded(name: str) -> frozenset[str]:
            return frozenset(fold(w) for w in data.get(name, []))

        return cls(
            language=language,
            leading_noise=keys("leading_noise"),
            trailing_noise=keys("trailing_noise"),
            region_words=keys("region_words"),
            generic=folded("generic"),
            org_heads=keys("org_heads"),
            fund_heads=keys("fund_heads"),
            fund_leading_noise=keys("fund_leading_noise"),
            facility_words=keys("facility_words"),
            fund_exceptions=folded("fund_exceptions"),
            not_entity_heads=keys("not_entity_heads"),
            prepositions=keys("prepositions"),
            split_heads=keys("split_heads"),
            role_words=keys("role_words"),
            facility_heads=keys("facility_heads"),
            compound_org_heads=keys("compound_org_heads"),
            company_cues=keys("company_cues"),
        )

    def is_facility_head(self, word: str) -> bool:
        """Whether `word` names a kind of facility ("Port", "Airports", "аэропорту")."""
        return self.key(word) in self.facility_heads

    def is_org_head(self, word: str) -> bool:
        """Whether `word` is the head word of a body ("Council", "Управления")."""
        return self.key(word) in self.org_heads

    def is_role(self, word: str) -> bool:
        """Whether `word` is a role's word in any of its forms ("представители")."""
        return self.key(word) in self.role_words

    def key(self, word: str) -> str:
        """The key `word` is looked up by in these lists."""
        return word_key(word, self.language)


def _plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def word_key(word: str, language: str) -> str:
    """Lower-case form (English), normal form (Russian, by pymorphy2)."""
    if language == "ru" and any("а" <= ch <= "я" or ch == "ё" for ch in word.lower()):
        from pipeline.stages.morphology import parses

        found = parses(word)
        if found:
            return str(found[0].normal_form)
    return word.casefold()


def language_lexicon(language: str) -> Lexicon:
    """The Lexicon of a language's rule files, read again when they change."""
    stamp = rule_file_stamp(language)
    known = _lexicons.get(language)
    if known is None or known[0] != stamp:
        known = (stamp, Lexicon.from_data(rules_data(language), language))
        _lexicons[language] = known
    return known[1]


_lexicons: dict[str, tuple[object, Lexicon]] = {}


def place_names(language: str) -> list[str]:
    """Countries and regions (WCO regions included) of the gazetteer, for "{place}" slots."""
    from pipeline.stages.gazetteer import place_names as names

    return names(language)


def rules_data(language: str) -> dict[str, Any]:
    """What a rule component starts from: the language's lists, or nothing.

    Nothing when `models/<language>/` is absent (a pipeline loaded from disk on a
    machine without this repository): `from_disk` then supplies the saved rules.
    """
    if not (MODELS_DIR / language / "lexicon.json").exists():
        return {}
    return read_lexicon(language)


@cached_while_unchanged("aliases.tsv")
def known_names(language: str) -> dict[tuple[str, ...], str]:
    """Label of every name of the alias table (`models/aliases.tsv`), by the keys of its
    words: a name met in any form ("Евросоюза", "Европейского союза") is found."""
    from pipeline.stages.link import read_alias_table

    found: dict[tuple[str, ...], str] = {}
    for label, preferred, alias in read_alias_table():
        for name in (preferred, alias):
            found.setdefault(name_key(name, language), label)
    return found


def alias_label(name: str, language: str) -> str | None:
    """The label the alias table gives `name` in any of its forms, or None."""
    return known_names(language).get(name_key(name, language))


def name_key(name: str, language: str) -> tuple[str, ...]:
    """The keys (`word_key`) of the words of a name, punctuation left out."""
    return tuple(word_key(w, language) for w in re.findall(r"\w+(?:[-'’]\w+)*", name))
