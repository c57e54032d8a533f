"""Dates: table-driven cases in English and Russian, on real spaCy docs."""

# ruff: noqa: E501  (one line per case: the tables read better unwrapped)

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.records import DateMention
from pipeline.stages.dates import extract_dates
from pipeline.stages.nlp.pipelines import load_model

# text, start, end, granularity, and how the interval was read: "" (as written),
# "inferred" (the year from context), "relative" (against the document's date) or
# "on year" (a quarter or half-year read against the year written next to it)
Expected = tuple[str, str | None, str | None, str, str]


@cache
def _english() -> Language:
    return load_model("en")


def _doc(language: str, text: str) -> Doc:
    return _english()(text) if language == "en" else spacy.blank("ru")(text)


def _rows(mentions: list[DateMention], docs: dict[str, Doc]) -> list[Expected]:
    rows = []
    for m in mentions:
        assert docs[m.item_id].text[m.start_char : m.end_char] == m.text
        start = m.start.isoformat() if m.start else None
        end = m.end.isoformat() if m.end else None
        assert m.relative == (m.anchor is not None)
        how = {"document": "relative", "date": "on year"}.get(m.anchor or "", "")
        how = how or ("inferred" if m.inferred_year else "")
        rows.append((m.text, start, end, m.granularity, how))
    return rows


