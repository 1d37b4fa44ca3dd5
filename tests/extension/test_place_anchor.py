"""How place.js finds the element a banner belongs at when class names cannot be trusted: the
server's selector, then its element path (our own mounts not counted), then the order's own links
widened to its card; and never an element that does not hold the order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.extension.placing import analysis, banner, load_banner_code, place

pytestmark = pytest.mark.browser

O1, O2, O3 = (f"820000000000000{n}" for n in range(1, 4))
DETAIL = "https://www.aliexpress.com/p/order/detail.html?orderId="

# Three cards whose classes mean nothing; each mentions its order only through its details link.
LIST = f"""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<div id="top">header</div>
<div id="list">
  <div id="card1"><div id="head1">Closed</div><div><p><a id="link1" href="{DETAIL}{O1}">Details</a></p></div></div>
  <div id="card2"><div id="head2">Completed</div><div><p><a id="link2" href="{DETAIL}{O2}">Details</a></p></div></div>
  <div id="card3"><div id="head3">Closed</div><div><p><a id="link3" href="{DETAIL}{O3}">Details</a></p></div></div>
</div>
</body></html>"""
CARD1 = "body > div:nth-of-type(2) > div:nth-of-type(1)"
CARD3 = "body > div:nth-of-type(2) > div:nth-of-type(3)"

# Rows that name their order in text only: no link can stand in for a wrong path here.
TABLE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<table><tbody>
  <tr id="row1"><td>Order {O1}</td><td>Closed</td></tr>
  <tr id="row2"><td>Order {O2}</td><td>Closed</td></tr>
</tbody></table>
</body></html>"""
ROW2 = "body > table:nth-of-type(1) > tbody:nth-of-type(1) > tr:nth-of-type(2)"

# An order's own page: its status block does not repeat the order id.
DETAIL_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<div id="status"><div id="title">Closed</div><div>The order was closed.</div></div>
</body></html>"""

# Where each banner ended up: the element its mount sits in and the one it follows.
WHERE_JS = """() => Object.fromEntries([...document.querySelectorAll("[data-orderlens-order-id]")].map((host) => {
  const mount = host.closest("[data-orderlens-mount]");
  const prev = mount.previousElementSibling;
  return [host.dataset.orderlensOrderId, {in: mount.parentElement.id, after: prev ? prev.id : null}];
}))"""


@pytest.fixture
def tab(plain_browser: Any) -> Iterator[Any]:
    page = plain_browser.new_page()
    yield page
    page.close()


def show(tab: Any, html: str) -> None:
    tab.set_content(html)
    load_banner_code(tab)


def where(tab: Any) -> dict[str, dict[str, str | None]]:
    placed: dict[str, dict[str, str | None]] = tab.evaluate(WHERE_JS)
    return placed


@pytest.mark.parametrize(
    ("selector", "path"),
    [
        (".order-item", CARD1),  # a class the rebuild renamed: matches nothing
        ("#card3", CARD1),  # a selector that now finds another order's card
        ("div:::broken", CARD1),  # a selector this browser cannot parse
        ("#card3", CARD3),  # selector and path both stale: the order's own link decides
        ("", None),  # no anchor at all: the order's own link decides
    ],
    ids=["renamed", "other-order", "unparsable", "all-stale", "empty"],
)
def test_a_banner_lands_on_its_own_card_whatever_the_anchor_says(tab: Any, selector: str, path: str | None) -> None:
    show(tab, LIST)
    data = analysis(banner(O1, selector, path=path), normal=(O2, O3))
    assert place(tab, data) == [O1]
    assert where(tab) == {O1: {"in": "card1", "after": "head1"}}


def test_the_order_link_widens_to_the_card_and_no_further(tab: Any) -> None:
    """The link's card is the highest ancestor naming no other order: card1, not the list (which also
    holds the normal order 2) and not the link's paragraph. Without order 2 and 3 in the analysis the
    list would be no one else's, and the banner would climb to it."""
    show(tab, LIST)
    place(tab, analysis(banner(O1, ""), banner(O3, ""), normal=(O2,)))
    assert where(tab) == {O1: {"in": "card1", "after": "head1"}, O3: {"in": "card3", "after": "head3"}}

    show(tab, LIST)
    place(tab, analysis(banner(O1, "")))  # a one-order answer: the whole page is that order's
    assert where(tab)[O1]["in"] == "list"


def test_an_element_without_the_order_is_refused(tab: Any) -> None:
    """A path to another order's card on a list page shows nothing when no link can stand in."""
    show(tab, TABLE)
    row1 = "body > table:nth-of-type(1) > tbody:nth-of-type(1) > tr:nth-of-type(1)"
    assert place(tab, analysis(banner(O2, row1, path=row1), normal=(O1,))) == []


def test_path_steps_do_not_count_our_own_mounts(tab: Any) -> None:
    """Row 1's banner is a table row inserted before row 2; row 2's path was computed on a capture
    without it, and the server sends it as the selector too (as it does for pages no layout knows)."""
    show(tab, TABLE)
    place(tab, analysis(banner(O1, "#row1")))
    assert where(tab) == {O1: {"in": "", "after": "row1"}}

    assert sorted(place(tab, analysis(banner(O1, "#row1"), banner(O2, ROW2, path=ROW2)))) == [O1, O2]
    assert where(tab) == {O1: {"in": "", "after": "row1"}, O2: {"in": "", "after": "row2"}}


@pytest.mark.parametrize(
    ("orders", "url", "placed"),
    [
        ((), None, True),  # the only order of the analysis
        ((O2,), f"{DETAIL}{O1}", True),  # the page's URL names it
        ((O2,), None, False),  # neither: an element without its id is not its
    ],
    ids=["only-order", "url", "neither"],
)
def test_an_orders_own_page_takes_the_anchor_as_it_is(
    tab: Any, orders: tuple[str, ...], url: str | None, placed: bool
) -> None:
    show(tab, DETAIL_PAGE)
    shown = place(tab, analysis(banner(O1, "#status"), normal=orders, url=url))
    assert shown == ([O1] if placed else [])
    assert where(tab) == ({O1: {"in": "status", "after": "title"}} if placed else {})
