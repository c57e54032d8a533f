"""What a run starts from: the input folder read, and each document's cache keys.

Shared by `pipeline run` and `pipeline status`, which must agree on both.
"""

from __future__ import annotations

import hashlib
import json
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
        """One hash of every source path with its content (or its quarantine reason)."""
        rows = [(d.source, d.content_sha256) for d in self.documents]
        rows += [(e.source, f"!{e.error}") for e in self.errors]
        return hashlib.sha256(json.dumps(sorted(rows)).encode()).hexdigest()


def read_inputs(input_dir: Path) -> Inputs:
    """Ingest every file under `input_dir`; bad files become error records."""
    from pipeline.stages.ingest import discover, relative_source

    read_document = stage("ingest").load()
    inputs = Inputs()
    for path in discover(input_dir):
        try:
            inputs.documents.append(read_document(path, input_dir))
        except DocumentError as exc:
            source = relative_source(path, input_dir)
            inputs.errors.append(ErrorRecord(source, "ingest", exc.code, exc.message))
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
        result=cache_key(document.content_sha256, fingerprints, *DOCUMENT_STAGES),
    )
