"""Tracking events read by meaning: the longest run of sibling entries that each carry a timestamp."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from orderlens.parser.dom import Node
from orderlens.parser.dom.tree import lineage
from orderlens.parser.layouts.facts import lines_of
from orderlens.parser.meaning.bounds import Part
from orderlens.parser.model import TrackingEvent

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


def timeline_in(root: Part) -> Timeline:
    """The page's tracking events, newest first as pages list them; empty when it shows none.

    An event is the largest element around a timestamp that holds no other timestamp (its title,
    description and time, however they are nested); the timeline is the parent with the most events.
    """
    # Elements inside the root only: the walk gives the root itself as its own (distinct) object.
    stamps = [(node, text) for node, _, text in root.shown if node is not root.node and _is_timestamp(text)]
    holding: Counter[int] = Counter(key for node, _ in stamps for key in (up.key for up in lineage(node)))
    groups: dict[int, list[tuple[Node, str]]] = {}
    for node, text in stamps:
        entry = node
        while (parent := entry.parent) is not None and holding[parent.key] == 1:
            entry = parent
        if entry.parent is not None:
            groups.setdefault(entry.parent.key, []).append((entry, text))
    if not groups:
        return Timeline((), ())
    entries = max(groups.values(), key=len)  # the first of equally long runs
    return Timeline(tuple(_event(entry, time) for entry, time in entries), tuple(entry for entry, _ in entries))


def _event(entry: Node, time_text: str) -> TrackingEvent:
    lines = [line for line in lines_of(entry) if line != time_text]
    if len(lines) >= 2:
        return TrackingEvent(title=lines[0], description=" ".join(lines[1:]), time=time_text)
    return TrackingEvent(description=lines[0] if lines else time_text, time=time_text)
