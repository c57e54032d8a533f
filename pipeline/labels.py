"""Entity labels: the project's own, the numeric ones, and how foreign labels map."""

from __future__ import annotations

# The labels this project owns, in the order reports and scores list them.
CORE_LABELS = ("ORG", "PERSON", "FUND", "GPE")
# Dates and numbers belong to the dates and counts tables: never mentions.
NUMERIC_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
# spaCy's LOC and FAC (airports, ports, roads: places by the conventions) and natasha's
# LOC/PER fold into the tables' one place and one person label.
_FOLDED = {"LOC": "GPE", "FAC": "GPE", "PER": "PERSON"}


def table_label(label: str) -> str:
    """The label a mention carries in the tables: LOC, FAC -> GPE, PER -> PERSON, others as
    they are."""
    return _FOLDED.get(label, label)
