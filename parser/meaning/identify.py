"""Which orders a page shows and which elements belong to each, found from what identifies an order.

An order is identified by its id where the page carries it: in a link (`orderId=`, `tradeOrderId=`, ...),
in a `data-orderid`-style attribute, or in text right after an order-number label ("Order ID:", "Ref.
Number:", "Nº de pedido:" in any vocabulary language, or the number sign alone: "№ 8416…"). Class names
play no part, so a front-end rebuild that renames every class changes nothing here. Which elements are
worth asking is carriers.py's job.

An order's block is what holds that order's identifiers and no other order's: from each element that
carries the id, climb while the parent still holds only this order. A card is usually one such element;
a card that the HTML parser split in two (an `<a>` card holding links) becomes two, read together.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from orderlens.parser.dom import Node
from orderlens.parser.dom.tree import column_cells, lineage, shape
from orderlens.parser.layouts.facts import is_label, order_id_from_href
from orderlens.parser.meaning.carriers import COPY_ATTRIBUTES, ID_ATTRIBUTES, WITH_ID_ATTRIBUTE, id_carriers
from orderlens.parser.text import fold
from orderlens.parser.vocabulary import vocabulary

MAX_MARKS = 16  # an order's id is seen a few times in its card; thousands of copies are a hostile page
_DIGITS = re.compile(r"(?<!\d)\d{12,20}(?!\d)")
# The id right after its label, whole or shown in groups of four digits ("3183 8455 3077 1926", "3183-8455-…").
_AFTER_LABEL = re.compile(r"\s*[:：#.№]*\s*(\d{12,20}|\d{4}(?:(?: ?[-–] ?| )\d{4}){2,4})(?!\d)")
# The id after an other-order phrase, maybe after a number sign (folded "№" is "no"): "новый заказ № 3232…".
_AFTER_OTHER = re.compile(r"\s*(?:no|nr|n)?[:：#.№°º]*\s*(\d{12,20})(?!\d)")
_NOT_DIGITS = re.compile(r"\D")
_MAX_GROUPED = 8  # ids shown only in digit groups, each found by a walk down the page: a few on a real page
_LABEL_REACH = 64  # how far past an overlapping label the real one and its id may end
_AFTER_NUMBER_SIGN = re.compile(r"№\s*(\d{12,20})(?!\d)")  # folding makes "№" "no": read before it
# The order named in a URL's path ("/order-list/<id>" on aliexpress.ru, "/order/<id>", "/orders/<id>/tracking"),
# or by a bare "id=" on an order's own page ("/p/order/detail.html?id=<id>").
_ID_IN_PATH = re.compile(
    r"/(?:order-list|orders?)/(\d{12,20})(?!\d)|(?:/p/order/detail\.html|order_detail\.htm)\?(?:[^#]*&)?id=(\d{12,20})(?!\d)",
    re.I,
)
_ID_IN_URL = re.compile(r"[?&](?:orderId|tradeOrderId|tradeId)=(\d{12,20})(?!\d)", re.I)


@dataclass(frozen=True, slots=True)
class OrderBlock:
    """One order: its id, the elements that hold it and no other order, and where its id was seen."""

    order_id: str
    parts: tuple[Node, ...]
    marks: tuple[Node, ...]
    shared: tuple[Node, ...] = ()
    """Elements of the order's group that hold no order: a store's or a checkout's header and notices."""


def page_order_id(url: str | None) -> str | None:
    """The order a single-order page is about, from its URL."""
    match = _ID_IN_URL.search(url or "")
    return match.group(1) if match else _id_in_path(url)


def labelled_ids(text: str) -> set[str]:
    """Order ids announced by an order-number label in `text`, in any vocabulary language, or by "№"; not an id
    the page only ever names as another order's ("your new order № 3232… is waiting for payment", on the card of
    the order it replaced): that is news of it, not its card."""
    folded = fold(text)
    labelled = set(_AFTER_NUMBER_SIGN.findall(text)) | _ids_after_labels(folded)
    others = [
        match.group(1)
        for _, end, label in vocabulary().spans("label", folded)
        if label.signal == "other_order" and (match := _AFTER_OTHER.match(folded, end))
    ]
    return {found for found in labelled if not others or others.count(found) < text.count(found)}


_MAX_HEADERS = 64  # a table's column headers; a hostile page's thousands are not all asked
_MAX_TABLE_ROWS = 2048  # rows read below an order-number header: more than the order cap needs


