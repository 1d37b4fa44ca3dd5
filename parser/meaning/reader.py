"""The generic reader: every order of a page and its facts, from what the page says and links to.

Layout modules know exact class names and read their pages fast and precisely; this reader knows none,
so it still works after a front-end rebuild. It finds orders by their ids (identify.py), statuses by
vocabulary (status.py), tracking events by their timestamps (timeline.py) and everything else by link
targets and labels (fields.py), and fills the same `OrderFacts` a layout would, so the classifier and the
banners do not know which path read the page. Each part of an order is walked once (bounds.py `Part`) and
every reader takes what it needs from that walk.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from orderlens.parser.dom import Node
from orderlens.parser.dom.path import ElementPaths
from orderlens.parser.dom.tree import contains, lineage
from orderlens.parser.layouts.base import Page
from orderlens.parser.layouts.facts import (
    codes_in,
    countdowns_in,
    date_in,
    event_texts,
    notices_in,
    protection_until,
    refund_in,
    tooltips,
)
from orderlens.parser.meaning.bounds import Part
from orderlens.parser.meaning.fields import (
    TRACKING_LINK,
    actions_of,
    detail_url_of,
    hidden_lines,
    items_of,
    store_of,
    total_of,
    tracking_number_of,
)
from orderlens.parser.meaning.identify import MAX_MARKS, OrderBlock, id_marks, order_blocks, page_order_id
from orderlens.parser.meaning.status import (
    StatusRead,
    StepRuns,
    carrier_headline,
    first_alone,
    labelled_status_line,
    nearest,
    status_candidates,
)
from orderlens.parser.meaning.timeline import Timeline, events_shown, timeline_in
from orderlens.parser.model import OrderFacts, PageKind, TrackingEvent
from orderlens.parser.vocabulary import vocabulary

# Page kinds by URL path, as AliExpress has named them over the years.
_KIND_BY_URL: tuple[tuple[PageKind, re.Pattern[str]], ...] = (
    ("tracking", TRACKING_LINK),
    ("order_detail", re.compile(r"/p/order/detail|order_detail|/order-list/\d{12}", re.I)),
    ("order_list", re.compile(r"/p/order/index|orderlist|order_list|/order-list", re.I)),
)


@dataclass(frozen=True, slots=True)
class MeaningRead:
    """What the generic reader made of a page: its kind and each order's facts, in page order."""

    page_kind: PageKind
    orders: list[OrderFacts]


def kind_from_url(url: str | None) -> PageKind | None:
    return next((kind for kind, pattern in _KIND_BY_URL if pattern.search(url or "")), None)


# What a page's title says it shows, in the words of its buttons ("Seguimiento del paquete", "Order details").
_KIND_BY_ACTION: dict[str, PageKind] = {"track": "tracking", "details": "order_detail"}


def kind_from_title(page: Page) -> PageKind | None:
    """An order's own page named by its `<title>` (a saved page without its URL still has one)."""
    title = page.root.first("title")
    found = vocabulary().first("action", title.text()) if title is not None else None
    return _KIND_BY_ACTION.get(found.signal) if found is not None else None


def read_by_meaning(page: Page, limit: int, wanted: Collection[str] | None = None) -> MeaningRead:
    """Every order on the page (at most `limit`), read without relying on any class name.

    `wanted` names the only orders whose facts are needed (those a layout could not read): every order's
    id still bounds the others' blocks, but only these are read.
    """
    body = page.root.first("body") or page.root
    marks = id_marks(body, limit)
    kind = kind_from_url(page.url)
    single_id = page_order_id(page.url) if kind in ("order_detail", "tracking") else None
    if kind in ("order_detail", "tracking") or (kind is None and len(marks) == 1):
        order_id = single_id or next(iter(marks), None)
        if order_id is None:
            return MeaningRead("unknown", [])
        whole = Part(_first_copy(body, marks.get(order_id, [])))
        timeline = timeline_in(whole) if kind != "order_detail" else Timeline((), ())
        # Without a URL, carrier events make a tracking page, unless the page also says what the order cost:
        # an order's own page may list its parcels' events too, a tracking page shows no total.
        shows_total = total_of((whole,)) is not None
        guessed: PageKind = "tracking" if timeline.events and not shows_total else "order_detail"
        page_kind = kind or kind_from_title(page) or guessed
        order = _single_order(page, page_kind, whole, order_id, marks.get(order_id, []), timeline)
        return MeaningRead(page_kind, [order])
    if not marks:
        return MeaningRead("unknown", [])
    paths, runs = ElementPaths(), StepRuns()
    blocks = [block for block in order_blocks(body, marks) if wanted is None or block.order_id in wanted]
    return MeaningRead("order_list", [_listed_order(page, body, block, paths, runs) for block in blocks])


