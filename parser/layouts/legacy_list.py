"""Legacy order list `orderList.htm` (–2021): a table with one `tbody.order-item-wraper` (sic) per order."""

from __future__ import annotations

from orderlens.parser.dom import Node
from orderlens.parser.layouts.base import ListLayout, Marker
from orderlens.parser.layouts.facts import (
    absolute,
    common_facts,
    detail_url_in,
    order_id_from_text,
    quantity_in,
    status_text_of,
    text_of,
)
from orderlens.parser.model import Item, OrderFacts


class LegacyList(ListLayout):
    name = "legacy_list"
    page_kind = "order_list"
    block = ".order-item-wraper"
    markers = (
        Marker(".order-item-wraper", "order rows (tbody.order-item-wraper)"),
        Marker("#buyer-ordertable", "order table (#buyer-ordertable)", False),
        Marker(".order-head, .order-body", "order head/body rows", False),
    )

    def block_facts(self, block: Node, base: str | None, linked_id: str | None) -> OrderFacts | None:
        return _order_facts(block, base, linked_id)


def _order_facts(block: Node, base: str | None, linked_id: str | None) -> OrderFacts | None:
    id_text = text_of(block, ".order-info .first-row .info-body") or ""
    order_id = order_id_from_text(id_text) or linked_id
    if order_id is None:
        return None
    items = tuple(_items(block, base))
    store = block.first(".store-info")
    store_link = store.first("a[href]") if store else None
    store_name = text_of(store, ".first-row .info-body")  # the store link's own text is "View Store"
    exclude = {item.title for item in items} | {store_name or ""}
    order_date = text_of(block, ".order-info .second-row .info-body")
    return OrderFacts(
        order_id=order_id,
        status_text=status_text_of(block, ".order-status .f-left", ".order-status"),
        order_date=order_date,
        store_name=store_name,
        store_url=absolute(store_link.attr("href"), base) if store_link else None,
        detail_url=detail_url_in(block, base),
        items=items,
        total=text_of(block.first(".order-amount .amount-num")),
        anchor=f'.order-item-wraper:has(a[href*="{order_id}"])',
        **common_facts(block, base, exclude, order_date),
    )


def _items(block: Node, base: str | None) -> list[Item]:
    items = []
    for product in block.select(".product-sets"):
        name = product.first("a.baobei-name")
        title = (name.attr("title") if name else None) or text_of(name)
        if not title:
            continue
        items.append(
            Item(
                title=title,
                sku=text_of(product, ".product-property"),
                quantity=quantity_in(text_of(product, ".product-amount")),
                url=absolute(name.attr("href"), base) if name else None,
            )
        )
    return items


LAYOUT = LegacyList()
