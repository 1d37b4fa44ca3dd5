"""An order's other facts read by meaning: where links lead and what labels announce, never class names."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from orderlens.parser.dom import Node
from orderlens.parser.dom.tree import column_cells
from orderlens.parser.layouts.facts import (
    ACTION_ELEMENTS,
    absolute,
    actions_among,
    classify_action,
    is_label,
    lines_of,
    tracking_number_in,
)
from orderlens.parser.meaning.bounds import Part, elements, links_matching
from orderlens.parser.model import ActionKind, Item, PageAction
from orderlens.parser.text import clean, fold
from orderlens.parser.vocabulary import vocabulary

_STORE_LINK = re.compile(r"/store/\d+|/store/[a-z]", re.I)
_ITEM_LINK = re.compile(r"/item/\d+\.html", re.I)
_DETAIL_LINK = re.compile(r"/p/order/detail\.html|order_detail\.htm|/order-list/\d{12}", re.I)
TRACKING_LINK = re.compile(r"/p/tracking/|logisticsdetail|track\.aliexpress|/tracking", re.I)
_OPTION_LINE = re.compile(r"^[^\W\d_]{1,20}\s?[:：]")  # "Color: Black", a product option, not a title
_HIDDEN = "[hidden], [aria-hidden='true'], [style*='display:none'], [style*='display: none']"
_CUT_SHORT = re.compile(r"(?<=\w)(?:…|\.\.\.)")  # where a shown text is cut short, mid-word or after one
_CUT_HEAD_CHARS = 24  # the words right before the cut, looked for in the whole text
_MIN_TITLE_CHARS = 12  # shorter titled elements are icons and buttons ("Copy", "More")
_MAX_LABELLED_CHARS = 60
_MAX_BUTTON_CHARS = 40


def store_of(parts: Sequence[Part], base: str | None) -> tuple[str | None, str | None]:
    """The store's name and link: the first link to a store page."""
    for link in links_matching(parts, _STORE_LINK):
        name = clean(link.text(" ")) or clean(link.attr("title") or "")
        if name:
            return name, absolute(link.attr("href"), base)
    return None, None


def detail_url_of(parts: Sequence[Part], base: str | None) -> str | None:
    """The order's details page, where the order links to it."""
    links = links_matching(parts, _DETAIL_LINK)
    return next((url for link in links if (url := absolute(link.attr("href"), base))), None)


def items_of(parts: Sequence[Part], base: str | None) -> tuple[Item, ...]:
    """Products: links to item pages, and elements that carry a product's full title in `title`."""
    items: dict[str, Item] = {}
    for link in links_matching(parts, _ITEM_LINK):
        titled = link.first("[title]")
        # A card's item link also holds its price and options, on lines of their own: the title is the first.
        first_line = next(lines_of(link), None)
        title = clean((titled.attr("title") if titled else None) or first_line or link.attr("title") or "")
        if title and not _OPTION_LINE.match(title):
            items.setdefault(title, Item(title=title, url=absolute(link.attr("href"), base)))
    for part in parts:
        for node in elements(part.node, "[title]"):
            title = clean(node.attr("title") or "")
            if len(title) >= _MIN_TITLE_CHARS and clean(node.text(" ")) == title and not _OPTION_LINE.match(title):
                items.setdefault(title, Item(title=title))
    return tuple(items.values())


def total_of(parts: Sequence[Part]) -> str | None:
    """The order total: from a total label, the smallest element around it that also holds an amount.

    Prices come one digit per element, so text is joined without spaces, as the shopper reads it; the
    last total wins, as the order total closes a price list.
    """
    found = None
    for part in parts:
        for shown in part.shown:
            if _starts_with_total(shown.own):
                found = _amount_around(shown.node, part.node) or found
    return found


def _amount_around(label: Node, part: Node) -> str | None:
    """The label's text, or its parent's, grandparent's…, once it holds a digit; None past a short line.
    The label stays a word of its own where the amount sits in an element beside it ("Total US $30.60"). A
    label whose parent lists other amounts too is read with the element right after it (`<dt>Total</dt><dd>…`)."""
    name = clean(label.text())
    beside = label.next_element
    if beside is not None and not any(ch.isdigit() for ch in name):
        value = clean(beside.text())
        if any(ch.isdigit() for ch in value) and len(name) + len(value) < _MAX_LABELLED_CHARS:
            return f"{name} {value}"
    current: Node | None = label
    while current is not None:
        text = clean(current.text())
        if text.startswith(name) and text[len(name) : len(name) + 1].isalnum():
            text = f"{name} {text[len(name) :]}"
        if len(text) > _MAX_LABELLED_CHARS or not _starts_with_total(text):
            return None
        if any(ch.isdigit() for ch in text):
            return text
        current = current.parent if current.key != part.key else None
    return None


