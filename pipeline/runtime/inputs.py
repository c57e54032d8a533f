"""What a run starts from: the input folder read, and each document's cache keys.

Shared by `pipeline run` and `pipeline status`, which must agree on both.

Reading the folder keeps no text: each readable file becomes a `Source` (its
path, content hash, encoding and length), so what a run holds for its whole
length is a few hundred bytes per document, whatever the documents' size. The
text is read again, batch by batch, when a document is processed
(`load_document`), and the content hash is checked then.
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
    published: dt.date | None = None  # the document's own date, when known
    published_from: str | None = None  # 'csv', 'path' or 'header'


@dataclass(slots=True)
class Inputs:
    """What ingest found: readable sources and quarantined files."""

    documents: list[Source] = field(default_factory=list)
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
            Source(
                doc_id=document.doc_id,
                source=document.source,
                encoding=document.encoding,
                content_sha256=document.content_sha256,
                n_chars=len(document.text),
                path=str(path),
                input_dir=str(input_dir),
                published=published,
                published_from=origin,
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
    return dataclasses.replace(
        document, published=source.published, published_from=source.published_from
    )


@dataclass(frozen=True, slots=True)
class DocumentKeys:
    """Cache keys of one document: its model annotations and its finished result."""

    annotations: str
    result: str


def document_keys(document: Source | Document, fingerprints: dict[str, str]) -> DocumentKeys:
    """Cache keys of `document` under the stage fingerprints of this run."""
    return DocumentKeys(
        annotations=cache_key(document.content_sha256, fingerprints, *MODEL_STAGES),
        # Relative dates are read against the document's date: part of what the result is of.
        result=cache_key(content_key(document), fingerprints, *DOCUMENT_STAGES),
    )


def content_key(document: Source | Document) -> str:
    """What a document's result depends on besides the code: its content and its date."""
    if document.published is None:
        return document.content_sha256
    return f"{document.content_sha256}@{document.published.isoformat()}"
