"""Word lists and pattern files of the rule components, read from `models/`.

Every rule component receives its data as plain JSON-able structures at build
time and writes them with `to_disk`, so an assembled pipeline saved with
`nlp.to_disk()` carries its rules and loads anywhere without this folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# One models folder for loaders and stage fingerprints (PIPELINE_MODELS_DIR may move it).
from pipeline.settings import MODELS_DIR
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


def read_lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a word list."""
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def read_places(language: str) -> list[str]:
    """Place names of `models/<language>/places.txt` (empty when the file is absent)."""
    return read_lines(language_dir(language) / "places.txt")


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
    """The word lists one language's rules consult, as sets for fast membership."""

    leading_noise: frozenset[str]
    trailing_noise: frozenset[str]
    region_words: frozenset[str]
    generic: frozenset[str]
    org_heads: frozenset[str]
    fund_heads: frozenset[str]
    fund_leading_noise: frozenset[str]
    facility_words: frozenset[str]
    fund_exceptions: frozenset[str]
    not_entity_heads: frozenset[str]
    prepositions: frozenset[str]
    state_words: frozenset[str]
    split_heads: frozenset[str]
    places: frozenset[str]  # folded keys
    cities: frozenset[str]  # folded keys

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Lexicon:
        """Build from the JSON lists (missing lists are empty); places are folded."""

        def lower(key: str) -> frozenset[str]:
            return frozenset(w.casefold() for w in data.get(key, []))

        return cls(
            leading_noise=lower("leading_noise"),
            trailing_noise=lower("trailing_noise"),
            region_words=lower("region_words"),
            generic=frozenset(fold(w) for w in data.get("generic", [])),
            org_heads=lower("org_heads"),
            fund_heads=lower("fund_heads"),
            fund_leading_noise=lower("fund_leading_noise"),
            facility_words=lower("facility_words"),
            fund_exceptions=frozenset(fold(w) for w in data.get("fund_exceptions", [])),
            not_entity_heads=lower("not_entity_heads"),
            prepositions=lower("prepositions"),
            state_words=lower("state_words"),
            split_heads=lower("split_heads"),
            places=frozenset(fold(w) for w in data.get("places", [])),
            cities=frozenset(fold(w) for w in data.get("cities", [])),
        )


def lexicon_data(language: str) -> dict[str, Any]:
    """All lists a language's components need: lexicon.json plus places and cities."""
    data = read_lexicon(language)
    data["places"] = read_places(language)
    data["cities"] = read_lines(language_dir(language) / "cities.txt")
    return data


def rules_data(language: str) -> dict[str, Any]:
    """What a rule component starts from: the language's lists, or nothing.

    Nothing when `models/<language>/` is absent (a pipeline loaded from disk on a
    machine without this repository): `from_disk` then supplies the saved rules.
    """
    if not (MODELS_DIR / language / "lexicon.json").exists():
        return {}
    return dict(lexicon_data(language))
