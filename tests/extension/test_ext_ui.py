"""The toolbar popup and the options page, opened as extension pages in a tab."""

from __future__ import annotations

from typing import Any

import pytest

from tests.extension.conftest import ExtensionBrowser, free_port, wait_for
from tests.extension.pages import artifact, first_case
from tests.extension.shadow import in_page
from tests.extension.strings_sync import messages

pytestmark = pytest.mark.browser


def _open(browser: ExtensionBrowser, path: str, width: int = 360) -> Any:
    page = browser.context.new_page()
    browser.opened.append(page)
    page.set_viewport_size({"width": width, "height": 600})
    page.goto(f"chrome-extension://{browser.extension_id}/{path}")
    return page


def _popup_state(page: Any, state: str) -> str:
    wait_for(lambda: page.evaluate("() => document.body.dataset.state") == state, 10, f"popup state {state}")
    return str(page.locator("body").inner_text())


def test_popup_reports_a_missing_token(browser: ExtensionBrowser) -> None:
    browser.settings(token="")
    popup = _open(browser, "popup/popup.html")
    text = _popup_state(popup, "no_token")
    assert "Not paired" in text and "orderlens token" in text
    assert popup.locator("#open-options").is_visible()
    popup.screenshot(path=artifact("popup-no-token.png"))


def test_popup_reports_connected_and_server_down(browser: ExtensionBrowser) -> None:
    popup = _open(browser, "popup/popup.html")
    assert "Connected" in _popup_state(popup, "ok")

    browser.settings(server=f"http://127.0.0.1:{free_port()}")
    popup.reload()
    assert "orderlens serve" in _popup_state(popup, "down")
    popup.screenshot(path=artifact("popup-server-down.png"))


def test_popup_counts_the_orders_needing_attention_on_the_tab(browser: ExtensionBrowser) -> None:
    page_case = first_case("current_list", lambda c: len(c.expected) >= 2)
    page = browser.open(page_case)
    browser.wait_reported(page)
    # The popup asks the service worker about the active tab. Opened as a tab, the popup would be
    # the active tab itself, so ask about the order page's tab the same way the popup does.
    tab_id = int(next(iter(browser.tab_states())).split(":")[1])
    popup = _open(browser, "popup/popup.html")
    state = popup.evaluate("(id) => chrome.runtime.sendMessage({type: 'orderlens:popup-state', tabId: id})", tab_id)
    assert state["connection"] == "ok"
    assert state["tab"]["count"] == len(page_case.expected)


def test_options_test_connection_and_save(browser: ExtensionBrowser) -> None:
    browser.settings(token="")
    options = _open(browser, "options/options.html", width=800)
    options.fill("#server", "http://localhost:8765")
    options.click("#save")  # localhost is this computer too: saved as the one host the manifest grants
    wait_for(lambda: options.locator("#server").input_value() == "http://127.0.0.1:8765", 5, "localhost normalised")

    options.fill("#server", f"http://127.0.0.1:{browser.server.port}")
    options.fill("#token", "wrong")
    options.click("#test")
    wait_for(lambda: "Token not accepted" in options.locator("#status").inner_text(), 10, "the token to be refused")

    options.fill("#token", browser.server.token)
    options.click("#test")
    wait_for(lambda: "Connected" in options.locator("#status").inner_text(), 10, "a successful test")
    options.select_option("#lang", "es")
    options.click("#save")
    saved = messages()["es"]["options_saved"]  # the page switches to the language just saved
    wait_for(lambda: options.locator("#status").inner_text() == saved, 5, "the settings to be saved")
    stored = browser.worker.evaluate("() => chrome.storage.local.get('settings')")["settings"]
    assert stored == {
        "server": f"http://127.0.0.1:{browser.server.port}",
        "token": browser.server.token,
        "lang": "es",
        "journal": True,  # the journal switch, on by default
    }
    options.screenshot(path=artifact("options.png"))


def test_fixed_banner_language_overrides_the_page_language(browser: ExtensionBrowser) -> None:
    browser.settings(lang="es")
    page_case = first_case("current_list", lambda c: c.name.endswith("_en") and bool(c.expected))
    page = browser.open(page_case)
    browser.wait_reported(page)
    first = "(_, rootOf) => rootOf(document.querySelector('[data-orderlens-order-id]'))"
    why = in_page(page, first + ".querySelector('.why summary').innerText")
    assert why == "¿Por qué?"


def test_save_refuses_a_rejected_token_and_a_good_test_offers_to_save(browser: ExtensionBrowser) -> None:
    en = messages()["en"]
    options = _open(browser, "options/options.html", width=800)
    options.fill("#token", "not-the-token")
    options.click("#save")
    refused = en["options_not_saved"].replace("$1", en["state_unauthorized"]).split("$2")[0]
    wait_for(lambda: options.locator("#status").inner_text().startswith(refused), 10, "Save to refuse the token")
    assert en["state_unauthorized_help"] in options.locator("#status").inner_text()
    stored = browser.worker.evaluate("() => chrome.storage.local.get('settings')")["settings"]
    assert stored["token"] == browser.server.token, "a rejected token was stored"
    assert not options.locator("#save-now").is_visible()

    browser.settings(token="")
    options.fill("#token", browser.server.token)
    options.click("#test")
    wait_for(lambda: options.locator("#save-now").is_visible(), 10, "a successful test to offer saving")
    options.click("#save-now")
    wait_for(lambda: options.locator("#status").inner_text() == en["options_saved"], 10, "the tested token saved")
    stored = browser.worker.evaluate("() => chrome.storage.local.get('settings')")["settings"]
    assert stored["token"] == browser.server.token
    assert not options.locator("#save-now").is_visible()