# fmt: off
CASES: list[tuple[str, str, list[Expected]]] = [
    ("en", "The forum ran from 24 to 28 January 2022 in Brussels.", [("24 to 28 January 2022", "2022-01-24", "2022-01-28", "day", "")]),
    ("en", "Training took place on 17–19 January 2022.", [("17–19 January 2022", "2022-01-17", "2022-01-19", "day", "")]),
    ("en", "Events ran January 24-28, 2022 online.", [("January 24-28, 2022", "2022-01-24", "2022-01-28", "day", "")]),
    ("en", "Sessions ran from September 2020 to April 2021.", [("September 2020 to April 2021", "2020-09-01", "2021-04-30", "month", "")]),
    ("en", "Consultations were held in March–April 2021.", [("March–April 2021", "2021-03-01", "2021-04-30", "month", "")]),
    ("en", "The campaign ran from December 2021 to February 2022.", [("December 2021 to February 2022", "2021-12-01", "2022-02-28", "month", "")]),
    ("en", "The strategy covers 2020-2021.", [("2020-2021", "2020-01-01", "2021-12-31", "year", "")]),
    ("en", "The programme runs 2020/21.", [("2020/21", "2020-01-01", "2021-12-31", "year", "")]),
    ("en", "Delegates will meet between 3 and 5 May 2023.", [("3 and 5 May 2023", "2023-05-03", "2023-05-05", "day", "")]),
    ("en", "Between 30 November and 2 December 2021 experts met.", [("30 November and 2 December 2021", "2021-11-30", "2021-12-02", "day", "")]),
    ("en", "Experts met on 14 and 15 March 2022 in Brussels.", [("14 and 15 March 2022", "2022-03-14", "2022-03-15", "day", "")]),
    ("en", "Sessions on 3, 4 and 5 May 2023 were online.", [("3, 4 and 5 May 2023", "2023-05-03", "2023-05-05", "day", "")]),
    ("en", "The talks of March 14 and 15, 2022 ended.", [("March 14 and 15, 2022", "2022-03-14", "2022-03-15", "day", "")]),
    ("en", "Training held in 2021 resumed on 3, 4 and 5 May.", [("2021", "2021-01-01", "2021-12-31", "year", ""), ("3, 4 and 5 May", "2021-05-03", "2021-05-05", "day", "inferred")]),
    ("en", "Reports of 15 and 14 March 2022 differ.", [("14 March 2022", "2022-03-14", "2022-03-14", "day", "")]),
    ("en", "The session ran from Monday 28 March to Friday 1 April 2022.", [("Monday 28 March to Friday 1 April 2022", "2022-03-28", "2022-04-01", "day", "")]),
    ("en", "Meetings took place in February and November 2018.", [("February and November 2018", "2018-02-01", "2018-11-30", "month", "")]),
    ("en", "The pilot ran in December 2001/January 2002.", [("December 2001/January 2002", "2001-12-01", "2002-01-31", "month", "")]),
    ("en", "Seizures from January to October of 2018 rose.", [("January to October of 2018", "2018-01-01", "2018-10-31", "month", "")]),
    ("en", "The notice of 09.02.24 was posted.", [("09.02.24", "2024-02-09", "2024-02-09", "day", "")]),
    ("en", "Officers acted on 10/25/2024 and on 10/05/2024.", [("10/25/2024", "2024-10-25", "2024-10-25", "day", ""), ("10/05/2024", "2024-05-10", "2024-05-10", "day", "")]),
    ("en", "The release of 21-May-2021 says so.", [("21-May-2021", "2021-05-21", "2021-05-21", "day", "")]),
    ("en", "Version 3.11.20 is out.", []),
    ("en", "The review closes on 26 January; the plan was adopted in 2022.", [("26 January", "2022-01-26", "2022-01-26", "day", "inferred"), ("2022", "2022-01-01", "2022-12-31", "year", "")]),
    ("en", "The workshop ran from 13 to 16 October 2020, and another on 2 November.", [("13 to 16 October 2020", "2020-10-13", "2020-10-16", "day", ""), ("2 November", "2020-11-02", "2020-11-02", "day", "inferred")]),
    ("en", "Its annual report for 2019 was adopted.", [("2019", "2019-01-01", "2019-12-31", "year", "")]),
    ("en", "The audit began in December 2021.", [("December 2021", "2021-12-01", "2021-12-31", "month", "")]),
    ("en", "It was signed on 12 November 2020.", [("12 November 2020", "2020-11-12", "2020-11-12", "day", "")]),
    ("en", "It was signed on November 12, 2020.", [("November 12, 2020", "2020-11-12", "2020-11-12", "day", "")]),
    ("en", "The course started on 17th November 2021.", [("17th November 2021", "2021-11-17", "2021-11-17", "day", "")]),
    ("en", "Registration closes on 15 Sept. 2022.", [("15 Sept. 2022", "2022-09-15", "2022-09-15", "day", "")]),
    ("en", "The deadline is 23\u00a0October 2020.", [("23\u00a0October 2020", "2020-10-23", "2020-10-23", "day", "")]),
    ("en", "The draft of 2022-01-26 was circulated.", [("2022-01-26", "2022-01-26", "2022-01-26", "day", "")]),
    ("en", "A leap day, 29 February 2020, was chosen.", [("29 February 2020", "2020-02-29", "2020-02-29", "day", "")]),
    ("en", "Annual Report 2020-2021\n\nThe report for 2020-2021 is out.", [("2020-2021", "2020-01-01", "2021-12-31", "year", ""), ("2020-2021", "2020-01-01", "2021-12-31", "year", "")]),
    ("en", "COVID-19 rules have applied since 2020.", [("2020", "2020-01-01", "2020-12-31", "year", "")]),
    ("en", "Resolution A/RES/2021 was adopted in June 2021.", [("June 2021", "2021-06-01", "2021-06-30", "month", "")]),
    ("en", "The plan starts in May.", [("May", None, None, "month", "inferred")]),
    ("en", "Experts met on 12 June. They agreed.", [("12 June", None, None, "day", "inferred")]),
    ("en", "It runs from 1 to 3 March.", [("1 to 3 March", None, None, "day", "inferred")]),
    ("en", "The meeting is held annually.", []),
    ("en", "This year the theme is data.", [("This year", None, None, "year", "relative")]),
    ("en", "Today the Secretary General spoke.", [("Today", None, None, "day", "relative")]),
    ("en", "A date such as 31 February 2021 does not exist.", []),
    ("en", "The 1990s saw many reforms.", []),
    ("en", "May I thank all delegates.", []),
    ("en", "Version 2021 of the tool is out.", []),
    ("en", "Some 2000 participants attended.", []),
    ("en", "126 Attempts Thwarted in Ten Months of 2018\nAgents thwarted them.", [("2018", "2018-01-01", "2018-12-31", "year", "")]),
    ("ru", "В академии 22–23 октября 2020 г. прошла конференция.", [("22–23 октября 2020 г.", "2020-10-22", "2020-10-23", "day", "")]),
    ("ru", "Семинар проходил с 24 по 28 января 2022 года.", [("24 по 28 января 2022 года", "2022-01-24", "2022-01-28", "day", "")]),
    ("ru", "План рассчитан на работу в 2020–2021 годах.", [("2020–2021 годах", "2020-01-01", "2021-12-31", "year", "")]),
    ("ru", "Работа велась с сентября 2020 по апрель 2021 года.", [("сентября 2020 по апрель 2021 года", "2020-09-01", "2021-04-30", "month", "")]),
    ("ru", "Эксперты встретятся между 3 и 5 мая 2022 года.", [("3 и 5 мая 2022 года", "2022-05-03", "2022-05-05", "day", "")]),
    ("ru", "Встреча состоялась 12 ноября 2020 года.", [("12 ноября 2020 года", "2020-11-12", "2020-11-12", "day", "")]),
    ("ru", "Отчёт опубликован в марте 2021 г. на сайте.", [("марте 2021 г.", "2021-03-01", "2021-03-31", "month", "")]),
    ("ru", "Заседание прошло 15.01.2022 в Брюсселе.", [("15.01.2022", "2022-01-15", "2022-01-15", "day", "")]),
    ("ru", "В 2021 году было много участников.", [("2021 году", "2021-01-01", "2021-12-31", "year", "")]),
    ("ru", "Форум пройдёт 5 мая, программа утверждена в 2023 году.", [("5 мая", "2023-05-05", "2023-05-05", "day", "inferred"), ("2023 году", "2023-01-01", "2023-12-31", "year", "")]),
    ("ru", "Семинар прошёл 14 и 15 марта 2022 года.", [("14 и 15 марта 2022 года", "2022-03-14", "2022-03-15", "day", "")]),
    ("ru", "Занятия прошли 3, 4 и 5 мая 2021 г. в Москве.", [("3, 4 и 5 мая 2021 г.", "2021-05-03", "2021-05-05", "day", "")]),
    ("ru", "В понедельник, 21 ноября 2022 года, прошло заседание.", [("понедельник, 21 ноября 2022 года", "2022-11-21", "2022-11-21", "day", "")]),
    ("ru", "Встречи прошли в феврале и ноябре 2018 года.", [("феврале и ноябре 2018 года", "2018-02-01", "2018-11-30", "month", "")]),
    ("ru", "Приказ от 27.04.05 вступил в силу.", [("27.04.05", "2005-04-27", "2005-04-27", "day", "")]),
    ("ru", "За первые 8 месяцев 2020-го их было больше.", [("2020-го", "2020-01-01", "2020-12-31", "year", "")]),
    ("ru", "Форум прошёл в 23 году, ему 23 года.", [("23 году", "2023-01-01", "2023-12-31", "year", "")]),
    ("ru", "Приехали более 2000 участников.", []),
    ("ru", "Конференция проводится ежегодно в этом году.", [("этом году", None, None, "year", "relative")]),
    ("ru", "Дата 31 февраля 2021 г. невозможна.", []),
    # kinds of Russian customs news: a year word glued or without its period, both ends of a
    # range with their own year word, years listed under one plural year word, decades
    ("ru", "Приказ от 24.10.2024г. вступил в силу.", [("24.10.2024г.", "2024-10-24", "2024-10-24", "day", "")]),
    ("ru", "Форум прошёл 12 мая 2024г. в Москве.", [("12 мая 2024г.", "2024-05-12", "2024-05-12", "day", "")]),
    ("ru", "Форум прошёл в 2024 г в Москве.", [("2024 г", "2024-01-01", "2024-12-31", "year", "")]),
    ("ru", "Форум прошёл в 2023-2024гг. в Москве.", [("2023-2024гг.", "2023-01-01", "2024-12-31", "year", "")]),
    ("ru", "Рейд прошёл с 20 декабря 2024 года по 5 января 2025 года.", [("20 декабря 2024 года по 5 января 2025 года", "2024-12-20", "2025-01-05", "day", "")]),
    ("ru", "Форум прошёл 20 января 2025 года – 5 февраля 2025 года.", [("20 января 2025 года – 5 февраля 2025 года", "2025-01-20", "2025-02-05", "day", "")]),
    ("ru", "Рейд прошёл в декабре 2024 г. – январе 2025 г.", [("декабре 2024 г. – январе 2025 г.", "2024-12-01", "2025-01-31", "month", "")]),
    ("en", "The raid ran from 20 December 2024 to 5 January 2025.", [("20 December 2024 to 5 January 2025", "2024-12-20", "2025-01-05", "day", "")]),
    ("ru", "В 2024 и 2025 годах объём вырос.", [("2024 и 2025 годах", "2024-01-01", "2025-12-31", "year", "")]),
    ("ru", "В 2022, 2023 и 2024 гг. объём вырос.", [("2022, 2023 и 2024 гг.", "2022-01-01", "2024-12-31", "year", "")]),
    ("ru", "В 2024 и в 2025 году объём вырос.", [("2024", "2024-01-01", "2024-12-31", "year", ""), ("2025 году", "2025-01-01", "2025-12-31", "year", "")]),
    ("ru", "В 1990-х годах и в 1980-е годы таможня изменилась.", []),
    ("en", "Customs changed in the 1990s.", []),
    ("ru", "В 2024-ом году объём вырос.", [("2024-ом", "2024-01-01", "2024-12-31", "year", "")]),
    ("ru", "За январь – май 2024 г. объём вырос.", [("январь – май 2024 г.", "2024-01-01", "2024-05-31", "month", "")]),
    ("ru", "В январе–сентябре 2024 года объём вырос.", [("январе–сентябре 2024 года", "2024-01-01", "2024-09-30", "month", "")]),
    ("ru", "С 14.03.2024 по 16.03.2024 прошёл форум.", [("14.03.2024 по 16.03.2024", "2024-03-14", "2024-03-16", "day", "")]),
    ("ru", "Стратегия 2030 предусматривает развитие, Повестка 2030 и план приняты, задержано 2000 человек.", [("2030", "2030-01-01", "2030-12-31", "year", ""), ("2030", "2030-01-01", "2030-12-31", "year", "")]),
    ("ru", "В I квартале 2024 года и за 9 месяцев 2023 года объём вырос.", [("I квартале", "2024-01-01", "2024-03-31", "quarter", "on year"), ("2024 года", "2024-01-01", "2024-12-31", "year", ""), ("2023 года", "2023-01-01", "2023-12-31", "year", "")]),
]
# fmt: on


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_dates_of_one_item(language: str, text: str, expected: list[Expected]) -> None:
    doc = _doc(language, text)
    assert _rows(extract_dates([("item", doc)]), {"item": doc}) == expected


