"""The scenario classifier: explicit, ordered rules from an order's facts to exactly one guide scenario.

First the facts become signals, each with the evidence that produced it (a page text or attribute and
the canonical meaning the vocabulary gives it). Then the rules in `RULES` are tried in order and the
first that holds decides. docs/scenarios.md describes the same rules for people.

Each rule returns its evidence ranked for the shopper's "Why?": the fact that decided first (marked
`decisive`), then what supports it; facts that argue against the verdict are left out, and a quote that
repeats or sits inside another one is shown once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from orderlens.parser.model import Countdown, Evidence, OrderFacts, ScenarioId
from orderlens.parser.vocabulary import CODES, vocabulary

DEADLINE_NEAR_SECONDS = 72 * 3600
# Buyer protection "ends soon" when its last day is at most this many days after today (today counts).
PROTECTION_ENDING_DAYS = 7
# Statuses of a paid order still on its way to the buyer: the ones buyer protection is there for.
_ON_ITS_WAY = frozenset({"awaiting_shipment", "partially_shipped", "awaiting_delivery"})
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
    # The tracking signals of the newest carrier event: the page's own latest word on the parcel.
    newest_event: frozenset[str] = frozenset()
    # Days from today to the last day of buyer protection (0: it ends today; negative: it has ended).
    protection_days_left: int | None = None

    def has(self, signal: str) -> bool:
        return signal in self.evidence

    def has_any(self, *signals: str) -> bool:
        return any(signal in self.evidence for signal in signals)

    def of(self, *signals: str) -> list[Evidence]:
        return [e for s in signals for e in self.evidence.get(s, [])]

    def add(self, source: str, text: str, signal: str) -> None:
        items = self.evidence.setdefault(signal, [])
        if not any(e.text == text and e.source == source for e in items):
            items.append(Evidence(source=source, text=text, signal=signal))


def read_signals(facts: OrderFacts, today: date | None = None) -> Signals:
    """Turn the facts into canonical signals, remembering which text or attribute gave each.

    `today` is the date deadlines are counted from (the buyer-protection date); without it none is.
    """
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
    # A notice that states a rule ("une commande qui n'est pas réglée … est fermée") says nothing of this order when
    # some signals are prone to it, and for every signal where the order shows no status of its own to weigh it.
    for source, text in [("status_text", facts.status_text or ""), *(("notice", n) for n in facts.notices)]:
        for match in vocab.match("notice", text):
            prone = match.signal in _RULE_PRONE or status is None
            if source == "status_text" or not prone or _stated_as_fact(text, match.signal):
                signals.add(source, text, f"notice:{match.signal}")
    # An event's description before its title: "Shipment canceled" tells more than the stage "Exception".
    texts = [("tracking_event", t) for e in facts.tracking_events for t in (e.description, e.title) if t]
    if facts.status_text and text_status is None:
        texts.append(("status_text", facts.status_text))  # a tracking page's headline, e.g. "Delivery exception"
    for source, text in texts:
        for match in vocab.match("tracking", text):
            signals.add(source, text, f"tracking:{match.signal}")
    if facts.tracking_events:
        newest = facts.tracking_events[0]
        signals.newest_event = frozenset(
            f"tracking:{match.signal}"
            for text in (newest.description, newest.title)
            if text
            for match in vocab.match("tracking", text)
        )
    if facts.tracking_number:
        signals.add("tracking_number", facts.tracking_number, "shipment:tracking_number")
    if facts.shipped_step:
        signals.add("progress_step", "Shipment", "shipment:step_done")
    for action in facts.actions:
        signals.add("action", action.label, f"action:{action.kind}")
    if status is None:
        status = _status_from_notices(facts, signals) or _status_from_structure(facts, signals)
    _read_protection(facts, today, signals)
    signals.status = status
    left = {c: seconds for c in facts.countdowns if (seconds := _seconds_left(c, today)) is not None}
    if left:
        shortest = min(left, key=left.__getitem__)
        signals.min_countdown = left[shortest]
        signals.add("countdown", shortest.text, "countdown")
    return signals


def _seconds_left(countdown: Countdown, today: date | None) -> int | None:
    """What a countdown had left: its seconds, or for a deadline given as a date the whole days from `today` to
    it (a date already past has nothing left to warn of; without `today`, none is counted)."""
    if countdown.until is None:
        return countdown.seconds
    if today is None:
        return None
    days = (date.fromisoformat(countdown.until) - today).days
    return days * 86400 if days >= 0 else None


def _read_protection(facts: OrderFacts, today: date | None, signals: Signals) -> None:
    """The buyer-protection deadline counted from today, and whether the page says the parcel was delivered."""
    vocab = vocabulary()
    events = (("tracking_event", text) for e in facts.tracking_events for text in (e.description, e.title))
    texts = [("status_text", facts.status_text), *events]
    for source, text in texts:
        if text and any(m.signal == "delivered" for m in vocab.match("protection", text)):
            signals.add(source, text, "protection:delivered")
    if today is None or facts.protection_until is None:
        return
    try:
        until = date.fromisoformat(facts.protection_until)
    except ValueError:
        return
    signals.add("protection_until", facts.protection_until, "protection:until")
    signals.protection_days_left = (until - today).days


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


# Reasons an order ended: a notice that gives one and says the order was closed speaks for a status label
# the reader did not find or understand ("Order rescinded" above "The seller cancelled the order: out of stock").
_CLOSURE_REASONS = frozenset(
    f"notice:{reason}" for reason in ("canceled_by_seller", "seller_ship_timeout", "pay_timeout", "buyer_canceled")
)
_ENDED_SIGNALS = frozenset(f"status:{status}" for status in _ENDED)
_CLOSURE_CATEGORIES = ("notice", "status", "condition")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


def _status_from_notices(facts: OrderFacts, signals: Signals) -> str | None:
    """"closed" where a sentence of a notice both gives a reason for ending the order and says it ended. A
    sentence with words of a rule or a condition states no fact about this order: "Orders not paid in time are
    closed", "If the seller does not ship in time, the order will be canceled"."""
    vocab = vocabulary()
    for notice in facts.notices:
        for sentence in _SENTENCE_END.split(notice):
            found = {f"{m.category}:{m.signal}" for kind in _CLOSURE_CATEGORIES for m in vocab.match(kind, sentence)}
            rule = any(signal.startswith("condition:") for signal in found)
            if found & _CLOSURE_REASONS and found & _ENDED_SIGNALS and not rule:
                signals.add("notice", notice, "status:closed")
                return "closed"
    return None


