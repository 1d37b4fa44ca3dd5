"""The interface every HTML backend provides: CSS select, first match, text, attribute, parent, children."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol


class Node(Protocol):
    """An element of the parsed page."""

    @property
    def tag(self) -> str: ...

    @property
    def parent(self) -> Node | None: ...

    @property
    def key(self) -> int:
        """An identity for this element within its document (two wrappers of one element share it)."""
        ...

    @property
    def children(self) -> Iterator[Node]:
        """The element children, in document order (text and comments left out), one at a time."""
        ...

    @property
    def next_element(self) -> Node | None:
        """The element right after this one under the same parent (text and comments skipped), or None."""
        ...

    @property
    def descendants(self) -> Iterator[Node]:
        """Every element below this one, in document order, one at a time (stop early for free)."""
        ...

    def select(self, css: str, limit: int | None = None) -> Sequence[Node]:
        """All descendants matching `css` (the first `limit` of them, if given), in document order."""
        ...

    def first(self, css: str) -> Node | None:
        """The first descendant matching `css`, or None."""
        ...

    def text(self, separator: str = "") -> str:
        """All descendant text nodes joined by `separator` (none by default), entities decoded."""
        ...

    def own_text(self) -> str:
        """The element's own text nodes only (not its children's), joined as they stand."""
        ...

    @property
    def contents(self) -> Iterator[Node | str]:
        """The children in document order, elements as nodes and text nodes as strings (comments left out)."""
        ...

    def attr(self, name: str) -> str | None:
        """The attribute's value; an attribute present without a value is ''."""
        ...


class Document(Protocol):
    """A parsed page; `root` is the <html> element."""

    @property
    def root(self) -> Node: ...

    @property
    def lang(self) -> str | None:
        """The <html lang> attribute, if any."""
        ...
