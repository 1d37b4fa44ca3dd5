"""What a layout plug-in is: a name, a page kind, content markers that recognise it, and `extract`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from typing import ClassVar

from orderlens.parser.dom import Document, Node
from orderlens.parser.dom.path import ElementPaths
from orderlens.parser.layouts.facts.links import order_id_from_links
from orderlens.parser.model import OrderFacts, PageKind


@dataclass(slots=True)
class Page:
    """A parsed page and the URL it was saved from (None when unknown).

    A reader that stops before the page's end sets `cut`, so the analysis can say the page was not read whole.
    """

    document: Document
    url: str | None
    cut: bool = False

    @property
    def root(self) -> Node:
        return self.document.root


@dataclass(frozen=True, slots=True)
class Marker:
    """A CSS selector whose presence suggests the layout; `required` ones must all be present to claim."""

    css: str
    meaning: str
    required: bool = True


@dataclass(frozen=True, slots=True)
class Detection:
    """How well a layout fits a page: share of markers found, whether it claims the page, what is missing."""

    layout: str
    score: float
    claimed: bool
    missing: tuple[str, ...]


class Layout(ABC):
    """One page layout. Several layouts share one URL, so detection looks at content only."""

    name: ClassVar[str]
    page_kind: ClassVar[PageKind]
    markers: ClassVar[tuple[Marker, ...]]

    def claims(self, page: Page) -> bool:
        """Whether every required marker is present: the cheap half of `detect`, stopping at the first miss."""
        return all(page.root.first(m.css) is not None for m in self.markers if m.required)

    def detect(self, page: Page, any_marker: bool = True) -> Detection:
        """Claim the page when every required marker is present; the score ranks near misses.

        `any_marker` False says a page-wide query found no layout's marker at all (a rebuilt front end):
        then no marker is looked for again, each being a whole-tree query that finds nothing.
        """
        found = [m for m in self.markers if any_marker and page.root.first(m.css) is not None]
        missing = tuple(m.meaning for m in self.markers if m not in found)
        claimed = all(m in found for m in self.markers if m.required)
        return Detection(self.name, len(found) / len(self.markers), claimed, missing)

    @abstractmethod
    def extract(self, page: Page) -> list[OrderFacts]:
        """The plain facts of every order on the page, in page order."""


def _nested(css: str) -> str:
    """A selector for an element matching `css` inside another one matching it."""
    parts = [part.strip() for part in css.split(",")]
    return ", ".join(f"{outer} {inner}" for outer in parts for inner in parts)


MAX_ORDERS = 1000  # orders analysed per page; a page with more is hostile or not an order page
MAX_BLOCKS = 2 * MAX_ORDERS  # order blocks looked at, copies of one order included: more is a hostile page


class ListLayout(Layout):
    """A page listing many orders, one block each: `extract` reads each order's first block, in page order.

    Work stays bounded on hostile pages: reading stops one order past MAX_ORDERS (so the caller can say
    the page was cut), a block repeating an order already read costs only a look at its links, and after
    MAX_BLOCKS blocks, copies included, reading stops and marks the page cut.
    """

    block: ClassVar[str]  # CSS selector of one order's block (card, table body)

    def extract(self, page: Page) -> list[OrderFacts]:
        orders: dict[str, OrderFacts] = {}
        paths = ElementPaths()
        # Real blocks never nest; on a hostile page only the innermost ones are read (nested reads are quadratic).
        # One page-wide query says whether any block nests at all, so real pages skip the per-block check.
        nesting = page.root.first(_nested(self.block)) is not None
        for seen, block in enumerate(page.root.select(self.block, limit=MAX_BLOCKS + 1)):
            if len(orders) > MAX_ORDERS:
                break
            if seen == MAX_BLOCKS:
                page.cut = True
                break
            linked_id = order_id_from_links(block)
            if (nesting and block.first(self.block) is not None) or linked_id in orders:
                continue
            facts = self.block_facts(block, page.url, linked_id)
            if facts is not None and facts.order_id not in orders:
                orders[facts.order_id] = replace(facts, anchor_path=paths.of(block))
        return list(orders.values())

    @abstractmethod
    def block_facts(self, block: Node, base: str | None, linked_id: str | None) -> OrderFacts | None:
        """The facts of one order's block; None when it names no order. `linked_id` is the order id the
        block's links name (`order_id_from_links`), already read to skip blocks repeating an order."""
