"""Order ids and links as a page gives them: ids from links first (labels change), only http(s) links."""

from __future__ import annotations

import re
from functools import lru_cache

from orderlens.parser.dom import Node
from orderlens.parser.urls import join, urlsplit_or_none

SITE = "https://www.aliexpress.com/"
# A whole parameter name: a dispute link's "reverseOrderId=" names the dispute, its "orderId=" the order.
_ID_IN_HREF = re.compile(
    r"(?<![A-Za-z0-9_])(?:orderId|tradeOrderId|tradeId|order_id|orderNo|orderIds?)=(\d{12,20})(?!\d)", re.I
)
_ID_IN_TEXT = re.compile(r"(?<!\d)(\d{12,20})(?!\d)")
_DETAIL_LINKS = "a[href*='/p/order/detail.html'], a[href*='order_detail.htm']"
# Only links whose URL can carry an order id (the parameter names of _ID_IN_HREF): cards hold a dozen links,
# and the selector leaves the rest to the HTML engine instead of a regular expression each.
_ID_LINKS = ", ".join(f"a[href*='{name}' i]" for name in ("orderid", "tradeid", "order_id", "orderno"))


def absolute(href: str | None, base: str | None) -> str | None:
    """A page link made absolute against the page URL; only http(s) links survive (no javascript:, data:)."""
    if not href or href.strip().startswith("#"):
        return None
    link = "".join(href.split())  # browsers ignore whitespace inside a URL too
    if "[" not in link and "/." not in link:  # the common shapes, without a URL parse each (see join)
        if link.startswith(("https://", "http://")):
            return link
        if link.startswith("/") and not link.startswith("//") and (origin := _origin(base or SITE)):
            return origin + link
    joined = join(base or SITE, link)
    return joined if joined and joined.lower().startswith(("https://", "http://")) else None


@lru_cache(maxsize=64)
def _origin(base: str) -> str | None:
    """`https://host` of an http(s) base URL, for joining root-relative links; None for any other base."""
    parts = urlsplit_or_none(base)
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def detail_url_in(node: Node, base: str | None) -> str | None:
    """The order's detail page (current or legacy) from the first link to one: targets outlive class names."""
    link = node.first(_DETAIL_LINKS)
    return absolute(link.attr("href"), base) if link is not None else None


def order_id_from_href(href: str | None) -> str | None:
    match = _ID_IN_HREF.search(href or "")
    return match.group(1) if match else None


def order_id_from_links(node: Node) -> str | None:
    """Labels change between years and languages; the order id inside links does not."""
    for link in node.select(_ID_LINKS):
        found = order_id_from_href(link.attr("href"))
        if found:
            return found
    return order_id_from_href(node.attr("href"))


def order_id_from_text(text: str) -> str | None:
    match = _ID_IN_TEXT.search(text)
    return match.group(1) if match else None


def order_id_from_page(url: str | None, root: Node, *params: str) -> str | None:
    """A single-order page names its order in the URL; else in a link; else in the text."""
    for param in params:
        match = re.search(rf"[?&]{param}=(\d{{12,20}})", url or "")
        if match:
            return match.group(1)
    return order_id_from_links(root) or order_id_from_text(root.text(" "))
