"""Tracking events read by meaning: the longest run of sibling entries that each carry a timestamp, or on
a card or an order's page without one, the dated line that gives the newest event."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from typing import NamedTuple

from orderlens.parser.dom import Node
from orderlens.parser.dom.tree import contains, lineage
from orderlens.parser.layouts.facts import is_label, lines_of
from orderlens.parser.layouts.facts.dates import names_a_day
from orderlens.parser.meaning.bounds import Part, links_matching
from orderlens.parser.meaning.fields import TRACKING_LINK
from orderlens.parser.model import TrackingEvent
from orderlens.parser.text import clean, fold
from orderlens.parser.vocabulary import vocabulary

_TIME_OF_DAY = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
_DATE = re.compile(
    r"(?<!\d)(?:19|20)\d{2}(?!\d)|(?<!\d)\d{1,2}[./-]\d{1,2}(?!\d)"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s?\d{1,2}\b"
    r"|(?<!\d)\d{1,2}\s?[월月]\s?\d{1,2}\s?[일日]",  # ko, zh, ja month and day: "12월 5일"
    re.I,
)
_MAX_TIME_CHARS = 32
_MAX_STAMP_PIECES = 4  # a date and a time, and perhaps a separator and a zone
_MAX_ROW_CELLS = 6  # an event's row: its date, time, stage, words, and an icon or two
_TIME_ALONE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_DAY_LEVELS = 3  # how far above a time alone the day's group may be (time → event → day, or one level more)
# A carrier's event is a line or two; a lone time (a seller's message, "5. Dez. 2026, 09:42") in a block of the
# page's notices and buttons is no event, and taking the block for one would hide the status label inside it.
_MAX_EVENT_CHARS = 300
_PARCEL_LABEL_REACH = 2000  # a card's part around a lone event is short; a hostile one is not read whole
_DATE_LABELS = frozenset({"order_date", "paid_date"})  # labels of a date that is order information, not news
_DATE_TO_TIME_CHARS = 24  # how far a date may sit from its time: "December 5, 2026 at 09:41", "09:41 · 2026-12-05"


@dataclass(frozen=True, slots=True)
class Timeline:
    events: tuple[TrackingEvent, ...]
    nodes: tuple[Node, ...]


def _is_timestamp(text: str) -> bool:
    """A short text with a time of day and a date, the month perhaps named in the page's language ("5 déc., 09:12")."""
    return (
        len(text) <= _MAX_TIME_CHARS
        and bool(_TIME_OF_DAY.search(text))
        and bool(_DATE.search(text) or names_a_day(text))
    )


class _Stamp(NamedTuple):
    """An element showing an event's time, that time, and the day's group when a heading gives its date."""

    node: Node
    text: str
    day: Node | None = None


def _stamps(root: Part) -> list[_Stamp]:
    """The elements inside `root` that show a timestamp, with it: a short text holding a date and a time of
    day, in one element or split over the children of one ("Dec 6, 2026" beside "14:22"), as a design that
    sets the date above the time shows it; or a time alone under a heading that dates a day's events."""
    found: dict[int, _Stamp] = {}
    days = _DayHeadings()
    looked_at = {root.node.key}  # each parent once: a hostile page may put thousands of dates in one
    rows: set[int] = set()  # parents small enough to be one event's row, whose cells may pair a date and a time
    # Elements inside the root only: the walk gives the root itself as its own (distinct) object.
    for node, _, text in root.shown:
        if node is root.node or len(text) > _MAX_TIME_CHARS:
            continue
        if _is_timestamp(text):
            found.setdefault(node.key, _Stamp(node, text))
        elif _TIME_ALONE.fullmatch(text) and not _inside_found(node, found) and (day := days.above(node)) is not None:
            found.setdefault(node.key, _Stamp(node, f"{day[1]} {text}", day[0]))
        elif (_TIME_OF_DAY.search(text) or _DATE.search(text)) and (parent := node.parent) is not None:
            if parent.key not in looked_at:
                joined = _pieced_stamp(parent)
                if joined:
                    found[parent.key] = _Stamp(parent, joined)
                elif len(list(islice(parent.children, _MAX_ROW_CELLS + 1))) <= _MAX_ROW_CELLS:
                    rows.add(parent.key)
            if parent.key in rows and (paired := _paired_stamp(node, text)):
                found.setdefault(node.key, _Stamp(node, paired))
            looked_at.add(parent.key)
    return _innermost(found)


def _innermost(found: dict[int, _Stamp]) -> list[_Stamp]:
    """The stamps that hold no other: a line that shows a time with its carrier ("СДЭК · <time>4 декабря,
    16:03</time>") is short enough to read as a timestamp too, and two stamps in one entry would split it."""
    outer = {up.key for stamp in found.values() for up in islice(lineage(stamp.node), 1, None) if up.key in found}
    return [stamp for key, stamp in found.items() if key not in outer]


