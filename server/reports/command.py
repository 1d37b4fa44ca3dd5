"""`orderlens reports [--json]`: the reports saved by the extension, oldest first.

Reads `$ORDERLENS_HOME/reports` directly, so it works whether the server runs or not. It shows only
each report's summary (meta.json), which holds nothing the redacted page does not.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from orderlens.server.reports.store import list_reports, reports_dir
from orderlens.server.settings import SettingsError, home_dir

EXIT_USAGE = 2


def reports(
    as_json: Annotated[bool, typer.Option("--json", help="Every report's summary, as one JSON array.")] = False,
) -> None:
    """List the pages saved with the extension's "Save a report" button (start a layout from one with new-layout)."""
    try:
        folder = reports_dir(home_dir())
        found = [
            {"id": report_id, "folder": str(folder / report_id), **meta} for report_id, meta in list_reports(folder)
        ]
    except (OSError, SettingsError) as exc:
        typer.echo(f"orderlens: cannot read the reports ({getattr(exc, 'strerror', None) or exc})", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
    elif not found:
        typer.echo(f"No reports yet ({folder}).")
    else:
        _print_table(found)
        typer.echo(f"In {folder}. Start a layout from one: orderlens new-layout NAME --from REPORT_ID")


def _print_table(found: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for column in ("report", "date (UTC)", "page kind", "layout", "unknown statuses"):
        table.add_column(column, no_wrap=column in ("report", "date (UTC)"))
    for report in found:
        unknown = report.get("unknown_statuses") or []
        table.add_row(
            str(report["id"]),
            str(report.get("date", ""))[:16].replace("T", " "),
            str(report.get("page_kind", "")),
            str(report.get("layout") or "unrecognised"),
            "; ".join(str(text) for text in unknown) if isinstance(unknown, list) else "",
        )
    Console(highlight=False).print(table)
