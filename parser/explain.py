"""What `orderlens analyze --explain` prints besides the table: every fact read, and on a page no layout
claims, where the orders seem to be and the command that starts a layout for them.

A contributor facing an unrecognised page needs three things: proof that orders are there (the blocks
the generic reader of parser/meaning/ finds around each order id, with the text that looks like each
status), the layout that came closest and what it missed (maybe only a renamed class), and the exact
`orderlens new-layout` command, with CSS selectors that pick exactly those blocks and statuses when the
page's classes allow it. The reading reuses parser/meaning/; nothing here is a second reader.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, fields

from orderlens.parser.decode import decode
from orderlens.parser.dom import Node, parse
from orderlens.parser.dom.path import ElementPaths
from orderlens.parser.layouts import REGISTRY, Detection, Page
from orderlens.parser.layouts.base import MAX_ORDERS
from orderlens.parser.layouts.facts import status_text_of
from orderlens.parser.meaning.identify import OrderBlock, id_marks, order_blocks, page_order_id
from orderlens.parser.meaning.reader import kind_from_url
from orderlens.parser.meaning.status import StatusRead, first_alone, nearest, status_candidates
from orderlens.parser.model import Analysis, OrderFacts, json_data
from orderlens.parser.recognise import recognise
from orderlens.parser.screen import screen
from orderlens.parser.text import clean
from orderlens.parser.urls import urlsplit_or_none

SHOWN_BLOCKS = 20  # a long list proves the point with its first cards
_CLASS = re.compile(r"-?[A-Za-z_][\w-]*")  # a class token usable as `.token` without escaping
_SHORT_KIND = {"order_list": "list", "order_detail": "detail", "tracking": "tracking"}


def fact_lines(facts: OrderFacts) -> list[str]:
    """`name: value` for every fact the reader filled in, in the model's order (the id heads the order)."""
    lines = []
    for name in (item.name for item in fields(OrderFacts)):
        value = getattr(facts, name)
        if name == "order_id" or value in (None, (), False):
            continue
        for shown in _shown(name, value):
            lines.append(f"{name.replace('_', ' ')}: {shown}")
    return lines


def _shown(name: str, value: object) -> list[str]:
    """One line per item of a tuple fact (items, events, countdowns, actions), else one line."""
    if not isinstance(value, tuple):
        return [str(value)]
    if name == "notices":
        return [" | ".join(value)]
    return [", ".join(f"{key}={v!r}" for key, v in json_data(part).items() if v is not None) for part in value]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One repeated element that holds exactly one order id: maybe an order's block."""

    order_id: str
    element: str  # tag and classes, e.g. div.purchase-card
    path: str
    status: str | None


@dataclass(frozen=True, slots=True)
class Hint:
    """Where a contributor starts on a page no layout claims."""

    candidates: tuple[Candidate, ...]
    closest: Detection | None
    command: str | None  # None when the page shows no order id at all


def hint(data: bytes, analysis: Analysis, backend: str, source: str) -> Hint | None:
    """The starting point for a page no layout claims; None when a layout claims it or it is no page
    to start from (refused, or a verification wall)."""
    if analysis.layout is not None or any(d.code in ("anti_bot", "page_refused") for d in analysis.diagnostics):
        return None
    page = Page(parse(screen(decode(data)).html, backend), analysis.url)
    found = recognise(page)
    if found.layout is not None or found.blocked:
        return None
    body = page.root.first("body") or page.root
    marks = id_marks(body, MAX_ORDERS)
    blocks = order_blocks(body, marks)
    kind = _kind(analysis, len(blocks))
    named = page_order_id(analysis.url) if kind != "order_list" else None
    if not blocks and named:  # an order's own page may name it only in its address
        blocks = [OrderBlock(named, (body,), ())]
    single = kind != "order_list" or (len(blocks) == 1 and [p.key for p in blocks[0].parts] == [body.key])
    paths = ElementPaths()
    statuses: list[StatusRead | None] = []
    candidates = []
    for block in blocks:
        reads = [read for part in block.parts for read in status_candidates(part)]
        status = nearest(reads, block.marks) if single else first_alone(reads)
        statuses.append(status)
        first = block.parts[0]
        candidates.append(Candidate(block.order_id, _element(first), paths.of(first), status.text if status else None))
    closest = found.detections[0] if found.detections else None
    if not blocks:
        return Hint((), closest, None)
    if single:  # the block of the order the page is about (a detail page may link to other orders)
        ours = {order.order_id for order in analysis.orders}
        status = next(
            (read for block, read in zip(blocks, statuses, strict=True) if block.order_id in ours), statuses[0]
        )
        orders_css = _container_css(page.root, body, status.node) if status else None
        status_css = _status_css([page.root], [status]) if status else None
    else:
        parts = [block.parts[0] for block in blocks if len(block.parts) == 1]
        orders_css = _blocks_css(page.root, parts) if len(parts) == len(blocks) else None
        status_css = _status_css(parts, statuses) if orders_css else None
    command = _command(_name(analysis.url, kind), source, kind, orders_css, status_css)
    return Hint(tuple(candidates), closest, command)


