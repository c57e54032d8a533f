"""entities.country_code and entities.place_kind in real runs: data/raw (the seeds
retold) and a small English and Russian digest in tmp_path; mentions join to them."""

from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds
import pytest

from pipeline.apps.query import query
from pipeline.runtime.runner import run
from pipeline.stages.places import place_of
from pipeline.tables import table_path

pytestmark = pytest.mark.slow

DIGEST = """\
Korea hosts regional workshop
The Korea Customs Service welcomed delegates from the Republic of Korea, Japan and the \
Russian Federation to Seoul on 3 May 2023. Officers from the Customs Administration of the \
Netherlands and the Federal Customs Service of Russia presented the work of the MENA region \
and the Asia/Pacific region.

Семинар в Москве
Делегация Республики Корея и представители Таможенной службы Армении встретились в Москве. \
Российская Федерация и Корея подписали соглашение.
"""


def linked(output: Path) -> list[dict[str, object]]:
    """Every mention with its entity's name, code and kind."""
    return query(
        "SELECT m.text, m.normal, m.label, e.name, e.country_code, e.place_kind"
        " FROM mentions m JOIN entities e USING (entity_id)",
        output,
    ).to_pylist()


def test_every_country_or_city_of_the_samples_has_its_code(sample_tables: Path) -> None:
    rows = linked(sample_tables)
    checked = 0
    for row in rows:
        if row["label"] != "GPE":
            continue
        place = place_of(str(row["text"]), row["normal"] and str(row["normal"]))
        if place is not None and place.kind in ("country", "city"):
            assert (row["country_code"], row["place_kind"]) == (place.country_code, place.kind)
            checked += 1
    assert checked >= 2
    gpe = {(r["text"], r["name"], r["country_code"], r["place_kind"]) for r in rows}
    assert ("Germany", "Germany", "DE", "country") in gpe
    assert ("Brussels", "Brussels", "BE", "city") in gpe
    assert ("Европа", "Europe", None, "wco_region") in gpe
    assert ("ESA", "East and Southern Africa", None, "wco_region") in gpe
    organizations = {r["name"]: r["country_code"] for r in rows if r["label"] == "ORG"}
    assert organizations["Customs and Excise of the Republic of Indonesia"] == "ID"
    assert organizations["Central Customs Authority of the Federal Republic of Germany"] == "DE"
    assert organizations["Institute of Fiscal Studies of Spain"] == "ES"
    assert organizations["World Customs Organization"] is None


def test_items_join_to_countries_through_mentions(sample_tables: Path) -> None:
    by_country = query(
        "SELECT e.country_code, count(DISTINCT m.item_id) AS items"
        " FROM mentions m JOIN entities e USING (entity_id)"
        " WHERE e.country_code IS NOT NULL GROUP BY ALL ORDER BY ALL",
        sample_tables,
    ).to_pylist()
    codes = {row["country_code"] for row in by_country}
    assert {"BE", "DE", "ES", "ID"} <= codes
    assert all(len(str(code)) == 2 and str(code).isupper() for code in codes)
    entities = ds.dataset(table_path(sample_tables, "entities")).to_table()
    kinds = set(entities.column("place_kind").drop_null().to_pylist())
    assert kinds <= {"country", "city", "region", "wco_region"}


def test_official_and_short_names_link_to_one_country_across_languages(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "digest.txt").write_text(DIGEST, encoding="utf-8")
    run(source, tmp_path / "out")
    rows = linked(tmp_path / "out")
    found = {str(r["text"]): (r["name"], r["country_code"], r["place_kind"]) for r in rows}
    korea = ("South Korea", "KR", "country")
    for text in ("Korea", "Republic of Korea", "Республики Корея", "Корея"):
        assert found[text] == korea, text
    for text in ("Russian Federation", "Российская Федерация"):
        assert found[text] == ("Russia", "RU", "country"), text
    assert found["Seoul"] == ("Seoul", "KR", "city")
    assert found["Москве"] == ("Moscow", "RU", "city")
    assert found["MENA"] == ("North of Africa, Near and Middle East", None, "wco_region")
    assert found["Customs Administration of the Netherlands"][1:] == ("NL", None)
    assert found["Таможенной службы Армении"][1:] == ("AM", None)
    assert found["Federal Customs Service of Russia"][1:] == ("RU", None)
    korea_ids = query(
        "SELECT count(DISTINCT entity_id) AS n FROM mentions WHERE text IN"
        " ('Korea', 'Republic of Korea', 'Республики Корея', 'Корея')",
        tmp_path / "out",
    ).to_pylist()
    assert korea_ids == [{"n": 1}]
