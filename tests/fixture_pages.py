"""Shared test helpers: where the fixtures are and what each page is expected to contain.

Every order of an expectation (`fixtures/<layout>/<case>.expected.json`) pins these fields, in this order
(ORDER_FIELDS, defined beside the scaffold that writes new expectations), with what the page itself shows —
read off the HTML by a person, not copied from the parser, so a parser regression cannot rewrite them the way
`--snapshot-update` rewrites snapshots:

- `order_id`, `scenario`: the order and the case of docs/scenarios.md it is in.
- `status_text`: the order's status label as displayed (list card header, detail status title, the
  legacy product table's Status column, a tracking page's arrival header or empty-state line).
- `store_name`: the store's name, not the text of a "View Store" link.
- `items`: the item titles, in page order; a title attribute wins over truncated text. Cards that show
  only images list none.
- `total`: the order total. The label stays when it sits inside the total's element ("Total: US $12.50",
  current list cards) and is left out when it is a separate cell ("US $11.83", detail pages, aliexpress.ru).
- `tracking_number`: the number alone, without its label, carrier or "Copy" button.
- `detail_url`: the order's detail page as an absolute https URL; a detail page's own (saved-from) URL.

Cleaning follows the parser's display form (parser.text.clean): whitespace runs, NBSP included, become one
space, the ends are trimmed and invisible break hints (soft hyphen, zero-width space, word joiner, BOM) go; nothing else
changes (curly quotes, full-width colons and case stay).
`null` (or `[]` for items) means the page shows none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from orderlens.parser.model import OrderAnalysis
from orderlens.parser.scaffold import ORDER_FIELDS, pinned_facts

__all__ = ["FIXTURES", "ORDER_FIELDS", "REPO", "Fixture", "fixtures", "pinned_fields"]

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"


@dataclass(frozen=True)
class Fixture:
    """A saved page and its hand-written expectation (ground truth a snapshot update cannot change)."""

    page: Path
    expected: dict[str, object]

    @property
    def id(self) -> str:
        return ".".join(self.page.relative_to(FIXTURES).with_suffix("").parts)

    @property
    def expectation_path(self) -> Path:
        """The expectation file, named in failure messages so the reader knows what to open."""
        return self.page.with_name(self.page.name.removesuffix(".html") + ".expected.json")

    @property
    def orders(self) -> list[dict[str, object]]:
        """The expected orders, in page order (the JSON shape is checked, so a malformed file fails loudly)."""
        orders = self.expected.get("orders")
        assert isinstance(orders, list), f"{self.expectation_path}: 'orders' must be a list"
        assert all(isinstance(order, dict) for order in orders), f"{self.expectation_path}: orders must be objects"
        return orders


def pinned_fields(order: OrderAnalysis) -> dict[str, object]:
    """What the parser found for each pinned field, in the expectation's shape, for field-by-field checks."""
    return {"order_id": order.order_id, "scenario": order.scenario, **pinned_facts(order.facts)}


def fixtures() -> list[Fixture]:
    """Every fixture page that has an expectation file, sorted by path."""
    return [
        Fixture(path.with_name(path.name.replace(".expected.json", ".html")), json.loads(path.read_text()))
        for path in sorted(FIXTURES.rglob("*.expected.json"))
    ]
