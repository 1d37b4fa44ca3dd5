"""The order journal with the real extension in Chromium and the real server (issue 15, part 3): after
two visits to an order whose status changed in between, its banner says what it was before; the popup
lists the orders needing attention that other pages showed; with the options' journal switch off, the
server records nothing of the page."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.extension.conftest import ExtensionBrowser, wait_for
from tests.extension.pages import PageCase, artifact, case
from tests.extension.placing import analysis, banner, load_banner_code, place
from tests.extension.shadow import in_page
from tests.extension.strings_sync import messages
from tests.extension.test_ext_a11y import assert_no_blocking, axe_source, run_axe
from tests.server.server_pages import LIST_URL, order_ids, order_list_page
from tests.server.serverkit import REPO

__all__ = ["axe_source"]  # the session fixture that installs axe-core, used here too

pytestmark = pytest.mark.browser

TEMPLATE_ID = order_ids()[0]  # the card whose status each visit sets
CHANGED = re.compile(r"^Changed since your last visit \((\d{1,2} \w+|\w+ \d{1,2})\): was “Awaiting payment”$")
O1, O2, O3 = (f"810000000000000{n}" for n in range(1, 4))


def fresh_order_id() -> str:
    """An order id no other test has shown the session's server, so the first visit is a first sight."""
    return "81" + "".join(secrets.choice("0123456789") for _ in range(14))


def order_page(order_id: str, status: str, scenario: str) -> PageCase:
    html = order_list_page().replace(TEMPLATE_ID, order_id).replace("Awaiting delivery", status)
    return PageCase(
        name=f"journal-{status}", html=html, url=LIST_URL, expected={order_id: scenario}, normal=frozenset()
    )


def history_line(page: Any, order_id: str) -> str | None:
    """The banner's journal line, read through its closed shadow root (None when it has none)."""
    return in_page(  # type: ignore[no-any-return]
        page,
        """(id, rootOf) => {
             const host = document.querySelector(`orderlens-banner[data-orderlens-order-id="${id}"]`);
             const line = host && rootOf(host).querySelector(".history");
             return line ? line.textContent : null;
           }""",
        order_id,
    )


