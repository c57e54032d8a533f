"""Language of an item: ISO 639-1 code, or 'und' when the text is too short to tell.

py3langid (a maintained, offline fork of langid.py) classifies 97 languages in
well under a millisecond per item, which is what "cheaply" asks for. Its model
ships LZMA-compressed: decompressing it costs more than half a second in every
process, so the loaded identifier is kept as a pickle in the user's cache folder
(`$XDG_CACHE_HOME/customs-news-pipeline`, else `~/.cache/...`), one per
py3langid version and model file; an unwritable or unreadable cache only means
decompressing again.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

UNDETERMINED = "und"
# The first few hundred characters decide the language as well as the whole item
# does, at a fraction of the cost on long items.
SAMPLE_CHARS = 400
_MIN_LETTERS = 12
_MIN_PROBABILITY = 0.5


def pipeline_language(code: str) -> str:
    """Which of our pipelines and rule sets reads an item: Russian for 'ru', English otherwise."""
    return "ru" if code == "ru" else "en"


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text` ('en', 'ru', ...), or 'und' for too little evidence."""
    text = text[:SAMPLE_CHARS]
    letters = sum(1 for ch in text if ch.isalpha())
    if letters < _MIN_LETTERS:
        return UNDETERMINED
    code, probability = _identifier().classify(text)
    return str(code) if probability >= _MIN_PROBABILITY else UNDETERMINED


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model_file = Path(MODEL_DIR) / MODEL_FILE
    cached = _cache_file(model_file)
    if cached is not None:
        with contextlib.suppress(Exception):  # a bad entry: decompress again
            with cached.open("rb") as handle:
                loaded = pickle.load(handle)
            if isinstance(loaded, LanguageIdentifier):
                return loaded
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if cached is not None:
        _store(cached, identifier)
    return identifier


def _cache_file(model_file: Path) -> Path | None:
    try:
        stat = model_file.stat()
        version = metadata.version("py3langid")
    except (OSError, metadata.PackageNotFoundError):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    name = f"langid-{version}-{stat.st_size}-{stat.st_mtime_ns}.pickle"
    return Path(base) / "customs-news-pipeline" / name


def _store(path: Path, identifier: Any) -> None:
    """Write the pickle under a temporary name, then rename: never a partial entry."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(identifier, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
