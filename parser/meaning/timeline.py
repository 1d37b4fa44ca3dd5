"""Tracking events read by meaning: the longest run of sibling entries that each carry a timestamp."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parser.dom import Node
from parser.layouts.facts import lines_of
from parser.model import TrackingEvent
from parser.text import clean

_TIME_OF_DAY = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
_DATE = re.compile(
    r"(?<!\d)(?:19|20)\d{2}(?!\d)|(?<!\d)\d{1,2}[./-]\d{1,2}(?!\d)"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s?\d{1,2}\b",
    re.I,
)
_MAX_TIME_CHARS = 32


@dataclass(frozen=True, slots=True)
class Timeline:
    events: tuple[TrackingEvent, ...]
    nodes: tuple[Node, ...]


def _is_timestamp(text: str) -> bool:
    return len(text) <= _MAX_TIME_CHARS and bool(_TIME_OF_DAY.search(text)) and bool(_DATE.search(text))


def timeline_in(root: Node) -> Timeline:
    """The page's tracking events, newest first as pages list them; empty when it shows none."""
    groups: dict[int, list[tuple[Node, str]]] = {}
    for node in root.select("*"):
        if not node.own_text().strip():
            continue
        time_text = clean(node.text(" "))
        if not _is_timestamp(time_text):
            continue
        entry = _entry_of(node, time_text)
        parent = entry.parent
        if parent is not None and all(seen.key != entry.key for seen, _ in groups.get(parent.key, [])):
            groups.setdefault(parent.key, []).append((entry, time_text))
    if not groups:
        return Timeline((), ())
    entries = max(groups.values(), key=len)  # the first of equally long runs
    return Timeline(tuple(_event(entry, time) for entry, time in entries), tuple(entry for entry, _ in entries))


def _entry_of(time_node: Node, time_text: str) -> Node:
    """The smallest element around a timestamp that says more than the timestamp."""
    entry = time_node
    while (parent := entry.parent) is not None and clean(entry.text(" ")) == time_text:
        entry = parent
    return entry


def _event(entry: Node, time_text: str) -> TrackingEvent:
    lines = [line for line in lines_of(entry) if line != time_text]
    if len(lines) >= 2:
        return TrackingEvent(title=lines[0], description=" ".join(lines[1:]), time=time_text)
    return TrackingEvent(description=lines[0] if lines else time_text, time=time_text)
