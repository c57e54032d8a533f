"""The C allocator of a process that runs the pipeline: keep freed memory for reuse.

Each batch allocates tens of megabytes (the model's arrays, the docs, the
tables' buffers) and frees them at its end. glibc's malloc serves blocks over
a threshold with `mmap` and gives the top of its heap back to the system when
more than a threshold is free there, so each batch faulted its memory in again
page by page: a `--jobs 1` run over 900 BBC files took 1.03 million page faults
(the bare `nlp.pipe` script over the same files 0.07 to 0.09 million) and 4 s of
system time. With blocks up to `MMAP_BYTES` served from the heap and up to
`TRIM_BYTES` of free heap kept: 0.10 million faults, 1.1-1.3 s of system time,
the whole run 10% faster (60.4, 56.7 s against 67.7, 63.3 s, interleaved), for
about 45 MB more peak memory (527 against 481 MB).

Set through `mallopt`, glibc's documented knob (the `MALLOC_MMAP_THRESHOLD_`
and `MALLOC_TRIM_THRESHOLD_` variables would do the same, but only when set
before the process starts). For processes this package owns: the `pipeline
run` command and its `--jobs N` workers (forked from a forkserver that calls
it); never in a library user's process. Elsewhere than glibc, nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

# mallopt parameters, from glibc's malloc.h
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
# The largest block served from the heap (glibc's own ceiling for its adaptive
# threshold on 64-bit systems), and how much free heap is kept. A smaller trim
# threshold (32 or 64 MB) kept the faults at 0.33 million per 300 files: a batch
# frees more than that at once.
MMAP_BYTES = 32 * 1024 * 1024
TRIM_BYTES = 128 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Set this process's malloc thresholds (see the module docstring); whether it
    was done (False off glibc)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # no C library to load, or no mallopt in it
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_BYTES) and mallopt(M_TRIM_THRESHOLD, TRIM_BYTES))
