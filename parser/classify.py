"""The scenario classifier: explicit, ordered rules from an order's facts to exactly one guide scenario.

First the facts become signals, each with the evidence that produced it (a page text or attribute and
the canonical meaning the vocabulary gives it). Then the rules in `RULES` are tried in order and the
first that holds decides. docs/scenarios.md describes the same rules for people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from orderlens.parser.model import Evidence, OrderFacts, ScenarioId
from orderlens.parser.vocabulary import CODES, vocabulary

DEADLINE_NEAR_SECONDS = 72 * 3600
# Statuses where the order is settled or already in AliExpress's hands: a stray tracking failure
# event does not reopen it.
_SETTLED = frozenset({"completed", "dispute", "fund_processing"})
_OPEN_BEFORE_SHIPPING = frozenset({"awaiting_shipment", "awaiting_cancellation", "awaiting_payment", None})
# Statuses of orders that have ended (closed, or expired unpaid): nothing is left to freeze.
_ENDED = frozenset({"closed", "expired"})
# Statuses on which a notice that the payment is being checked is believed: the order is not shipped yet
# ("Processing" labels an order whose payment is still under review as well).
_PAYMENT_NOT_SETTLED = frozenset({"awaiting_payment", "awaiting_shipment", None})


@dataclass
class Signals:
    """What the vocabulary made of an order's facts: canonical status plus every signal with evidence."""

    status: str | None
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    min_countdown: int | None = None

    def has(self, signal: str) -> bool:
        return signal in self.evidence

    def of(self, *signals: str) -> list[Evidence]:
        return [e for s in signals for e in self.evidence.get(s, [])]

    def add(self, source: str, text: str, signal: str) -> None:
        items = self.evidence.setdefault(signal, [])
        if not any(e.text == text and e.source == source for e in items):
            items.append(Evidence(source=source, text=text, signal=signal))


def read_signals(facts: OrderFacts) -> Signals:
    """Turn the facts into canonical signals, remembering which text or attribute gave each."""
    vocab = vocabulary()
    signals = Signals(status=None)
    text_status = _status_of_text(facts.status_text, signals)
    code_status = CODES.status.get(facts.status_code or "")
    if code_status and facts.status_code:
        signals.add("status_code", facts.status_code, f"status:{code_status}")
    status = text_status or code_status
    if facts.end_reason:
        signals.add("end_reason", facts.end_reason, f"notice:{CODES.end_reason[facts.end_reason]}")
        if status in (None, "completed"):
            status = "closed"  # FINISH plus an end reason is how closed orders look in the back end
    for source, text in [("status_text", facts.status_text or ""), *(("notice", n) for n in facts.notices)]:
        for match in vocab.match("notice", text):
            signals.add(source, text, f"notice:{match.signal}")
    texts = [("tracking_event", t) for e in facts.tracking_events for t in (e.title, e.description) if t]
    if facts.status_text and text_status is None:
        texts.append(("status_text", facts.status_text))  # a tracking page's headline, e.g. "Delivery exception"
    for source, text in texts:
        for match in vocab.match("tracking", text):
            signals.add(source, text, f"tracking:{match.signal}")
    if facts.tracking_number:
        signals.add("tracking_number", facts.tracking_number, "shipment:tracking_number")
    if facts.shipped_step:
        signals.add("progress_step", "Shipment", "shipment:step_done")
    for action in facts.actions:
        signals.add("action", action.label, f"action:{action.kind}")
    if status is None:
        status = _status_from_structure(facts, signals)
    signals.status = status
    seconds = [c.seconds for c in facts.countdowns if c.seconds is not None]
    if seconds:
        signals.min_countdown = min(seconds)
        shortest = next(c for c in facts.countdowns if c.seconds == signals.min_countdown)
        signals.add("countdown", shortest.text, "countdown")
    return signals


def _status_of_text(status_text: str | None, signals: Signals) -> str | None:
    """The status the order's own status text names: a vocabulary phrase, or a raw back-end enum.

    Some list cards show the enum (`WAIT_BUYER_ACCEPT_GOODS`) where the label should be.
    """
    if not status_text:
        return None
    match = vocabulary().first("status", status_text)
    status = match.signal if match else CODES.status.get(status_text.strip().upper())
    if status:
        signals.add("status_text", status_text, f"status:{status}")
    return status


# What an order's buttons say about its state when its wording is unknown (any language). A track
# link is not here: canceled orders keep theirs, so it cannot tell "in transit" from "canceled".
_STATUS_BY_ACTION = (
    ("pay", "awaiting_payment"),
    ("extend_processing", "awaiting_shipment"),
    ("confirm_received", "awaiting_delivery"),
)


def _status_from_structure(facts: OrderFacts, signals: Signals) -> str | None:
    """Language-independent fallback: the order's buttons, or carrier events on a tracking page."""
    kinds = {action.kind: action for action in facts.actions}
    for kind, status in _STATUS_BY_ACTION:
        if kind in kinds:
            signals.add("action", kinds[kind].label, f"status:{status}")
            return status
    if facts.tracking_events:
        signals.add("tracking_event", facts.tracking_events[0].description, "status:awaiting_delivery")
        return "awaiting_delivery"  # a tracking page: events mean the parcel is with a carrier
    return None


def _status_evidence(s: Signals) -> list[Evidence]:
    return s.of(f"status:{s.status}")


def _shipment_evidence(s: Signals) -> list[Evidence]:
    """Anything that shows the parcel left the seller: a tracking number, carrier events, a track link."""
    return s.of("shipment:tracking_number", "tracking:shipped", "shipment:step_done", "action:track")


