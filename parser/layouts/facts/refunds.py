"""Where an order's refund stands, read by meaning: refund phrases, and progress steps told apart by markup.

A page shows the refund as a line ("Refund completed US $12.34" on 2026 list cards, "Refund successful" in a
legacy refund table, "… has been refunded to your original payment method") or as progress steps (the
guide's three dots: requested, processing, completed). Steps are found as a run of alike siblings
(same tag, a shared class) around a refund phrase; the done ones are those whose classes or aria
attributes differ from the rest, so no class name is needed and renamed classes still read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import islice

from orderlens.parser.dom import Node
from orderlens.parser.layouts.facts.dates import parse_date
from orderlens.parser.model import Refund, RefundState
from orderlens.parser.text import clean
from orderlens.parser.vocabulary import vocabulary

_SCAN_LIMIT = 5_000  # elements looked at per order, only once its text names a refund
_MAX_LABEL = 160  # a refund line, not a help paragraph
_MAX_STEP_TEXT = 120
_MIN_STEPS, _MAX_STEPS = 2, 6
_STEP_LEVELS = 4  # how far above a refund phrase its step may sit (title → info → node)
_NOT_STEPS = frozenset({"a", "button", "tr", "td", "th", "tbody", "thead", "table", "option"})
_NOT_LABELS = frozenset({"a", "button", "option"})  # "Returns/refunds" is a button, not a state
_MARK_ATTRS = ("class", "aria-current", "aria-checked", "aria-selected", "aria-disabled", "aria-label")
_RANK: dict[RefundState, int] = {"requested": 0, "in_progress": 1, "completed": 2}
_AMOUNT = re.compile(
    r"(?:[A-Z]{1,3}\s?[$€£¥₩₽₺]|[$€£¥₩₽₺]|R\$)\s?\d[\d.,]*\d|\d[\d.,]*\d?\s?(?:€|₽|руб\.?|zł|TL|₺|원|kr)"
)
_MAX_ROW_TEXT = 300


def refund_in(node: Node, text: str | None = None) -> Refund | None:
    """The refund an order's block shows, or None. `text` is the block's text when the caller has it."""
    if not vocabulary().match("refund", node.text(" ") if text is None else text):
        return None  # one search over the block first: most orders show no refund
    labels = list(_labels(node))
    for element, _ in labels:
        steps = _step_run(element, node)
        if steps is not None:
            return _from_steps(steps)
    if not labels:
        return None
    element, state = max(labels, key=lambda found: _RANK[found[1]])  # the page's latest word on it
    row = _row(element, node)
    return Refund(state=state, amount=_amount(row), date=_iso(row))


def _labels(node: Node) -> Iterator[tuple[Node, RefundState]]:
    """Elements whose own text is a refund line, with the state it names, in page order."""
    for element in islice(node.descendants, _SCAN_LIMIT):
        own = clean(element.own_text())
        if not own or len(own) > _MAX_LABEL or element.tag in _NOT_LABELS:
            continue
        state = _state_of(own)
        if state is not None:
            yield element, state


def _state_of(text: str) -> RefundState | None:
    """The most advanced refund state the text names, if any; none where it names a condition or a rule
    ("Remboursé si pas reçu avant le 14 févr.", "Orders not shipped in time are refunded"): a promise."""
    vocab = vocabulary()
    named = {m.signal for m in vocab.match("refund", text)}
    if named and vocab.match("condition", text):
        return None
    return max((state for state in _RANK if state in named), key=_RANK.__getitem__, default=None)


def _step_run(label: Node, block: Node) -> list[Node] | None:
    """The progress steps the refund phrase belongs to: a run of alike siblings a few levels up, if any."""
    current = label
    for _ in range(_STEP_LEVELS):
        parent = current.parent
        if parent is None or current.key == block.key:
            return None
        run = [child for child in parent.children if _alike(child, current)]
        if _MIN_STEPS <= len(run) <= _MAX_STEPS and current.tag not in _NOT_STEPS and _looks_like_steps(run):
            return run
        current = parent
    return None


def _classes(node: Node) -> set[str]:
    return set((node.attr("class") or "").split())


def _alike(one: Node, other: Node) -> bool:
    """Same tag and a class in common (or neither has a class): the same kind of element."""
    if one.tag != other.tag:
        return False
    mine, theirs = _classes(one), _classes(other)
    return bool(mine & theirs) or not (mine or theirs)


def _looks_like_steps(run: Sequence[Node]) -> bool:
    """Short siblings that are marked apart, or all name a refund stage, or all carry a date."""
    texts = [clean(step.text(" ")) for step in run]
    if any(len(text) > _MAX_STEP_TEXT for text in texts):
        return False
    labelled = sum(1 for text in texts if _state_of(text) is not None)
    dated = all(parse_date(text) is not None for text in texts)
    return len(_marked(run)) not in (0, len(run)) or labelled >= 2 or dated


def _marks(step: Node) -> frozenset[str]:
    """A step's classes and aria states, its own and its descendants': what may tell done from pending."""
    found: set[str] = set()
    for element in (step, *islice(step.descendants, 50)):
        for attr in _MARK_ATTRS:
            value = element.attr(attr)
            if value is None:
                continue
            tokens = value.split() if attr == "class" else [value]
            found.update(f"{element.tag}.{attr}={token}" for token in tokens)
    return frozenset(found)


def _marked(run: Sequence[Node]) -> list[int]:
    """Indexes of the steps that carry a mark some other steps lack."""
    marks = [_marks(step) for step in run]
    shared = frozenset.intersection(*marks)
    return [index for index, own in enumerate(marks) if own - shared]


def _done(run: Sequence[Node]) -> int:
    """How many steps are done. Done steps come first: the marked ones when they lead, the unmarked ones when
    the marks trail (a "pending" class), up to the last marked one otherwise; no difference means all done."""
    marked, total = _marked(run), len(run)
    if not marked or len(marked) == total:
        return total
    if marked == list(range(len(marked))):
        return len(marked)
    if marked == list(range(total - len(marked), total)):
        return total - len(marked)
    return marked[-1] + 1


def _from_steps(run: Sequence[Node]) -> Refund:
    done, total = _done(run), len(run)
    last = run[done - 1] if done else None
    named = _state_of(clean(last.text(" "))) if last is not None else None
    if named is None:
        named = "completed" if done >= total else "requested" if done <= 1 else "in_progress"
    amounts = (_amount(step) for step in run)
    return Refund(
        state=named,
        amount=next((amount for amount in amounts if amount), None),
        date=_iso(last) if last is not None else None,
        steps_done=done,
        steps_total=total,
    )


def _row(label: Node, block: Node) -> Node:
    """The label's line with its value: the smallest element around it (up to its table row) with an amount."""
    current = label
    for _ in range(3):
        if _amount(current) or current.key == block.key or current.parent is None:
            return current
        parent = current.parent
        if len(parent.text(" ")) > _MAX_ROW_TEXT:
            return current
        current = parent
    return current


def _amount(node: Node) -> str | None:
    """A money amount in the element; prices come split into one span per digit, so text joins without spaces."""
    text = clean(node.text())
    match = _AMOUNT.search(text) if len(text) <= _MAX_ROW_TEXT else None
    return clean(match.group(0)) if match else None


def _iso(node: Node) -> str | None:
    text = node.text(" ")
    found = parse_date(text) if len(text) <= _MAX_ROW_TEXT else None
    return found.isoformat() if found else None
