"""The shared banner code (extension/content/strings.js, banner.js, place.js) on its own, in a plain
page: hostile text and links, placement on tables, links and inline anchors, re-placing, RTL, and
the ui strings matching the parser's banner texts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.extension import strings_sync
from tests.extension.pages import artifact
from tests.extension.placing import analysis, banner, load_banner_code, place
from tests.extension.shadow import in_page
from tests.extension.strings_sync import STRINGS_JS

pytestmark = pytest.mark.browser

# Order ids as AliExpress writes them; each card mentions its own, as real cards do.
O1, O2, O3, O4 = (f"810000000000000{n}" for n in range(1, 5))
ABSENT = "8100000000000009"  # an order the page does not show

PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><base href="https://www.aliexpress.com/"></head><body>
<div id="list">
  <div class="card" id="c1"><div class="head"><span class="status">Closed</span></div><p>Order ID: {O1}</p></div>
  <a class="card" id="c2" href="/p/order/detail.html?orderId={O2}"><span>Canceled</span></a>
  <div class="card" id="c3"><p>status <span class="st" data-order-id="{O3}">Frozen</span> here</p></div>
</div>
<table id="t"><tbody class="order"><tr class="head"><td>{O4}</td><td>2</td><td colspan="2">3</td></tr>
<tr class="body"><td>x</td></tr></tbody></table>
</body></html>"""


@pytest.fixture
def page(plain_browser: Any) -> Iterator[Any]:
    page = plain_browser.new_page()
    page.set_content(PAGE)
    load_banner_code(page)
    yield page
    page.close()


def shadow(page: Any, order_id: str, js: str) -> Any:
    return in_page(
        page,
        f"""(id, rootOf) => {{ const root = rootOf(document.querySelector(`[data-orderlens-order-id="${{id}}"]`));
             return ({js}); }}""",
        order_id,
    )


def test_hostile_text_and_links_stay_inert(page: Any) -> None:
    hostile = '<img src=x onerror="window.__pwned=1"><b>bold</b>'
    data = analysis(
        banner(
            O1,
            "#c1",
            title=hostile,
            summary=hostile,
            steps=[hostile],
            actions=[
                {"kind": "details", "label": hostile, "href": "javascript:window.__pwned=2"},
                {"kind": "pay", "label": "Data", "href": "data:text/html,<script>alert(1)</script>"},
                {"kind": "track", "label": "Relative", "href": "/p/tracking/index.html?tradeOrderId=1"},
                {"kind": "open_dispute", "label": "Plain http", "href": "http://www.aliexpress.com/p/refund"},
                {"kind": "contact_seller", "label": "Userinfo", "href": "https://www.aliexpress.com@evil.example/"},
                {"kind": "cancel_order", "label": "Look-alike", "href": "https://aliexpress.com.evil.example/"},
                {"kind": "review", "label": "Homoglyph", "href": "https://\u0430liexpress.com/"},
            ],
            evidence=[{"source": "notice", "text": hostile, "signal": "notice:security"}],
            lang='en" onload="x',
        )
    )
    assert place(page, data) == [O1]
    page.wait_for_timeout(200)
    assert shadow(page, O1, "root.querySelectorAll('img, b, script').length") == 0
    assert shadow(page, O1, "root.querySelector('.title').textContent") == hostile
    links = shadow(page, O1, "[...root.querySelectorAll('a.action')].map((a) => a.href)")
    assert len(links) == 1 and links[0].endswith("/p/tracking/index.html?tradeOrderId=1")
    assert page.evaluate("() => window.__pwned") is None


