"""Ingest: find source files and decode them into `Document` records.

Decoding accepts a closed set of encodings seen in real sources: UTF-8, UTF-8
with BOM, UTF-16 with BOM, and the two legacy 8-bit code pages of the news we
read, cp1251 (Russian) and cp1252 (Western European, which reads Latin-1 text
too). A file that is not UTF-8 is tried in both code pages: charset-normalizer
ranks them by how the decoded text reads (letters that go together, words of
one script), and the winner must still look like text of its kind (Cyrillic
words for cp1251, Latin letters and Western typography for cp1252). Anything
else is refused with a reason rather than guessed: a wrong guess would
silently corrupt every downstream table, while a refusal is visible in
errors.parquet.

A file larger than the document size limit (`PIPELINE_MAX_DOCUMENT_MB`,
20 MB by default) is refused before it is read.
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
from pipeline.settings import MAX_DOCUMENT_MB_SETTING, max_document_bytes

# Control characters that never occur in text files; NUL alone is the classic
# sign of binary data, the others rarely appear outside it.
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
_CP1251_TYPOGRAPHY = "«»–—„“”‘’…№•\u00a0"
_CP1252_TYPOGRAPHY = "«»–—„“”‘’‚…•€£¥©®°±²³´µ·¹º¼½¾¿¡§¶×÷‰†‡™¢¤¦¨¬¯ªˆ˜›‹\u00a0\u00ad"
_LEGACY = ("cp1251", "cp1252")
_LATIN_LETTERS = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
# Linear scans: a word is matched from its start only, the look-aheads stop at its end.
_NOT_CP1251_TEXT = re.compile(f"[^\\x00-\\x7f\u0400-\u04ff{_CP1251_TYPOGRAPHY}]")
_NOT_CP1252_TEXT = re.compile(f"[^\\x00-\\x7f{_LATIN_LETTERS}{_CP1252_TYPOGRAPHY}]")
_LATIN_ACCENTED = re.compile(f"[{_LATIN_LETTERS}]")
_CYRILLIC_WORD = re.compile(r"(?<!\w)(?=\w*?[\u0400-\u04ff])\w++")
_MIXED_CYRILLIC_WORD = re.compile(r"(?<!\w)(?=\w*?[\u0400-\u04ff])(?=\w*?(?:[A-Za-z]|\d))\w++")
_NOT_ASCII_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


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
    decoded = _decode_legacy(raw)
    if decoded is not None:
        return decoded
    raise DocumentError(
        "undecodable",
        f"{source}: not valid UTF-8 (byte 0x{raw[utf8_error.start]:02x} at offset "
        f"{utf8_error.start}), nor plausible cp1251 (Cyrillic) or cp1252 (Western) text",
    )


def _decode_legacy(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding) in cp1251 or cp1252, whichever reads as text of its kind."""
    from charset_normalizer import from_bytes

    ranked = [match.encoding for match in from_bytes(raw, cp_isolation=list(_LEGACY))]
    for encoding in [*ranked, *(e for e in _LEGACY if e not in ranked)]:
        if encoding not in _LEGACY:
            continue
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        plausible = _plausible_cp1251 if encoding == "cp1251" else _plausible_cp1252
        if plausible(text):
            return text, encoding
    return None


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
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if not non_ascii:
        return True
    other = _count(_NOT_CP1251_TEXT, text)
    words = _count(_CYRILLIC_WORD, text)
    mixed = _count(_MIXED_CYRILLIC_WORD, text)
    return other <= 0.1 * non_ascii and mixed <= 0.1 * words


def _plausible_cp1252(text: str) -> bool:
    # cp1252 too maps almost every byte to something: require the non-ASCII
    # characters to be Latin letters or Western typography, and the letters to
    # be mostly ASCII (French, German, Spanish words carry a few accents; a
    # Russian text read as cp1252 is nothing but accented letters: "Ðîññèÿ").
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if not non_ascii:
        return True
    other = _count(_NOT_CP1252_TEXT, text)
    accented = _count(_LATIN_ACCENTED, text)
    plain = len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))
    return other <= 0.1 * non_ascii and accented <= plain


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))


def read_document(path: Path, input_dir: Path, max_bytes: int | None = None) -> Document:
    """Read and decode one source file. Raises DocumentError for a bad file, and for
    one over `max_bytes` (by default the document size limit of the settings)."""
    source = relative_source(path, input_dir)
    limit = max_document_bytes() if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_bytes names the problem
    if size > limit:
        raise DocumentError(
            "too_large",
            f"{source}: {size / 1e6:.1f} MB is over the limit of {limit / 1e6:g} MB for one "
            f"document (set {MAX_DOCUMENT_MB_SETTING} to raise it)",
        )
    raw = read_bytes(path, source)
    text, encoding = decode(raw, source)
    return Document(
        doc_id=doc_id_for(source),
        source=source,
        encoding=encoding,
        content_sha256=hashlib.sha256(raw).hexdigest(),
        text=text,
    )
