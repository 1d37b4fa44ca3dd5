"""Reports from the popup: on a page orderlens cannot read, or with a status it does not know, the popup
offers "Save a report for the orderlens developers"; saving one makes the service worker capture the tab
afresh and post it to the real server, which keeps a redacted copy in $ORDERLENS_HOME/reports. A page
read in full offers nothing. The popup is opened as a page for the tab (?tab=<id>), as in test_ext_popup.py.
"""

from __future__ import annotations

import dataclasses
import json
import re
import secrets
from pathlib import Path
from typing import Any

import pytest

from tests.extension.conftest import ExtensionBrowser, wait_for
from tests.extension.pages import PageCase, case, first_case
from tests.extension.strings_sync import messages
from tests.extension.test_ext_security import _in_content_script_world

pytestmark = pytest.mark.browser
EN = messages()["en"]


def _popup_for(browser: ExtensionBrowser, page: Any) -> Any:
    popup = browser.context.new_page()
    browser.opened.append(popup)
    popup.goto(f"chrome-extension://{browser.extension_id}/popup/popup.html?tab={browser.tab_id(page)}")
    wait_for(lambda: popup.evaluate("() => document.body.dataset.reading"), 10, "the popup to read the page")
    return popup


def _reports(browser: ExtensionBrowser) -> set[Path]:
    folder = browser.server.home / "reports"
    return {p for p in folder.iterdir() if not p.name.startswith(".")} if folder.is_dir() else set()


def _save(browser: ExtensionBrowser, popup: Any) -> Path:
    """Click the button; the one new report folder, after the popup says where it is."""
    before = _reports(browser)
    popup.locator("#save-report").click()
    wait_for(lambda: popup.evaluate("() => document.body.dataset.report"), 30, "the report to be saved")
    assert popup.evaluate("() => document.body.dataset.report") == "saved"
    (folder,) = _reports(browser) - before
    assert sorted(p.name for p in folder.iterdir()) == ["analysis.json", "meta.json", "page.html"]
    result = popup.locator("#report-result").inner_text()
    assert result == EN["popup_report_saved"].replace("$1", str(folder))
    kept = popup.locator("#report-kept li").all_inner_texts()
    assert kept
    assert all(re.fullmatch(EN["popup_report_kept_item"].replace("$1", ".+").replace("$2", r"\d+"), i) for i in kept)
    assert not popup.locator("#save-report").is_visible()
    return folder


def test_an_unrecognised_page_offers_a_report_without_personal_data(browser: ExtensionBrowser) -> None:
    canary = f"cnyname{secrets.token_hex(6)}"
    base = case("unknown.empty_order_list")
    planted = (
        f'<div class="zq7"><span class="k2">Zora {canary}</span><i data-mail="{canary}@example.invalid"></i></div>'
    )
    page_case = dataclasses.replace(base, html=base.html.replace("</body>", planted + "</body>", 1))
    page = browser.open(page_case)
    browser.wait_reported(page)
    popup = _popup_for(browser, page)
    assert popup.evaluate("() => document.body.dataset.reading") == "no_orders"
    assert popup.locator("#save-report").inner_text() == EN["popup_report_button"]
    assert popup.locator("#report-offer").inner_text() == EN["popup_report_offer"]

    folder = _save(browser, popup)
    for path in folder.iterdir():
        assert canary not in path.read_text(encoding="utf-8"), path.name
        assert path.stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["layout"] is None and meta["url"].startswith("https://www.aliexpress.com/p/order/")
    assert canary not in popup.locator("body").inner_text()


def test_a_page_with_an_unknown_status_offers_a_report(browser: ExtensionBrowser) -> None:
    page_case: PageCase = case("legacy_list.list_en_unknown_status")
    page = browser.open(page_case)
    browser.wait_reported(page)
    popup = _popup_for(browser, page)
    assert popup.locator("#unknown li").count() > 0
    assert popup.locator("#save-report").is_visible()
    folder = _save(browser, popup)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["layout"] == "legacy_list" and meta["unknown_statuses"]


def test_a_page_read_in_full_offers_no_report(browser: ExtensionBrowser) -> None:
    page = browser.open(first_case("current_list", lambda c: len(c.expected) >= 2))
    browser.wait_reported(page)
    popup = _popup_for(browser, page)
    assert popup.evaluate("() => document.body.dataset.reading") == "problems"
    assert not popup.locator("#report").is_visible() and not popup.locator("#save-report").is_visible()


def test_a_content_script_cannot_save_a_report(browser: ExtensionBrowser) -> None:
    """Reports are the popup's to ask for: a content script (inside the page's process) gets no answer."""
    page = browser.open(case("unknown.empty_order_list"))
    browser.wait_reported(page)
    before = _reports(browser)
    ask = f"""
      chrome.runtime.sendMessage({{type: "orderlens:report", tabId: {browser.tab_id(page)}}})
        .then((answer) => ({{answered: answer !== undefined}}), (error) => ({{answered: false}}))
    """
    assert _in_content_script_world(page, ask) == {"answered": False}
    page.wait_for_timeout(300)
    assert _reports(browser) == before
