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

from orderlens.parser.redact.report import Kept
from tests.extension.conftest import ExtensionBrowser, wait_for
from tests.extension.pages import PageCase, case, first_case
from tests.extension.strings_sync import messages
from tests.extension.test_ext_a11y import assert_page_passes, axe_source
from tests.extension.test_ext_security import _in_content_script_world

pytestmark = pytest.mark.browser
__all__ = ["axe_source"]  # the session fixture that installs axe-core, used here too
MESSAGES = messages()
EN = MESSAGES["en"]


def _popup_for(browser: ExtensionBrowser, page: Any) -> Any:
    popup = browser.context.new_page()
    browser.opened.append(popup)
    popup.goto(f"chrome-extension://{browser.extension_id}/popup/popup.html?tab={browser.tab_id(page)}")
    wait_for(lambda: popup.evaluate("() => document.body.dataset.reading"), 10, "the popup to read the page")
    return popup


def _reports(browser: ExtensionBrowser) -> set[Path]:
    folder = browser.server.home / "reports"
    return {p for p in folder.iterdir() if not p.name.startswith(".")} if folder.is_dir() else set()


def _planted(name: str, canary: str) -> PageCase:
    """The fixture page with a fake name and e-mail address under meaningless classes, for redaction to remove."""
    base = case(name)
    planted = (
        f'<div class="zq7"><span class="k2">Zora {canary}</span><i data-mail="{canary}@example.invalid"></i></div>'
    )
    return dataclasses.replace(base, html=base.html.replace("</body>", planted + "</body>", 1))


def _kept_names(lang: str) -> dict[str, str]:
    """The popup's name for each kind of kept text in `lang`, by the id the server answers with."""
    return {kind.id: MESSAGES[lang][f"popup_kept_{kind.id}"] for kind in Kept}


def _save(browser: ExtensionBrowser, popup: Any, lang: str = "en") -> tuple[Path, dict[str, str]]:
    """Click the button; the one new report folder, after the popup says where it is, and the kept
    kinds the popup lists (their ids, read back from the names it shows in `lang`, with the counts)."""
    words = MESSAGES[lang]
    before = _reports(browser)
    popup.locator("#save-report").click()
    wait_for(lambda: popup.evaluate("() => document.body.dataset.report"), 30, "the report to be saved")
    assert popup.evaluate("() => document.body.dataset.report") == "saved"
    (folder,) = _reports(browser) - before
    assert sorted(p.name for p in folder.iterdir()) == ["analysis.json", "meta.json", "page.html"]
    result = popup.locator("#report-result").inner_text()
    assert result == words["popup_report_saved"].replace("$1", str(folder))
    by_name = {name: kind for kind, name in _kept_names(lang).items()}
    item = re.escape(words["popup_report_kept_item"]).replace(r"\$1", "(?P<name>.+)").replace(r"\$2", r"(?P<n>\d+)")
    kept: dict[str, str] = {}
    for text in popup.locator("#report-kept li").all_inner_texts():
        shown = re.fullmatch(item, text)
        assert shown and shown["name"] in by_name, f"not a kept kind in {lang}: {text!r}"
        kept[by_name[shown["name"]]] = shown["n"]
    assert kept
    assert not popup.locator("#save-report").is_visible()
    link = popup.locator("#open-report")
    assert link.is_visible() and link.inner_text().startswith(words["popup_report_open"])
    return folder, kept


def test_an_unrecognised_page_offers_a_report_without_personal_data(browser: ExtensionBrowser) -> None:
    canary = f"cnyname{secrets.token_hex(6)}"
    page = browser.open(_planted("unknown.empty_order_list", canary))
    browser.wait_reported(page)
    popup = _popup_for(browser, page)
    assert popup.evaluate("() => document.body.dataset.reading") == "no_orders"
    assert popup.locator("#save-report").inner_text() == EN["popup_report_button"]
    assert popup.locator("#report-offer").inner_text() == EN["popup_report_offer"]

    folder, _ = _save(browser, popup)
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
    folder, _ = _save(browser, popup)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["layout"] == "legacy_list" and meta["unknown_statuses"]


