"""The ordered scenario rules, one hand-built OrderFacts at a time (docs/scenarios.md)."""

from __future__ import annotations

from typing import Any

import pytest

from orderlens.parser.classify import DEADLINE_NEAR_SECONDS, Decision, classify, ranked
from orderlens.parser.model import Countdown, Evidence, OrderFacts, PageAction, TrackingEvent

ORDER_ID = "8000000000000001"
SECURITY_NOTICE = "We have to cancel this order due to security issue"


def facts(**fields: Any) -> OrderFacts:
    return OrderFacts(order_id=ORDER_ID, anchor="x", **fields)


def countdown(seconds: int, text: str = "Ship within") -> Countdown:
    return Countdown(text=f"{text} {seconds}s", seconds=seconds)


def events(*descriptions: str) -> tuple[TrackingEvent, ...]:
    return tuple(TrackingEvent(description=d) for d in descriptions)


def signals_of(decision: Decision) -> set[str]:
    return {e.signal for e in decision.evidence}


def texts_of(decision: Decision) -> set[str]:
    return {e.text for e in decision.evidence}


# --- one positive case per rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(facts(status_text="Closed", notices=(SECURITY_NOTICE,)), id="closed+security-notice"),
        pytest.param(facts(status_text="Order Closed", notices=("Closed for security purposes",)), id="for-security"),
        pytest.param(facts(notices=("Suspicious Activity Detected",)), id="no-status+suspicious-activity"),
        pytest.param(facts(status_code="FINISH", end_reason="security_close"), id="FINISH+security_close"),
        pytest.param(facts(status_code="FINISH", end_reason="risk_reject_closed"), id="FINISH+risk_reject"),
        pytest.param(facts(status_text="Cerrado", notices=("Cancelado por motivos de seguridad",)), id="es"),
    ],
)
def test_closed_security_issue(order: OrderFacts) -> None:
    decision = classify(order)
    assert (decision.scenario, decision.rule) == ("closed_security_issue", "closed_security_issue")
    assert "notice:security" in signals_of(decision)


def test_legacy_finish_with_security_close_is_a_closed_order() -> None:
    decision = classify(facts(status_code="FINISH", end_reason="security_close"))
    assert decision.scenario == "closed_security_issue"
    assert decision.status == "closed"
    assert ("end_reason", "security_close", "notice:security") in {
        (e.source, e.text, e.signal) for e in decision.evidence
    }


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(facts(status_text="Frozen"), id="frozen"),
        pytest.param(facts(status_text="Frozen Orders"), id="frozen-orders"),
        pytest.param(facts(status_code="IN_FROZEN"), id="IN_FROZEN"),
        pytest.param(facts(status_text="Pedido congelado"), id="es"),
        pytest.param(
            facts(status_text="Awaiting shipment", notices=("Your order has been frozen",)), id="notice-on-open"
        ),
    ],
)
def test_order_frozen(order: OrderFacts) -> None:
    assert classify(order).scenario == "order_frozen"


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(facts(status_text="Payment being verified"), id="being-verified"),
        pytest.param(facts(status_text="Your Payment is Being Verified"), id="legacy"),
        pytest.param(facts(status_text="Unconfirmed Payment"), id="unconfirmed"),
        pytest.param(facts(status_code="RISK_CONTROL"), id="RISK_CONTROL"),
        pytest.param(facts(status_code="WAIT_SELLER_EXAMINE_MONEY"), id="WAIT_SELLER_EXAMINE_MONEY"),
        pytest.param(facts(status_text="Tu pago se está verificando"), id="es"),
    ],
)
def test_payment_verification(order: OrderFacts) -> None:
    assert classify(order).scenario == "payment_verification"


