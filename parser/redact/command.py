"""`orderlens redact PAGE.html -o OUT.html [--report]`, and the page file handling `new-layout` shares with it.

What was replaced is only ever counted, so a terminal log or CI output can't leak what redaction was
meant to remove; `--report` also lists what was kept (vocabulary, dates, amounts…), with examples,
for the contributor to check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from orderlens.parser.decode import decode
from orderlens.parser.redact import Redaction, redact

EXIT_USAGE = 2


def fail(message: str) -> NoReturn:
    """One line on stderr and exit status 2, never a traceback."""
    typer.echo(f"orderlens: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def read_page(path: Path) -> str:
    """The saved page as text, decoded the way `analyze` decodes it."""
    try:
        return decode(path.read_bytes())
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except IsADirectoryError:
        fail(f"{path}: is a folder, not a saved page")
    except OSError as error:
        fail(f"{path}: cannot read ({error.strerror or error})")


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 bytes as they are (no newline translation: the page keeps its own line ends)."""
    try:
        path.write_bytes(text.encode("utf-8"))
    except OSError as error:
        fail(f"{path}: cannot write ({error.strerror or error})")


def summary(result: Redaction) -> str:
    """What was replaced and kept, in counts only."""
    ids, tracking = len(result.ids.order_ids), len(result.ids.tracking_numbers)
    replaced = result.tally.replaced.total()
    kept = sum(texts.total() for texts in result.tally.kept.values())
    return (
        f"{ids} order id(s) and {tracking} tracking number(s) replaced by fakes, {replaced} other value(s) replaced,"
        f" {kept} text(s) kept in {len(result.tally.kept)} categories"
    )


def redact_command(
    page: Annotated[Path, typer.Argument(help="The saved page (.html).", show_default=False)],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the redacted page.", show_default=False)
    ],
    report: Annotated[
        bool, typer.Option("--report", help="Also list what was kept, per category, with examples, to check it.")
    ] = False,
) -> None:
    """Keep only what the parser needs from a saved page before it is shared or becomes a test fixture."""
    result = redact(read_page(page))
    write_text(output, result.html)
    typer.echo(f"{output}: {summary(result)}")
    if report:
        typer.echo("\n".join(result.tally.lines()))
