"""Content-addressed cache of per-document work, inside the output folder.

Two kinds of entry, each keyed by the document's content hash plus the
fingerprints of the stages that made it (see `pipeline.runtime.fingerprint`):

- `nlp/<key>.spacy`: the model's annotations of the document's items, as a
  spaCy DocBin: the costly part, reused when only rules change;
- `results/<key>.msgpack`: the document's items, mentions, dates and counts.

Entries are written to a temporary file and renamed into place, so a killed
run never leaves a truncated entry behind.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import srsly

from pipeline.runtime.results import DocumentResult


class Cache:
    """Per-document cache under `root` (normally `<output>/.pipeline/cache`)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, kind: str, key: str, suffix: str) -> Path:
        return self.root / kind / key[:2] / f"{key}{suffix}"

    def get_docbin(self, key: str) -> bytes | None:
        """Serialized DocBin of a document's items, or None."""
        return _read(self._path("nlp", key, ".spacy"))

    def put_docbin(self, key: str, data: bytes) -> None:
        _write(self._path("nlp", key, ".spacy"), data)

    def get_result(self, key: str) -> DocumentResult | None:
        """A document's extraction result, or None (also for an unreadable entry)."""
        data = _read(self._path("results", key, ".msgpack"))
        if data is None:
            return None
        try:
            return DocumentResult.from_dict(srsly.msgpack_loads(data))
        except (ValueError, KeyError, TypeError):
            return None

    def has_result(self, key: str) -> bool:
        return self._path("results", key, ".msgpack").exists()

    def has_docbin(self, key: str) -> bool:
        return self._path("nlp", key, ".spacy").exists()

    def put_result(self, key: str, result: DocumentResult) -> None:
        _write(self._path("results", key, ".msgpack"), srsly.msgpack_dumps(result.to_dict()))


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
