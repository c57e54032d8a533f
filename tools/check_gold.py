"""Checks a gold JSONL file against its documents before anyone scores with it.

    python tools/check_gold.py GOLD.jsonl DOCS_DIR

For every gold item: the document exists (UTF-8, or cp1251 when it is not
UTF-8), its body is found by `body_start`, the title is the line above the body,
and every entity, date and count text occurs in the item (title line + body), in
order; dates are ISO with start <= end and a known granularity; counts have a
number and a unit that occurs in their text. Prints one line per problem and
exits 1 when there is any. It does not run the pipeline and knows nothing of
its output.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

LABELS = {"ORG", "PERSON", "FUND", "GPE"}
GRANULARITIES = {"day", "month", "year"}


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def read(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return raw.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{path}: neither UTF-8 nor cp1251")


def paragraphs(text: str) -> list[str]:
    return [p for p in (line.strip() for line in text.split("\n")) if p]


def check_item(row: dict, text: str, where: str) -> list[str]:
    problems: list[str] = []
    lines = paragraphs(text)
    start = norm(row["body_start"])
    bodies = [n for n, line in enumerate(lines) if norm(line).startswith(start)]
    if len(bodies) != 1:
        return [f"{where}: body_start found {len(bodies)} times: {row['body_start']!r}"]
    n = bodies[0]
    body = lines[n]
    title = row.get("title")
    if title is not None and (n == 0 or norm(lines[n - 1]) != norm(title)):
        problems.append(f"{where}: title is not the line above the body: {title!r}")
    item = norm(f"{title or ''}\n{body}")
    for field in ("entities", "dates", "counts"):
        at = 0
        for span in row.get(field, []):
            needle = norm(span["text"])
            found = item.find(needle, at)
            if found < 0:
                hint = "out of order" if needle in item else "not in the item"
                problems.append(f"{where}: {field} {span['text']!r} {hint}")
                continue
            at = found
    for e in row.get("entities", []):
        if e.get("label") not in LABELS:
            problems.append(f"{where}: entity {e['text']!r} has label {e.get('label')!r}")
    for d in row.get("dates", []):
        if d.get("granularity") not in GRANULARITIES:
            problems.append(f"{where}: date {d['text']!r} granularity {d.get('granularity')!r}")
        try:
            if d.get("start") is not None or d.get("end") is not None:
                s, e = dt.date.fromisoformat(d["start"]), dt.date.fromisoformat(d["end"])
                if s > e:
                    problems.append(f"{where}: date {d['text']!r} starts after it ends")
        except (TypeError, ValueError):
            problems.append(f"{where}: date {d['text']!r} has a bad start/end")
    for c in row.get("counts", []):
        if not isinstance(c.get("value"), (int, float)) or isinstance(c.get("value"), bool):
            problems.append(f"{where}: count {c['text']!r} value {c.get('value')!r}")
        if not c.get("unit") or norm(c["unit"]) not in norm(c["text"]):
            problems.append(f"{where}: count {c['text']!r} unit {c.get('unit')!r} not in its text")
        if not isinstance(c.get("approx"), bool):
            problems.append(f"{where}: count {c['text']!r} approx must be true or false")
    return problems


def main(gold: Path, docs: Path) -> int:
    problems: list[str] = []
    texts: dict[str, str] = {}
    positions: dict[str, list[int]] = {}
    for number, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{gold.name}:{number}"
        try:
            row = json.loads(line)
        except ValueError as exc:
            problems.append(f"{where}: not JSON ({exc})")
            continue
        doc = row.get("doc", "")
        if doc not in texts:
            try:
                path = next(docs.rglob(doc), docs / doc)  # by file name, anywhere below DOCS_DIR
                texts[doc] = read(path)
            except (OSError, ValueError) as exc:
                problems.append(f"{where}: {exc}")
                continue
        positions.setdefault(doc, []).append(int(row.get("position", -1)))
        problems.extend(check_item(row, texts[doc], f"{where} ({doc} #{row.get('position')})"))
    for doc, found in positions.items():
        if found != list(range(len(found))):
            problems.append(f"{doc}: positions are {found}, expected 0..{len(found) - 1}")
    for problem in problems:
        print(problem)
    items = sum(len(v) for v in positions.values())
    print(f"{len(positions)} documents, {items} items, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
