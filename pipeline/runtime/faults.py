"""Crash checkpoints for the crash-safety tests.

When the environment variable PIPELINE_KILL_AT names a checkpoint, the process
kills itself with SIGKILL on reaching it: no cleanup, no `finally`, exactly
like `kill -9` at that line. The tests use it to prove that a run killed while
annotating, while writing tables or while publishing leaves the previously
published tables readable and complete. Unset, a checkpoint is one dict lookup.
"""

from __future__ import annotations

import os
import signal

KILL_AT = "PIPELINE_KILL_AT"


def checkpoint(name: str) -> None:
    """Die here, hard, if PIPELINE_KILL_AT == name."""
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)
