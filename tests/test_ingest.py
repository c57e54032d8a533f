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
CAFE = "Café Société met in Zürich on 3 May 2021 with 12 delegates."
POUNDS = "The club paid £15.8m for the striker."
GERMAN = "Die Zollbehörde in Köln prüfte 15 Sendungen für Österreich – „Grüße“."
# 0x98 is a hole in cp1251, 0x81 one in cp1252: this decodes as neither.
NEITHER = b"Report \x98\x81 of the \xe9t\xe9"


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
        (CAFE.encode("latin-1"), CAFE, "cp1252"),
        ("Crème brûlée à la française".encode("latin-1"), "Crème brûlée à la française", "cp1252"),
        (POUNDS.encode("latin-1"), POUNDS, "cp1252"),
        (GERMAN.encode("cp1252"), GERMAN, "cp1252"),
        ("Россия".encode("cp1251"), "Россия", "cp1251"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16-bom",
        "cp1251",
        "crlf",
        "cr",
        "nbsp-kept",
        "latin1",
        "latin1-accents",
        "latin1-pound",
        "cp1252-quotes",
        "cp1251-one-word",
    ],
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
        (b"\xff\xfe\xfd\x81\x83\x98 broken", "undecodable"),
        (NEITHER, "undecodable"),
    ],
    ids=["empty", "whitespace", "png", "control-chars", "garbage", "neither-code-page"],
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
    (tmp_path / "neither.txt").write_bytes(NEITHER)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing-target.txt")
    inputs = read_inputs(tmp_path)
    assert [(d.source, d.encoding) for d in inputs.documents] == [
        ("good.txt", "utf-8"),
        ("latin.txt", "cp1252"),
    ]
    reasons = {e.source: e.error for e in inputs.errors}
    assert reasons == {
        "empty.txt": "empty",
        "image.bin": "binary",
        "neither.txt": "undecodable",
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


def test_bbc_latin1_article_is_read_as_cp1252(tmp_path: Path) -> None:
    """BBC sport/199.txt, as it is stored: Latin-1 with a pound sign."""
    text = "Chelsea sack Mutu\n\nChelsea have sacked Adrian Mutu for £15.8m.\n"
    (tmp_path / "199.txt").write_bytes(text.encode("latin-1"))
    document = read_document(tmp_path / "199.txt", tmp_path)
    assert (document.text, document.encoding) == (text, "cp1252")


def test_a_file_over_the_size_limit_is_quarantined_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "small.txt").write_text("Title\n\nA body paragraph.")
    (tmp_path / "huge.txt").write_text("word " * 300_000)  # 1.5 MB
    monkeypatch.setenv("PIPELINE_MAX_DOCUMENT_MB", "1")
    inputs = read_inputs(tmp_path)
    assert [d.source for d in inputs.documents] == ["small.txt"]
    (error,) = inputs.errors
    assert (error.source, error.stage, error.error) == ("huge.txt", "ingest", "too_large")
    assert "huge.txt: 1.5 MB is over the limit of 1 MB" in error.message
    assert "PIPELINE_MAX_DOCUMENT_MB" in error.message


def test_inputs_keep_no_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nA body paragraph.")
    (source,) = read_inputs(tmp_path).documents
    assert not hasattr(source, "text") and source.n_chars == len("Title\n\nA body paragraph.")
