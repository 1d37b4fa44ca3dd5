"""`python -m orderlens.server [--port N]` starts the server; `… token [--rotate]` prints the token.

The same functions back `orderlens serve` / `orderlens token`; this entry point exists so the server
runs (and is tested) without the CLI package.
"""

from __future__ import annotations

import sys

import typer

from orderlens.server.commands import serve, token


def main() -> None:
    if sys.argv[1:2] == ["token"]:
        sys.argv.pop(1)
        typer.run(token)
    else:
        typer.run(serve)


if __name__ == "__main__":
    main()
