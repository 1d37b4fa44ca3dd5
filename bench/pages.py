"""Benchmark pages built from a fixture: the list page's cards repeated with fresh order ids."""

from __future__ import annotations

import re
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "current_list" / "desktop_mixed_en.html"
_CARD_START = '<div class="order-item">'


def order_list_page(orders: int = 80, target_bytes: int = 1_000_000) -> str:
    """A current-UI order list with `orders` cards, padded with page noise to about `target_bytes`."""
    html = FIXTURE.read_text(encoding="utf-8")
    first = html.index(_CARD_START)
    last = html.rindex("</div>", 0, html.index('<div class="order-more"'))  # closes the card group
    cards_html = html[first:last]
    cards = [c for c in cards_html.split(_CARD_START) if c.strip()]
    ids = sorted(set(re.findall(r"orderId=(\d+)", cards_html)))
    built = []
    for n in range(orders):
        card = _CARD_START + cards[n % len(cards)]
        for old in ids:
            card = card.replace(old, str(int(old) + 1000 * (n + 1)))
        built.append(card)
    page = html[:first] + "".join(built) + html[last:]
    # Real pages are mostly scripts, styles and recommendation markup around the cards: add both kinds.
    script = '<script>window.__state__ = {"spm": "' + "a2g0o.order_list" * 60 + '"};</script>\n'
    markup = '<div class="recommend-card"><a href="/item/1.html"><span>Product</span></a></div>\n' * 10
    padding = []
    size = len(page.encode())
    while size < target_bytes:
        padding.append(script + markup)
        size += len(script) + len(markup)
    return page.replace("</body>", "".join(padding) + "</body>", 1)