def test_the_popup_names_the_kept_kinds_of_text_in_its_language(browser: ExtensionBrowser) -> None:
    """The server answers with category ids; a Spanish popup words every one in Spanish (the CLI's English
    names, as `orderlens redact --report` prints them, appear nowhere)."""
    browser.settings(lang="es")
    page = browser.open(case("legacy_list.list_en_unknown_status"))
    browser.wait_reported(page)
    popup = _popup_for(browser, page)
    assert popup.evaluate("() => document.documentElement.lang") == "es"
    _, kept = _save(browser, popup, "es")
    # The page has dates, amounts, buttons and a status orderlens recognised; the report keeps its address.
    assert {"date_or_time", "amount", "button", "status_text", "saved_from_mark"} <= set(kept)
    shown = popup.locator("#report-kept").inner_text()
    english = [kind.value for kind in Kept if kind.value in shown or _kept_names("en")[kind.id] in shown]
    assert english == [], "English names in the Spanish popup"


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


def test_the_popup_opens_the_redacted_page_sandboxed(browser: ExtensionBrowser, axe_source: str) -> None:
    """The popup's link opens the report page: the redacted page in a sandboxed frame, and its HTML as text."""
    canary = f"cnyname{secrets.token_hex(6)}"
    page = browser.open(_planted("legacy_list.list_en_unknown_status", canary))
    browser.wait_reported(page)
    popup = _popup_for(browser, page)
    folder, _ = _save(browser, popup)
    # The redacted page names images and style sheets on alicdn.com: the extension's policy must refuse them all
    # (Chromium may still announce a request it then refuses, so what counts is that none is answered).
    fetched: list[str] = []
    browser.context.on("response", lambda answer: fetched.append(answer.url) if "alicdn" in answer.url else None)
    with browser.context.expect_page() as opened:
        popup.locator("#open-report").click()
    report = opened.value
    browser.opened.append(report)
    assert report.url == f"chrome-extension://{browser.extension_id}/report/report.html?id={folder.name}"
    wait_for(lambda: report.evaluate("() => document.body.dataset.state") != "loading", 30, "the report page")
    assert report.evaluate("() => document.body.dataset.state") == "shown"
    assert report.locator("#report-id").inner_text() == EN["report_id"].replace("$1", folder.name)
    assert report.locator("#report-folder").inner_text() == EN["report_folder"].replace("$1", str(folder))

    frame = report.locator("#page")
    assert frame.get_attribute("sandbox") == "" and frame.get_attribute("src") is None
    assert frame.get_attribute("title") == EN["report_frame"]
    inside = report.frame_locator("#page").locator("body")
    shown = inside.inner_text()
    status = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["unknown_statuses"][0]
    assert status in shown and canary not in shown
    assert report.frame_locator("#page").locator("body").evaluate("() => window.origin") == "null"  # unique origin

    source = report.locator("#html")
    assert not source.is_visible()
    toggle = report.locator("#toggle-html")
    assert toggle.inner_text() == EN["report_show_html"] and toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert source.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    assert source.text_content() == (folder / "page.html").read_text(encoding="utf-8")
    assert canary not in report.content()
    assert fetched == [], "showing the report fetched what its page names"
    assert_page_passes(report, axe_source, "the report page")


def test_the_report_page_says_when_there_is_no_such_report(browser: ExtensionBrowser) -> None:
    report = browser.context.new_page()
    browser.opened.append(report)
    report.goto(f"chrome-extension://{browser.extension_id}/report/report.html?id=20990101T000000Z-abcdef")
    wait_for(lambda: report.evaluate("() => document.body.dataset.state") != "loading", 30, "the report page")
    assert report.evaluate("() => document.body.dataset.state") == "failed"
    assert report.locator("#status").inner_text().startswith(EN["report_failed"].split("(")[0])
    assert not report.locator("#page").is_visible() and report.locator("#page").get_attribute("srcdoc") is None
