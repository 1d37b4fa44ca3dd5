"""fold() and contains_phrase(): the two sides of every vocabulary match."""

from __future__ import annotations

import pytest

from orderlens.parser.text import clean, contains_phrase, fold


@pytest.mark.parametrize(
    ("page_text", "plain"),
    [
        pytest.param("AWAITING DELIVERY", "awaiting delivery", id="upper-case"),
        pytest.param("Esperando envío", "esperando envio", id="acute-accent"),
        pytest.param("Cancelación solicitada", "cancelacion solicitada", id="accent-and-cedilla-free"),
        pytest.param("Awaiting\u00a0delivery", "awaiting delivery", id="nbsp"),
        pytest.param(
            "Haven\u2019t found any thing to follow?", "haven't found any thing to follow?", id="curly-apostrophe"
        ),
        pytest.param("\u201cOther reasons\u201d", '"other reasons"', id="curly-double-quotes"),
        pytest.param("Delivered\uff1aDec. 24", "delivered:dec. 24", id="full-width-colon"),
        pytest.param("  Payment \n\t being   verified  ", "payment being verified", id="extra-whitespace"),
        pytest.param("Paiement\u202fen\u2009attente", "paiement en attente", id="narrow-and-thin-spaces"),
        pytest.param("Payment\u200b being\u2060 veri\u00adfied", "payment being verified", id="zero-width"),
        pytest.param("\ufeffClosed\u200e", "closed", id="bom-and-direction-mark"),
        pytest.param("Pe\u200ddido cancelado", "pedido cancelado", id="zero-width-joiner"),
        pytest.param("\u26a0\ufe0f Closed", "closed", id="emoji-with-variation-selector"),
        pytest.param("\u25cf Awaiting\u2713shipment", "awaiting shipment", id="symbols-separate-words"),
        pytest.param("\U0001f4e6 Track order", "track order", id="pictograph"),
        pytest.param("Closed.", "closed", id="trailing-full-stop"),
        pytest.param("Order number\uff1a", "order number", id="trailing-full-width-colon"),
        pytest.param("Track order :", "track order", id="trailing-spaced-colon"),
        pytest.param("S\u0130PAR\u0130\u015e ALINDI", "siparis alindi", id="turkish-capitals"),
        pytest.param("En attente d\u2019 exp\u00e9dition", "en attente d'expedition", id="elision-cut-by-a-span"),
        pytest.param("the \u2018Closed\u2019 label", "the 'closed' label", id="closing-quote-stays-apart"),
        pytest.param("sipari\u015f al\u0131nd\u0131", "siparis alindi", id="turkish-dotless-i"),
    ],
)
def test_fold_reduces_page_variants_to_the_plain_phrase(page_text: str, plain: str) -> None:
    assert fold(page_text) == plain


def test_fold_is_case_insensitive_for_sharp_s() -> None:
    # casefold, not lower: "STRASSE" and "straße" meet.
    assert fold("STRASSE") == fold("straße")


def test_clean_keeps_case_and_accents_but_collapses_whitespace() -> None:
    assert clean("  Esperando\u00a0\u00a0Envío \n") == "Esperando Envío"


def test_clean_drops_break_hints_but_keeps_what_is_shown() -> None:
    # A soft hyphen or zero-width space shows nothing; icons, joiners, punctuation and capitals are shown.
    assert clean("\ufeffPayment\u200b be\u2060ing veri\u00adfied\u202f:") == "Payment being verified :"
    assert clean("\u26a0\ufe0f CLOSED.") == "\u26a0\ufe0f CLOSED."


def test_fold_keeps_punctuation_inside_the_text() -> None:
    # Only a closing colon or full stop goes: dates, amounts and abbreviations keep theirs.
    assert fold("Delivered: Dec. 24, 2026.") == "delivered: dec. 24, 2026"
    assert fold("Order no. 8123") == "order no. 8123"
    assert fold("Total: \u2212US $5.00") == "total: \u2212us $5.00"


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        pytest.param("closed", "closed", id="whole-text"),
        pytest.param("order closed.", "closed", id="before-punctuation"),
        pytest.param("(closed) today", "closed", id="inside-brackets"),
        pytest.param("to pay (3)", "to pay", id="tab-with-count"),
        pytest.param("the seller didn't ship in time", "didn't ship in time", id="apostrophe-in-phrase"),
    ],
)
def test_contains_phrase_matches_whole_words(text: str, phrase: str) -> None:
    assert contains_phrase(text, phrase)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        pytest.param("undisclosed", "closed", id="suffix-of-longer-word"),
        pytest.param("closedown", "closed", id="prefix-of-longer-word"),
        pytest.param("payment pending", "pay", id="pay-inside-payment"),
        pytest.param("shipped", "ship", id="ship-inside-shipped"),
        pytest.param("closed2", "closed", id="digit-after"),
        pytest.param("envios", "envio", id="spanish-plural"),
    ],
)
def test_contains_phrase_does_not_match_inside_a_longer_latin_word(text: str, phrase: str) -> None:
    assert not contains_phrase(text, phrase)


def test_contains_phrase_finds_a_later_whole_word_after_an_embedded_one() -> None:
    assert contains_phrase("undisclosed, then closed", "closed")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        pytest.param("발송이 취소되었습니다", "취소", id="korean"),
        pytest.param("주문취소", "취소", id="korean-no-space"),
        pytest.param("订单已取消", "取消", id="chinese"),
        pytest.param("注文がキャンセルされました", "キャンセル", id="japanese"),
    ],
)
def test_contains_phrase_allows_substrings_in_scripts_without_spaces(text: str, phrase: str) -> None:
    assert contains_phrase(text, phrase)


def test_contains_phrase_is_false_when_absent() -> None:
    assert not contains_phrase("awaiting delivery", "awaiting payment")
