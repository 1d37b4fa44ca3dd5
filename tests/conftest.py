"""Suite-wide hooks and the one Playwright driver every browser test shares (a second sync driver cannot
start beside it), with a plain Chromium per module. Figures that tests measure (drift scores …) are printed
at the end of every run.

A passing threshold hides how close a figure is to it; printing the figures keeps them visible. A test
takes the `figures` fixture and appends one line per figure; the lines appear under "orderlens figures"
in the terminal summary, whether the tests passed or not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.extension.browser import launch_plain, require_browser

_FIGURES = pytest.StashKey[list[str]]()


@pytest.fixture(scope="session")
def figures(pytestconfig: pytest.Config) -> list[str]:
    """The run's figure lines; append to report one."""
    return pytestconfig.stash.setdefault(_FIGURES, [])


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[tuple[Any, str]]:
    """One Playwright driver per run, for every browser test (a second sync driver cannot start beside it)."""
    factory, chromium = require_browser()
    driver = factory().start()
    try:
        yield driver, chromium
    finally:
        driver.stop()


@pytest.fixture(scope="module")
def plain_browser(playwright_driver: tuple[Any, str]) -> Iterator[Any]:
    """A Chromium without the extension: for the banner code on its own, previews and captures."""
    driver, chromium = playwright_driver
    browser = launch_plain(driver, chromium)
    try:
        yield browser
    finally:
        browser.close()


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
