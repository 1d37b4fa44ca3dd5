"""Reading text off elements: labels in priority order, lines, prices, quantities, dates, tracking numbers."""

from __future__ import annotations

import re

from orderlens.parser.dom import Node
from orderlens.parser.layouts.facts.links import order_id_from_text
from orderlens.parser.text import clean, fold
from orderlens.parser.vocabulary import vocabulary

_QUANTITY = re.compile(r"[x×]\s*(\d{1,6})(?!\d)|(?<!\d)(\d{1,6})\s*(?:шт|pcs|pz|szt|adet|개)", re.I)


def quantity_in(text: str | None) -> int | None:
    """How many of an item: "x2", "X2", "2 шт." (bounded, so a hostile number cannot blow up)."""
    match = _QUANTITY.search(text or "")
    return int(match.group(1) or match.group(2)) if match else None


def text_of(node: Node | None, css: str | None = None) -> str | None:
    """Clean text of `node` (or of its first `css` match); None when absent or empty."""
    target = node.first(css) if node is not None and css is not None else node
    return (clean(target.text()) or None) if target is not None else None


def status_text_of(node: Node, *selectors: str) -> str | None:
    """The status label: the first selector (in priority order, not page order) that finds text.

    Words of a status sit in separate elements at times, so its text nodes are joined with spaces.
    """
    for css in selectors:
        found = node.first(css)
        text = clean(found.text(" ")) if found is not None else ""
        if text:
            return text
    return None


def lines_of(node: Node) -> list[str]:
    """The node's text nodes as clean non-empty lines (block-ish granularity for notices)."""
    return [line for line in (clean(part) for part in node.text("\n").split("\n")) if line]


# A tracking number right after its label; stops before a "Copy" button glued to it ("LP00…345Copy").


_NUMBER_AFTER_LABEL = re.compile(r"\s*[:：#]?\s*([A-Z0-9]{8,30}?)(?=[^A-Z0-9]|[A-Z][a-z]|$)")


def tracking_number_in(text: str) -> str | None:
    """A tracking number announced by its label in any language ("Tracking number: LP00…", "Sendungsnummer: …")."""
    display = clean(text)
    folded = fold(display)
    same_offsets = len(display) == len(folded)
    for _, end, label in vocabulary().spans("label", folded):
        if label.signal != "tracking_number":
            continue
        match = _NUMBER_AFTER_LABEL.match(display, end) if same_offsets else None
        if match is None and not same_offsets:
            match = _NUMBER_AFTER_LABEL.match(folded.upper(), end)
        if match and any(ch.isdigit() for ch in match.group(1)):
            return match.group(1)
    return None


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\d{4}년")


def date_line(lines: list[str]) -> str | None:
    """The first line that carries a date (a year), skipping order-number lines: labels vary too much."""
    if not _YEAR.search("\n".join(lines)):  # one search in C first: a hostile page repeats dateless lines
        return None
    return next((line for line in lines if _YEAR.search(line) and not order_id_from_text(line)), None)


def first_present(root: Node, selectors: tuple[str, ...]) -> tuple[str, Node] | None:
    """The first selector of `selectors` that matches, with its node: anchors must find one element."""
    for css in selectors:
        node = root.first(css)
        if node is not None:
            return css, node
    return None
