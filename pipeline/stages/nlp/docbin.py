"""The cached form of the model's output: per pipeline language, the docs' texts
and one table of token attributes.

Kept in a module of its own because what it stores is part of the model
stage's cache format: a change here changes that stage's fingerprint.

For each pipeline language of a document: the texts of its docs, their token
counts, and one table (a row per token: start, length, whitespace, tag, entity
IOB, entity type, knowledge-base id) with the strings it names stored once,
compressed with zlib's fastest level; user data (natasha's normal forms) per
doc, when there is some. spaCy's `DocBin` stores the same, but builds its
string table token by token and compresses harder: twice the time, for a
cache entry about as large.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy

from pipeline.serialize import pack, unpack

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

# What the model part sets and the rules, dates and counts read: tokens, tags, entities.
DOCBIN_ATTRS = ["ORTH", "TAG", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID"]
# The stored table's columns: the words by their offsets, then DOCBIN_ATTRS but ORTH.
_COLUMNS: list[int | str] = ["IDX", "LENGTH", "SPACY", "TAG", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID"]
_STRINGS = [3, 5, 6]  # columns holding string ids: stored as indexes into "strings"
_SET = _COLUMNS[3:]  # what `Doc.from_array` sets back


def to_bytes(languages: Sequence[str], docs: Sequence[Doc]) -> bytes:
    """Serialize a document's item docs; `languages[i]` is the pipeline that made docs[i]."""
    by_language: dict[str, list[Doc]] = {}
    for language, doc in zip(languages, docs, strict=True):
        by_language.setdefault(language, []).append(doc)
    return pack({lang: _pack(group) for lang, group in by_language.items()})


def _pack(docs: list[Doc]) -> dict[str, Any]:
    from pipeline.stages.nlp.words import words

    table = numpy.concatenate(
        [numpy.zeros((0, len(_COLUMNS)), dtype="uint64")]
        + [doc.to_array(_COLUMNS).reshape(-1, len(_COLUMNS)) for doc in docs]
    ).astype("uint64")
    ids = numpy.unique(table[:, _STRINGS])
    strings = docs[0].vocab.strings
    for column in _STRINGS:
        table[:, column] = numpy.searchsorted(ids, table[:, column])
    if int(table.max(initial=0)) >= 2**32:
        raise ValueError("a token offset or length beyond 32 bits")
    return {
        "texts": [words(doc).doc_text for doc in docs],  # the rules read these lists next
        "tokens": [len(doc) for doc in docs],
        "strings": [strings[int(i)] if i else "" for i in ids],
        "table": zlib.compress(table.astype("uint32").tobytes(), 1),
        "user_data": [pack(doc.user_data) if doc.user_data else b"" for doc in docs],
    }


def from_bytes(
    data: bytes, languages: Sequence[str], vocab_for: Callable[[str], Vocab]
) -> list[Doc]:
    """The item docs back, in order, each in the vocabulary `vocab_for(language)`."""
    payload = unpack(data)
    streams = {lang: iter(_unpack(part, vocab_for(lang))) for lang, part in payload.items()}
    return [next(streams[language]) for language in languages]


def _unpack(part: dict[str, Any], vocab: Vocab) -> list[Doc]:
    from spacy.tokens import Doc

    ids = numpy.array([vocab.strings.add(s) if s else 0 for s in part["strings"]], "uint64")
    table = numpy.frombuffer(zlib.decompress(part["table"]), dtype="uint32")
    table = table.reshape(-1, len(_COLUMNS)).astype("uint64")
    for column in _STRINGS:
        table[:, column] = ids[table[:, column]]
    docs = []
    start = 0
    for text, n, user_data in zip(part["texts"], part["tokens"], part["user_data"], strict=True):
        rows = table[start : start + n]
        start += n
        offsets = zip(rows[:, 0].tolist(), rows[:, 1].tolist(), strict=True)
        words = [text[i : i + length] for i, length in offsets]
        doc = Doc(vocab, words=words, spaces=[bool(s) for s in rows[:, 2].tolist()])
        if n:
            doc.from_array(_SET, rows[:, 3:])  # type: ignore[arg-type]
        if user_data:
            doc.user_data.update(unpack(user_data))
        docs.append(doc)
    return docs
