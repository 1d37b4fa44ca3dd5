"""What the content script sends: the rendered page minus scripts, styles and SVG paths. Measured
on every fixture, and checked to change nothing in the analysis."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from orderlens.parser import analyze
from orderlens.parser.model import json_data
from tests.extension.browser import EXTENSION
from tests.extension.pages import PageCase, all_cases, artifact

pytestmark = pytest.mark.browser

CASES = all_cases()
SIZES_JS = """() => {
  const bytes = (text) => new TextEncoder().encode(text).length;
  const full = "<!DOCTYPE html>\\n" + document.documentElement.outerHTML;
  const captured = orderlens.capturePage(document);
  return {full, captured, fullBytes: bytes(full), capturedBytes: bytes(captured)};
}"""


@pytest.fixture(scope="module")
def sizes() -> Iterator[dict[str, tuple[int, int]]]:
    measured: dict[str, tuple[int, int]] = {}
    yield measured
    if not measured:
        return
    full = sum(f for f, _ in measured.values())
    captured = sum(c for _, c in measured.values())
    lines = [f"{name}\t{f}\t{c}\t{100 * (1 - c / f):.1f}%" for name, (f, c) in sorted(measured.items())]
    lines.append(f"TOTAL ({len(measured)} pages)\t{full}\t{captured}\t{100 * (1 - captured / full):.1f}%")
    artifact("capture-sizes.tsv").write_text("page\trendered bytes\tcaptured bytes\tsaved\n" + "\n".join(lines) + "\n")
    print(
        f"\ncapture: {full} -> {captured} bytes over {len(measured)} pages ({100 * (1 - captured / full):.1f}% smaller)"
    )


def _orders(html: str, url: str) -> list[dict[str, Any]]:
    orders = [json_data(order) for order in analyze(html, url=url).orders]
    return [{key: value for key, value in order.items() if key != "facts"} for order in orders]


@pytest.fixture(scope="module")
def tab(plain_browser: Any) -> Iterator[Any]:
    """One tab for the whole module: serving whichever page the current test set in `served`."""
    page = plain_browser.new_page()
    served: dict[str, str] = {}
    page.route(
        "https://**/*",
        lambda route: route.fulfill(
            status=200 if route.request.url in served else 204,
            body=served.get(route.request.url, ""),
            content_type="text/html; charset=utf-8",
        ),
    )
    page.served = served
    yield page
    page.close()


@pytest.mark.parametrize("page_case", CASES, ids=[c.name for c in CASES])
def test_capture_is_smaller_and_analyses_the_same(
    tab: Any, page_case: PageCase, sizes: dict[str, tuple[int, int]]
) -> None:
    tab.served.clear()
    tab.served[page_case.url] = page_case.html
    tab.goto(page_case.url, wait_until="domcontentloaded")
    tab.add_script_tag(path=str(EXTENSION / "content" / "capture.js"))
    result = tab.evaluate(SIZES_JS)
    sizes[page_case.name] = (result["fullBytes"], result["capturedBytes"])
    assert result["capturedBytes"] < result["fullBytes"]
    assert "<script" not in result["captured"].replace('<script type="application/', "")
    assert _orders(result["captured"], page_case.url) == _orders(result["full"], page_case.url)


SHADOW_PAGE = """<!DOCTYPE html><html lang="en"><body><h1>My orders</h1><div id="list"></div>
<template id="inert"><div>Order 8123456789012399 Awaiting payment</div></template>
<script>
class OrderTile extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({mode: "open"});
    const inner = document.createElement("order-status");
    inner.attachShadow({mode: "open"}).innerHTML = "<b>" + this.dataset.status + "</b>";
    root.innerHTML = "<style>p{color:red}</style><div class=s></div><p>" + this.dataset.notice + "</p><slot></slot>";
    root.querySelector(".s").append(inner);
  }
}
customElements.define("order-tile", OrderTile);
const tiles = [
  ["8123456789012341", "Closed", "We closed this order because of a security risk on the account."],
  ["8123456789012342", "Awaiting shipment", "The seller has asked you to cancel this order."],
];
for (const [id, status, notice] of tiles) {
  const tile = Object.assign(document.createElement("order-tile"), {});
  tile.dataset.status = status;
  tile.dataset.notice = notice;
  tile.innerHTML = `<a href="https://www.aliexpress.com/p/order/detail.html?orderId=${id}">Order details</a>`;
  document.getElementById("list").append(tile);
}
</script></body></html>"""


def test_web_components_are_captured_with_their_shadow_roots(tab: Any) -> None:
    """A list built from web components keeps each card in a shadow root, which outerHTML leaves out: the capture
    writes each one, nested ones too, into its host as a declarative shadow root, and the parser reads the cards;
    the page's inert template and the shadow roots' styles stay out."""
    url = "https://www.aliexpress.com/p/order/index.html"
    tab.served.clear()
    tab.served[url] = SHADOW_PAGE
    tab.goto(url, wait_until="domcontentloaded")
    tab.add_script_tag(path=str(EXTENSION / "content" / "capture.js"))
    result = tab.evaluate(SIZES_JS)
    assert {o["scenario"] for o in _orders(result["full"], url)} == {"unknown"}  # outerHTML: the links alone
    captured = result["captured"]
    assert captured.count('<template shadowrootmode="open">') == 4  # two tiles, each with a nested status
    assert "color:red" not in captured and "8123456789012399" not in captured
    assert [(o["order_id"], o["scenario"]) for o in _orders(captured, url)] == [
        ("8123456789012341", "closed_security_issue"),
        ("8123456789012342", "seller_requests_cancellation"),
    ]
