"""The page's language: <html lang>, then the regional host, then marker words, then English."""

from __future__ import annotations

import pytest

from orderlens.parser.banners.build import banner_lang
from orderlens.parser.language import DEFAULT_LANG, from_text, from_url, page_language, primary


@pytest.mark.parametrize(
    ("tag", "lang"),
    [("es-ES", "es"), ("es_MX", "es"), ("EN-us", "en"), ("es", "es"), ("", None), (None, None), ("-", None)],
)
def test_primary_language_of_a_tag(tag: str | None, lang: str | None) -> None:
    assert primary(tag) == lang


@pytest.mark.parametrize(
    ("url", "lang"),
    [
        pytest.param("https://es.aliexpress.com/p/order/index.html", "es", id="es-subdomain"),
        pytest.param("https://fr.aliexpress.com/p/order/index.html", "fr", id="fr-subdomain"),
        pytest.param("https://aliexpress.ru/order-list/8000000000000001", "ru", id="ru-domain"),
        pytest.param("https://ko.aliexpress.com/p/order/index.html", "ko", id="ko-subdomain"),
        pytest.param("https://pl.aliexpress.com/p/order/index.html", "pl", id="pl-subdomain"),
        pytest.param("https://www.aliexpress.us/p/order/index.html", "en", id="us-domain"),
        pytest.param("https://m.aliexpress.com/p/order/index.html", None, id="mobile-says-nothing"),
        pytest.param("https://www.aliexpress.com/p/order/index.html", None, id="www-says-nothing"),
        pytest.param("https://trade.aliexpress.com/orderList.htm", None, id="trade-says-nothing"),
        pytest.param(None, None, id="no-url"),
        pytest.param("", None, id="empty"),
    ],
)
def test_language_from_url(url: str | None, lang: str | None) -> None:
    assert from_url(url) == lang


@pytest.mark.parametrize(
    "texts",
    [
        pytest.param(["Esperando entrega"], id="awaiting-delivery"),
        pytest.param(["Pedido cancelado"], id="canceled"),
        pytest.param(["Esperando el pago"], id="awaiting-payment"),
        pytest.param(["Cerrado"], id="closed"),
        pytest.param(["Pedido efectuado el: 11 oct, 2023", "Esperando envío"], id="card"),
        pytest.param(["Esperando entrega", "Pedido efectuado el: 11 oct, 2023", "Delivered"], id="english-event"),
    ],
)
def test_spanish_status_texts_are_spanish(texts: list[str]) -> None:
    assert from_text(texts) == "es"


@pytest.mark.parametrize(
    "texts",
    [
        pytest.param(["Awaiting delivery"], id="awaiting-delivery"),
        pytest.param(["Order canceled"], id="canceled"),
        pytest.param(["Order date: Jan 01, 2024", "Awaiting shipment"], id="card"),
    ],
)
def test_english_status_texts_are_english(texts: list[str]) -> None:
    assert from_text(texts) == "en"


def test_texts_without_markers_say_nothing() -> None:
    assert from_text(["12345", "US $12.50"]) is None
    assert from_text([]) is None


def test_html_lang_decides_first() -> None:
    assert page_language("es-ES", "https://www.aliexpress.com/p/order/index.html", ["Awaiting delivery"]) == "es"


def test_html_lang_beats_regional_host() -> None:
    assert page_language("en", "https://es.aliexpress.com/p/order/index.html", ["Esperando entrega"]) == "en"


def test_regional_host_decides_without_html_lang() -> None:
    assert page_language(None, "https://es.aliexpress.com/p/order/index.html", ["Awaiting delivery"]) == "es"


def test_mobile_host_leaves_it_to_the_texts() -> None:
    assert page_language(None, "https://m.aliexpress.com/p/order/index.html", ["Esperando entrega"]) == "es"


def test_malformed_html_lang_is_ignored() -> None:
    assert page_language("  ", None, ["Esperando entrega"]) == "es"


def test_default_is_english() -> None:
    assert DEFAULT_LANG == "en"
    assert page_language(None, None, []) == "en"
    assert page_language(None, "https://m.aliexpress.com/", ["8000000000000001"]) == "en"


@pytest.mark.parametrize(
    ("texts", "lang"),
    [
        pytest.param(["배송 중", "주문번호: 8000000000000001", "상세 보기"], "ko", id="ko-card"),
        pytest.param(["Oczekuje na wysyłkę", "Szczegóły zamówienia"], "pl", id="pl-card"),
        pytest.param(["Wachten op verzending", "Bestelgegevens"], "nl", id="nl-card"),
        pytest.param(["Gönderim bekleniyor", "Sipariş ayrıntıları"], "tr", id="tr-card"),
    ],
)
def test_pages_in_newer_languages_get_their_own_banner_language(texts: list[str], lang: str) -> None:
    """Pages in these languages once fell back to English banners; the words alone now pick their texts."""
    found = page_language(None, "https://m.aliexpress.com/p/order/index.html", texts)
    assert found == lang
    assert banner_lang(found) == lang
