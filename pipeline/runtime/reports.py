"""What `run` and `status` return: typed summaries that the CLI prints or dumps as JSON."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from pipeline.records import ErrorRecord


@dataclass(slots=True)
class RunSummary:
    """The outcome of one `pipeline run` (also stored in run.json)."""

    documents: int  # source files seen, quarantined ones included
    documents_processed: int  # work done this run
    documents_reused: int  # taken from earlier work unchanged
    documents_failed: int  # quarantined at ingest or failed while processing
    documents_annotated: int  # documents the models ran on
    items: int
    mentions: int = 0
    mentions_by_label: dict[str, int] = field(default_factory=dict)
    entities: int = 0
    dates: int = 0
    counts: int = 0
    errors: list[ErrorRecord] = field(default_factory=list)
    no_op: bool = False  # nothing changed: the published tables were kept
    output: str = ""
    seconds: float = 0.0
    took_over_stale_lock_from_pid: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data (the contract's `--json` keys and more)."""
        data = dataclasses.asdict(self)
        if data["took_over_stale_lock_from_pid"] is None:
            del data["took_over_stale_lock_from_pid"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunSummary:
        """A summary read back from run.json."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        values["errors"] = [ErrorRecord(**e) for e in data.get("errors", [])]
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Renamed:
    """A source that moved: same content under a new path."""

    source_from: str
    source_to: str


@dataclass(slots=True)
class StatusReport:
    """What a run would do now (`pipeline status`)."""

    documents: int
    documents_processed: int  # documents a run would process
    documents_reused: int
    documents_failed: int  # quarantined at ingest
    documents_to_annotate: int  # of those to process, the ones that need the models
    items: int  # in the published run
    new: list[str]
    changed: list[str]
    renamed: list[Renamed]
    deleted: list[str]
    unchanged: int
    quarantined: list[str]
    stale_stages: list[str]
    published_run: str | None
    up_to_date: bool
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        data = dataclasses.asdict(self)
        data["renamed"] = [{"from": r.source_from, "to": r.source_to} for r in self.renamed]
        return data
