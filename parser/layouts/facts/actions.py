"""Buttons and links an order offers (pay, track, contact seller, ...), by label first, then by URL."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from orderlens.parser.dom import Node
from orderlens.parser.layouts.facts.links import absolute
from orderlens.parser.model import ActionKind, PageAction
from orderlens.parser.text import clean
from orderlens.parser.vocabulary import vocabulary

# What a link's URL says it does, by fragments of its lower-cased URL, first kind that matches wins.
# Plain substring tests: a link is tested against every kind, and most links (items, menus) match none.
_HREF_ACTIONS: tuple[tuple[ActionKind, tuple[str, ...]], ...] = (
    ("track", ("/p/tracking/", "logisticsdetail", "/tracking", "track.aliexpress")),
    ("open_dispute", ("dispute", "/p/refund", "issue.htm", "/issue/")),
    ("contact_seller", ("/p/im/", "/p/im?", "msg.aliexpress", "message.aliexpress", "/im/", "contact")),
    ("extend_processing", ("extend",)),
    ("pay", ("/p/trade/", "cashier", "pay.aliexpress", "payorder", "/pay", "payment")),
    ("confirm_received", ("confirm",)),
    ("review", ("feedback", "review", "evaluation")),
    ("details", ("/p/order/detail.html", "order_detail.htm")),
)


def classify_action(label: str, href: str | None) -> ActionKind | None:
    """What a button or link does: by its label first (what the shopper reads), else by its URL. A label that
    asks is a help link, never the order's button ("¿Tengo que pagar impuestos de importación?")."""
    if any(mark in label for mark in "?？¿"):
        return None
    return _kind_by_label(label) or _kind_by_href((href or "").lower())


@lru_cache(maxsize=4096)  # cards repeat their button labels page after page
def _kind_by_label(label: str) -> ActionKind | None:
    match = vocabulary().first("action", label) if label and len(label) <= _MAX_LABEL else None
    return match.signal if match is not None else None  # type: ignore[return-value]  # [action] signals are kinds


# Whether a URL holds any fragment at all: one search in C, since most links (items, menus) hold none.
_ANY_HREF_ACTION = re.compile("|".join(re.escape(part) for _, parts in _HREF_ACTIONS for part in parts))


def _kind_by_href(lowered: str) -> ActionKind | None:
    if not _ANY_HREF_ACTION.search(lowered):
        return None
    return next((kind for kind, parts in _HREF_ACTIONS if any(map(lowered.__contains__, parts))), None)


ACTION_ELEMENTS = "a, button, [role='button'], [class*='btn']:not([class*='btns'])"
_MAX_LABEL = 60  # longer texts are whole cards or paragraphs, not button labels


def actions_in(node: Node, base: str | None, css: str = ACTION_ELEMENTS) -> tuple[PageAction, ...]:
    """Every recognised action link or button inside `node`, once per kind, in page order."""
    return actions_among(node.select(css), base)


def actions_among(elements: Iterable[Node], base: str | None) -> tuple[PageAction, ...]:
    """The recognised actions among these links and buttons, once per kind, in page order.

    A link is made absolute only when it can be an action: its label names one, or its own URL holds a fragment
    of one. Most links of a card (items, the store, menus) are neither, and are passed over after one search."""
    seen: dict[str, PageAction] = {}
    for element in elements:
        label = clean(element.text()) or clean(element.attr("title") or element.attr("aria-label") or "")
        raw = element.attr("href")
        kind = classify_action(label, None)
        if kind is None and (raw is None or not _ANY_HREF_ACTION.search(raw.lower())):
            continue
        href = absolute(raw, base)
        kind = kind or classify_action(label, href)
        if kind is not None and kind not in seen and (label or href):
            seen[kind] = PageAction(kind=kind, label=label or kind, href=href)
    return tuple(seen.values())
