"""What a redaction kept, by category, and what it replaced: for a contributor to check before sharing.

Only kept texts are ever shown (they are vocabulary, dates, amounts, carrier names and the like, which
identify no one); what was replaced is counted, never shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum

EXAMPLES = 3
_MAX_EXAMPLE_CHARS = 40


class Kept(Enum):
    """The kinds of text redaction keeps. Each member's value is its English name, which the CLI prints;
    its `id` is the stable key the report API answers with, so the extension can word it in the shopper's
    language (message `popup_kept_<id>`; a test holds the two lists together)."""

    STATUS_TEXT = "status text read by the parser"
    STATUS = "status"
    NOTICE = "notice"
    TRACKING_EVENT = "tracking event"
    BUTTON = "button"
    COUNTDOWN_WORD = "countdown word"
    LABEL = "label"
    CARRIER = "carrier"
    LANGUAGE_WORD = "language word"
    SHOP_NAME = "shop name"
    DATE_OR_TIME = "date or time"
    AMOUNT = "amount"
    STATUS_CODE = "status code"
    SHORT_NUMBER = "short number"
    COUNTDOWN_ATTRIBUTE = "countdown attribute"
    SAVED_FROM_MARK = "saved-from mark"

    @property
    def id(self) -> str:
        return self.name.lower()


@dataclass
class Tally:
    """Kept texts per category (with how often each was seen) and counts of replaced values per kind."""

    kept: dict[Kept, Counter[str]] = field(default_factory=dict)
    replaced: Counter[str] = field(default_factory=Counter)

    def keep(self, category: Kept, text: str) -> None:
        self.kept.setdefault(category, Counter())[text] += 1

    def replace(self, kind: str) -> None:
        self.replaced[kind] += 1

    def lines(self) -> list[str]:
        """The report: one line per kept category (count and the most frequent examples), then the replaced."""
        width = max((len(category.value) for category in self.kept), default=0)
        lines = ["kept:"]
        for category in sorted(self.kept, key=lambda kind: kind.value):
            texts = self.kept[category]
            examples = ", ".join(repr(_short(text)) for text, _ in texts.most_common(EXAMPLES))
            lines.append(f"  {category.value:<{width}}  {texts.total():>5}  e.g. {examples}")
        if len(lines) == 1:
            lines.append("  nothing")
        replaced = ", ".join(f"{count} {kind}" for kind, count in sorted(self.replaced.items())) or "nothing"
        lines.append(f"replaced: {replaced}")
        return lines


def _short(text: str) -> str:
    return text if len(text) <= _MAX_EXAMPLE_CHARS else text[: _MAX_EXAMPLE_CHARS - 1] + "…"