@pytest.mark.slow
def test_missing_year_comes_from_another_item_of_the_document() -> None:
    docs = {
        "a": _doc("en", "The strategy was adopted on 3 March 2021."),
        "b": _doc("en", "Its review is due on 26 January."),
    }
    rows = _rows(extract_dates(list(docs.items())), docs)
    assert rows[1] == ("26 January", "2021-01-26", "2021-01-26", "day", "inferred")


# Relative expressions read against the document's date, Wednesday 3 May 2023.
REFERENCE = dt.date(2023, 5, 3)
# fmt: off
RELATIVE_CASES: list[tuple[str, str, list[Expected]]] = [
    ("en", "The WCO announced today a new programme.", [("today", "2023-05-03", "2023-05-03", "day", "relative")]),
    ("en", "Yesterday the Council met.", [("Yesterday", "2023-05-02", "2023-05-02", "day", "relative")]),
    ("en", "The results will be published tomorrow.", [("tomorrow", "2023-05-04", "2023-05-04", "day", "relative")]),
    ("en", "This week the experts met in Brussels.", [("This week", "2023-05-01", "2023-05-07", "week", "relative")]),
    ("en", "The centre opened last week.", [("last week", "2023-04-24", "2023-04-30", "week", "relative")]),
    ("en", "Seizures rose last month.", [("last month", "2023-04-01", "2023-04-30", "month", "relative")]),
    ("en", "Earlier this month, officers trained.", [("Earlier this month", "2023-05-01", "2023-05-31", "month", "relative")]),
    ("en", "The programme ends next year.", [("next year", "2024-01-01", "2024-12-31", "year", "relative")]),
    ("en", "Revenue rose in the current fiscal year.", [("current fiscal year", "2023-01-01", "2023-12-31", "year", "relative")]),
    ("en", "Seizures rose over the past year.", [("past year", "2022-01-01", "2022-12-31", "year", "relative")]),
    ("en", "The agreement was signed a year ago.", [("a year ago", "2022-01-01", "2022-12-31", "year", "relative")]),
    ("en", "Two years ago the project started.", [("Two years ago", "2021-01-01", "2021-12-31", "year", "relative")]),
    ("en", "It was adopted three days ago.", [("three days ago", "2023-04-30", "2023-04-30", "day", "relative")]),
    ("en", "The Council met on Monday.", [("Monday", "2023-05-01", "2023-05-01", "day", "relative")]),
    ("en", "The Council will meet on Friday.", [("Friday", "2023-05-05", "2023-05-05", "day", "relative")]),
    ("en", "The talks are scheduled to resume Monday.", [("Monday", "2023-05-08", "2023-05-08", "day", "relative")]),
    ("en", "The forum opened last Friday.", [("last Friday", "2023-04-28", "2023-04-28", "day", "relative")]),
    ("en", "The forum opens next Tuesday.", [("next Tuesday", "2023-05-09", "2023-05-09", "day", "relative")]),
    ("en", "In March last year the rules changed.", [("March last year", "2022-03-01", "2022-03-31", "month", "relative")]),
    ("en", "The rules changed on 15 June of last year.", [("15 June of last year", "2022-06-15", "2022-06-15", "day", "relative")]),
    ("en", "The rules changed last June.", [("last June", "2022-06-01", "2022-06-30", "month", "relative")]),
    ("en", "The campaign starts next March.", [("next March", "2024-03-01", "2024-03-31", "month", "relative")]),
    ("en", "On Monday, 1 May 2023, the Council met.", [("Monday, 1 May 2023", "2023-05-01", "2023-05-01", "day", "")]),
    ("en", "It met in May this year.", [("May", "2023-05-01", "2023-05-31", "month", "inferred"), ("this year", "2023-01-01", "2023-12-31", "year", "relative")]),
    ("en", "It met in the last week of March.", [("March", "2023-03-01", "2023-03-31", "month", "inferred")]),
    ("en", "Profit was higher a year earlier and the previous Friday.", []),
    ("en", "Black Monday is remembered by the Board.", []),
    ("en", "Its year-end report is out.", []),
    ("ru", "Сегодня ФТС России сообщила о росте изъятий.", [("Сегодня", "2023-05-03", "2023-05-03", "day", "relative")]),
    ("ru", "Вчера состоялось заседание.", [("Вчера", "2023-05-02", "2023-05-02", "day", "relative")]),
    ("ru", "В прошлом году изъято 5 тонн.", [("прошлом году", "2022-01-01", "2022-12-31", "year", "relative")]),
    ("ru", "В этом году форум пройдёт в Москве.", [("этом году", "2023-01-01", "2023-12-31", "year", "relative")]),
    ("ru", "В текущем году план выполнен.", [("текущем году", "2023-01-01", "2023-12-31", "year", "relative")]),
    ("ru", "В следующем месяце начнётся обучение.", [("следующем месяце", "2023-06-01", "2023-06-30", "month", "relative")]),
    ("ru", "На прошлой неделе эксперты встретились.", [("прошлой неделе", "2023-04-24", "2023-04-30", "week", "relative")]),
    ("ru", "Год назад соглашение было подписано.", [("Год назад", "2022-01-01", "2022-12-31", "year", "relative")]),
    ("ru", "Два года назад проект стартовал.", [("Два года назад", "2021-01-01", "2021-12-31", "year", "relative")]),
    ("ru", "В понедельник состоялось заседание.", [("понедельник", "2023-05-01", "2023-05-01", "day", "relative")]),
    ("ru", "В пятницу состоится заседание Совета.", [("пятницу", "2023-05-05", "2023-05-05", "day", "relative")]),
    ("ru", "В прошлую пятницу прошла встреча.", [("прошлую пятницу", "2023-04-28", "2023-04-28", "day", "relative")]),
    ("ru", "В марте прошлого года правила изменились.", [("марте прошлого года", "2022-03-01", "2022-03-31", "month", "relative")]),
    ("ru", "Форум пройдёт 15 мая этого года.", [("15 мая", "2023-05-15", "2023-05-15", "day", "inferred"), ("этого года", "2023-01-01", "2023-12-31", "year", "relative")]),
    ("ru", "Форум пройдёт 15 мая следующего года.", [("15 мая следующего года", "2024-05-15", "2024-05-15", "day", "relative")]),
    ("ru", "Проект направлен на защиту окружающую среду и несколько лет назад был запущен.", []),
]
# fmt: on


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text", "expected"), RELATIVE_CASES)
def test_relative_dates_are_read_against_the_document_date(
    language: str, text: str, expected: list[Expected]
) -> None:
    doc = _doc(language, text)
    assert _rows(extract_dates([("item", doc)], reference=REFERENCE), {"item": doc}) == expected


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text", "expected"), RELATIVE_CASES)
def test_relative_dates_without_a_document_date_are_kept_unread(
    language: str, text: str, expected: list[Expected]
) -> None:
    doc = _doc(language, text)
    rows = _rows(extract_dates([("item", doc)]), {"item": doc})
    relative = [row for row in rows if row[4] == "relative"]
    assert relative == [
        (t, None, None, g, how) for t, _, _, g, how in expected if how == "relative"
    ]


