"""The `orderlens` command: analyse saved order pages from the shell.

Exit codes: 0 every file was analysed (even with no orders); 2 bad usage or a path that is missing or
unreadable (one line on stderr per problem, no traceback).
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import track
from rich.table import Table

from orderlens.parser import analyze
from orderlens.parser.classify import RULES
from orderlens.parser.dom import BACKENDS
from orderlens.parser.explain import Hint, fact_lines, hint, hint_lines
from orderlens.parser.layouts import REGISTRY
from orderlens.parser.model import Analysis

EXIT_USAGE = 2
app = typer.Typer(add_completion=False, no_args_is_help=True, help="Explain AliExpress order statuses.")
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def _html_files(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to analyse (directories expand to every .html below them) and problems with the paths."""
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.html") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"orderlens: {path}: no such file or directory")
    return files, problems


@app.command("analyze")
def analyze_command(
    paths: Annotated[list[Path], typer.Argument(help="Saved order pages (.html) or folders of them.")],
    url: Annotated[str | None, typer.Option(help="The page's URL, if the saved page does not say.")] = None,
    lang: Annotated[str | None, typer.Option(help="Banner language (default: the page's).")] = None,
    backend: Annotated[str, typer.Option(help="HTML parser: lexbor (fast) or soup (reference).")] = "lexbor",
    json: Annotated[bool, typer.Option("--json", help="One JSON object per file, one per line.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show every fact, the phrases and rules; where to start on unknown pages.")
    ] = False,
    now: Annotated[
        str | None,
        typer.Option(help="Count deadlines from this day (ISO date or date-time, e.g. 2026-09-01), not today."),
    ] = None,
) -> None:
    """Find each order's scenario and banner in saved AliExpress order pages."""
    if backend not in BACKENDS:
        typer.echo(f"orderlens: unknown backend {backend!r}; choose from {', '.join(BACKENDS)}", err=True)
        raise typer.Exit(EXIT_USAGE)
    moment = _moment(now)
    files, problems = _html_files(paths)
    many = len(files) > 1 and any(p.is_dir() for p in paths)
    for path in track(files, description="Analysing", console=err, transient=True) if many else files:
        try:
            data = path.read_bytes()
        except OSError as error:
            problems.append(f"orderlens: {path}: cannot read ({error.strerror or error})")
            continue
        result = analyze(data, url=url, lang=lang, backend=backend, now=moment).model_copy(update={"source": str(path)})
        if json:
            sys.stdout.write(result.model_dump_json() + "\n")
        else:
            _print_table(result)
            if explain:
                _print_explanation(result, hint(data, result, backend, str(path)))
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        raise typer.Exit(EXIT_USAGE)


def _moment(text: str | None) -> date | datetime | None:
    """`--now` as a date (2026-09-01) or a date-time (2026-09-01T10:00); a bad value ends with exit 2."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text) if len(text) == len("2026-09-01") else datetime.fromisoformat(text)
    except ValueError:
        typer.echo(f"orderlens: --now {text!r} is not an ISO date or date-time (e.g. 2026-09-01)", err=True)
        raise typer.Exit(EXIT_USAGE) from None


def _print_table(result: Analysis) -> None:
    title = f"{result.source} — {result.layout or 'no layout'} ({result.page_kind}, {result.lang})"
    if not result.orders:
        typer.echo(f"{title}: no orders")
    else:
        out.print(_orders_table(result, title))
    for diagnostic in result.diagnostics:
        typer.echo(f"  {diagnostic.level}: {diagnostic.message}")


def _orders_table(result: Analysis, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("order", "status", "scenario", "banner"):
        table.add_column(column)
    for order in result.orders:
        banner = order.banner.title if order.banner else "—"
        table.add_row(order.order_id, order.status_text or "—", order.scenario, banner)
    return table


def _print_explanation(result: Analysis, hint: Hint | None) -> None:
    rule_names = [rule.__name__ for _, rule in RULES]
    for order in result.orders:
        out.print(f"\n[bold]{order.order_id}[/bold] → {order.scenario} (rule {order.rule})")
        for line in fact_lines(order.facts):
            typer.echo(f"  {line}")
        for evidence in order.evidence:
            typer.echo(f"  evidence: {evidence.signal} ← {evidence.source} {evidence.text!r}")
        tried = rule_names[: rule_names.index(order.rule) + 1] if order.rule in rule_names else rule_names
        typer.echo(
            "  rules: " + " → ".join(f"{name} ✗" for name in tried[:-1]) + f" → {tried[-1]} ✓"
            if order.rule in rule_names
            else "  rules: none matched"
        )
    if hint is not None:
        typer.echo("\n" + "\n".join(hint_lines(hint)))


@app.command("layouts")
def layouts_command() -> None:
    """List the registered page layouts."""
    table = Table()
    for column in ("layout", "page kind", "recognised by"):
        table.add_column(column)
    for layout in REGISTRY:
        table.add_row(layout.name, layout.page_kind, "; ".join(m.meaning for m in layout.markers if m.required))
    out.print(table)


def _register_companions() -> None:
    """Commands whose code lives beside the parser: server (server/), preview, redaction, scaffolding."""
    from orderlens.parser.preview import preview
    from orderlens.parser.redact.command import redact_command
    from orderlens.parser.scaffold import new_layout
    from orderlens.server.commands import serve, service_app, token
    from orderlens.server.journal.command import journal
    from orderlens.server.reports.command import reports

    app.command("serve")(serve)
    app.command("token")(token)
    app.add_typer(service_app)
    app.command("redact")(redact_command)
    app.command("new-layout")(new_layout)
    app.command("preview")(preview)
    app.command("journal")(journal)
    app.command("reports")(reports)


_register_companions()


def main() -> None:
    """Console-script entry: usage errors exit 2 with click's one-line message."""
    app()
