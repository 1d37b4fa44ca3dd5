"""Reference backend: BeautifulSoup over html5lib. Slower; the oracle the fast path must agree with.

html5lib builds the tree the HTML standard prescribes, as lexbor and browsers do: a card that the
standard restructures (an `<a>` card holding links) comes out the same on both backends, and element
paths computed on either one find the same element in the shopper's browser.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag, XMLParsedAsHTMLWarning
from bs4.element import PreformattedString


@dataclass(frozen=True, slots=True)
class SoupNode:
    _tag: Tag

    @property
    def tag(self) -> str:
        return self._tag.name

    @property
    def parent(self) -> SoupNode | None:
        parent = self._tag.parent
        return SoupNode(parent) if isinstance(parent, Tag) and not isinstance(parent, BeautifulSoup) else None

    @property
    def key(self) -> int:
        return id(self._tag)

    @property
    def children(self) -> Iterator[SoupNode]:
        return (SoupNode(child) for child in self._tag.children if isinstance(child, Tag))

    @property
    def next_element(self) -> SoupNode | None:
        sibling = self._tag.find_next_sibling()
        return SoupNode(sibling) if isinstance(sibling, Tag) else None

    @property
    def descendants(self) -> Iterator[SoupNode]:
        return (SoupNode(node) for node in self._tag.descendants if isinstance(node, Tag))

    def select(self, css: str, limit: int | None = None) -> list[SoupNode]:
        return [SoupNode(t) for t in self._tag.select(css, limit=limit or 0)]

    def first(self, css: str) -> SoupNode | None:
        found = self._tag.select_one(css)
        return SoupNode(found) if found is not None else None

    def text(self, separator: str = "") -> str:
        return self._tag.get_text(separator)

    @property
    def contents(self) -> Iterator[SoupNode | str]:
        for child in self._tag.children:
            if isinstance(child, Tag):
                yield SoupNode(child)
            elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
                yield str(child)  # text, ruby text included; not comments, CDATA or doctypes

    def own_text(self) -> str:
        return "".join(child for child in self._tag.children if type(child) is NavigableString)

    def attr(self, name: str) -> str | None:
        value = self._tag.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else " ".join(value)


class SoupDocument:
    def __init__(self, html: str | bytes) -> None:
        # Multi-valued attributes stay plain strings, as lexbor gives them.
        with warnings.catch_warnings():
            # A page is analysed as HTML whatever it looks like; the parser need not say so.
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            # Bytes are the screen's UTF-8, as lexbor reads them: a <meta charset> inside must not re-decode them.
            encoding = "utf-8" if isinstance(html, bytes) else None
            self._soup = BeautifulSoup(html, "html5lib", from_encoding=encoding, multi_valued_attributes=None)

    @property
    def root(self) -> SoupNode:
        html = self._soup.find("html")
        return SoupNode(html if isinstance(html, Tag) else self._soup)

    @property
    def lang(self) -> str | None:
        return self.root.attr("lang")
