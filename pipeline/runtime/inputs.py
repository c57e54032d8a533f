"""What a run starts from: the input folder read, and each document's cache keys.

Shared by `pipeline run` and `pipeline status`, which must agree on both.

Reading the folder keeps no text: each readable file becomes a `Source` (its
path, content hash, encoding and length), so what a run holds for its whole
length is a few hundred bytes per document, whatever the documents' size. The
text is read again, batch by batch, when a document is processed
(`load_document`), and the content hash is checked then.
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


@dataclass(frozen=True, slots=True)
class Source:
    """A readable source file: what ingest found, without its text."""

    doc_id: str
    source: str  # path relative to the input folder, '/'-separated
    encoding: str
    content_sha256: str
    n_chars: int  # length of the decoded text
    path: str  # where to read it again (absolute, or relative to the working folder)
    input_dir: str


@dataclass(slots=True)
class Inputs:
    """What ingest found: readable sources and quarantined files."""

    documents: list[Source] = field(default_factory=list)
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
            document = read_document(path, input_dir)
        except DocumentError as exc:
            source = relative_source(path, input_dir)
            inputs.errors.append(ErrorRecord(source, "ingest", exc.code, exc.message))
            continue
        inputs.documents.append(
            Source(
                doc_id=document.doc_id,
                source=document.source,
                encoding=document.encoding,
                content_sha256=document.content_sha256,
                n_chars=len(document.text),
                path=str(path),
                input_dir=str(input_dir),
            )
        )
    return inputs


def load_document(source: Source) -> Document:
    """The document of `source`, read and decoded again.

    Raises DocumentError('changed') when the file no longer holds the content
    the run started from, and ingest's own errors when it cannot be read.
    """
    read_document = stage("ingest").load()
    document: Document = read_document(Path(source.path), Path(source.input_dir))
    if document.content_sha256 != source.content_sha256:
        raise DocumentError(
            "changed", f"{source.source}: changed while the run was reading it; run again"
        )
    return document


@dataclass(frozen=True, slots=True)
class DocumentKeys:
    """Cache keys of one document: its model annotations and its finished result."""

    annotations: str
    result: str


def document_keys(document: Source | Document, fingerprints: dict[str, str]) -> DocumentKeys:
    """Cache keys of `document` under the stage fingerprints of this run."""
    return DocumentKeys(
        annotations=cache_key(document.content_sha256, fingerprints, *MODEL_STAGES),
        result=cache_key(document.content_sha256, fingerprints, *DOCUMENT_STAGES),
    )
