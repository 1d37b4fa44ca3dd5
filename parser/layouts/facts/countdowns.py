"""Deadlines shown on an order: legacy `lefttime` milliseconds and countdown sentences in any language."""

from __future__ import annotations

import re
from functools import cache

from orderlens.parser.dom import Node
from orderlens.parser.model import Countdown
from orderlens.parser.text import clean, fold
from orderlens.parser.vocabulary import vocabulary

_CLOCK = re.compile(r"(?<!\d)(\d{1,3})\s?:\s?(\d{2})\s?:\s?(\d{2})(?!\d)")
_DURATION = re.compile(r"(?<![\d:.])(\d{1,4})\s?([^\W\d_]{1,9})\.?", re.UNICODE)
_COUNTDOWN_ATTRS = ("lefttime", "data-lefttime", "data-left-time", "data-countdown")
_COUNTDOWN_CLASSES = "[class*='countdown'], [class*='count-down'], [class*='left-time'], [class*='lefttime']"
_WINDOW = 48
_UNIT_SECONDS = {"day": 86400, "hour": 3600, "minute": 60, "second": 1}


@cache
def _time_units() -> dict[str, str]:
    """Every language's time-unit words (folded) -> day/hour/minute/second, built once."""
    units = vocabulary().rows["countdown"]
    return {folded: signal for folded, (signal, _, _) in units.items() if signal in _UNIT_SECONDS}


def _duration_seconds(window: str) -> int | None:
    """Seconds in a folded text like '1 day 06:12:40' or '2 days 5 h'; None when it holds no duration."""
    unit_of = _time_units()
    total, found = 0, False
    for number, word in _DURATION.findall(window):
        unit = unit_of.get(word.rstrip("."))
        if unit is not None:
            total += int(number) * _UNIT_SECONDS[unit]
            found = True
    clock = _CLOCK.search(window)
    if clock:
        hours, minutes, seconds = (int(g) for g in clock.groups())
        total += hours * 3600 + minutes * 60 + seconds
        found = True
    return total if found else None


_COUNTDOWN_ELEMENTS = ", ".join(f"[{attr}]" for attr in _COUNTDOWN_ATTRS)


def countdowns_in(node: Node, text: str | None = None) -> tuple[Countdown, ...]:
    """Deadlines shown on the order: legacy `lefttime` attributes (milliseconds) and countdown texts.

    `text` is the node's text joined with spaces, when the caller has read it already.
    """
    found: list[Countdown] = []
    for element in node.select(_COUNTDOWN_ELEMENTS):
        attr, raw = next((a, v) for a in _COUNTDOWN_ATTRS if (v := element.attr(a)) is not None)
        if re.fullmatch(r"[0-9]{1,15}", raw.strip()):
            found.append(Countdown(text=clean(element.text()) or f"{attr}={raw}", seconds=int(raw) // 1000))
    if not found:
        for element in node.select(_COUNTDOWN_CLASSES):
            shown = clean(element.text(" "))
            seconds = _duration_seconds(fold(shown))
            if seconds is not None:
                found.append(Countdown(text=shown, seconds=seconds))
    return tuple(found) if found else tuple(countdowns_in_text(node.text(" ") if text is None else text))


def countdowns_in_text(text: str) -> list[Countdown]:
    """Countdown sentences in `text`: a cue word ('within', 'left', 'quedan') next to a duration."""
    display = clean(text)
    folded = fold(display)
    shown = display if len(display) == len(folded) else folded  # same offsets: show the page's own text
    found: dict[int, Countdown] = {}
    for start, end, cue in vocabulary().spans("countdown", folded):
        if cue.signal not in ("cue", "cue_after"):
            continue
        lo, hi = (start, end + _WINDOW) if cue.signal == "cue" else (max(0, start - _WINDOW), end)
        seconds = _duration_seconds(folded[lo:hi])
        if seconds is not None:
            found.setdefault(seconds, Countdown(text=shown[lo:hi].strip(), seconds=seconds))
    return list(found.values())
