"""Current order detail page (2022–): one order, status in `.order-status`, info rows, prices, logistics."""

from __future__ import annotations

from orderlens.parser.dom import Node
from orderlens.parser.dom.path import element_path
from orderlens.parser.layouts.base import Layout, Marker, Page
from orderlens.parser.layouts.facts import (
    absolute,
    common_facts,
    date_line,
    first_present,
    order_id_from_page,
    status_text_of,
    text_of,
    tracking_number_in,
)
from orderlens.parser.model import Item, OrderFacts, TrackingEvent

_CONTAINERS = (".order-detail", "[class*='order-detail-wrap']", ".order-wrap", "#root", "body")
_ANCHORS = (".order-status", ".order-block-title", ".order-status-content")
_LOGISTICS = "[class*='order-detail-logistics'], .order-logistics, [class*='logistic']"


class CurrentDetail(Layout):
    name = "current_detail"
    page_kind = "order_detail"
    markers = (
        Marker(".order-status, .order-status-content", "status block (.order-status)"),
        Marker(".order-detail-order-info, .order-detail-item-content-wrap, .order-price", "order info or items"),
        Marker(".order-block-title", "status title (.order-block-title)", False),
        Marker(".service-progress-node-info", "progress nodes", False),
    )

    def extract(self, page: Page) -> list[OrderFacts]:
        root = page.root
        container = (first_present(root, _CONTAINERS) or ("html", root))[1]
        order_id = order_id_from_page(page.url, container.first(".order-detail-order-info") or container, "orderId")
        if order_id is None:
            return []
        items = tuple(_items(page))
        store = container.first("[class*='store-name'], .store-name")
        store_link = store.first("a[href]") if store else None
        logistics = container.first(_LOGISTICS)
        logistics_text = logistics.text(" ") if logistics else ""  # keeps "Copy" apart from the number
        anchor_css, anchor_node = first_present(root, _ANCHORS) or (".order-status", root)
        exclude = {item.title for item in items} | {text_of(store) or ""}
        order_date = date_line([text_of(row) or "" for row in root.select(".order-detail-order-info .info-row")])
        return [
            OrderFacts(
                order_id=order_id,
                status_text=status_text_of(
                    container, ".order-status .order-block-title", ".order-block-title", ".order-status-content"
                ),
                order_date=order_date,
                store_name=text_of(store),
                store_url=absolute(store_link.attr("href"), page.url) if store_link else None,
                detail_url=page.url,
                items=items,
                total=_total(page),
                tracking_number=text_of(container, "[class*='mail-no-value'], [class*='mailNoValue']")
                or tracking_number_in(logistics_text),
                tracking_events=_latest_event(logistics),
                anchor=anchor_css,
                anchor_path=element_path(anchor_node),
                **common_facts(container, page.url, exclude, order_date),
            )
        ]


def _total(page: Page) -> str | None:
    rows = page.root.select(".order-price .order-price-item")
    return text_of(rows[-1].first(".right-col")) if rows else None


def _latest_event(logistics: Node | None) -> tuple[TrackingEvent, ...]:
    """The newest tracking event: the logistics line, which links to the tracking page. The block's heading
    ("Delivery") sits outside that link, and is no event."""
    if logistics is None:
        return ()
    line = logistics.first("a[href]") or logistics
    for css in ("[class*='desc']", "[class*='status']", "[class*='info']", "[class*='title']"):
        text = text_of(line, css)
        if text:
            return (TrackingEvent(description=text, time=text_of(line, "[class*='time']")),)
    text = text_of(line)
    return (TrackingEvent(description=text),) if text else ()


def _items(page: Page) -> list[Item]:
    items = []
    for wrap in page.root.select(".order-detail-item-content-wrap"):
        title = text_of(wrap, ".item-title")
        if not title:
            continue
        link = wrap.first(".item-title a[href]")
        items.append(
            Item(
                title=title,
                sku=text_of(wrap, ".item-sku-attr"),
                price=text_of(wrap.first(".item-price")),
                url=absolute(link.attr("href"), page.url) if link else None,
            )
        )
    return items


LAYOUT = CurrentDetail()