def journal_ids(browser: ExtensionBrowser) -> set[str]:
    """The order ids in the server's journal, as `orderlens journal --json` lists them."""
    done = subprocess.run(
        [sys.executable, "-m", "orderlens", "journal", "--json"],
        cwd=REPO,
        env=browser.server.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return {order["order_id"] for order in json.loads(done.stdout)}


def test_a_banner_says_what_changed_since_the_last_visit(browser: ExtensionBrowser) -> None:
    order_id = fresh_order_id()
    first = browser.open(order_page(order_id, "Awaiting payment", "awaiting_payment"))
    browser.wait_reported(first)
    assert history_line(first, order_id) is None  # first sight: nothing to compare with
    first.close()

    second = browser.open(order_page(order_id, "Frozen", "order_frozen"))
    browser.wait_reported(second)
    line = wait_for(lambda: history_line(second, order_id), 10, "the banner's journal line")
    assert CHANGED.match(line), line
    second.locator(f'orderlens-banner[data-orderlens-order-id="{order_id}"]').screenshot(
        path=artifact("journal-changed-banner.png")
    )
    assert order_id in journal_ids(browser)
    assert browser.console_errors == []


def test_the_popup_lists_problem_orders_seen_on_other_pages(browser: ExtensionBrowser, axe_source: str) -> None:
    seen = case("legacy_list.list_en_closed_after_shipping")  # problem orders and normal ones
    browser.wait_reported(browser.open(seen))
    here_id = fresh_order_id()
    here = browser.open(order_page(here_id, "Frozen", "order_frozen"))  # another tab, with a problem of its own
    browser.wait_reported(here)

    popup = browser.context.new_page()
    browser.opened.append(popup)
    popup.set_viewport_size({"width": 360, "height": 600})
    popup.goto(f"chrome-extension://{browser.extension_id}/popup/popup.html?tab={browser.tab_id(here)}")
    section = popup.locator("#elsewhere")
    wait_for(section.is_visible, 15, "the popup's list of orders needing attention on other pages")
    words = messages()["en"]
    assert popup.locator("#elsewhere-title").inner_text() == words["popup_elsewhere_title"]
    items = {item.get_attribute("data-order-id"): item for item in popup.locator("#elsewhere-list li").all()}
    assert set(seen.expected) <= set(items)
    assert not seen.normal & set(items)
    listed_here = popup.locator("#problems li").all_inner_texts()
    assert any(here_id in text for text in listed_here)
    assert not {order_id for order_id in items if any(order_id in text for text in listed_here)}, (
        "the tab's own problem orders are listed above, not again"
    )

    canceled = next(order_id for order_id, scenario in seen.expected.items() if scenario == "canceled_after_shipping")
    link = items[canceled].locator("a")
    detail = f"https://www.aliexpress.com/p/order/detail.html?orderId={canceled}"
    assert link.get_attribute("href") == detail and link.get_attribute("target") == "_blank"
    assert link.inner_text() == f"Order {canceled}: Canceled after it shipped ↗"
    described = popup.evaluate(
        "(id) => document.getElementById(id).textContent", link.get_attribute("aria-describedby")
    )
    assert described == words["popup_new_tab"]
    assert items[canceled].locator("time").inner_text().startswith("Last seen ")
    assert_no_blocking(run_axe(popup, axe_source, "body"), "the popup listing orders from other pages")
    popup.screenshot(path=artifact("popup-journal-orders.png"))

    # Served, not the usual empty 204: Chromium closes a new tab whose first answer is a 204.
    browser.served[detail] = "<!DOCTYPE html><html lang='en'><title>Order details</title></html>"
    with browser.context.expect_page() as opened:
        link.click()
    tab = opened.value
    browser.opened.append(tab)
    tab.wait_for_load_state()
    assert tab.url == detail


def test_the_options_switch_keeps_the_page_out_of_the_journal(browser: ExtensionBrowser) -> None:
    options = browser.context.new_page()
    browser.opened.append(options)
    options.goto(f"chrome-extension://{browser.extension_id}/options/options.html")
    switch = options.locator("#journal")
    wait_for(lambda: switch.is_checked(), 5, "the journal switch to show its default, on")
    assert options.locator("label:has(#journal)").inner_text().strip() == "Keep a journal of orders on this computer"
    switch.uncheck()
    options.click("#save")

    def stored() -> Any:
        return browser.worker.evaluate("() => chrome.storage.local.get('settings')")["settings"]

    wait_for(lambda: stored().get("journal") is False, 10, "the switch to be saved off")

    order_id = fresh_order_id()
    page = browser.open(order_page(order_id, "Frozen", "order_frozen"))
    browser.wait_reported(page)  # the banner still comes
    assert history_line(page, order_id) is None
    assert order_id not in journal_ids(browser)

    popup = browser.context.new_page()  # the journal still holds other tests' orders, but shows none now
    browser.opened.append(popup)
    popup.goto(f"chrome-extension://{browser.extension_id}/popup/popup.html?tab={browser.tab_id(page)}")
    wait_for(lambda: popup.evaluate("() => document.body.dataset.elsewhere"), 15, "the popup to ask the journal")
    assert popup.evaluate("() => document.body.dataset.elsewhere") == "0"
    assert not popup.locator("#elsewhere").is_visible()


def test_the_banner_code_draws_one_journal_line_and_keeps_it_steady(plain_browser: Any) -> None:
    """The line from `history` alone, in the plain banner code (as `orderlens preview` also runs it)."""
    page = plain_browser.new_page()
    cards = "".join(f'<div id="c{n}">Order ID: {order_id}</div>' for n, order_id in enumerate((O1, O2, O3), 1))
    page.set_content(f'<!DOCTYPE html><html lang="en"><body>{cards}</body></html>')
    load_banner_code(page)
    now = datetime.now(UTC)
    data = analysis(banner(O1, "#c1"), banner(O2, "#c2"), banner(O3, "#c3"))
    histories = [
        {  # changed this visit; the page's old status text holds a "$&", which must stay literal
            "changed": True,
            "previous_status_text": "Awaiting $& payment",
            "previous_seen": "2026-12-03T10:00:00+00:00",
            "status_since": now.isoformat(),
            "last_seen": "2026-12-03T10:00:00+00:00",
        },
        {
            "changed": False,
            "status_since": (now - timedelta(days=9, hours=1)).isoformat(),
            "refund_state": "in_progress",
        },
        {"changed": False, "status_since": now.isoformat(), "refund_state": "in_progress"},  # too recent to say
    ]
    for order, history in zip(data["orders"], histories, strict=True):
        order["history"] = {"first_seen": "2026-11-01T00:00:00+00:00", **history}
    assert place(page, data) == [O1, O2, O3]
    assert re.fullmatch(
        r"Changed since your last visit \((3 Dec|Dec 3)\): was “Awaiting \$& payment”", history_line(page, O1) or ""
    )
    assert history_line(page, O2) == "Same status for 9 days; refund still in progress"
    assert history_line(page, O3) is None

    # The next analysis only moves last_seen on: the banner is left as it is, not drawn anew.
    page.evaluate(f"() => {{ document.querySelector('[data-orderlens-order-id=\"{O1}\"]').dataset.mark = 'kept'; }}")
    data["orders"][0]["history"]["last_seen"] = now.isoformat()
    place(page, data)
    assert page.evaluate(f"() => document.querySelector('[data-orderlens-order-id=\"{O1}\"]').dataset.mark") == "kept"
    page.close()
