"""How to write an `orderlens` command so the shopper can paste it into a shell and it runs.

After `make run` the command is .venv/bin/orderlens, which no shell finds as plain `orderlens`; after a
pipx or wheel install it is on PATH. Every message that tells the shopper to run something asks here.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

NAME = "orderlens"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def executable() -> Path | None:
    """The absolute path of the `orderlens` script this process belongs to, if there is one.

    The running script when the process was started as `orderlens`; otherwise (`python -m orderlens.server`)
    the script installed beside this Python, as a venv or pipx has it.
    """
    running = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if running is not None and running.name == NAME and running.is_file():
        return running.absolute()
    beside = Path(sys.executable).parent / NAME
    return beside.absolute() if beside.is_file() else None


def argv() -> list[str]:
    """This orderlens by absolute path, for a service manager that has no PATH of the shopper's."""
    script = executable()
    # No script at all (a bare `python -m orderlens.server`): the module form works with this Python.
    return [str(script)] if script is not None else [sys.executable, "-m", NAME]


def program() -> str:
    """`orderlens` when the shell would find this very script by that name, else its quoted full path."""
    script = executable()
    found = shutil.which(NAME)
    if script is not None and found is not None and _same_file(Path(found), script):
        return NAME
    return shlex.join(argv())


def command_line(*args: str) -> str:
    """A pasteable command line, e.g. `command_line("token", "--rotate")`."""
    return " ".join([program(), *(shlex.quote(arg) for arg in args)])
