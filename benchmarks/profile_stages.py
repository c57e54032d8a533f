"""Break a py-spy profile of `pipeline run` down by stage.

    py-spy record -r 50 -f raw -o run.raw [--subprocesses] -- \\
        .venv/bin/python -m pipeline run --input DIR --output OUT --jobs 1 --force --json
    .venv/bin/python benchmarks/profile_stages.py run.raw

py-spy's raw format is one collapsed stack a line (`frame;frame;... count`).
Each sample goes to the first stage, in the order of `STAGES` below, one of
whose markers appears in its stack (innermost frames win where stages nest:
a model load inside the first batch counts as "model load", not "nlp"). The
percentages are of all samples (of every process with `--subprocesses`).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

# (stage, markers): a marker is a substring of a frame "function (file:line)".
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("model load (spaCy en)", ("load_model (pipeline/stages/nlp/pipelines.py",)),
    ("rule pipelines build", ("load_rules (pipeline/stages/nlp/pipelines.py",)),
    ("russian (natasha) load", ("natasha_models (pipeline/stages/nlp/russian.py",)),
    ("language model load", ("_identifier (pipeline/stages/language.py",)),
    ("fingerprints", ("stage_fingerprints (",)),
    ("nlp (spaCy/natasha models)", ("annotate (pipeline/stages/nlp/annotate.py",)),
    ("rules (our components)", ("find_entities (",)),
    ("dates", ("extract_dates (",)),
    ("counts", ("extract_counts (",)),
    ("segment", ("segment (pipeline/stages/segment.py",)),
    ("language", ("detect_language (",)),
    ("cache: docbin", ("docbin.py", "put_docbin", "get_docbin")),
    ("cache: results", ("put_result", "get_result", "to_bytes (pipeline/runtime/results.py")),
    (
        "tables: rows and parts",
        ("rows.write", "_Rows.", "PartWriter.", "write (pipeline/runtime/tasks.py"),
    ),
    ("ingest", ("read_inputs (", "load_document (", "read_document (", "discover (")),
    ("linking", ("link_mentions (",)),
    ("publish", ("write_table (", "finish_version (", "publish (")),
    ("worker start", ("spawn_main", "forkserver", "_bootstrap (multiprocessing")),
    ("imports", ("_find_and_load (",)),
)


def stage_of(stack: str) -> str:
    for name, markers in STAGES:
        if any(marker in stack for marker in markers):
            return name
    return "other"


def breakdown(lines: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in lines:
        stack, _, n = line.rstrip().rpartition(" ")
        if stack and n.isdigit():
            counts[stage_of(stack)] += int(n)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("raw", type=Path, nargs="+", help="py-spy raw (collapsed) profiles")
    parser.add_argument("--other", type=int, default=0, help="print the N biggest 'other' leaves")
    args = parser.parse_args(argv)
    for path in args.raw:
        lines = path.read_text(encoding="utf-8").splitlines()
        counts = breakdown(lines)
        total = sum(counts.values()) or 1
        print(f"{path}: {total} samples")
        for name, n in counts.most_common():
            print(f"  {name:<32}{n:>8}{100 * n / total:>7.1f}%")
        if args.other:
            leaves: Counter[str] = Counter()
            for line in lines:
                stack, _, n = line.rstrip().rpartition(" ")
                if stack and n.isdigit() and stage_of(stack) == "other":
                    leaves[";".join(stack.split(";")[-3:])] += int(n)
            for leaf, n in leaves.most_common(args.other):
                print(f"    {n:>6} {leaf}", file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
