"""Finding the system Chromium and starting it with the unpacked extension loaded.

Playwright's own browser downloads are never used (`playwright install` cannot run here); the
Debian `chromium` package is. Branded Google Chrome ignores --load-extension, so it is no option.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
EXTENSION = REPO / "extension"
CHROMIUM_ENV = "ORDERLENS_CHROMIUM"
_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")
INSTALL_HINT = (
    "Chromium is needed for the browser tests: `sudo apt-get install chromium` (Debian/Ubuntu), "
    f"or set {CHROMIUM_ENV}=/path/to/chromium; `pip install playwright` too (never `playwright install`)"
)

# Flags from ../shared/reference/browser-testing.md: quiet, offline, no first-run UI.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def unavailable(reason: str) -> None:
    """In CI a missing browser must fail the run; on a laptop the browser tests skip with a hint."""
    message = f"{reason}. {INSTALL_HINT}"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def find_chromium() -> str | None:
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        return configured if Path(configured).is_file() else None
    for candidate in _CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return shutil.which("chromium")


def require_browser() -> tuple[Any, str]:
    """The sync_playwright factory and the Chromium path, or skip/fail with the install hint."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the Python package playwright is not installed")
    chromium = find_chromium()
    if chromium is None:
        unavailable("no Chromium found")
    return sync_playwright, chromium  # type: ignore[return-value]


def launch_with_extension(
    playwright: Any, chromium: str, profile: Path, extension: Path = EXTENSION, **options: Any
) -> Any:
    """A persistent Chromium context with the real unpacked extension loaded (the repository's
    `extension/` folder, or another unpacked copy such as the packaged zip's contents)."""
    return playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=chromium,
        headless=True,
        ignore_default_args=["--disable-extensions"],
        args=[f"--disable-extensions-except={extension}", f"--load-extension={extension}", *CHROMIUM_ARGS],
        **options,
    )


def launch_plain(playwright: Any, chromium: str) -> Any:
    """A Chromium without the extension, for the preview and capture tests."""
    return playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
