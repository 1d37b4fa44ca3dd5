"""Fast path: selectolax's lexbor (an HTML5-conformant parser written in C)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser


@dataclass(frozen=True, slots=True)
class LexborNode:
    _node: Any

    @property
    def tag(self) -> str:
        return str(self._node.tag)

    @property
    def parent(self) -> LexborNode | None:
        parent = self._node.parent
        return LexborNode(parent) if parent is not None and parent.tag != "-undef" else None

    @property
    def key(self) -> int:
        return int(self._node.mem_id)

    @property
    def children(self) -> Iterator[LexborNode]:
        return (LexborNode(child) for child in self._node.iter() if not child.tag.startswith("-"))

    @property
    def next_element(self) -> LexborNode | None:
        sibling = self._node.next
        while sibling is not None and (sibling.tag or "-").startswith("-"):
            sibling = sibling.next
        return LexborNode(sibling) if sibling is not None else None

    @property
    def descendants(self) -> Iterator[LexborNode]:
        nodes = self._node.traverse(include_text=False)
        next(nodes)  # the node itself comes first; text, comments and unnamed nodes are not elements
        return (LexborNode(node) for node in nodes if not (node.tag or "-").startswith("-"))

    def select(self, css: str, limit: int | None = None) -> list[LexborNode]:
        # lexbor counts the node itself as a match and repeats a node matched by several selectors of a
        # list; the interface (like soupsieve) means each matching descendant once, in document order.
        nodes = self._node.css(css)
        if "," in css or (nodes and nodes[0].mem_id == self._node.mem_id):
            unique = {node.mem_id: node for node in nodes}  # first sight keeps its place
            unique.pop(self._node.mem_id, None)
            nodes = list(unique.values())
        return [LexborNode(node) for node in nodes[:limit]]

    def first(self, css: str) -> LexborNode | None:
        found = self._node.css_first(css)
        if found is not None and found.mem_id == self._node.mem_id:
            # The node matched itself: ask each child in turn (a child may match itself), which stops
            # at the first hit instead of listing the whole subtree.
            found = next((hit for child in self._node.iter() if (hit := child.css_first(css)) is not None), None)
        return LexborNode(found) if found is not None else None

    def text(self, separator: str = "") -> str:
        return str(self._node.text(deep=True, separator=separator, strip=False))

    @property
    def contents(self) -> Iterator[LexborNode | str]:
        for child in self._node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                yield str(child.text_content)
            elif not tag.startswith("-"):  # comments and other unnamed nodes are not content
                yield LexborNode(child)

    def own_text(self) -> str:
        return str(self._node.text(deep=False, strip=False))

    def attr(self, name: str) -> str | None:
        attributes = self._node.attributes
        if name not in attributes:
            return None
        value = attributes[name]
        return "" if value is None else str(value)


class LexborDocument:
    def __init__(self, html: str | bytes) -> None:
        self._tree = LexborHTMLParser(html)  # bytes are read as UTF-8, whatever a <meta charset> says

    @property
    def root(self) -> LexborNode:
        root = self._tree.root
        assert root is not None  # lexbor always builds <html>
        return LexborNode(root)

    @property
    def lang(self) -> str | None:
        return self.root.attr("lang")
