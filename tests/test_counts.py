"""Counts: table-driven cases in English and Russian, on real spaCy docs.

English docs come from the model part of the run (en_core_web_sm: tags and
entities); Russian docs from the run's Russian model part (razdel tokens,
natasha's entities) and, for the same cases, from bare spaCy tokens.
"""

# ruff: noqa: E501  (one line per case: the tables read better unwrapped)

from __future__ import annotations

from functools import cache

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.stages.counts import extract_counts
from pipeline.stages.dates import extract_dates
from pipeline.stages.nlp.pipelines import load_model

Expected = tuple[str, float | None, bool, str]  # text, value, approx, unit


@cache
def _model(language: str) -> Language:
    return load_model(language)


def _doc(language: str, text: str) -> Doc:
    return _model(language)(text)


# fmt: off
CASES: list[tuple[str, str, list[Expected]]] = [
    ("en", "Close to 100 experts from 37 Member Customs administrations joined the call.", [("Close to 100 experts", 100, True, "experts"), ("37 Member Customs administrations", 37, False, "Member Customs administrations")]),
    ("en", "Over 120 participants and 30 speakers took part.", [("Over 120 participants", 120, True, "participants"), ("30 speakers", 30, False, "speakers")]),
    ("en", "More than 50 countries signed the agreement.", [("More than 50 countries", 50, True, "countries")]),
    ("en", "About 40 officers were trained in Lomé.", [("About 40 officers", 40, True, "officers")]),
    # people of a nation, by the gazetteer's demonyms
    ("en", "Police arrested two New Zealanders and three Nigerians at the port.", [("two New Zealanders", 2, False, "New Zealanders"), ("three Nigerians", 3, False, "Nigerians")]),
    ("en", "One Kazakhstani and five Chinese were detained.", [("One Kazakhstani", 1, False, "Kazakhstani"), ("five Chinese", 5, False, "Chinese")]),
    ("en", "The two Koreas held talks.", []),
    # an indefinite word before a scale: a count with no value
    ("en", "Several hundred officers and a few dozen experts took part.", [("Several hundred officers", None, True, "officers"), ("a few dozen experts", None, True, "experts")]),
    ("en", "Half a dozen officers and half a million cigarettes, in half an hour.", [("Half a dozen officers", 6, False, "officers"), ("half a million cigarettes", 500000, False, "cigarettes")]),
    ("en", "Several officers met.", []),
    ("ru", "Приехали несколько десятков экспертов, изъято несколько сотен тысяч пачек.", [("несколько десятков экспертов", None, True, "экспертов"), ("несколько сотен тысяч пачек", None, True, "пачек")]),
    # "полтора" and a collective noun after a number multiply
    ("ru", "Изъято более полутора тысяч единиц, задержаны полтора десятка человек и два десятка водителей.", [("более полутора тысяч единиц", 1500, True, "единиц"), ("полтора десятка человек", 15, False, "человек"), ("два десятка водителей", 20, False, "водителей")]),
    # Russian collective numerals govern the genitive plural
    ("ru", "Задержаны трое граждан, ещё двоих задержанных отпустили.", [("трое граждан", 3, False, "граждан"), ("двоих задержанных", 2, False, "задержанных")]),
    ("ru", "Четверо сотрудников таможни награждены.", [("Четверо сотрудников", 4, False, "сотрудников")]),
    ("en", "Up to 25 trainees can register.", [("Up to 25 trainees", 25, True, "trainees")]),
    ("en", "The course ran at least 12 workshops.", [("at least 12 workshops", 12, True, "workshops")]),
    ("en", "Nearly 1,200 people registered online.", [("Nearly 1,200 people", 1200, True, "people")]),
    ("en", "Two hundred delegates attended the assembly.", [("Two hundred delegates", 200, False, "delegates")]),
    ("en", "Thirty-five countries joined the programme.", [("Thirty-five countries", 35, False, "countries")]),
    ("en", "Four sessions were held in Brussels.", [("Four sessions", 4, False, "sessions")]),
    ("en", "The event drew 100+ participants.", [("100+ participants", 100, True, "participants")]),
    ("en", "Only one participant withdrew.", [("one participant", 1, False, "participant")]),
    ("en", "Holders receive 1.90 new shares each.", []),
    ("en", "Some 1.5 million travellers were screened.", [("Some 1.5 million travellers", 1500000, True, "travellers")]),
    ("en", "Dozens of experts contributed to the guide.", [("Dozens of experts", None, True, "experts")]),
    ("en", "Hundreds of thousands of travellers crossed the border.", [("Hundreds of thousands of travellers", None, True, "travellers")]),
    ("en", "It was the 2nd Meeting of the group.", []),
    ("en", "WCO DM version\u00a03.11.0 was released.", []),
    ("en", "The COVID-19 pandemic delayed the session.", []),
    ("en", "The 21st Regional Heads conference met online.", []),
    ("en", "The G20 leaders discussed trade.", []),
    ("en", "The 2021 edition started in November.", []),
    ("en", "The workshop lasted 5 days.", []),
    ("en", "Officers seized 3 tonnes of ivory.", []),
    ("en", "Article 5 of the Convention applies.", []),
    ("en", "It was the fourth of a series of workshops.", []),
    ("ru", "Более 100 участников из 37 таможенных администраций обсудили вопросы.", [("Более 100 участников", 100, True, "участников"), ("37 таможенных администраций", 37, False, "таможенных администраций")]),
    ("ru", "В семинаре участвовали около 50 экспертов.", [("около 50 экспертов", 50, True, "экспертов")]),
    ("ru", "Приехали свыше двухсот делегатов.", [("свыше двухсот делегатов", 200, True, "делегатов")]),
    ("ru", "Собрались представители 30 государств-членов.", [("30 государств-членов", 30, False, "государств-членов")]),
    ("ru", "Курс прошли 1 200 человек.", [("1 200 человек", 1200, False, "человек")]),
    ("ru", "Прошло пять сессий рабочей группы.", [("пять сессий", 5, False, "сессий")]),
    ("ru", "Соглашение подписали не менее 20 стран.", [("не менее 20 стран", 20, True, "стран")]),
    ("ru", "В обсуждении участвовали десятки экспертов.", [("десятки экспертов", None, True, "экспертов")]),
    ("ru", "На границе побывали сотни тысяч туристов.", [("сотни тысяч туристов", None, True, "туристов")]),
    ("ru", "Прошла XII Международная конференция.", []),
    ("ru", "Пост стоит в 500 метрах от границы.", []),
    ("ru", "Форум прошёл в 30-й раз.", []),
    ("ru", "Конференция прошла 22 октября 2020 г. онлайн.", []),
    ("ru", "Работа велась в течение 5 лет.", []),
    ("ru", "В 2021 году работа продолжилась.", []),
    # number words, "one" included when a counted noun follows (issue 10)
    ("en", "The programme trained twelve young officers in Lomé.", [("twelve young officers", 12, False, "young officers")]),
    ("en", "Twenty-one participants and two hundred and fifty delegates attended.", [("Twenty-one participants", 21, False, "participants"), ("two hundred and fifty delegates", 250, False, "delegates")]),
    ("en", "One Member administration offered to host the next session.", [("One Member administration", 1, False, "Member administration")]),
    ("en", "The training was given by one expert from Kenya.", [("one expert", 1, False, "expert")]),
    ("en", "It was one of the largest events of the year.", []),
    ("en", "A one-stop shop was opened at the border.", []),
    ("en", "On the one hand, the rules are clear.", []),
    ("en", "Three main objectives and two priorities were agreed.", []),
    ("ru", "Было сформировано три группы экспертов.", [("три группы", 3, False, "группы")]),
    ("ru", "В учениях участвовали двадцать пять сотрудников.", [("двадцать пять сотрудников", 25, False, "сотрудников")]),
    ("ru", "Встреча с двадцатью пятью участниками прошла онлайн.", [("двадцатью пятью участниками", 25, False, "участниками")]),
    ("ru", "Занятия провели для трёх экспертов и одной группы.", [("трёх экспертов", 3, False, "экспертов"), ("одной группы", 1, False, "группы")]),
    ("ru", "Совещание было посвящено одной теме.", []),
    ("ru", "Он был одним из участников форума.", []),
    ("ru", "Делегация обсудила три основные темы.", []),
    ("ru", "Руководство поддержало семью сотрудника.", []),
    # digits with and without separators
    ("en", "The forum gathered over 2500 participants from 90 countries.", [("over 2500 participants", 2500, True, "participants"), ("90 countries", 90, False, "countries")]),
    ("en", "Close to 2 500 officers were trained.", [("Close to 2 500 officers", 2500, True, "officers")]),
    ("ru", "Форум собрал 2500 участников.", [("2500 участников", 2500, False, "участников")]),
    ("ru", "Мероприятие посетили около 5 тыс. участников.", [("около 5 тыс. участников", 5000, True, "участников")]),
    ("ru", "В акции приняли участие более тысячи сотрудников.", [("более тысячи сотрудников", 1000, True, "сотрудников")]),
    ("ru", "Опытом поделились эксперты из около десятка стран.", [("около десятка стран", 10, True, "стран")]),
    ("ru", "Тысячи участников следили за трансляцией.", [("Тысячи участников", None, True, "участников")]),
    # a part of a whole: two counts
    ("en", "25 of the 27 administrations replied to the survey.", [("25 of the 27 administrations", 25, False, "administrations"), ("27 administrations", 27, False, "administrations")]),
    ("en", "More than 5 out of 12 experts agreed.", [("More than 5 out of 12 experts", 5, True, "experts"), ("12 experts", 12, False, "experts")]),
    ("en", "One of the 27 administrations abstained.", [("27 administrations", 27, False, "administrations")]),
    ("ru", "На анкету ответили 25 из 27 администраций.", [("25 из 27 администраций", 25, False, "администраций"), ("27 администраций", 27, False, "администраций")]),
    # counted nouns by class: people, groups, organizations, places, events, documents, cases, goods
    ("en", "Officers made 15 seizures and opened 40 containers and 3 trucks.", [("15 seizures", 15, False, "seizures"), ("40 containers", 40, False, "containers"), ("3 trucks", 3, False, "trucks")]),
    ("en", "The project covers 12 border posts, 4 teams and 2,000 declarations.", [("12 border posts", 12, False, "border posts"), ("4 teams", 4, False, "teams"), ("2,000 declarations", 2000, False, "declarations")]),
    ("en", "Six webinars reached 300 staff from 8 agencies.", [("Six webinars", 6, False, "webinars"), ("300 staff", 300, False, "staff"), ("8 agencies", 8, False, "agencies")]),
    ("ru", "Таможенники возбудили 8 уголовных дел и задержали 12 транспортных средств.", [("8 уголовных дел", 8, False, "уголовных дел"), ("12 транспортных средств", 12, False, "транспортных средств")]),
    ("ru", "В 25 странах прошло 150 мероприятий, 21 страна прислала экспертов.", [("25 странах", 25, False, "странах"), ("150 мероприятий", 150, False, "мероприятий"), ("21 страна", 21, False, "страна")]),
    ("ru", "Обучение прошли 20 служащих и 15 обучающихся.", [("20 служащих", 20, False, "служащих"), ("15 обучающихся", 15, False, "обучающихся")]),
    ("ru", "Собрались представители 30 государств-членов.", [("30 государств-членов", 30, False, "государств-членов")]),
    # not counted: money, measures, durations, ages, abstract nouns
    ("en", "The fund received 5,000 euros and 300 kilograms of rice.", []),
    ("en", "The project runs for 10 months and three weeks.", []),
    ("en", "A man aged 45 years carried 2 kilos of cocaine.", []),
    ("en", "The strategy rests on five pillars and 12 principles.", []),
    ("ru", "Ущерб составил 10 млн рублей, изъято 300 килограммов.", []),
    ("ru", "Мужчина в возрасте 45 лет провёл там три месяца.", []),
    ("ru", "Объём вырос в 3 раза, обсуждались две темы.", []),
    # the unit ends with the counted noun; bare classifiers and fixed terms keep their words
    ("en", "Officers found 450 boxes of Business Royal Cigarettes and 20 units of X-ray equipment.", [("450 boxes", 450, False, "boxes"), ("20 units of X-ray equipment", 20, False, "units of X-ray equipment")]),
    ("en", "The team seized 65 pieces of live ammunition at 3 points of entry.", [("65 pieces of live ammunition", 65, False, "pieces of live ammunition"), ("3 points of entry", 3, False, "points of entry")]),
    ("ru", "Через 5 пунктах пропуска задержаны семь граждан России.", [("5 пунктах пропуска", 5, False, "пунктах пропуска"), ("семь граждан", 7, False, "граждан")]),
    # determiners are in the span, not in the unit
    ("en", "Officers opened 21 more containers and 1,518 other cases.", [("21 more containers", 21, False, "containers"), ("1,518 other cases", 1518, False, "cases")]),
    ("ru", "В регионе открыты три таких центра.", [("три таких центра", 3, False, "центра")]),
    # ranges: one approximate count with the lower number
    ("en", "Each course takes 10-15 trainees.", [("10-15 trainees", 10, True, "trainees")]),
    ("ru", "Ежедневно проходят 100 - 120 грузовых автомобилей.", [("100 - 120 грузовых автомобилей", 100, True, "грузовых автомобилей")]),
    ("en", "The airline ordered Boeing 737-800 planes.", []),
    # a number that ends a name, its verb after it, counts nothing
    ("en", "BBC News 24 said politicians were wrong.", []),
    # scales multiply
    ("en", "Officers seized 35.5 million individual items.", [("35.5 million individual items", 35500000, False, "individual items")]),
    ("ru", "Изъято 517,4 тыс. пачек сигарет и 18 тысяч 720 пачек табака.", [("517,4 тыс. пачек", 517400, False, "пачек"), ("18 тысяч 720 пачек", 18720, False, "пачек")]),
    # words joined by "and" share the number, lists and appositions apart
    ("en", "Over 280 WCO activities and missions reached 21 West and Central African countries.", [("Over 280 WCO activities and missions", 280, True, "WCO activities and missions"), ("21 West and Central African countries", 21, False, "West and Central African countries")]),
    ("en", "Twenty countries, 3 observers and members of the PSCG attended.", [("Twenty countries", 20, False, "countries"), ("3 observers", 3, False, "observers")]),
    ("en", "The 23 representatives, officials from 18 countries, met.", [("23 representatives", 23, False, "representatives"), ("18 countries", 18, False, "countries")]),
    ("en", "Goods seized over two months, including cigarettes, were burnt.", []),
    # a number with no counted noun after it, kinds and sides
    ("en", "Three went to one site, 17 in another, and 71 others stayed; another eight left.", [("one site", 1, False, "site")]),
    ("en", "The two sides agreed; drugs of 54 types were found.", []),
    ("en", "It became one of the global top three of drinks firms.", []),
    # a part with a determiner
    ("en", "He and six of his criminal associates were arrested.", [("six of his criminal associates", 6, False, "criminal associates")]),
    ("en", "More than a thousand of its graduates work in Customs.", [("More than a thousand of its graduates", 1000, True, "graduates")]),
    # no-break spaces, acronyms, headlines the model reads as names
    ("en", "The WCO has 182\u00a0countries among its Members, 6 ROCBs and 22 RTCs.", [("182\u00a0countries", 182, False, "countries"), ("6 ROCBs", 6, False, "ROCBs"), ("22 RTCs", 22, False, "RTCs")]),
    ("ru", "Членами организации являются 186\u00a0государств.", [("186\u00a0государств", 186, False, "государств")]),
    ("en", "Customs Nab Five Meth Couriers in a Week at Auckland Airport", [("Five Meth Couriers", 5, False, "Meth Couriers")]),
    ("en", "On 2 November three United States nationals arrived from Los Angeles.", [("three United States nationals", 3, False, "United States nationals")]),
    ("en", "They found 5 tablets of Tramadol and 1 tablet of Lyrica.", [("5 tablets", 5, False, "tablets"), ("1 tablet", 1, False, "tablet")]),
    ("ru", "Совет собрался на 78 сессии в Брюсселе.", []),
    # official writing doubles a number in digits; "persons" is a plural of "person" too
    ("en", "The workshop was attended by thirty-two (32) participants from eleven (11) Member administrations.", [("thirty-two (32) participants", 32, False, "participants"), ("eleven (11) Member administrations", 11, False, "Member administrations")]),
    ("ru", "В семинаре участвовали пять (5) сотрудников.", [("пять (5) сотрудников", 5, False, "сотрудников")]),
    ("en", "A total of 1,245 kilograms of cocaine were seized and 14 persons arrested.", [("14 persons", 14, False, "persons")]),
    # digits with a Russian cardinal's case ending count; an ordinal's do not
    ("ru", "Представители более 20-ти стран и 3-х международных организаций собрались на 5-й сессии.", [("более 20-ти стран", 20, True, "стран"), ("3-х международных организаций", 3, False, "международных организаций")]),
    ("en", "Three brothers, two defendants and 4 poachers crossed 20 entry points.", [("Three brothers", 3, False, "brothers"), ("two defendants", 2, False, "defendants"), ("4 poachers", 4, False, "poachers"), ("20 entry points", 20, False, "entry points")]),
    # "m" and "dozen" multiply like a scale
    ("en", "Officers seized 2.4m cigarettes, and a dozen officers and two dozen dogs took part.", [("2.4m cigarettes", 2400000, False, "cigarettes"), ("a dozen officers", 12, False, "officers"), ("two dozen dogs", 24, False, "dogs")]),
    # goods, animals and checks of customs news
    ("en", "They intercepted 45 live reptiles, 4 drones and 17 bales of cannabis after 1,500 checks.", [("45 live reptiles", 45, False, "live reptiles"), ("4 drones", 4, False, "drones"), ("17 bales", 17, False, "bales"), ("1,500 checks", 1500, False, "checks")]),
    ("ru", "Изъяты 500 голов скота, 30 образцов продукции и 15 комплектов одежды.", [("500 голов", 500, False, "голов"), ("30 образцов", 30, False, "образцов"), ("15 комплектов", 15, False, "комплектов")]),
    # people and companies of general news are in the lists too
    ("en", "Nine exhibitors, 40 journalists and 18 manufacturers met 200 troops.", [("Nine exhibitors", 9, False, "exhibitors"), ("40 journalists", 40, False, "journalists"), ("18 manufacturers", 18, False, "manufacturers"), ("200 troops", 200, False, "troops")]),
    # Russian people and animals by the dictionary's animacy, listed or not; a word that is
    # more often inanimate ("метров", "языков") or a letter ("и") is none
    ("ru", "Закон поддержали 43 сенатора и более 49 тысяч избирателей, задержаны три американца.", [("43 сенатора", 43, False, "сенатора"), ("более 49 тысяч избирателей", 49000, True, "избирателей"), ("три американца", 3, False, "американца")]),
    ("ru", "Изъяты 26 автоматов, два пулемёта и 5 стволов.", [("26 автоматов", 26, False, "автоматов"), ("два пулемёта", 2, False, "пулемёта"), ("5 стволов", 5, False, "стволов")]),
    ("ru", "Груз прошёл 8848 метров, инструкция издана на 20 языках, изъято 875 и 12 черепах.", [("12 черепах", 12, False, "черепах")]),
]
# fmt: on


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_counts_of_one_item(language: str, text: str, expected: list[Expected]) -> None:
    doc = _doc(language, text)
    counts = extract_counts("item", doc, _date_spans(doc))
    for count in counts:
        assert doc.text[count.start_char : count.end_char] == count.text
    assert [(c.text, c.value, c.approx, c.unit) for c in counts] == expected


