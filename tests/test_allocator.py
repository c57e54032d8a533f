"""The allocator setting of the processes that run the pipeline: memory a batch frees
is kept for the next one instead of being faulted in again page by page."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHURN = """
import resource, sys
from pipeline.runtime.allocator import keep_freed_memory
if sys.argv[1] == "keep":
    assert keep_freed_memory()
def churn():
    for _ in range(5):
        blocks = [bytearray(1024 * 1024) for _ in range(64)]  # 64 MB, every page written
        del blocks
churn()  # the first round faults its pages in either way
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
churn()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _page_faults(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", CHURN, mode], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_freed_batches_are_reused_without_page_faults() -> None:
    default, kept = _page_faults("default"), _page_faults("keep")
    pages = 5 * 64 * 1024 * 1024 // 4096
    assert default > pages // 2  # glibc gave the freed 64 MB back and faulted it in again
    assert kept < pages // 50
