"""Current order list (2022–): one `.order-item` card per order; desktop cards and mobile link-cards."""

from __future__ import annotations

from orderlens.parser.dom import Node
from orderlens.parser.layouts.base import ListLayout, Marker
from orderlens.parser.layouts.facts import (
    absolute,
    common_facts,
    date_in,
    detail_url_in,
    first_present,
    order_id_from_text,
    quantity_in,
    status_text_of,
    text_of,
    tracking_number_in,
)
from orderlens.parser.model import Item, OrderFacts


class CurrentList(ListLayout):
    name = "current_list"
    page_kind = "order_list"
    block = ".order-item"
    markers = (
        Marker(".order-item", "order cards (.order-item)"),
        Marker(".order-item-header-status, .order-item-mobile", "card status header or mobile card", False),
        Marker(".order-main, .order-content, .comet-checkbox-group", "order list container", False),
    )

    def block_facts(self, block: Node, base: str | None, linked_id: str | None) -> OrderFacts | None:
        return _card_facts(block, base, linked_id)


def _card_facts(card: Node, base: str | None, linked_id: str | None) -> OrderFacts | None:
    found = first_present(card, (".order-item-header-right-info", ".order-item-header"))
    header = found[1] if found else None
    order_id = linked_id or order_id_from_text(text_of(header) or "")
    if order_id is None:
        return None
    items = tuple(_items(card, base))
    store = card.first(".order-item-store-name")
    store_link = store.first("a[href]") if store else None
    message = card.first(".order-item-store-message, .order-item-store a[href*='im'], .order-item-store a[href*='msg']")
    exclude = {item.title for item in items} | {text_of(store) or ""}
    order_date = date_in(header) if header else None
    return OrderFacts(
        order_id=order_id,
        status_text=status_text_of(
            card, ".order-item-header-status-text", ".order-item-header-status", "[class*='status']"
        ),
        order_date=order_date,
        store_name=text_of(store),
        store_url=absolute(store_link.attr("href"), base) if store_link else None,
        store_message_url=absolute(message.attr("href"), base) if message else None,
        detail_url=_detail_url(card, base),
        items=items,
        total=text_of(card.first(".order-item-content-opt-price-total")),
        tracking_number=tracking_number_in(card.text(" ")),
        anchor=f'.order-item[href*="{order_id}"], .order-item:has(a[href*="{order_id}"])',
        **common_facts(card, base, exclude, order_date),
    )


def _detail_url(card: Node, base: str | None) -> str | None:
    """A link to the detail page inside the card; a mobile card is itself that link."""
    return detail_url_in(card, base) or (absolute(card.attr("href"), base) if card.tag == "a" else None)


def _items(card: Node, base: str | None) -> list[Item]:
    items = []
    for body in card.select(".order-item-content-body"):
        name = body.first(".order-item-content-info-name")
        titled = name.first("[title]") if name else None
        title = (titled.attr("title") if titled else None) or text_of(name)
        if not title:
            continue
        quantity_text = text_of(body, ".order-item-content-info-number-quantity") or ""
        number = text_of(body, ".order-item-content-info-number") or ""
        link = body.first("a[href*='/item/']")
        items.append(
            Item(
                title=title,
                sku=text_of(body, ".order-item-content-info-sku"),
                quantity=quantity_in(quantity_text),
                price=number.replace(quantity_text, "").strip() or None,
                url=absolute(link.attr("href"), base) if link else None,
            )
        )
    return items


LAYOUT = CurrentList()
