"""Benchmark pages built from a fixture: the list page's cards repeated with fresh order ids."""

from __future__ import annotations

import re
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "current_list" / "desktop_mixed_en.html"
_CARD_START = '<div class="order-item">'


def _fixture_parts() -> tuple[str, list[str], str, list[str]]:
    """The fixture split into what comes before the cards, the cards, what follows, and the cards' order ids."""
    html = FIXTURE.read_text(encoding="utf-8")
    first = html.index(_CARD_START)
    last = html.rindex("</div>", 0, html.index('<div class="order-more"'))  # closes the card group
    cards_html = html[first:last]
    cards = [_CARD_START + c for c in cards_html.split(_CARD_START) if c.strip()]
    return html[:first], cards, html[last:], sorted(set(re.findall(r"orderId=(\d+)", cards_html)))


def _extra_links(n: int, count: int) -> str:
    """Links real cards carry besides the ones a layout reads: item photos, messages, similar items."""
    kinds = ("item/10050{n}{i}.html", "p/message/index.html?orderId=0&i={i}", "w/wholesale-similar-{n}-{i}.html")
    links = (
        f'<a href="https://www.aliexpress.com/{kinds[i % 3].format(n=n, i=i)}">Link {i}</a>' for i in range(count)
    )
    return '<div class="order-item-links">' + "".join(links) + "</div>"


def order_list_page(
    orders: int = 80, target_bytes: int = 1_000_000, extra_links: int = 0, nav_links: int = 0
) -> str:
    """A current-UI order list with `orders` cards, padded with page noise to about `target_bytes`.

    `extra_links` adds that many links to every card (real cards have 10-15); `nav_links` adds a
    navigation header of that many links before the list, as the live site's mega-menu does.
    """
    head, cards, tail, ids = _fixture_parts()
    built = []
    for n in range(orders):
        card = cards[n % len(cards)]
        for old in ids:
            card = card.replace(old, str(int(old) + 1000 * (n + 1)))
        if extra_links:
            card = card.replace(_CARD_START, _CARD_START + _extra_links(n, extra_links), 1)
        built.append(card)
    entry = '<li><a href="https://www.aliexpress.com/category/{i}.html">Category {i}</a></li>'
    nav = "".join(entry.format(i=i) for i in range(nav_links))
    head = re.sub(r"(<body[^>]*>)", rf"\1<nav><ul>{nav}</ul></nav>", head, count=1)
    page = head + "".join(built) + tail
    # Real pages are mostly scripts, styles and recommendation markup around the cards: add both kinds.
    script = '<script>window.__state__ = {"spm": "' + "a2g0o.order_list" * 60 + '"};</script>\n'
    markup = '<div class="recommend-card"><a href="/item/1.html"><span>Product</span></a></div>\n' * 10
    padding = []
    size = len(page.encode())
    while size < target_bytes:
        padding.append(script + markup)
        size += len(script) + len(markup)
    return page.replace("</body>", "".join(padding) + "</body>", 1)


def link_heavy_list_page() -> str:
    """Issue 10's page (b): 0.7 MB, 80 cards of 12-13 links each, a long navigation header."""
    return order_list_page(orders=80, target_bytes=700_000, extra_links=7, nav_links=600)


_SMALL_CARD = (
    '<div class="order-item"><span class="order-item-header-status-text">Closed</span>'
    '<a href="/p/order/detail.html?orderId=8000000000000001">Details</a></div>'
)


def without_class_names(html: str) -> str:
    """The page after a front-end rebuild that renamed every class: no layout claims it, the generic reader runs."""
    return re.sub(r"""class=("[^"]*"|'[^']*')""", 'class="x9"', html)


def identical_cards_page(cards: int = 130_000, class_names: bool = True) -> str:
    """A hostile list: one small card repeated `cards` times (one distinct order, about 20 MB).

    Without `class_names` the classes mean nothing, so no layout claims it and the generic reader runs.
    """
    page = f"<html><body><div class='order-main'>{_SMALL_CARD * cards}</div></body></html>"
    return page if class_names else without_class_names(page)
