"""Canonical entities: link mentions that name the same thing.

Two surface forms are one entity, under one label, when
- they fold to the same key (case, spaces, NBSP, hyphens and punctuation ignored;
  Russian mentions by their normal, nominative form): "CCF-Germany" = "CCF Germany";
- the curated alias table `models/aliases.tsv` puts them together, across
  languages: WCO = World Customs Organization = ВТамО = Всемирная таможенная организация;
- acronym detection paired them somewhere in the corpus ("ROCB Europe" /
  "Europe Regional Office for Capacity Building"). A short form paired with two
  different long forms under one label is ambiguous and links no long form;
- they are GPE and the gazetteer finds the same place for both
  (`pipeline.stages.places`): "Republic of Korea" = "Korea" = "Республики Корея"
  = South Korea, across languages and official and short names.

A place entity is named by the gazetteer's canonical English name ("South
Korea", "North of Africa, Near and Middle East") and carries its kind
(`place_kind`: country, city, region, wco_region) and ISO 3166-1 alpha-2
`country_code`; an organization gets the code of the one country its name holds.

Linking needs the distinct surface forms of the corpus, not its mentions: the
run gathers `Form` rows (label, key, text, surface form, how many mentions) one
mention part at a time (`pipeline.runtime.linking`), `plan_entities` turns them into
entity ids and entities, and the mention parts are rewritten with the ids. Its
memory follows the number of distinct names. `link_entities` does the same for
mentions held in memory.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.records import Entity, Mention
from pipeline.settings import MODELS_DIR
from pipeline.stages.gazetteer import Place
from pipeline.stages.places import (
    ORGANIZATION_LABEL,
    PLACE_LABEL,
    organization_country_of,
    place_of,
)
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


def mention_key(text: str, normal: str | None) -> str:
    """What a mention is linked by, under its label: its folded normal form, else its text."""
    return fold(normal or text)


@dataclass(frozen=True, slots=True)
class Form:
    """One distinct surface form of the corpus and how many mentions carry it."""

    label: str
    key: str  # mention_key(text, normal)
    text: str  # the mention's text
    surface: str  # its normal form, else its text
    n: int  # mentions with exactly these four values


@dataclass(slots=True)
class EntityPlan:
    """Entity ids by (label, key), and the entities (without `n_items`, counted apart)."""

    ids: dict[Key, str]
    entities: list[Entity]

    def with_items(self, n_items: Mapping[str, int]) -> list[Entity]:
        """The entities with `n_items` (distinct items per entity id) filled in."""
        return [dataclasses.replace(e, n_items=n_items.get(e.entity_id, 0)) for e in self.entities]


def plan_entities(
    forms: Iterable[Form],
    learned: Iterable[tuple[str, str, str]],
    aliases: Sequence[tuple[str, str, str]] | None = None,
) -> EntityPlan:
    """Canonical entities of the corpus from its distinct forms.

    In: the distinct forms (any order), the (short, long, label) pairs acronym
    detection learned over the corpus, and optionally alias rows (label, name,
    alias); by default the table in `models/aliases.tsv`.
    Out: the entity id of every (label, key) and the entities sorted by label
    then name; `name` is the place's canonical name for a GPE the gazetteer
    knows, else the table's preferred name, else the longest long form learned,
    else the most frequent surface form; `aliases` are every form seen (mention
    texts, normal forms, learned pairs) plus the name. GPE forms naming one
    place are one entity, with its `place_kind` and `country_code`; an ORG gets
    the code of the country its name (else another of its forms) holds.
    """
    table = read_alias_table() if aliases is None else list(aliases)
    groups = _Groups()
    preferred: dict[Key, str] = {}
    for label, name, alias in table:
        groups.union((label, fold(name)), (label, fold(alias)))
        preferred[(label, fold(name))] = name
    table_keys = {(label, fold(form)) for label, name, alias in table for form in (name, alias)}
    learned_pairs = _learn_pairs(learned, groups, table_keys)

    ordered = sorted(forms, key=lambda f: (f.label, f.key, f.text, f.surface))
    places = _join_places(ordered, groups)
    members: dict[Key, list[Form]] = defaultdict(list)
    for form in ordered:
        members[groups.find((form.label, form.key))].append(form)
    keys_by_root: dict[Key, list[Key]] = defaultdict(list)
    for key in list(groups.parent):
        keys_by_root[groups.find(key)].append(key)

    ids: dict[Key, str] = {}
    entities = []
    for root, group in members.items():
        entity = _entity(root[0], group, keys_by_root[root], preferred, learned_pairs, places)
        for form in group:
            ids[(form.label, form.key)] = entity.entity_id
        entities.append(entity)
    entities.sort(key=lambda e: (e.label, e.name, e.entity_id))
    return EntityPlan(ids, entities)


@dataclass(slots=True)
class _Learned:
    """What acronym detection taught: the surface forms of each paired key, and which
    keys are long forms."""

    seen_forms: dict[Key, set[str]]
    long_keys: set[Key]


def _learn_pairs(
    learned: Iterable[tuple[str, str, str]], groups: _Groups, table_keys: set[Key]
) -> _Learned:
    """Join each learned short form with its long form, unless it is ambiguous."""
    pairs = sorted(set(learned))
    long_forms: dict[Key, set[str]] = defaultdict(set)
    for short, long, label in pairs:
        long_forms[(label, fold(short))].add(fold(long))
    found = _Learned(defaultdict(set), set())
    for short, long, label in pairs:
        short_key, long_key = (label, fold(short)), (label, fold(long))
        if len(long_forms[short_key]) > 1 and short_key not in table_keys:
            continue  # "DM" meaning two things in two documents: link neither
        groups.union(short_key, long_key)
        found.seen_forms[short_key].add(short)
        found.seen_forms[long_key].add(long)
        found.long_keys.add(long_key)
    return found


def _entity(
    label: str,
    group: list[Form],
    group_keys: list[Key],
    preferred: dict[Key, str],
    learned: _Learned,
    places: Mapping[Form, Place],
) -> Entity:
    """The entity of one group of forms: its name, aliases, counts and country."""
    surfaces: Counter[str] = Counter()
    for form in group:
        surfaces[form.surface] += form.n
    place = _place(group, places)
    name = (
        place.name
        if place
        else _name(
            surfaces,
            [preferred[k] for k in group_keys if k in preferred],
            [form for k in group_keys if k in learned.long_keys for form in learned.seen_forms[k]],
        )
    )
    names = {name}
    for form in group:
        names.update({form.text, form.surface})
    for k in group_keys:
        names.update(learned.seen_forms.get(k, ()))
    return Entity(
        entity_id=entity_id(label, name),
        label=label,
        name=name,
        aliases=sorted(names),
        n_mentions=sum(form.n for form in group),
        n_items=0,
        country_code=place.country_code if place else _country(label, name, surfaces),
        place_kind=place.kind if place else None,
    )


def link_entities(
    mentions: Sequence[Mention],
    learned: Iterable[tuple[str, str, str]],
    aliases: Sequence[tuple[str, str, str]] | None = None,
) -> tuple[list[Mention], list[Entity]]:
    """Give each mention held in memory an `entity_id` and build the canonical entities.

    The same as a run does out of core (see `plan_entities`): the mentions come
    back in the same order with `entity_id` set, with the entities.
    """
    keys = [(m.label, mention_key(m.text, m.normal)) for m in mentions]
    counted = Counter(
        (label, key, m.text, m.normal or m.text)
        for m, (label, key) in zip(mentions, keys, strict=True)
    )
    plan = plan_entities(
        (Form(label, key, text, surface, n) for (label, key, text, surface), n in counted.items()),
        learned,
        aliases,
    )
    linked = [
        dataclasses.replace(m, entity_id=plan.ids[key])
        for m, key in zip(mentions, keys, strict=True)
    ]
    items = Counter(entity for entity, _ in {(m.entity_id, m.item_id) for m in linked})
    return linked, plan.with_items({str(k): n for k, n in items.items()})


def _join_places(forms: Sequence[Form], groups: _Groups) -> dict[Form, Place]:
    """The place of each GPE form the gazetteer knows; forms of one place joined."""
    places: dict[Form, Place] = {}
    for form in forms:
        if form.label != PLACE_LABEL:
            continue
        place = place_of(form.text, form.surface)
        if place is not None:
            places[form] = place
            anchor = f"\x1fplace\x1f{place.kind}\x1f{place.country_code}\x1f{place.name}"
            groups.union((form.label, form.key), (form.label, anchor))
    return places


def _place(group: Sequence[Form], places: Mapping[Form, Place]) -> Place | None:
    """The place of a group: the one most of its mentions name (two only through a
    hand alias or a learned acronym), the first by name at a tie."""
    named: Counter[Place] = Counter()
    for form in group:
        if form in places:
            named[places[form]] += form.n
    if not named:
        return None
    return sorted(named, key=lambda p: (-named[p], p.name, p.kind))[0]


def _country(label: str, name: str, surfaces: Counter[str]) -> str | None:
    """An organization's country: the one its name holds, else its commonest form's."""
    if label != ORGANIZATION_LABEL:
        return None
    others = sorted(surfaces, key=lambda f: (-surfaces[f], f))
    return organization_country_of([name, *others])


def _name(surfaces: Counter[str], preferred: list[str], long_forms: list[str]) -> str:
    """The table's name, else the longest learned long form, else the commonest form."""
    if preferred:
        return sorted(preferred)[0]
    if long_forms:
        return sorted(long_forms, key=lambda f: (-len(f), f))[0]
    return sorted(surfaces, key=lambda f: (-surfaces[f], -len(f), f))[0]
