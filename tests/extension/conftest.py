"""Fixtures for the extension's browser tests: one real `orderlens` server per run, one Chromium with the
unpacked extension per test module (starting it is the slow part). The Playwright driver and the plain
Chromium come from tests/conftest.py."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.extension.browser import launch_with_extension
from tests.extension.pages import PageCase
from tests.server.serverkit import LiveServer, start_server

REPORT_TIMEOUT = 10.0


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("orderlens-server"))
    try:
        yield server
    finally:
        server.stop()


def free_port() -> int:
    """A loopback port nothing listens on (bound and released at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], Any], timeout: float, what: str, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


class ExtensionBrowser:
    """A Chromium profile with the extension loaded, serving fixture pages at their real URLs."""

    def __init__(self, context: Any, worker: Any, server: LiveServer) -> None:
        self.context = context
        self.worker = worker
        self.server = server
        self.extension_id = worker.url.split("/")[2]
        self.served: dict[str, str] = {}
        self.opened: list[Any] = []
        self.console_errors: list[str] = []  # the extension's and pages' console errors/warnings
        self.page_errors: list[str] = []  # uncaught exceptions of the saved pages' own scripts
        worker.on("console", self._on_console)
        # Every https request is answered locally: the page itself if we serve it, else an empty
        # 204 (a 404 would print a console error per missing stylesheet/image of the saved page).
        # Nothing leaves the machine, and the content script's match patterns see real URLs.
        context.route(lambda url: url.startswith("https://"), self._fulfil)

    def _on_console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.console_errors.append(f"{message.type}: {message.text}")

    def _fulfil(self, route: Any) -> None:
        html = self.served.get(route.request.url)
        if html is None:
            route.fulfill(status=204, body="")
        else:
            route.fulfill(status=200, body=html, content_type="text/html; charset=utf-8")

    def settings(self, *, server: str | None = None, token: str | None = None, lang: str = "page") -> None:
        """Write the extension's settings as the options page would (chrome.storage.local)."""
        value = {
            "server": server or f"http://127.0.0.1:{self.server.port}",
            "token": self.server.token if token is None else token,
            "lang": lang,
        }
        self.worker.evaluate("(s) => chrome.storage.local.set({settings: s})", value)

    def reset(self) -> None:
        """Forget settings, dismissals and toolbar state from the previous test."""
        self.worker.evaluate(
            "async () => { await chrome.storage.local.clear(); await chrome.storage.session.clear(); }"
        )
        self.console_errors.clear()
        self.page_errors.clear()

    def open(self, case: PageCase, page: Any = None) -> Any:
        """Open a fixture page at its real URL in a fresh tab (or `page`) and return the tab."""
        self.served[case.url] = case.html
        if page is None:
            page = self.context.new_page()
            self.opened.append(page)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.goto(case.url)
        return page

    def tab_states(self) -> dict[str, Any]:
        stored = self.worker.evaluate("() => chrome.storage.session.get(null)")
        return {k: v for k, v in stored.items() if k.startswith("tab:")}

    def tab_id(self, page: Any) -> int:
        """The browser's tab id for `page` (our host permissions let the worker see its URL)."""
        found = self.worker.evaluate(
            "async (url) => (await chrome.tabs.query({})).filter((t) => t.url === url).map((t) => t.id)", page.url
        )
        assert len(found) == 1, f"expected one tab showing {page.url}, found {found}"
        return int(found[0])

    def wait_reported(self, page: Any, timeout: float = REPORT_TIMEOUT) -> dict[str, Any]:
        """Wait until the page's content script has shown its banners and told the service worker
        how many (that report comes after rendering), and the page agrees with the report."""
        key = f"tab:{self.tab_id(page)}"

        def settled() -> dict[str, Any] | None:
            report = self.tab_states().get(key)
            if not report or report.get("status") != "ok" or report.get("count") is None:
                return None
            return report if page.locator("[data-orderlens-order-id]").count() == report.get("count") else None

        return wait_for(settled, timeout, f"the content script of {page.url} to report its banners")  # type: ignore[no-any-return]

    def analyze_requests(self) -> int:
        """How many analyses the server has received so far (from its one-line access log)."""
        return self.server.stderr_text().count("POST /v1/analyze")

    def close_pages(self) -> None:
        for page in self.opened:
            page.close()
        self.opened.clear()


@pytest.fixture(scope="module")
def ext(
    playwright_driver: tuple[Any, str], live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ExtensionBrowser]:
    driver, chromium = playwright_driver
    profile: Path = tmp_path_factory.mktemp("chromium-profile")
    context = launch_with_extension(driver, chromium, profile, viewport={"width": 1280, "height": 900})
    try:
        workers = [w for w in context.service_workers if w.url.startswith("chrome-extension://")]
        worker = workers[0] if workers else context.wait_for_event("serviceworker", timeout=15000)
        yield ExtensionBrowser(context, worker, live_server)
    finally:
        context.close()


@pytest.fixture
def browser(ext: ExtensionBrowser) -> Iterator[ExtensionBrowser]:
    """The module's browser, paired with the live server and with a clean slate for this test."""
    ext.reset()
    ext.settings()
    try:
        yield ext
    finally:
        ext.close_pages()
