"""The buyer-protection deadline: the date by which an undelivered order is refunded, as an ISO date.

Pages state it two ways: an absolute date in the order's services ("Refund if no delivery before Sep 4,
2026") or a number of days on a card tag ("Full refund if product is not received in 75 days."), counted
from the order date. Turkish and Korean write the date or the days first ("75 gün içinde teslim edilmezse
tam para iadesi"): the `_after` signals read them before the phrase. A copy-writer may put the condition
first and the refund anywhere around it ("If your order has not arrived by 13 December 2026, you can ask for a
full refund", "Te devolvemos la plata si el paquete no te llega antes del 11 dic."): an `undelivered_by`
condition followed by its date counts where a `refund_word` stands near it.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache

from orderlens.parser.layouts.facts.dates import date_after, placed_on
from orderlens.parser.text import clean, fold
from orderlens.parser.vocabulary import vocabulary

_WINDOW = 40  # characters after the phrase where its date or its number of days stands
_REFUND_REACH = 100  # characters before a condition or after its date where the refund it promises is named
_DAYS = re.compile(r"\s*(\d{1,3})\s?([^\W\d_]{1,9})")
_DAYS_BEFORE = re.compile(r"(\d{1,3})\s?([^\W\d_]{1,9})\s*$")  # "75 gün " / "75일 " ending where the phrase starts


@cache
def _day_words() -> frozenset[str]:
    """Every language's words for "day" (folded), from the countdown units."""
    return frozenset(word for word, (signal, _, _) in vocabulary().rows["countdown"].items() if signal == "day")


def protection_until(text: str, order_date: str | None) -> str | None:
    """The deadline the order's text states, as an ISO date; None when it states none (or no order date
    is known for a number of days)."""
    folded = fold(clean(text))
    spans = vocabulary().spans("protection", folded)
    placed = placed_on(order_date)
    refunds = [start for start, _, match in spans if match.signal == "refund_word"]
    for start, end, match in spans:
        window, before = folded[end : end + _WINDOW], folded[max(0, start - _WINDOW) : start]
        if match.signal == "undelivered_by" and not any(
            start - _REFUND_REACH <= at <= end + _WINDOW + _REFUND_REACH for at in refunds
        ):
            continue
        if match.signal in ("until", "until_after", "undelivered_by"):
            after = match.signal == "until_after"  # the date stands right before the phrase: the last one there
            written = before if after else window
            found = date_after(written, placed, after)
            if found is not None:
                return found.isoformat()
        elif match.signal in ("days", "days_after"):
            days = _DAYS.match(window) if match.signal == "days" else _DAYS_BEFORE.search(before)
            if days and placed and days.group(2).rstrip(".") in _day_words():
                return (placed + timedelta(days=int(days.group(1)))).isoformat()
    return None
