"""The `orderlens` command: analyse saved order pages from the shell.

Exit codes: 0 every file was analysed (even with no orders); 2 bad usage or a path that is missing or
unreadable (one line on stderr per problem, no traceback).

Start-up time counts (issue 10): the commands that live elsewhere (`COMPANIONS`), `--explain`'s module and
rich are imported only when used, so `orderlens analyze` on one page loads neither the server (FastAPI,
uvicorn) nor redaction, the scaffolder or the soup backend; and it takes the compiled vocabulary from the
user's cache folder (parser/vocabulary/cache.py) instead of compiling it again.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperGroup
from typer.main import get_command_from_info, get_group
from typer.models import CommandInfo

from orderlens.parser import analyze
from orderlens.parser.classify import RULES
from orderlens.parser.dom import BACKENDS
from orderlens.parser.layouts import REGISTRY
from orderlens.parser.model import to_json
from orderlens.parser.vocabulary.cache import cached_vocabulary
from orderlens.parser.vocabulary.tables import install

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import Console
    from rich.table import Table
    from typer._click import Command, Context  # typer's own copy of click, which its classes are typed with

    from orderlens.parser.explain import Hint
    from orderlens.parser.model import Analysis

EXIT_USAGE = 2

#: Commands whose code lives beside the parser (server/, preview, redaction, scaffolding), as "module:attribute".
#: Their modules are imported when the command runs or `--help` lists it, never for `analyze`.
COMPANIONS = {
    "serve": "orderlens.server.commands:serve",
    "token": "orderlens.server.commands:token",
    "redact": "orderlens.parser.redact.command:redact_command",
    "new-layout": "orderlens.parser.scaffold:new_layout",
    "preview": "orderlens.parser.preview:preview",
    "journal": "orderlens.server.journal.command:journal",
    "reports": "orderlens.server.reports.command:reports",
    "service": "orderlens.server.commands:service_app",
}


class _Commands(TyperGroup):
    """The `orderlens` group: this module's commands plus the companions, each loaded on first use."""

    def list_commands(self, ctx: Context) -> list[str]:
        return [*super().list_commands(ctx), *(name for name in COMPANIONS if name not in self.commands)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name in COMPANIONS and cmd_name not in self.commands:
            self.add_command(_companion(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Context, args: list[str]) -> tuple[str | None, Command | None, list[str]]:
        if args and args[0] not in self.commands and args[0] not in COMPANIONS:
            for name in COMPANIONS:  # a mistyped command: "did you mean …?" then considers every command
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


def _companion(name: str) -> Command:
    module, _, attribute = COMPANIONS[name].partition(":")
    target = getattr(importlib.import_module(module), attribute)
    if isinstance(target, typer.Typer):
        return get_group(target)
    info = CommandInfo(name=name, callback=target)
    return get_command_from_info(
        info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode
    )


app = typer.Typer(cls=_Commands, add_completion=False, no_args_is_help=True, help="Explain AliExpress order statuses.")


@cache
def _console(stderr: bool = False) -> Console:
    """rich, for tables, bold ids and the progress bar only: loaded on first use, so `--json` never pays for it."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


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
    if files:
        install(cached_vocabulary())  # the vocabulary as an earlier run compiled it: most of the start-up saved
    for path in _with_progress(files) if many else files:
        try:
            data = path.read_bytes()
        except OSError as error:
            problems.append(f"orderlens: {path}: cannot read ({error.strerror or error})")
            continue
        result = replace(analyze(data, url=url, lang=lang, backend=backend, now=moment), source=str(path))
        if json:
            sys.stdout.write(to_json(result) + "\n")
        else:
            _print_table(result)
            if explain:
                from orderlens.parser.explain import hint

                _print_explanation(result, hint(data, result, backend, str(path)))
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        raise typer.Exit(EXIT_USAGE)


def _with_progress(files: list[Path]) -> Iterable[Path]:
    from rich.progress import track

    return track(files, description="Analysing", console=_console(stderr=True), transient=True)


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
        _console().print(_orders_table(result, title))
    for diagnostic in result.diagnostics:
        typer.echo(f"  {diagnostic.level}: {diagnostic.message}")


def _orders_table(result: Analysis, title: str) -> Table:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for column in ("order", "status", "scenario", "banner"):
        table.add_column(column)
    for order in result.orders:
        banner = order.banner.title if order.banner else "—"
        table.add_row(order.order_id, order.status_text or "—", order.scenario, banner)
    return table


def _print_explanation(result: Analysis, hint: Hint | None) -> None:
    from orderlens.parser.explain import fact_lines, hint_lines

    rule_names = [rule.__name__ for _, rule in RULES]
    for order in result.orders:
        _console().print(f"\n[bold]{order.order_id}[/bold] → {order.scenario} (rule {order.rule})")
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
    from rich.table import Table

    table = Table()
    for column in ("layout", "page kind", "recognised by"):
        table.add_column(column)
    for layout in REGISTRY:
        table.add_row(layout.name, layout.page_kind, "; ".join(m.meaning for m in layout.markers if m.required))
    _console().print(table)


def main() -> None:
    """Console-script entry: usage errors exit 2 with click's one-line message."""
    app()
