"""One-screen human summaries of runs, status and evaluations (rich)."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table


def render_run(summary: dict[str, Any]) -> Group:
    """The end-of-run summary: what was found, reused, quarantined, how long."""
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column(justify="right")
    head.add_row("documents", str(summary["documents"]))
    head.add_row("  processed", str(summary["documents_processed"]))
    head.add_row("  reused", str(summary["documents_reused"]))
    head.add_row("  failed", str(summary["documents_failed"]))
    head.add_row("  model ran on", str(summary.get("documents_annotated", 0)))
    head.add_row("items", str(summary["items"]))
    head.add_row("mentions", str(summary.get("mentions", 0)))
    for label, n in summary.get("mentions_by_label", {}).items():
        head.add_row(f"  {label}", str(n))
    head.add_row("entities", str(summary.get("entities", 0)))
    head.add_row("dates", str(summary.get("dates", 0)))
    head.add_row("counts", str(summary.get("counts", 0)))
    head.add_row("seconds", f"{summary['seconds']:.2f}")
    title = (
        "pipeline run: nothing changed, tables up to date"
        if summary.get("no_op")
        else (f"pipeline run -> {summary.get('output', '')}")
    )
    parts: list[Any] = [Panel(head, title=title, expand=False)]
    errors = summary.get("errors", [])
    if errors:
        table = Table(title=f"quarantined ({len(errors)})", show_lines=False)
        for column in ("source", "stage", "error", "message"):
            table.add_column(column, overflow="fold")
        for e in errors[:15]:
            table.add_row(e["source"], e["stage"], e["error"], e["message"])
        if len(errors) > 15:
            table.caption = f"... and {len(errors) - 15} more in errors.parquet"
        parts.append(table)
    return Group(*parts)


def render_status(report: dict[str, Any]) -> Group:
    """What a run would do now, like `dvc status`."""
    lines: list[str] = []
    if report["up_to_date"]:
        lines.append("[green]up to date[/]: a run would reuse everything")
    if not report["published_run"]:
        lines.append("[yellow]nothing published yet[/]: a run processes every document")
    for key, colour in (("new", "green"), ("changed", "yellow"), ("deleted", "red")):
        for source in report[key]:
            lines.append(f"  [{colour}]{key}:[/] {source}")
    for r in report["renamed"]:
        lines.append(f"  [cyan]renamed:[/] {r['from']} -> {r['to']} (work reused)")
    for source in report["quarantined"]:
        lines.append(f"  [red]quarantined:[/] {source}")
    if report["stale_stages"] and report["published_run"]:
        lines.append(
            "stale stages (code, rules or models changed): " + ", ".join(report["stale_stages"])
        )
    lines.append(
        f"{report['documents']} documents: {report['documents_processed']} to process "
        f"({report['documents_to_annotate']} need the models), "
        f"{report['documents_reused']} reusable"
    )
    return Group(*lines)


def render_eval(scores: dict[str, Any]) -> Group:
    """Evaluation scores as tables."""
    seg = scores["segmentation"]
    parts: list[Any] = [
        f"segmentation: {seg['items']['tp']}/{seg['gold_items']} gold items found, "
        f"{seg['items']['fp']} extra; titles {seg['titles_exact']}, "
        f"sections {seg['sections_exact']}, "
        f"authors {seg['authors_exact']}, languages {seg['languages_exact']} exact"
    ]
    table = Table(title="entities")
    for column in (
        "label",
        "strict P",
        "strict R",
        "strict F1",
        "lenient P",
        "lenient R",
        "lenient F1",
    ):
        table.add_column(column, justify="right")
    for label in scores["entities"]["strict"]:
        s, le = scores["entities"]["strict"][label], scores["entities"]["lenient"][label]
        table.add_row(
            label,
            *(f"{s[k]:.3f}" for k in ("precision", "recall", "f1")),
            *(f"{le[k]:.3f}" for k in ("precision", "recall", "f1")),
        )
    parts.append(table)
    spans = Table(title="dates and counts")
    for column in ("measure", "P", "R", "F1"):
        spans.add_column(column, justify="right")
    for kind in ("dates", "counts"):
        for measure, score in scores[kind].items():
            spans.add_row(
                f"{kind} {measure}", *(f"{score[k]:.3f}" for k in ("precision", "recall", "f1"))
            )
    parts.append(spans)
    return Group(*parts)


def print_renderable(renderable: Any, console: Console | None = None) -> None:
    (console or Console()).print(renderable)