def _inside_found(node: Node, found: dict[int, _Stamp]) -> bool:
    """Whether the time is a piece of a timestamp found already (its parent shows the date with it)."""
    return node.parent is not None and node.parent.key in found


class _DayHeadings:
    """Days that head their events: an element whose first child only dates a day ("Thu 3 Dec 2026") and whose
    other children are the day's events, each showing its time alone. Each element is asked once."""

    def __init__(self) -> None:
        self._dates: dict[int, str | None] = {}

    def above(self, node: Node) -> tuple[Node, str] | None:
        """The day group within a few levels above `node`, and the date its heading gives."""
        for up in islice(lineage(node), 2, _DAY_LEVELS + 1):  # the time stands in an event, below the day
            if up.key not in self._dates:
                self._dates[up.key] = self._heading_date(up)
            date = self._dates[up.key]
            if date is not None:
                return up, date
        return None

    @staticmethod
    def _heading_date(group: Node) -> str | None:
        heading = next(group.children, None)
        text = clean(heading.text(" ")) if heading is not None else ""
        dated = len(text) <= _MAX_TIME_CHARS and (_DATE.search(text) or names_a_day(text))
        return text if dated and not _TIME_OF_DAY.search(text) else None


def _paired_stamp(node: Node, text: str) -> str | None:
    """The timestamp an element shows with the one right after it, a date beside its time in a row that also
    holds the event's words ("<span>Dec 6, 2026</span><span>18:40</span><span>In transit</span>…")."""
    beside = node.next_element
    joined = f"{text} {clean(beside.text(' '))}" if beside is not None else ""
    return joined if beside is not None and _is_timestamp(joined) else None


def _pieced_stamp(node: Node) -> str | None:
    """The timestamp a few small pieces show together, when that is all the element shows."""
    if len(list(islice(node.children, _MAX_STAMP_PIECES + 1))) > _MAX_STAMP_PIECES:
        return None
    joined = clean(node.text(" "))
    return joined if _is_timestamp(joined) else None


def timeline_in(root: Part) -> Timeline:
    """The page's tracking events, newest first as pages list them; empty when it shows none.

    An event is the largest element around a timestamp that holds no other timestamp (its title,
    description and time, however they are nested), short of the links of a card around it (a lone event in a
    card stops below the element that also holds the card's item, store and order links); the timeline is the
    parent with the most events.
    A row that only labels its time ("Paid on: 30 Nov 2026, 19:53", a header cell beside it) is order information,
    not an event.
    """
    stamps = _stamps(root)
    holding: Counter[int] = Counter(key for stamp in stamps for key in (up.key for up in lineage(stamp.node)))
    groups: dict[int, list[tuple[Node, TrackingEvent]]] = {}
    for node, text, day in stamps:
        entry, inside = node, True  # links are looked for inside the part only: above it is other cards' ground
        while (parent := entry.parent) is not None and holding[parent.key] == 1:
            if day is not None and parent.key == day.key:
                break  # a day's event stays apart from the heading that dates it
            if inside and entry.first("a[href]") is None and len(parent.select("a[href]", 2)) == 2:
                break  # a lone event stops where the card around it links to its items, store and order
            if inside and _names_a_parcel(parent):
                break  # a lone event stops beside the parcel's tracking number: that number is the parcel's
            inside = inside and parent.key != root.node.key
            entry = parent
        event = _event(entry, node, text)
        is_event = len(event.description) <= _MAX_EVENT_CHARS and not _labels_its_time(event, entry)
        if entry.parent is not None and is_event:
            # A day's events belong with the other days' in one timeline, the days' parent.
            group = day.parent if day is not None and day.parent is not None else entry.parent
            groups.setdefault(group.key, []).append((entry, event))
    if not groups:
        return Timeline((), ())
    entries = max(groups.values(), key=len)  # the first of equally long runs
    return Timeline(tuple(event for _, event in entries), tuple(entry for entry, _ in entries))


def _names_a_parcel(node: Node) -> bool:
    """Whether the element's text holds a tracking-number label ("Código de rastreio: LP00…")."""
    text = node.text(" ")
    return any(m.signal == "tracking_number" for m in vocabulary().match("label", text[:_PARCEL_LABEL_REACH]))


def _labels_its_time(event: TrackingEvent, entry: Node) -> bool:
    """A row whose only words are its time's label: ending in a colon, a header cell or a description term
    beside the time ("<th>Order date</th><td>28 Sep 2026 21:47</td>"), or the words of an order-information
    label ("주문일 2026년 11월 29일 14:20", "Paid on 28 Nov 2026", in two plain cells)."""
    if event.title is not None:
        return False
    if event.description.endswith((":", "：")) or is_label(event.description, *_DATE_LABELS):
        return True
    return any(clean(label.text(" ")) == event.description for label in entry.select("th, dt"))


