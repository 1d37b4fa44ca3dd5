"""The typed result of an analysis: what `analyze` returns and what `--json` and the server emit.

Plain frozen dataclasses rather than pydantic models, whose import and schemas took a third of
`orderlens analyze`'s start. Nothing is validated when a result is built: mypy checks the types, and the
fuzz test reads every result's JSON back through pydantic in strict mode. The server hands the same classes
to FastAPI, which documents them (the attribute docstrings below become the schema's descriptions).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Literal, TypeVar, dataclass_transform

PageKind = Literal["order_list", "order_detail", "tracking", "unknown"]
Severity = Literal["action", "warning", "info"]
ScenarioId = Literal[
    "canceled_after_shipping",
    "auto_canceled_not_shipped",
    "shipping_deadline_near",
    "buyer_protection_ending",
    "canceled_by_seller",
    "seller_requests_cancellation",
    "closed_security_issue",
    "payment_verification",
    "order_frozen",
    "awaiting_payment",
    "closed_refund_automatic",
    "none",
    "unknown",
]
ActionKind = Literal[
    "pay",
    "track",
    "contact_seller",
    "open_dispute",
    "extend_processing",
    "confirm_received",
    "cancel_order",
    "details",
    "review",
]


OMITTED_WHEN_NONE = "omitted_when_none"  # field metadata: leave the key out of the JSON while the value is None
_R = TypeVar("_R", bound="_Record")


class _Record:
    """What every result class shares; pydantic (in the server) reads the attribute docstrings as descriptions."""

    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, Any]] = {"use_attribute_docstrings": True}
    _json_shape: ClassVar[tuple[tuple[str, ...], frozenset[str]]]  # field names; those omitted while None


@dataclass_transform(frozen_default=True, kw_only_default=True)
def _record(cls: type[_R]) -> type[_R]:
    """A frozen, keyword-only dataclass with slots: immutable, comparable and hashable, like a value."""
    made = dataclass(frozen=True, slots=True, kw_only=True)(cls)
    declared = fields(made)  # type: ignore[arg-type]  # made is a dataclass now; mypy still sees type[_R]
    names = tuple(item.name for item in declared)
    made._json_shape = (names, frozenset(item.name for item in declared if item.metadata.get(OMITTED_WHEN_NONE)))
    return made


@_record
class Evidence(_Record):
    """One page fact that made the classifier decide: where it was seen, its text, what it means."""

    source: str
    """status_text, notice, tracking_event, status_code, countdown, action, ..."""
    text: str
    signal: str
    """The canonical signal the text was mapped to, e.g. status:closed."""
    decisive: bool = False
    """The fact that decided the scenario; it comes first, and only one evidence has it."""


@_record
class Item(_Record):
    title: str
    sku: str | None = None
    quantity: int | None = None
    price: str | None = None
    url: str | None = None


@_record
class TrackingEvent(_Record):
    description: str
    title: str | None = None
    time: str | None = None


@_record
class Countdown(_Record):
    """A deadline shown on the order; `seconds` is what was left when the page was saved."""

    text: str
    seconds: int | None = None
    until: str | None = field(default=None, metadata={OMITTED_WHEN_NONE: True})
    """ISO date of a deadline the page gives as a date ("must ship by Dec 9"), counted from the day of analysis."""


@_record
class PageAction(_Record):
    """A button or link the page offers for this order."""

    kind: ActionKind
    label: str
    href: str | None = None


RefundState = Literal["requested", "in_progress", "completed"]


@_record
class Refund(_Record):
    """Where the order's refund stands, as the page shows it (a refund line, or the refund's progress steps)."""

    state: RefundState
    amount: str | None = None
    """The refunded amount as displayed, e.g. US $12.34."""
    date: str | None = None
    """ISO date of the latest step or line shown, e.g. 2024-01-15."""
    steps_done: int | None = None
    """Progress steps done (the guide's three dots); None without steps."""
    steps_total: int | None = None


@_record
class OrderFacts(_Record):
    """Plain facts a layout reads off the page for one order, before any interpretation."""

    order_id: str
    status_text: str | None = None
    status_code: str | None = None
    end_reason: str | None = None
    order_date: str | None = None
    store_name: str | None = None
    store_url: str | None = None
    store_message_url: str | None = None
    detail_url: str | None = None
    items: tuple[Item, ...] = ()
    total: str | None = None
    tracking_number: str | None = None
    carrier: str | None = None
    tracking_events: tuple[TrackingEvent, ...] = ()
    countdowns: tuple[Countdown, ...] = ()
    notices: tuple[str, ...] = ()
    actions: tuple[PageAction, ...] = ()
    shipped_step: bool = False
    """The page's progress steps show the shipment as done."""
    refund: Refund | None = None
    """Where the refund stands; None when the page shows no refund."""
    protection_until: str | None = None
    """ISO date until which buyer protection refunds an undelivered order, where the page says."""
    anchor: str
    """CSS selector that finds this order's card or status block in the live page."""
    anchor_path: str | None = None
    """Element path (tag:nth-of-type steps from <body>) of the same element in the captured page."""


@_record
class BannerAction(_Record):
    """A button that opens another page. Its label promises the action only when the link performs it
    (the page's own link for that action); otherwise it says where it leads ("Go to order details to …").
    Never the page the shopper is on."""

    kind: ActionKind
    label: str
    href: str


@_record
class BannerControl(_Record):
    """The page's own control for one of the banner's actions, on the page the shopper is on.

    The extension finds it in the order's block (the banner's anchor) by its visible text, then scrolls to
    it and highlights it instead of opening a tab.
    """

    kind: ActionKind
    label: str
    """What the banner calls the action, in the banner's language, e.g. Open a dispute."""
    text: str
    """The control's own visible text on the page, e.g. Open dispute."""


@_record
class Anchor(_Record):
    """Where the banner goes: a CSS selector, and the element path that finds it without class names.

    The extension accepts an element only when it holds the order (its id in a link or text, or the page
    is that order's own page); otherwise it tries the next way in.
    """

    order_id: str
    selector: str
    path: str | None = None


@_record
class Banner(_Record):
    scenario: ScenarioId
    severity: Severity
    title: str
    summary: str
    steps: tuple[str, ...]
    actions: tuple[BannerAction, ...]
    controls: tuple[BannerControl, ...] = ()
    """The banner's actions this page offers itself, in the order's block: scroll to them."""
    evidence: tuple[Evidence, ...]
    """Ranked: the decisive fact first, each quote once."""
    lang: str
    anchor: Anchor


@_record
class OrderHistory(_Record):
    """What the server's order journal saw of this order before (the CLI never fills it in).

    Times are ISO 8601 in UTC. A "state" is the scenario, status text and refund state together.
    """

    first_seen: str
    """When orderlens first saw this order."""
    last_seen: str | None = None
    """The previous sighting before this one; None the first time."""
    status_since: str
    """When the current state was first seen."""
    refund_state: RefundState | None = None
    """The refund state seen now (part of the state)."""
    changed: bool = False
    """The state changed during this visit (within an hour of now), after an earlier one."""
    previous_status_text: str | None = None
    """The status text of the state before the current one."""
    previous_scenario: ScenarioId | None = None
    previous_refund_state: RefundState | None = None
    previous_seen: str | None = None
    """When the state before the current one was last seen."""


@_record
class OrderAnalysis(_Record):
    order_id: str
    status_text: str | None
    status: str
    """Canonical status, e.g. awaiting_shipment, closed, unknown."""
    scenario: ScenarioId
    rule: str
    evidence: tuple[Evidence, ...]
    banner: Banner | None
    facts: OrderFacts
    history: OrderHistory | None = field(default=None, metadata={OMITTED_WHEN_NONE: True})
    """The server's journal of this order; left out when there is none (the CLI, journal off)."""


@_record
class Diagnostic(_Record):
    level: Literal["info", "warning", "error"]
    code: str
    message: str
    order_id: str | None = None


@_record
class Analysis(_Record):
    source: str | None = None
    url: str | None
    layout: str | None
    page_kind: PageKind
    lang: str
    orders: tuple[OrderAnalysis, ...]
    diagnostics: tuple[Diagnostic, ...]


def to_json(value: _Record, *, indent: int | None = None) -> str:
    """The JSON of a result or any part of it: fields in declared order, tuples as arrays, text as is."""
    separators = (",", ": ") if indent else (",", ":")
    return json.dumps(value, default=_json_fields, ensure_ascii=False, separators=separators, indent=indent)


def json_data(value: _Record) -> Any:
    """The result as the JSON reader sees it: dicts, lists, strings, numbers, booleans and None."""
    return json.loads(to_json(value))


def _json_fields(value: object) -> dict[str, object]:
    """json.dumps' hook for a result class: its fields in order, less those omitted while None."""
    if not isinstance(value, _Record):
        raise TypeError(f"{type(value).__name__} is not part of an analysis")
    names, omitted = value._json_shape
    return {name: item for name in names if (item := getattr(value, name)) is not None or name not in omitted}