@lru_cache(maxsize=4096)  # asked of every line of every card, and cards repeat their lines
def _starts_with_total(text: str) -> bool:
    return any(start == 0 and m.signal == "total" for start, _, m in vocabulary().spans("label", fold(text)))


def hidden_lines(parts: Sequence[Node]) -> set[str]:
    """Lines the shopper cannot see (collapsed help panels, hidden templates), the answers of a collapsed help
    panel among them (a closed `<details>` whose summary asks: "Why are orders frozen?"): never the order's
    notices, unless a hidden line is the whole of a text the page shows cut short ("… otomatik olarak ipt…" and
    a "More" button). A notice folded under its own statement ("Vom Shop storniert") is the order's, open or not,
    and so is an open panel's answer ("Why was my order closed?" over "we had to cancel it for security")."""
    hidden = {line for part in parts for node in part.select(_HIDDEN) for line in lines_of(node)}
    answers = {line for part in parts for details in part.select("details:not([open])") for line in _answers(details)}
    if not hidden:
        return answers
    cut_heads = [
        head
        for text in (clean(part.text(" ")) for part in parts)
        for cut in _CUT_SHORT.finditer(text)
        if len(head := text[max(0, cut.start() - _CUT_HEAD_CHARS) : cut.start()]) == _CUT_HEAD_CHARS
    ]
    return answers | {line for line in hidden if not any(_goes_on_past(line, head) for head in cut_heads)}


def _answers(details: Node) -> Iterator[str]:
    """The lines below a `<details>`'s summary when the summary is a question; none otherwise (a notice folded
    under its own statement, "Vom Shop storniert", is the order's)."""
    summary = details.first("summary")
    if summary is None or not any(mark in summary.text() for mark in "?？"):
        return
    for child in details.children:
        if child.tag != "summary":
            yield from lines_of(child)


def _goes_on_past(line: str, head: str) -> bool:
    """Whether `line` holds `head` and goes on past it: the whole text, not the cut one ending in its ellipsis."""
    found = line.find(head)
    return found != -1 and len(line) - (found + len(head)) > len("...")


def tracking_number_of(parts: Sequence[Node]) -> str | None:
    """The tracking number after its label, or in a table column headed by that label (legacy pages)."""
    found = tracking_number_in(" ".join(part.text(" ") for part in parts))
    if found:
        return found
    for part in parts:
        for header in part.select("th"):
            if is_label(clean(header.text(" ")), "tracking_number"):
                value = _column_value(header)
                if value:
                    return value
    return None


def _column_value(header: Node) -> str | None:
    """The first non-empty cell below `header` in its table."""
    return next((value for cell in column_cells(header) if (value := clean(cell.text(" ")))), None)


def actions_of(parts: Sequence[Part], base: str | None) -> tuple[PageAction, ...]:
    """The order's buttons: links and buttons as layouts read them, plus any short element named like one."""
    seen: dict[str, PageAction] = {}
    for part in parts:
        for action in actions_among(elements(part.node, ACTION_ELEMENTS), base):
            seen.setdefault(action.kind, action)
        for node, _, label in part.shown:
            kind = _button_kind(label) if len(label) <= _MAX_BUTTON_CHARS else None
            if kind is not None and kind not in seen:  # the first element named like a button counts
                seen[kind] = PageAction(kind=kind, label=label, href=absolute(node.attr("href"), base))
    return tuple(seen.values())


@lru_cache(maxsize=4096)  # asked of every short text of every card, and cards repeat their labels
def _button_kind(label: str) -> ActionKind | None:
    """The action a label names when the label is that action phrase and nothing more."""
    folded = fold(label)
    whole = any(start == 0 and end == len(folded) for start, end, _ in vocabulary().spans("action", folded))
    return classify_action(label, None) if whole else None
