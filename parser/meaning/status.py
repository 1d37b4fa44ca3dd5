"""An order's status read by meaning: a short text that the status vocabulary names almost entirely.

A status label is short and is mostly the status phrase itself ("Awaiting delivery", "Concluído",
`WAIT_BUYER_ACCEPT_GOODS`); a sentence that merely contains a status word ("Order completed on: …") is not
one, and neither is a line that names an amount of money ("Refund in progress US $17.15" is about the
money, wherever a rebuild puts it in the card). Buttons and links are never the status. Among several
candidates the first in page order wins (the status heads a card or an order page), except on a page with
one order and no card around it, where the candidate nearest to the order's id wins, so tab names ("To
ship", "Completed") above the list lose. Labels that are items of a run of alike siblings (progress steps
"Place order … Order complete", tabs) name stages, not the order's state: a label standing alone is
preferred to them, even when it is the run's only item that reads as a status. A run needs two alike items:
two labels inside one item (an order block's title and its description line) are not one. A word a rebuild
marks up inside a sentence ("… are <b>refunded</b> in full", "werden voll <span>erstattet</span>") is part of
that sentence's line, not a label of its own; a value after a label's colon ("Status: <b>Closed</b>") is. A
description list's term (`<dt>Processing time</dt>`) names a field, never the order's state.
An icon that shows no text but names a status (`aria-label`, `title`) is a label too where no label in words is.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from orderlens.parser.dom import Node
from orderlens.parser.dom.tree import lineage, shape
from orderlens.parser.layouts.facts.reading import glued_text, lines_of
from orderlens.parser.meaning.bounds import Part
from orderlens.parser.text import clean, fold
from orderlens.parser.vocabulary import CODES, vocabulary

MAX_STATUS_CHARS = 48
_COVERAGE = 0.55  # share of the label the status phrase must cover
_MAX_STEP_CHARS = 2 * MAX_STATUS_CHARS  # a step's label with its time or number
_MAX_ROW_ITEMS = 64  # a run of steps or tabs is short: a longer row (a hostile page's copies) is seen to here
_CURRENCY = re.compile(r"[$€£¥₩₽₺]")
_CONTROLS = frozenset({"a", "button"})
_CELLS = frozenset({"td", "th"})
_LABEL_END = (":", "：")


@dataclass(frozen=True, slots=True)
class StatusRead:
    text: str
    node: Node


@lru_cache(maxsize=4096)  # asked of every short text of every card, and cards repeat their labels
def is_status_label(text: str) -> bool:
    """Whether `text` is a status label: a back-end status code, or mostly status phrases (and no price, no
    question), counting its words but not its icons and dots ("Closed · refunded 👍"). A capitalised word that
    is no known code ("CLOSED", a label written in capitals) is read as words."""
    if text in CODES.status:
        return True
    if _CURRENCY.search(text):
        return False
    if any(mark in text for mark in "?？"):
        return False  # a label states; "Why was my order closed?" is a help link
    folded = _without_its_name(fold(text))
    if _counts_items(folded):
        return False
    covered = bytearray(len(folded))  # one flag a character: phrases may overlap ("Closed · refunded" has two)
    for start, end, _ in vocabulary().spans("status", folded):
        covered[start:end] = b"\x01" * (end - start)
    counted = [index for index, char in enumerate(folded) if char.isalnum() or char.isspace()]  # not icons, dots
    return sum(covered[index] for index in counted) >= _COVERAGE * max(len(counted), 1) and any(covered)


_LEADING_COUNT = re.compile(r"\d+\s*")


def _counts_items(folded: str) -> bool:
    """Whether the text starts by counting items ("1 item canceled — refunded", "2 articoli spediti"): a line
    about some of the order's items, which an item's block shows while the order itself goes on."""
    count = _LEADING_COUNT.match(folded)
    return count is not None and any(
        start == count.end() and word.signal == "item_count" for start, _, word in vocabulary().spans("label", folded)
    )


def _without_its_name(folded: str) -> str:
    """A label without the name it may carry before a colon ("Sipariş durumu: Anlaşmazlıkta", "Order status:
    Closed"): the name is no status word, and would make the status words too small a part of the label."""
    end = _name_end(folded)
    rest = folded[end:].lstrip()
    return rest[1:].lstrip() if end and rest.startswith(_LABEL_END) else folded


def _only_a_name(own: str) -> bool:
    """Whether an element's own words are only a status label's name ("Status:"), its value in an element of its
    own."""
    folded = fold(own)
    return bool(folded) and _name_end(folded) == len(folded)


def _name_end(folded: str) -> int:
    """Where the status label's name that opens `folded` ends ("order status"), 0 when it opens with none."""
    spans = vocabulary().spans("label", folded)
    return next((end for start, end, label in spans if start == 0 and label.signal == "order_status"), 0)


def status_candidates(part: Node | Part, skip: frozenset[int] = frozenset()) -> list[StatusRead]:
    """Status labels inside `part` in page order, leaving out controls and the subtrees keyed in `skip`.

    `part` may come already walked for the other readers (a `Part`), so its elements are not asked twice."""
    walked = part if isinstance(part, Part) else Part(part)
    lines = _Lines()
    shown = [
        StatusRead(text, node)
        for node, own, text in walked.shown
        if len(text) <= MAX_STATUS_CHARS
        and not _only_a_name(own)  # "Status: <b>Closed</b>": the label is the element that holds the value
        and not _names_a_field(node)
        and is_status_label(text)
        and not _inside(node, walked.node, skip, text)
        and not lines.continues_a_line(node, text)
        and not lines.shows_an_amount(node, text)
    ]
    return shown or _named_icons(walked.node, skip)


def labelled_status_line(parts: Sequence[Node]) -> StatusRead | None:
    """A status written as a labelled line of running text rather than an element of its own ("Status: Storniert"
    between `<br>`s, as a list pasted into a note keeps it): the first such line of the order's parts."""
    for part in parts:
        for line in lines_of(part):
            if len(line) <= MAX_STATUS_CHARS and _name_end(fold(line)) and is_status_label(line):
                return StatusRead(line, part)
    return None


def carrier_headline(part: Node) -> StatusRead | None:
    """A tracking page's headline that tells the carrier's news ("Zwrot do nadawcy", "Delivery exception"): the
    page's status where it shows no status label, read by the classifier as its newest news."""
    for heading in part.select("h1, h2", limit=_HEADINGS):
        text = clean(heading.text(" "))
        if len(text) <= MAX_STATUS_CHARS and vocabulary().match("tracking", text):
            return StatusRead(text, heading)
    return None


_HEADINGS = 4  # a page's title and the first headings under it


def _names_a_field(node: Node) -> bool:
    """Whether the element names a field whose value sits beside it ("Processing time | 7 days"): a description
    list's term, or the first of a table row's two cells (an order's key-value table, as a printout shows it)."""
    if node.tag == "dt":
        return True
    value = node.next_element
    row = node.parent
    return (
        node.tag in _CELLS
        and value is not None
        and value.tag in _CELLS
        and value.next_element is None
        and row is not None
        and next(iter(row.children)).key == node.key
    )


# Elements that can name a state without showing text: an icon, an image, an empty badge.
_NAMED = "[aria-label]:not([aria-hidden='true']), [title]:not([aria-hidden='true'])"


def _named_icons(part: Node, skip: frozenset[int]) -> list[StatusRead]:
    """Icons that show no text but name the status for a screen reader or on hover (a check mark labelled
    "Completed" beside a word like "Done"): asked only where no label in words names it."""
    found = []
    for node in part.select(_NAMED):
        name = clean(node.attr("aria-label") or node.attr("title") or "")
        if (
            name
            and len(name) <= MAX_STATUS_CHARS
            and node.tag not in _CONTROLS
            and not any(char.isalnum() for char in node.text())  # no words of its own: an icon, a glyph ("✕")
            and is_status_label(name)
            and not _inside(node, part, skip, "")
        ):
            found.append(StatusRead(name, node))
    return found


class _Lines:
    """Which labels only continue a line of running text (`lines_of`: their parent has words of its own):
    words of the parent stand right before the label, they are not a label's name ending in a colon, and
    the label is not a line of its own (a block element after them starts one). A label that starts its
    line ("<b>Closed</b> Order ID: …") is still one.

    Each parent's pieces and lines are read once, however many labels it holds (a hostile page puts
    thousands of status words in one sentence)."""

    def __init__(self) -> None:
        self._before: dict[int, dict[int, str]] = {}
        self._lines: dict[int, set[str]] = {}

    def continues_a_line(self, node: Node, text: str) -> bool:
        parent = node.parent
        if parent is None:
            return False
        if parent.key not in self._before:
            self._before[parent.key] = _words_before(parent)
        head = self._before[parent.key].get(node.key)
        if not head or head.endswith(_LABEL_END):
            return False
        return text not in self._lines_of(parent)

    def shows_an_amount(self, node: Node, text: str) -> bool:
        """Whether the label's line also shows an amount of money: a refund's state beside its sum ("Reembolso
        em curso · passo 2 de 3 · 11,25 €", as the live site shows refunds on a card), not the order's status."""
        parent = node.parent
        if parent is None or text in self._lines_of(parent):
            return False  # the label is a line of its own
        return any(text in line and _CURRENCY.search(line) for line in self._lines_of(parent))

    def _lines_of(self, parent: Node) -> set[str]:
        if parent.key not in self._lines:
            self._lines[parent.key] = set(lines_of(parent))
        return self._lines[parent.key]


def _words_before(parent: Node) -> dict[int, str]:
    """Per child element of `parent`, the parent's own words right before it (right-stripped), "" for none; in a
    sentence whose words all sit in inline children (`glued_text`), the child before it counts as such words."""
    glued = glued_text(parent) is not None
    before: dict[int, str] = {}
    last = ""
    for piece in parent.contents:
        if isinstance(piece, str):
            last = piece.rstrip() or last
        else:
            before[piece.key] = last
            last = (piece.text().rstrip() or last) if glued else ""
    return before


def _inside(node: Node, part: Node, skip: frozenset[int], text: str) -> bool:
    """True when `node` is the label of a link or button below `part` (a tab, a filter, a button), or sits
    in a subtree the caller set aside. A link that wraps more than the label (a card's header linking to
    the order) is a container, not a control."""
    current: Node | None = node
    while current is not None and current.key != part.key:
        if current.key in skip or (current.tag in _CONTROLS and clean(current.text(" ")) == text):
            return True
        current = current.parent
    return False


def first_alone(candidates: Sequence[StatusRead], runs: StepRuns | None = None) -> StatusRead | None:
    """The first candidate that stands alone, else the first of all. `runs` keeps the rows already counted
    (`StepRuns`), for a page whose orders share one row (the cells of a flat grid)."""
    alone = _alone(candidates, {} if runs is None else runs)
    return alone[0] if alone else (candidates[0] if candidates else None)


def nearest(candidates: Sequence[StatusRead], marks: Sequence[Node]) -> StatusRead | None:
    """The lone candidate sharing the deepest common ancestor with one of the order's id marks.

    Used where the order's block is the whole page, so labels in a run (tabs, steps) never count.
    """
    pool = _alone(candidates, {})
    if not pool:
        return None
    depth_of = {up.key: depth for mark in marks for depth, up in enumerate(reversed(list(lineage(mark))))}

    def closeness(read: StatusRead) -> int:
        """Depth of the deepest ancestor the candidate shares with a mark: found walking up from it."""
        current: Node | None = read.node
        while current is not None and current.key not in depth_of:
            current = current.parent
        return depth_of[current.key] if current is not None else 0

    return max(pool, key=closeness)  # max keeps the first of equals: page order breaks ties


def _alone(candidates: Sequence[StatusRead], rows: StepRuns) -> list[StatusRead]:
    """Outermost candidates that are not items of a run: tabs and progress steps are rows of alike
    elements (same tag and class) under one parent, each holding a label. A run is seen from the other
    candidates in it, or from alike items that hold an element shaped like the label (a step list whose
    only status-like step is "Order complete").

    Linear in the candidates and the rows they sit in, so a hostile page with thousands of status words
    costs no more than reading it.
    """
    keys = {read.node.key for read in candidates}
    outermost = [read for read in candidates if not any(up.key in keys for up in list(lineage(read.node))[1:])]
    shapes = [_item_shapes(read.node) for read in outermost]
    # Items per shape, not labels: a block's title and its description line are two labels in one item.
    items: dict[tuple[int, str, str], set[int]] = defaultdict(set)
    for node_shapes in shapes:
        for item_shape, item in node_shapes.items():
            items[item_shape].add(item)
    return [
        read
        for read, node_shapes in zip(outermost, shapes, strict=True)
        if all(len(items[s]) == 1 for s in node_shapes) and not _in_step_run(read.node, rows)
    ]


_Shape = tuple[str, str]
# Per row of a page: how many of its items hold an element of a shape, as (item shape, inner shape) counts.
StepRuns = dict[int, Counter[tuple[_Shape, _Shape]]]


def _item_shapes(node: Node) -> dict[tuple[int, str, str], int]:
    """(row, item tag, item's first class) → the item, for the label (or the element holding it) as an item of
    its parent's and grandparent's rows."""
    shapes = {}
    item: Node | None = node
    for _ in range(2):
        row = item.parent if item is not None else None
        if item is None or row is None:
            break
        shapes[(row.key, *shape(item))] = item.key
        item = row
    return shapes


def _in_step_run(label: Node, rows: StepRuns) -> bool:
    """Whether the label's parent is a short item (a step: the label, a number, a time; not a section of the
    page) of a row of alike classed items, another of which holds an element shaped like the label. `rows`
    keeps each row's (item shape, shape of an element in it) counts."""
    item = label.parent
    row = item.parent if item is not None else None
    if item is None or row is None or not shape(item)[1]:
        return False
    if row.key not in rows:
        rows[row.key] = Counter(
            pair
            for child in islice(row.children, _MAX_ROW_ITEMS)
            for pair in {(shape(child), shape(inner)) for inner in child.children}
        )
    # The text last: only items of a run are read.
    return rows[row.key][(shape(item), shape(label))] >= 2 and len(item.text()) <= _MAX_STEP_CHARS
