"""`customs_names` on its own: spacy.blank plus the component, hand-set ents."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.nlp_helpers import blank_with, with_ents


@pytest.fixture(scope="module")
def english() -> Language:
    return blank_with("customs_names")


@pytest.fixture(scope="module")
def russian() -> Language:
    return blank_with("customs_names", "ru")


def run(nlp: Language, text: str, ents: list[tuple[str, str]]) -> list[tuple[str, str]]:
    doc = nlp.get_pipe("customs_names")(with_ents(nlp, text, ents))
    return [(e.text, e.label_) for e in doc.ents]


ORG, GPE = "ORG", "GPE"

# fmt: off
ENGLISH = [
    # a body's name takes the names it is "of" and "under", however many
    ("the State Revenue Committee of the Republic of Kazakhstan met",
     [("State Revenue Committee", ORG), ("Republic of Kazakhstan", GPE)],
     [("State Revenue Committee of the Republic of Kazakhstan", ORG)]),
    ("the Customs Control Department of the State Revenue Committee of the Ministry of Finance of "
     "the Republic of Kazakhstan said",
     [("Customs Control Department", ORG), ("State Revenue Committee", ORG),
      ("Ministry of Finance", ORG), ("Republic of Kazakhstan", GPE)],
     [("Customs Control Department of the State Revenue Committee of the Ministry of Finance of "
       "the Republic of Kazakhstan", ORG)]),
    ("the Customs Service under the Government of the Republic of Tajikistan said",
     [("Customs Service", ORG), ("Republic of Tajikistan", GPE)],
     [("Customs Service under the Government of the Republic of Tajikistan", ORG)]),
    # after a head word any capitalised complement, lists of words included
    ("the Ministry of Investment, Industry and Trade of the Republic of Uzbekistan agreed",
     [("Ministry of Investment", ORG), ("Republic of Uzbekistan", GPE)],
     [("Ministry of Investment, Industry and Trade of the Republic of Uzbekistan", ORG)]),
    ("the Department for Combating Smuggling and Customs Offenses of the State Customs Committee",
     [("Department for Combating Smuggling", ORG), ("State Customs Committee", ORG)],
     [("Department for Combating Smuggling and Customs Offenses of the State Customs Committee",
       ORG)]),
    # a body named by its kind takes the name it is "of"
    ("with help from the Government of Norway", [("Norway", GPE)],
     [("Government of Norway", ORG)]),
    ("the Customs Administration of the Republic of Moldova hosted",
     [("Republic of Moldova", GPE)], [("Customs Administration of the Republic of Moldova", ORG)]),
    # an office's seat is part of its name, another body's is not; two bodies stay two
    ("the UNODC Regional Office in Central Asia", [("UNODC Regional Office", ORG),
     ("Central Asia", GPE)], [("UNODC Regional Office in Central Asia", ORG)]),
    ("the Delegation of the European Union to Armenia", [("Delegation", ORG),
     ("European Union", ORG), ("Armenia", GPE)],
     [("Delegation of the European Union to Armenia", ORG)]),
    ("the State Customs Committee in Tashkent", [("State Customs Committee", ORG),
     ("Tashkent", GPE)], [("State Customs Committee", ORG), ("Tashkent", GPE)]),
    ("the Ministry of Finance and the Central Bank", [("Ministry of Finance", ORG),
     ("Central Bank", ORG)], [("Ministry of Finance", ORG), ("Central Bank", ORG)]),
    ("the customs authorities of Uzbekistan", [("Uzbekistan", GPE)], [("Uzbekistan", GPE)]),
    # a capitalised Region belongs to the place, a lower-case one does not
    ("the MENA Region met", [("MENA", GPE)], [("MENA Region", GPE)]),
    ("the WCO Europe region met", [("WCO", ORG), ("Europe", GPE)], [("WCO", ORG), ("Europe", GPE)]),
    # facilities are places, unless a body is named after one
    ("cocaine was found at Tema Port yesterday", [], [("Tema Port", GPE)]),
    ("the Customs Manager Auckland Airport said", [], [("Auckland Airport", GPE)]),
    ("goods reach every UK Port", [("UK", GPE)], [("UK", GPE)]),
    ("the ship reached the Port of Hull", [], [("Port of Hull", GPE)]),
    ("the Tema Port Authority said", [("Tema Port Authority", ORG)],
     [("Tema Port Authority", ORG)]),
    # an owner followed by a body's name is one name, but not a title or a document
    ("The WCO Anti-Corruption Unit reported.", [("WCO", ORG)], [("WCO Anti-Corruption Unit", ORG)]),
    ("a WCO Expert Group on Revenue Risk met", [("WCO", ORG)],
     [("WCO Expert Group on Revenue Risk", ORG)]),
    ("the WCO Revenue Package Terms", [("WCO", ORG)], [("WCO", ORG)]),
    # named programmes and projects are organizations, with their owner
    ("under the WCO Border Resilience Project", [("WCO", ORG)],
     [("WCO Border Resilience Project", ORG)]),
    ("the WCO-ESA Project II ended", [("WCO", ORG)], [("WCO-ESA Project II", ORG)]),
    ("the WCO Project helped", [("WCO", ORG)], [("WCO", ORG)]),
    # ... but a second acronym names the project
    ("material of the WCO WACAM Project", [("WCO", ORG)], [("WCO WACAM Project", ORG)]),
    ("a key activity of the WCO-ESA Project on trade", [("WCO", ORG), ("ESA", GPE)],
     [("WCO-ESA Project", ORG)]),
    # a programme named for places joined by "and" starts with the first place
    ("the Central Asia and Caucasus Security Project began", [("Central Asia", GPE)],
     [("Central Asia and Caucasus Security Project", ORG)]),
    ("Kenya and the Mercator Programme", [("Kenya", GPE)],
     [("Kenya", GPE), ("Mercator Programme", ORG)]),
    # a laboratory is a body: its owner comes with it
    ("for WCO Regional Customs Laboratory status", [("WCO", ORG)],
     [("WCO Regional Customs Laboratory", ORG)]),
    # a tail ends before a possessive: the name owns what follows, it is not the body's
    ("Mikuriya briefed the Council on the WCO's response", [("WCO", ORG)], [("WCO", ORG)]),
    # a wire dateline's place, in capitals, at a line's start; not a body's acronym
    ("Customs news\nBRUSSELS, 3 May - The WCO met.", [("WCO", ORG)],
     [("BRUSSELS", GPE), ("WCO", ORG)]),
    ("Customs news\nWCO. The Council met.", [("WCO", ORG)], [("WCO", ORG)]),
    # initials of two letters and the surname are a person, when the model saw one
    ("attended by Kh. Yusupov and others", [("Kh", "PERSON"), ("Yusupov", GPE)],
     [("Kh. Yusupov", "PERSON")]),
    ("said Zh. B. Almazov", [("Zh", GPE), ("B. Almazov", "PERSON")],
     [("Zh. B. Almazov", "PERSON")]),
    ("shares in Rosneft. Yukos said", [("Rosneft", ORG), ("Yukos", "PERSON")],
     [("Rosneft", ORG), ("Yukos", "PERSON")]),
    ("a visit to St. Petersburg", [("St. Petersburg", GPE)], [("St. Petersburg", GPE)]),
    # a region's customs administrations are no body
    ("Directors General of Customs of West and Central Africa met",
     [("West and Central Africa", GPE)], [("West and Central Africa", GPE)]),
    # a town's name inside a longer name is no place of its own
    ("members of the Economic Community of Central African States met", [],
     [("Economic Community of Central African States", ORG)]),
    ("when Project Iris began", [], [("Project Iris", ORG)]),
    # words joined by "and" to the start of a body's name are part of it; a second
    # name, or a place, is not
    ("the Data and Statistics Working Group met", [("Statistics Working Group", ORG)],
     [("Data and Statistics Working Group", ORG)]),
    ("the Press and Public Relations Department said", [("Public Relations Department", ORG)],
     [("Press and Public Relations Department", ORG)]),
    ("Ghana and Nigeria Customs agreed", [("Nigeria Customs", ORG)], [("Nigeria Customs", ORG)]),
    ("officers of Eastern and Southern Africa", [("Southern Africa", GPE)],
     [("Eastern and Southern Africa", GPE)]),
    ("Ghana and Southern Africa", [("Southern Africa", GPE)], [("Southern Africa", GPE)]),
]

RUSSIAN = [
    ("Делегация Таможенной службы Армении прибыла", [("Таможенной службы", ORG),
     ("Армении", GPE)], [("Таможенной службы Армении", ORG)]),
    ("Сотрудники ФТС России и УНП ООН", [("ФТС", ORG), ("России", GPE), ("УНП", ORG),
     ("ООН", ORG)], [("ФТС России", ORG), ("УНП ООН", ORG)]),
    ("при поддержке Правительства Норвегии", [("Норвегии", GPE)],
     [("Правительства Норвегии", ORG)]),
    ("Таможенная служба при Правительстве Республики Таджикистан сообщила",
     [("Таможенная служба", ORG), ("Правительстве Республики Таджикистан", ORG)],
     [("Таможенная служба при Правительстве Республики Таджикистан", ORG)]),
    # a body named by its kind runs over genitive words to the name it is of, not past a verb
    ("заседание Совета руководителей таможенных служб СНГ прошло", [("СНГ", ORG)],
     [("Совета руководителей таможенных служб СНГ", ORG)]),
    ("заседание Совета руководителей таможенных служб государств – участников Содружества "
     "Независимых Государств", [("Содружества Независимых Государств", ORG)],
     [("Совета руководителей таможенных служб государств – участников Содружества Независимых "
       "Государств", ORG)]),
    ("Совет одобрил предложение России", [("России", GPE)], [("России", GPE)]),
    # a programme: its first word capitalised inside a sentence, then what it is for
    ("эксперты обсудили Программу подготовки ведущих тренеров (MTP) в Москве",
     [("MTP", ORG), ("Москве", GPE)],
     [("Программу подготовки ведущих тренеров", ORG), ("MTP", ORG), ("Москве", GPE)]),
    ("в рамках Глобальной программы по контролю за контейнерными перевозками прошёл семинар",
     [], [("Глобальной программы по контролю за контейнерными перевозками", ORG)]),
    ("семинар организован Программой содействия управлению границами в Центральной Азии",
     [("Центральной Азии", GPE)],
     [("Программой содействия управлению границами в Центральной Азии", ORG)]),
    ("Программа развития таможни рассчитана на три года", [], []),
    # Latin names after a role in Russian text are foreign people, unless a place or a body
    ("выступил представитель Pranab Kumar Das, а затем World Customs Organization", [],
     [("Pranab Kumar Das", "PERSON")]),
    ("выступил представитель из New York", [], []),
    ("группа Depeche Mode выступила", [], []),
    # a body's head written with a prefix names a body, and takes its country
    ("учебный центр Гостаможни Туркменистана", [("Туркменистана", GPE)],
     [("Гостаможни Туркменистана", ORG)]),
    ("Таможня работает", [], []),
    # "при" and a body named by its kind; directions joined to a place
    ("делегация Таможенной службы при Правительстве прибыла", [("Таможенной службы", ORG)],
     [("Таможенной службы при Правительстве", ORG)]),
    ("эксперты стран Центральной и Восточной Европы", [("Центральной", GPE),
     ("Восточной Европы", GPE)], [("Центральной и Восточной Европы", GPE)]),
    ("участники обсудили проект соглашения", [], []),
    # a body's purpose is part of its name, with the place it serves
    ("в рамках Управления ООН по наркотикам и преступности работают", [("Управления ООН", ORG)],
     [("Управления ООН по наркотикам и преступности", ORG)]),
    ("Подкомиссии по незаконному обороту запрещенных веществ на Ближнем Востоке, и",
     [("Подкомиссии", ORG), ("Ближнем Востоке", GPE)],
     [("Подкомиссии по незаконному обороту запрещенных веществ на Ближнем Востоке", ORG)]),
    ("Службы по делам, которые", [("Службы", ORG)], [("Службы", ORG)]),
    # an office's seat is part of its name, another body's is not
    ("Бюро ОБСЕ в Таджикистане", [("Бюро ОБСЕ", ORG), ("Таджикистане", GPE)],
     [("Бюро ОБСЕ в Таджикистане", ORG)]),
    ("Служба ФТС в Москве", [("Служба ФТС", ORG), ("Москве", GPE)],
     [("Служба ФТС", ORG), ("Москве", GPE)]),
    # an acronym, or a name the alias table holds whole, takes no purpose: it is its work's
    ("эксперты ВТамО по вопросам соблюдения законодательства", [("ВТамО", ORG)],
     [("ВТамО", ORG)]),
    ("делегация Всемирной таможенной организации по развитию этики",
     [("Всемирной таможенной организации", ORG)], [("Всемирной таможенной организации", ORG)]),
    # a name after a facility's kind word is the place, quoted or not, listed or not
    ("Таможенники аэропорта Шереметьево задержали", [("Таможенники аэропорта Шереметьево", ORG)],
     [("Шереметьево", GPE)]),
    ("в пунктах пропуска «Шумилкино» и «Куничина Гора» очередей нет", [],
     [("Шумилкино", GPE), ("Куничина Гора", GPE)]),
    # a customs post's name is the post, a body, quoted or not
    ("на таможенном посту «Морпорт» нашли", [], [("Морпорт", ORG)]),
    ("таможенный пост Бурабай работает", [("Бурабай", "PERSON")], [("Бурабай", ORG)]),
    ("начальник таможенного поста Сергей Турки", [("Сергей Турки", "PERSON")],
     [("Сергей Турки", "PERSON")]),
    # a programme's purpose runs over nouns joined by "и" in one case, not over a verb
    ("стороны обсудили Программу по контролю за пассажирами и грузами, работу", [],
     [("Программу по контролю за пассажирами и грузами", ORG)]),
    ("страны вошли в Программу подготовки экспертов и тренеров и начали работу", [],
     [("Программу подготовки экспертов и тренеров", ORG)]),
    # an adjectival name cut before its kind takes it: a body's head word, or a post's
    ("на пункте пропуска Троицкого таможенного поста задержали",
     [("Троицкого таможенного", GPE)], [("Троицкого таможенного поста", ORG)]),
    ("сотрудники Уральского таможенного управления", [("Уральского", GPE)],
     [("Уральского таможенного управления", ORG)]),
    ("на Калининградской железной дороге", [("Калининградской", GPE)],
     [("Калининградской", GPE)]),
    # a wire dateline's place, in capitals, at a line's start
    ("Сигареты на судне\nКАЛИНИНГРАД, 5 мая. Таможенники изъяли груз.", [],
     [("КАЛИНИНГРАД", GPE)]),
    ("Итоги\nФТС. Новости недели.", [], []),
]
# fmt: on


@pytest.mark.parametrize(("text", "ents", "expected"), ENGLISH)
def test_english_names(
    english: Language, text: str, ents: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    assert run(english, text, ents) == expected


@pytest.mark.parametrize(("text", "ents", "expected"), RUSSIAN)
def test_russian_names(
    russian: Language, text: str, ents: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    assert run(russian, text, ents) == expected