# Quarters, half-years and the vague present, past and future (pipeline.stages.dates.periods),
# read against the document's date, Wednesday 3 May 2023, or against a written year.
# fmt: off
PERIOD_CASES: list[tuple[str, str, list[Expected]]] = [
    ("en", "Profit rose in the third quarter of 2022.", [("third quarter", "2022-07-01", "2022-09-30", "quarter", "on year"), ("2022", "2022-01-01", "2022-12-31", "year", "")]),
    ("en", "Its 2021 fourth quarter was weak.", [("2021", "2021-01-01", "2021-12-31", "year", ""), ("fourth quarter", "2021-10-01", "2021-12-31", "quarter", "on year")]),
    ("en", "Seizures in Q1 2023 doubled.", [("Q1", "2023-01-01", "2023-03-31", "quarter", "on year"), ("2023", "2023-01-01", "2023-12-31", "year", "")]),
    ("en", "First-quarter revenue rose.", [("First-quarter", "2023-01-01", "2023-03-31", "quarter", "relative")]),
    ("en", "Seizures fell in the third quarter.", [("third quarter", "2022-07-01", "2022-09-30", "quarter", "relative")]),
    ("en", "The audit will end in the third quarter.", [("third quarter", "2023-07-01", "2023-09-30", "quarter", "relative")]),
    ("en", "Imports rose in the fiscal second quarter.", [("fiscal second quarter", "2023-04-01", "2023-06-30", "quarter", "relative")]),
    ("en", "Revenue rose last quarter and will rise next quarter.", [("last quarter", "2023-01-01", "2023-03-31", "quarter", "relative"), ("next quarter", "2023-07-01", "2023-09-30", "quarter", "relative")]),
    ("en", "Revenue in the latest quarter rose.", [("latest quarter", "2023-01-01", "2023-03-31", "quarter", "relative")]),
    ("en", "Third-quarter profit rose from a year earlier and from the year-ago level.", [("Third-quarter", "2022-07-01", "2022-09-30", "quarter", "relative"), ("a year earlier", "2021-07-01", "2021-09-30", "quarter", "relative"), ("year-ago", "2021-07-01", "2021-09-30", "quarter", "relative")]),
    ("en", "Profit in the first quarter of 2022 rose from a year ago.", [("first quarter", "2022-01-01", "2022-03-31", "quarter", "on year"), ("2022", "2022-01-01", "2022-12-31", "year", ""), ("a year ago", "2021-01-01", "2021-03-31", "quarter", "on year")]),
    ("en", "The plan for the first half of 2024 is ready.", [("first half", "2024-01-01", "2024-06-30", "half", "on year"), ("2024", "2024-01-01", "2024-12-31", "year", "")]),
    ("en", "The WCO now trains officers; it recently opened a centre and will grow in the future.", [("now", "2023-05-03", "2023-05-03", "present", "relative"), ("recently", None, None, "past", "relative"), ("the future", None, None, "future", "relative")]),
    ("en", "Customs currently use the system.", [("currently", "2023-05-03", "2023-05-03", "present", "relative")]),
    ("ru", "В I квартале 2023 года изъято 5 тонн.", [("I квартале", "2023-01-01", "2023-03-31", "quarter", "on year"), ("2023 года", "2023-01-01", "2023-12-31", "year", "")]),
    ("ru", "В первом полугодии 2022 г. доходы выросли.", [("первом полугодии", "2022-01-01", "2022-06-30", "half", "on year"), ("2022 г.", "2022-01-01", "2022-12-31", "year", "")]),
    ("ru", "В четвёртом квартале доходы выросли.", [("четвёртом квартале", "2022-10-01", "2022-12-31", "quarter", "relative")]),
    ("ru", "В 3-м квартале пройдёт форум.", [("3-м квартале", "2023-07-01", "2023-09-30", "quarter", "relative")]),
    ("ru", "В прошлом квартале и в текущем полугодии объём вырос.", [("прошлом квартале", "2023-01-01", "2023-03-31", "quarter", "relative"), ("текущем полугодии", "2023-01-01", "2023-06-30", "half", "relative")]),
    ("ru", "В первой половине 2024 года доходы выросли.", [("первой половине", "2024-01-01", "2024-06-30", "half", "on year"), ("2024 года", "2024-01-01", "2024-12-31", "year", "")]),
    ("ru", "Сейчас и в настоящее время система работает, недавно её обновили, в будущем расширят.", [("Сейчас", "2023-05-03", "2023-05-03", "present", "relative"), ("настоящее время", "2023-05-03", "2023-05-03", "present", "relative"), ("недавно", None, None, "past", "relative"), ("будущем", None, None, "future", "relative")]),
    ("ru", "В будущем году форум пройдёт в Москве.", [("будущем году", "2024-01-01", "2024-12-31", "year", "relative")]),
]
# fmt: on


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text", "expected"), PERIOD_CASES)
def test_quarters_halves_and_vague_references(
    language: str, text: str, expected: list[Expected]
) -> None:
    doc = _doc(language, text)
    assert _rows(extract_dates([("item", doc)], reference=REFERENCE), {"item": doc}) == expected


