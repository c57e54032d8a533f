"""Content-addressed cache of per-document work, inside the output folder.

Two kinds of entry, each keyed by the document's content hash plus the
fingerprints of the stages that made it (see `pipeline.runtime.inputs`):

- `nlp/<key>.spacy`: the model's annotations of the document's items, in the
  model stage's cached form: the costly part, reused when only rules change;
- `results/<key>.msgpack`: the document's items, mentions, dates and counts,
  in `DocumentResult`'s cached form.

This module only stores bytes; what they mean is the stages' business and part
of their fingerprints. Entries are written to a temporary file and renamed into
place, so a killed run never leaves a truncated entry behind.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.files import write_bytes_atomically
from pipeline.runtime.results import DocumentResult


class Cache:
    """Per-document cache under `root` (normally `<output>/.pipeline/cache`)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, kind: str, key: str, suffix: str) -> Path:
        return self.root / kind / key[:2] / f"{key}{suffix}"

    def _put(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(path, data)

    def get_docbin(self, key: str) -> bytes | None:
        """The cached model annotations of a document's items, or None."""
        return _read(self._path("nlp", key, ".spacy"))

    def put_docbin(self, key: str, data: bytes) -> None:
        self._put(self._path("nlp", key, ".spacy"), data)

    def get_result(self, key: str) -> DocumentResult | None:
        """A document's extraction result, or None (also for an unreadable entry)."""
        data = _read(self._path("results", key, ".msgpack"))
        return None if data is None else DocumentResult.from_bytes(data)

    def put_result(self, key: str, result: DocumentResult) -> None:
        self._put(self._path("results", key, ".msgpack"), result.to_bytes())

    def has_result(self, key: str) -> bool:
        return self._path("results", key, ".msgpack").exists()

    def has_docbin(self, key: str) -> bool:
        return self._path("nlp", key, ".spacy").exists()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
