"""Element paths: where an element sits, written so that the shopper's browser finds the same element.

The extension captures the rendered page and the server parses that copy again. lexbor, html5lib and
browsers all build the tree the HTML standard prescribes, so a path of `tag:nth-of-type(n)` steps from
`<body>` leads to the same element in the live page. Counting by tag keeps the path valid although the
capture drops `<script>`, `<link>` and `<noscript>` elements: they never share a tag with a step.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from orderlens.parser.dom.base import Node


@dataclass
class _Counted:
    """A parent's children counted by tag as far as anyone has asked: positions of those seen so far."""

    rest: Iterator[Node]
    counts: dict[str, int] = field(default_factory=dict)
    positions: dict[int, int] = field(default_factory=dict)  # child key -> nth-of-type


class ElementPaths:
    """Writes element paths for one page. Each parent's children are counted once and only up to the
    child asked for, so 80 cards among 3,000 siblings, or a list of 50,000 cards, cost one pass."""

    def __init__(self) -> None:
        self._parents: dict[int, _Counted] = {}
        self._paths: dict[int, str] = {}  # element key -> its path

    def of(self, node: Node) -> str:
        """`body > div:nth-of-type(2) > a:nth-of-type(1)`: a CSS selector of child steps from <body>.

        Walks up only to the nearest ancestor whose path is known (the cards of a list share theirs), then
        writes the steps back down, keeping each one's path: a loop, since the tree can nest far deeper
        than the screened tags (tables and lists imply elements), which recursion would not survive."""
        steps: list[tuple[Node, Node]] = []  # (element, its parent), from `node` up, paths not yet known
        current, path = node, "body"
        while current.tag not in ("body", "html") and (parent := current.parent) is not None:
            steps.append((current, parent))
            if (known := self._paths.get(parent.key)) is not None:
                path = known
                break
            current = parent
        for element, parent in reversed(steps):
            path = f"{path} > {element.tag}:nth-of-type({self._position(parent, element)})"
            self._paths[element.key] = path
        return path

    def _position(self, parent: Node, child: Node) -> int:
        counted = self._parents.setdefault(parent.key, _Counted(parent.children))
        while child.key not in counted.positions:
            sibling = next(counted.rest)
            counted.counts[sibling.tag] = counted.counts.get(sibling.tag, 0) + 1
            counted.positions[sibling.key] = counted.counts[sibling.tag]
        return counted.positions[child.key]


def element_path(node: Node) -> str:
    """The element path of a single node (for pages with one order)."""
    return ElementPaths().of(node)
