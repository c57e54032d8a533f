"""Writes data/raw: sample sources retelling the WCO news of the seed digests.

The sentences are our own; the facts, figures, names, layout and quirks
(rubric lines, section headers, author lines, non-breaking spaces, CRLF
newlines, a BOM, a cp1251 file) carry over from real sources. Run once; the
files are committed.
"""

# ruff: noqa: E501  (a paragraph of a sample document is one line, as in the sources)

from pathlib import Path

NB = "\u00a0"
RAW = Path(__file__).resolve().parents[1] / "data" / "raw"

digest_2022 = f"""Рубрика: WCO




Dear friends and colleagues!

This issue opens a new set of publications on the work of the World Customs Organization (WCO). Our first piece is a review of how observers take part in the Organization, prepared by Sergei Mozer, Ph.D, a senior researcher with the Research Institute of the Russian Customs Academy.



Dear friends and colleagues!

Readers can now consult a glossary of WCO customs terms that the author drew up in 2021 while taking part in the Revised Kyoto Convention Management Committee, whose work brings together the{NB}WCO Secretariat, observers such as the Eurasian Economic Commission and the wider customs community.

Europe region Members of the WCO compare notes on cross-border e-commerce

The World Customs Organization (WCO) ran an online regional workshop on cross-border e-commerce for its Europe region from 24 to 28 January 2022. The Europe Regional Office for Capacity Building (ROCB Europe) supplied the interpretation and the conferencing platform. Close to 100 experts from 37 Member Customs administrations and from postal operators of the Europe region took part, with speakers from the Universal Postal Union, the Global Express Association, the Organisation for Economic Cooperation and Development, Alibaba Cainiao, Amazon and DHL.

WCO Annual Report 2020-2021

The World Customs Organization has released its annual report covering 2020-2021. It is available online

WCO News


International Customs Day 2022 to focus on a data culture

Secretary General Kunio Mikuriya of the World Customs Organization (WCO) announced the slogan of International Customs Day (ICD), which falls on 26 January every year: in 2022 administrations are asked to scale up their digital transformation by building a data culture and a data ecosystem.

Disruptive technology workshop held for the ESA and WCA regions

Customs experts of the WCO East and Southern Africa (ESA) and West and Central Africa (WCA) regions met online from 17 to 19 January 2022 to share experience of disruptive technologies, with funding from the Korea Customs Cooperation Fund (CCF Korea). The series of regional workshops on the topic began in March 2021 and this was its fourth event.

The WCO Environment Programme issues a guide to environmental agreements

A new guide from the WCO Environment Programme summarises for frontline officers the Basel Convention, the Convention on International Trade in Endangered{NB}Species{NB}of Wild Fauna and Flora (CITES), the Cartagena Protocol and the Montreal Protocol.

WCO Data Model version 3.11.0 released in interactive form

The Data Model Projects Team (DMPT) keeps the WCO Data Model current through yearly releases. Version{NB}3.11.0 came out in December 2021, after the DMPT met from September 2020 to April 2021 to review change requests.

Advanced Course on Tax and Customs Administration Management opens

The 2021 edition of the Advanced Course on Tax and Customs Administration Management began on 17 November 2021, run by the International Monetary Fund (IMF) through its Technical Assistance Center for Central America, Panama and the Dominican Republic (CAPTAC-DR) together with the Institute of Fiscal Studies of Spain (IEF), the National Distance Education University (UNED) and the WCO, with support from the SECO-WCO Global Trade Facilitation Programme (GTFP)."""

digest_2020 = f"""Рубрика: ВТамО

Asia/Pacific heads of Customs meet in a joint virtual session

Dr. Kunio Mikuriya, WCO Secretary General, joined the Joint Session of the 21st Regional Heads of Customs Administrative Conference and the 30th Regional Contact Point Meeting for the Asia/Pacific region on 12 November 2020, at the invitation of Mr. Heru Pambudi, Director General of Customs and Excise of the Republic of Indonesia and WCO Vice-Chair for the region. The two meetings were merged because the COVID-19 pandemic had postponed both.

WCO Working Group on Performance Measurement plans its next steps

The WCO Working Group on Performance Measurement (WGPM) held the virtual part of its 2nd{NB}Meeting on 23{NB}October 2020 and agreed an updated workplan towards a WCO Performance Measurement Mechanism (PMM).

Germany sets up a Customs Cooperation Fund

An agreement between the World Customs Organization and the Central Customs Authority of the Federal Republic of Germany creates a Customs Cooperation Fund (CCF-Germany). CCF-Germany money will support capacity building in member countries of the European Union and in countries of the European Neighbourhood Policy.



Сергей Мозер

Российская таможенная академия 22–23 октября 2020 г. провела в онлайн-формате XII Международную научно-практическую конференцию о развитии таможенных администраций в условиях евразийской интеграции.

First Global Railway Workshop gathers Customs and data experts

The World Customs Organization (WCO) held its first Global Railway Workshop online from 13 to 16 October 2020 on the KUDO platform, with support from CCF Korea. Over 120 participants from Member Customs administrations and 30 speakers from administrations, international organizations and academia discussed railway transit procedures and standardized datasets.
"""

ru_news = """Рубрика: ВТамО

ВТамО провела семинар по электронной торговле

С 24 по 28 января 2022 года Всемирная таможенная организация (ВТамО) провела онлайн-семинар по трансграничной электронной торговле для региона Европа. В семинаре участвовали около 100 экспертов из 37 таможенных администраций.

Годовой отчёт ВТамО

Всемирная таможенная организация опубликовала отчёт о своей деятельности в 2020–2021 годах. Более 180 членов организации получили доступ к отчёту.
"""

single = "Kunio Mikuriya, Secretary General of the WCO, addressed more than 50 delegates in Brussels on 3 May 2021."


def main() -> None:
    for folder in ("2022", "2020", "ru", "quarantine_demo"):
        (RAW / folder).mkdir(parents=True, exist_ok=True)
    (RAW / "2022" / "wco_digest_january.txt").write_text(digest_2022, encoding="utf-8")
    # Windows newlines and a byte-order mark, as some exports have.
    (RAW / "2020" / "wco_digest_november.txt").write_bytes(
        b"\xef\xbb\xbf" + digest_2020.replace("\n", "\r\n").encode("utf-8")
    )
    (RAW / "ru" / "vtamo_news.txt").write_bytes(ru_news.encode("cp1251"))
    (RAW / "single_paragraph.txt").write_text(single, encoding="utf-8")
    (RAW / "quarantine_demo" / "empty.txt").write_bytes(b"")


if __name__ == "__main__":
    main()