@pytest.mark.parametrize(
    ("order", "shipment_signal"),
    [
        pytest.param(
            facts(status_text="Closed", tracking_number="LP00123456789012"),
            "shipment:tracking_number",
            id="closed+tracking-number",
        ),
        pytest.param(
            facts(status_text="Canceled", actions=(PageAction(kind="track", label="Track order"),)),
            "action:track",
            id="canceled+track-link",
        ),
        pytest.param(facts(status_text="Closed", shipped_step=True), "shipment:step_done", id="closed+shipped-step"),
        pytest.param(
            facts(status_text="Closed", tracking_events=events("Package left warehouse")),
            "tracking:shipped",
            id="closed+carrier-event",
        ),
        pytest.param(
            facts(status_text="Awaiting delivery", tracking_events=events("Returned to sender")),
            "tracking:cancellation",
            id="returned-to-sender",
        ),
        pytest.param(
            facts(tracking_events=events("Cancelled by logistics provider", "Package left warehouse")),
            "tracking:cancellation",
            id="tracking-page-cancelled-by-carrier",
        ),
        pytest.param(
            facts(tracking_events=events("Except for parcel handling in the sorting center")),
            "tracking:cancellation",
            id="guide-wording",
        ),
        pytest.param(
            facts(status_text="Awaiting delivery", tracking_events=events("Shipment canceled")),
            "tracking:cancellation",
            id="shipment-canceled-event",
        ),
    ],
)
def test_canceled_after_shipping(order: OrderFacts, shipment_signal: str) -> None:
    decision = classify(order)
    assert decision.scenario == "canceled_after_shipping"
    assert shipment_signal in signals_of(decision)


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(facts(status_text="Closed", notices=("Canceled by the seller: out of stock",)), id="en"),
        pytest.param(facts(status_text="Cancelled", notices=("The seller is out of stock",)), id="out-of-stock"),
        pytest.param(facts(status_text="Cancelado", notices=("El vendedor ha cancelado el pedido",)), id="es"),
    ],
)
def test_canceled_by_seller(order: OrderFacts) -> None:
    decision = classify(order)
    assert decision.scenario == "canceled_by_seller"
    assert "notice:canceled_by_seller" in signals_of(decision)


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(facts(status_code="FINISH", end_reason="seller_send_goods_timeout"), id="end-reason"),
        pytest.param(facts(status_text="Closed", notices=("The seller didn\u2019t ship in time",)), id="curly-quote"),
        pytest.param(facts(status_text="Order closed", notices=("Canceled automatically",)), id="automatically"),
        pytest.param(facts(status_text="Cerrado", notices=("El vendedor no envió a tiempo",)), id="es"),
    ],
)
def test_auto_canceled_not_shipped(order: OrderFacts) -> None:
    assert classify(order).scenario == "auto_canceled_not_shipped"


def test_seller_send_goods_timeout_end_reason_is_auto_canceled_not_shipped() -> None:
    decision = classify(facts(end_reason="seller_send_goods_timeout"))
    assert decision.scenario == "auto_canceled_not_shipped"
    assert signals_of(decision) == {"notice:seller_ship_timeout"}


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(facts(status_text="Awaiting payment"), id="awaiting-payment"),
        pytest.param(facts(status_text="This order is awaiting your payment"), id="sentence"),
        pytest.param(facts(status_code="PLACE_ORDER_SUCCESS"), id="PLACE_ORDER_SUCCESS"),
        pytest.param(facts(status_text="Esperando el pago"), id="es"),
        pytest.param(facts(notices=("Complete your payment",)), id="notice-only"),
    ],
)
def test_awaiting_payment(order: OrderFacts) -> None:
    assert classify(order).scenario == "awaiting_payment"


def test_an_unpaid_order_that_can_still_be_paid_is_decided_by_the_awaiting_payment_rule() -> None:
    decision = classify(facts(status_text="Awaiting payment", actions=(PageAction(kind="pay", label="Pay now"),)))
    assert (decision.scenario, decision.rule, decision.status) == (
        "awaiting_payment",
        "awaiting_payment",
        "awaiting_payment",
    )


@pytest.mark.parametrize("status_code", ["FINISH", None])
def test_buyer_pay_timeout_is_a_closed_unpaid_order(status_code: str | None) -> None:
    decision = classify(facts(status_code=status_code, end_reason="buyer_pay_timeout"))
    assert (decision.scenario, decision.rule, decision.status) == ("awaiting_payment", "closed_unpaid", "closed")
    assert "notice:pay_timeout" in signals_of(decision)


