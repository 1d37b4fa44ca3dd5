"""`orderlens analyze` starts fast (issue 10): it imports neither the server nor the tools it does not run.

Each test runs the real command in a fresh interpreter, then lists the modules that interpreter loaded.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import subprocess
import sys

import typer

from orderlens.parser.cli import COMPANIONS
from tests.fixture_pages import FIXTURES

ORDERLENS = [sys.executable, "-m", "orderlens"]
ONE_ORDER_PAGE = FIXTURES / "current_detail" / "detail_auto_canceled_en.html"
# The CLI's main() in-process, then the names of every module loaded, as one JSON line on stderr.
DRIVER = """
import json, sys
from orderlens.parser.cli import main
try:
    main()
finally:
    sys.stderr.write(json.dumps(sorted(sys.modules)) + "\\n")
"""
UNUSED_BY_ANALYZE = (
    "bs4",
    "soupsieve",
    "html5lib",
    "fastapi",
    "uvicorn",
    "starlette",
    "pydantic",  # the result is plain dataclasses; typer 0.29 would pull pydantic in for its options (constraints.txt)
    "orderlens.server",
    "orderlens.parser.redact",
    "orderlens.parser.scaffold",
    "orderlens.parser.preview",
    "orderlens.parser.explain",
    "orderlens.parser.meaning",  # the generic reader: a page its layout reads whole never needs it
    "importlib.resources",  # the phrase tables and banner texts are read from their folder: ~5 ms of start-up
    "tempfile",  # only to write the vocabulary cache, which the first of loaded_modules' two runs fills
)


def loaded_modules(*args: str) -> set[str]:
    """The modules a run loads once the vocabulary cache is there (the run before fills it, as any earlier
    run of the CLI would have)."""
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", DRIVER, *args], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
    return set(json.loads(result.stderr.splitlines()[-1]))


def unwanted(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == name or m.startswith(f"{name}.") for name in names))


def test_analyze_loads_only_the_pipeline() -> None:
    modules = loaded_modules("analyze", str(ONE_ORDER_PAGE), "--json")
    assert "orderlens.parser.analyze" in modules and "selectolax.lexbor" in modules  # the driver really analysed
    assert unwanted(modules, (*UNUSED_BY_ANALYZE, "rich")) == []  # JSON lines need no tables


def test_the_table_loads_rich_but_not_the_server() -> None:
    modules = loaded_modules("analyze", str(ONE_ORDER_PAGE))
    assert "rich.table" in modules
    assert unwanted(modules, UNUSED_BY_ANALYZE) == []


def test_explain_loads_the_explainer_but_not_the_server() -> None:
    modules = loaded_modules("analyze", str(ONE_ORDER_PAGE), "--explain")
    assert "orderlens.parser.explain" in modules
    explainer = ("orderlens.parser.explain", "orderlens.parser.meaning")  # it shows how the generic reader reads
    assert unwanted(modules, tuple(n for n in UNUSED_BY_ANALYZE if n not in explainer)) == []


def test_help_still_lists_every_command_with_its_help() -> None:
    """Every companion appears in `--help` with the summary its own module gives it (first docstring line)."""
    # One line per command, in typer's default (rich) help, which gives each command's whole summary.
    wide = {name: value for name, value in os.environ.items() if name != "TYPER_USE_RICH"} | {"COLUMNS": "300"}
    result = subprocess.run([*ORDERLENS, "--help"], capture_output=True, text=True, timeout=120, env=wide)
    assert result.returncode == 0
    lines = result.stdout.splitlines()

    def listed(name: str, summary: str) -> bool:
        return any(name in line.split() and summary in line for line in lines)

    for name, target in COMPANIONS.items():
        module, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        summary = command.info.help if isinstance(command, typer.Typer) else inspect.getdoc(command)
        assert summary and listed(name, summary.splitlines()[0]), name
    assert listed("analyze", "Find each order's scenario") and listed("layouts", "List the registered page layouts")


def test_a_mistyped_command_is_still_suggested_from_every_command() -> None:
    result = subprocess.run([*ORDERLENS, "serv"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "'serve'" in result.stderr and "'service'" in result.stderr
