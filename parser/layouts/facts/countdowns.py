"""Deadlines shown on an order: legacy `lefttime` milliseconds and countdown sentences in any language."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from orderlens.parser.dom import Node
from orderlens.parser.layouts.facts.dates import date_after, placed_on
from orderlens.parser.model import Countdown
from orderlens.parser.text import aligned_forms, clean, fold
from orderlens.parser.vocabulary import vocabulary

_CLOCK = re.compile(r"(?<!\d)(\d{1,3})\s?:\s?(\d{2})\s?:\s?(\d{2})(?!\d)")
_DURATION = re.compile(r"(?<![\d:.])(\d{1,4})\s?([^\W\d_]{1,9})\.?", re.UNICODE)
_COUNTDOWN_ATTRS = ("lefttime", "data-lefttime", "data-left-time", "data-countdown")
_COUNTDOWN_CLASSES = "[class*='countdown'], [class*='count-down'], [class*='left-time'], [class*='lefttime']"
_WINDOW = 48
_UNIT_SECONDS = {"day": 86400, "hour": 3600, "minute": 60, "second": 1}
_CUE_SIGNALS = frozenset({"cue", "cue_after", "period", "period_after"})


@cache
def _time_units() -> dict[str, str]:
    """Every language's time-unit words (folded) -> day/hour/minute/second, built once."""
    units = vocabulary().rows["countdown"]
    return {folded: signal for folded, (signal, _, _) in units.items() if signal in _UNIT_SECONDS}


# Small numbers spelled out, folded ("two days and five hours left", "noch zwei Tage"), by value; Turkish "on" (10)
# is left out, being English "on".
_NUMBER_WORDS = {
    word: value
    for value, words in enumerate(
        (
            "one un une uno una ein eine einen einem einer um uma один одна одно jeden jedna jedno een bir",
            "two dos deux zwei due dois duas два две dwa dwie twee iki",
            "three tres trois drei tre три trzy drie uc",
            "four cuatro quatre vier quattro quatro четыре cztery dort",
            "five cinco cinq funf cinque пять piec vijf bes",
            "six seis sechs sei шесть szesc zes alti",
            "seven siete sept sieben sette sete семь siedem zeven yedi",
            "eight ocho huit acht otto oito восемь osiem sekiz",
            "nine nueve neuf neun nove девять dziewiec negen dokuz",
            "ten diez dix zehn dieci dez десять dziesiec tien",
            "eleven once onze elf undici одиннадцать jedenascie",
            "twelve doce douze zwolf dodici doze двенадцать dwanascie twaalf",
        ),
        1,
    )
    for word in words.split()
}
# A word before the word after it, which may be a unit: only the number word is taken, so "two days and five
# hours" reads both.
_WORD_BEFORE_WORD = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,12})(?=\s([^\W\d_]{1,9}))")

# Units from the largest down: a duration reads from larger units to smaller ones ("2 days 03:15:22").
_RANK = {"day": 0, "hour": 1, "minute": 2, "second": 3}
_CLOCK_RANKS = (1, 3)  # a clock is hours to seconds


def _durations(window: str) -> list[tuple[int, int]]:
    """The durations in a folded text, in text order, each as (seconds, parts: a unit 1, a clock 2).

    A duration runs from larger units to smaller ones ("1 day 06:12:40", "2 days 5 h"); a unit no smaller than
    the one before starts the next, so "2 days 03:15:22 free returns within 15 days" holds two, not one sum."""
    unit_of = _time_units()
    counts = [(found, int(found.group(1))) for found in _DURATION.finditer(window)]
    counts += [(found, value) for found in _WORD_BEFORE_WORD.finditer(window) if (value := _NUMBER_WORDS.get(found[1]))]
    pieces = [
        (found.start(), _RANK[unit], _RANK[unit], count * _UNIT_SECONDS[unit], 1)
        for found, count in counts
        if (unit := unit_of.get(found.group(2).rstrip("."))) is not None
    ]
    for clock in _CLOCK.finditer(window):
        hours, minutes, seconds = (int(g) for g in clock.groups())
        pieces.append((clock.start(), *_CLOCK_RANKS, hours * 3600 + minutes * 60 + seconds, 2))
    durations: list[tuple[int, int]] = []
    smallest = None  # rank of the smallest unit of the duration being read
    for _, largest, last, seconds, parts in sorted(pieces):
        if smallest is None or largest <= smallest:
            durations.append((0, 0))
        total, count = durations[-1]
        durations[-1] = (total + seconds, count + parts)
        smallest = last
    return durations