@pytest.mark.parametrize(
    ("order", "status"),
    [
        pytest.param(facts(status_text="Expired"), "expired", id="live-list-label"),
        pytest.param(facts(status_text="Expirado"), "expired", id="pt-BR"),
        pytest.param(
            facts(status_text="Expired", actions=(PageAction(kind="details", label="Details"),)),
            "expired",
            id="buttons",
        ),
        pytest.param(facts(status_text="Closed", notices=("Payment not completed in time",)), "closed", id="notice"),
        pytest.param(
            facts(
                status_text="Canceled",
                notices=("The order was cancelled as it wasn't paid within the payment period.",),
            ),
            "closed",
            id="reworded-notice",
        ),
        pytest.param(facts(status_code="FINISH", end_reason="buyer_cancel_notpay_order"), "closed", id="end-reason"),
    ],
)
def test_orders_closed_because_they_were_never_paid(order: OrderFacts, status: str) -> None:
    """The guide's unpaid-order case, decided by its own rule so the banner offers no payment."""
    decision = classify(order)
    assert (decision.scenario, decision.rule, decision.status) == ("awaiting_payment", "closed_unpaid", status)


def test_never_paid_outranks_a_generic_automatic_cancellation() -> None:
    """A bare "canceled automatically" means the seller's deadline; next to "not paid" it was the payment's."""
    order = facts(
        status_text="Closed", notices=("The order was canceled automatically because it was not paid in time",)
    )
    assert classify(order).rule == "closed_unpaid"


def test_an_expired_order_with_a_frozen_notice_is_not_frozen() -> None:
    assert classify(facts(status_text="Expired", notices=("Your order has been frozen",))).rule == "closed_unpaid"


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(facts(status_text="Awaiting cancellation"), id="legacy-status"),
        pytest.param(facts(status_code="IN_CANCEL"), id="IN_CANCEL"),
        pytest.param(
            facts(status_text="Awaiting shipment", notices=("The seller has requested to cancel this order",)),
            id="notice-on-awaiting-shipment",
        ),
        pytest.param(
            facts(status_text="Esperando envío", notices=("El vendedor ha solicitado cancelar el pedido",)), id="es"
        ),
    ],
)
def test_seller_requests_cancellation(order: OrderFacts) -> None:
    assert classify(order).scenario == "seller_requests_cancellation"


@pytest.mark.parametrize(
    "seconds",
    [
        pytest.param(DEADLINE_NEAR_SECONDS, id="exactly-72h"),
        pytest.param(108760, id="1-day-06:12:40"),
        pytest.param(0, id="zero"),
    ],
)
def test_shipping_deadline_near(seconds: int) -> None:
    decision = classify(facts(status_text="Awaiting shipment", countdowns=(countdown(seconds),)))
    assert decision.scenario == "shipping_deadline_near"
    assert "countdown" in signals_of(decision)


def test_exactly_72_hours_is_near() -> None:
    assert DEADLINE_NEAR_SECONDS == 72 * 3600
    order = facts(status_text="Awaiting shipment", countdowns=(Countdown(text="3 days", seconds=259200),))
    assert classify(order).scenario == "shipping_deadline_near"


def test_one_second_over_72_hours_is_not_near() -> None:
    order = facts(status_text="Awaiting shipment", countdowns=(countdown(DEADLINE_NEAR_SECONDS + 1),))
    assert classify(order).scenario == "none"


def test_shortest_countdown_decides_and_is_the_evidence() -> None:
    long = Countdown(text="Ship within 6 days", seconds=6 * 86400)
    short = Countdown(text="Ship within 1 day 06:12:40", seconds=108760)
    decision = classify(facts(status_text="Awaiting shipment", countdowns=(long, short)))
    assert decision.scenario == "shipping_deadline_near"
    assert [e.text for e in decision.evidence if e.signal == "countdown"] == ["Ship within 1 day 06:12:40"]


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(facts(status_text="Closed"), id="closed"),
        pytest.param(facts(status_text="Canceled"), id="canceled"),
        pytest.param(facts(status_text="Cancelled"), id="cancelled"),
        pytest.param(facts(status_text="Order Closed"), id="order-closed"),
        pytest.param(facts(status_text="Cerrado"), id="es"),
        pytest.param(facts(status_code="TRADE_CLOSED"), id="TRADE_CLOSED"),
        pytest.param(facts(status_text="Closed", notices=("You cancelled this order",)), id="buyer-canceled"),
    ],
)
def test_closed_refund_automatic(order: OrderFacts) -> None:
    decision = classify(order)
    assert (decision.scenario, decision.rule) == ("closed_refund_automatic", "closed_refund_automatic")
    assert decision.status == "closed"


