"""An order's status read by meaning: a short text that the status vocabulary names almost entirely.

A status label is short and is mostly the status phrase itself ("Awaiting delivery", "Concluído",
`WAIT_BUYER_ACCEPT_GOODS`); a sentence that merely contains a status word ("Order completed on: …") is not
one. Buttons and links are never the status. Among several candidates the first in page order wins (the
status heads a card or an order page), except on a page with one order and no card around it, where the
candidate nearest to the order's id wins, so tab names ("To ship", "Completed") above the list lose.
Labels that stand in a run of status-like siblings (progress steps "Place order … Order complete", tabs)
name stages, not the order's state: a label standing alone is preferred to them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from parser.dom import Node
from parser.text import clean, fold
from parser.vocabulary import CODES, vocabulary

MAX_STATUS_CHARS = 48
_COVERAGE = 0.55  # share of the label the status phrase must cover
_ENUM = re.compile(r"[A-Z][A-Z_]{5,40}")
_CONTROLS = frozenset({"a", "button"})


@dataclass(frozen=True, slots=True)
class StatusRead:
    text: str
    node: Node


def is_status_label(text: str) -> bool:
    """Whether `text` is a status label: a back-end status code, or mostly a status phrase."""
    if _ENUM.fullmatch(text):
        return text in CODES.status
    folded = fold(text)
    return any((end - start) >= _COVERAGE * len(folded) for start, end, _ in vocabulary().spans("status", folded))


def status_candidates(part: Node, skip: frozenset[int] = frozenset()) -> list[StatusRead]:
    """Status labels inside `part` in page order, leaving out controls and the subtrees keyed in `skip`."""
    found = []
    for node in [part, *part.select("*")]:
        if not node.own_text().strip() or _inside(node, part, skip):
            continue
        text = clean(node.text(" "))
        if len(text) <= MAX_STATUS_CHARS and is_status_label(text):
            found.append(StatusRead(text, node))
    return found


def _inside(node: Node, part: Node, skip: frozenset[int]) -> bool:
    """True when `node` sits in a link or button below `part`, or in a subtree the caller set aside."""
    current: Node | None = node
    while current is not None and current.key != part.key:
        if current.tag in _CONTROLS or current.key in skip:
            return True
        current = current.parent
    return False


def first_alone(candidates: Sequence[StatusRead]) -> StatusRead | None:
    """The first candidate that stands alone, else the first of all."""
    alone = _alone(candidates)
    return alone[0] if alone else (candidates[0] if candidates else None)


def nearest(candidates: Sequence[StatusRead], marks: Sequence[Node]) -> StatusRead | None:
    """The lone candidate sharing the deepest common ancestor with one of the order's id marks.

    Used where the order's block is the whole page, so labels in a run (tabs, steps) never count.
    """
    pool = _alone(candidates)
    if not pool:
        return None
    depth_of = {key: depth for mark in marks for depth, key in enumerate(_ancestor_keys(mark))}

    def closeness(read: StatusRead) -> int:
        """Depth of the deepest ancestor the candidate shares with a mark: found walking up from it."""
        current: Node | None = read.node
        while current is not None and current.key not in depth_of:
            current = current.parent
        return depth_of[current.key] if current is not None else 0

    return max(pool, key=closeness)  # max keeps the first of equals: page order breaks ties


def _alone(candidates: Sequence[StatusRead]) -> list[StatusRead]:
    """Outermost candidates with no other candidate among their near relatives (same parent or grandparent).

    Linear in the candidates, so a hostile page with thousands of status words costs no more than reading it.
    """
    keys = {read.node.key for read in candidates}
    outermost = [read for read in candidates if not any(key in keys for key in _ancestor_keys(read.node)[:-1])]
    near = [_near_keys(read.node) for read in outermost]
    shared = Counter(key for keys_ in near for key in keys_)
    return [read for read, keys_ in zip(outermost, near, strict=True) if all(shared[key] == 1 for key in keys_)]


def _near_keys(node: Node) -> set[int]:
    """The keys of the node's parent and grandparent: where a run of sibling labels meets."""
    parent = node.parent
    grandparent = parent.parent if parent is not None else None
    return {ancestor.key for ancestor in (parent, grandparent) if ancestor is not None}


def _ancestor_keys(node: Node) -> list[int]:
    """Keys from the root down to `node`."""
    keys = []
    current: Node | None = node
    while current is not None:
        keys.append(current.key)
        current = current.parent
    return keys[::-1]