def test_placement_fits_each_kind_of_anchor(page: Any) -> None:
    data = analysis(
        banner(O1, "#c1"),  # a card: right under its header
        banner(O2, "#c2"),  # a link card: right after it, never inside the link
        banner(O3, "#c3 .st"),  # an inline status: in the enclosing block
        banner(O4, "#t tbody.order"),  # a table: a full-width row after the order's head row
    )
    assert sorted(place(page, data)) == [O1, O2, O3, O4]
    where = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("[data-orderlens-order-id]")].map((h) => {
             const mount = h.closest("[data-orderlens-mount]");
             const prev = mount.previousElementSibling;
             return [h.dataset.orderlensOrderId, {
               parent: mount.parentElement.id || mount.parentElement.className,
               prev: prev && (prev.id || prev.className),
               tag: mount.tagName, colspan: mount.tagName === "TR" ? mount.cells[0].colSpan : null }];
           }))"""
    )
    assert where[O1] == {"parent": "c1", "prev": "head", "tag": "ORDERLENS-BANNER", "colspan": None}
    assert where[O2]["parent"] == "list" and where[O2]["prev"] == "c2"
    assert where[O3]["parent"] == "c3" and where[O3]["prev"] == "", "inline status: after its paragraph"
    assert where[O4] == {"parent": "order", "prev": "head", "tag": "TR", "colspan": 4}


def test_replacing_keeps_unchanged_banners_and_swaps_changed_ones(page: Any) -> None:
    place(page, analysis(banner(O1, "#c1"), banner(O2, "#c2")))
    page.evaluate("() => document.querySelectorAll('[data-orderlens-order-id]').forEach((h) => { h.marked = true; })")
    shadow(page, O1, "root.querySelector('details').open = true")
    place(page, analysis(banner(O1, "#c1"), banner(O2, "#c2", scenario="order_frozen")))
    state = page.evaluate(
        """() => [...document.querySelectorAll('[data-orderlens-order-id]')].map((h) =>
             [h.dataset.orderlensOrderId, h.dataset.orderlensScenario, !!h.marked])"""
    )
    assert sorted(state) == [[O1, "closed_refund_automatic", True], [O2, "order_frozen", False]]
    assert shadow(page, O1, "root.querySelector('details').open") is True

    # Same scenario, other words (the banner language was switched): drawn anew.
    place(page, analysis(banner(O1, "#c1", title="Título 1", lang="es"), banner(O2, "#c2", scenario="order_frozen")))
    assert shadow(page, O1, "root.querySelector('.title').textContent") == "Título 1"

    place(page, analysis(banner(O2, "#c2", scenario="order_frozen")))  # order 1 is fine now
    assert page.locator("[data-orderlens-order-id]").count() == 1


def test_dismissed_absent_and_normal_orders_show_nothing(page: Any) -> None:
    """A dismissed order, an order the page does not show (whatever its anchor says) and a normal one."""
    data = analysis(
        banner(O1, "#c1"),
        banner(ABSENT, "#nowhere", path="body > div:nth-of-type(1) > div:nth-of-type(1)"),
        banner(O4, "#c3", scenario="none"),
    )
    assert place(page, data, dismissed=[f"{O1}:closed_refund_automatic"]) == []
    assert page.locator("[data-orderlens-order-id]").count() == 0


def test_right_to_left_pages_mirror_the_banner(page: Any) -> None:
    page.evaluate("() => { document.documentElement.dir = 'rtl'; }")
    place(page, analysis(banner(O1, "#c1", title="الطلب ملغى", lang="ar")))
    style = shadow(
        page,
        O1,
        "(() => { const s = getComputedStyle(root.querySelector('.banner')); "
        "return [s.borderRightWidth, s.borderLeftWidth, s.direction]; })()",
    )
    assert style == ["5px", "1px", "rtl"]
    page.locator(f"[data-orderlens-order-id='{O1}']").screenshot(path=artifact("banner-rtl.png"))


def test_ui_strings_match_the_parser_banner_texts() -> None:
    """strings.js carries a copy of each language's [ui] labels; it must not drift from the TOML."""
    source = STRINGS_JS.read_text(encoding="utf-8")
    assert strings_sync.rendered(source) == source, (
        "extension/content/strings.js is stale: run `python -m tests.extension.strings_sync`"
    )
    assert {"en", "es"} <= set(strings_sync.table())


def test_every_banner_language_has_labels(page: Any) -> None:
    labels = page.evaluate("() => orderlens.uiStrings")
    assert set(labels) == set(strings_sync.table())
    assert page.evaluate("() => orderlens.labelsFor('es-MX').why") == labels["es"]["why"]
    assert page.evaluate("() => orderlens.labelsFor('xx').why") == labels["en"]["why"]