@pytest.mark.parametrize(
    ("order", "status"),
    [
        pytest.param(facts(status_text="Awaiting delivery"), "awaiting_delivery", id="awaiting-delivery"),
        pytest.param(facts(status_text="Completed"), "completed", id="completed"),
        pytest.param(facts(status_text="Fund processing"), "fund_processing", id="fund-processing"),
        pytest.param(facts(status_text="In dispute"), "dispute", id="dispute"),
        pytest.param(facts(status_code="WAIT_BUYER_ACCEPT_GOODS"), "awaiting_delivery", id="code-only"),
        pytest.param(facts(status_text="Awaiting shipment"), "awaiting_shipment", id="no-countdown"),
    ],
)
def test_normal_states_are_none(order: OrderFacts, status: str) -> None:
    decision = classify(order)
    assert (decision.scenario, decision.rule, decision.status) == ("none", "normal", status)


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(facts(status_text="Blorp zing"), id="unrecognised-text"),
        pytest.param(facts(), id="no-status-at-all"),
        pytest.param(facts(status_code="SOMETHING_NEW"), id="unknown-code"),
    ],
)
def test_unknown_status(order: OrderFacts) -> None:
    decision = classify(order)
    assert (decision.scenario, decision.rule, decision.status) == ("unknown", "unrecognised_status", "unknown")
    assert decision.evidence == ()


# --- negatives ------------------------------------------------------------------------------------


def test_closed_alone_is_not_a_security_issue() -> None:
    decision = classify(facts(status_text="Closed"))
    assert decision.scenario == "closed_refund_automatic"


@pytest.mark.parametrize(
    "notice",
    ["We're verifying your payment. This may take up to 24 hours.", "Your payment is under review."],
)
def test_payment_check_notice_on_a_processing_order_is_payment_verification(notice: str) -> None:
    """The 2026 label "Processing" also covers orders whose payment is still being checked."""
    assert classify(facts(status_text="Processing", notices=(notice,))).scenario == "payment_verification"


def test_payment_check_notice_on_a_shipped_order_is_not_payment_verification() -> None:
    order = facts(status_text="Awaiting delivery", notices=("Your payment is being verified",))
    assert classify(order).scenario == "none"


def test_security_word_in_a_notice_on_an_open_order_is_not_a_closure() -> None:
    order = facts(status_text="Awaiting delivery", notices=("Security check passed",))
    assert classify(order).scenario == "none"


@pytest.mark.parametrize("status_text", ["Closed", "Canceled", "Cancelled", "Cerrado", "Cancelado"])
def test_canceled_without_shipment_evidence_is_not_canceled_after_shipping(status_text: str) -> None:
    assert classify(facts(status_text=status_text)).scenario == "closed_refund_automatic"


@pytest.mark.parametrize("status_text", ["Order canceled", "Order Cancelled", "Pedido cancelado"])
def test_order_canceled_status_label_without_shipment_evidence_is_not_canceled_after_shipping(
    status_text: str,
) -> None:
    """A list/detail status label is not a carrier event: nothing shows this order ever shipped."""
    decision = classify(facts(status_text=status_text))
    assert decision.scenario == "closed_refund_automatic"


def test_awaiting_shipment_with_five_days_left_is_none() -> None:
    order = facts(status_text="Awaiting shipment", countdowns=(Countdown(text="5 days", seconds=5 * 86400),))
    assert classify(order).scenario == "none"


def test_countdown_on_a_delivery_is_not_a_shipping_deadline() -> None:
    order = facts(status_text="Awaiting delivery", countdowns=(countdown(3600),))
    assert classify(order).scenario == "none"


