"""Writing a file so that readers see the old one or the new one, never half of it."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from pathlib import Path


def replace_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp)` on a temporary path beside `target`, then rename it over `target`.

    The rename is atomic on one filesystem; a crash before it leaves `target`
    as it was. `write` may create a file or a symlink at the path it is given.
    The folder of `target` must exist (FileNotFoundError otherwise, before `write` runs).
    """
    if not target.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(target.parent))
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_bytes_atomically(target: Path, data: bytes) -> None:
    """`target.write_bytes(data)`, atomically (see `replace_atomically`)."""

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    replace_atomically(target, write)
