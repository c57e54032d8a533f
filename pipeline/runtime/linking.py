"""Linking out of core: two passes over the mention parts a run wrote.

1. Each staging part of mentions is read and grouped by pyarrow into its
   distinct forms (label, key, text, normal form, count), summed over the parts,
   and the distinct acronym pairs learned are collected; the link stage
   (`plan_entities`) turns those into entity ids and entities. Memory follows
   one part and the number of distinct names, not the number of mentions.
   (DuckDB did this before: its import and connection cost 0.2 s of every run,
   a tenth of a one-file run, for the same bound, since the distinct forms are
   held in memory by the link stage anyway.)
2. The engine rewrites each staging part as a part of the mentions table with
   its entity ids (`pipeline.runtime.tasks.link_part`), and counts distinct
   items per entity on the way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.records import Entity
from pipeline.runtime.engine import Engine
from pipeline.runtime.registry import stage
from pipeline.runtime.tasks import EntityIds, LinkTask, link_part, staging_folder
from pipeline.stages.link import Form
from pipeline.tables import PART_GLOB

_FORM_COLUMNS = ["label", "key", "text", "normal"]
_LEARNED_COLUMNS = ["short", "long", "label"]


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
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for part in sorted(staging_folder(version, "mentions").glob(PART_GLOB)):
        table = pq.read_table(part, columns=_FORM_COLUMNS)
        grouped = table.group_by(_FORM_COLUMNS, use_threads=False).aggregate([([], "count_all")])
        columns = [grouped.column(name).to_pylist() for name in [*_FORM_COLUMNS, "count_all"]]
        for label, key, text, normal, n in zip(*columns, strict=True):
            counts[(label, key, text, normal or text)] += n
    learned: set[tuple[str, str, str]] = set()
    for part in sorted(staging_folder(version, "learned").glob(PART_GLOB)):
        rows = pq.read_table(part, columns=_LEARNED_COLUMNS).to_pylist()
        learned.update((row["short"], row["long"], row["label"]) for row in rows)
    forms = [Form(*form, n) for form, n in counts.items()]
    return forms, sorted(learned)
