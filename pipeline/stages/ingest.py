"""Ingest: find source files and decode them into `Document` records.

Decoding accepts a closed set of encodings seen in real sources (UTF-8, UTF-8
with BOM, UTF-16 with BOM, cp1251) and refuses anything else with a reason,
rather than guessing: a wrong guess would silently corrupt every downstream
table, while a refusal is visible in errors.parquet.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import DocumentError, InputFolderError
from pipeline.records import Document

# Control characters that never occur in text files; NUL alone is the classic
# sign of binary data, the others rarely appear outside it.
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
_CP1251_TYPOGRAPHY = set("«»–—„“”‘’…№•\u00a0")
_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")


def discover(input_dir: Path) -> list[Path]:
    """Every regular file under `input_dir`, recursively, sorted by relative path.

    Hidden files and folders (names starting with '.') are skipped: they are
    editor and OS droppings (.DS_Store, .git), not sources.
    """
    if not input_dir.exists():
        raise InputFolderError(f"input folder {input_dir} does not exist")
    if not input_dir.is_dir():
        raise InputFolderError(f"input {input_dir} is not a folder")
    return sorted(_walk(input_dir), key=lambda p: relative_source(p, input_dir))


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith("."):
                yield Path(dirpath) / name


def relative_source(path: Path, input_dir: Path) -> str:
    """The path as stored in the tables: relative to the input, '/'-separated."""
    return path.relative_to(input_dir).as_posix()


def doc_id_for(source: str) -> str:
    """Stable document id derived from the source path."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def read_bytes(path: Path, source: str) -> bytes:
    """Read a file, turning OS errors into a quarantinable `DocumentError`."""
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DocumentError("unreadable", f"{source}: cannot be read ({reason})") from exc


def decode(raw: bytes, source: str) -> tuple[str, str]:
    """Decode raw bytes to text with normalized newlines; returns (text, encoding).

    Raises DocumentError('empty' | 'binary' | 'undecodable') naming `source`.
    """
    if not raw.strip():
        raise DocumentError("empty", f"{source}: the file is empty")
    text, encoding = _decode_known(raw, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DocumentError("empty", f"{source}: the file holds only whitespace")
    controls = sum(1 for ch in text if ch < " " and ch not in _TEXT_CONTROLS)
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise DocumentError("binary", f"{source}: looks like a binary file, not text")
    return text, encoding


def _decode_known(raw: bytes, source: str) -> tuple[str, str]:
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw, "utf-8-sig", source), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16", source), "utf-16"
    if b"\x00" in raw:
        raise DocumentError("binary", f"{source}: contains NUL bytes; looks like a binary file")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = raw.decode("cp1251")
    except UnicodeDecodeError:
        text = ""
    if text and _plausible_cp1251(text):
        return text, "cp1251"
    raise DocumentError(
        "undecodable",
        f"{source}: not valid UTF-8 (byte 0x{raw[utf8_error.start]:02x} at offset "
        f"{utf8_error.start}) and not plausible cp1251 text",
    )


def _strict(raw: bytes, encoding: str, source: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DocumentError(
            "undecodable", f"{source}: has a {encoding} byte-order mark but invalid {encoding} data"
        ) from exc


def _plausible_cp1251(text: str) -> bool:
    # cp1251 maps almost every byte to something, so decoding alone proves
    # nothing: require the non-ASCII characters to be Cyrillic letters or the
    # typography Russian texts use, and the Cyrillic to form whole words: a
    # Cyrillic letter glued to Latin letters or digits is a misread symbol
    # (Latin-1 "Crème" reads "Crиme", "£15.8m" reads "Ј15.8m").
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return True
    good = sum(1 for ch in non_ascii if "\u0400" <= ch <= "\u04ff" or ch in _CP1251_TYPOGRAPHY)
    cyrillic_words = [w for w in _WORD.findall(text) if _CYRILLIC.search(w)]
    mixed = sum(1 for w in cyrillic_words if _LATIN.search(w) or _DIGIT.search(w))
    return good / len(non_ascii) >= 0.9 and mixed <= 0.1 * len(cyrillic_words)


def read_document(path: Path, input_dir: Path) -> Document:
    """Read and decode one source file. Raises DocumentError for a bad file."""
    source = relative_source(path, input_dir)
    raw = read_bytes(path, source)
    text, encoding = decode(raw, source)
    return Document(
        doc_id=doc_id_for(source),
        source=source,
        encoding=encoding,
        content_sha256=hashlib.sha256(raw).hexdigest(),
        text=text,
    )
