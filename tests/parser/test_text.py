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
    ],
)
def test_fold_reduces_page_variants_to_the_plain_phrase(page_text: str, plain: str) -> None:
    assert fold(page_text) == plain


def test_fold_is_case_insensitive_for_sharp_s() -> None:
    # casefold, not lower: "STRASSE" and "straße" meet.
    assert fold("STRASSE") == fold("straße")


def test_clean_keeps_case_and_accents_but_collapses_whitespace() -> None:
    assert clean("  Esperando\u00a0\u00a0Envío \n") == "Esperando Envío"


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
