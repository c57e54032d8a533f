"""What a run starts from: the input folder read, and each document's cache keys.

Shared by `pipeline run` and `pipeline status`, which must agree on both.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import DocumentError
from pipeline.records import Document, ErrorRecord
from pipeline.runtime.fingerprint import cache_key
from pipeline.runtime.registry import DOCUMENT_STAGES, MODEL_STAGES, stage


@dataclass(slots=True)
class Inputs:
    """What ingest found: decoded documents and quarantined files."""

    documents: list[Document] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)

    def digest(self) -> str:
        """One hash of every source path with its content and date (or its quarantine
        reason)."""
        rows = [(d.source, f"{d.content_sha256}@{d.published}") for d in self.documents]
        rows += [(e.source, f"!{e.error}") for e in self.errors]
        return hashlib.sha256(json.dumps(sorted(rows)).encode()).hexdigest()


def read_inputs(input_dir: Path, document_dates: Mapping[str, dt.date] | None = None) -> Inputs:
    """Ingest every file under `input_dir`; bad files become error records.

    Each document gets its own date: from `document_dates` (by source path, as
    `--document-dates` gives them), else from its path or its header
    (`pipeline.stages.published`).
    """
    from pipeline.stages.ingest import discover, relative_source
    from pipeline.stages.published import CSV, document_date

    read_document = stage("ingest").load()
    inputs = Inputs()
    for path in discover(input_dir):
        try:
            document = read_document(path, input_dir)
        except DocumentError as exc:
            source = relative_source(path, input_dir)
            inputs.errors.append(ErrorRecord(source, "ingest", exc.code, exc.message))
            continue
        given = (document_dates or {}).get(document.source)
        published, origin = (given, CSV) if given else document_date(document.source, document.text)
        inputs.documents.append(
            dataclasses.replace(document, published=published, published_from=origin)
        )
    return inputs


@dataclass(frozen=True, slots=True)
class DocumentKeys:
    """Cache keys of one document: its model annotations and its finished result."""

    annotations: str
    result: str


def document_keys(document: Document, fingerprints: dict[str, str]) -> DocumentKeys:
    """Cache keys of `document` under the stage fingerprints of this run."""
    return DocumentKeys(
        annotations=cache_key(document.content_sha256, fingerprints, *MODEL_STAGES),
        # Relative dates are read against the document's date: part of what the result is of.
        result=cache_key(content_key(document), fingerprints, *DOCUMENT_STAGES),
    )


def content_key(document: Document) -> str:
    """What a document's result depends on besides the code: its content and its date."""
    if document.published is None:
        return document.content_sha256
    return f"{document.content_sha256}@{document.published.isoformat()}"
