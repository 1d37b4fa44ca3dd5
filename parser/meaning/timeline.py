"""Tracking events read by meaning: the longest run of sibling entries that each carry a timestamp, or on
a card or an order's page without one, the dated line that gives the newest event."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from orderlens.parser.dom import Node
from orderlens.parser.dom.tree import contains, lineage
from orderlens.parser.layouts.facts import lines_of
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
_DATE_TO_TIME_CHARS = 24  # how far a date may sit from its time: "December 5, 2026 at 09:41", "09:41 · 2026-12-05"


@dataclass(frozen=True, slots=True)
class Timeline:
    events: tuple[TrackingEvent, ...]
    nodes: tuple[Node, ...]


def _is_timestamp(text: str) -> bool:
    return len(text) <= _MAX_TIME_CHARS and bool(_TIME_OF_DAY.search(text)) and bool(_DATE.search(text))


def _stamps(root: Part) -> list[tuple[Node, str]]:
    """The elements inside `root` that show a timestamp, with it: a short text holding a date and a time of
    day, in one element or split over the children of one ("Dec 6, 2026" beside "14:22"), as a design that
    sets the date above the time shows it."""
    found: dict[int, tuple[Node, str]] = {}
    looked_at = {root.node.key}  # each parent once: a hostile page may put thousands of dates in one
    # Elements inside the root only: the walk gives the root itself as its own (distinct) object.
    for node, _, text in root.shown:
        if node is root.node or len(text) > _MAX_TIME_CHARS:
            continue
        if _is_timestamp(text):
            found.setdefault(node.key, (node, text))
        elif (_TIME_OF_DAY.search(text) or _DATE.search(text)) and (parent := node.parent) is not None:
            if parent.key not in looked_at and (joined := _pieced_stamp(parent)):
                found[parent.key] = (parent, joined)
            looked_at.add(parent.key)
    return list(found.values())


def _pieced_stamp(node: Node) -> str | None:
    """The timestamp a few small pieces show together, when that is all the element shows."""
    if len(list(islice(node.children, _MAX_STAMP_PIECES + 1))) > _MAX_STAMP_PIECES:
        return None
    joined = clean(node.text(" "))
    return joined if _is_timestamp(joined) else None


def timeline_in(root: Part) -> Timeline:
    """The page's tracking events, newest first as pages list them; empty when it shows none.

    An event is the largest element around a timestamp that holds no other timestamp (its title,
    description and time, however they are nested); the timeline is the parent with the most events.
    A row that only labels its time ("Paid on: 30 Nov 2026, 19:53") is order information, not an event.
    """
    stamps = _stamps(root)
    holding: Counter[int] = Counter(key for node, _ in stamps for key in (up.key for up in lineage(node)))
    groups: dict[int, list[tuple[Node, TrackingEvent]]] = {}
    for node, text in stamps:
        entry = node
        while (parent := entry.parent) is not None and holding[parent.key] == 1:
            entry = parent
        if entry.parent is not None and not _labels_its_time(event := _event(entry, node, text)):
            groups.setdefault(entry.parent.key, []).append((entry, event))
    if not groups:
        return Timeline((), ())
    entries = max(groups.values(), key=len)  # the first of equally long runs
    return Timeline(tuple(event for _, event in entries), tuple(entry for entry, _ in entries))


def _labels_its_time(event: TrackingEvent) -> bool:
    return event.title is None and event.description.endswith((":", "："))


def _event(entry: Node, stamp: Node, time_text: str) -> TrackingEvent:
    """The event's title and description: the entry's lines but those of its timestamp."""
    shown_time = {time_text, *lines_of(stamp)}
    lines = [line for line in lines_of(entry) if line not in shown_time]
    if len(lines) >= 2:
        return TrackingEvent(title=lines[0], description=" ".join(lines[1:]), time=time_text)
    return TrackingEvent(description=lines[0] if lines else time_text, time=time_text)


def events_shown(parts: Sequence[Part]) -> tuple[TrackingEvent, ...]:
    """The carrier events an order's card (or its page without a timeline of its own) shows: a short timeline
    of its own in carrier words ("In transit … Dec 6, 14:02" above "Exception … Dec 3, 09:40"), else the
    newest event alone. Rows that only date the order ("Order date: …", "Paid: …") are no carrier's news."""
    for part in parts:
        events = timeline_in(part).events
        if len(events) >= 2 and any(_in_carrier_words(event) for event in events):
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
    """The innermost shown line holding a timestamp and carrier words, the first such in page order."""
    found: tuple[Node, TrackingEvent] | None = None
    for part in parts:
        for node, _, text in part.shown:
            if found is not None and not contains(found[0], node):
                return (found[1],)
            if _stamp_in(text) and (event := _carrier_line(text)):
                found = (node, event)
    return (found[1],) if found else ()


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
    links = links_matching(parts, TRACKING_LINK)
    return next(((event,) for link in links if (event := _carrier_line(clean(link.text(" "))))), ())


def _carrier_line(line: str) -> TrackingEvent | None:
    """The line as an event (its timestamp apart) when its words tell of a parcel on the move."""
    stamp = _stamp_in(line)
    words = clean(line.replace(stamp, " ")) if stamp else line
    if not any(match.signal == "shipped" for match in vocabulary().match("tracking", words)):
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
