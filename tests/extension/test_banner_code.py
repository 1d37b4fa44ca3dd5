"""The shared banner code (extension/content/strings.js, banner.js, place.js) on its own, in a plain
page: hostile text and links, placement on tables, links and inline anchors, re-placing, RTL, and
the ui strings matching the parser's banner texts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.extension import strings_sync
from tests.extension.browser import EXTENSION
from tests.extension.pages import artifact
from tests.extension.strings_sync import STRINGS_JS

pytestmark = pytest.mark.browser

SCRIPTS = ("strings.js", "banner.js", "place.js")

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><base href="https://www.aliexpress.com/"></head><body>
<div id="list">
  <div class="card" id="c1"><div class="head"><span class="status">Closed</span></div><p>body 1</p></div>
  <a class="card" id="c2" href="/p/order/detail.html?orderId=2"><span>Canceled</span></a>
  <div class="card" id="c3"><p>status <span class="st">Frozen</span> here</p></div>
</div>
<table id="t"><tbody class="order"><tr class="head"><td>1</td><td>2</td><td colspan="2">3</td></tr>
<tr class="body"><td>x</td></tr></tbody></table>
</body></html>"""


def banner(order_id: str, selector: str, scenario: str = "closed_refund_automatic", **extra: Any) -> dict[str, Any]:
    value = {
        "scenario": scenario,
        "severity": "info",
        "title": f"Title {order_id}",
        "summary": "Summary",
        "steps": ["one", "two"],
        "actions": [
            {
                "kind": "details",
                "label": "Details",
                "href": f"https://www.aliexpress.com/p/order/detail.html?orderId={order_id}",
            }
        ],
        "evidence": [{"source": "status_text", "text": "Closed", "signal": "status:closed"}],
        "lang": "en",
        "anchor": {"order_id": order_id, "selector": selector},
    }
    value.update(extra)
    return value


def analysis(*banners: dict[str, Any]) -> dict[str, Any]:
    return {"orders": [{"order_id": b["anchor"]["order_id"], "scenario": b["scenario"], "banner": b} for b in banners]}


@pytest.fixture
def page(plain_browser: Any) -> Iterator[Any]:
    page = plain_browser.new_page()
    page.set_content(PAGE)
    for name in SCRIPTS:
        page.add_script_tag(path=str(EXTENSION / "content" / name))
    yield page
    page.close()


def place(page: Any, data: dict[str, Any], dismissed: list[str] | None = None) -> list[str]:
    shown: list[str] = page.evaluate(
        """([data, dismissed]) => orderlens.placeBanners(data, {dismissed: new Set(dismissed)})
             .map((b) => b.anchor.order_id)""",
        [data, dismissed or []],
    )
    return shown


def shadow(page: Any, order_id: str, js: str) -> Any:
    return page.evaluate(
        f"""(id) => {{ const root = document.querySelector(`[data-orderlens-order-id="${{id}}"]`).shadowRoot;
             return ({js}); }}""",
        order_id,
    )


def test_hostile_text_and_links_stay_inert(page: Any) -> None:
    hostile = '<img src=x onerror="window.__pwned=1"><b>bold</b>'
    data = analysis(
        banner(
            "1",
            "#c1",
            title=hostile,
            summary=hostile,
            steps=[hostile],
            actions=[
                {"kind": "details", "label": hostile, "href": "javascript:window.__pwned=2"},
                {"kind": "pay", "label": "Data", "href": "data:text/html,<script>alert(1)</script>"},
                {"kind": "track", "label": "Relative", "href": "/p/tracking/index.html?tradeOrderId=1"},
            ],
            evidence=[{"source": "notice", "text": hostile, "signal": "notice:security"}],
            lang='en" onload="x',
        )
    )
    assert place(page, data) == ["1"]
    page.wait_for_timeout(200)
    assert shadow(page, "1", "root.querySelectorAll('img, b, script').length") == 0
    assert shadow(page, "1", "root.querySelector('.title').textContent") == hostile
    links = shadow(page, "1", "[...root.querySelectorAll('a.action')].map((a) => a.href)")
    assert len(links) == 1 and links[0].endswith("/p/tracking/index.html?tradeOrderId=1")
    assert page.evaluate("() => window.__pwned") is None


def test_placement_fits_each_kind_of_anchor(page: Any) -> None:
    data = analysis(
        banner("1", "#c1"),  # a card: right under its header
        banner("2", "#c2"),  # a link card: right after it, never inside the link
        banner("3", "#c3 .st"),  # an inline status: in the enclosing block
        banner("4", "#t tbody.order"),  # a table: a full-width row after the order's head row
    )
    assert sorted(place(page, data)) == ["1", "2", "3", "4"]
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
    assert where["1"] == {"parent": "c1", "prev": "head", "tag": "ORDERLENS-BANNER", "colspan": None}
    assert where["2"]["parent"] == "list" and where["2"]["prev"] == "c2"
    assert where["3"]["parent"] == "c3" and where["3"]["prev"] == "", "inline status: after its paragraph"
    assert where["4"] == {"parent": "order", "prev": "head", "tag": "TR", "colspan": 4}


def test_replacing_keeps_unchanged_banners_and_swaps_changed_ones(page: Any) -> None:
    place(page, analysis(banner("1", "#c1"), banner("2", "#c2")))
    page.evaluate("() => document.querySelectorAll('[data-orderlens-order-id]').forEach((h) => { h.marked = true; })")
    page.evaluate(
        "() => { document.querySelector('[data-orderlens-order-id=\"1\"]').shadowRoot"
        ".querySelector('details').open = true; }"
    )
    place(page, analysis(banner("1", "#c1"), banner("2", "#c2", scenario="order_frozen")))
    state = page.evaluate(
        """() => [...document.querySelectorAll('[data-orderlens-order-id]')].map((h) =>
             [h.dataset.orderlensOrderId, h.dataset.orderlensScenario, !!h.marked])"""
    )
    assert sorted(state) == [["1", "closed_refund_automatic", True], ["2", "order_frozen", False]]
    assert shadow(page, "1", "root.querySelector('details').open") is True

    # Same scenario, other words (the banner language was switched): drawn anew.
    place(page, analysis(banner("1", "#c1", title="Título 1", lang="es"), banner("2", "#c2", scenario="order_frozen")))
    assert shadow(page, "1", "root.querySelector('.title').textContent") == "Título 1"

    place(page, analysis(banner("2", "#c2", scenario="order_frozen")))  # order 1 is fine now
    assert page.locator("[data-orderlens-order-id]").count() == 1


def test_dismissed_missing_and_invalid_anchors_show_nothing(page: Any) -> None:
    data = analysis(
        banner("1", "#c1"), banner("2", "#nowhere"), banner("3", "div:::bad"), banner("4", "#c3", scenario="none")
    )
    assert place(page, data, dismissed=["1:closed_refund_automatic"]) == []
    assert page.locator("[data-orderlens-order-id]").count() == 0


def test_right_to_left_pages_mirror_the_banner(page: Any) -> None:
    page.evaluate("() => { document.documentElement.dir = 'rtl'; }")
    place(page, analysis(banner("1", "#c1", title="الطلب ملغى", lang="ar")))
    style = shadow(
        page,
        "1",
        "(() => { const s = getComputedStyle(root.querySelector('.banner')); "
        "return [s.borderRightWidth, s.borderLeftWidth, s.direction]; })()",
    )
    assert style == ["5px", "1px", "rtl"]
    page.locator("[data-orderlens-order-id='1']").screenshot(path=artifact("banner-rtl.png"))


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
