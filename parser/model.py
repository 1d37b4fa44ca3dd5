"""The typed result of an analysis: what `analyze` returns and what `--json` and the server emit."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Model):
    """One page fact that made the classifier decide: where it was seen, its text, what it means."""

    source: str = Field(description="status_text, notice, tracking_event, status_code, countdown, action, ...")
    text: str
    signal: str = Field(description="the canonical signal the text was mapped to, e.g. status:closed")
    decisive: bool = Field(
        False, description="the fact that decided the scenario; it comes first, and only one evidence has it"
    )


class Item(_Model):
    title: str
    sku: str | None = None
    quantity: int | None = None
    price: str | None = None
    url: str | None = None


class TrackingEvent(_Model):
    description: str
    title: str | None = None
    time: str | None = None


class Countdown(_Model):
    """A deadline shown on the order; `seconds` is what was left when the page was saved."""

    text: str
    seconds: int | None = None


class PageAction(_Model):
    """A button or link the page offers for this order."""

    kind: ActionKind
    label: str
    href: str | None = None


RefundState = Literal["requested", "in_progress", "completed"]


class Refund(_Model):
    """Where the order's refund stands, as the page shows it (a refund line, or the refund's progress steps)."""

    state: RefundState
    amount: str | None = Field(None, description="the refunded amount as displayed, e.g. US $12.34")
    date: str | None = Field(None, description="ISO date of the latest step or line shown, e.g. 2024-01-15")
    steps_done: int | None = Field(None, description="progress steps done (the guide's three dots); None without steps")
    steps_total: int | None = None


class OrderFacts(_Model):
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
    shipped_step: bool = Field(False, description="the page's progress steps show the shipment as done")
    refund: Refund | None = Field(None, description="where the refund stands; None when the page shows no refund")
    protection_until: str | None = Field(
        None, description="ISO date until which buyer protection refunds an undelivered order, where the page says"
    )
    anchor: str = Field(description="CSS selector that finds this order's card or status block in the live page")
    anchor_path: str | None = Field(
        None, description="element path (tag:nth-of-type steps from <body>) of the same element in the captured page"
    )


class BannerAction(_Model):
    """A button that opens another page. Its label promises the action only when the link performs it
    (the page's own link for that action); otherwise it says where it leads ("Go to order details to …").
    Never the page the shopper is on."""

    kind: ActionKind
    label: str
    href: str


class BannerControl(_Model):
    """The page's own control for one of the banner's actions, on the page the shopper is on.

    The extension finds it in the order's block (the banner's anchor) by its visible text, then scrolls to
    it and highlights it instead of opening a tab.
    """

    kind: ActionKind
    label: str = Field(description="what the banner calls the action, in the banner's language, e.g. Open a dispute")
    text: str = Field(description="the control's own visible text on the page, e.g. Open dispute")


class Anchor(_Model):
    """Where the banner goes: a CSS selector, and the element path that finds it without class names.

    The extension accepts an element only when it holds the order (its id in a link or text, or the page
    is that order's own page); otherwise it tries the next way in.
    """

    order_id: str
    selector: str
    path: str | None = None


class Banner(_Model):
    scenario: ScenarioId
    severity: Severity
    title: str
    summary: str
    steps: tuple[str, ...]
    actions: tuple[BannerAction, ...]
    controls: tuple[BannerControl, ...] = Field(
        (), description="the banner's actions this page offers itself, in the order's block: scroll to them"
    )
    evidence: tuple[Evidence, ...] = Field(description="ranked: the decisive fact first, each quote once")
    lang: str
    anchor: Anchor


class OrderHistory(_Model):
    """What the server's order journal saw of this order before (the CLI never fills it in).

    Times are ISO 8601 in UTC. A "state" is the scenario, status text and refund state together.
    """

    first_seen: str = Field(description="when orderlens first saw this order")
    last_seen: str | None = Field(None, description="the previous sighting before this one; None the first time")
    status_since: str = Field(description="when the current state was first seen")
    refund_state: RefundState | None = Field(None, description="the refund state seen now (part of the state)")
    changed: bool = Field(
        False, description="the state changed during this visit (within an hour of now), after an earlier one"
    )
    previous_status_text: str | None = Field(None, description="the status text of the state before the current one")
    previous_scenario: ScenarioId | None = None
    previous_refund_state: RefundState | None = None
    previous_seen: str | None = Field(None, description="when the state before the current one was last seen")


class OrderAnalysis(_Model):
    order_id: str
    status_text: str | None
    status: str = Field(description="canonical status, e.g. awaiting_shipment, closed, unknown")
    scenario: ScenarioId
    rule: str
    evidence: tuple[Evidence, ...]
    banner: Banner | None
    facts: OrderFacts
    history: OrderHistory | None = Field(
        None,
        description="the server's journal of this order; left out when there is none (the CLI, journal off)",
        exclude_if=lambda value: value is None,
    )


class Diagnostic(_Model):
    level: Literal["info", "warning", "error"]
    code: str
    message: str
    order_id: str | None = None


class Analysis(_Model):
    source: str | None = None
    url: str | None
    layout: str | None
    page_kind: PageKind
    lang: str
    orders: tuple[OrderAnalysis, ...]
    diagnostics: tuple[Diagnostic, ...]
