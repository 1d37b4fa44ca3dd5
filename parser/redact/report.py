"""What a redaction kept, by category, and what it replaced: for a contributor to check before sharing.

Only kept texts are ever shown (they are vocabulary, dates, amounts, carrier names and the like, which
identify no one); what was replaced is counted, never shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

EXAMPLES = 3
_MAX_EXAMPLE_CHARS = 40


@dataclass
class Tally:
    """Kept texts per category (with how often each was seen) and counts of replaced values per kind."""

    kept: dict[str, Counter[str]] = field(default_factory=dict)
    replaced: Counter[str] = field(default_factory=Counter)

    def keep(self, category: str, text: str) -> None:
        self.kept.setdefault(category, Counter())[text] += 1

    def replace(self, kind: str) -> None:
        self.replaced[kind] += 1

    def lines(self) -> list[str]:
        """The report: one line per kept category (count and the most frequent examples), then the replaced."""
        width = max((len(category) for category in self.kept), default=0)
        lines = ["kept:"]
        for category in sorted(self.kept):
            texts = self.kept[category]
            examples = ", ".join(repr(_short(text)) for text, _ in texts.most_common(EXAMPLES))
            lines.append(f"  {category:<{width}}  {texts.total():>5}  e.g. {examples}")
        if len(lines) == 1:
            lines.append("  nothing")
        replaced = ", ".join(f"{count} {kind}" for kind, count in sorted(self.replaced.items())) or "nothing"
        lines.append(f"replaced: {replaced}")
        return lines


def _short(text: str) -> str:
    return text if len(text) <= _MAX_EXAMPLE_CHARS else text[: _MAX_EXAMPLE_CHARS - 1] + "…"
