"""The rules stage: our spaCy components over the model's docs, and the mentions they leave.

`find_entities(item_id, doc, language)` runs the language's rule pipeline
(`pipelines.load_rules`: boundaries, ruler, funds, acronyms) on a doc made by
the model stage (fresh, or restored from the cache) and returns the doc, its
entity mentions and the acronym pairs it defines. A rule pipeline is built
once per process and built again when a rule file under `models/<language>`
changes, so a notebook or a long-lived worker sees edited rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.labels import NUMERIC_LABELS, table_label
from pipeline.records import Mention
from pipeline.settings import rule_file_stamp
from pipeline.stages.nlp import russian
from pipeline.stages.nlp.acronyms import learned_pairs
from pipeline.stages.nlp.headings import is_title_case, sentence_case
from pipeline.stages.nlp.pipelines import load_rules
from pipeline.stages.nlp.words import HEADING_KEY, first_line, words

__all__ = ["ItemEntities", "extract_mentions", "find_entities", "rules"]

_rules: dict[str, tuple[object, Language]] = {}


@dataclass(frozen=True, slots=True)
class ItemEntities:
    """What the rules found in one item."""

    doc: Doc  # the doc with the rules' entities, for the dates and counts stages
    mentions: list[Mention]
    learned: list[tuple[str, str, str]]  # (short form, long form, label) defined here


def rules(language: str) -> Language:
    """The rule pipeline of a pipeline language, rebuilt when its rule files change."""
    stamp = rule_file_stamp(language)
    known = _rules.get(language)
    if known is None or known[0] != stamp:
        known = (stamp, load_rules(language))
        _rules[language] = known
    return known[1]


def find_entities(item_id: str, doc: Doc, language: str) -> ItemEntities:
    """Apply the rule pipeline of `language` to `doc`; its mentions and learned pairs.

    A Title Case heading (the doc's first line) is read in sentence case by the rules
    too: its capitals do not make names (`words.is_capitalised`).
    """
    seen = words(doc)
    heading = first_line(seen)
    if is_title_case(heading):
        read = sentence_case(seen.doc_text, len(heading))[: len(heading)]
        if read != heading:
            doc.user_data[HEADING_KEY] = read
    ruled = rules(language)(doc)
    ruled.user_data.pop(HEADING_KEY, None)
    return ItemEntities(ruled, extract_mentions(ruled, item_id), learned_pairs(ruled))


def extract_mentions(doc: Doc, item_id: str) -> list[Mention]:
    """One `Mention` per entity of `doc` in text order, offsets into `doc.text`.

    Labels are ORG, PERSON, FUND, GPE and spaCy's other named labels (NORP, FAC,
    EVENT ...); dates and numbers are left to the dates and counts tables.
    `normal` is natasha's nominative form for Russian docs, None otherwise.
    """
    normals = russian.normals(doc)
    return [
        Mention(
            item_id=item_id,
            text=ent.text,
            label=table_label(ent.label_),
            start_char=ent.start_char,
            end_char=ent.end_char,
            normal=normals.get((ent.start_char, ent.end_char)),
        )
        for ent in doc.ents
        if ent.label_ not in NUMERIC_LABELS
    ]
