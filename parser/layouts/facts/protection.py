"""The buyer-protection deadline: the date by which an undelivered order is refunded, as an ISO date.

Pages state it two ways: an absolute date in the order's services ("Refund if no delivery before Sep 4,
2026", or with the date first in Turkish and Korean) or a number of days on a card tag ("Full refund if
product is not received in 75 days."), counted from the order date.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache

from orderlens.parser.layouts.facts.dates import parse_date
from orderlens.parser.text import clean, fold
from orderlens.parser.vocabulary import vocabulary

_WINDOW = 40  # characters after the phrase where its date or its number of days stands
_DAYS = re.compile(r"\s*(\d{1,3})\s?([^\W\d_]{1,9})")


@cache
def _day_words() -> frozenset[str]:
    """Every language's words for "day" (folded), from the countdown units."""
    return frozenset(word for word, (signal, _, _) in vocabulary().rows["countdown"].items() if signal == "day")


def protection_until(text: str, order_date: str | None) -> str | None:
    """The deadline the order's text states, as an ISO date; None when it states none (or no order date
    is known for a number of days)."""
    folded = fold(clean(text))
    for start, end, match in vocabulary().spans("protection", folded):
        window = folded[end : end + _WINDOW]
        if match.signal in ("until", "until_after"):
            # Turkish and Korean write the date first: "11 Ara 2026 tarihine kadar teslim edilmezse para iadesi".
            found = parse_date(window if match.signal == "until" else folded[max(0, start - _WINDOW) : start])
            if found is not None:
                return found.isoformat()
        elif match.signal == "days":
            days = _DAYS.match(window)
            placed = parse_date(order_date)
            if days and placed and days.group(2).rstrip(".") in _day_words():
                return (placed + timedelta(days=int(days.group(1)))).isoformat()
    return None