def closed_security_issue(s: Signals) -> list[Evidence] | None:
    """A security or risk-control closure; on an open order a security word alone is not a closure."""
    if s.has("notice:security") and (s.status in ("closed", None) or s.of("notice:security")[0].source != "notice"):
        return _status_evidence(s) + s.of("notice:security")
    return None


def order_frozen(s: Signals) -> list[Evidence] | None:
    """AliExpress froze the order."""
    if s.status == "frozen" or (s.has("notice:frozen") and s.status not in (*_ENDED, *_SETTLED)):
        return _status_evidence(s) + s.of("notice:frozen")
    return None


def payment_verification(s: Signals) -> list[Evidence] | None:
    """The payment is being checked."""
    if s.status == "payment_verification" or (
        s.has("notice:payment_verification") and s.status in _PAYMENT_NOT_SETTLED
    ):
        return _status_evidence(s) + s.of("notice:payment_verification")
    return None


def canceled_after_shipping(s: Signals) -> list[Evidence] | None:
    """The carrier reports a cancellation or failure, or a closed order shows it had shipped."""
    if s.status in _SETTLED:
        return None
    if s.has("tracking:cancellation") or s.has("notice:shipment_canceled"):
        cancellation = s.of("tracking:cancellation", "notice:shipment_canceled")
        return _status_evidence(s) + cancellation + _shipment_evidence(s)
    if s.status == "closed" and _shipment_evidence(s):
        return _status_evidence(s) + _shipment_evidence(s)
    return None


def closed_unpaid(s: Signals) -> list[Evidence] | None:
    """Closed because it was never paid: the payment window ran out ("Expired") or it was dropped unpaid.

    Same guide case as an unpaid order, but nothing can be paid any more: its banner says so.
    """
    if s.status == "expired" or (s.status == "closed" and s.has("notice:pay_timeout")):
        return _status_evidence(s) + s.of("notice:pay_timeout")
    return None


def canceled_by_seller(s: Signals) -> list[Evidence] | None:
    """Closed, and the page says the seller canceled it."""
    if s.status == "closed" and s.has("notice:canceled_by_seller"):
        return _status_evidence(s) + s.of("notice:canceled_by_seller")
    return None


def auto_canceled_not_shipped(s: Signals) -> list[Evidence] | None:
    """Closed because the seller did not ship within the processing time."""
    if s.status == "closed" and s.has("notice:seller_ship_timeout"):
        return _status_evidence(s) + s.of("notice:seller_ship_timeout")
    return None


def awaiting_payment(s: Signals) -> list[Evidence] | None:
    """Not paid yet: the shopper may still pay before the deadline, or let it lapse."""
    if s.status == "awaiting_payment":
        return _status_evidence(s) + s.of("notice:awaiting_payment", "countdown", "action:pay")
    if s.status is None and s.has("notice:awaiting_payment"):
        return s.of("notice:awaiting_payment")
    return None


def seller_requests_cancellation(s: Signals) -> list[Evidence] | None:
    """The seller asks the buyer to cancel an order that is still open."""
    asked = s.has("notice:seller_cancel_request") or s.status == "awaiting_cancellation"
    if s.status in _OPEN_BEFORE_SHIPPING and asked:
        return _status_evidence(s) + s.of("notice:seller_cancel_request")
    return None


def shipping_deadline_near(s: Signals) -> list[Evidence] | None:
    """Awaiting shipment with 72 hours or less left before the order is canceled automatically."""
    if s.status == "awaiting_shipment" and s.min_countdown is not None and s.min_countdown <= DEADLINE_NEAR_SECONDS:
        return _status_evidence(s) + s.of("countdown")
    return None


def closed_refund_automatic(s: Signals) -> list[Evidence] | None:
    """Closed or canceled before shipping, with no more specific reason: the refund is automatic."""
    if s.status == "closed":
        return _status_evidence(s) + s.of("notice:buyer_canceled", "notice:order_closed", "notice:refund")
    return None


def normal(s: Signals) -> list[Evidence] | None:
    """A recognised status that needs nothing from the shopper."""
    return _status_evidence(s) if s.status is not None else None


Rule = Callable[[Signals], "list[Evidence] | None"]
RULES: tuple[tuple[ScenarioId, Rule], ...] = (
    ("closed_security_issue", closed_security_issue),
    ("order_frozen", order_frozen),
    ("payment_verification", payment_verification),
    ("canceled_after_shipping", canceled_after_shipping),
    ("awaiting_payment", closed_unpaid),
    ("canceled_by_seller", canceled_by_seller),
    ("auto_canceled_not_shipped", auto_canceled_not_shipped),
    ("awaiting_payment", awaiting_payment),
    ("seller_requests_cancellation", seller_requests_cancellation),
    ("shipping_deadline_near", shipping_deadline_near),
    ("closed_refund_automatic", closed_refund_automatic),
    ("none", normal),
)


@dataclass(frozen=True, slots=True)
class Decision:
    scenario: ScenarioId
    rule: str
    status: str
    evidence: tuple[Evidence, ...]


def classify(facts: OrderFacts) -> Decision:
    """The first rule that holds decides; an unrecognised status is `unknown`."""
    signals = read_signals(facts)
    for scenario, rule in RULES:
        evidence = rule(signals)
        if evidence is not None:
            unique = tuple(dict.fromkeys(evidence))
            return Decision(scenario, rule.__name__, signals.status or "unknown", unique)
    return Decision("unknown", "unrecognised_status", "unknown", ())