def _column_ids(body: Node) -> set[str]:
    """Order ids standing in a table column headed by an order-number label ("Order number" over a column of bare
    numbers, as an exported list of orders shows them): the header labels each cell below it."""
    return {
        number.group()
        for header in body.select(_HEADER_CELLS, _MAX_HEADERS)
        if is_label(header.text(" "), "order_number")
        for cell in column_cells(header, _MAX_TABLE_ROWS)
        if (number := _DIGITS.fullmatch(cell.text().strip()))
    }


def _ids_after_labels(folded: str, look_inside: bool = True) -> set[str]:
    """Ids right after an order-number label; where a label is not followed by one, the label may overlap the
    real one ("sull'ordine n. di riferimento 3113…": "ordine n." is found first), so its span is read again."""
    found = set()
    for start, end, label in vocabulary().spans("label", folded):
        if label.signal != "order_number":
            continue
        if match := _AFTER_LABEL.match(folded, end):
            found.add(_NOT_DIGITS.sub("", match.group(1)))
        elif look_inside:
            found |= _ids_after_labels(folded[start + 1 : end + _LABEL_REACH], look_inside=False)
    return found


def id_marks(body: Node, limit: int) -> dict[str, list[Node]]:
    """Every element that carries an order id, grouped by id in page order (at most `limit` ids).

    Marks in a piece of the page's chrome that names several orders (`_chrome_lists`) count only on a page that
    names its orders nowhere else: a notification drawer's "Order 3203… was delivered" or a help chat's "my order
    3203… was canceled" speaks of orders, it is not their card (a drawer open on one order is that order's)."""
    shown: dict[str, list[Node]] = {}
    mentioned: dict[str, list[Node]] = {}
    labelled = labelled_ids(body.text(" ")) | _column_ids(body)
    # Few elements (usually none) carry an id attribute: one query finds them, so the rest skip six lookups.
    attributed = {node.key for node in body.select(WITH_ID_ATTRIBUTE)}
    chrome = _chrome_lists(body)
    for node in id_carriers(body, bool(labelled), bool(attributed)):
        marks = mentioned if chrome and any(up.key in chrome for up in lineage(node)) else shown
        for order_id in _ids_on(node, labelled, node.key in attributed):
            if order_id in marks and len(marks[order_id]) < MAX_MARKS:
                marks[order_id].append(node)
            elif order_id not in marks and len(marks) < limit:
                marks[order_id] = [node]
    marks = shown or mentioned
    for order_id in sorted(labelled - marks.keys() - mentioned.keys())[:_MAX_GROUPED]:  # shown in digit groups
        if len(marks) < limit and (holder := _digits_holder(body, order_id)) is not None:
            marks[order_id] = [holder]
    return marks


# The page's chrome: drawers, dialogs, chats, navigation and footers, and frames saved with the page (a help
# chat or an ad in its own document), read in place by the screen.
_CHROME = ", ".join(
    ["aside", "nav", "footer", "dialog", "orderlens-frame"]
    + [f"[role='{role}']" for role in ("dialog", "alertdialog", "log", "complementary", "navigation", "contentinfo")]
)
_STANDING_NUMBER = re.compile(r"(?<!\w)\d{12,20}(?!\w)")  # an order's number, not the digits of "LP00…" or "CN…"


def _chrome_lists(body: Node) -> set[int]:
    """The pieces of the page's chrome that name several orders (two numbers or more that could be orders')."""
    return {piece.key for piece in body.select(_CHROME) if len(set(_STANDING_NUMBER.findall(piece.text(" ")))) >= 2}


def _digits_holder(body: Node, order_id: str) -> Node | None:
    """The innermost element whose digits, read without spaces or dashes, hold `order_id` (an id in groups, each
    group an element of its own: "<span>3183</span><span>8455</span>…", or "3253-1109-8876-4403"); None when no
    element does."""
    holder = None
    current: Node | None = body
    while current is not None:
        holder = current
        current = next((child for child in current.children if order_id in _NOT_DIGITS.sub("", child.text())), None)
    return holder if holder is not None and holder.key != body.key else None


def _ids_on(node: Node, labelled: set[str], attributed: bool) -> list[str]:
    """The order ids an element carries itself: in its link, its id attributes (when it has one of
    them, `attributed`), or its own text."""
    linked = _id_in_link(node.attr("href")) or (_attribute_id(node) if attributed else None)
    found = [linked] if linked else []
    own = node.own_text() if labelled else ""
    if own:
        found += [digits for digits in _DIGITS.findall(own) if digits in labelled]
    return found


@lru_cache(maxsize=4096)  # a card links to its order several times, and a hostile page repeats one link
def _id_in_link(href: str | None) -> str | None:
    return order_id_from_href(href) or _id_in_path(href)


