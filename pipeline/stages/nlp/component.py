"""A base for rule components whose rules are JSON data that travels with the pipeline."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

DATA_FILE = "rules.json"


class DataComponent:
    """A pipeline component configured by a JSON-able `data` dict.

    Subclasses implement `_compile()` (build matchers and sets from `self.data`)
    and `__call__`. `to_disk`/`from_disk` write and read `rules.json` in the
    component's folder, so `spacy.load()` restores the exact rules that were saved.
    """

    def __init__(self, nlp: Language, name: str, data: dict[str, Any]) -> None:
        self.nlp = nlp
        self.name = name
        self.data = data
        self._compile()

    def _compile(self) -> None:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Apply the component to a stream of docs."""
        for doc in docs:
            yield self(doc)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The rules as UTF-8 JSON."""
        return json.dumps(self.data, ensure_ascii=False, sort_keys=True).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> DataComponent:
        """Replace the rules by those in `data` (from `to_bytes`)."""
        self.data = json.loads(data.decode("utf-8"))
        self._compile()
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the rules to `path/rules.json`."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / DATA_FILE).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> DataComponent:
        """Read the rules from `path/rules.json`."""
        return self.from_bytes((Path(path) / DATA_FILE).read_bytes())