def _first_copy(body: Node, marks: Sequence[Node]) -> Node:
    """Where a lone order's page is read: the whole body, unless the page repeats the order's card so often
    that its marks were capped (a hostile page); then its first card, the highest element above the first mark
    that holds not all of them, so the work stays bounded however many copies follow."""
    if len(marks) < MAX_MARKS:
        return body
    card = marks[0]
    for above in lineage(marks[0]):
        if above.key == body.key or contains(above, marks[-1]):
            break
        card = above
    return card


def _single_order(
    page: Page, page_kind: PageKind, body: Part, order_id: str, marks: Sequence[Node], timeline: Timeline
) -> OrderFacts:
    """An order's own page: the status is the lone label nearest to where the page names the order (else the
    first lone label, else on a tracking page a headline that tells carrier news), never a line of the tracking
    timeline. A page without a timeline may still show the newest event (a detail page's logistics line)."""
    candidates = status_candidates(body, frozenset(node.key for node in timeline.nodes))
    status = nearest(candidates, marks) if marks else first_alone(candidates)
    status = status or labelled_status_line((body.node,))
    if status is None and page_kind == "tracking":
        status = carrier_headline(body.node)
    anchor = status.node if status else (timeline.nodes[0].parent if timeline.nodes else None) or body.node
    detail_url = page.url if page_kind == "order_detail" else detail_url_of((body,), page.url)
    events = timeline.events or events_shown((body,))
    return _facts(page, order_id, (body,), status, ElementPaths().of(anchor), events, detail_url)


def _listed_order(page: Page, body: Node, block: OrderBlock, paths: ElementPaths, runs: StepRuns) -> OrderFacts:
    """A card in a list: the status is its first label, or on a lone order's page the one nearest its id."""
    parts = [Part(node) for node in block.parts]  # each walked once, for every reader below
    if [part.key for part in block.parts] == [body.key]:
        status = nearest(status_candidates(parts[0]), block.marks)
    else:
        status = first_alone([found for part in parts for found in status_candidates(part)], runs)
    status = status or labelled_status_line(block.parts)
    holder = next((part for part in block.parts if status and contains(part, status.node)), block.parts[0])
    if not _names_order(holder, block):  # a flat card's status line: the extension only trusts what names the order
        holder = next((part for part in block.parts if _names_order(part, block)), holder)
    anchor = status.node if status is not None and holder.key == body.key else holder
    detail_url = detail_url_of(parts, page.url)
    events = events_shown(parts)
    return _facts(page, block.order_id, parts, status, paths.of(anchor), events, detail_url, block.shared)


def _names_order(part: Node, block: OrderBlock) -> bool:
    return any(contains(part, mark) for mark in block.marks)


def _facts(
    page: Page,
    order_id: str,
    walked: Sequence[Part],
    status: StatusRead | None,
    path: str,
    events: tuple[TrackingEvent, ...],
    detail_url: str | None,
    shared: Sequence[Node] = (),
) -> OrderFacts:
    """The facts every kind of page shares, read from the order's parts; the notices of its group (`shared`) too."""
    base = page.url
    parts = [part.node for part in walked]
    items = items_of(walked, base)
    store_name, store_url = store_of(walked, base)
    exclude = {item.title for item in items} | {store_name or ""} | event_texts(events) | hidden_lines(parts)
    texts = [part.text(" ") for part in parts]  # read once for the codes, notices, countdowns, refund and protection
    tips = [tooltips(part) for part in parts]
    said = [" ".join([text, *tip]) for text, tip in zip(texts, tips, strict=True)]  # with what tooltips add
    codes = [codes_in(part, text) for part, text in zip(parts, texts, strict=True)]
    order_date = next((dated for part, text in zip(parts, texts, strict=True) if (dated := date_in(part, text))), None)
    own_notices = (
        found
        for part, text, tip in zip(parts, texts, tips, strict=True)
        for found in notices_in(part, exclude, text, tip)
    )
    group_notices = (found for node in shared for found in notices_in(node, exclude))
    return OrderFacts(
        order_id=order_id,
        status_text=status.text if status else None,
        status_code=next((code for code, _ in codes if code), None),
        end_reason=next((reason for _, reason in codes if reason), None),
        order_date=order_date,
        store_name=store_name,
        store_url=store_url,
        detail_url=detail_url,
        items=items,
        total=total_of(walked),
        tracking_number=tracking_number_of(parts),
        tracking_events=events,
        countdowns=tuple(
            countdown
            for part, text in zip(parts, said, strict=True)
            for countdown in countdowns_in(part, text, order_date)
        ),
        notices=tuple(dict.fromkeys([*own_notices, *group_notices])),
        actions=actions_of(walked, base),
        refund=next((found for part, text in zip(parts, texts, strict=True) if (found := refund_in(part, text))), None),
        protection_until=protection_until(" ".join(said), order_date),
        anchor=path,
        anchor_path=path,
    )