def _id_in_path(href: str | None) -> str | None:
    """The order a URL names in its path, or by "id=" on the order's own page (`_ID_IN_PATH`)."""
    match = _ID_IN_PATH.search(href or "")
    return (match.group(1) or match.group(2)) if match else None


def _attribute_id(node: Node) -> str | None:
    """The id an element carries in an id attribute; in a copy control's text when the control says it copies the
    order's number ("Copy order number"); in a form field named for it (`<input name="orderId" value=…>`)."""
    for attr in ID_ATTRIBUTES:
        value = (node.attr(attr) or "").strip()
        if _DIGITS.fullmatch(value):
            return value
    copied = next((value for attr in COPY_ATTRIBUTES if (value := (node.attr(attr) or "").strip())), "")
    if _DIGITS.fullmatch(copied) and _names_the_order_number(node):
        return copied
    value = (node.attr("value") or "").strip()
    if node.tag == "input" and _DIGITS.fullmatch(value) and _ID_FIELD.fullmatch(node.attr("name") or ""):
        return value
    return None


_ID_FIELD = re.compile(r"orderId|tradeOrderId|tradeId|order_id|orderNo|orderIds?", re.I)


def _names_the_order_number(node: Node) -> bool:
    """Whether a control's name (its `aria-label`, `title` or text) speaks of the order's number."""
    name = fold(" ".join(filter(None, (node.attr("aria-label"), node.attr("title"), node.text()))))
    return any(label.signal == "order_number" for _, _, label in vocabulary().spans("label", name))


def order_blocks(body: Node, marks: dict[str, list[Node]]) -> list[OrderBlock]:
    """Each order's block: the highest elements above its marks that hold no other order's id."""
    owners: dict[int, set[str]] = {}
    for order_id, nodes in marks.items():
        for node in nodes:
            for ancestor in lineage(node):
                owning = owners.setdefault(ancestor.key, set())
                if order_id in owning:
                    break  # reached from another of the order's marks: everything above holds it already
                owning.add(order_id)
    blocks = []
    rows: dict[int, _Row] = {}
    groups: dict[int, Counter[tuple[str, str]]] = {}
    for order_id, nodes in marks.items():
        parts: dict[int, Node] = {}
        for node in nodes:
            top = node
            while (parent := top.parent) is not None and top.key != body.key and owners.get(parent.key) == {order_id}:
                top = parent
            parts.setdefault(top.key, top)
        card = _split_card(list(parts.values()), order_id, owners, rows)
        blocks.append(OrderBlock(order_id, card, tuple(nodes), _group_shared(card[0], owners, groups)))
    return blocks


def _group_shared(
    part: Node, owners: dict[int, set[str]], groups: dict[int, Counter[tuple[str, str]]]
) -> tuple[Node, ...]:
    """What the order's group shows for all of its orders: the children holding no order of the element above
    the order that is one of a run of alike groups (store groups, checkouts), each holding orders of its own.
    A page's list as a whole is no group: its tabs and tips are not about every order. `groups` keeps, per
    element, the shapes of its children that hold orders (asked once, however many orders it holds)."""
    group = part.parent
    while group is not None and (row := group.parent) is not None:
        if len(owners.get(group.key, ())) >= 2:
            if row.key not in groups:
                groups[row.key] = Counter(shape(child) for child in row.children if owners.get(child.key))
            if groups[row.key][shape(group)] >= 2:
                return tuple(child for child in group.children if not owners.get(child.key))
            if len(owners.get(row.key, ())) > len(owners[group.key]):
                return ()  # the next element up holds orders of other groups, unlike any sibling of this one
        group = row
    return ()


@dataclass(slots=True)
class _Row:
    """The children of one element, where each stands and where its rules stand (`_rules`): asked once per
    parent, however many orders' parts it holds."""

    children: list[Node]
    position: dict[int, int]
    rules: list[int]
    headings: frozenset[int]  # the rules that are headings: each opens the card after it, and belongs to it
    period: int | None = None  # `_period`, once asked
    first_of: dict[tuple[str, str], int] = field(default_factory=dict)  # where each shape of child first stands

    @classmethod
    def of(cls, parent: Node) -> _Row:
        children = list(parent.children)
        headings = frozenset(i for i, child in enumerate(children) if child.tag in _HEADINGS)
        rules = [i for i, child in enumerate(children) if i in headings or _separates(child)]
        return cls(children, {child.key: i for i, child in enumerate(children)}, rules, headings)


# A heading among a flat list's lines opens an order's part of it ("<h2>Commande du 30 oct. 2026</h2><p>Statut :
# Fermée</p><p>N° de commande : 3292…</p>", as a reader view or an export keeps a list).
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())