def test_security_word_on_open_payment_verification_stays_payment_verification() -> None:
    order = facts(
        status_text="Payment being verified",
        notices=("For security purposes, we are checking this payment",),
    )
    decision = classify(order)
    assert decision.scenario == "payment_verification"
    assert "notice:security" not in signals_of(decision)


def test_completed_order_with_tracking_failure_event_stays_none() -> None:
    order = facts(status_text="Completed", tracking_events=events("Delivered", "Returned to sender"))
    decision = classify(order)
    assert (decision.scenario, decision.status) == ("none", "completed")


# Ordinary 2026 carrier events (../shared/reference/real-texts.md), as (title, description).
NORMAL_EVENTS = (
    ("In transit", "Package left sorting center of origin."),
    ("Customs clearance started", "Import customs clearance started"),
    ("Leaving customs, awaiting transfer", "Your package will soon be handed over to the domestic courier company."),
    ("In transit", "Your delivery information has been updated."),
    ("In transit", "Awaiting flight"),
    ("Collected by carrier", "Package collected by carrier."),
    ("Package in preparation", "Your package is being prepared"),
)


@pytest.mark.parametrize("status_text", ["Awaiting delivery", None])
def test_a_normal_parcel_history_raises_no_banner(status_text: str | None) -> None:
    history = tuple(TrackingEvent(title=title, description=description) for title, description in NORMAL_EVENTS)
    decision = classify(facts(status_text=status_text, tracking_events=history))
    assert (decision.scenario, decision.status) == ("none", "awaiting_delivery")
    assert not any(e.signal.startswith("tracking:cancellation") for e in decision.evidence)


def test_the_guides_wording_after_a_normal_history_is_still_a_failure() -> None:
    history = tuple(TrackingEvent(title=title, description=description) for title, description in NORMAL_EVENTS)
    failure = TrackingEvent(title="Order canceled", description="Except for parcel handling in the sorting center")
    assert classify(facts(tracking_events=(failure, *history))).scenario == "canceled_after_shipping"


@pytest.mark.parametrize("status_text", ["In dispute", "Fund processing"])
def test_settled_order_with_tracking_failure_event_stays_none(status_text: str) -> None:
    order = facts(status_text=status_text, tracking_events=events("Shipment canceled"))
    assert classify(order).scenario == "none"


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(
            facts(status_text="Closed", notices=("The seller has requested to cancel this order",)),
            id="closed-text+request-notice",
        ),
        pytest.param(
            facts(status_code="TRADE_CLOSED", notices=("The seller has requested to cancel this order",)),
            id="closed-code+request-notice",
        ),
        pytest.param(facts(status_text="Closed", status_code="IN_CANCEL"), id="closed-text+IN_CANCEL-code"),
    ],
)
def test_awaiting_cancellation_already_closed_is_not_seller_requests_cancellation(order: OrderFacts) -> None:
    decision = classify(order)
    assert decision.scenario != "seller_requests_cancellation"
    assert decision.scenario == "closed_refund_automatic"


def test_seller_cancel_request_on_shipped_order_is_not_seller_requests_cancellation() -> None:
    order = facts(status_text="Awaiting delivery", notices=("The seller has requested to cancel this order",))
    assert classify(order).scenario == "none"


def test_frozen_notice_on_completed_order_is_not_frozen() -> None:
    order = facts(status_text="Completed", notices=("Your order has been frozen",))
    assert classify(order).scenario == "none"


# --- evidence -------------------------------------------------------------------------------------


def test_evidence_names_the_status_text_and_notice_that_decided() -> None:
    decision = classify(facts(status_text="Closed", notices=(SECURITY_NOTICE, "Refund processed")))
    assert decision.scenario == "closed_security_issue"
    assert {(e.source, e.text, e.signal) for e in decision.evidence} == {
        ("status_text", "Closed", "status:closed"),
        ("notice", SECURITY_NOTICE, "notice:security"),
    }


def test_evidence_names_the_tracking_event() -> None:
    decision = classify(
        facts(status_text="Awaiting delivery", tracking_events=events("In transit", "Returned to sender"))
    )
    assert decision.scenario == "canceled_after_shipping"
    assert "Returned to sender" in texts_of(decision)
    assert ("tracking_event", "tracking:cancellation") in {(e.source, e.signal) for e in decision.evidence}


