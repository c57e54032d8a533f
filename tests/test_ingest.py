"""Ingest: decoding, newline normalization, quarantine reasons."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from pipeline.errors import DocumentError, InputFolderError
from pipeline.runtime.inputs import read_inputs
from pipeline.stages.ingest import decode, discover, read_document

NB = "\u00a0"
RUSSIAN = (
    "Рубрика: ВТамО\n\n"
    "Всемирная таможенная организация провела семинар «Цифровая таможня» — 12 участников.\n"
)


@pytest.mark.parametrize(
    ("raw", "text", "encoding"),
    [
        (b"Plain news\n\nBody text.", "Plain news\n\nBody text.", "utf-8"),
        (codecs.BOM_UTF8 + b"Title\n\nBody", "Title\n\nBody", "utf-8-sig"),
        ("Title\n\nBody".encode("utf-16"), "Title\n\nBody", "utf-16"),
        (RUSSIAN.encode("cp1251"), RUSSIAN, "cp1251"),
        (b"Title\r\n\r\nBody\r\n", "Title\n\nBody\n", "utf-8"),
        (b"Title\r\rBody", "Title\n\nBody", "utf-8"),
        (f"23{NB}October 2020".encode(), f"23{NB}October 2020", "utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "cp1251", "crlf", "cr", "nbsp-kept"],
)
def test_decode_accepts_known_encodings(raw: bytes, text: str, encoding: str) -> None:
    assert decode(raw, "x.txt") == (text, encoding)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "empty"),
        (b"  \n\r\n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
        ("Crème brûlée à la française".encode("latin-1"), "undecodable"),
        ("The club paid £15.8m for the striker.".encode("latin-1"), "undecodable"),
        (b"\xff\xfe\xfd\x81\x83\x98 broken", "undecodable"),
    ],
    ids=["empty", "whitespace", "png", "control-chars", "latin1", "latin1-pound", "garbage"],
)
def test_decode_refuses_bad_input_with_a_named_reason(raw: bytes, code: str) -> None:
    with pytest.raises(DocumentError) as caught:
        decode(raw, "folder/bad.txt")
    assert caught.value.code == code
    assert "folder/bad.txt" in caught.value.message


def test_read_document_records_source_hash_and_encoding(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / "sub" / "a.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    document = read_document(path, tmp_path)
    assert document.source == "sub/a.txt"
    assert document.encoding == "cp1251"
    assert len(document.content_sha256) == 64
    assert document.text == RUSSIAN


def test_discover_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.txt", "a/b/c.txt", ".DS_Store", ".git/config", "a/.hidden"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)]
    assert found == ["a/b/c.txt", "a/z.txt", "b.txt"]


def test_discover_names_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputFolderError, match="nowhere"):
        discover(tmp_path / "nowhere")


def test_bad_files_are_quarantined_and_good_ones_kept(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Title\n\nA body paragraph.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.bin").write_bytes(b"\x00\x01\x02binary\x00")
    (tmp_path / "latin.txt").write_bytes("Déjà vu à Genève".encode("latin-1"))
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing-target.txt")
    inputs = read_inputs(tmp_path)
    assert [d.source for d in inputs.documents] == ["good.txt"]
    reasons = {e.source: e.error for e in inputs.errors}
    assert reasons == {
        "empty.txt": "empty",
        "image.bin": "binary",
        "latin.txt": "undecodable",
        "dangling.txt": "unreadable",
    }
    assert all(e.source in e.message and e.stage == "ingest" for e in inputs.errors)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file without permissions")
def test_file_without_read_permission_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Title\n\nBody.")
    path.chmod(0)
    inputs = read_inputs(tmp_path)
    assert [e.error for e in inputs.errors] == ["unreadable"]
