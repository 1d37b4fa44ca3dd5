"""Current tracking page (2022–): CSS-module classes with hashed suffixes, v1 (≈2023) and v2 (2024–)."""

from __future__ import annotations

from parser.dom import Node
from parser.dom.path import element_path
from parser.layouts.base import Layout, Marker, Page
from parser.layouts.facts import common_facts, first_present, order_id_from_page, status_text_of, text_of
from parser.model import OrderFacts, TrackingEvent

_V2_EVENT = "[class*='logistic-info-v2--node--']"
_V1_DESC = "[class*='logistic-info--nodeDesc--']"
_NUMBER = ("[class*='logistic-info-v2--mailNoValue--']", "[class*='logistic-info--mailNo-pc--']")
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
        number = first_present(container, _NUMBER)
        carrier = text_of(container, "[class*='logistic-info-v2--carrierValue--']")
        anchor_css, anchor_node = first_present(root, _ANCHORS) or (".tracking-page-pc-wrap", container)
        return [
            OrderFacts(
                order_id=order_id,
                status_text=status_text_of(container, "[class*='arrival-time-v2--title--']", ".tracking-empty-text"),
                tracking_number=text_of(number[1]) if number else None,
                carrier=carrier,
                tracking_events=_events(container),
                anchor=anchor_css,
                anchor_path=element_path(anchor_node),
                **common_facts(container, page.url, set()),
            )
        ]


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
