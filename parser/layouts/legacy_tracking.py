"""Legacy tracking page `logisticsdetail.htm` (–2021): `div.tracking-module` with `ul.ship-steps` events."""

from __future__ import annotations

from orderlens.parser.dom import Node
from orderlens.parser.dom.path import element_path
from orderlens.parser.layouts.base import Layout, Marker, Page
from orderlens.parser.layouts.facts import (
    common_facts,
    detail_url_in,
    event_texts,
    order_id_from_page,
    status_text_of,
    text_of,
    tracking_number_in,
)
from orderlens.parser.model import OrderFacts, TrackingEvent


class LegacyTracking(Layout):
    name = "legacy_tracking"
    page_kind = "tracking"
    markers = (
        Marker(".tracking-module", "tracking module (div.tracking-module)"),
        Marker(".ship-steps", "event list (ul.ship-steps)", False),
        Marker(".status-title-text", "status title", False),
    )

    def extract(self, page: Page) -> list[OrderFacts]:
        module = page.root.first(".tracking-module")
        if module is None:
            return []
        order_id = order_id_from_page(page.url, module, "tradeId", "orderId", "tradeOrderId")
        if order_id is None:
            return []
        events = _events(module)
        return [
            OrderFacts(
                order_id=order_id,
                status_text=status_text_of(module, ".status-title-text"),
                detail_url=detail_url_in(module, page.url),
                tracking_number=tracking_number_in(text_of(module) or ""),
                tracking_events=events,
                anchor=".tracking-module",
                anchor_path=element_path(module),
                **common_facts(module, page.url, event_texts(events)),
            )
        ]


def _events(module: Node) -> tuple[TrackingEvent, ...]:
    events = []
    for step in module.select(".ship-steps > li"):
        description = text_of(step, ".text") or text_of(step, ".head")
        if description:
            events.append(
                TrackingEvent(description=description, title=text_of(step, ".head"), time=text_of(step, ".time"))
            )
    return tuple(events)


LAYOUT = LegacyTracking()
