"""Legacy order detail `order_detail.htm` (–2021): progress steps, product table with the status code."""

from __future__ import annotations

from orderlens.parser.dom import Node
from orderlens.parser.dom.path import element_path
from orderlens.parser.layouts.base import Layout, Marker, Page
from orderlens.parser.layouts.facts import (
    absolute,
    common_facts,
    first_present,
    order_id_from_page,
    status_text_of,
    text_of,
)
from orderlens.parser.model import Item, OrderFacts, TrackingEvent
from orderlens.parser.text import fold
from orderlens.parser.vocabulary import vocabulary

_CONTAINERS = (".order-detail", "#page", "#content", "body")
_ANCHORS = ("td.trade-status", ".order-status", "#TP_ProductTable", ".ui-step")


class LegacyDetail(Layout):
    name = "legacy_detail"
    page_kind = "order_detail"
    markers = (
        Marker("#TP_ProductTable, .ui-step", "product table (#TP_ProductTable) or steps (.ui-step)"),
        Marker("td.trade-status, [data-status]", "trade status", False),
        Marker("#TP_ShippingTable, #shipping-section", "shipping table", False),
    )

    def extract(self, page: Page) -> list[OrderFacts]:
        root = page.root
        container = (first_present(root, _CONTAINERS) or ("html", root))[1]
        product = root.first("#TP_ProductTable tbody[data-orderid], [data-orderid]")
        order_id = (product.attr("data-orderid") if product else None) or order_id_from_page(
            page.url, container, "orderId"
        )
        if not order_id:
            return []
        items = tuple(_items(root, page.url))
        shipping = root.first("#TP_ShippingTable tr.shipping-bd")
        store = root.first(".seller-info .user-name-text")
        store_link = store.first("a[href]") if store else None
        anchor_css, anchor_node = first_present(root, _ANCHORS) or ("body", root)
        exclude = {item.title for item in items} | {text_of(store) or ""}
        return [
            OrderFacts(
                order_id=order_id.strip(),
                status_text=status_text_of(root, "td.trade-status", ".order-status"),
                store_name=text_of(store),
                store_url=absolute(store_link.attr("href"), page.url) if store_link else None,
                detail_url=page.url,
                items=items,
                total=text_of(root, "#tp-order-price-table td.order-price"),  # the "Total Amount" column
                tracking_number=text_of(shipping, "td.no") if shipping else None,
                carrier=text_of(shipping, ".logistics-name") if shipping else None,
                tracking_events=_shipping_events(shipping),
                shipped_step=_shipment_step_done(root),
                anchor=anchor_css,
                anchor_path=element_path(anchor_node),
                **common_facts(container, page.url, exclude),
            )
        ]


def _shipment_step_done(root: Node) -> bool:
    """The 'Shipment' step is marked done once the seller has shipped."""
    for step in root.select(".ui-step li"):
        state = text_of(step, ".state") or ""
        match = vocabulary().first("tracking", state)
        is_shipment = "shipment" in fold(state) or (match is not None and match.signal == "shipped")
        if is_shipment and "done" in (step.attr("class") or "").split():
            return True
    return False


def _shipping_events(shipping: Node | None) -> tuple[TrackingEvent, ...]:
    """The shipping row's status column, when it shows one, is the newest logistics event."""
    if shipping is None:
        return ()
    text = text_of(shipping, ".status, td.status, .logistics-status")
    return (TrackingEvent(description=text),) if text else ()


def _items(root: Node, base: str | None) -> list[Item]:
    items = []
    names = "#TP_ProductTable a.baobei-name, #TP_ProductTable .product-name a, #TP_ProductTable td.baobei a"
    for link in root.select(names):
        title = link.attr("title") or text_of(link)
        if title:
            items.append(Item(title=title, url=absolute(link.attr("href"), base)))
    return items


LAYOUT = LegacyDetail()