@pytest.mark.slow
@pytest.mark.parametrize(("language", "text", "expected"), PERIOD_CASES)
def test_periods_without_a_document_date_keep_only_written_years(
    language: str, text: str, expected: list[Expected]
) -> None:
    doc = _doc(language, text)
    rows = _rows(extract_dates([("item", doc)]), {"item": doc})
    assert rows == [
        (t, None, None, g, how) if how == "relative" else (t, s, e, g, how)
        for t, s, e, g, how in expected
    ]


# (language, item texts of one document, yearless expression, its start, inferred_year)
# A missing year comes from the news' own dates, never from a background year.
# fmt: off
CONTEXT_CASES: list[tuple[str, list[str], str, str | None, bool]] = [
    ("en", ["The WCO, established in 1953, held a seminar on 5 May.", "The Council met on 3 March 2022."], "5 May", "2022-05-05", True),
    ("en", ["Since 1994 the centre has trained officers; the next course opens on 5 May."], "5 May", None, True),
    ("en", ["The Kyoto Convention of 1973 was discussed on 12 June.", "In March 2021 the review began."], "12 June", "2021-06-12", True),
    ("en", ["The 1999 Convention was discussed on 12 June.", "In March 2021 the review began."], "12 June", "2021-06-12", True),
    ("en", ["In 2015 the programme was launched. On 12 June, experts met again.", "The strategy was adopted on 3 March 2022."], "12 June", "2022-06-12", True),
    ("en", ["The plan for 2022 was adopted. The review closes on 26 January."], "26 January", "2022-01-26", True),
    ("en", ["The forum met on 3 March 2021.", "The board met on 5 May 2022.", "Its review is due on 26 January."], "26 January", None, True),
    ("en", ["The system, launched by the Committee on February 13, 2013, is used widely. As of September 1, 500 people used it.", "The board met on 5 May 2022."], "September 1", "2022-09-01", True),
    ("en", ["The system, launched by the Committee on February 13, 2013, is used widely. As of September 1, 500 people used it.", "The board met on 5 May 2022.", "Talks were held on 3 March 2020."], "September 1", None, True),
    ("en", ["The plan for 2022-2025 was discussed on 3 October.", "The Council met on 8 September 2025."], "3 October", "2025-10-03", True),
    ("ru", ["ВТамО, созданная в 1952 году, провела семинар 5 мая.", "Совет заседал 3 марта 2022 года."], "5 мая", "2022-05-05", True),
    ("ru", ["С 1994 года центр обучает сотрудников; следующий курс начнётся 5 мая."], "5 мая", None, True),
    ("ru", ["Положения Киотской конвенции 1973 года обсуждались 12 июня.", "В марте 2021 г. начался пересмотр."], "12 июня", "2021-06-12", True),
    ("ru", ["В 2015 году программа была запущена. 12 июня эксперты встретились вновь.", "Стратегия принята 3 марта 2022 года."], "12 июня", "2022-06-12", True),
    ("ru", ["План на 2022 год утверждён. Обзор завершится 26 января."], "26 января", "2022-01-26", True),
    ("ru", ["В 2021 году лаборатория получила статус, 25-26 апреля там пройдёт заседание.", "Форум прошёл 8 сентября 2022 года."], "25-26 апреля", None, True),
    ("ru", ["Лаборатория получила статус в 2021 году, а 25-26 апреля там пройдёт заседание.", "Форум прошёл 8 сентября 2022 года."], "25-26 апреля", None, True),
    ("ru", ["В 2021 году лаборатория получила статус, а 25-26 апреля там прошло заседание."], "25-26 апреля", "2021-04-25", True),
    ("en", ["Officers at the airport finished out 2019 with three seizures. On November 27 they found cocaine in a bag."], "November 27", "2019-11-27", True),
    ("ru", ["Глава комитета заявил 12 сентября, что отчёт за 2024 год принят.", "Форум прошёл 8 сентября 2025 года."], "12 сентября", "2025-09-12", True),
    ("ru", ["План сотрудничества на 2024-2026 годы обсудили 3 октября.", "Форум прошёл 8 сентября 2025 года."], "3 октября", "2025-10-03", True),
    ("ru", ["Заседание состоится 25-26 апреля.", "Совет собрался 12 мая 2021 года.", "Форум прошёл 8 сентября 2025 года."], "25-26 апреля", None, True),
]
# fmt: on


