"""A small current-UI order list page built in code, shaped like ../shared/reference/aliexpress-pages.md.

The server tests use it so the happy path never depends on which fixture files exist; the page
carries fake personal data only.
"""

from __future__ import annotations

LIST_URL = "https://www.aliexpress.com/p/order/index.html"

_CARD = """
<div class="order-item">
  <div class="order-item-header">
    <div class="order-item-header-status" data-pl="order_item_header_status">
      <span class="order-item-header-status-text">{status}</span>
    </div>
    <div class="order-item-header-right">
      <div class="order-item-header-right-info" data-pl="order_item_header_info">
        <div>Order date: Mar&nbsp;02, 2024</div>
        <div>Order ID: {order_id}<span class="order-item-header-right-copy">Copy</span></div>
      </div>
      <a data-pl="order_item_header_detail"
         href="//www.aliexpress.com/p/order/detail.html?orderId={order_id}">Details</a>
    </div>
  </div>
  <div class="order-item-store">
    <span class="order-item-store-name" data-pl="order_item_store_name">
      <a href="https://www.aliexpress.com/store/1102345678"><span>Example Gadget Store</span></a>
    </span>
  </div>
  <div class="order-item-content">
    <div class="order-item-content-body">
      <a href="https://www.aliexpress.com/item/1005001234567890.html">
        <div class="order-item-content-img" style="background-image: url(&quot;https://ae01.example/x.jpg&quot;)"></div>
      </a>
      <div class="order-item-content-info">
        <div class="order-item-content-info-name">
          <a href="#"><span title="USB-C cable 1 m">USB-C cable 1 m</span></a>
        </div>
        <div class="order-item-content-info-sku">Color: Red</div>
        <div class="order-item-content-info-number">
          <div class="es--wrap--2p8eS4Q">{price}</div>
          <span class="order-item-content-info-number-quantity">x1</span>
        </div>
      </div>
    </div>
    <div class="order-item-content-opt">
      <span class="order-item-content-opt-price-total">Total: US&nbsp;$3.99</span>
      <div class="order-item-btns">{buttons}</div>
    </div>
  </div>
</div>
"""

_PAGE = """<!DOCTYPE html>
<!-- saved from url=({url_len:04d}){url} -->
<html lang="en"><head><meta charset="utf-8"><title>Orders</title>
<style>.order-item{{margin:8px}}</style>
<script>window.runParams = {{}};</script></head>
<body><div id="root"><div class="order-wrap"><div class="order-main">
<div class="comet-tabs-nav">
<div class="comet-tabs-nav-item">View all</div><div class="comet-tabs-nav-item">To ship (1)</div>
</div>
<div class="order-content"><div class="comet-checkbox-group">
{cards}
</div></div>
<div class="order-more"><button>View orders</button></div>
</div></div></div><div class="comet-back-top"></div></body></html>
"""

_PRICE = "".join(f"<span>{part}</span>" for part in ("U", "S", " $", "3", ".", "99"))  # digits split as on the site

ORDERS: tuple[tuple[str, str, str], ...] = (
    (
        "8190000000000001",
        "Awaiting delivery",
        '<a class="order-item-btn" href="/p/tracking/index.html?_addShare=no&_login=yes&tradeOrderId=8190000000000001">'
        "Track order</a><button>Confirm received</button>",
    ),
    ("8190000000000002", "Completed", "<button>Write a review</button>"),
)


def order_list_page(repeat: int = 1) -> str:
    """A desktop order list with the ORDERS cards (ids made unique per repetition)."""
    cards = []
    for n in range(repeat):
        for order_id, status, buttons in ORDERS:
            unique = str(int(order_id) + 10 * n)
            card_buttons = buttons.replace(order_id, unique)
            cards.append(_CARD.format(order_id=unique, status=status, buttons=card_buttons, price=_PRICE))
    return _PAGE.format(url=LIST_URL, url_len=len(LIST_URL), cards="".join(cards))


def order_ids() -> list[str]:
    return [order_id for order_id, _, _ in ORDERS]
