"""The run lock: a live holder refuses a second run; a dead one is taken over."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import LockHeldError
from pipeline.runtime.lock import LOCK_FILE, run_lock

HOLDER = """
import sys, time
from pathlib import Path
from pipeline.runtime.lock import run_lock
with run_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_second_holder_is_refused_with_pid_and_start(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockHeldError) as caught, run_lock(tmp_path):
            pass
        message = str(caught.value)
        assert f"pid {holder.pid}" in message and "started" in message
    finally:
        holder.kill()
        holder.wait()
    # The kernel released the killed holder's lock: the next run proceeds and
    # reports whom it took over from.
    with run_lock(tmp_path) as stale:
        assert stale.get("pid") == holder.pid
        assert json.loads((tmp_path / LOCK_FILE).read_text())["pid"] != holder.pid


def test_clean_release_leaves_no_stale_holder(tmp_path: Path) -> None:
    with run_lock(tmp_path) as stale:
        assert stale == {}
    with run_lock(tmp_path) as stale:
        assert stale == {}


def test_second_lock_in_the_same_process_is_refused(tmp_path: Path) -> None:
    with run_lock(tmp_path), pytest.raises(LockHeldError), run_lock(tmp_path):
        pass