def test_evidence_names_the_status_code_when_text_is_missing() -> None:
    decision = classify(facts(status_code="IN_FROZEN"))
    assert [(e.source, e.text, e.signal) for e in decision.evidence] == [("status_code", "IN_FROZEN", "status:frozen")]


def test_evidence_has_no_duplicates() -> None:
    decision = classify(facts(status_text="Payment being verified", notices=("Payment being verified",)))
    keys = [(e.source, e.text, e.signal) for e in decision.evidence]
    assert len(keys) == len(set(keys))


def test_a_card_showing_the_raw_status_enum_is_read_through_the_codes() -> None:
    decision = classify(facts(status_text=" WAIT_BUYER_ACCEPT_GOODS "))
    assert (decision.scenario, decision.status) == ("none", "awaiting_delivery")
    assert [(e.source, e.signal) for e in decision.evidence] == [("status_text", "status:awaiting_delivery")]


def test_an_unknown_enum_in_the_status_text_stays_unknown() -> None:
    assert classify(facts(status_text="WAIT_FOR_SOMETHING_NEW")).scenario == "unknown"


def test_status_text_wins_over_status_code() -> None:
    decision = classify(facts(status_text="Awaiting delivery", status_code="WAIT_SELLER_SEND_GOODS"))
    assert decision.status == "awaiting_delivery"


# Language-independent fallback: wording nobody has taught us still meets the buttons beside it.


@pytest.mark.parametrize(
    ("kind", "expected_status", "scenario"),
    [
        ("pay", "awaiting_payment", "awaiting_payment"),
        ("confirm_received", "awaiting_delivery", "none"),
    ],
)
def test_unknown_wording_is_read_from_the_orders_buttons(kind: str, expected_status: str, scenario: str) -> None:
    decision = classify(
        facts(status_text="Czeka na coś zupełnie nowego", actions=(PageAction(kind=kind, label="?", href=None),))
    )
    assert (decision.status, decision.scenario) == (expected_status, scenario)
    assert any(e.source == "action" and e.signal == f"status:{expected_status}" for e in decision.evidence)


def test_unknown_wording_with_extend_button_and_short_countdown_is_deadline_near() -> None:
    decision = classify(
        facts(
            status_text="Statut inconnu",
            actions=(PageAction(kind="extend_processing", label="Prolonger", href=None),),
            countdowns=(Countdown(text="1 j 02:00:00", seconds=26 * 3600),),
        )
    )
    assert decision.scenario == "shipping_deadline_near"


def test_unknown_wording_without_other_evidence_stays_unknown() -> None:
    decision = classify(
        facts(status_text="Statut inconnu", actions=(PageAction(kind="details", label="?", href=None),))
    )
    assert decision.scenario == "unknown"


# --- a problem reported while the page still shows the parcel moving: hedged, not a verdict ---------------

EXCEPTION = "Except for parcel handling in the sorting center"


def event(description: str, title: str | None = None) -> TrackingEvent:
    return TrackingEvent(title=title, description=description)


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(
            facts(tracking_events=(event(EXCEPTION, "In transit"), event("Received by logistics company", "Shipped"))),
            id="newest-event-in-transit-with-exception",
        ),
        pytest.param(
            facts(tracking_events=(event("Arrived at destination country"), event(EXCEPTION))),
            id="moved-on-after-an-exception",
        ),
        pytest.param(
            facts(status_text="Awaiting delivery", tracking_events=(event(EXCEPTION, "In transit"),)),
            id="detail-page-awaiting-delivery",
        ),
    ],
)
def test_a_problem_while_the_page_shows_the_parcel_moving_is_hedged(order: OrderFacts) -> None:
    decision = classify(order)
    assert (decision.scenario, decision.rule) == ("canceled_after_shipping", "shipment_problem_reported")
    assert decision.evidence[0].text == EXCEPTION and decision.evidence[0].decisive


