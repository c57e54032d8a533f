"""Text keys shared by the stages and the linker."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Matching key: case-, whitespace-, NBSP-, hyphen- and punctuation-insensitive."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return "".join(ch for ch in text if ch.isalnum())
