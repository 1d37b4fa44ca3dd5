"""Fact-reading helpers every layout shares, one module per kind of fact; imported from here."""

from __future__ import annotations

from typing import TypedDict

from orderlens.parser.dom import Node
from orderlens.parser.layouts.facts.actions import ACTION_ELEMENTS, actions_among, actions_in, classify_action
from orderlens.parser.layouts.facts.countdowns import countdowns_in, countdowns_in_text
from orderlens.parser.layouts.facts.links import (
    SITE,
    absolute,
    detail_url_in,
    order_id_from_href,
    order_id_from_links,
    order_id_from_page,
    order_id_from_text,
)
from orderlens.parser.layouts.facts.notices import codes_in, event_texts, notices_in
from orderlens.parser.layouts.facts.protection import protection_until
from orderlens.parser.layouts.facts.reading import (
    date_in,
    date_line,
    first_present,
    is_label,
    lines_of,
    quantity_in,
    status_text_of,
    text_of,
    tooltips,
    tracking_number_in,
)
from orderlens.parser.layouts.facts.refunds import refund_in
from orderlens.parser.model import Countdown, PageAction, Refund


class CommonFacts(TypedDict):
    actions: tuple[PageAction, ...]
    countdowns: tuple[Countdown, ...]
    notices: tuple[str, ...]
    status_code: str | None
    end_reason: str | None
    refund: Refund | None
    protection_until: str | None


def common_facts(container: Node, base: str | None, exclude: set[str], order_date: str | None = None) -> CommonFacts:
    """The facts every layout reads the same way from an order's container; `order_date` (as shown) counts
    a protection of "N days" from it."""
    text = container.text(" ")  # read once for the codes, notices, countdowns, refund and protection
    tips = tooltips(container)
    said = " ".join([text, *tips])  # what the order shows and what its tooltips add
    status_code, end_reason = codes_in(container, text)
    return {
        "actions": actions_in(container, base),
        "countdowns": countdowns_in(container, said, order_date),
        "notices": notices_in(container, exclude, text, tips),
        "status_code": status_code,
        "end_reason": end_reason,
        "refund": refund_in(container, text),
        "protection_until": protection_until(said, order_date),
    }


__all__ = [
    "ACTION_ELEMENTS",
    "SITE",
    "CommonFacts",
    "absolute",
    "actions_among",
    "actions_in",
    "classify_action",
    "codes_in",
    "common_facts",
    "countdowns_in",
    "countdowns_in_text",
    "date_in",
    "date_line",
    "detail_url_in",
    "event_texts",
    "first_present",
    "is_label",
    "lines_of",
    "notices_in",
    "order_id_from_href",
    "order_id_from_links",
    "order_id_from_page",
    "order_id_from_text",
    "protection_until",
    "quantity_in",
    "refund_in",
    "status_text_of",
    "text_of",
    "tooltips",
    "tracking_number_in",
]
