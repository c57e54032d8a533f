"""link_entities: one entity per thing named, across acronyms, documents and languages."""

from __future__ import annotations

from pipeline.records import Mention
from pipeline.stages.link import entity_id, link_entities, read_alias_table

TABLE = [
    ("ORG", "World Customs Organization", "WCO"),
    ("ORG", "World Customs Organization", "Всемирная таможенная организация"),
    ("ORG", "World Customs Organization", "ВТамО"),
    ("GPE", "East and Southern Africa", "ESA"),
]


def m(item: str, text: str, label: str = "ORG", normal: str | None = None) -> Mention:
    return Mention(
        item_id=item, text=text, label=label, start_char=0, end_char=len(text), normal=normal
    )


def by_text(mentions: list[Mention]) -> dict[str, str | None]:
    return {x.text: x.entity_id for x in mentions}


def test_table_links_across_languages() -> None:
    mentions = [
        m("a", "WCO"),
        m("a", "World Customs Organization"),
        m("b", "Всемирной таможенной организации", normal="Всемирная таможенная организация"),
        m("b", "ВТамО"),
    ]
    linked, entities = link_entities(mentions, [], TABLE)
    assert len({x.entity_id for x in linked}) == 1
    (entity,) = entities
    assert entity.name == "World Customs Organization"
    assert entity.entity_id == entity_id("ORG", "World Customs Organization")
    assert entity.n_mentions == 4 and entity.n_items == 2
    assert "ВТамО" in entity.aliases and "Всемирная таможенная организация" in entity.aliases


def test_matching_ignores_case_spaces_nbsp_and_hyphens() -> None:
    mentions = [
        m("a", "CCF-Korea", "FUND"),
        m("b", "CCF\u00a0Korea", "FUND"),
        m("c", "ccf korea", "FUND"),
    ]
    linked, entities = link_entities(mentions, [], [])
    assert len(entities) == 1 and len({x.entity_id for x in linked}) == 1


def test_learned_pairs_link_acronyms_and_name_the_entity() -> None:
    mentions = [m("a", "Pacific Islands Forum Secretariat"), m("a", "PIFS"), m("b", "PIFS")]
    _linked, entities = link_entities(
        mentions, [("PIFS", "Pacific Islands Forum Secretariat", "ORG")], []
    )
    assert len(entities) == 1
    assert entities[0].name == "Pacific Islands Forum Secretariat"
    assert entities[0].n_items == 2


def test_labels_keep_entities_apart() -> None:
    mentions = [m("a", "ESA", "GPE"), m("b", "ESA", "ORG")]
    _linked, entities = link_entities(mentions, [], TABLE)
    assert len(entities) == 2
    assert {e.name for e in entities} == {"East and Southern Africa", "ESA"}


def test_an_ambiguous_acronym_links_no_long_form() -> None:
    learned = [("DTP", "Digital Trade Platform", "ORG"), ("DTP", "Drug Trafficking Panel", "ORG")]
    mentions = [m("a", "DTP"), m("a", "Digital Trade Platform"), m("b", "Drug Trafficking Panel")]
    _linked, entities = link_entities(mentions, learned, [])
    assert len(entities) == 3


def test_output_is_deterministic() -> None:
    mentions = [m("b", "UPU"), m("a", "WCO"), m("a", "Europe", "GPE"), m("c", "UPU")]
    first = link_entities(mentions, [], TABLE)
    second = link_entities(list(reversed(mentions)), [], TABLE)
    assert first[1] == second[1]
    assert [e.label for e in first[1]] == sorted(e.label for e in first[1])
    assert [x.entity_id for x in first[0]] == [x.entity_id for x in reversed(second[0])]


def test_curated_table_reads() -> None:
    rows = read_alias_table()
    assert ("ORG", "World Customs Organization", "ВТамО") in rows
    assert all(label in {"ORG", "FUND", "GPE", "PERSON"} for label, _, _ in rows)
