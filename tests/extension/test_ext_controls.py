"""Issue 14: a banner names the fact that decided it, and its buttons point at the page's own controls
(scrolled to and outlined on the same page) instead of opening a tab; a control the page no longer
has falls back to the action's link in a new tab."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.extension.conftest import ExtensionBrowser, wait_for
from tests.extension.pages import artifact, case
from tests.extension.placing import analysis, banner, load_banner_code, place
from tests.extension.shadow import ax_count, click, focus, in_page

pytestmark = pytest.mark.browser

SNAPSHOTS = Path(__file__).resolve().parents[1] / "parser" / "__snapshots__" / "test_fixtures"
SELLER_CANCEL = "current_detail.detail_seller_requests_cancel_en"
HANG_GUARD = 10.0  # seconds; the outline itself goes after 3


def snapshot_banner(fixture: str) -> dict[str, Any]:
    """The one banner the parser's snapshot gives the fixture: its controls and ranked evidence."""
    data = json.loads((SNAPSHOTS / f"test_full_analysis_snapshot[{fixture}].json").read_text(encoding="utf-8"))
    (found,) = [o["banner"] for o in data["orders"] if o.get("banner") and o["banner"].get("controls")]
    return dict(found)


# The banner's buttons and links, and its evidence items, read through the closed root.
BANNER_PARTS_JS = """([host], rootOf) => {
  const root = rootOf(document.querySelector(host));
  const box = (el) => { const r = el.getBoundingClientRect(); return {width: r.width, height: r.height}; };
  return {
    buttons: [...root.querySelectorAll("button.action")].map((b) => ({kind: b.dataset.kind, text: b.textContent,
                                                                      ...box(b)})),
    links: [...root.querySelectorAll("a.action")].map((a) => a.dataset.kind),
    evidence: [...root.querySelectorAll(".why li")].map((li) => li.textContent),
  };
}"""

# Where the page's control is, whether it has the focus, and its inline outline.
CONTROL_JS = """([selector]) => {
  const el = document.querySelector(selector);
  const r = el.getBoundingClientRect();
  return {
    inView: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.height > 0,
    focused: document.activeElement === el,
    outline: el.style.getPropertyValue("outline"),
  };
}"""


def control_state(page: Any, selector: str) -> dict[str, Any]:
    state: dict[str, Any] = page.evaluate(CONTROL_JS, [selector])
    return state


def test_banner_points_at_the_pages_own_control_and_labels_the_deciding_fact(browser: ExtensionBrowser) -> None:
    expected = snapshot_banner(SELLER_CANCEL)
    contact = next(c for c in expected["controls"] if c["kind"] == "contact_seller")
    page_case = case(SELLER_CANCEL)
    page = browser.context.new_page()
    browser.opened.append(page)
    page.set_viewport_size({"width": 1280, "height": 400})
    browser.open(page_case, page)
    browser.wait_reported(page)
    host = f"orderlens-banner[data-orderlens-order-id='{expected['anchor']['order_id']}']"
    parts = in_page(page, BANNER_PARTS_JS, [host])

    # One button per control, named by its visible words, at least 24x24 px; no link for those kinds.
    assert [(b["kind"], b["text"]) for b in parts["buttons"]] == [(c["kind"], c["label"]) for c in expected["controls"]]
    assert all(b["width"] >= 24 and b["height"] >= 24 for b in parts["buttons"])
    assert ax_count(page, host, "button", contact["label"]) == 1
    assert not {c["kind"] for c in expected["controls"]} & set(parts["links"])

    # The decisive fact comes first and says so; no other evidence does.
    assert expected["evidence"][0]["decisive"]
    first, *others = parts["evidence"]
    assert first == f"Deciding fact: {expected['evidence'][0]['text']}"
    assert others and not any("Deciding fact" in text for text in others)

    # The page's "Contact seller" in the status block (not the store's link of the same name).
    control = ".order-status-btns a.comet-btn[href*='/p/message/']"
    assert page.locator(control).inner_text() == contact["text"]
    new_tabs: list[Any] = []

    def on_page(opened: Any) -> None:
        new_tabs.append(opened)

    browser.context.on("page", on_page)
    try:
        focus(page, host, f"button.action[data-kind='{contact['kind']}']")
        page.evaluate("() => { document.body.style.paddingBottom = '200vh'; scrollTo(0, document.body.scrollHeight); }")
        assert not control_state(page, control)["inView"], "the control should start out of view"
        page.keyboard.press("Enter")  # a trusted activation, like the shopper's

        wait_for(lambda: control_state(page, control)["inView"], HANG_GUARD, "the page's control to scroll into view")
        state = control_state(page, control)
        assert state["focused"] and "solid" in state["outline"]
        page.screenshot(path=artifact("control-highlighted.png"))
        wait_for(lambda: control_state(page, control)["outline"] == "", HANG_GUARD, "the outline to go")
    finally:
        browser.context.remove_listener("page", on_page)
    assert new_tabs == [] and browser.console_errors == []


PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><base href="https://www.aliexpress.com/"></head>
<body><div class="card" id="c1"><div class="head">Closed</div><p>Order 8100000000000001</p>
<div style="height: 1500px"></div><button style="display: none">Contact seller</button>
<a href="/p/message/index.html" id="msg" style="outline: 1px dotted red">  Contact
  SELLER </a><span role="button" id="dispute">Open&#8203; dis&shy;pute</span></div></body></html>"""
O1 = "8100000000000001"
MESSAGE_HREF = "https://www.aliexpress.com/p/message/index.html?orderId=" + O1
HOST = f"orderlens-banner[data-orderlens-order-id='{O1}']"


@pytest.fixture
def page(plain_browser: Any) -> Iterator[Any]:
    page = plain_browser.new_page()
    # Nothing leaves the machine: a tab the banner opens gets an empty page.
    page.context.route("https://**/*", lambda route: route.fulfill(status=200, body="", content_type="text/html"))
    page.set_content(PAGE)
    load_banner_code(page)
    yield page
    page.context.close()


def with_controls(*controls: dict[str, str]) -> dict[str, Any]:
    actions = [{"kind": "contact_seller", "label": "Message the seller", "href": MESSAGE_HREF}]
    return analysis(banner(O1, "#c1", actions=actions, controls=list(controls)))


def test_control_found_by_words_is_outlined_then_restored_and_untrusted_clicks_do_nothing(page: Any) -> None:
    page.emulate_media(reduced_motion="reduce")
    place(page, with_controls({"kind": "contact_seller", "label": "Message the seller", "text": "contact seller"}))
    page.evaluate("() => scrollTo(0, 0)")
    in_page(
        page, '([host], rootOf) => rootOf(document.querySelector(host)).querySelector("button.action").click()', [HOST]
    )
    assert control_state(page, "#msg") == {"inView": False, "focused": False, "outline": "red dotted 1px"}

    click(page, HOST, "button.action")
    # Reduced motion: the jump is immediate, no smooth scrolling to wait for.
    assert control_state(page, "#msg") == {"inView": True, "focused": True, "outline": "rgb(28, 95, 184) solid 3px"}
    wait_for(lambda: control_state(page, "#msg")["outline"] == "red dotted 1px", HANG_GUARD, "the old outline")
    assert page.evaluate("() => document.querySelector('#msg').style.outlineOffset") == ""


def test_a_control_without_a_link_gets_a_button_and_role_button_elements_count(page: Any) -> None:
    """The page's "Open dispute" carries invisible break hints, which the server's text of it has dropped."""
    place(page, with_controls({"kind": "open_dispute", "label": "Open a dispute", "text": "Open dispute"}))
    kinds = in_page(
        page,
        """([host], rootOf) => [...rootOf(document.querySelector(host)).querySelectorAll(".action")]
             .map((el) => [el.localName, el.dataset.kind])""",
        [HOST],
    )
    assert kinds == [["a", "contact_seller"], ["button", "open_dispute"]]
    click(page, HOST, "button.action")
    wait_for(lambda: control_state(page, "#dispute")["inView"], HANG_GUARD, "the dispute control to scroll into view")
    assert "solid" in control_state(page, "#dispute")["outline"]


def test_a_control_the_page_no_longer_has_falls_back_to_the_link_in_a_new_tab(page: Any) -> None:
    place(page, with_controls({"kind": "contact_seller", "label": "Message the seller", "text": "Chat with store"}))
    with page.context.expect_page(timeout=HANG_GUARD * 1000) as opened:
        click(page, HOST, "button.action")
    assert opened.value.url == MESSAGE_HREF
    assert control_state(page, "#msg")["outline"] == "red dotted 1px"


def test_only_the_deciding_fact_is_labelled_in_the_banners_language(page: Any) -> None:
    evidence = [
        {"source": "status_text", "text": "Fermée", "signal": "status:closed", "decisive": True},
        {"source": "notice", "text": "Remboursée", "signal": "notice:refund", "decisive": True},
        {"source": "action", "text": "Détails", "signal": "action:details"},
    ]
    place(page, analysis(banner(O1, "#c1", lang="fr", evidence=evidence)))
    items = in_page(
        page,
        """([host], rootOf) => [...rootOf(document.querySelector(host)).querySelectorAll(".why li")]
             .map((li) => li.textContent)""",
        [HOST],
    )
    decisive = page.evaluate("() => orderlens.labelsFor('fr').decisive")
    assert items == [f"{decisive}\u00a0: Fermée", "Remboursée", "Détails"]
