"""Which elements may carry an order id, found without asking every element of the page for it.

A list page of 10,000 elements names its orders in a few hundred: links whose URL can hold an order id,
elements with an id attribute and, where the page labels its order numbers, the elements whose own text
holds one. Links and attributes are found by one selector query. Labelled numbers are found by going down
from <body> only into elements that hold such a link or attribute, or whose text holds twelve digits (as
many as the shortest order id): navigation, recommendations and most of each card are passed over after
one text read each, where asking every element for its own text cost a third of reading the page.

Going down visits every element of a card and reads an element's text once for each element it sits
under. So a page that is all cards (few characters of text per link) has every element asked at once, and
a page built to make going down costly (deep nesting around long texts) has it stop after a few times its
whole text is read and then every element asked: always right, only slower where much could be passed over.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from orderlens.parser.dom import Node

# Attributes that carry an order id on their own (legacy tables, analytics wrappers).
ID_ATTRIBUTES = ("data-orderid", "data-order-id", "data-orderno", "data-order-no", "data-trade-id", "data-tradeid")
# What a copy button puts on the clipboard: an order id where the button says it copies the order's number.
COPY_ATTRIBUTES = ("data-clipboard-text", "data-copy-text", "data-copy")
WITH_ID_ATTRIBUTE = ", ".join(
    [f"[{attr}]" for attr in (*ID_ATTRIBUTES, *COPY_ATTRIBUTES)] + ["input[name][value]"]
)
# Every URL an order id is read from names it after "orderId=", "tradeOrderId=", "order_id=", "orderNo=",
# "tradeId=" (any case), in "/order-list/<id>", "/order/<id>" or on the order's page: all of them hold "order" or
# "trade".
_ID_LINKS = "[href*='order' i], [href*='trade' i]"
_TWELVE_DIGITS = re.compile(r"\d{12}")
_AS_MANY_DIGITS = re.compile(r"(?:\D*\d){12}")  # twelve digits anywhere, matched from the start
_COUNTED_CHARS = 256  # longer ASCII texts have their digits counted: str.count is several times faster
_TEXT_BUDGET = 4  # times the page's text that going down may read before it gives up
# Real pages show hundreds of characters per link that may name an order; a page with fewer is all cards,
# where going down would pass over nothing and visit every element at a higher cost than asking each.
_CHARS_PER_LINK = 64


def id_carriers(body: Node, labelled: bool, attributed: bool) -> Sequence[Node]:
    """Elements below `body` that may carry an order id, in page order: a superset of those that do.

    `labelled` says the page announces order numbers in text, so elements with such text count too;
    `attributed` that some element has an id attribute (else the query skips six attribute tests).
    """
    linked = body.select(f"{_ID_LINKS}, {WITH_ID_ATTRIBUTE}" if attributed else _ID_LINKS)
    if not labelled:
        return linked
    text_chars = len(body.text())
    if len(linked) * _CHARS_PER_LINK > text_chars:
        return body.select("*")
    found = _down_to_numbers(body, linked, _TEXT_BUDGET * text_chars)
    return found if found is not None else body.select("*")


def _down_to_numbers(body: Node, linked: Sequence[Node], budget: int) -> list[Node] | None:
    """The linked elements and those whose own text holds a long number, in page order; None when finding
    them would read more than `budget` characters of text."""
    carriers: set[int] = set()
    holding = {body.key}  # the linked elements and everything above them up to <body>
    for node in linked:
        current: Node | None = node
        carriers.add(node.key)
        while current is not None and (key := current.key) not in holding:
            holding.add(key)
            current = current.parent
    found: list[Node] = []
    levels = [body.children]  # the children still to see at each level on the way down, in page order
    while levels:
        element = next(levels[-1], None)
        if element is None:
            levels.pop()
            continue
        key = element.key
        if key not in holding:
            text = element.text()
            budget -= len(text)
            if budget < 0:
                return None
            # An element without text is looked into all the same: the soup backend gives none for <rt>,
            # <script> or <template> elements, though it gives their own text.
            if text and not _holds_twelve_digits(text):
                continue
        if key in carriers or _TWELVE_DIGITS.search(element.own_text()):
            found.append(element)
        levels.append(element.children)
    return found


def _holds_twelve_digits(text: str) -> bool:
    """Whether `text` holds twelve digits in all, apart or not: an element's own text joins its pieces
    around its children, so digits apart in its ancestors' text can make one number there."""
    if len(text) > _COUNTED_CHARS and text.isascii():
        return sum(map(text.count, "0123456789")) >= 12
    return _AS_MANY_DIGITS.match(text) is not None
