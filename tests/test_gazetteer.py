"""Gazetteer: places and their countries in English and Russian, on the real package data.

The first test of a machine compiles the index (a few seconds) into the user cache;
later runs load it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.stages import gazetteer
from pipeline.stages.gazetteer import Place, country_in, lookup, place_names, places_in

C, CITY, REGION, WCO = "country", "city", "region", "wco_region"


@pytest.mark.parametrize(
    ("text", "language", "kind", "code"),
    [
        # Countries: short, official, common, derived, hand-kept short forms.
        ("Korea", "en", C, "KR"),
        ("Republic of Korea", "en", C, "KR"),
        ("South Korea", "en", C, "KR"),
        ("Democratic People's Republic of Korea", "en", C, "KP"),
        ("Russia", "en", C, "RU"),
        ("Russian Federation", "en", C, "RU"),
        ("Germany", "en", C, "DE"),
        ("the Federal Republic of Germany", "en", C, "DE"),
        ("the Netherlands", "en", C, "NL"),
        ("Kingdom of the Netherlands", "en", C, "NL"),
        ("Holland", "en", C, "NL"),
        ("Côte d'Ivoire", "en", C, "CI"),
        ("Cote d’Ivoire", "en", C, "CI"),
        ("COTE D'IVOIRE", "en", C, "CI"),
        ("Ivory Coast", "en", C, "CI"),
        ("Türkiye", "en", C, "TR"),
        ("Turkey", "en", C, "TR"),
        ("United States of America", "en", C, "US"),
        ("USA", "en", C, "US"),
        ("U.S.", "en", C, "US"),
        ("UK", "en", C, "GB"),
        ("Great Britain", "en", C, "GB"),
        ("UAE", "en", C, "AE"),
        ("Viet Nam", "en", C, "VN"),
        ("Lao PDR", "en", C, "LA"),
        ("Kyrgyz Republic", "en", C, "KG"),
        ("Czech Republic", "en", C, "CZ"),
        ("Swaziland", "en", C, "SZ"),
        ("Cabo Verde", "en", C, "CV"),
        ("Brunei Darussalam", "en", C, "BN"),
        ("Burma", "en", C, "MM"),
        ("Hong Kong, China", "en", C, "HK"),
        ("Congo", "en", C, "CG"),
        ("Democratic Republic of the Congo", "en", C, "CD"),
        ("DR Congo", "en", C, "CD"),
        ("Kosovo", "en", C, "XK"),
        ("Singapore", "en", C, "SG"),  # also a city: the country wins
        ("Kenya's", "en", C, "KE"),
        ("Republic\u00a0of  Kazakhstan", "en", C, "KZ"),
        # Russian: nominative, official, inflected, abbreviations.
        ("Корея", "ru", C, "KR"),
        ("Республика Корея", "ru", C, "KR"),
        ("Южной Кореи", "ru", C, "KR"),
        ("Россия", "ru", C, "RU"),
        ("Российская Федерация", "ru", C, "RU"),
        ("Российской Федерации", "ru", C, "RU"),
        ("РФ", "ru", C, "RU"),
        ("Армении", "ru", C, "AM"),
        ("Норвегии", "ru", C, "NO"),
        ("Республики Казахстан", "ru", C, "KZ"),
        ("Кыргызской Республики", "ru", C, "KG"),
        ("Казахстана", "ru", C, "KZ"),
        ("Кот-д’Ивуаре", "ru", C, "CI"),
        ("Кот-д'Ивуар", "ru", C, "CI"),
        ("США", "ru", C, "US"),
        ("Соединенных Штатов Америки", "ru", C, "US"),
        ("Великобритании", "ru", C, "GB"),
        ("ФРГ", "ru", C, "DE"),
        ("КНР", "ru", C, "CN"),
        ("Белоруссии", "ru", C, "BY"),
        ("Республики Беларусь", "ru", C, "BY"),
        ("Киргизии", "ru", C, "KG"),
        ("ОАЭ", "ru", C, "AE"),
        ("ЮАР", "ru", C, "ZA"),
        ("DPRK", "en", C, "KP"),
        ("Того", "ru", C, "TG"),
        # Cities: the country they are in.
        ("Nairobi", "en", CITY, "KE"),
        ("Astana", "en", CITY, "KZ"),
        ("Nur-Sultan", "en", CITY, "KZ"),
        ("Brussels", "en", CITY, "BE"),
        ("The Hague", "en", CITY, "NL"),
        ("Kiev", "en", CITY, "UA"),
        ("Alma-Ata", "en", CITY, "KZ"),
        ("Lomé", "en", CITY, "TG"),
        ("Lome", "en", CITY, "TG"),
        ("Mombasa", "en", CITY, "KE"),
        ("Paris", "en", CITY, "FR"),  # not Paris, Texas: the most populous wins
        ("Астана", "ru", CITY, "KZ"),
        ("Астане", "ru", CITY, "KZ"),
        ("в Ташкенте", "ru", CITY, "UZ"),
        ("в г. Минске", "ru", CITY, "BY"),
        ("Найроби", "ru", CITY, "KE"),
        ("Брюсселе", "ru", CITY, "BE"),
        ("Санкт-Петербурге", "ru", CITY, "RU"),
        ("Нижнем Новгороде", "ru", CITY, "RU"),
        ("Nairobi", "ru", CITY, "KE"),  # a Latin name in a Russian text
        ("Армения", "en", C, "AM"),  # and a Cyrillic one in an English text
        # Former countries (ISO 3166-3): renamed or merged, the successor; divided, the
        # reserved former code; a former code given twice names nothing (negatives).
        ("Zaire", "en", C, "CD"),
        ("German Democratic Republic", "en", C, "DE"),
        ("USSR", "en", C, "SU"),
        ("Union of Soviet Socialist Republics", "en", C, "SU"),
        ("Soviet Union", "en", C, "SU"),
        ("СССР", "ru", C, "SU"),
        ("Советского Союза", "ru", C, "SU"),
        ("Югославии", "ru", C, "YU"),
        # Constituent countries and world regions.
        ("England", "en", REGION, "GB"),
        ("Scotland", "en", REGION, "GB"),
        ("Sub-Saharan Africa", "en", REGION, None),
        ("East Africa", "en", REGION, None),
        ("South-East Asia", "en", REGION, None),
        ("Middle East", "en", REGION, None),
        ("Центральной Азии", "ru", REGION, None),
        ("Ближнем Востоке", "ru", REGION, None),
        # WCO regions.
        ("MENA", "en", WCO, None),
        ("MENA Region", "en", WCO, None),
        ("Middle East and North Africa", "en", WCO, None),
        ("North of Africa, Near and Middle East", "en", WCO, None),
        ("Asia/Pacific", "en", WCO, None),
        ("Asia Pacific", "en", WCO, None),
        ("Asia-Pacific region", "en", WCO, None),
        ("A/P", "en", WCO, None),
        ("AP", "en", WCO, None),
        ("East and Southern Africa", "en", WCO, None),
        ("ESA", "en", WCO, None),
        ("West and Central Africa", "en", WCO, None),
        ("WCA", "en", WCO, None),
        ("Americas and Caribbean", "en", WCO, None),
        ("Americas and the Caribbean Region", "en", WCO, None),
        ("South America, North America, Central America and the Caribbean", "en", WCO, None),
        ("Europe", "en", WCO, None),
        ("Europe region", "en", WCO, None),
        ("Азиатско-Тихоокеанский регион", "ru", WCO, None),
        ("Азиатско-Тихоокеанского региона", "ru", WCO, None),
        ("АТР", "ru", WCO, None),
        ("регион Европа", "ru", WCO, None),
        ("Европе", "ru", WCO, None),
        ("Восточной и Южной Африки", "ru", WCO, None),
        ("Западная и Центральная Африка", "ru", WCO, None),
        ("Северной Африки, Ближнего и Среднего Востока", "ru", WCO, None),
    ],
)
def test_lookup(text: str, language: str, kind: str, code: str | None) -> None:
    place = lookup(text, language)
    assert place is not None, text
    assert (place.kind, place.country_code) == (kind, code)


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("Republic of Korea", "en", "South Korea"),
        ("Российская Федерация", "ru", "Russia"),
        ("Cote d'Ivoire", "en", "Côte d'Ivoire"),
        ("Nur-Sultan", "en", "Astana"),
        ("MENA", "en", "North of Africa, Near and Middle East"),
        ("A/P", "en", "Asia/Pacific"),
        ("Восточная и Южная Африка", "ru", "East and Southern Africa"),
        ("Congo, The Democratic Republic of the", "en", "Democratic Republic of the Congo"),
    ],
)
def test_lookup_gives_the_canonical_english_name(text: str, language: str, name: str) -> None:
    place = lookup(text, language)
    assert place is not None and place.name == name


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Customs", "en"),
        ("Organization", "en"),
        ("WCO", "en"),
        ("Data", "en"),
        ("Heads of", "en"),
        ("the", "en"),
        ("Of", "en"),  # a town in Turkey, and a stop word
        ("", "en"),
        ("us", "en"),  # acronyms match in capitals only
        ("esa", "en"),
        ("Emirates", "en"),
        ("World Customs Organization", "en"),
        ("Таможня", "ru"),
        ("Организация", "ru"),
        ("ВТамО", "ru"),
        ("Данные", "ru"),
        ("Всемирная таможенная организация", "ru"),
        ("Czechoslovakia", "en"),  # CS was also Serbia and Montenegro's code
    ],
)
def test_lookup_negatives(text: str, language: str) -> None:
    assert lookup(text, language) is None


@pytest.mark.parametrize(
    ("text", "language", "code"),
    [
        ("Customs Administration of the Netherlands", "en", "NL"),
        ("State Revenue Committee of the Republic of Kazakhstan", "en", "KZ"),
        ("Senegal Customs", "en", "SN"),
        ("German Customs", "en", "DE"),
        ("Ivorian Customs", "en", "CI"),
        ("Uzbek Customs Committee", "en", "UZ"),
        ("Korea Customs Service", "en", "KR"),
        ("US Customs and Border Protection", "en", "US"),
        ("UK Border Force", "en", "GB"),
        ("Kenya Revenue Authority", "en", "KE"),
        ("Federal Customs Service of Russia", "en", "RU"),
        ("Customs and Excise Department of Hong Kong, China", "en", "HK"),
        ("Ministry of Finance of Georgia", "en", "GE"),
        ("Таможенной службы Армении", "ru", "AM"),
        ("Федеральная таможенная служба России", "ru", "RU"),
        ("ФТС России", "ru", "RU"),
        ("Государственный таможенный комитет Республики Беларусь", "ru", "BY"),
        ("Комитет государственных доходов Министерства финансов Республики Казахстан", "ru", "KZ"),
        ("Германской таможни", "ru", "DE"),
        ("Армянская таможня", "ru", "AM"),
        ("казахстанские таможенники", "ru", "KZ"),
        ("Корейская таможенная служба", "ru", "KR"),
        ("Главное таможенное управление КНР", "ru", "CN"),
    ],
)
def test_country_in(text: str, language: str, code: str) -> None:
    place = country_in(text, language)
    assert place is not None, text
    assert (place.kind, place.country_code) == ("country", code)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("World Customs Organization", "en"),
        ("Customs Co-operation Council", "en"),
        ("ROCB Asia/Pacific", "en"),  # a region, no country
        ("Heads of Customs", "en"),
        ("Contact us", "en"),
        ("RILO Moscow", "en"),  # cities count only when asked
        ("Всемирная таможенная организация", "ru"),
        ("Кубанская таможня", "ru"),  # of the Kuban, a Russian region: not Cuba
    ],
)
def test_country_in_negatives(text: str, language: str) -> None:
    assert country_in(text, language) is None


def test_country_in_with_cities() -> None:
    place = country_in("Port of Mombasa Authority", "en", cities=True)
    assert place is not None and place.country_code == "KE"


def test_places_in_lists_every_place_without_overlaps() -> None:
    name = "Technical Assistance Center for Central America, Panama and the Dominican Republic"
    found = places_in(name, "en")
    assert {(p.name, p.country_code) for p in found} == {
        ("Central America", None),  # not "America": runs do not overlap
        ("Panama", "PA"),
        ("Dominican Republic", "DO"),
    }
    assert [p.country_code for p in places_in("ROCB Europe", "en")] == [None]
    assert places_in("World Customs Organization", "en") == []


@pytest.mark.parametrize(
    "text",
    [
        "Central American Integration System",
        "West African Economic and Monetary Union",
        "Economic Community of Central African States",  # not the Central African Republic
        "Organization of American States",
        "League of Arab States",
    ],
)
def test_a_country_adjective_of_a_region_or_of_several_states_is_no_country(text: str) -> None:
    assert country_in(text, "en") is None


def test_country_gives_the_country_place() -> None:
    assert gazetteer.country("kr") == Place("South Korea", "country", "KR")
    assert gazetteer.country("ZZ") is None


@pytest.mark.parametrize(
    ("language", "kinds", "present", "absent"),
    [
        ("en", ("country",), ["Germany", "Republic of Korea", "Côte d'Ivoire", "UK"], ["Nairobi"]),
        ("en", ("wco_region",), ["Asia/Pacific", "A/P", "MENA", "ESA", "Europe"], ["Germany"]),
        ("en", ("region",), ["Sub-Saharan Africa", "Middle East", "England"], ["MENA"]),
        ("en", ("city",), ["Nairobi", "Astana", "Brussels"], ["Germany", "Of"]),
        ("ru", ("country",), ["Армения", "Российская Федерация", "Республика Корея"], ["Армении"]),
        ("ru", ("wco_region",), ["Азиатско-Тихоокеанский регион", "Восточная и Южная Африка"], []),
        ("ru", ("city",), ["Астана", "Ташкент", "Найроби"], ["Nairobi"]),
    ],
)
def test_place_names(
    language: str, kinds: tuple[str, ...], present: list[str], absent: list[str]
) -> None:
    names = set(place_names(language, kinds))
    assert set(present) <= names
    assert not set(absent) & names


def test_place_names_default_leaves_cities_out() -> None:
    names = place_names("en")
    assert "Germany" in names and "Asia/Pacific" in names and "Sub-Saharan Africa" in names
    assert "Nairobi" not in names
    # No sorting forms, no codes: every name reads as written in text.
    assert "Korea, Republic of" not in names and "DEU" not in names


@pytest.mark.parametrize("bad", [lambda: lookup("Kenya", "fr"), lambda: place_names("en", ["x"])])
def test_bad_arguments(bad: object) -> None:
    with pytest.raises(ValueError):
        bad()  # type: ignore[operator]


def test_data_files_are_well_formed() -> None:
    directory = gazetteer.models_dir() / "gazetteer"
    wco = gazetteer.read_table(directory / "wco_regions.tsv", 3)
    assert {label for label, _, _ in wco} == {"AP", "ESA", "WCA", "MENA", "AMC", "EUR"}
    assert all(len({n for lab, n, _ in wco if lab == label}) == 1 for label, _, _ in wco)
    aliases = gazetteer.read_table(directory / "country_aliases.tsv", 3)
    assert all(form in {"name", "adjective"} for _, form, _ in aliases)
    assert gazetteer.read_table(directory / "regions.tsv", 2)


def test_cache_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = gazetteer.index()
    monkeypatch.setenv("PIPELINE_GAZETTEER_CACHE", str(tmp_path))
    monkeypatch.setattr(gazetteer, "build_index", lambda directory=None: built)
    first = gazetteer._load_or_build()  # builds (here: reuses) and writes
    assert list(tmp_path.glob("gazetteer-*.pickle"))
    monkeypatch.setattr(gazetteer, "build_index", lambda directory=None: pytest.fail("rebuilt"))
    second = gazetteer._load_or_build()  # reads
    assert second.to_data() == first.to_data()


def test_looking_up_a_place_imports_no_spacy() -> None:
    script = (
        "import sys\n"
        "from pipeline.stages.gazetteer import lookup\n"
        "assert lookup('Армении', 'ru').country_code == 'AM'\n"
        "print('spacy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