def _event(entry: Node, stamp: Node, time_text: str) -> TrackingEvent:
    """The event's title and description: the entry's lines but those of its timestamp."""
    shown_time = {time_text, *lines_of(stamp)}
    # A piece of the time (its hour beside the date) is no line of the event's.
    lines = [line for line in lines_of(entry) if line not in shown_time and line not in time_text]
    if len(lines) >= 2:
        return TrackingEvent(title=lines[0], description=" ".join(lines[1:]), time=time_text)
    return TrackingEvent(description=lines[0] if lines else time_text, time=time_text)


def events_shown(parts: Sequence[Part]) -> tuple[TrackingEvent, ...]:
    """The carrier events an order's card (or its page without a timeline of its own) shows: a short timeline
    of its own in carrier words ("In transit … Dec 6, 14:02" above "Exception … Dec 3, 09:40"; a single event
    with its title, words and time apart), else the newest event alone. Rows that only date the order ("Order
    date: …", "Paid: …") are no carrier's news."""
    for part in parts:
        events = timeline_in(part).events
        if events and any(_in_carrier_words(event) for event in events):
            return events
    return newest_event_line(parts)


def _in_carrier_words(event: TrackingEvent) -> bool:
    text = " ".join(line for line in (event.title, event.description) if line)
    return bool(vocabulary().match("tracking", text))


def newest_event_line(parts: Sequence[Part]) -> tuple[TrackingEvent, ...]:
    """The newest carrier event where an order shows only that one: a dated line under its status ("Dec 5,
    2026 09:41 In transit · Except for parcel handling in the sorting center"), a line labelled as the latest
    update, else the logistics line that links to the tracking page. Unlabelled, only words of a parcel on the
    move make a line the carrier's: "Order canceled on Dec 5, 2026 10:02" is the order's own news, and "Track
    order" a button."""
    return _dated_line(parts) or _labelled_line(parts) or _tracking_link_line(parts)


def _dated_line(parts: Sequence[Part]) -> tuple[TrackingEvent, ...]:
    """The innermost shown line holding a timestamp and words of a parcel on the move, the first such in page order,
    newest first; and the dated lines of carrier news after it in the same part, older events the card shows
    apart ("Eerder: Storing · Uitzondering bij de pakketverwerking · 4 dec. 2026 09:41")."""
    for part in parts:
        events: list[TrackingEvent] = []
        found: tuple[Node, TrackingEvent] | None = None
        for node, _, text in part.shown:
            if found is not None and not contains(found[0], node):
                events.append(found[1])
                found = None
                if len(events) == _MAX_CARD_EVENTS:
                    break
            if _stamp_in(text) and (event := _carrier_line(text, any_news=bool(events))):
                found = (node, event)
        if found is not None:
            events.append(found[1])
        if events:
            return tuple(events)
    return ()


_MAX_CARD_EVENTS = 8  # a card shows its newest events, not a whole timeline


def _labelled_line(parts: Sequence[Part]) -> tuple[TrackingEvent, ...]:
    """A line the page labels as the newest update ("Latest update: Delivered — Package handed over"), in any
    carrier words: the label says whose news it is."""
    vocab = vocabulary()
    for part in parts:
        for _, _, text in part.shown:
            if ":" not in text and "：" not in text:  # a label is followed by its colon: most lines are passed over
                continue
            folded = fold(text)
            labelled = any(start == 0 and m.signal == "latest_event" for start, _, m in vocab.spans("label", folded))
            if labelled and vocab.match("tracking", folded, folded=True):
                return (TrackingEvent(description=text, time=_stamp_in(text)),)
    return ()


def _tracking_link_line(parts: Sequence[Part]) -> tuple[TrackingEvent, ...]:
    """A line that links to the parcel's tracking page is the carrier's, whatever its news (an exception too)."""
    links = links_matching(parts, TRACKING_LINK)
    return next(((event,) for link in links if (event := _carrier_line(clean(link.text(" ")), any_news=True))), ())


def _carrier_line(line: str, any_news: bool = False) -> TrackingEvent | None:
    """The line as an event (its timestamp apart) when its words tell of a parcel on the move (`any_news`: when
    they tell any carrier news)."""
    stamp = _stamp_in(line)
    words = clean(line.replace(stamp, " ")) if stamp else line
    if not any(any_news or match.signal == "shipped" for match in vocabulary().match("tracking", words)):
        return None
    return TrackingEvent(description=words, time=stamp)


def _stamp_in(text: str) -> str | None:
    """A date with its time of day inside a line, either written first."""
    for time in _TIME_OF_DAY.finditer(text):
        before = text[max(0, time.start() - _DATE_TO_TIME_CHARS) : time.start()]
        if date := _DATE.search(before):
            return text[time.start() - len(before) + date.start() : time.end()]
        if date := _DATE.search(text, time.end(), time.end() + _DATE_TO_TIME_CHARS):
            return text[time.start() : date.end()]
    return None
