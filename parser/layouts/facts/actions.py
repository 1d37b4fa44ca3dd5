"""Buttons and links an order offers (pay, track, contact seller, ...), by label first, then by URL."""

from __future__ import annotations

import re
from collections.abc import Iterable

from orderlens.parser.dom import Node
from orderlens.parser.layouts.facts.links import absolute
from orderlens.parser.model import ActionKind, PageAction
from orderlens.parser.text import clean
from orderlens.parser.vocabulary import vocabulary

_HREF_ACTIONS: tuple[tuple[ActionKind, re.Pattern[str]], ...] = (
    ("track", re.compile(r"/p/tracking/|logisticsdetail|/tracking|track\.aliexpress", re.I)),
    ("open_dispute", re.compile(r"dispute|/p/refund|issue\.htm|/issue/", re.I)),
    ("contact_seller", re.compile(r"/p/im/|/p/im\?|msg\.aliexpress|message\.aliexpress|/im/|contact", re.I)),
    ("extend_processing", re.compile(r"extend", re.I)),
    ("pay", re.compile(r"/p/trade/|cashier|pay\.aliexpress|payorder|/pay\b|payment", re.I)),
    ("confirm_received", re.compile(r"confirm", re.I)),
    ("review", re.compile(r"feedback|review|evaluation", re.I)),
    ("details", re.compile(r"/p/order/detail\.html|order_detail\.htm", re.I)),
)


def classify_action(label: str, href: str | None) -> ActionKind | None:
    """What a button or link does: by its label first (what the shopper reads), else by its URL."""
    match = vocabulary().first("action", label) if label and len(label) <= _MAX_LABEL else None
    if match is not None:
        return match.signal  # type: ignore[return-value]  # signals of [action] are ActionKind names
    for kind, pattern in _HREF_ACTIONS:
        if href and pattern.search(href):
            return kind
    return None


ACTION_ELEMENTS = "a, button, [role='button'], [class*='btn']:not([class*='btns'])"
_MAX_LABEL = 60  # longer texts are whole cards or paragraphs, not button labels


def actions_in(node: Node, base: str | None, css: str = ACTION_ELEMENTS) -> tuple[PageAction, ...]:
    """Every recognised action link or button inside `node`, once per kind, in page order."""
    return actions_among(node.select(css), base)


def actions_among(elements: Iterable[Node], base: str | None) -> tuple[PageAction, ...]:
    """The recognised actions among these links and buttons, once per kind, in page order."""
    seen: dict[str, PageAction] = {}
    for element in elements:
        label = clean(element.text()) or clean(element.attr("title") or element.attr("aria-label") or "")
        href = absolute(element.attr("href"), base)
        kind = classify_action(label, href)
        if kind is not None and kind not in seen and (label or href):
            seen[kind] = PageAction(kind=kind, label=label or kind, href=href)
    return tuple(seen.values())
