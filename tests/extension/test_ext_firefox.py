"""The same extension in a real Firefox (Debian's firefox-esr): installed as a temporary add-on,
paired with a real `orderlens serve`, fixture pages opened at their real AliExpress URLs through a
local proxy. Banners appear on list, detail and tracking pages; a server that is not running
leaves the page untouched and the toolbar says so, as in Chromium (test_ext_failures.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.extension.conftest import free_port, wait_for
from tests.extension.firefox import (
    EXTENSION_ORIGIN,
    MANIFEST,
    Firefox,
    FirefoxExtension,
    profile_prefs,
    require_firefox,
    write_profile,
)
from tests.extension.page_proxy import PageProxy
from tests.extension.pages import PageCase, all_cases, artifact, first_case
from tests.server.serverkit import LiveServer

pytestmark = pytest.mark.browser

# The first page with banners of every layout (current list, detail and tracking pages, the legacy
# trade./track. pages, aliexpress.ru's list): each matches other manifest patterns and placements.
LAYOUTS = sorted({c.name.partition(".")[0] for c in all_cases() if c.expected})
CASES = [first_case(layout, lambda c: bool(c.expected)) for layout in LAYOUTS]


@pytest.fixture(scope="module")
def firefox_extension(live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FirefoxExtension]:
    executable = require_firefox()
    folder = tmp_path_factory.mktemp("firefox")
    proxy = PageProxy()
    try:
        write_profile(folder / "profile", profile_prefs(proxy.port))
        firefox = Firefox(executable, folder / "profile", folder / "firefox.log")
        try:
            yield FirefoxExtension(firefox, live_server, proxy)
        finally:
            firefox.quit()
    finally:
        proxy.close()


@pytest.fixture
def firefox(firefox_extension: FirefoxExtension) -> Iterator[FirefoxExtension]:
    """The module's Firefox, paired with the live server and with a clean slate for this test."""
    firefox_extension.reset()
    firefox_extension.settings()
    try:
        yield firefox_extension
    finally:
        firefox_extension.close_pages()


def test_site_access_is_granted_at_install(firefox: FirefoxExtension) -> None:
    """Manifest V3 site access is opt-in in Firefox: without it no content script would run and
    the server would be out of reach, so every manifest host permission must be held."""
    wanted = {"origins": MANIFEST["host_permissions"], "permissions": MANIFEST["permissions"]}
    assert firefox.in_extension("(p) => browser.permissions.contains(p)", wanted) is True


def test_pairing_in_the_options_page_makes_banners_appear(firefox: FirefoxExtension) -> None:
    firefox.reset()  # not paired
    options = firefox.new_tab(f"{EXTENSION_ORIGIN}/options/options.html")
    firefox.opened.append(options)
    # The page fills the form from storage and then its words, and only then listens for clicks:
    # typing or clicking before that would be lost.
    labelled = "() => document.getElementById('test').textContent.trim() !== ''"
    wait_for(lambda: firefox.bidi.call(options, labelled), 10, "the options page to be ready")
    fill_and_click = """(server, token, button) => {
        document.getElementById("server").value = server;
        document.getElementById("token").value = token;
        document.getElementById(button).click();
    }"""
    status = """() => document.getElementById("status").dataset.kind"""
    server = f"http://127.0.0.1:{firefox.server.port}"

    hellos = firefox.server.stderr_text().count("GET /v1/hello 200")
    firefox.bidi.call(options, fill_and_click, server, "not-the-token", "test")
    wait_for(lambda: firefox.bidi.call(options, status) == "problem", 10, "Test connection to refuse a wrong token")
    # The server's proof did not match this token: the extension checked it (WebCrypto) and sent nothing.
    assert firefox.server.stderr_text().count("GET /v1/hello 200") == hellos + 1, "the server was never asked"
    firefox.bidi.call(options, fill_and_click, server, firefox.server.token, "test")
    wait_for(lambda: firefox.bidi.call(options, status) == "ok", 10, "Test connection to succeed")
    firefox.bidi.call(options, fill_and_click, server, firefox.server.token, "save")
    saved = wait_for(
        lambda: firefox.in_extension("async () => (await browser.storage.local.get('settings')).settings"),
        10,
        "the options page to save the settings",
    )
    assert saved["server"] == server and saved["token"] == firefox.server.token

    page_case = first_case("current_list", lambda c: bool(c.expected))
    page = firefox.open(page_case)
    firefox.wait_reported(page)
    assert {b["id"]: b["scenario"] for b in firefox.banners(page)} == page_case.expected


@pytest.mark.parametrize("page_case", CASES, ids=[c.name for c in CASES])
def test_fixture_gets_its_banners_in_firefox(firefox: FirefoxExtension, page_case: PageCase) -> None:
    page = firefox.open(page_case)
    report = firefox.wait_reported(page)
    banners = firefox.banners(page)
    firefox.screenshot(page, artifact(f"firefox-{page_case.name}.png"))

    assert page_case.url in firefox.proxy.served, "the page did not come through the test proxy"
    assert {b["id"]: b["scenario"] for b in banners} == page_case.expected
    assert len(banners) == len(page_case.expected), "an order got more than one banner"
    for banner in banners:
        assert banner["card"] == [banner["id"]], f"banner for {banner['id']} sits on the card of {banner['card']}"
        assert banner["severity"] in {"action", "warning", "info"}
        assert banner["title"] and banner["summary"] and banner["height"] > 20
    # The page's own scripts find the roots closed (the test read them through BiDi, above).
    hosts = "() => [...document.querySelectorAll('[data-orderlens-order-id]')].map((host) => host.shadowRoot)"
    assert firefox.bidi.call(page, hosts) == [None] * len(banners)
    assert report["count"] == len(banners)
    assert firefox.badge(page) == str(len(banners))
    assert firefox.console_messages() == []


def test_server_down_leaves_the_page_untouched_and_says_so(firefox: FirefoxExtension) -> None:
    firefox.settings(server=f"http://127.0.0.1:{free_port()}")
    page_case = first_case("current_list", lambda c: len(c.expected) >= 2)
    page = firefox.open(page_case)
    rendered = firefox.page_html(page)

    wait_for(lambda: (firefox.tab_state(page) or {}).get("status") == "down", 10, "the extension to notice")
    wait_for(lambda: firefox.badge(page) == "!", 10, "the toolbar badge to say something is wrong")
    time.sleep(2.5)  # past the first retry
    assert firefox.banners(page) == []
    notice = "<orderlens-notice></orderlens-notice>"  # the one thing a failure adds (test_ext_notice.py)
    assert firefox.page_html(page).replace(notice, "") == rendered.replace(notice, ""), "the page changed"
    assert firefox.console_messages() == [], "errors were logged for a server that is simply not running"

    firefox.settings()  # the user starts the server / fixes the address in the options
    firefox.wait_reported(page)
    assert {b["id"] for b in firefox.banners(page)} == set(page_case.expected)