def test_the_hedged_evidence_is_the_problem_then_what_shows_the_parcel_moving() -> None:
    decision = classify(facts(tracking_events=(event(EXCEPTION, "In transit"), event("Package left warehouse"))))
    assert [(e.text, e.signal, e.decisive) for e in decision.evidence] == [
        (EXCEPTION, "tracking:cancellation", True),
        ("In transit", "tracking:shipped", False),
    ]


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(
            facts(tracking_events=(event("Order canceled", "Canceled"), event(EXCEPTION))), id="newest-says-canceled"
        ),
        pytest.param(facts(tracking_events=(event(EXCEPTION),)), id="newest-is-the-failure-alone"),
        pytest.param(
            facts(status_text="Exception", tracking_events=(event(EXCEPTION, "In transit"),)), id="headline-exception"
        ),
        pytest.param(
            facts(
                status_text="Awaiting delivery",
                notices=("Shipment canceled",),
                tracking_events=(event(EXCEPTION, "In transit"),),
            ),
            id="order-notice-says-canceled",
        ),
        pytest.param(facts(status_text="Closed", tracking_events=(event(EXCEPTION, "In transit"),)), id="order-closed"),
    ],
)
def test_a_stated_cancellation_is_still_a_verdict(order: OrderFacts) -> None:
    decision = classify(order)
    assert (decision.scenario, decision.rule) == ("canceled_after_shipping", "canceled_after_shipping")


# --- ranked evidence: the decisive fact first, each quote once, nothing that argues against -----------------


@pytest.mark.parametrize(
    ("order", "decisive"),
    [
        pytest.param(facts(status_text="Closed", notices=(SECURITY_NOTICE,)), SECURITY_NOTICE, id="security-notice"),
        pytest.param(
            facts(status_text="Closed", notices=("This order was canceled by the seller",)),
            "This order was canceled by the seller",
            id="seller-canceled",
        ),
        pytest.param(
            facts(status_text="Awaiting shipment", countdowns=(countdown(3600),)), "Ship within 3600s", id="countdown"
        ),
        pytest.param(
            facts(status_text="Closed", tracking_events=events("Shipment canceled")), "Shipment canceled", id="carrier"
        ),
        pytest.param(facts(status_text="Awaiting payment"), "Awaiting payment", id="status"),
    ],
)
def test_the_deciding_fact_comes_first_and_is_marked(order: OrderFacts, decisive: str) -> None:
    evidence = classify(order).evidence
    assert (evidence[0].text, evidence[0].decisive) == (decisive, True)
    assert not any(e.decisive for e in evidence[1:])


def test_a_quote_inside_another_is_shown_once() -> None:
    failure = "Exception in parcel handling"
    decision = classify(facts(status_text="Closed", tracking_events=(event(failure, "Exception"),)))
    assert [e.text for e in decision.evidence] == [failure, "Closed"]


def test_a_longer_quote_replaces_a_supporting_one_it_contains() -> None:
    def notice(text: str) -> Evidence:
        return Evidence(source="notice", text=text, signal="notice:refund")

    def texts(*quotes: str) -> list[str]:
        return [e.text for e in ranked([notice(q) for q in quotes])]

    assert texts("Closed", "Refund", "Refund sent") == ["Closed", "Refund sent"]
    assert texts("Closed", "Refund", "sent", "Refund  SENT") == ["Closed", "Refund  SENT"]
    assert texts("Refund", "Refund sent", "Closed") == ["Refund", "Closed"]  # the decisive quote keeps its place


def test_awaiting_delivery_is_not_shown_as_evidence_of_a_cancellation() -> None:
    decision = classify(facts(status_text="Awaiting delivery", tracking_events=events("Shipment canceled")))
    assert decision.rule == "canceled_after_shipping"
    assert "status:awaiting_delivery" not in signals_of(decision)


def test_one_sign_of_shipment_and_the_tracking_number_only_when_it_is_the_only_one() -> None:
    shipped = classify(
        facts(
            status_text="Closed",
            tracking_number="LP00000000000001",
            actions=(PageAction(kind="track", label="Track order"),),
        )
    )
    assert [e.text for e in shipped.evidence] == ["Closed", "Track order"]
    alone = classify(facts(status_text="Closed", tracking_number="LP00000000000001"))
    assert [e.source for e in alone.evidence] == ["status_text", "tracking_number"]


