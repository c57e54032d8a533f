"""The assembled pipelines: saved with to_disk, loaded with spacy.load, split in two parts."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

import pipeline.stages.nlp.pipelines as nlp_pkg
from pipeline.stages.nlp.acronyms import learned_pairs
from pipeline.stages.nlp.entities import extract_mentions
from pipeline.stages.nlp.pipelines import (
    build_pipeline,
    load_model,
    load_rules,
)

EN_TEXT = (
    "Customs in Kenya join the Pacific pilot\n\n"
    "On 3 March 2023, the World Customs Organization (WCO) and the\u00a0Kenya Revenue "
    "Authority opened a course in Mombasa for 45 officers, funded by the Japan Customs "
    "Cooperation Fund (CCF Japan). Jane Mwangi of the WCO Capacity Building Directorate "
    "thanked Customs."
)
RU_TEXT = (
    "Новости\n\nВ Минске эксперты Евразийской экономической комиссии (ЕЭК) и "
    "Всемирной таможенной организации обсудили с Иваном Петровым работу ЕЭК."
)


def triples(doc: Doc) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in extract_mentions(doc, "item")]


@pytest.fixture(scope="module")
def saved_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("en") / "pipeline"
    build_pipeline("en").to_disk(path)
    return path


@pytest.mark.slow
def test_english_pipeline_round_trips_through_spacy_load(saved_en: Path) -> None:
    nlp = spacy.load(saved_en)
    assert nlp.pipe_names == [
        "tok2vec",
        "tagger",
        "ner",
        *nlp_pkg.RULE_COMPONENTS,
    ]
    doc = nlp(EN_TEXT)
    got = triples(doc)
    for expected in [
        ("World Customs Organization", "ORG"),
        ("WCO", "ORG"),
        ("Kenya Revenue Authority", "ORG"),
        ("Japan Customs Cooperation Fund", "FUND"),
        ("CCF Japan", "FUND"),
        ("Jane Mwangi", "PERSON"),
        ("WCO Capacity Building Directorate", "ORG"),
    ]:
        assert expected in got
    assert ("Customs", "ORG") not in got
    assert learned_pairs(doc) == [
        ("WCO", "World Customs Organization", "ORG"),
        ("CCF Japan", "Japan Customs Cooperation Fund", "FUND"),
    ]


@pytest.mark.slow
def test_saved_pipeline_equals_built_one(saved_en: Path) -> None:
    assert triples(spacy.load(saved_en)(EN_TEXT)) == triples(build_pipeline("en")(EN_TEXT))


@pytest.mark.slow
def test_model_part_is_lean() -> None:
    nlp = load_model("en")
    assert nlp.pipe_names == ["tok2vec", "tagger", "ner"]


def _through_docbin(doc: Doc, vocab_from: Language) -> Doc:
    store = DocBin(store_user_data=True)
    store.add(doc)
    restored = DocBin(store_user_data=True).from_bytes(store.to_bytes())
    return next(iter(restored.get_docs(vocab_from.vocab)))


@pytest.mark.slow
@pytest.mark.parametrize("text", [EN_TEXT], ids=["en"])
def test_rules_on_docbin_docs_equal_the_assembled_pipeline(text: str) -> None:
    model, rules = load_model("en"), load_rules("en")
    # A fresh Vocab, as a runner restoring a cache in another process would have.
    restored = _through_docbin(model(text), spacy.blank("en"))
    assert triples(rules(restored)) == triples(build_pipeline("en")(text))
    assert learned_pairs(rules(_through_docbin(model(text), rules))) != []


@pytest.mark.slow
def test_dates_and_counts_survive_the_rules() -> None:
    doc = load_rules("en")(load_model("en")(EN_TEXT))
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("3 March 2023", "DATE") in labels
    assert ("45", "CARDINAL") in labels
    assert all(t.tag_ for t in doc if not t.is_space)
    assert "DATE" not in {m.label for m in extract_mentions(doc, "item")}


@pytest.mark.slow
def test_mentions_index_the_item_text() -> None:
    doc = build_pipeline("en")(EN_TEXT)
    for mention in extract_mentions(doc, "item-1"):
        assert EN_TEXT[mention.start_char : mention.end_char] == mention.text
        assert mention.text == mention.text.strip()
        assert "\n" not in mention.text
        assert not mention.text.lower().startswith("the ")
        assert mention.item_id == "item-1"
        assert mention.normal is None


@pytest.mark.slow
def test_russian_pipeline_round_trips(tmp_path: Path) -> None:
    build_pipeline("ru").to_disk(tmp_path / "ru")
    nlp = spacy.load(tmp_path / "ru")
    doc = nlp(RU_TEXT)
    mentions = extract_mentions(doc, "ru-item")
    got = [(m.text, m.label, m.normal) for m in mentions]
    assert ("Минске", "GPE", "Минск") in got
    assert (
        "Евразийской экономической комиссии",
        "ORG",
        "Евразийская экономическая комиссия",
    ) in got
    assert ("Иваном Петровым", "PERSON", "Иван Петров") in got
    assert [m.text for m in mentions].count("ЕЭК") == 2
    assert ("ЕЭК", "Евразийской экономической комиссии", "ORG") in learned_pairs(doc)
    for mention in mentions:
        assert RU_TEXT[mention.start_char : mention.end_char] == mention.text


@pytest.mark.slow
def test_russian_rules_on_docbin_docs() -> None:
    restored = _through_docbin(
        load_model("ru")("Глава ФТС России Иван Петров приехал в Брюссель."), spacy.blank("ru")
    )
    doc = load_rules("ru")(restored)
    normals = {m.text: m.normal for m in extract_mentions(doc, "x")}
    assert normals["Брюссель"] == "Брюссель"
    assert normals["Иван Петров"] == "Иван Петров"


@pytest.mark.slow
def test_russian_country_acronyms_are_places() -> None:
    # Russian writes some countries by their initials; the gazetteer's short forms make
    # them places, not the bodies an unknown acronym would be.
    doc = build_pipeline("ru")("Делегация ФТС России посетила ЮАР и КНДР.")
    labels = {m.text: m.label for m in extract_mentions(doc, "x")}
    assert labels["ЮАР"] == "GPE"
    assert labels["КНДР"] == "GPE"


@pytest.mark.slow
def test_a_person_does_not_open_with_a_preposition() -> None:
    # At a sentence's start the small model takes "Across" into a person (its tagger
    # reads a preposition); without it the name is the country it is.
    doc = build_pipeline("en")("Across Wales, jobs will go. Civil servants in Wales struck.")
    mentions = [(m.text, m.label) for m in extract_mentions(doc, "x")]
    assert mentions == [("Wales", "GPE"), ("Wales", "GPE")]


@pytest.mark.slow
def test_an_owner_and_its_known_office_are_one_name() -> None:
    # The model reads "WCO RTC Kenya" whole; the ruler knows "WCO" and "RTC Kenya" and
    # matches both: the owner and the office it owns are put back together. A body the
    # pattern file names with a slash stays whole ("UN/CEFACT", not "UN").
    text = "The course was hosted by the WCO RTC Kenya, with UN/CEFACT experts."
    doc = build_pipeline("en")(text)
    mentions = [(m.text, m.label) for m in extract_mentions(doc, "x")]
    assert ("WCO RTC Kenya", "ORG") in mentions
    assert ("UN/CEFACT", "ORG") in mentions
    assert ("WCO", "ORG") not in mentions and ("UN", "ORG") not in mentions


def test_unknown_language_is_named() -> None:
    with pytest.raises(ValueError, match="'de'"):
        load_rules("de")


@pytest.mark.slow
def test_saved_pipeline_loads_in_a_fresh_process_through_entry_points(saved_en: Path) -> None:
    import subprocess
    import sys

    # No `import pipeline` here: spaCy must find our factories by entry point.
    script = (
        "import spacy, sys\n"
        f"nlp = spacy.load({str(saved_en)!r})\n"
        f"print([(e.text, e.label_) for e in nlp({EN_TEXT!r}).ents if e.label_ == 'FUND'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "('CCF Japan', 'FUND')" in done.stdout


@pytest.mark.slow
def test_russian_unions_roles_and_facilities_in_the_assembled_pipeline() -> None:
    """Through natasha and the rules: a union of states is a body in any case form, a
    role word in any form starts no name, a name after a facility word is a place."""
    nlp = build_pipeline("ru")
    doc = nlp(
        "Представители ЕС и Евросоюза провели встречу. Таможенники аэропорта Шереметьево "
        "задержали груз, сообщила пресс-служба."
    )
    found = {(e.text, e.label_) for e in doc.ents}
    assert {("ЕС", "ORG"), ("Евросоюза", "ORG"), ("Шереметьево", "GPE")} <= found
    assert not any(e.text.startswith(("Представители", "Таможенники")) for e in doc.ents)


@pytest.mark.slow
def test_russian_customs_post_names_are_organizations() -> None:
    """A name after "таможенный пост", quoted or not, is the post (an ORG) even where
    natasha reads a person; a full name after it is still a person (its head)."""
    nlp = build_pipeline("ru")
    doc = nlp(
        "На таможенном посту «Фарап» и на таможенном посту Морпорт нашли сигареты, "
        "сообщил начальник таможенного поста Сергей Турки."
    )
    found = [(e.text, e.label_) for e in doc.ents]
    assert ("Фарап", "ORG") in found
    assert ("Морпорт", "ORG") in found
    assert ("Сергей Турки", "PERSON") in found


@pytest.mark.slow
def test_russian_arrangements_are_no_bodies_but_their_bodies_are() -> None:
    """The conventions: customs unions and economic spaces are arrangements, not
    organizations; a body of one is an organization."""
    nlp = build_pipeline("ru")
    doc = nlp(
        "Товары Таможенного союза и нормы Единого экономического пространства обсудили "
        "в Комиссии Таможенного союза."
    )
    assert [(e.text, e.label_) for e in doc.ents] == [("Комиссии Таможенного союза", "ORG")]
