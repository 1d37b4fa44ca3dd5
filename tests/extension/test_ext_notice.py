"""The "not checking" notice: on an order page whose server is not running or not paired, one small
box in the banners' style says so with the thing to do; a page without orders (a captcha at the
orders address) gets none; closing it keeps it away; banners replace it once the server answers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.extension.conftest import ExtensionBrowser, free_port, wait_for
from tests.extension.pages import artifact, case, first_case, read_banners
from tests.extension.shadow import click, in_page
from tests.extension.strings_sync import messages
from tests.extension.test_ext_a11y import assert_no_blocking, axe_source, run_axe

pytestmark = pytest.mark.browser
__all__ = ["axe_source"]  # the session fixture that installs axe-core, used here too
EN = messages()["en"]

NOTICE_TEXT_JS = """(_, rootOf) => [...document.querySelectorAll("orderlens-notice")].map((host) =>
  rootOf(host) ? rootOf(host).querySelector(".box").textContent.replace(/\\s+/g, " ").trim() : "")"""


def _notices(page: Any) -> list[str]:
    texts: list[str] = in_page(page, NOTICE_TEXT_JS)
    return texts


def _tab_status(browser: ExtensionBrowser, page: Any) -> str | None:
    report = browser.tab_states().get(f"tab:{browser.tab_id(page)}")
    return report.get("status") if report else None


def test_server_down_notice_on_an_order_page_and_not_on_a_captcha_page(
    browser: ExtensionBrowser, axe_source: str
) -> None:
    browser.settings(server=f"http://127.0.0.1:{free_port()}")
    page = browser.open(first_case("current_list", lambda c: bool(c.expected)))
    wait_for(lambda: _notices(page), 10, "the notice on the order page")
    [text] = _notices(page)
    assert EN["notice_title"] in text and EN["state_down"] in text and EN["state_down_help"] in text
    assert str(browser.server.port) not in text and browser.server.token not in text
    assert read_banners(page) == []
    assert_no_blocking(run_axe(page, axe_source, "orderlens-notice"), "the not-checking notice")
    page.screenshot(path=artifact("notice-server-down.png"))
    browser.close_pages()

    captcha = browser.open(case("unknown.captcha_order_list"))  # same orders address, no orders shown
    wait_for(lambda: _tab_status(browser, captcha) == "down", 10, "the captcha page's failed analysis")
    captcha.wait_for_timeout(1000)
    assert _notices(captcha) == [], "a page without orders must not get the notice"


def test_unpaired_notice_closes_for_good_and_banners_replace_it(browser: ExtensionBrowser) -> None:
    browser.settings(token="")
    page_case = first_case("current_detail", lambda c: bool(c.expected))
    page = browser.open(page_case)
    wait_for(lambda: _notices(page), 10, "the notice on the detail page")
    assert EN["state_no_token_help"] in _notices(page)[0]

    click(page, "orderlens-notice", "button.dismiss")
    assert _notices(page) == []
    page.reload()
    wait_for(lambda: _tab_status(browser, page) == "no_token", 10, "the reloaded page's analysis")
    page.wait_for_timeout(500)
    assert _notices(page) == [], "a closed notice came back on the next page"

    browser.settings(server=f"http://127.0.0.1:{free_port()}")  # a different problem: said again
    wait_for(lambda: _notices(page), 10, "the notice for the new problem")
    assert EN["state_down"] in _notices(page)[0]

    browser.settings()  # paired, server running
    browser.wait_reported(page)
    assert _notices(page) == [] and {b["id"] for b in read_banners(page)} == set(page_case.expected)


def test_notice_speaks_the_banner_language(browser: ExtensionBrowser) -> None:
    es = messages()["es"]
    browser.settings(token="", lang="es")
    page = browser.open(first_case("current_list", lambda c: bool(c.expected)))
    wait_for(lambda: _notices(page), 10, "the notice")
    [text] = _notices(page)
    assert es["notice_title"] in text and es["state_no_token_help"] in text and es["notice_dismiss"] in text
    lang = in_page(page, "(_, rootOf) => rootOf(document.querySelector('orderlens-notice')).querySelector('.box').lang")
    assert lang == "es"
