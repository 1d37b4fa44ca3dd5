"""Russian site order list (aliexpress.ru, 2023–): CSS-module cards `RedOrderList_OrderList__item__<hash>`.

No saved real page of this list is public; what is known is its address
(`https://aliexpress.ru/order-list?filterName=all`, single orders at `/order-list/<orderId>`) and that its
classes are CSS modules named `RedOrderList_<Component>__<element>__<hash>`. The rest is an assumption,
kept deliberately loose so a real page that differs in detail still reads:

- Classes are matched by their stable prefix up to and including the `__` before the hash
  (`[class*='RedOrderList_OrderList__item__']`), never by the hash, and never by a bare prefix that
  would also match a longer element name (`__status__` must not match `__statusHint__`).
- One card per order, `RedOrderList_OrderList__item__*`. On desktop it is a `div` with a "Подробнее"
  link to `/order-list/<orderId>`; on a phone the whole card is that link (`a.RedOrderList_OrderList__item__*`).
- The order id is read from that link's path (the site puts it there, not in an `orderId=` parameter),
  then from any `orderId=`-style link, then from the number element ("№ 8416…").
- Card parts, by element name: `OrderCard__status__` (status label, e.g. "Ожидает отправки"),
  `OrderCard__statusHint__` (a sentence under it, with a `OrderCard__countdown__` timer such as
  "2 дня 10:12:05"), `OrderCard__date__`, `OrderCard__number__`, `OrderCard__notice__` (a boxed
  message: seller's cancellation request, security closure, reason of cancellation),
  `OrderCard__trackNumber__`, `OrderCard__storeName__` (a store link on desktop, plain text on a phone),
  `OrderProduct__product__` with `__title__`, `__sku__`, `__price__`, `__quantity__` ("2 шт."),
  `OrderCard__totalValue__` (price digits one per span, NBSP thousands separator, "₽"), and
  `OrderCard__actions__` with buttons ("Оплатить", "Отследить", …; on a phone `div[role=button]`).
- Typography and buttons carry the site's shared `snow-ali-kit_*` classes; nothing here depends on them.

Status words, countdown units and notices are Russian; their meaning comes from the vocabulary, like
every other layout. The single-order page (`/order-list/<orderId>`) is not covered here.
"""

from __future__ import annotations

import re

from orderlens.parser.dom import Node
from orderlens.parser.layouts.base import ListLayout, Marker
from orderlens.parser.layouts.facts import (
    absolute,
    common_facts,
    order_id_from_text,
    quantity_in,
    status_text_of,
    text_of,
)
from orderlens.parser.model import Item, OrderFacts

_CARD = "[class*='RedOrderList_OrderList__item__']"
_STATUS = "[class*='RedOrderList_OrderCard__status__']"
_ID_IN_PATH = re.compile(r"/order-list/(\d{12,20})(?!\d)")
_TRACK_NO = re.compile(r"\b[A-Z0-9]{8,30}\b")


def _part(name: str) -> str:
    """The selector of one card element, e.g. _part('OrderCard__date') -> [class*='RedOrderList_OrderCard__date__']."""
    return f"[class*='RedOrderList_{name}__']"


class RuList(ListLayout):
    name = "ru_list"
    page_kind = "order_list"
    block = _CARD
    markers = (
        Marker(_CARD, "order cards (RedOrderList_OrderList__item__*)"),
        Marker(_STATUS, "card status (RedOrderList_OrderCard__status__*)", False),
        Marker(f"{_part('OrderList__list')}, {_part('OrderList__wrapper')}", "order list container", False),
    )

    def block_facts(self, block: Node, base: str | None, linked_id: str | None) -> OrderFacts | None:
        return _card_facts(block, base, linked_id)


def _detail_link(card: Node) -> Node | None:
    if _ID_IN_PATH.search(card.attr("href") or ""):
        return card  # phone: the whole card is the link to the order
    return next((a for a in card.select("a[href*='/order-list/']") if _ID_IN_PATH.search(a.attr("href") or "")), None)


def _card_facts(card: Node, base: str | None, linked_id: str | None) -> OrderFacts | None:
    detail = _detail_link(card)
    in_path = _ID_IN_PATH.search(detail.attr("href") or "") if detail is not None else None
    order_id = (
        (in_path.group(1) if in_path else None)
        or linked_id
        or order_id_from_text(text_of(card, _part("OrderCard__number")) or "")
    )
    if order_id is None:
        return None
    items = tuple(_items(card, base))
    store = card.first(_part("OrderCard__storeName")) or card.first(_part("OrderCard__store"))
    store_link = store if store is not None and store.tag == "a" else (store.first("a[href]") if store else None)
    track = _TRACK_NO.search(text_of(card, _part("OrderCard__trackNumber")) or "")
    exclude = {item.title for item in items} | {text_of(store) or ""}
    order_date = text_of(card, _part("OrderCard__date"))
    return OrderFacts(
        order_id=order_id,
        status_text=status_text_of(card, _STATUS, "[class*='RedOrderList_'][class*='Status__']"),
        order_date=order_date,
        store_name=text_of(store),
        store_url=absolute(store_link.attr("href"), base) if store_link else None,
        detail_url=absolute(detail.attr("href"), base) if detail is not None else None,
        items=items,
        total=text_of(card.first(_part("OrderCard__totalValue"))),
        tracking_number=track.group(0) if track else None,
        anchor=f'{_CARD}[href*="{order_id}"], {_CARD}:has(a[href*="{order_id}"])',
        **common_facts(card, base, exclude, order_date),
    )


def _items(card: Node, base: str | None) -> list[Item]:
    items = []
    for product in card.select(_part("OrderProduct__product")):
        name = product.first(_part("OrderProduct__title"))
        title = (name.attr("title") if name else None) or text_of(name)
        if not title:
            continue
        quantity_text = text_of(product, _part("OrderProduct__quantity")) or ""
        price = text_of(product, _part("OrderProduct__price")) or ""
        link = product.first("a[href*='/item/']")
        items.append(
            Item(
                title=title,
                sku=text_of(product, _part("OrderProduct__sku")),
                quantity=quantity_in(quantity_text),
                price=price.replace(quantity_text, "").strip() or None,
                url=absolute(link.attr("href"), base) if link else None,
            )
        )
    return items


LAYOUT = RuList()
