"""Time Python's cyclic garbage collector spends in a `pipeline run`, per generation.

    .venv/bin/python benchmarks/gc_time.py run --input DIR --output OUT --force [...]

Runs `python -m pipeline` in this process with the arguments given, with a
`gc.callbacks` hook timing every collection, and prints at exit (on stderr) the
wall time, the seconds and number of collections of each generation, and how
many objects were tracked at the end. A large share would mean that the objects
a run keeps alive make every collection walk more (the model, the gazetteer, the
rules' tables); `gc.freeze()` after loading would then be a lever.
"""

from __future__ import annotations

import atexit
import gc
import runpy
import sys
import time
from typing import Any

_spent = [0.0, 0.0, 0.0]
_collections = [0, 0, 0]
_began = [0.0]


def _timer(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _began[0] = time.perf_counter()
        return
    generation = int(info["generation"])
    _spent[generation] += time.perf_counter() - _began[0]
    _collections[generation] += 1


def main() -> None:
    started = time.perf_counter()

    def report() -> None:
        wall = time.perf_counter() - started
        seconds = ", ".join(f"{s:.2f}" for s in _spent)
        print(
            f"wall {wall:.1f} s; collector {sum(_spent):.2f} s ({100 * sum(_spent) / wall:.1f}%):"
            f" generations 0/1/2 {seconds} s in {_collections} collections;"
            f" {len(gc.get_objects()):,} objects tracked at exit",
            file=sys.stderr,
        )

    gc.callbacks.append(_timer)
    atexit.register(report)
    sys.argv = ["pipeline", *sys.argv[1:]]
    runpy.run_module("pipeline", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