@pytest.mark.slow
@pytest.mark.parametrize(("language", "texts", "target", "start", "inferred"), CONTEXT_CASES)
def test_missing_year_comes_from_the_news_own_dates(
    language: str, texts: list[str], target: str, start: str | None, inferred: bool
) -> None:
    docs = {f"i{n}": _doc(language, text) for n, text in enumerate(texts)}
    mentions = extract_dates(list(docs.items()))
    found = [m for m in mentions if m.text == target]
    assert len(found) == 1, _rows(mentions, docs)
    got = found[0].start.isoformat() if found[0].start else None
    assert (got, found[0].inferred_year) == (start, inferred)


@pytest.mark.slow
def test_reference_date_is_the_last_source_of_a_year() -> None:
    doc = _doc("en", "Its review is due on 26 January.")
    mentions = extract_dates([("a", doc)], reference=dt.date(2019, 6, 1))
    assert (mentions[0].start, mentions[0].inferred_year) == (dt.date(2019, 1, 26), True)


# The document's news dates, all in one year, give an item without its own date their
# year before the document's date does: a digest dated June 2024 reporting a December.
@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "texts", "target"),
    [
        (
            "en",
            ["The forum met on 5 March 2024.", "Astana, 11 December. Officers seized cloth."],
            "11 December",
        ),
        (
            "ru",
            ["Форум прошёл 5 марта 2024 года.", "Астана. 11 декабря. Таможенники изъяли одежду."],
            "11 декабря",
        ),
    ],
)
def test_document_news_year_comes_before_the_document_date(
    language: str, texts: list[str], target: str
) -> None:
    docs = {f"i{n}": _doc(language, text) for n, text in enumerate(texts)}
    mentions = extract_dates(list(docs.items()), reference=dt.date(2024, 6, 12))
    found = [m for m in mentions if m.text == target]
    assert [(m.start, m.inferred_year) for m in found] == [(dt.date(2024, 12, 11), True)]