def _duration_seconds(window: str, *, running: bool = False, last: bool = False) -> int | None:
    """Seconds of the first duration in a folded text (`last`: of the last one, nearest a cue after it);
    None when it holds none.

    `running`: only a count that runs down, a clock or two units or more ("2 days 3 hours"). After a period
    word ("within", "sous", "binnen") one round unit is a promise or a rule ("ships within 48 hours", "free
    returns within 15 days"), which on an unshipped order must not read as the seller's deadline."""
    durations = _durations(window)
    if not durations:
        return None
    seconds, parts = durations[-1 if last else 0]
    return seconds if parts >= (2 if running else 1) else None


_COUNTDOWN_ELEMENTS = ", ".join(f"[{attr}]" for attr in _COUNTDOWN_ATTRS)


def countdowns_in(node: Node, text: str | None = None, order_date: str | None = None) -> tuple[Countdown, ...]:
    """Deadlines shown on the order: legacy `lefttime` attributes (milliseconds) and countdown texts.

    `text` is the node's text joined with spaces, when the caller has read it already; `order_date` (as shown)
    gives the year of a deadline's date written without one.
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
    return tuple(found) if found else tuple(countdowns_in_text(node.text(" ") if text is None else text, order_date))


_SHIP_BY = frozenset({"ship_by", "ship_by_after"})


def _deadline(folded: str, start: int, end: int, signal: str, order_date: str | None) -> date | None:
    """The seller's deadline a `ship_by` phrase gives: the date after it, or before it where the language writes it
    first (`ship_by_after`: "12월 9일(수)까지 발송해야")."""
    if signal == "ship_by_after":
        return date_after(folded[max(0, start - _WINDOW) : start], placed_on(order_date), last=True)
    return date_after(folded[end : end + _WINDOW], placed_on(order_date))


_PROMOTION_REACH = 40  # characters before a cue where the coupon or sale it times is named
_CLAUSE_ENDS = frozenset(".!?·|;\n")


def _promotional(folded: str, promotions: list[int], cue_start: int) -> bool:
    """Whether the cue at `cue_start` times a coupon, a sale or a deal named just before it in the same clause
    ("Coupon expires in 2 days", "Sale ends in 02:14:33"): time left on an offer, not on the order."""
    return any(
        cue_start - _PROMOTION_REACH <= end <= cue_start and not _CLAUSE_ENDS.intersection(folded[end:cue_start])
        for end in promotions
    )


# Time left said in words, without a number: "resta meno di un giorno" is at most a day, "d'ici demain" (a
# deadline tomorrow) at most two.
_WORDED_SECONDS = {"under_a_day": _UNIT_SECONDS["day"], "by_tomorrow": 2 * _UNIT_SECONDS["day"]}


def countdowns_in_text(text: str, order_date: str | None = None) -> list[Countdown]:
    """Countdown sentences in `text`: a cue ('time left', 'quedan', '2 days left') next to a duration, a
    period word ('within', 'sous', 'binnen') next to a count running down (`_duration_seconds`), the time
    left said in words (`_WORDED_SECONDS`), or a deadline's date ("must ship by Wed, Dec 9", a year left out
    counted from `order_date`)."""
    display, folded = aligned_forms(text)
    shown = display if len(display) == len(folded) else folded  # same offsets: show the page's own text
    found: dict[int, Countdown] = {}
    dated: list[Countdown] = []
    spans = vocabulary().spans("countdown", folded)
    promotions = [end for _, end, word in spans if word.signal == "promotion"]
    for start, end, cue in spans:
        if _promotional(folded, promotions, start):
            continue
        if (worded := _WORDED_SECONDS.get(cue.signal)) is not None:
            found.setdefault(worded, Countdown(text=shown[start:end], seconds=worded))
        if cue.signal in _SHIP_BY and (until := _deadline(folded, start, end, cue.signal, order_date)):
            dated.append(Countdown(text=shown[start : end + _WINDOW].strip(), until=until.isoformat()))
        if cue.signal not in _CUE_SIGNALS:
            continue
        before = cue.signal in ("cue", "period")  # the word comes before the duration
        lo, hi = (start, end + _WINDOW) if before else (max(0, start - _WINDOW), end)
        seconds = _duration_seconds(folded[lo:hi], running=cue.signal.startswith("period"), last=not before)
        if seconds is not None:
            found.setdefault(seconds, Countdown(text=shown[lo:hi].strip(), seconds=seconds))
    return [*found.values(), *dated]
