"""Current tracking page (2022–): CSS-module classes with hashed suffixes, v1 (≈2023) and v2 (2024–)."""

from __future__ import annotations

from orderlens.parser.dom import Node
from orderlens.parser.dom.path import element_path
from orderlens.parser.layouts.base import Layout, Marker, Page
from orderlens.parser.layouts.facts import (
    common_facts,
    detail_url_in,
    event_texts,
    first_present,
    order_id_from_page,
    status_text_of,
    text_of,
    tracking_number_in,
)
from orderlens.parser.model import Item, OrderFacts, TrackingEvent

_V2_EVENT = "[class*='logistic-info-v2--node--']"
_V1_DESC = "[class*='logistic-info--nodeDesc--']"
_V2_NUMBER = "[class*='logistic-info-v2--mailNoValue--']"  # the number alone
_V1_NUMBER_LINE = "[class*='logistic-info--mailNo-pc--']"  # "YunExpress · Tracking Number: YT…Copy"
_V2_TITLE = "[class*='order-info-v2--title--']"
_ANCHORS = (
    "[class*='arrival-time-v2--title--']",
    "[class*='logistic-info-v2--track--']",
    "[class*='logistic-info--track--']",
    ".tracking-page-pc-wrap",
)


class CurrentTracking(Layout):
    name = "current_tracking"
    page_kind = "tracking"
    markers = (
        Marker(
            ".tracking-page-pc-wrap, [class*='logistic-info-v2--'], [class*='logistic-info--']",
            "tracking page root or hashed logistic-info classes",
        ),
        Marker("[class*='logistic-info-v2--'], [class*='logistic-info--']", "hashed logistic-info classes", False),
    )

    def extract(self, page: Page) -> list[OrderFacts]:
        root = page.root
        container = root.first(".tracking-page-pc-wrap") or root
        order_id = order_id_from_page(page.url, container, "tradeOrderId", "orderId")
        if order_id is None:
            return []
        carrier = text_of(container, "[class*='logistic-info-v2--carrierValue--']")
        items = tuple(Item(title=title) for node in container.select(_V2_TITLE) if (title := text_of(node)))
        anchor_css, anchor_node = first_present(root, _ANCHORS) or (".tracking-page-pc-wrap", container)
        events = _events(container)
        return [
            OrderFacts(
                order_id=order_id,
                status_text=status_text_of(container, "[class*='arrival-time-v2--title--']", ".tracking-empty-text"),
                detail_url=detail_url_in(container, page.url),
                items=items,
                tracking_number=_tracking_number(container),
                carrier=carrier,
                tracking_events=events,
                anchor=anchor_css,
                anchor_path=element_path(anchor_node),
                **common_facts(container, page.url, {item.title for item in items} | event_texts(events)),
            )
        ]


def _tracking_number(container: Node) -> str | None:
    """v2 shows the number in an element of its own; v1 in one line with the carrier, its label and "Copy"."""
    return text_of(container, _V2_NUMBER) or tracking_number_in(text_of(container, _V1_NUMBER_LINE) or "")


def _events(container: Node) -> tuple[TrackingEvent, ...]:
    """Timeline events, newest first as the page lists them."""
    nodes = container.select(_V2_EVENT)
    if nodes:
        events = []
        for node in nodes:
            title = text_of(node, "[class*='--nodeTitle--']")
            description = text_of(node, "[class*='--nodeDesc--']") or title
            if description:
                events.append(
                    TrackingEvent(description=description, title=title, time=text_of(node, "[class*='--nodeTime--']"))
                )
        return tuple(events)
    return tuple(
        TrackingEvent(description=text, time=_sibling_time(desc))
        for desc in container.select(_V1_DESC)
        if (text := text_of(desc))
    )


def _sibling_time(desc: Node) -> str | None:
    parent = desc.parent
    return text_of(parent, "[class*='--nodeTime--'], [class*='time']") if parent else None


LAYOUT = CurrentTracking()
