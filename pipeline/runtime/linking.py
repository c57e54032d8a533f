"""Linking out of core: two passes over the mention parts a run wrote.

1. DuckDB reads the staging parts of mentions and learned acronyms and
   aggregates them to distinct forms (label, key, text, normal form, count)
   and distinct acronym pairs; the link stage (`plan_entities`) turns those into
   entity ids and entities. Memory follows the number of distinct names, and
   DuckDB spills to disk past its memory limit.
2. The engine rewrites each staging part as a part of the mentions table with
   its entity ids (`pipeline.runtime.tasks.link_part`), and counts distinct
   items per entity on the way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.records import Entity
from pipeline.runtime.engine import Engine
from pipeline.runtime.registry import stage
from pipeline.runtime.tasks import STAGING, EntityIds, LinkTask, link_part, staging_folder
from pipeline.stages.link import Form
from pipeline.tables import PART_GLOB

DUCKDB_MEMORY = "128MB"  # DuckDB spills to its temporary folder beyond this


@dataclass(slots=True)
class Linked:
    """What linking gave: the entities and the mentions it counted."""

    entities: list[Entity] = field(default_factory=list)
    mentions: int = 0
    mentions_by_label: dict[str, int] = field(default_factory=dict)


def link_mentions(version: Path, n_parts: int, engine: Engine) -> Linked:
    """Write the mentions table of `version` (parts 0..n_parts-1) with entity ids."""
    if n_parts == 0:
        return Linked()
    forms, learned = gather(version)
    plan = stage("link").load()(forms, learned)
    ids = engine.share(EntityIds.from_mapping(plan.ids))
    n_items: Counter[str] = Counter()
    tasks = (LinkTask(index, str(version)) for index in range(n_parts))
    engine.map(link_part, tasks, n_items.update, ids)
    by_label: Counter[str] = Counter()
    for form in forms:
        by_label[form.label] += form.n
    return Linked(
        entities=plan.with_items(n_items),
        mentions=sum(by_label.values()),
        mentions_by_label=dict(sorted(by_label.items())),
    )


def gather(version: Path) -> tuple[list[Form], list[tuple[str, str, str]]]:
    """Distinct mention forms with their counts, and distinct learned acronym pairs."""
    import duckdb

    mentions = _literal(staging_folder(version, "mentions") / PART_GLOB)
    learned = _literal(staging_folder(version, "learned") / PART_GLOB)
    spill = version / STAGING / "duckdb"
    con = duckdb.connect(
        ":memory:",
        config={"memory_limit": DUCKDB_MEMORY, "temp_directory": str(spill), "threads": 2},
    )
    try:
        rows = con.sql(
            "SELECT label, key, text, coalesce(nullif(normal, ''), text) AS surface,"
            f" count(*) AS n FROM read_parquet({mentions}) GROUP BY ALL"
        ).fetchall()
        pairs = con.sql(f"SELECT DISTINCT short, long, label FROM read_parquet({learned})")
        learned_pairs = [(short, long, label) for short, long, label in pairs.fetchall()]
    finally:
        con.close()
    return [Form(*row) for row in rows], learned_pairs


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
