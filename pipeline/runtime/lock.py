"""One run per output folder at a time.

The lock is an advisory `flock` on `.pipeline/lock`: the kernel releases it
when the holder dies, however it dies, so a lock left by a killed run is never
"held"; the holder's pid and start time in the file only serve the message.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from pipeline.errors import LockHeldError

LOCK_FILE = "lock"


@contextmanager
def run_lock(state: Path) -> Iterator[dict[str, object]]:
    """Hold the output folder's lock for the duration of the block.

    Yields what was found about a previous holder that died without releasing
    it (empty when the lock was clean). Raises LockHeldError naming the holder.
    """
    path = state / LOCK_FILE
    handle: IO[str] = open(path, "a+")  # noqa: SIM115 - held open for the whole run
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(handle)
            raise LockHeldError(
                f"another run holds the lock on {state.parent} "
                f"(pid {holder.get('pid', '?')}, started {holder.get('started', '?')} "
                f"on {holder.get('host', '?')}); wait for it to finish"
            ) from None
        stale = _read(handle)
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                }
            )
        )
        handle.flush()
        try:
            yield stale
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def _read(handle: IO[str]) -> dict[str, object]:
    handle.seek(0)
    try:
        return dict(json.loads(handle.read() or "{}"))
    except ValueError:
        return {}
