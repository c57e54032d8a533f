"""Leaving the process once a command is done, without the interpreter's teardown.

At exit CPython frees every object it still holds, one by one: a run's spaCy
pipelines, vocabularies, gazetteer and lexicons are hundreds of thousands of
them, and freeing them took 0.2 to 0.3 s after every `pipeline run` (about a
tenth of a one-file run, measured with strace: from the last write to
`exit_group`). The operating system reclaims the memory anyway. So when the
command has finished and nothing else is running, `leave` does what a normal
exit does that matters (the `atexit` handlers: logging, multiprocessing and
`weakref.finalize` clean-ups; flushing stdout and stderr) and ends the process
with `os._exit`.

Everything the commands write is closed before they return (tables are written
to temporary files and renamed, the run record likewise), so no buffered data
depends on a finalizer. A normal exit is kept whenever skipping the teardown
could lose something: another non-daemon thread is alive (a normal exit joins
it), or a profiler or tracer is active (cProfile, coverage write their results
after the program returns).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn


def status_of(done: SystemExit) -> int:
    """The exit status `sys.exit(code)` gives: 0 for None, the int, else 1 (the code,
    a message, is printed to stderr as the interpreter would)."""
    code = done.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def teardown_needed() -> bool:
    """Whether the process must exit the normal way: a profiler or tracer is on, or a
    non-daemon thread other than this one is alive."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return True
    current = threading.current_thread()
    return any(t is not current and not t.daemon for t in threading.enumerate())


def leave(done: SystemExit) -> NoReturn:
    """End the process with `done`'s status; without the teardown when that is safe."""
    if teardown_needed():
        raise done
    status = status_of(done)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed or broken pipe: nothing to flush
            stream.flush()
    os._exit(status)
