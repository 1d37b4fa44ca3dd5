"""Finding the system Firefox, starting it with a test profile, and driving the real extension in it.

The Debian `firefox-esr` package is used as it is: Playwright's Firefox is a patched build it would
have to download, so Firefox is driven over WebDriver BiDi instead (tests/extension/bidi.py). The
extension is installed as a temporary add-on, the same as *Load Temporary Add-on* in about:debugging.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.extension.bidi import Bidi
from tests.extension.browser import EXTENSION, in_ci
from tests.extension.conftest import REPORT_TIMEOUT, wait_for
from tests.extension.page_proxy import PageProxy
from tests.extension.pages import READ_BANNERS_JS, PageCase
from tests.server.serverkit import LiveServer

FIREFOX_ENV = "ORDERLENS_FIREFOX"
_CANDIDATES = ("/usr/bin/firefox-esr", "/usr/bin/firefox")
INSTALL_HINT = (
    "Firefox is needed for the Firefox tests: `sudo apt-get install firefox-esr` (Debian/Ubuntu), "
    f"or set {FIREFOX_ENV}=/path/to/firefox; `pip install websockets` too"
)
STARTUP_TIMEOUT = 60.0
_LISTENING = re.compile(r"WebDriver BiDi listening on (ws://\S+)")

MANIFEST = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))
ADDON_ID: str = MANIFEST["browser_specific_settings"]["gecko"]["id"]
# Firefox gives every install a random moz-extension:// host; the profile pins ours so the tests
# can open the extension's own pages (which is also how the tests reach its storage and tabs APIs).
EXTENSION_UUID = "0e1d2c3b-4a59-4687-9a8b-7c6d5e4f3a2b"
EXTENSION_ORIGIN = f"moz-extension://{EXTENSION_UUID}"
PAGE_SANDBOX = "orderlens-test"  # reads pages from an isolated world, safe from the page's scripts


def find_firefox() -> str | None:
    configured = os.environ.get(FIREFOX_ENV)
    if configured:
        return configured if Path(configured).is_file() else None
    for candidate in _CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return shutil.which("firefox")


def require_firefox() -> str:
    """The Firefox path; without Firefox (or websockets) skip with the install hint, or fail in CI."""
    try:
        import websockets  # noqa: F401
    except ImportError:
        reason = "the Python package websockets is not installed"
    else:
        found = find_firefox()
        if found:
            return found
        reason = "no Firefox found"
    if in_ci():
        pytest.fail(f"{reason}. {INSTALL_HINT}", pytrace=False)
    pytest.skip(f"{reason}. {INSTALL_HINT}")


def profile_prefs(proxy_port: int) -> dict[str, Any]:
    """The test profile: our extension's fixed origin, site access granted at install, and every
    request except those to 127.0.0.1 (the orderlens server) sent to the local page proxy."""
    return {
        "extensions.webextensions.uuids": json.dumps({ADDON_ID: EXTENSION_UUID}),
        # Manifest V3 host permissions are the user's to grant or withdraw; this pref (Firefox's
        # default today) grants them at install, as accepting the install prompt does. Set here so
        # the tests do not hang on a default; test_site_access_is_granted_at_install checks it.
        "extensions.originControls.grantByDefault": True,
        "network.proxy.type": 1,  # manual proxy configuration
        "network.proxy.http": "127.0.0.1",
        "network.proxy.http_port": proxy_port,
        "network.proxy.ssl": "127.0.0.1",
        "network.proxy.ssl_port": proxy_port,
        "network.proxy.allow_hijacking_localhost": False,  # the server on 127.0.0.1 is reached directly
        "network.dns.disablePrefetch": True,
        "network.http.speculative-parallel-limit": 0,
    }


def write_profile(profile: Path, prefs: dict[str, Any]) -> None:
    profile.mkdir(parents=True, exist_ok=True)
    lines = [f"user_pref({json.dumps(name)}, {json.dumps(value)});" for name, value in prefs.items()]
    (profile / "user.js").write_text("\n".join(lines) + "\n", encoding="utf-8")


class Firefox:
    """A headless Firefox process and its BiDi session."""

    def __init__(self, executable: str, profile: Path, log: Path) -> None:
        self.log = log
        command = [executable, "--headless", "--no-remote", "--profile", str(profile), "--remote-debugging-port=0"]
        command.append("--remote-allow-system-access")  # else WebDriver refuses moz-extension:// pages
        with log.open("wb") as out:
            self.proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            url = wait_for(self._listening, STARTUP_TIMEOUT, "Firefox to open its WebDriver BiDi port", 0.1)
            self.bidi = Bidi(url)
            self.bidi.command("session.new", {"capabilities": {"alwaysMatch": {"acceptInsecureCerts": True}}})
        except BaseException:
            self.proc.terminate()
            self._wait_exit(10)
            raise

    def _listening(self) -> str | None:
        if self.proc.poll() is not None:
            raise RuntimeError(f"Firefox exited at start:\n{self.log.read_text(errors='replace')[-2000:]}")
        match = _LISTENING.search(self.log.read_text(errors="replace"))
        return match.group(1) if match else None

    def quit(self) -> None:
        with contextlib.suppress(Exception):  # a browser that is already gone is closed enough
            self.bidi.command("browser.close")
        self.bidi.close()
        self._wait_exit(30)

    def _wait_exit(self, grace: float) -> None:
        try:
            self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


class FirefoxExtension:
    """The extension installed in a Firefox, with one of its own pages open to reach its APIs, and
    fixture pages opened at their real URLs through the page proxy."""

    def __init__(self, firefox: Firefox, server: LiveServer, proxy: PageProxy) -> None:
        self.bidi = firefox.bidi
        self.server = server
        self.proxy = proxy
        installed = self.bidi.command(
            "webExtension.install", {"extensionData": {"type": "path", "path": str(EXTENSION)}}
        )
        assert installed["extension"] == ADDON_ID
        self.bidi.command("session.subscribe", {"events": ["log.entryAdded"]})
        self.extension_page = self.new_tab(f"{EXTENSION_ORIGIN}/options/options.html")
        self.opened: list[str] = []

    def new_tab(self, url: str) -> str:
        """Open `url` in a new tab, wait for its load event, and return the tab's BiDi context id."""
        context: str = self.bidi.command("browsingContext.create", {"type": "tab"})["context"]
        self.bidi.command("browsingContext.navigate", {"context": context, "url": url, "wait": "complete"})
        return context

    def in_extension(self, function: str, *args: Any) -> Any:
        """Run `function` in the extension's own page, where the `browser.*` APIs are."""
        return self.bidi.call(self.extension_page, function, *args)

    def settings(self, *, server: str | None = None, token: str | None = None) -> None:
        """Write the extension's settings as the options page would (browser.storage.local)."""
        value = {
            "server": server or f"http://127.0.0.1:{self.server.port}",
            "token": self.server.token if token is None else token,
            "lang": "page",
        }
        self.in_extension("(s) => browser.storage.local.set({settings: s})", value)

    def reset(self) -> None:
        """Forget settings, dismissals and toolbar state from the previous test."""
        self.in_extension("async () => { await browser.storage.local.clear(); await browser.storage.session.clear(); }")
        self.console_messages()  # drop what earlier tests logged

    def open(self, case: PageCase) -> str:
        """Open a fixture page at its real URL in a new tab; returns the tab's context id."""
        self.proxy.pages[case.url] = case.html
        context = self.new_tab(case.url)
        self.opened.append(context)
        return context

    def url(self, context: str) -> str:
        tree = self.bidi.command("browsingContext.getTree", {"root": context, "maxDepth": 0})
        return str(tree["contexts"][0]["url"])

    def tab_id(self, context: str) -> int:
        """The extension API's tab id for a BiDi context (our host permissions let it see the URL)."""
        url = self.url(context)
        found = self.in_extension(
            "async (url) => (await browser.tabs.query({})).filter((t) => t.url === url).map((t) => t.id)", url
        )
        assert len(found) == 1, f"expected one tab showing {url}, found {found}"
        return int(found[0])

    def tab_state(self, context: str) -> dict[str, Any] | None:
        """What the background recorded for the tab (status, count, severity), as the popup reads it."""
        key = f"tab:{self.tab_id(context)}"
        state: dict[str, Any] | None = self.in_extension("async (k) => (await browser.storage.session.get(k))[k]", key)
        return state

    def badge(self, context: str) -> str:
        return str(self.in_extension("(tabId) => browser.action.getBadgeText({tabId})", self.tab_id(context)))

    def banners(self, context: str) -> list[dict[str, Any]]:
        """Every banner on the page, read back through its shadow root (tests/extension/pages.py)."""
        found: list[dict[str, Any]] = self.bidi.call_with_roots(
            context, READ_BANNERS_JS, None, "[data-orderlens-order-id]", sandbox=PAGE_SANDBOX
        )
        return found

    def screenshot(self, context: str, path: Path) -> None:
        """The whole page as a PNG: a test that passes can still show a broken banner."""
        shot = self.bidi.command("browsingContext.captureScreenshot", {"context": context, "origin": "document"})
        path.write_bytes(base64.b64decode(shot["data"]))

    def page_html(self, context: str) -> str:
        return str(self.bidi.call(context, "() => document.documentElement.outerHTML", sandbox=PAGE_SANDBOX))

    def wait_reported(self, context: str, timeout: float = REPORT_TIMEOUT) -> dict[str, Any]:
        """Wait until the content script has drawn its banners and told the background how many."""

        def settled() -> dict[str, Any] | None:
            state = self.tab_state(context)
            if not state or state.get("status") != "ok" or state.get("count") is None:
                return None
            return state if len(self.banners(context)) == state["count"] else None

        return wait_for(settled, timeout, f"the content script of {self.url(context)} to report its banners")  # type: ignore[no-any-return]

    def console_messages(self) -> list[str]:
        """Console errors and warnings since the last call, from pages and content scripts (the
        saved pages' own uncaught exceptions, e.g. a missing script loader, are not ours)."""
        self.bidi.command("session.status")  # lets events still in flight arrive
        logged = [
            f"{e['params'].get('level')}: {e['params'].get('text')}"
            for e in self.bidi.events
            if e.get("method") == "log.entryAdded"
            and e["params"].get("type") == "console"
            and e["params"].get("level") in ("error", "warn")
        ]
        self.bidi.events.clear()
        return logged

    def close_pages(self) -> None:
        for context in self.opened:
            self.bidi.command("browsingContext.close", {"context": context})
        self.opened.clear()
