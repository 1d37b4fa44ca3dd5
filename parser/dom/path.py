"""Element paths: where an element sits, written so that the shopper's browser finds the same element.

The extension captures the rendered page and the server parses that copy again. lexbor, html5lib and
browsers all build the tree the HTML standard prescribes, so a path of `tag:nth-of-type(n)` steps from
`<body>` leads to the same element in the live page. Counting by tag keeps the path valid although the
capture drops `<script>`, `<link>` and `<noscript>` elements: they never share a tag with a step.
"""

from __future__ import annotations

from parser.dom.base import Node


class ElementPaths:
    """Writes element paths for one page, counting each parent's children once (a list of 50,000 cards
    would otherwise be counted 50,000 times)."""

    def __init__(self) -> None:
        self._positions: dict[int, dict[int, int]] = {}  # parent key -> child key -> nth-of-type

    def of(self, node: Node) -> str:
        """`body > div:nth-of-type(2) > a:nth-of-type(1)`: a CSS selector of child steps from <body>."""
        steps: list[str] = []
        current = node
        while current.tag not in ("body", "html") and (parent := current.parent) is not None:
            steps.append(f"{current.tag}:nth-of-type({self._position(parent, current)})")
            current = parent
        return " > ".join(["body", *reversed(steps)])

    def _position(self, parent: Node, child: Node) -> int:
        positions = self._positions.get(parent.key)
        if positions is None:
            counts: dict[str, int] = {}
            positions = {}
            for sibling in parent.children:
                counts[sibling.tag] = counts.get(sibling.tag, 0) + 1
                positions[sibling.key] = counts[sibling.tag]
            self._positions[parent.key] = positions
        return positions[child.key]


def element_path(node: Node) -> str:
    """The element path of a single node (for pages with one order)."""
    return ElementPaths().of(node)
