"""Canonical entities: link mentions that name the same thing.

Two surface forms are one entity, under one label, when
- they fold to the same key (case, spaces, NBSP, hyphens and punctuation ignored;
  Russian mentions by their normal, nominative form): "CCF-Germany" = "CCF Germany";
- the curated alias table `models/aliases.tsv` puts them together, across
  languages: WCO = World Customs Organization = ВТамО = Всемирная таможенная организация;
- acronym detection paired them somewhere in the corpus ("ROCB Europe" /
  "Europe Regional Office for Capacity Building"). A short form paired with two
  different long forms under one label is ambiguous and links no long form.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.records import Entity, Mention
from pipeline.settings import MODELS_DIR
from pipeline.text import fold

ALIAS_TABLE = MODELS_DIR / "aliases.tsv"

Key = tuple[str, str]  # (label, folded surface form)


def read_alias_table(path: Path = ALIAS_TABLE) -> list[tuple[str, str, str]]:
    """Rows (label, preferred name, alias) of the alias table; '#' lines are comments."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise ValueError(f"{path}:{n}: expected 'label<TAB>name<TAB>alias', got {line!r}")
        label, name, alias = (p.strip() for p in parts)
        rows.append((label, name, alias))
    return rows


class _Groups:
    """Union-find over keys; the smallest key is the root, so results are deterministic."""

    def __init__(self) -> None:
        self.parent: dict[Key, Key] = {}

    def find(self, key: Key) -> Key:
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: Key, b: Key) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = sorted((ra, rb))
            self.parent[high] = low


def entity_id(label: str, name: str) -> str:
    """Stable id of an entity: a hash of its label and folded name."""
    digest = hashlib.sha1(f"{label}\t{fold(name)}".encode()).hexdigest()
    return f"E{digest[:15]}"


def _surface(mention: Mention) -> str:
    return mention.normal or mention.text


def link_entities(
    mentions: Sequence[Mention],
    learned: Iterable[tuple[str, str, str]],
    aliases: Sequence[tuple[str, str, str]] | None = None,
) -> tuple[list[Mention], list[Entity]]:
    """Give each mention an `entity_id` and build the canonical entities.

    In: mentions (any order, any items), the (short, long, label) pairs acronym
    detection learned over the corpus, and optionally alias rows (label, name,
    alias); by default the table in `models/aliases.tsv`.
    Out: the mentions in the same order with `entity_id` set, and the entities
    sorted by label then name; `name` is the table's preferred name, else the
    longest long form learned, else the most frequent surface form; `aliases` are
    every form seen (mention texts, normal forms, learned pairs) plus the name.
    """
    table = read_alias_table() if aliases is None else list(aliases)
    groups = _Groups()
    preferred: dict[Key, str] = {}
    for label, name, alias in table:
        groups.union((label, fold(name)), (label, fold(alias)))
        preferred[(label, fold(name))] = name
    table_keys = {(label, fold(form)) for label, name, alias in table for form in (name, alias)}

    learned = sorted(set(learned))
    long_forms: dict[Key, set[str]] = defaultdict(set)
    for short, long, label in learned:
        long_forms[(label, fold(short))].add(fold(long))
    seen_forms: dict[Key, set[str]] = defaultdict(set)
    long_keys: set[Key] = set()
    for short, long, label in learned:
        short_key, long_key = (label, fold(short)), (label, fold(long))
        if len(long_forms[short_key]) > 1 and short_key not in table_keys:
            continue  # "DM" meaning two things in two documents: link neither
        groups.union(short_key, long_key)
        seen_forms[short_key].add(short)
        seen_forms[long_key].add(long)
        long_keys.add(long_key)

    keys = [(m.label, fold(_surface(m))) for m in mentions]
    for key in keys:
        groups.find(key)

    members: dict[Key, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        members[groups.find(key)].append(i)

    keys_by_root: dict[Key, list[Key]] = defaultdict(list)
    for key in list(groups.parent):
        keys_by_root[groups.find(key)].append(key)

    ids: dict[Key, str] = {}
    entities = []
    for root, indexes in members.items():
        label = root[0]
        group_keys = keys_by_root[root]
        name = _name(
            [mentions[i] for i in indexes],
            [preferred[k] for k in group_keys if k in preferred],
            [form for k in group_keys if k in long_keys for form in seen_forms[k]],
        )
        forms = {name}
        for i in indexes:
            forms.update({mentions[i].text, _surface(mentions[i])})
        for k in group_keys:
            forms.update(seen_forms.get(k, ()))
        ids[root] = entity_id(label, name)
        entities.append(
            Entity(
                entity_id=ids[root],
                label=label,
                name=name,
                aliases=sorted(forms),
                n_mentions=len(indexes),
                n_items=len({mentions[i].item_id for i in indexes}),
            )
        )
    linked = [
        dataclasses.replace(m, entity_id=ids[groups.find(key)])
        for m, key in zip(mentions, keys, strict=True)
    ]
    entities.sort(key=lambda e: (e.label, e.name, e.entity_id))
    return linked, entities


def _name(mentions: list[Mention], preferred: list[str], long_forms: list[str]) -> str:
    """The table's name, else the longest learned long form, else the commonest form."""
    if preferred:
        return sorted(preferred)[0]
    if long_forms:
        return sorted(long_forms, key=lambda f: (-len(f), f))[0]
    counts = Counter(_surface(m) for m in mentions)
    return sorted(counts, key=lambda f: (-counts[f], -len(f), f))[0]
