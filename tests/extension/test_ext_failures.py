"""When the server is not running or refuses the extension, the page stays as AliExpress rendered
it but for one small notice (test_ext_notice.py), the console stays quiet, the toolbar says what is
wrong, and banners appear as soon as the problem is fixed."""

from __future__ import annotations

import itertools
import socket
import threading
import time

import pytest

from tests.extension.conftest import ExtensionBrowser, free_port, wait_for
from tests.extension.pages import artifact, first_case, read_banners

pytestmark = pytest.mark.browser

# The page's markup without our "not checking" notice, the one element a failure may add.
PAGE_HTML_JS = """() => { const copy = document.documentElement.cloneNode(true);
  copy.querySelectorAll("orderlens-notice").forEach((n) => n.remove()); return copy.outerHTML; }"""


def _tab_status(browser: ExtensionBrowser) -> str | None:
    states = list(browser.tab_states().values())
    return states[0].get("status") if states else None


class RefusingServer:
    """Accepts connections on a loopback port and closes them at once, counting the attempts:
    to the extension this is a server that is not working, and the count shows the backoff."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.attempts: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.attempts.append(time.monotonic())
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


def test_server_down_leaves_the_page_untouched_but_for_the_notice_and_quiet(browser: ExtensionBrowser) -> None:
    browser.settings(server=f"http://127.0.0.1:{free_port()}")
    page_case = first_case("current_list", lambda c: len(c.expected) >= 2)
    page = browser.open(page_case)
    rendered = page.evaluate(PAGE_HTML_JS)

    wait_for(lambda: _tab_status(browser) == "down", 10, "the extension to notice the server is down")
    page.wait_for_timeout(2500)  # past the first retry
    assert read_banners(page) == []
    assert page.locator("orderlens-notice").count() == 1
    assert page.evaluate(PAGE_HTML_JS) == rendered, "the page changed although the server is down"
    assert browser.console_errors == [], "errors were logged for a server that is simply not running"
    badge = browser.worker.evaluate(
        "async () => { const [t] = await chrome.tabs.query({active: true}); "
        "return chrome.action.getBadgeText({tabId: t.id}); }"
    )
    assert badge == "!"
    page.screenshot(path=artifact("server-down-page.png"))


def test_failing_server_is_retried_with_growing_delays(browser: ExtensionBrowser) -> None:
    refusing = RefusingServer()
    try:
        browser.settings(server=f"http://127.0.0.1:{refusing.port}")
        page = browser.open(first_case("current_list", lambda c: bool(c.expected)))
        page.wait_for_timeout(7500)  # first try, then retries after 2 s and 4 s more
        attempts = refusing.attempts
    finally:
        refusing.close()
    assert 2 <= len(attempts) <= 4, f"expected a few spaced retries, got {len(attempts)}"
    gaps = [b - a for a, b in itertools.pairwise(attempts)]
    assert all(gap > 1.5 for gap in gaps) and gaps == sorted(gaps), f"retries not backing off: {gaps}"
    assert read_banners(page) == []


def test_banners_appear_once_the_server_is_back(browser: ExtensionBrowser) -> None:
    browser.settings(server=f"http://127.0.0.1:{free_port()}")
    page_case = first_case("current_list", lambda c: bool(c.expected))
    page = browser.open(page_case)
    wait_for(lambda: _tab_status(browser) == "down", 10, "the extension to notice the server is down")

    browser.settings()  # the user starts the server / fixes the address in the options
    browser.wait_reported(page)
    assert {b["id"] for b in read_banners(page)} == set(page_case.expected)


def test_wrong_token_injects_nothing_and_waits_for_new_settings(browser: ExtensionBrowser) -> None:
    browser.settings(token="not-the-token")
    page_case = first_case("current_list", lambda c: bool(c.expected))
    page = browser.open(page_case)
    wait_for(lambda: _tab_status(browser) == "unauthorized", 10, "the server to refuse the token")
    requests = browser.analyze_requests()
    page.wait_for_timeout(2500)
    assert read_banners(page) == []
    assert browser.analyze_requests() == requests, "a refused token must not be retried on a timer"

    browser.settings()  # paired properly
    browser.wait_reported(page)
    assert {b["id"] for b in read_banners(page)} == set(page_case.expected)
