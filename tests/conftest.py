"""Suite-wide hooks: figures that tests measure (drift scores …) printed at the end of every run.

A passing threshold hides how close a figure is to it; printing the figures keeps them visible. A test
takes the `figures` fixture and appends one line per figure; the lines appear under "orderlens figures"
in the terminal summary, whether the tests passed or not.
"""

from __future__ import annotations

import pytest

_FIGURES = pytest.StashKey[list[str]]()


@pytest.fixture(scope="session")
def figures(pytestconfig: pytest.Config) -> list[str]:
    """The run's figure lines; append to report one."""
    return pytestconfig.stash.setdefault(_FIGURES, [])


def pytest_configure(config: pytest.Config) -> None:
    # `pytest -m "not browser"` runs everything that needs no Chromium (registered here: tests/parser has one too).
    config.addinivalue_line("markers", "browser: needs a browser: Chromium via Playwright, or Firefox ESR")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """Print the figures the tests reported, if any."""
    lines = config.stash.get(_FIGURES, [])
    if lines:
        terminalreporter.section("orderlens figures")
        for line in lines:
            terminalreporter.write_line(line)
