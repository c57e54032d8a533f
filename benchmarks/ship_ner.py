"""Copy the NER of a fine-tuned pipeline folder into models/en_ner/, with its manifest.

    .venv/bin/python benchmarks/ship_ner.py training/ft-d/model-best [--output models/en_ner]

The folder must come from benchmarks/finetune.py: the installed sm package's
pipeline with only the ner trained. Copied: `ner/cfg`, `ner/moves`, `ner/model`
(spaCy's own files of the component). Written next to them, `meta.json`: the
base package (lang, name, version), the ner's config, its labels and the sha256
of each file, which `pipeline.stages.nlp.pipelines.load_ner_weights` checks
before it loads the weights over the installed package's ner. Refuses a folder
whose ner config, labels or other components differ from the installed package.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.settings import DEFAULT_EN_MODEL, EN_NER_DIR, MODELS_DIR  # noqa: E402
from pipeline.stages.nlp.pipelines import EN_EXCLUDE, NER_FILES, NER_MANIFEST  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trained", type=Path, help="a model-best folder of finetune.py")
    parser.add_argument("--output", type=Path, default=MODELS_DIR / EN_NER_DIR)
    args = parser.parse_args()

    base = spacy.load(DEFAULT_EN_MODEL, exclude=EN_EXCLUDE)
    trained = spacy.load(args.trained, exclude=EN_EXCLUDE)
    config = base.config["components"]["ner"]
    if trained.config["components"]["ner"] != config:
        parser.error(f"{args.trained}: its ner config is not {DEFAULT_EN_MODEL}'s")
    labels = list(base.get_pipe("ner").labels)  # type: ignore[attr-defined]
    if list(trained.get_pipe("ner").labels) != labels:  # type: ignore[attr-defined]
        parser.error(f"{args.trained}: its ner labels are not {DEFAULT_EN_MODEL}'s")
    for name in ("tok2vec", "tagger"):  # frozen in training: must be the base's own
        if trained.get_pipe(name).model.to_bytes() != base.get_pipe(name).model.to_bytes():
            parser.error(f"{args.trained}: its {name} differs from {DEFAULT_EN_MODEL}'s")

    args.output.mkdir(parents=True, exist_ok=True)
    digests = {}
    for name in NER_FILES:
        shutil.copyfile(args.trained / "ner" / name, args.output / name)
        digests[name] = hashlib.sha256((args.output / name).read_bytes()).hexdigest()
    manifest = {
        "base": {key: base.meta[key] for key in ("lang", "name", "version")},
        "config": config,
        "labels": labels,
        "sha256": digests,
    }
    (args.output / NER_MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
    print(json.dumps(digests, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
