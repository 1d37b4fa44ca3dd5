"""The order list changes after load: "View orders" appends cards, the page re-renders a card,
countdowns tick. New cards get banners; changes that don't touch the orders cost no analysis."""

from __future__ import annotations

from dataclasses import replace

import pytest
from selectolax.lexbor import LexborHTMLParser

from tests.extension.conftest import ExtensionBrowser, wait_for
from tests.extension.pages import PageCase, artifact, first_case, read_banners
from tests.extension.shadow import click

pytestmark = pytest.mark.browser

HELD_BACK = 3  # cards that arrive later, as if "View orders" was clicked


def _card_ids(card: object) -> set[str]:
    ids = set()
    for link in card.css("a[href*='orderId=']"):  # type: ignore[attr-defined]
        ids.add(link.attributes["href"].split("orderId=")[1].split("&")[0])
    return ids


def _hold_back_last_cards(page_case: PageCase) -> tuple[PageCase, set[str]] | None:
    """The page with its last cards moved into an inert <template>, plus those cards' order ids."""
    tree = LexborHTMLParser(page_case.html)
    cards = tree.css("div.order-item")
    if len(cards) <= HELD_BACK:
        return None
    held = cards[-HELD_BACK:]
    held_ids = set().union(*(_card_ids(card) for card in held))
    if not held_ids & set(page_case.expected) or not set(page_case.expected) - held_ids:
        return None  # need trouble orders both before and after the load
    template = "".join(card.html or "" for card in held)
    for card in held:
        card.decompose()
    html = (tree.html or "").replace("</body>", f"<template id='later'>{template}</template></body>", 1)
    return replace(page_case, html=html), held_ids


def _list_with_late_cards() -> tuple[PageCase, set[str]]:
    found: list[tuple[PageCase, set[str]]] = []

    def usable(c: PageCase) -> bool:
        split = _hold_back_last_cards(c)
        if split:
            found.append(split)
        return split is not None

    first_case("current_list", usable)
    return found[0]


LOAD_MORE_JS = """() => {
  const cards = document.querySelectorAll("div.order-item");
  const later = document.getElementById("later").content.cloneNode(true);
  cards[cards.length - 1].after(later);
}"""


def test_cards_added_after_load_get_banners(browser: ExtensionBrowser) -> None:
    page_case, late_ids = _list_with_late_cards()
    page = browser.open(page_case)
    browser.wait_reported(page)
    early = {b["id"] for b in read_banners(page)}
    assert early == set(page_case.expected) - late_ids

    page.evaluate(LOAD_MORE_JS)
    wait_for(lambda: len(read_banners(page)) == len(page_case.expected), 10, "banners on the new cards")
    banners = read_banners(page)
    assert {b["id"]: b["scenario"] for b in banners} == page_case.expected
    assert all(b["card"] == [b["id"]] for b in banners)
    page.screenshot(path=artifact("dynamic-after-load-more.png"), full_page=True)


def test_irrelevant_changes_do_not_reanalyse_and_rerendered_cards_get_their_banner_back(
    browser: ExtensionBrowser,
) -> None:
    page_case, _ = _list_with_late_cards()
    page = browser.open(page_case)
    browser.wait_reported(page)
    before = browser.analyze_requests()
    shown = len(read_banners(page))

    # Changes that are not about the orders: a countdown/date ticking (digits only) and an empty
    # decoration element appearing.
    page.evaluate("""() => {
      const walker = document.createTreeWalker(document.querySelector("div.order-item"), NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (/\\d/.test(node.data)) node.data = node.data.replace(/\\d/g, (d) => String((+d + 1) % 10));
      }
      document.body.append(document.createElement("div"));
    }""")
    # The page re-renders a card that has a banner: same markup, new elements, no banner inside.
    page.evaluate("""() => {
      const host = document.querySelector("[data-orderlens-order-id]");
      const card = host.closest("div.order-item");
      const fresh = card.cloneNode(true);
      fresh.querySelectorAll("[data-orderlens-mount]").forEach((m) => m.remove());
      card.replaceWith(fresh);
    }""")
    wait_for(lambda: len(read_banners(page)) == shown, 5, "the re-rendered card's banner to come back")
    page.wait_for_timeout(1200)  # longer than the debounce: a re-analysis would have been sent
    assert browser.analyze_requests() == before, "an unchanged order list was sent to the server again"
    banners = read_banners(page)
    assert len(banners) == shown and all(b["title"] for b in banners)


def test_dismissed_banner_stays_dismissed_after_reload(browser: ExtensionBrowser) -> None:
    page_case = first_case("current_list", lambda c: len(c.expected) >= 2)
    page = browser.open(page_case)
    browser.wait_reported(page)
    first = read_banners(page)[0]

    click(page, f"[data-orderlens-order-id='{first['id']}']", "button.dismiss")
    wait_for(lambda: first["id"] not in {b["id"] for b in read_banners(page)}, 5, "the banner to go away")
    stored = browser.worker.evaluate("() => chrome.storage.local.get('dismissed')")["dismissed"]
    assert f"{first['id']}:{first['scenario']}" in stored

    page.reload()
    browser.wait_reported(page)
    after = {b["id"] for b in read_banners(page)}
    assert after == set(page_case.expected) - {first["id"]}, "dismissed banner came back, or others vanished"
