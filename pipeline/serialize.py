"""msgpack bytes of plain values (dicts, lists, strings, bytes, numbers), for the cache.

The msgpack library itself, not spaCy's `srsly.msgpack_dumps`/`msgpack_loads`:
those look up srsly's registry of numpy encoders (its entry points) on every
call, 0.3 ms a call against 5 us, and a run makes several calls per document
(its cached annotations and result). The bytes are the same as srsly's (the
same msgpack format and options: binary type on, any map key read back), so
entries written by either read with the other.
"""

from __future__ import annotations

from typing import Any

import msgpack


def pack(value: Any) -> bytes:
    """The msgpack bytes of `value` (plain values only)."""
    packed: bytes = msgpack.packb(value, use_bin_type=True)
    return packed


def unpack(data: bytes) -> Any:
    """The value `pack` made these bytes from; ValueError (or a subclass) if they are
    no msgpack."""
    return msgpack.unpackb(data, raw=False, strict_map_key=False)