_LINES = frozenset({"div", "p"})
_RULER = re.compile(r"[-_=─━*·•\s]{3,}")  # a line drawn in characters: "------", "____", "* * *"


def _separates(child: Node) -> bool:
    """Whether a sibling parts cards in a flat list: a rule (`<hr>`), a line drawn in characters, or an empty line
    written as such (`<div><br></div>`, `<p>&nbsp;</p>`), as lists pasted into editors and notes come."""
    if child.tag == "hr":
        return True
    if child.tag not in _LINES:
        return False
    text = child.text()
    if text.strip():
        return _RULER.fullmatch(text.strip()) is not None and any(ch in text for ch in "-_=─━*")
    return "\xa0" in text or child.first("br") is not None


def _grid_card(part: Node, row: _Row, owners: dict[int, set[str]]) -> tuple[Node, ...] | None:
    """The card of an order whose only part is one cell of a flat grid: cells of all cards are siblings, and
    each order names itself in one cell at the same place in its card (the order numbers stand `period` cells
    apart). The card is the `period` cells around that one, counted from the first cell shaped like it (a
    header of a cell per column, or the first card; a row holding column headers is passed over: it starts no card);
    None when the orders are not evenly spaced or the card would take in another order's cell."""
    if row.period is None:
        row.period = _period(row, owners)
    period = row.period
    if not period:
        return None
    if not row.first_of:
        for index, child in enumerate(row.children):
            if not _column_headers(child):
                row.first_of.setdefault(shape(child), index)
    first_cell = row.first_of[shape(part)]
    start = row.position[part.key] - (row.position[part.key] - first_cell) % period
    card = row.children[start : start + period]
    order = owners[part.key]
    return tuple(card) if all(owners.get(cell.key, order) == order for cell in card) else None


_HEADER_CELLS = "th, [role='columnheader']"


def _column_headers(cell: Node) -> bool:
    """Whether a sibling is a grid's row of column headers (it holds `<th>` or `role="columnheader"` cells): it
    names the columns of every card and starts none, however alike it is to the cards' rows. (Header cells that
    are siblings of the cards' cells line up with them, and still set where cards start.)"""
    return cell.first(_HEADER_CELLS) is not None


def _period(row: _Row, owners: dict[int, set[str]]) -> int:
    """How many siblings apart the orders of a row first name themselves, when that is the same for all (else 0)."""
    first_at: dict[str, int] = {}
    for index, child in enumerate(row.children):
        held = owners.get(child.key, set())
        if len(held) == 1:
            first_at.setdefault(next(iter(held)), index)
    starts = sorted(first_at.values())
    gaps = {later - earlier for earlier, later in pairwise(starts)}
    if len(gaps) != 1:
        return 0
    period = gaps.pop()
    return period if period >= 2 else 0


def _split_card(
    parts: list[Node], order_id: str, owners: dict[int, set[str]], rows: dict[int, _Row]
) -> tuple[Node, ...]:
    """An order whose parts are siblings among other orders' parts is read as the run of siblings around them.

    Two shapes do this: a flat list whose cards are only separated by rules (`_separates`), where the card is
    everything between the rules around its parts (its status may stand above its number); and a card the
    HTML parser split (an `<a>` card holding links is closed at its first link, the rest moved after it),
    where the card is everything from its first part up to the next sibling that holds another order.
    Parts that carry another order's id as well (an id attribute and a labelled number on one element) are
    no such card.
    """
    parent = parts[0].parent
    if parent is None or any(part.parent is None or part.parent.key != parent.key for part in parts):
        return tuple(parts)
    if owners[parts[0].key] != {order_id}:
        return tuple(parts)
    row = rows.get(parent.key) or rows.setdefault(parent.key, _Row.of(parent))
    siblings = row.children
    first, last = min(row.position[part.key] for part in parts), max(row.position[part.key] for part in parts)
    if row.rules and len(owners.get(parent.key, ())) > 1:
        # Between the rules around all its parts, else around its first (a list of links at the page's foot, as a
        # page saved as text gives them, names the order again far from its card).
        for until in (last, first):
            before, after = bisect_left(row.rules, first), bisect_right(row.rules, until)
            start = row.rules[before - 1] + (row.rules[before - 1] not in row.headings) if before else 0
            end = row.rules[after] if after < len(row.rules) else len(siblings)
            segment = siblings[start:end]
            if all(owners.get(child.key, {order_id}) == {order_id} for child in segment):
                return tuple(segment)
    if len(parts) < 2:
        return _grid_card(parts[0], row, owners) or tuple(parts)
    run = []
    for child in siblings[first:]:
        if owners.get(child.key, {order_id}) != {order_id}:
            break
        run.append(child)
    return tuple(run)