def hint_lines(found: Hint) -> list[str]:
    """The hint as the terminal shows it."""
    lines = ["No layout claims this page."]
    if found.candidates:
        lines.append(f"Candidate order blocks ({len(found.candidates)}, each holding one order id):")
        for candidate in found.candidates[:SHOWN_BLOCKS]:
            status = repr(candidate.status) if candidate.status else "no status-like text"
            lines.append(f"  {candidate.order_id}  {candidate.element}  status: {status}  at {candidate.path}")
        if len(found.candidates) > SHOWN_BLOCKS:
            lines.append(f"  … and {len(found.candidates) - SHOWN_BLOCKS} more")
    else:
        lines.append("No element carries an order id: make sure the saved page shows orders.")
    closest = found.closest
    if closest is not None and closest.score > 0:
        share = f"{closest.score:.0%} of its markers"
        lines.append(f"Closest layout: {closest.layout} ({share}); missing {', '.join(closest.missing)}")
    else:
        lines.append("No layout came close: none of their markers is on the page.")
    if found.command:
        lines.append(f"Next: {found.command}")
    return lines


def _kind(analysis: Analysis, blocks: int) -> str:
    """The page kind the generic reader settled on, else the URL's, else what the blocks suggest."""
    if analysis.page_kind != "unknown":
        return analysis.page_kind
    return kind_from_url(analysis.url) or ("order_list" if blocks > 1 else "order_detail")


def _element(node: Node) -> str:
    classes = (node.attr("class") or "").split()
    return node.tag + "".join(f".{token}" for token in classes[:3]) + ("…" if len(classes) > 3 else "")


def _classes(node: Node) -> list[str]:
    return [token for token in (node.attr("class") or "").split() if _CLASS.fullmatch(token)]


def _blocks_css(root: Node, blocks: Sequence[Node]) -> str | None:
    """A class that selects exactly these blocks in the whole page."""
    keys = {block.key for block in blocks}
    for token in _classes(blocks[0]):
        if all(token in _classes(block) for block in blocks) and {n.key for n in root.select(f".{token}")} == keys:
            return f".{token}"
    return None


def _status_css(blocks: Sequence[Node], statuses: Sequence[StatusRead | None]) -> str | None:
    """A class whose first match in each block is that block's status text."""
    reads = [read for read in statuses if read is not None]
    if len(reads) != len(blocks) or not reads:
        return None
    for token in _classes(reads[0].node):
        css = f".{token}"
        if all(status_text_of(block, css) == clean(read.text) for block, read in zip(blocks, reads, strict=True)):
            return css
    return None


def _container_css(root: Node, body: Node, status: Node) -> str | None:
    """On a single-order page: the outermost element around the status with a class no other element has."""
    found = None
    current = status.parent
    while current is not None and current.key != body.key:
        unique = next((f".{t}" for t in _classes(current) if len(root.select(f".{t}")) == 1), None)
        found = unique or found
        current = current.parent
    return found


def _name(url: str | None, kind: str) -> str:
    """A free layout name from the site and the page kind: es_list, ru_detail, new_list, new_list_2, …"""
    parts = urlsplit_or_none(url or "")
    host = (parts.hostname if parts else None) or ""
    label = host.split(".")[0]
    site = "ru" if host.endswith("aliexpress.ru") else label if re.fullmatch(r"[a-z]{2}", label) else "new"
    base = f"{site}_{_SHORT_KIND.get(kind, 'page')}"
    taken = {layout.name for layout in REGISTRY}
    return next(name for n in range(1, len(taken) + 2) if (name := base if n == 1 else f"{base}_{n}") not in taken)


def _command(name: str, source: str, kind: str, orders_css: str | None, status_css: str | None) -> str:
    words = ["orderlens", "new-layout", name, "--from", source, "--kind", kind]
    words += ["--orders", orders_css] if orders_css else []
    words += ["--status", status_css] if status_css else []
    return shlex.join(words)