def test_a_back_end_code_is_not_shown_beside_the_label_it_confirms() -> None:
    decision = classify(facts(status_text="Awaiting payment", status_code="PLACE_ORDER_SUCCESS"))
    assert [e.source for e in decision.evidence] == ["status_text"]


# --- an order whose status label was not found or not understood ----------------------------------


@pytest.mark.parametrize(
    ("notice", "scenario"),
    [
        ("This order has been cancelled automatically, the seller having failed to dispatch the goods in time.",
         "auto_canceled_not_shipped"),
        ("The seller has withdrawn from this transaction and cancelled the order, the goods being out of stock.",
         "canceled_by_seller"),
        ("You did not pay for this order in time, so we have closed it. You haven't been charged.", "awaiting_payment"),
        ("Da innerhalb des vorgesehenen Zeitraums keine Zahlung eingegangen ist, wurde die Bestellung geschlossen.",
         "awaiting_payment"),
        ("Ты не оплатил заказ вовремя — он закрыт.", "awaiting_payment"),
    ],
)
def test_a_notice_that_says_why_the_order_ended_stands_for_an_unread_status(notice: str, scenario: str) -> None:
    decision = classify(facts(notices=(notice,)))
    assert (decision.scenario, decision.status) == (scenario, "closed")
    assert decision.evidence[0].text == notice


@pytest.mark.parametrize(
    "notice",
    [
        "Orders not paid in time are closed automatically.",
        "If the seller does not ship in time, the order will be canceled automatically.",
        "Bestellungen, die nicht rechtzeitig bezahlt werden, werden storniert.",
        "Si el vendedor no envía a tiempo, el pedido se cancelará automáticamente.",
    ],
)
def test_a_rule_or_a_condition_never_stands_for_an_unread_status(notice: str) -> None:
    """A policy states no fact about this order: with no status read, the order stays unknown (no banner)."""
    assert classify(facts(notices=(notice,))).scenario == "unknown"


def test_a_reason_without_a_closing_word_never_stands_for_an_unread_status() -> None:
    assert classify(facts(notices=("The seller did not ship in time.",))).scenario == "unknown"


@pytest.mark.parametrize(
    "promise",
    [
        "Garantie AliExpress : tout colis renvoyé à l’expéditeur vous est intégralement remboursé.",
        "Any parcel returned to the sender is refunded in full.",
        "Si el paquete es devuelto al remitente, te devolvemos el dinero.",
        "Parcel returned to sender will be refunded full amount.",
        "Pacote devolvido ao remetente é reembolsado integralmente.",
    ],
)
def test_a_promise_about_returned_parcels_is_no_returned_parcel(promise: str) -> None:
    """A rule about every parcel says nothing of this one: an order in transit with a customs event stays `none`."""
    order = facts(
        status_text="Awaiting delivery",
        notices=(promise,),
        tracking_events=(TrackingEvent(description="Import customs clearance in progress", time="Dec 5, 2026 16:20"),),
    )
    decision = classify(order)
    assert decision.scenario == "none"
    assert "notice:shipment_canceled" not in signals_of(decision)


def test_a_returned_parcel_stated_beside_a_promise_is_still_read() -> None:
    """The notice's own sentence states the fact; the promise in the next sentence does not hide it."""
    notice = "Your parcel was returned to the sender. If you paid for shipping, it will be refunded too."
    decision = classify(facts(status_text="Closed", notices=(notice,), tracking_number="LP00123456789012"))
    assert decision.scenario == "canceled_after_shipping"
    assert "notice:shipment_canceled" in signals_of(decision)


def test_a_condition_about_a_sellers_request_is_no_request() -> None:
    """ "If the seller asks you to cancel, contact us first" is advice for every order, not this order's news."""
    notice = "Se il venditore ti chiede di annullare l'ordine, contattaci prima di farlo."
    decision = classify(facts(status_text="In attesa di spedizione", notices=(notice,)))
    assert decision.scenario == "none"
    assert "notice:seller_cancel_request" not in signals_of(decision)
