"""CPU time of the work around the model (rules, dates, counts) against the model's own.

    .venv/bin/python benchmarks/around_model.py --corpus ../shared/corpus/bbc-news \\
        --folders business,politics,tech --first 100 [--rounds 3] [--json]

In one process, on the English item texts our run feeds to spaCy (as
`throughput.py` selects and reads them): the model part (`annotate.model("en")`,
`pipe_any_length`) once, timed; then, `--rounds` times on fresh copies of its
docs (restored from a DocBin, as the run's cache gives them back), the rules
stage (`find_entities`), the dates stage and the counts stage over each file's
items in turn, as `pipeline.runtime.work` calls them, one file's docs alive at
a time. It prints the
least CPU seconds of each over the rounds and their sum as a share of the
model's: the share a whole run costs beyond the bare model, before ingest,
cache and tables.

Compare commits by running this script in a worktree of each, one after the
other: the machine's speed changes within an hour, so compare shares, and
seconds only between adjacent runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from spacy.tokens import DocBin

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import english_texts, select_files

from pipeline.stages.counts import extract_counts
from pipeline.stages.dates import extract_dates
from pipeline.stages.nlp.annotate import model, pipe_any_length
from pipeline.stages.nlp.docbin import DOCBIN_ATTRS
from pipeline.stages.nlp.entities import find_entities, rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("data/raw"))
    parser.add_argument("--folders", default=None, help="comma-separated subfolders")
    parser.add_argument("--first", type=int, default=None, help="first N files of each folder")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    folders = args.folders.split(",") if args.folders else None
    paths = select_files(args.corpus, args.limit, folders, args.first)
    per_file = [english_texts([path], args.corpus)[0] for path in paths]
    texts = [text for file_texts in per_file for text in file_texts]
    nlp = model("en")
    rules("en")  # built before the clock starts, as a run builds it once
    started = time.process_time()
    docs = list(pipe_any_length(nlp, texts))
    model_seconds = time.process_time() - started
    # One DocBin per file: only one file's docs are alive at a time, as in a run (with
    # every doc alive, Python's garbage collector walks them all, again and again,
    # and the rules' allocations look several times dearer than they are).
    stored, start = [], 0
    for file_texts in per_file:
        end = start + len(file_texts)
        stored.append(DocBin(attrs=DOCBIN_ATTRS, store_user_data=True, docs=docs[start:end]))
        start = end
    stored_bytes = [docbin.to_bytes() for docbin in stored]
    del docs, stored

    seconds: dict[str, list[float]] = {"rules": [], "dates": [], "counts": []}
    for _ in range(args.rounds):
        spent = dict.fromkeys(seconds, 0.0)
        for n, data in enumerate(stored_bytes):
            fresh = list(DocBin().from_bytes(data).get_docs(rules("en").vocab))
            ids = [f"f{n}i{m}" for m in range(len(fresh))]
            started = time.process_time()
            found = [find_entities(i, doc, "en") for i, doc in zip(ids, fresh, strict=True)]
            ruled = time.process_time()
            extract_dates([(i, f.doc) for i, f in zip(ids, found, strict=True)], "en")
            dated = time.process_time()
            for i, f in zip(ids, found, strict=True):
                extract_counts(i, f.doc, (), "en")
            counted = time.process_time()
            spent["rules"] += ruled - started
            spent["dates"] += dated - ruled
            spent["counts"] += counted - dated
        for stage, value in spent.items():
            seconds[stage].append(value)

    least = {stage: min(values) for stage, values in seconds.items()}
    report = {
        "files": len(paths),
        "items": len(texts),
        "model_cpu_s": round(model_seconds, 3),
        **{f"{stage}_cpu_s": round(value, 3) for stage, value in least.items()},
        "around_share_of_model": round(sum(least.values()) / model_seconds, 3),
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['files']} files, {report['items']} English items")
    print(f"model   {report['model_cpu_s']:8.2f} s CPU")
    for stage in seconds:
        print(f"{stage:7} {report[f'{stage}_cpu_s']:8.2f} s CPU (least of {args.rounds})")
    print(f"rules + dates + counts / model = {report['around_share_of_model']:.3f}")


if __name__ == "__main__":
    main()
