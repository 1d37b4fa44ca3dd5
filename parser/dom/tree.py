"""Walking up the tree, and telling alike elements apart, for readers that reason about which element holds which."""

from __future__ import annotations

from collections.abc import Iterator

from orderlens.parser.dom.base import Node


def lineage(node: Node) -> Iterator[Node]:
    """The node, then its parent, its grandparent, and so on up to the root."""
    current: Node | None = node
    while current is not None:
        yield current
        current = current.parent


def contains(ancestor: Node, node: Node) -> bool:
    """Whether `node` is `ancestor` or lies inside it."""
    return any(up.key == ancestor.key for up in lineage(node))


def shape(node: Node) -> tuple[str, str]:
    """An element's kind as a row of alike elements shows it: its tag and first class (the other classes mark
    states, "…-active", "done", that differ along the row)."""
    return node.tag, (node.attr("class") or "").split(" ")[0]
