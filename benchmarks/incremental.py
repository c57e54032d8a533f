"""Incremental re-runs: a first run, a no-op re-run and a one-file-changed re-run.

    .venv/bin/python benchmarks/incremental.py --corpus DIR [--jobs N] [--json]

Copies the corpus to a temporary folder, then runs `pipeline run --json` there
three times as separate commands, as a user would:

  1. first: every document is processed;
  2. no-op: nothing changed, so nothing should be done and no model loaded;
  3. one file edited (a sentence appended): only that document is processed.

For each it prints the wall time of the whole command (interpreter start and
imports included), the `seconds` the summary reports, `documents_processed`,
and whether a model ran (`documents_annotated` > 0).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline.errors import DocumentError
from pipeline.stages.ingest import discover, read_document

EDIT = b"\n\nForty delegates stayed for a second day of talks in Brussels on 3 March 2005.\n"


def run_pipeline(input_dir: Path, output_dir: Path, jobs: int) -> tuple[float, dict[str, Any]]:
    """Wall seconds and the JSON summary of one `pipeline run` in a fresh interpreter."""
    command = [sys.executable, "-m", "pipeline", "run", "--input", str(input_dir)]
    command += ["--output", str(output_dir), "--json", "--jobs", str(jobs)]
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"pipeline run failed ({completed.returncode}):\n{completed.stderr}")
    return wall, dict(json.loads(completed.stdout))


def pick_file(input_dir: Path) -> Path:
    """The file to edit: the middle one of the readable files, a deterministic choice."""
    paths = []
    for path in discover(input_dir):
        try:
            read_document(path, input_dir)
        except DocumentError:
            continue
        paths.append(path)
    if not paths:
        raise SystemExit(f"no readable document under {input_dir}")
    return paths[len(paths) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=Path("data/raw"), help="folder of sources")
    parser.add_argument("--jobs", type=int, default=1, help="--jobs for every run")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("--scratch", type=Path, default=None, help="folder for the temporary copy")
    args = parser.parse_args(argv)

    scratch = Path(tempfile.mkdtemp(prefix="incremental-", dir=args.scratch))
    rows: list[dict[str, Any]] = []
    try:
        input_dir = scratch / "input"
        output_dir = scratch / "output"
        shutil.copytree(args.corpus, input_dir, symlinks=True)
        edited = pick_file(input_dir)
        steps = ("first run", "no-op re-run", f"re-run, {edited.relative_to(input_dir)} edited")
        for step in steps:
            if step.startswith("re-run,"):
                edited.write_bytes(edited.read_bytes() + EDIT)
            wall, summary = run_pipeline(input_dir, output_dir, args.jobs)
            rows.append(
                {
                    "step": step,
                    "wall_seconds": round(wall, 2),
                    "summary_seconds": summary.get("seconds"),
                    "documents": summary.get("documents"),
                    "documents_processed": summary.get("documents_processed"),
                    "documents_reused": summary.get("documents_reused"),
                    "documents_annotated": summary.get("documents_annotated"),
                    "model_ran": bool(summary.get("documents_annotated")),
                    "no_op": summary.get("no_op"),
                }
            )
            if not args.json:
                print(f"{step}: {wall:.2f} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    if args.json:
        print(json.dumps({"corpus": str(args.corpus), "jobs": args.jobs, "runs": rows}, indent=2))
        return 0
    print()
    print(f"corpus {args.corpus}, --jobs {args.jobs}")
    header = f"{'run':<44}{'wall s':>8}{'summary s':>11}{'processed':>11}{'reused':>8}{'model':>7}"
    print(header)
    for row in rows:
        print(
            f"{row['step']:<44}{row['wall_seconds']:>8.2f}{row['summary_seconds']:>11.2f}"
            f"{row['documents_processed']:>11}{row['documents_reused']:>8}"
            f"{'yes' if row['model_ran'] else 'no':>7}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
