"""Leaving without the interpreter's teardown: what a normal exit does that matters
still happens (atexit handlers, flushed streams, the status), and the normal exit is
kept where skipping the teardown would lose something."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipeline.apps.shutdown import status_of


def _python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def _script(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return _python("-c", textwrap.dedent(script), cwd=cwd)


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (3, 3), ("error: bad input", 1)])
def test_status_is_what_sys_exit_gives(code: object, status: int) -> None:
    assert status_of(SystemExit(code)) == status


def test_atexit_handlers_run_and_buffered_output_is_flushed(tmp_path: Path) -> None:
    marker = tmp_path / "atexit-ran"
    done = _script(
        f"""
        import atexit, pathlib, sys
        from pipeline.apps.shutdown import leave
        atexit.register(pathlib.Path({str(marker)!r}).write_text, "yes")
        sys.stdout.write("x" * 100_000)  # more than one buffer, the rest still buffered
        sys.stdout.write("end")
        leave(SystemExit(3))
        """,
        cwd=tmp_path,
    )
    assert done.returncode == 3
    assert done.stdout == "x" * 100_000 + "end"
    assert marker.read_text() == "yes"


def test_a_message_code_goes_to_stderr_with_status_one(tmp_path: Path) -> None:
    done = _script(
        """
        from pipeline.apps.shutdown import leave
        leave(SystemExit("cannot go on"))
        """,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "cannot go on"


def test_a_running_thread_is_joined_by_a_normal_exit(tmp_path: Path) -> None:
    marker = tmp_path / "thread-finished"
    done = _script(
        f"""
        import pathlib, threading, time
        from pipeline.apps.shutdown import leave
        def late():
            time.sleep(0.5)
            pathlib.Path({str(marker)!r}).write_text("done")
        threading.Thread(target=late).start()
        leave(SystemExit(0))
        """,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert marker.read_text() == "done"


def test_a_profiled_command_still_writes_its_profile(tmp_path: Path) -> None:
    profile = tmp_path / "run.prof"
    done = _python(
        "-m", "cProfile", "-o", str(profile), "-m", "pipeline", "run", "--help", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "--input" in done.stdout
    assert profile.stat().st_size > 0
