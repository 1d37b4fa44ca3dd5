"""Structural front-end rebuilds: a saved page rewritten the way a rebuild may restructure it.

tests/drift.py renames classes; a rebuild can also change the markup's shape while the shopper reads the
same words. Each rewrite here parses the page with lexbor and writes the tree back out, changing only
element structure (layers, tag names, links' click targets, order of blocks within a card, list vs table):

* "wrapped": every div's content goes into one more div.
* "flattened": divs that only wrap a single element (no text of their own, nothing that hides them) go.
* "renamed-tags": divs become section / article / <ae-card>, spans become b / em / font, in turn.
* "button-divs": <button> becomes <div role="button">, and action links (those to neither an item, a
  store nor an order) lose their href: single-page apps handle the click in script.
* "no-id-links": links that carry an order id lose their href, so the id is only in the card's text.
* "reordered": each card's blocks in reverse order (status last, buttons first); on an order's own page,
  the blocks of its main content.
* "table": a list's cards become table rows, each block of a card a cell.

Cards are found from the ids the page's expectation names (the elements that mention one order and
whose parent mentions several), never from class names, so the rewrite can follow tests/drift.py's
renaming or go without it. Text nodes, comments, scripts and attributes are written back as parsed:
`tests/parser/test_restructure.py` checks that the visible text stays the same.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Literal, get_args

from selectolax.lexbor import LexborHTMLParser, LexborNode

Rewrite = Literal["wrapped", "flattened", "renamed-tags", "button-divs", "no-id-links", "reordered", "table"]
REWRITES: tuple[Rewrite, ...] = get_args(Rewrite)

_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
_RAW = frozenset("script style xmp iframe noembed noframes plaintext".split())
_HIDING = ("hidden", "style", "aria-hidden")
_DIV_NAMES = ("section", "article", "ae-card")
_SPAN_NAMES = ("b", "em", "font")
_PLACES = ("/item/", "/store/")  # links that go somewhere, not actions


@dataclass(frozen=True)
class Written:
    """How one element is written: its tag (None: only its children), attributes, children, and an extra
    element (tag) around its children."""

    tag: str | None
    attrs: dict[str, str | None]
    children: list[LexborNode]
    inner: str | None = None


Hook = Callable[[LexborNode], Written]


def restructure(page: str, rewrite: Rewrite, order_ids: Collection[str]) -> str:
    """The page as a rebuild doing `rewrite` would serve it; deterministic. `order_ids` are the orders the
    page shows (from its expectation): they tell cards apart."""
    tree = LexborHTMLParser(page)
    document = _document(tree)
    if rewrite == "table":
        return _Table(document, order_ids).write()
    hook = _hooks(document, rewrite, order_ids)
    return "".join(_write(document, hook))


def reserialised(page: str) -> str:
    """The page parsed and written back unchanged: what every rewrite starts from."""
    document = _document(LexborHTMLParser(page))
    return "".join(_write(document, _as_parsed))


def _document(tree: LexborHTMLParser) -> LexborNode:
    assert tree.root is not None and tree.root.parent is not None
    return tree.root.parent


def _as_parsed(node: LexborNode) -> Written:
    return Written(node.tag, dict(node.attributes), list(_nodes(node)))


def _nodes(node: LexborNode) -> Iterator[LexborNode]:
    child = node.child
    while child is not None:
        yield child
        child = child.next


def _write(node: LexborNode, hook: Hook) -> Iterator[str]:
    """The HTML of `node` and everything below it, each element as `hook` says."""
    tag = node.tag or ""
    if node.is_comment_node:
        yield f"<!--{node.comment_content or ''}-->"
        return
    if tag == "-doctype":
        yield "<!DOCTYPE html>"
        return
    if tag == "-text":
        parent = node.parent
        raw = parent is not None and parent.tag in _RAW
        text = node.text(deep=False)
        yield text if raw else html.escape(text, quote=False)
        return
    if tag == "-document":
        for child in _nodes(node):
            yield from _write(child, hook)
        return
    written = hook(node)
    if written.tag is not None:
        yield _start(written.tag, written.attrs)
    if written.inner:
        yield f"<{written.inner}>"
    for child in written.children:
        yield from _write(child, hook)
    if written.inner:
        yield f"</{written.inner}>"
    if written.tag is not None and written.tag not in _VOID:
        yield f"</{written.tag}>"


def _start(tag: str, attrs: dict[str, str | None]) -> str:
    pieces = [tag] + [name if value is None else f'{name}="{html.escape(value)}"' for name, value in attrs.items()]
    return f"<{' '.join(pieces)}>"


def _hooks(document: LexborNode, rewrite: Rewrite, order_ids: Collection[str]) -> Hook:
    """The element hook of one rewrite (all but "table", which changes how cards and their list are written)."""
    if rewrite == "wrapped":
        return lambda node: Written(node.tag, dict(node.attributes), list(_nodes(node)), "div" * (node.tag == "div"))
    if rewrite == "flattened":
        return _flattened
    if rewrite == "renamed-tags":
        return _Renamed()
    if rewrite == "button-divs":
        return lambda node: _button_div(node, order_ids)
    if rewrite == "no-id-links":
        return lambda node: _without_id_link(node, order_ids)
    blocks = {node.mem_id for node in _cards(document, order_ids)} or {_main(document).mem_id}
    return lambda node: _reversed(node) if node.mem_id in blocks else _as_parsed(node)


def _flattened(node: LexborNode) -> Written:
    written = _as_parsed(node)
    elements = [child for child in written.children if child.is_element_node]
    texts = "".join(child.text(deep=False) for child in written.children if child.tag == "-text")
    lone = len(elements) == 1 and not texts.strip() and not any(name in node.attributes for name in _HIDING)
    return Written(None, {}, written.children) if node.tag == "div" and lone else written


class _Renamed:
    """Divs and spans renamed in turn, so a page mixes all the new names."""

    def __init__(self) -> None:
        self._divs = itertools.cycle(_DIV_NAMES)
        self._spans = itertools.cycle(_SPAN_NAMES)

    def __call__(self, node: LexborNode) -> Written:
        written = _as_parsed(node)
        names = {"div": self._divs, "span": self._spans}.get(node.tag or "")
        return Written(next(names), written.attrs, written.children) if names else written


def _carries_id(href: str | None, order_ids: Collection[str]) -> bool:
    return href is not None and any(order_id in href for order_id in order_ids)


def _button_div(node: LexborNode, order_ids: Collection[str]) -> Written:
    written = _as_parsed(node)
    attrs = written.attrs
    if node.tag == "button":
        return Written("div", {**{k: v for k, v in attrs.items() if k != "type"}, "role": "button"}, written.children)
    href = attrs.get("href")
    if (
        node.tag == "a"
        and href is not None
        and not _carries_id(href, order_ids)
        and not any(p in href for p in _PLACES)
    ):
        return Written("a", {**{k: v for k, v in attrs.items() if k != "href"}, "role": "button"}, written.children)
    return written


def _without_id_link(node: LexborNode, order_ids: Collection[str]) -> Written:
    written = _as_parsed(node)
    if node.tag == "a" and _carries_id(written.attrs.get("href"), order_ids):
        return Written("a", {k: v for k, v in written.attrs.items() if k != "href"}, written.children)
    return written


def _reversed(node: LexborNode) -> Written:
    written = _as_parsed(node)
    return Written(written.tag, written.attrs, written.children[::-1])


def _mentions(document: LexborNode, order_ids: Collection[str]) -> dict[int, frozenset[str]]:
    """Per element, the orders its text or attributes (its own and its descendants') name."""
    found: dict[int, frozenset[str]] = {}

    def visit(node: LexborNode) -> frozenset[str]:
        own = " ".join(
            [child.text(deep=False) for child in _nodes(node) if child.tag == "-text"]
            + [value or "" for value in node.attributes.values()]
        )
        named = frozenset(order_id for order_id in order_ids if order_id in own)
        for child in _nodes(node):
            if child.is_element_node:
                named |= visit(child)
        found[node.mem_id] = named
        return named

    for child in _nodes(document):
        if child.is_element_node:
            visit(child)
    return found


def _cards(document: LexborNode, order_ids: Collection[str]) -> list[LexborNode]:
    """Elements that name one order and whose parent names several, in page order."""
    mentions = _mentions(document, order_ids)
    return [
        node
        for node in document.traverse(include_text=False)
        if node.parent is not None
        and len(mentions.get(node.mem_id, frozenset())) == 1
        and len(mentions.get(node.parent.mem_id, frozenset())) > 1
    ]


def _main(document: LexborNode) -> LexborNode:
    """An order's own page's main content: down from <body> while only one child shows text."""
    current = document.css_first("body")
    assert current is not None
    while True:
        showing = [child for child in _nodes(current) if child.is_element_node and child.text(strip=True)]
        if len(showing) != 1:
            return current
        current = showing[0]


class _Table:
    """A list whose cards are rows of a table: each run of sibling cards becomes a table, each card a row,
    each block of a card a cell. Cards that are table parts already (legacy lists) stay as they are. A
    linked card the parser split (its `<a>` closed at the first link inside) takes the pieces after it
    that name no other order into its row: one card, as the shopper sees it."""

    _TABLE_PARTS = frozenset("table thead tbody tfoot tr td th caption colgroup col".split())

    def __init__(self, document: LexborNode, order_ids: Collection[str]) -> None:
        self.document = document
        self.mentions = _mentions(document, order_ids)
        self.cards = {
            node.mem_id
            for node in _cards(document, order_ids)
            if node.tag not in self._TABLE_PARTS
            and node.parent is not None
            and node.parent.tag not in self._TABLE_PARTS
        }

    def write(self) -> str:
        return "".join(self._write(self.document))

    def _write(self, node: LexborNode) -> Iterator[str]:
        """`node` as parsed, except that runs of cards among its children become tables."""
        element = node.is_element_node
        if not element and node.tag != "-document":
            yield from _write(node, _as_parsed)
            return
        if element:
            yield _start(node.tag or "div", dict(node.attributes))
        in_table = False
        row: list[LexborNode] = []
        for child in _nodes(node):
            if row and row[0].tag == "a" and self._mentions(child) <= self._mentions(row[0]):
                row.append(child)  # a piece of a split linked card
                continue
            if row:
                yield from self._row(row)
                row = []
            is_card = child.mem_id in self.cards
            if is_card != in_table and (is_card or child.is_element_node or child.text(deep=False).strip()):
                yield "<table><tbody>" if is_card else "</tbody></table>"
                in_table = is_card
            if is_card:
                row = [child]
            else:
                yield from self._write(child)
        if row:
            yield from self._row(row)
        if in_table:
            yield "</tbody></table>"
        if element and node.tag not in _VOID:
            yield f"</{node.tag}>"

    def _mentions(self, node: LexborNode) -> frozenset[str]:
        return self.mentions.get(node.mem_id, frozenset())

    def _row(self, pieces: list[LexborNode]) -> Iterator[str]:
        """A card (with the pieces of it the parser split off) as a table row, one cell per block."""
        card = pieces[0]
        if card.tag == "a":  # a linked card keeps its link, in a cell of its own
            yield "<tr>"
            cells = pieces
        else:
            yield _start("tr", dict(card.attributes))
            cells = list(_nodes(card))
        for cell in cells:
            if cell.is_element_node or cell.text(deep=False).strip():
                yield f"<td>{''.join(self._write(cell))}</td>"
        yield "</tr>"
