"""Walking up the tree, and telling alike elements apart, for readers that reason about which element holds which."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

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


_TABLES = ("table", "grid")  # the roles of an element laid out as a table


def column_cells(header: Node, limit: int | None = None) -> Iterator[Node]:
    """The cells standing below `header` in its table, one per later row that reaches its column (at most `limit`
    rows read): what a column header labels, an exported list's "Order number" or a legacy "Tracking number"."""
    row = header.parent
    tables = (up for up in lineage(row) if up.tag == "table" or up.attr("role") in _TABLES) if row is not None else ()
    table = next(iter(tables), None)
    if row is None or table is None:
        return
    column = next(index for index, cell in enumerate(row.children) if cell.key == header.key)
    for line in table.select("tr, [role='row']", limit):
        cell = next(islice(line.children, column, None), None) if line.key != row.key else None
        if cell is not None:
            yield cell
