"""The phrase tables: coverage of every status signal, tolerant matching, longest phrase first, the phrase
syntax for rewordings, and the texts seen on the live site."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest

from orderlens.parser.text import fold
from orderlens.parser.vocabulary import CODES, vocabulary
from orderlens.parser.vocabulary.variants import PhraseError, expand

LANGS = ("en", "es")
ALL_LANGS = ("en", "es", "fr", "de", "it", "pt", "ru", "pl", "nl", "tr", "ko")
MAX_WORDINGS_PER_PHRASE = 64
MATCHED_CATEGORIES = ("status", "notice", "tracking", "action")


def _table(lang: str) -> dict[str, Any]:
    with resources.files("orderlens.parser.vocabulary").joinpath(f"{lang}.toml").open("rb") as handle:
        return tomllib.load(handle)


def _wordings(phrases: list[str]) -> list[str]:
    """Every concrete wording the table's phrases stand for."""
    return [wording for phrase in phrases for wording in expand(phrase)]


def _rows(category: str) -> list[tuple[str, str, str]]:
    return [
        (lang, signal, wording)
        for lang in LANGS
        for signal, phrases in _table(lang)[category].items()
        for wording in _wordings(phrases)
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_every_status_signal_is_hit_by_one_of_its_phrases(lang: str) -> None:
    vocab = vocabulary()
    missed = [
        signal
        for signal, phrases in _table(lang)["status"].items()
        if not any((m := vocab.first("status", w)) is not None and m.signal == signal for w in _wordings(phrases))
    ]
    assert missed == []


@pytest.mark.parametrize("category", MATCHED_CATEGORIES)
def test_each_phrase_alone_maps_to_its_own_signal(category: str) -> None:
    """No phrase is shadowed by a longer phrase of another signal, in any language."""
    vocab = vocabulary()
    wrong = []
    for lang, signal, phrase in _rows(category):
        match = vocab.first(category, phrase)
        if match is None or match.signal != signal:
            wrong.append((lang, signal, phrase, match.signal if match else None))
    assert wrong == []


@pytest.mark.parametrize(
    ("page_text", "signal"),
    [
        pytest.param("AWAITING  DELIVERY", "awaiting_delivery", id="caps-and-double-space"),
        pytest.param("Esperando\u00a0envío", "awaiting_shipment", id="nbsp-and-accent"),
        pytest.param("Payment\n  being \n verified", "payment_verification", id="split-across-spans"),
        pytest.param("Your Payment is Being Verified", "payment_verification", id="title-case"),
        pytest.param("To ship (5)", "awaiting_shipment", id="tab-with-count"),
        pytest.param("Esperando entrega", "awaiting_delivery", id="live-spanish-label"),
        pytest.param("Goods Awaiting Acceptance", "awaiting_delivery", id="legacy-label"),
        pytest.param("Frozen Orders", "frozen", id="legacy-frozen"),
    ],
)
def test_status_matching_is_tolerant(page_text: str, signal: str) -> None:
    match = vocabulary().first("status", page_text)
    assert match is not None
    assert match.signal == signal


@pytest.mark.parametrize(
    ("page_text", "signal", "phrase"),
    [
        pytest.param("Fund processing", "fund_processing", "fund processing", id="not-awaiting-shipment"),
        pytest.param("Order closed", "closed", "order closed", id="order-closed"),
        pytest.param("Payment processing", "payment_verification", "payment processing", id="not-processing"),
        pytest.param("Order Completed", "completed", "order completed", id="order-completed"),
        pytest.param("Pedidos en disputa", "dispute", "pedidos en disputa", id="es-dispute"),
    ],
)
def test_longest_phrase_wins(page_text: str, signal: str, phrase: str) -> None:
    match = vocabulary().first("status", page_text)
    assert match is not None
    assert (match.signal, match.phrase) == (signal, phrase)


def test_a_longer_phrase_hides_the_shorter_one_inside_it() -> None:
    signals = [m.signal for m in vocabulary().match("status", "Fund processing")]
    assert signals == ["fund_processing"]


def test_unknown_text_matches_nothing() -> None:
    assert vocabulary().first("status", "Blorp zing") is None


def test_matching_needs_whole_words() -> None:
    # "pay" is an action phrase, but not inside "Payment".
    assert [m.signal for m in vocabulary().match("action", "Payment")] == []


def test_english_and_spanish_have_the_same_categories() -> None:
    def categories(lang: str) -> set[str]:
        return {key for key, value in _table(lang).items() if isinstance(value, dict)}

    assert categories("en") == categories("es")
    assert {"status", "notice", "tracking", "action", "countdown"} <= categories("en")


@pytest.mark.parametrize("category", [*MATCHED_CATEGORIES, "countdown"])
def test_each_signal_exists_in_both_languages(category: str) -> None:
    assert set(_table("en")[category]) == set(_table("es")[category])


@pytest.mark.parametrize("lang", LANGS)
def test_no_signal_has_an_empty_phrase_list(lang: str) -> None:
    table = _table(lang)
    empty = [(c, s) for c in MATCHED_CATEGORIES for s, phrases in table[c].items() if not phrases]
    assert empty == []


# The back-end codes listed in /work/shared/reference/aliexpress-pages.md ("Status vocabulary").
REFERENCE_STATUS_CODES = {
    "PLACE_ORDER_SUCCESS": "awaiting_payment",
    "IN_CANCEL": "awaiting_cancellation",
    "WAIT_SELLER_SEND_GOODS": "awaiting_shipment",
    "SELLER_PART_SEND_GOODS": "partially_shipped",
    "WAIT_BUYER_ACCEPT_GOODS": "awaiting_delivery",
    "FUND_PROCESSING": "fund_processing",
    "IN_ISSUE": "dispute",
    "IN_FROZEN": "frozen",
    "WAIT_SELLER_EXAMINE_MONEY": "payment_verification",
    "RISK_CONTROL": "payment_verification",
    "FINISH": "completed",
}
REFERENCE_END_REASONS = {
    "buyer_pay_timeout": "pay_timeout",
    "seller_send_goods_timeout": "seller_ship_timeout",
    "risk_reject_closed": "security",
    "buyer_cancel_order_in_risk": "security",
    "security_close": "security",
    "buyer_cancel_notpay_order": "pay_timeout",
    "cancel_order_close_trade": None,  # any closing reason will do
    "seller_accept_issue_no_goods_return": None,
}


@pytest.mark.parametrize(("code", "status"), REFERENCE_STATUS_CODES.items())
def test_codes_map_every_reference_status_code(code: str, status: str) -> None:
    assert CODES.status.get(code) == status


@pytest.mark.parametrize(("reason", "signal"), REFERENCE_END_REASONS.items())
def test_codes_map_every_reference_end_reason(reason: str, signal: str | None) -> None:
    assert reason in CODES.end_reason
    if signal is not None:
        assert CODES.end_reason[reason] == signal


def test_every_status_code_maps_to_a_status_the_phrase_tables_know() -> None:
    known = set(_table("en")["status"])
    assert set(CODES.status.values()) - known == set()


# --- the phrase syntax: one written phrase stands for its ordinary rewordings ----------------------


@pytest.mark.parametrize(
    ("phrase", "wordings"),
    [
        pytest.param("seller [has] asked", ["seller asked", "seller has asked"], id="optional-word"),
        pytest.param("cancel[l]ed", ["canceled", "cancelled"], id="optional-letters-inside-a-word"),
        pytest.param("[the|your] order", ["order", "the order", "your order"], id="optional-alternatives"),
        pytest.param("ship (within|in time)", ["ship within", "ship in time"], id="required-alternatives"),
        pytest.param(
            "you[ have|'ve] cancel[l]ed",
            ["you canceled", "you cancelled", "you have canceled", "you have cancelled", "you've canceled",
             "you've cancelled"],
            id="contraction",
        ),
        pytest.param("didn't ship ... in time", ["didn't ship ... in time"], id="gap-kept-for-the-matcher"),
        pytest.param("to pay", ["to pay"], id="plain-phrase"),
    ],
)  # fmt: skip
def test_a_phrase_expands_to_every_wording_it_stands_for(phrase: str, wordings: list[str]) -> None:
    assert sorted(expand(phrase)) == sorted(wordings)


@pytest.mark.parametrize(
    "phrase",
    [
        pytest.param("seller [has asked", id="unclosed-bracket"),
        pytest.param("seller (has|had asked", id="unclosed-parenthesis"),
        pytest.param("seller [has (asked|told)]", id="nested-group"),
        pytest.param("a|b", id="bar-outside-a-group"),
        pytest.param("... to cancel", id="gap-at-the-start"),
        pytest.param("seller ...", id="gap-at-the-end"),
        pytest.param("seller...cancel", id="gap-glued-to-words"),
        pytest.param("[the]", id="can-expand-to-nothing"),
    ],
)
def test_malformed_phrases_are_rejected_when_the_tables_load(phrase: str) -> None:
    with pytest.raises(PhraseError):
        expand(phrase)


def test_no_phrase_stands_for_so_many_wordings_that_the_trie_bloats() -> None:
    counts = {
        (lang, phrase): len(expand(phrase))
        for lang in ALL_LANGS
        for category in MATCHED_CATEGORIES
        for phrases in _table(lang)[category].values()
        for phrase in phrases
    }
    assert max(counts.values()) <= MAX_WORDINGS_PER_PHRASE


@pytest.mark.parametrize(
    ("page_text", "found"),
    [
        pytest.param("The seller didn't ship in time", True, id="no-word-in-the-gap"),
        pytest.param("The seller didn't ship it in time", True, id="one-word"),
        pytest.param("The seller didn't ship your whole order in time", True, id="three-words"),
        pytest.param("The seller didn't ship your whole big order in time", False, id="four-words-is-too-many"),
        pytest.param("The seller didn't ship it, but arrived in timely fashion", False, id="needs-whole-words"),
        pytest.param("The seller didn't ship, sadly, in time", True, id="a-comma-may-end-the-word-before-the-gap"),
        pytest.param("The seller didn't ship. Orders arrive in time", False, id="not-across-a-full-stop"),
    ],
)
def test_a_gap_allows_up_to_three_inserted_words(page_text: str, found: bool) -> None:
    signals = {m.signal for m in vocabulary().match("notice", page_text)}
    assert ("seller_ship_timeout" in signals) is found


def test_a_match_across_a_gap_reports_its_phrase_and_the_whole_span() -> None:
    folded = fold("Sorry: the seller did not ship your order in time.")
    spans = [(folded[start:end], m.signal, m.phrase) for start, end, m in vocabulary().spans("notice", folded)]
    assert spans == [
        ("seller did not ship your order in time", "seller_ship_timeout", "seller did not ship ... in time")
    ]


# Ordinary rewordings of known notices: inserted words, another word order, British spelling, "within" or
# "in time". Each must still give its signal.
REWORDINGS = [
    ("notice", "The seller has asked you to cancel the order", "seller_cancel_request"),
    ("notice", "Your seller has sent you a request to cancel this order", "seller_cancel_request"),
    ("notice", "The seller submitted a cancellation request", "seller_cancel_request"),
    ("notice", "The store has cancelled your order", "canceled_by_seller"),
    ("notice", "Order canceled by the store", "canceled_by_seller"),
    ("notice", "The seller did not ship the order within the processing time", "seller_ship_timeout"),
    ("notice", "The seller couldn't ship it on time", "seller_ship_timeout"),
    ("notice", "Auto-cancelled: the processing time has expired", "seller_ship_timeout"),
    ("notice", "The payment time has expired", "pay_timeout"),
    ("notice", "The order was cancelled because it wasn't paid within the payment period", "pay_timeout"),
    ("notice", "Payment has not been completed, so the order was closed", "pay_timeout"),
    ("notice", "You've canceled the order", "buyer_canceled"),
    ("notice", "Your payment is being checked", "payment_verification"),
    ("notice", "Your payment is under review", "payment_verification"),
    ("notice", "This order has been frozen", "frozen"),
    ("notice", "Order canceled because of a security risk", "security"),
    ("notice", "The shipment was cancelled by the logistics provider", "shipment_canceled"),
    ("notice", "Your package has been returned to the sender", "shipment_canceled"),
    ("notice", "This order was closed after it had been shipped", "shipment_canceled"),
    ("tracking", "The order has been cancelled", "cancellation"),
    ("tracking", "Shipment was canceled by the carrier", "cancellation"),
    ("tracking", "Unable to deliver. The package is being returned to the sender.", "cancellation"),
    ("notice", "El paquete ha sido devuelto al remitente", "shipment_canceled"),
    ("notice", "El vendedor no realizó el envío dentro del tiempo de procesamiento", "seller_ship_timeout"),
    ("tracking", "El envío ha sido cancelado", "cancellation"),
    ("notice", "El vendedor ha pedido que canceles el pedido", "seller_cancel_request"),
    ("notice", "La tienda ha cancelado tu pedido", "canceled_by_seller"),
    ("notice", "El plazo de pago ha vencido", "pay_timeout"),
    ("notice", "El tiempo para pagar ha expirado", "pay_timeout"),
    ("notice", "Tu pago está en revisión", "payment_verification"),
    ("notice", "Pedido cancelado por un riesgo de seguridad", "security"),
    ("notice", "La empresa de logística ha cancelado el envío", "shipment_canceled"),
    ("tracking", "El paquete está siendo devuelto al vendedor", "cancellation"),
]


@pytest.mark.parametrize(("category", "page_text", "signal"), REWORDINGS, ids=[r[1][:50] for r in REWORDINGS])
def test_ordinary_rewordings_keep_their_signal(category: str, page_text: str, signal: str) -> None:
    assert signal in {m.signal for m in vocabulary().match(category, page_text)}


# Harmless texts that share words with the phrases above must stay quiet.
QUIET = [
    ("notice", "Current order can not be paid. Please go to www.aliexpress.ru to finish the payment."),
    ("notice", "Your order has been picked up by the courier company and can't be canceled at this time"),
    ("notice", "The seller will ship your order within 3 days"),
    ("notice", "The seller shipped your order in time"),
    ("notice", "Free returns"),
    ("notice", "Fast delivery"),
    ("notice", "R$5 coupon if delayed"),
    ("notice", "Collect R$5 for delivery issue"),
    ("notice", "Some items are still on the way."),
    ("notice", "Logistics information has not been updated yet."),
    ("notice", "Order canceled after waiting for shipping"),
    ("tracking", "Your order has been picked up by the courier company"),
    ("tracking", "Logistics information has not been updated yet."),
]


@pytest.mark.parametrize(("category", "page_text"), QUIET, ids=[q[1][:50] for q in QUIET])
def test_harmless_texts_raise_no_problem_signal(category: str, page_text: str) -> None:
    harmless = {"refund", "shipped", "created"}
    assert {m.signal for m in vocabulary().match(category, page_text)} <= harmless


# --- texts seen on the live site (../shared/reference/real-texts.md) --------------------------------


@pytest.mark.parametrize(
    ("page_text", "status"),
    [
        ("Expired", "expired"),
        ("Finished", "completed"),
        ("Completed", "completed"),
        ("To ship", "awaiting_shipment"),
        ("Awaiting delivery", "awaiting_delivery"),
        ("Canceled", "closed"),
        ("Processing", "awaiting_shipment"),
        ("Processed", "awaiting_delivery"),  # the 2026 tab between "Processing" and "Completed"
        ("Concluído ", "completed"),  # pt-BR, with the site's trailing space
        ("Aguardando a entrega", "awaiting_delivery"),
        ("A ser pago", "awaiting_payment"),
        ("Processando", "awaiting_shipment"),
        ("Processado", "awaiting_delivery"),
        ("Expirado", "expired"),
        ("취소", "closed"),
    ],
)
def test_live_status_labels_are_read(page_text: str, status: str) -> None:
    match = vocabulary().first("status", page_text)
    assert match is not None
    assert match.signal == status


@pytest.mark.parametrize(
    ("label", "kind"),
    [("Track status", "track"), ("Track order", "track"), ("Confirm received", "confirm_received"),
     ("Returns/refunds", "open_dispute")],
)  # fmt: skip
def test_live_button_labels_are_read(label: str, kind: str) -> None:
    match = vocabulary().first("action", label)
    assert match is not None
    assert (match.signal, fold(match.phrase)) == (kind, fold(label))


# Every ordinary 2023-2026 tracking event listed in real-texts.md, as (title, description).
NORMAL_EVENTS = [
    ("Delivered", "Package delivered."),
    ("Delivery update", "Package out for delivery"),
    ("In transit", "Package arrived at local carrier facility"),
    ("In transit", "Package left carrier facility"),
    ("In transit", "Package arrived at carrier facility"),
    ("Collected by destination carrier", "Package arrived at regional carrier facility"),
    ("In transit", "Your delivery information has been updated."),
    ("Leaving customs, awaiting transfer", "Your package will soon be handed over to the domestic courier company."),
    ("Customs complete", "Import customs clearance completed"),
    ("In transit", "Your package arrived at local airport"),
    ("Customs clearance started", "Import customs clearance started"),
    ("In transit", "Package leaving origin country/region."),
    ("In transit", "Awaiting flight"),
    ("Customs complete", "Export customs clearance complete."),
    ("Processing in customs", "Export customs clearance started"),
    ("In transit", "Your package arrived at the origin airport. Awaiting transit."),
    ("In transit", "Package left sorting center of origin."),
    ("In transit", "Package received by sorting center of origin."),
    ("Collected by carrier", "Package collected by carrier."),
    ("Package in preparation", "Your package is being prepared"),
    ("Order created", "Your order's been created"),
    ("", "Received by warehouse"),
    ("", "Departed from sorting center"),
    ("", "Package shipped out from warehouse"),
]


@pytest.mark.parametrize(("title", "description"), NORMAL_EVENTS, ids=[d for _, d in NORMAL_EVENTS])
def test_normal_tracking_events_are_never_a_failure(title: str, description: str) -> None:
    for text in (title, description):
        assert "cancellation" not in {m.signal for m in vocabulary().match("tracking", text)}
    assert {m.signal for m in vocabulary().match("tracking", description)} & {"shipped", "created"}


def test_the_guides_mistranslated_sorting_center_event_is_still_a_failure() -> None:
    match = vocabulary().first("tracking", "Except for parcel handling in the sorting center")
    assert match is not None
    assert match.signal == "cancellation"
