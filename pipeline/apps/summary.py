"""One-screen human summaries of runs, status and evaluations (rich)."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table

from pipeline.runtime.reports import RunSummary, StatusReport


def render_run(summary: RunSummary) -> Group:
    """The end-of-run summary: what was found, reused, quarantined, how long."""
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column(justify="right")
    head.add_row("documents", str(summary.documents))
    head.add_row("  processed", str(summary.documents_processed))
    head.add_row("  reused", str(summary.documents_reused))
    head.add_row("  failed", str(summary.documents_failed))
    head.add_row("  model ran on", str(summary.documents_annotated))
    head.add_row("items", str(summary.items))
    head.add_row("mentions", str(summary.mentions))
    for label, n in summary.mentions_by_label.items():
        head.add_row(f"  {label}", str(n))
    head.add_row("entities", str(summary.entities))
    head.add_row("dates", str(summary.dates))
    head.add_row("counts", str(summary.counts))
    head.add_row("seconds", f"{summary.seconds:.2f}")
    title = (
        "pipeline run: nothing changed, tables up to date"
        if summary.no_op
        else f"pipeline run -> {summary.output}"
    )
    parts: list[Any] = [Panel(head, title=title, expand=False)]
    errors = summary.errors
    if errors:
        table = Table(title=f"quarantined ({len(errors)})", show_lines=False)
        for column in ("source", "stage", "error", "message"):
            table.add_column(column, overflow="fold")
        for e in errors[:15]:
            table.add_row(e.source, e.stage, e.error, e.message)
        if len(errors) > 15:
            table.caption = f"... and {len(errors) - 15} more in errors.parquet"
        parts.append(table)
    return Group(*parts)


def render_status(report: StatusReport) -> Group:
    """What a run would do now, like `dvc status`."""
    lines: list[str] = []
    if report.up_to_date:
        lines.append("[green]up to date[/]: a run would reuse everything")
    if not report.published_run:
        lines.append("[yellow]nothing published yet[/]: a run processes every document")
    for key, sources, colour in (
        ("new", report.new, "green"),
        ("changed", report.changed, "yellow"),
        ("deleted", report.deleted, "red"),
    ):
        for source in sources:
            lines.append(f"  [{colour}]{key}:[/] {source}")
    for r in report.renamed:
        lines.append(f"  [cyan]renamed:[/] {r.source_from} -> {r.source_to} (work reused)")
    for source in report.quarantined:
        lines.append(f"  [red]quarantined:[/] {source}")
    if report.stale_stages and report.published_run:
        lines.append(
            "stale stages (code, rules or models changed): " + ", ".join(report.stale_stages)
        )
    lines.append(
        f"{report.documents} documents: {report.documents_processed} to process "
        f"({report.documents_to_annotate} need the models), "
        f"{report.documents_reused} reusable"
    )
    return Group(*lines)


def render_eval(scores: dict[str, Any]) -> Group:
    """Evaluation scores as tables: segmentation, entities, dates and counts, per language,
    and the list of errors when there is one."""
    seg = scores["segmentation"]
    parts: list[Any] = [
        f"segmentation: {seg['items']['tp']}/{seg['gold_items']} gold items found, "
        f"{seg['items']['fp']} extra; titles {seg['titles_exact']}, "
        f"sections {seg['sections_exact']}, "
        f"authors {seg['authors_exact']}, languages {seg['languages_exact']} exact"
    ]
    parts.append(_entity_table("entities, all items", scores["entities"]))
    parts.append(_overview(scores))
    if "errors" in scores:
        parts.append(_errors_table(scores["errors"]))
    return Group(*parts)


def _entity_table(title: str, entities: dict[str, Any]) -> Table:
    table = Table(title=title)
    for column in ("label", "strict P", "strict R", "strict F1", "lenient P", "lenient R"):
        table.add_column(column, justify="right")
    table.add_column("lenient F1", justify="right")
    for label in entities["strict"]:
        s, le = entities["strict"][label], entities["lenient"][label]
        table.add_row(
            label,
            *(f"{s[k]:.3f}" for k in ("precision", "recall", "f1")),
            *(f"{le[k]:.3f}" for k in ("precision", "recall", "f1")),
        )
    return table


_MEASURES = (
    ("entities lenient", lambda s: s["entities"]["lenient"]["overall"]),
    ("entities strict", lambda s: s["entities"]["strict"]["overall"]),
    ("dates detection", lambda s: s["dates"]["detection"]),
    ("dates value", lambda s: s["dates"]["value"]),
    ("counts detection", lambda s: s["counts"]["detection"]),
    ("counts full", lambda s: s["counts"]["full"]),
)


def _overview(scores: dict[str, Any]) -> Table:
    """F1 (P/R) of the headline measures, for all items and each language."""
    columns = {"all": scores, **scores.get("by_language", {})}
    table = Table(title="F1 (precision/recall) by language")
    table.add_column("measure")
    for name, part in columns.items():
        table.add_column(f"{name} ({part['items']} items)", justify="right")
    for measure, pick in _MEASURES:
        cells = []
        for part in columns.values():
            s = pick(part)
            cells.append(f"{s['f1']:.3f} ({s['precision']:.2f}/{s['recall']:.2f})")
        table.add_row(measure, *cells)
    return table


def _errors_table(errors: list[dict[str, Any]]) -> Table:
    table = Table(title=f"errors ({len(errors)})")
    for column in ("kind", "error", "document", "item", "lang", "gold", "ours"):
        table.add_column(column, overflow="fold")
    for e in errors:
        table.add_row(
            e["kind"],
            e["error"],
            e["doc"],
            str(e["position"]),
            e["language"],
            e["gold"] or "",
            e["predicted"] or "",
        )
    return table


def print_renderable(renderable: Any, console: Console | None = None) -> None:
    (console or Console()).print(renderable)
