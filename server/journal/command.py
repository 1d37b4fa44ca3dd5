"""`orderlens journal [--json | --csv] [--clear]`: show, export or empty the order journal.

Reads the file directly (not through the server), so it works whether the server runs or not, and
whether the journal is on or off (`ORDERLENS_JOURNAL=off` stops new records, not this command).
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from typing import Annotated, Any, NoReturn

import typer

from orderlens.server.journal.store import ORDER_COLUMNS, clear, read_all
from orderlens.server.settings import SettingsError, home_dir, journal_file


def journal(
    as_json: Annotated[bool, typer.Option("--json", help="Every order with its changes, as one JSON array.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="One CSV row per order (without its changes).")] = False,
    clear_all: Annotated[bool, typer.Option("--clear", help="Delete everything the journal holds.")] = False,
) -> None:
    """List the orders the server has seen (the order journal in $ORDERLENS_HOME), export them, or clear it."""
    if sum((as_json, as_csv, clear_all)) > 1:
        _fail("choose one of --json, --csv and --clear")
    try:
        path = journal_file(home_dir())
        if clear_all:
            count = clear(path)
            typer.echo(f"Order journal cleared ({count} order{'s' if count != 1 else ''} deleted): {path}")
            return
        orders = read_all(path)
    except (sqlite3.Error, OSError, SettingsError) as exc:
        _fail(f"cannot read the order journal ({getattr(exc, 'strerror', None) or exc})")
    if as_json:
        typer.echo(json.dumps(orders, ensure_ascii=False, indent=2))
    elif as_csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=ORDER_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(orders)
    elif not orders:
        typer.echo(f"The order journal is empty ({path}).")
    else:
        _print_table(orders)


def _print_table(orders: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for column in ORDER_COLUMNS:
        table.add_column(column.replace("_", " "))
    for order in orders:
        table.add_row(*(str(order[column] or "") for column in ORDER_COLUMNS))
    Console().print(table)


def _fail(message: str) -> NoReturn:
    """One line on stderr, exit status 2, like the other commands."""
    typer.echo(f"orderlens: {message}", err=True)
    raise typer.Exit(2)
