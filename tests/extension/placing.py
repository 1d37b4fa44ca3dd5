"""The shared banner code (strings.js, banner.js, place.js) in a plain page: the data it is given
and a way to run it, for the tests of banner drawing and of anchor resolution."""

from __future__ import annotations

from typing import Any

from tests.extension.browser import EXTENSION

#: The banner code, in the order the manifest loads it.
SCRIPTS = ("strings.js", "banner.js", "place.js")


def load_banner_code(page: Any) -> None:
    """Add the extension's own banner code to a plain page (no extension APIs needed)."""
    for name in SCRIPTS:
        page.add_script_tag(path=str(EXTENSION / "content" / name))


def banner(
    order_id: str, selector: str, scenario: str = "closed_refund_automatic", path: str | None = None, **extra: Any
) -> dict[str, Any]:
    """A banner as the server sends it, anchored by `selector` (and `path`, when given)."""
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
        "anchor": {"order_id": order_id, "selector": selector, "path": path},
    }
    value.update(extra)
    return value


def analysis(*banners: dict[str, Any], normal: tuple[str, ...] = (), url: str | None = None) -> dict[str, Any]:
    """An analysis with an order per banner, plus `normal` orders that get none."""
    orders = [{"order_id": b["anchor"]["order_id"], "scenario": b["scenario"], "banner": b} for b in banners]
    orders += [{"order_id": order_id, "scenario": "none", "banner": None} for order_id in normal]
    return {"url": url, "orders": orders}


def place(page: Any, data: dict[str, Any], dismissed: list[str] | None = None) -> list[str]:
    """Run placeBanners on the page; the ids of the banners it reports as shown."""
    shown: list[str] = page.evaluate(
        """([data, dismissed]) => orderlens.placeBanners(data, {dismissed: new Set(dismissed)})
             .map((b) => b.anchor.order_id)""",
        [data, dismissed or []],
    )
    return shown