# Notice signals a rule states about every order as readily as a notice states about this one ("Garantie : tout
# colis renvoyé à l'expéditeur vous est intégralement remboursé", "Se il venditore ti chiede di annullare
# l'ordine, contattaci"), and that raise a banner alone; and the words that make a sentence such a rule (a
# condition, "any parcel", a refund promised for it), not the future tense a fact may use too.
_RULE_PRONE = frozenset({"shipment_canceled", "seller_cancel_request"})
_RULE_WORDS = frozenset({"if", "every", "promise"})


def _stated_as_fact(notice: str, signal: str) -> bool:
    """Whether a sentence of the notice says `signal` with no words of a condition or of a rule for every order."""
    vocab = vocabulary()
    return any(
        any(match.signal == signal for match in vocab.match("notice", sentence))
        and not any(match.signal in _RULE_WORDS for match in vocab.match("condition", sentence))
        for sentence in _SENTENCE_END.split(notice)
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


def _fold(text: str) -> str:
    """A quote as compared with another: case and runs of whitespace do not count."""
    return " ".join(text.casefold().split())


def _status_evidence(s: Signals) -> list[Evidence]:
    """The one fact that gave the status: the label the shopper sees before a back-end code behind it."""
    return s.of(f"status:{s.status}")[:1]


# What shows the parcel left the seller, most telling first.
_SHIPMENT_SIGNS = ("tracking:shipped", "shipment:step_done", "action:track", "shipment:tracking_number")


def _shipment_evidence(s: Signals, beside: list[Evidence]) -> list[Evidence]:
    """The one fact that best shows the parcel left the seller: a carrier event, a shipped step, a track link,
    and only failing those the bare tracking number (a number alone explains little to the shopper). A
    sign that only repeats a quote already shown `beside` it ("Order canceled" on a track link) is passed
    over."""
    shown = [_fold(e.text) for e in (*beside, *s.of("tracking:cancellation"))]  # a failure shows no progress
    signs = s.of(*_SHIPMENT_SIGNS)
    return [e for e in signs if not any(_fold(e.text) in text or text in _fold(e.text) for text in shown)][:1]


def _page_says_canceled(s: Signals) -> bool:
    """The order's own notice, the tracking page's headline or its newest event states the cancellation.

    A newest event that also says the parcel is moving ("In transit" above "Except for parcel handling in
    the sorting center") does not: the carrier reported a problem, it did not end the shipment.
    """
    headline = any(e.source == "status_text" for e in s.of("tracking:cancellation"))
    newest = "tracking:cancellation" in s.newest_event and "tracking:shipped" not in s.newest_event
    return s.has("notice:shipment_canceled") or headline or newest


def closed_security_issue(s: Signals) -> list[Evidence] | None:
    """A security or risk-control closure; on an open order a security word alone is not a closure."""
    if s.has("notice:security") and (s.status in ("closed", None) or s.of("notice:security")[0].source != "notice"):
        return s.of("notice:security") + _status_evidence(s)
    return None


def order_frozen(s: Signals) -> list[Evidence] | None:
    """AliExpress froze the order."""
    if s.status == "frozen":
        return _status_evidence(s) + s.of("notice:frozen")
    if s.has("notice:frozen") and s.status not in (*_ENDED, *_SETTLED):
        return s.of("notice:frozen") + _status_evidence(s)
    return None


def payment_verification(s: Signals) -> list[Evidence] | None:
    """The payment is being checked."""
    if s.status == "payment_verification":
        return _status_evidence(s) + s.of("notice:payment_verification")
    if s.has("notice:payment_verification") and s.status in _PAYMENT_NOT_SETTLED:
        return s.of("notice:payment_verification") + _status_evidence(s)
    return None


def shipment_problem_reported(s: Signals) -> list[Evidence] | None:
    """The carrier reported a problem, but the page itself still shows the parcel on its way.

    Same guide case as a cancellation after shipping (the sorting-center exception often comes just
    before "Order canceled"), but not a verdict yet: its banner says what to watch for.
    """
    if s.status in (*_SETTLED, *_ENDED) or not s.has("tracking:cancellation") or _page_says_canceled(s):
        return None
    problem = s.of("tracking:cancellation")
    return problem + _shipment_evidence(s, problem) + _status_evidence(s)


def canceled_after_shipping(s: Signals) -> list[Evidence] | None:
    """The carrier reports a cancellation or failure, or a closed order shows it had shipped."""
    if s.status in _SETTLED:
        return None
    # "Awaiting delivery" argues against the cancellation: only a closed status is shown beside it.
    closed = _status_evidence(s) if s.status in _ENDED else []
    if s.has("tracking:cancellation") or s.has("notice:shipment_canceled"):
        cancellation = s.of("notice:shipment_canceled", "tracking:cancellation")
        return cancellation + closed + _shipment_evidence(s, cancellation + closed)
    if s.status == "closed" and s.has_any(*_SHIPMENT_SIGNS):
        return closed + _shipment_evidence(s, closed)
    return None


def closed_unpaid(s: Signals) -> list[Evidence] | None:
    """Closed because it was never paid: the payment window ran out ("Expired") or it was dropped unpaid.

    Same guide case as an unpaid order, but nothing can be paid any more: its banner says so.
    """
    if s.status == "expired":
        return _status_evidence(s) + s.of("notice:pay_timeout")
    if s.status == "closed" and s.has("notice:pay_timeout"):
        return s.of("notice:pay_timeout") + _status_evidence(s)
    return None


def canceled_by_seller(s: Signals) -> list[Evidence] | None:
    """Closed, and the page says the seller canceled it."""
    if s.status == "closed" and s.has("notice:canceled_by_seller"):
        return s.of("notice:canceled_by_seller") + _status_evidence(s)
    return None


def auto_canceled_not_shipped(s: Signals) -> list[Evidence] | None:
    """Closed because the seller did not ship within the processing time."""
    if s.status == "closed" and s.has("notice:seller_ship_timeout"):
        return s.of("notice:seller_ship_timeout") + _status_evidence(s)
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
        return s.of("notice:seller_cancel_request") + _status_evidence(s)
    return None


def buyer_protection_ending(s: Signals) -> list[Evidence] | None:
    """Buyer protection of an order still on its way ends within a week (today counts): after it, an
    undelivered parcel can no longer be disputed for a refund. A deadline already past is not this case:
    there is nothing left to do before it, and an old saved page would otherwise warn forever."""
    left = s.protection_days_left
    if left is None or not 0 <= left <= PROTECTION_ENDING_DAYS:
        return None
    if s.status in _ON_ITS_WAY and not s.has("protection:delivered"):
        return s.of("protection:until") + _status_evidence(s)
    return None


def shipping_deadline_near(s: Signals) -> list[Evidence] | None:
    """Awaiting shipment with 72 hours or less left before the order is canceled automatically."""
    if s.status == "awaiting_shipment" and s.min_countdown is not None and s.min_countdown <= DEADLINE_NEAR_SECONDS:
        return s.of("countdown") + _status_evidence(s)
    return None


def closed_refund_automatic(s: Signals) -> list[Evidence] | None:
    """Closed or canceled before shipping, with no more specific reason: the refund is automatic."""
    if s.status == "closed":
        # One refund line is enough: the rest of a refund panel ("Refund Amount", "Refund Status") adds nothing.
        return _status_evidence(s) + s.of("notice:buyer_canceled", "notice:order_closed") + s.of("notice:refund")[:1]
    return None


def normal(s: Signals) -> list[Evidence] | None:
    """A recognised status that needs nothing from the shopper."""
    return _status_evidence(s) if s.status is not None else None


Rule = Callable[[Signals], "list[Evidence] | None"]
RULES: tuple[tuple[ScenarioId, Rule], ...] = (
    ("closed_security_issue", closed_security_issue),
    ("order_frozen", order_frozen),
    ("payment_verification", payment_verification),
    ("canceled_after_shipping", shipment_problem_reported),
    ("canceled_after_shipping", canceled_after_shipping),
    ("awaiting_payment", closed_unpaid),
    ("canceled_by_seller", canceled_by_seller),
    ("auto_canceled_not_shipped", auto_canceled_not_shipped),
    ("awaiting_payment", awaiting_payment),
    ("seller_requests_cancellation", seller_requests_cancellation),
    ("buyer_protection_ending", buyer_protection_ending),
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


def ranked(evidence: list[Evidence]) -> tuple[Evidence, ...]:
    """The rule's evidence as the shopper reads it: its first fact marked decisive, each quote once.

    A quote that equals or sits inside one already kept is dropped ("Exception" beside "Exception in
    parcel handling"); a longer quote takes the place of a shorter supporting one it contains, but the
    decisive fact keeps its place.
    """
    kept: list[Evidence] = []
    for item in evidence:
        text = _fold(item.text)
        if any(text in _fold(other.text) for other in kept):
            continue
        inside = [i for i, other in enumerate(kept) if _fold(other.text) in text]
        if inside and inside[0] == 0:
            continue  # it repeats the decisive fact
        if inside:
            kept[inside[0]] = item
            kept = [other for i, other in enumerate(kept) if i not in inside[1:]]
        else:
            kept.append(item)
    return tuple(replace(item, decisive=i == 0) for i, item in enumerate(kept))


def classify(facts: OrderFacts, today: date | None = None) -> Decision:
    """The first rule that holds decides; an unrecognised status is `unknown`. Deadlines given as dates
    count from `today`; without it no such deadline is near."""
    signals = read_signals(facts, today)
    for scenario, rule in RULES:
        evidence = rule(signals)
        if evidence is not None:
            return Decision(scenario, rule.__name__, signals.status or "unknown", ranked(evidence))
    return Decision("unknown", "unrecognised_status", "unknown", ())
