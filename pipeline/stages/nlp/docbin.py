"""The cached form of the model's output: one DocBin per pipeline language.

Kept in a module of its own because what it stores is part of the model
stage's cache format: a change here changes that stage's fingerprint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

import srsly

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

# What the model part sets and the rules, dates and counts read: tokens, tags, entities.
DOCBIN_ATTRS = ["ORTH", "TAG", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID"]


def to_bytes(languages: Sequence[str], docs: Sequence[Doc]) -> bytes:
    """Serialize a document's item docs; `languages[i]` is the pipeline that made docs[i]."""
    from spacy.tokens import DocBin

    by_language: dict[str, list[Doc]] = {}
    for language, doc in zip(languages, docs, strict=True):
        by_language.setdefault(language, []).append(doc)
    bins = {
        # user_data is serialized doc by doc at a real cost: only when there is some
        # (the Russian model part keeps nominative forms there).
        language: DocBin(DOCBIN_ATTRS, store_user_data=any(d.user_data for d in group), docs=group)
        for language, group in by_language.items()
    }
    return bytes(srsly.msgpack_dumps({lang: b.to_bytes() for lang, b in bins.items()}))


def from_bytes(
    data: bytes, languages: Sequence[str], vocab_for: Callable[[str], Vocab]
) -> list[Doc]:
    """The item docs back, in order, each in the vocabulary `vocab_for(language)`."""
    from spacy.tokens import DocBin

    payload = srsly.msgpack_loads(data)
    streams: dict[str, Iterator[Doc]] = {
        lang: iter(DocBin().from_bytes(raw).get_docs(vocab_for(lang)))
        for lang, raw in payload.items()
    }
    return [next(streams[language]) for language in languages]
