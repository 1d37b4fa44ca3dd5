"""The phrase tables: coverage of every status signal, tolerant matching, longest phrase first."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest

from parser.vocabulary import CODES, vocabulary

LANGS = ("en", "es")
MATCHED_CATEGORIES = ("status", "notice", "tracking", "action")


def _table(lang: str) -> dict[str, Any]:
    with resources.files("parser.vocabulary").joinpath(f"{lang}.toml").open("rb") as handle:
        return tomllib.load(handle)


def _rows(category: str) -> list[tuple[str, str, str]]:
    return [
        (lang, signal, phrase)
        for lang in LANGS
        for signal, phrases in _table(lang)[category].items()
        for phrase in phrases
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_every_status_signal_is_hit_by_one_of_its_phrases(lang: str) -> None:
    vocab = vocabulary()
    missed = [
        signal
        for signal, phrases in _table(lang)["status"].items()
        if not any((m := vocab.first("status", p)) is not None and m.signal == signal for p in phrases)
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
