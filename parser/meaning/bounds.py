"""How much of a part the generic reader looks at, and looking at it once for every reader.

A card holds dozens of elements and an order's own page a few thousand; a page that repeats one order's
card 100,000 times makes its whole body that order's block. Readers that look at every element take
them from here, so their work stops at SCAN_LIMIT elements per part.

Status, buttons, totals and tracking events are all read from the elements that show text of their own,
and store, items and the detail link from the elements that link somewhere. A `Part` walks its elements
once and keeps both lists, so each reader goes through a short list of what it needs instead of walking
the part again, asking every element for its text each time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cached_property
from itertools import islice
from typing import NamedTuple

from orderlens.parser.dom import Node
from orderlens.parser.layouts.facts.reading import glued_text, is_running_text
from orderlens.parser.text import clean, clean_start

SCAN_LIMIT = 20_000
SHOWN_TEXT_CHARS = 200  # no reader takes a longer whole text of an element (statuses, buttons, times)


def elements(part: Node, css: str = "*") -> Sequence[Node]:
    """The first SCAN_LIMIT elements inside `part` that match `css`, in page order."""
    if css == "*":  # walked lazily: a selector query would list every element of a huge part first
        return list(islice(part.descendants, SCAN_LIMIT))
    return part.select(css, SCAN_LIMIT)


class Shown(NamedTuple):
    """An element with text of its own (running text, `is_running_text`: words of its own, or its children's
    words joined by spaces): that own text and all of its text (joined with spaces), both cleaned; all of
    its text only up to a little past SHOWN_TEXT_CHARS (`clean_start`)."""

    node: Node
    own: str
    text: str


class Part:
    """One element of an order's block, with what the readers ask of its elements, each read once."""

    def __init__(self, node: Node) -> None:
        self.node = node

    @cached_property
    def shown(self) -> list[Shown]:
        """The part and its first SCAN_LIMIT elements that show text of their own, in page order."""
        found = []
        for node in (self.node, *elements(self.node)):
            own = node.own_text()
            if is_running_text(own):  # most elements only wrap others: their own text is indentation or none
                found.append(Shown(node, clean(own), clean_start(node.text(" "), SHOWN_TEXT_CHARS)))
            elif not own and (glued := glued_text(node)) is not None:  # words split over inline elements
                found.append(Shown(node, "", clean_start(glued, SHOWN_TEXT_CHARS)))
        return found

    @cached_property
    def links(self) -> list[tuple[Node, str]]:
        """The part (when it links) and its first SCAN_LIMIT elements with an `href`, with that `href`."""
        found = []
        for node in (self.node, *elements(self.node, "[href]")):
            href = node.attr("href")
            if href is not None:
                found.append((node, href))
        return found

    @cached_property
    def hrefs(self) -> str:
        """Every `href` of `links`, one a line: a part holds a kind of link at all when one search finds it."""
        return "\n".join(href for _, href in self.links)


def links_matching(parts: Sequence[Part], pattern: re.Pattern[str]) -> Iterator[Node]:
    """Elements of the order (the parts themselves included) whose href matches `pattern` (which never
    matches across lines, so a part whose hrefs hold no match is passed over after one search)."""
    return (node for part in parts if pattern.search(part.hrefs) for node, href in part.links if pattern.search(href))
