"""Where a banner lands: the element an anchor path names, and whether that element holds a given order.

The extension walks the path in the live page and accepts the element only if it holds the order; these
helpers do the same on the parsed page, for the tests that check where banners go.
"""

from __future__ import annotations

import re

from orderlens.parser.dom import Node
from orderlens.parser.meaning.identify import COPY_ATTRIBUTES, ID_ATTRIBUTES

_STEP = re.compile(r"([a-z][a-z0-9-]*):nth-of-type\((\d+)\)")


def resolve(root: Node, path: str) -> Node:
    """The element an element path names, walked from <body> one `tag:nth-of-type(n)` step at a time."""
    body = root.first("body")
    assert body is not None
    steps = path.split(" > ")
    assert steps[0] == "body", path
    node = body
    for step in steps[1:]:
        match = _STEP.fullmatch(step)
        assert match is not None, step
        same_tag = [child for child in node.children if child.tag == match[1]]
        node = same_tag[int(match[2]) - 1]
    return node


_LONG_NUMBER = re.compile(r"\d{12,20}")


def names_order(node: Node, order_id: str) -> bool:
    """Whether the element holds the order's id: in its text, or a link or id attribute at or below it that
    names that order alone (a combined checkout's "Pay now" link naming two orders belongs to neither card)."""
    attrs = ("href", "value", *ID_ATTRIBUTES, *COPY_ATTRIBUTES)  # the extension reads every attribute
    values = (element.attr(attr) or "" for element in (node, *node.select("*")) for attr in attrs)
    return order_id in node.text(" ") or any(set(_LONG_NUMBER.findall(value)) == {order_id} for value in values)