@pytest.mark.slow
@pytest.mark.parametrize(("text", "expected"), [(t, e) for lang, t, e in CASES if lang == "ru"])
def test_russian_counts_on_spacy_tokens(text: str, expected: list[Expected]) -> None:
    # spaCy's own Russian tokenizer splits "государств-членов" and "тыс." unlike razdel.
    doc = spacy.blank("ru")(text)
    counts = extract_counts("item", doc, _date_spans(doc))
    assert [(c.text, c.value, c.approx, c.unit) for c in counts] == expected


def test_russian_year_is_not_a_count_however_the_doc_is_tokenized() -> None:
    # Tokenizers other than spaCy's (razdel) split "г." into "г" and ".".
    words = ["Прошло", "более", "100", "заседаний", "в", "2020", "г", "."]
    doc = Doc(spacy.blank("ru").vocab, words=words, spaces=[True] * 6 + [False, False])
    counts = extract_counts("item", doc, _date_spans(doc))
    assert [(c.text, c.value) for c in counts] == [("более 100 заседаний", 100)]


def _date_spans(doc: Doc) -> list[tuple[int, int]]:
    """What the run hands the counts: the item's date mentions, as the dates stage reads them."""
    return [(d.start_char, d.end_char) for d in extract_dates([("item", doc)])]


def test_english_counts_never_load_the_russian_analyzer() -> None:
    """pymorphy2 (0.3 s, 30 MB) is for Russian items: an English run that reads
    "several hundred" or "a few dozen" does not load it."""
    from tests.pipeline_runs import run_python

    script = (
        "import sys\n"
        "from pipeline.stages.counts import extract_counts\n"
        "from pipeline.stages.nlp.pipelines import load_model\n"
        "doc = load_model('en')('Several hundred officers and a few dozen experts met.')\n"
        "found = [(c.text, c.value) for c in extract_counts('i', doc, (), 'en')]\n"
        "print(found, 'pymorphy2' in sys.modules)\n"
    )
    assert run_python(script).stdout.strip() == (
        "[('Several hundred officers', None), ('a few dozen experts', None)] False"
    )
