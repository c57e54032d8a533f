"""Where an entity is: the place a GPE names, the country an organization's name holds.

Used by linking (`pipeline.stages.link`) on the distinct names of the corpus, so
its cost follows the number of names, not of mentions. The gazetteer
(`pipeline.stages.gazetteer`) does the reading; this module decides what an
entity gets:

- a GPE form is the place the gazetteer finds for its normal form, else for its
  text ("Республики Корея" -> South Korea, "Brussels" -> the city in BE);
- an organization's country is the one country its name holds ("Customs
  Administration of the Netherlands" -> NL, "Таможенная служба Армении" -> AM,
  "Korea Customs Service" -> KR), and none when the name holds two countries or
  a region spanning several ("Technical Assistance Center for Central America,
  Panama and the Dominican Republic", "ROCB Europe"): such a body is regional.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.stages.gazetteer import Place, language_of, lookup, places_in

# Labels whose entities get a country: places, and organizations named after one.
PLACE_LABEL = "GPE"
ORGANIZATION_LABEL = "ORG"


def place_of(text: str, normal: str | None = None) -> Place | None:
    """The place a GPE mention names: by its normal form first, then as written."""
    for form in (normal, text):
        if form:
            place = lookup(form, language_of(form))
            if place is not None:
                return place
    return None


def organization_country(name: str) -> str | None:
    """The alpha-2 code of the one country an organization's name holds, else None."""
    codes: set[str] = set()
    for place in places_in(name, language_of(name)):
        if place.country_code is None:
            return None  # "for the MENA region", "for Central America": a regional body
        codes.add(place.country_code)
    return codes.pop() if len(codes) == 1 else None


def organization_country_of(names: Iterable[str]) -> str | None:
    """The country of the first of `names` (preferred name, then other forms) holding one."""
    for name in names:
        code = organization_country(name)
        if code is not None:
            return code
    return None