# The document's date dates an item without dates of its own only when the document's
# news dates lie within a year of it; a file of stories from several years is not
# dated by its publication.
@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "texts", "target", "expected"),
    [
        (
            "en",
            [
                "Officers met on 19 June 2025.",
                "The port was searched on 22 December 2024.",
                "On 10 November a traveller was stopped.",
            ],
            "10 November",
            dt.date(2024, 11, 10),
        ),
        (
            "en",
            [
                "Officers met on 19 June 2025.",
                "The port was searched on 22 December 2015.",
                "On 10 November a traveller was stopped.",
            ],
            "10 November",
            None,
        ),
        (
            "ru",
            [
                "Совещание прошло 19 июня 2025 года.",
                "Досмотр провели 7 мая 2020 года.",
                "10 ноября задержан пассажир.",
            ],
            "10 ноября",
            None,
        ),
    ],
)
def test_document_date_dates_items_only_when_its_news_agree(
    language: str, texts: list[str], target: str, expected: dt.date | None
) -> None:
    docs = {f"i{n}": _doc(language, text) for n, text in enumerate(texts)}
    mentions = extract_dates(list(docs.items()), reference=dt.date(2025, 6, 20))
    found = [m for m in mentions if m.text == target]
    assert [(m.start, m.inferred_year) for m in found] == [(expected, True)]


def test_language_argument_overrides_the_doc() -> None:
    doc = spacy.blank("xx")("Семинар прошёл 22 октября 2020 г.")
    mentions = extract_dates([("a", doc)], language="ru")
    assert [m.text for m in mentions] == ["22 октября 2020 г."]
