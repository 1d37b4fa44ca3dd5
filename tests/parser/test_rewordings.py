"""Reworded notices and look-alike texts (rewordings.toml), each on a small page built like the fixtures.

The cases were written without reading the phrase tables, so a failure here means the vocabulary misses
a plausible wording (or over-matches a harmless one), not that the case mirrors the implementation.
One builder per page kind, each copying the structure of its fixtures and keeping the noise that matters
(page chrome with scary-looking category names, a script with UI strings, split price digits, hashed
CSS-module classes): "list" a desktop card (fixtures/current_list/desktop_mixed_en.html), "mobile" a mobile
link-card (fixtures/current_list/mobile_es.html), "detail" an order-detail page with its status block,
progress, logistics line, address, items, info rows and prices (fixtures/current_detail/), "tracking" a v2
tracking page (fixtures/current_tracking/tracking_v2_in_transit_en.html).
Every page is read as built (by its layout), then with its classes renamed and with its structure rebuilt
too (by the generic reader), as a front-end rebuild would serve the same words.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Any, get_args

import pytest

from orderlens.parser import analyze
from orderlens.parser.dom import BACKENDS
from orderlens.parser.model import Analysis, OrderAnalysis, OrderFacts, ScenarioId
from tests.drift import Level as DriftLevel
from tests.drift import drift
from tests.restructure import REWRITES, Rewrite, reserialised, restructure

CASES_FILE = Path(__file__).with_name("rewordings.toml")
DATA: dict[str, Any] = tomllib.loads(CASES_FILE.read_text(encoding="utf-8"))
BUTTON_SETS: dict[str, dict[str, list[str]]] = DATA.pop("button_sets")
# The day every page is analysed at: the buyer-protection dates in the cases count from it.
NOW = date(2024, 4, 28)

# Every scenario that raises a banner: all but "none" and "unknown".
PROBLEM_SCENARIOS = tuple(s for s in get_args(ScenarioId) if s not in ("none", "unknown"))
LIST_KEYS = {"lang", "status", "notice", "countdown", "buttons", "store", "item"}
PAGE_KEYS = {
    "list": LIST_KEYS,
    "mobile": LIST_KEYS,
    "detail": LIST_KEYS | {"desc", "progress", "logistics"},
    "tracking": {"lang", "event_title", "event", "eta", "item"},
}
# The layout each page kind must be read by.
LAYOUTS = {"list": "current_list", "mobile": "current_list", "detail": "current_detail", "tracking": "current_tracking"}
# A detail page's progress bar: which steps of WORDS it shows and how many are done.
PROGRESS = {
    "paid": ("steps", 1),
    "shipped": ("steps", 2),
    "refund_requested": ("refund_steps", 1),
    "refund_processing": ("refund_steps", 2),
    "refunded": ("refund_steps", 3),
    "delivered": ("steps", 3),
}

# Page words per language: taken from the fixtures where a page in that language exists (en: desktop_mixed_en;
# es: desktop_mixed_es, mobile_es; fr, de, it: desktop_mixed_<lang>; pt: mobile_pt, detail_auto_canceled_pt;
# ru: ru_list/desktop_mixed_ru; ko: desktop_2026_labels_ko; tr: mobile_tr), else ordinary language (every
# tracking page but the English one). The detail page words come from fixtures/current_detail (en es fr de pt,
# pl: detail_canceled_by_seller_pl, nl: detail_payment_verifying_nl; it, ru, tr and ko in ordinary language).
# "price" and "total_price" are the characters of an amount, one span each, as the live site renders them.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "host": "www.aliexpress.com",
        "locale": "en_US",
        "orders": "Orders",
        "date": "Order date: Mar 02, 2024",
        "order_id": "Order ID:",
        "copy": "Copy",
        "details": "Details",
        "total": "Total:",
        "sku": "Color: Black",
        "more": "View orders",
        "tabs": "View all|To pay|To ship|Shipped|Processed",
        "price": "US $|7|.|9|9",
        "total_price": "US\u00a0$|7|.|9|9",
        "track_title": "Track your package",
        "carrier": "Carrier",
        "tracking_number": "Tracking number",
        "eta": "Estimated delivery: Aug 02 - 09",
        "eta_desc": "Your package is on its way",
        "view_details": "View order details",
        "history": "Collected by carrier|Package collected by carrier.;"
        "Package in preparation|Your package is being prepared;Order created|Your order's been created",
        "detail_title": "Order details",
        "crumbs": "Home|Account",
        "address": "Shipping address",
        "order_info": "Order info",
        "placed_on": "Order placed on:",
        "paid_on": "Paid on:",
        "payment_method": "Payment method:",
        "detail_date": "Mar 02, 2024 10:15",
        "delivery": "Delivery",
        "prices": "Subtotal|Shipping|Free shipping|Total",
        "steps": "Paid|Shipped|Delivered",
        "refund_steps": "Refund requested|Refund processing|Refund completed",
    },
    "es": {
        "host": "es.aliexpress.com",
        "locale": "es_ES",
        "orders": "Pedidos",
        "date": "Pedido efectuado el: 11 oct, 2023",
        "order_id": "Nº de pedido:",
        "copy": "Copiar",
        "details": "Detalles",
        "total": "Total:",
        "sku": "Color: Negro",
        "more": "Ver pedidos",
        "tabs": "Ver todo|Por pagar|Por enviar|Enviado|Procesado",
        "price": "7|,|9|9| €",
        "total_price": "7|,|9|9| €",
        "track_title": "Sigue tu paquete",
        "carrier": "Transportista",
        "tracking_number": "Número de seguimiento",
        "eta": "Entrega estimada: 2 - 9 ago",
        "eta_desc": "Tu paquete está en camino",
        "view_details": "Ver detalles del pedido",
        "history": "Recogido por el transportista|Paquete recogido por el transportista.;"
        "Paquete en preparación|Tu paquete se está preparando;Pedido creado|Se ha creado tu pedido",
        "detail_title": "Detalles del pedido",
        "crumbs": "Inicio|Cuenta",
        "address": "Dirección de envío",
        "order_info": "Información del pedido",
        "placed_on": "Pedido efectuado el:",
        "paid_on": "Pagado el:",
        "payment_method": "Método de pago:",
        "detail_date": "2\u00a0mar, 2024 10:15",
        "delivery": "Entrega",
        "prices": "Subtotal|Envío|Envío gratis|Total",
        "steps": "Pagado|Enviado|Entregado",
        "refund_steps": "Reembolso solicitado|Reembolso en curso|Reembolsado",
    },
    "fr": {
        "host": "fr.aliexpress.com",
        "locale": "fr_FR",
        "orders": "Commandes",
        "date": "Commande passée le : 2 mars 2024",
        "order_id": "N° de commande :",
        "copy": "Copier",
        "details": "Détails",
        "total": "Total :",
        "sku": "Couleur : Noir",
        "more": "Afficher plus de commandes",
        "tabs": "Tout afficher|À payer|À expédier|Expédiées|Traitées",
        "price": "7|,|9|9| €",
        "total_price": "7|,|9|9| €",
        "track_title": "Suivre votre colis",
        "carrier": "Transporteur",
        "tracking_number": "Numéro de suivi",
        "eta": "Livraison estimée : 2 - 9 août",
        "eta_desc": "Votre colis est en route",
        "view_details": "Voir les détails de la commande",
        "history": "Pris en charge par le transporteur|Colis pris en charge par le transporteur.;"
        "Colis en préparation|Votre colis est en cours de préparation;Commande créée|Votre commande a été créée",
        "detail_title": "Détails de la commande",
        "crumbs": "Accueil|Compte",
        "address": "Adresse de livraison",
        "order_info": "Informations sur la commande",
        "placed_on": "Commande passée le\u00a0:",
        "paid_on": "Payée le\u00a0:",
        "payment_method": "Moyen de paiement\u00a0:",
        "detail_date": "2 mars 2024 10:15",
        "delivery": "Livraison",
        "prices": "Sous-total|Livraison|Livraison gratuite|Total",
        "steps": "Payée|Expédiée|Livrée",
        "refund_steps": "Remboursement demandé|Remboursement en cours|Remboursée",
    },
    "de": {
        "host": "de.aliexpress.com",
        "locale": "de_DE",
        "orders": "Bestellungen",
        "date": "Bestellung aufgegeben am: 2. März 2024",
        "order_id": "Bestellnummer:",
        "copy": "Kopieren",
        "details": "Details",
        "total": "Gesamt:",
        "sku": "Farbe: Schwarz",
        "more": "Weitere Bestellungen anzeigen",
        "tabs": "Alle anzeigen|Zu bezahlen|Zu versenden|Versandt|Bearbeitet",
        "price": "7|,|9|9| €",
        "total_price": "7|,|9|9| €",
        "track_title": "Sendungsverfolgung",
        "carrier": "Versanddienstleister",
        "tracking_number": "Sendungsnummer",
        "eta": "Voraussichtliche Lieferung: 2. - 9. Aug.",
        "eta_desc": "Dein Paket ist unterwegs",
        "view_details": "Bestelldetails anzeigen",
        "history": "Vom Versanddienstleister abgeholt|Paket vom Versanddienstleister abgeholt.;"
        "Paket in Vorbereitung|Dein Paket wird vorbereitet;Bestellung erstellt|Deine Bestellung wurde erstellt",
        "detail_title": "Bestelldetails",
        "crumbs": "Startseite|Konto",
        "address": "Lieferadresse",
        "order_info": "Bestellinformationen",
        "placed_on": "Bestellung aufgegeben am:",
        "paid_on": "Bezahlt am:",
        "payment_method": "Zahlungsmethode:",
        "detail_date": "2. März 2024 10:15",
        "delivery": "Lieferung",
        "prices": "Zwischensumme|Versand|Kostenloser Versand|Gesamt",
        "steps": "Bezahlt|Versandt|Zugestellt",
        "refund_steps": "Erstattung beantragt|Erstattung in Bearbeitung|Erstattet",
    },
    "it": {
        "host": "it.aliexpress.com",
        "locale": "it_IT",
        "orders": "Ordini",
        "date": "Ordine effettuato il: 2 mar 2024",
        "order_id": "N. ordine:",
        "copy": "Copia",
        "details": "Dettagli",
        "total": "Totale:",
        "sku": "Colore: Nero",
        "more": "Visualizza altri ordini",
        "tabs": "Visualizza tutti|Da pagare|Da spedire|Spediti|Elaborati",
        "price": "7|,|9|9| €",
        "total_price": "7|,|9|9| €",
        "track_title": "Traccia il tuo pacco",
        "carrier": "Corriere",
        "tracking_number": "Numero di tracking",
        "eta": "Consegna stimata: 2 - 9 ago",
        "eta_desc": "Il tuo pacco è in viaggio",
        "view_details": "Visualizza i dettagli dell’ordine",
        "history": "Ritirato dal corriere|Pacco ritirato dal corriere.;"
        "Pacco in preparazione|Il tuo pacco è in preparazione;Ordine creato|Il tuo ordine è stato creato",
        "detail_title": "Dettagli dell’ordine",
        "crumbs": "Home|Account",
        "address": "Indirizzo di spedizione",
        "order_info": "Informazioni sull’ordine",
        "placed_on": "Ordine effettuato il:",
        "paid_on": "Pagato il:",
        "payment_method": "Metodo di pagamento:",
        "detail_date": "2 mar 2024 10:15",
        "delivery": "Consegna",
        "prices": "Subtotale|Spedizione|Spedizione gratuita|Totale",
        "steps": "Pagato|Spedito|Consegnato",
        "refund_steps": "Rimborso richiesto|Rimborso in corso|Rimborsato",
    },
    "pt": {
        "host": "pt.aliexpress.com",
        "locale": "pt_BR",
        "orders": "Pedidos",
        "date": "Pedido feito em: 2 mar 2024",
        "order_id": "Nº do pedido:",
        "copy": "Copiar",
        "details": "Detalhes",
        "total": "Total:",
        "sku": "Cor: Preto",
        "more": "Ver mais pedidos",
        "tabs": "Ver tudo|A pagar|A enviar|Enviados|Processados",
        "price": "R$ |7|,|9|9",
        "total_price": "R$\u00a0|7|,|9|9",
        "track_title": "Rastreie seu pacote",
        "carrier": "Transportadora",
        "tracking_number": "Código de rastreamento",
        "eta": "Entrega prevista: 2 - 9 ago",
        "eta_desc": "Seu pacote está a caminho",
        "view_details": "Ver detalhes do pedido",
        "history": "Coletado pela transportadora|Pacote coletado pela transportadora.;"
        "Pacote em preparação|Seu pacote está sendo preparado;Pedido criado|Seu pedido foi criado",
        "detail_title": "Detalhes do pedido",
        "crumbs": "Início|Conta",
        "address": "Endereço de entrega",
        "order_info": "Informações do pedido",
        "placed_on": "Pedido feito em:",
        "paid_on": "Pago em:",
        "payment_method": "Forma de pagamento:",
        "detail_date": "2 de mar. de 2024 10:15",
        "delivery": "Entrega",
        "prices": "Subtotal|Frete|Frete grátis|Total",
        "steps": "Pago|Enviado|Entregue",
        "refund_steps": "Reembolso solicitado|Reembolso em andamento|Reembolsado",
    },
    "ru": {
        "host": "aliexpress.ru",
        "locale": "ru_RU",
        "orders": "Заказы",
        "date": "Дата заказа: 2 марта 2024",
        "order_id": "Номер заказа:",
        "copy": "Копировать",
        "details": "Подробнее",
        "total": "Итого:",
        "sku": "Цвет: чёрный",
        "more": "Показать ещё",
        "tabs": "Все|Не оплачены|Ожидают отправки|В пути|Получены",
        "price": "7|9|9| ₽",
        "total_price": "7|9|9|\u00a0₽",
        "track_title": "Отслеживание посылки",
        "carrier": "Служба доставки",
        "tracking_number": "Трек-номер",
        "eta": "Ожидаемая доставка: 2–9 августа",
        "eta_desc": "Посылка в пути",
        "view_details": "Подробнее о заказе",
        "history": "Принята перевозчиком|Посылка принята службой доставки.;"
        "Посылка готовится|Посылка готовится к отправке;Заказ создан|Ваш заказ создан",
        "detail_title": "Детали заказа",
        "crumbs": "Главная|Аккаунт",
        "address": "Адрес доставки",
        "order_info": "Информация о заказе",
        "placed_on": "Дата заказа:",
        "paid_on": "Дата оплаты:",
        "payment_method": "Способ оплаты:",
        "detail_date": "2 марта 2024 10:15",
        "delivery": "Доставка",
        "prices": "Товары|Доставка|Бесплатная доставка|Итого",
        "steps": "Оплачен|Отправлен|Доставлен",
        "refund_steps": "Запрошен возврат|Возврат обрабатывается|Деньги возвращены",
    },
    "pl": {
        "host": "pl.aliexpress.com",
        "locale": "pl_PL",
        "orders": "Zamówienia",
        "date": "Data zamówienia: 2 mar 2024",
        "order_id": "Nr zamówienia:",
        "copy": "Kopiuj",
        "details": "Szczegóły",
        "total": "Razem:",
        "sku": "Kolor: Czarny",
        "more": "Pokaż więcej zamówień",
        "tabs": "Wszystkie|Do zapłaty|Do wysłania|Wysłane|Przetworzone",
        "price": "7|,|9|9| zł",
        "total_price": "7|,|9|9|\u00a0zł",
        "track_title": "Śledź przesyłkę",
        "carrier": "Przewoźnik",
        "tracking_number": "Numer przesyłki",
        "eta": "Szacowana dostawa: 2–9 sie",
        "eta_desc": "Twoja paczka jest w drodze",
        "view_details": "Zobacz szczegóły zamówienia",
        "history": "Odebrana przez przewoźnika|Paczka odebrana przez przewoźnika.;"
        "Paczka w przygotowaniu|Twoja paczka jest przygotowywana;"
        "Zamówienie utworzone|Twoje zamówienie zostało utworzone",
        "detail_title": "Szczegóły zamówienia",
        "crumbs": "Strona główna|Konto",
        "address": "Adres dostawy",
        "order_info": "Informacje o zamówieniu",
        "placed_on": "Data złożenia zamówienia:",
        "paid_on": "Data płatności:",
        "payment_method": "Metoda płatności:",
        "detail_date": "2 mar 2024 10:15",
        "delivery": "Dostawa",
        "prices": "Suma częściowa|Dostawa|Darmowa dostawa|Razem",
        "steps": "Opłacone|Wysłane|Dostarczone",
        "refund_steps": "Zwrot zgłoszony|Zwrot w toku|Zwrot zakończony",
    },
    "nl": {
        "host": "nl.aliexpress.com",
        "locale": "nl_NL",
        "orders": "Bestellingen",
        "date": "Besteld op: 2 mrt 2024",
        "order_id": "Bestelnummer:",
        "copy": "Kopiëren",
        "details": "Details",
        "total": "Totaal:",
        "sku": "Kleur: Zwart",
        "more": "Meer bestellingen bekijken",
        "tabs": "Alles bekijken|Te betalen|Te verzenden|Verzonden|Verwerkt",
        "price": "7|,|9|9| €",
        "total_price": "7|,|9|9| €",
        "track_title": "Volg je pakket",
        "carrier": "Vervoerder",
        "tracking_number": "Trackingnummer",
        "eta": "Verwachte levering: 2 - 9 aug",
        "eta_desc": "Je pakket is onderweg",
        "view_details": "Bestelgegevens bekijken",
        "history": "Opgehaald door vervoerder|Pakket opgehaald door de vervoerder.;"
        "Pakket wordt voorbereid|Je pakket wordt klaargemaakt;Bestelling aangemaakt|Je bestelling is aangemaakt",
        "detail_title": "Bestelgegevens",
        "crumbs": "Home|Account",
        "address": "Verzendadres",
        "order_info": "Bestelinformatie",
        "placed_on": "Besteld op:",
        "paid_on": "Betaald op:",
        "payment_method": "Betaalmethode:",
        "detail_date": "2 mrt 2024 10:15",
        "delivery": "Bezorging",
        "prices": "Subtotaal|Verzending|Gratis verzending|Totaal",
        "steps": "Betaald|Verzonden|Bezorgd",
        "refund_steps": "Terugbetaling aangevraagd|Terugbetaling in behandeling|Terugbetaald",
    },
    "tr": {
        "host": "tr.aliexpress.com",
        "locale": "tr_TR",
        "orders": "Siparişler",
        "date": "Sipariş tarihi: 2 Mar 2024",
        "order_id": "Sipariş no:",
        "copy": "Kopyala",
        "details": "Ayrıntılar",
        "total": "Toplam:",
        "sku": "Renk: Siyah",
        "more": "Daha fazla sipariş göster",
        "tabs": "Tümü|Ödenecek|Gönderilecek|Gönderildi|İşlendi",
        "price": "₺|7|,|9|9",
        "total_price": "₺|7|,|9|9",
        "track_title": "Paketini takip et",
        "carrier": "Kargo firması",
        "tracking_number": "Takip numarası",
        "eta": "Tahmini teslimat: 2 - 9 Ağu",
        "eta_desc": "Paketin yolda",
        "view_details": "Sipariş ayrıntılarını görüntüle",
        "history": "Kargo firması teslim aldı|Paket kargo firması tarafından teslim alındı.;"
        "Paket hazırlanıyor|Paketin hazırlanıyor;Sipariş oluşturuldu|Siparişin oluşturuldu",
        "detail_title": "Sipariş ayrıntıları",
        "crumbs": "Ana sayfa|Hesap",
        "address": "Teslimat adresi",
        "order_info": "Sipariş bilgileri",
        "placed_on": "Sipariş tarihi:",
        "paid_on": "Ödeme tarihi:",
        "payment_method": "Ödeme yöntemi:",
        "detail_date": "2 Mar 2024 10:15",
        "delivery": "Teslimat",
        "prices": "Ara toplam|Kargo|Ücretsiz kargo|Toplam",
        "steps": "Ödendi|Gönderildi|Teslim edildi",
        "refund_steps": "İade talep edildi|İade işleniyor|İade edildi",
    },
    "ko": {
        "host": "ko.aliexpress.com",
        "locale": "ko_KR",
        "orders": "주문 내역",
        "date": "날짜: 2024. 3. 2.",
        "order_id": "주문번호:",
        "copy": "복사",
        "details": "상세 정보",
        "total": "합계:",
        "sku": "색상: 블랙",
        "more": "주문 더 보기",
        "tabs": "전체 보기|결제 대기|발송 대기|발송 완료|처리 완료",
        "price": "₩|7|,|9|0|0",
        "total_price": "₩|7|,|9|0|0",
        "track_title": "배송 조회",
        "carrier": "택배사",
        "tracking_number": "운송장 번호",
        "eta": "예상 도착: 8월 2일 - 9일",
        "eta_desc": "패키지가 배송 중입니다",
        "view_details": "주문 상세 보기",
        "history": "택배사 인수|택배사가 패키지를 인수했습니다.;"
        "패키지 준비 중|패키지를 준비하고 있습니다;주문 생성|주문이 생성되었습니다",
        "detail_title": "주문 상세",
        "crumbs": "홈|계정",
        "address": "배송지 주소",
        "order_info": "주문 정보",
        "placed_on": "주문 일시:",
        "paid_on": "결제 일시:",
        "payment_method": "결제 수단:",
        "detail_date": "2024. 3. 2. 10:15",
        "delivery": "배송",
        "prices": "상품 금액|배송비|무료 배송|합계",
        "steps": "결제 완료|발송 완료|배송 완료",
        "refund_steps": "환불 요청|환불 처리 중|환불 완료",
    },
}
DEFAULT_STORE = "Sunny Day Home Store"
DEFAULT_ITEM = "Stainless Steel Kitchen Scissors Multipurpose Shears with Cover"

HEAD = """<!-- saved from url=({length}){url} -->
<!DOCTYPE html>
<html lang="{lang}" dir="ltr"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta charset="utf-8">
<meta name="robots" content="noindex, nofollow">
<title>{title} - AliExpress</title>
<link rel="stylesheet" href="./Orders_files/comet-2.5.3.css">
<style>
.order-item{{margin:16px 24px 0;border:1px solid #e8e8e8;border-radius:8px;overflow:hidden}}
.order-item-content-tip{{margin-top:6px;font-size:12px;color:#fd384f}}
.es--wrap--2p8eS4Q{{display:inline-flex;align-items:baseline;font-weight:700}}
</style>
<script>window._dida_config_ = {{"_lang": "{locale}", "_pageType": "{page_type}", "_i18n_": {{
"btn_pay": "Pay now", "btn_track": "Track order", "dialog_delete_title": "Delete this order?",
"tip_closed": "Order closed", "tip_security": "Closed for security reasons", "tip_frozen": "Frozen",
"tip_verify": "Payment being verified"}}}};</script>
</head>
<body data-spm="{page_type}" class="{body_class}">
<div class="pc-header--wrap--3bJ7Z1c" id="_full_container_header_23_" data-spm="header">
  <div class="pc-header--topbar--1Xy4tGa"><a href="https://service.aliexpress.com/page/home">Help Center</a></div>
  <div class="pc-header--categories--1iQ8V8D">
    <a href="https://sale.aliexpress.com/__pc/choice.htm">Choice</a>
    <div class="pc-header--catDropdown--3dZ0c2b">
<a class="pc-header--catItem--2Yh8Q-C"
   href="https://www.aliexpress.com/category/7/computer-office-security.html">Computer, Office &amp; Security</a>
<a class="pc-header--catItem--2Yh8Q-C"
   href="https://www.aliexpress.com/category/30/security-protection.html">Security &amp; Protection</a>
    </div>
  </div>
</div>
"""

FOOT = """<div class="site-footer" id="footer" data-spm="footer">
  <div class="footer-cols"><div class="footer-col"><h3>Help</h3>
    <a href="https://www.aliexpress.com/p/footer/disputes-reports.html" rel="nofollow">Disputes &amp; Reports</a>
    <a href="https://www.aliexpress.com/p/footer/buyer-protection.html" rel="nofollow">Buyer Protection</a>
  </div></div>
</div>
<div id="J_xiaomi_dialog" class="xiaomi-wrap" data-spm="xiaomi">
  <div class="xiaomi-entry" title="AliExpress Assistant"></div></div>
<div class="comet-back-top comet-back-top-hidden" title="Back to top"></div>
</body></html>
"""

# The list pages' title, status tabs and card container, shared by desktop and mobile pages.
LIST_HEADER = """    <div class="order-main">
      <div class="order-header">
        <div class="order-header-title">{orders}</div>
        <div class="comet-tabs order-tabs"><div class="comet-tabs-nav" role="tablist"><div class="comet-tabs-nav-wrap">
          <div class="comet-tabs-nav-list">{tabs}</div>
        </div></div></div>
      </div>
      <div class="order-content">
        <div class="comet-checkbox-group">
"""

LIST_BODY = """<div id="root">
  <div class="order-wrap">
    <div class="my-account-nav">
      <a class="my-account-nav-item my-account-nav-item-active" href="https://{host}/p/order/index.html">{orders}</a>
      <a class="my-account-nav-item" href="https://{host}/p/refund-dispute/index.html">Refund and return</a>
    </div>
""" + LIST_HEADER + """    <div class="order-item">
      <div class="order-item-header">
        <div class="order-item-header-status" data-pl="order_item_header_status"><label
          class="comet-checkbox order-item-checkbox"><input type="checkbox" class="comet-checkbox-input"
          value="{order_id}"><span class="comet-checkbox-inner"></span></label><span
          class="order-item-header-status-text">{status}</span></div>
        <div class="order-item-header-right">
          <div class="order-item-header-right-info" data-pl="order_item_header_info">
            <div>{date}</div>
            <div>{order_id_label} {order_id}<span class="order-item-header-right-copy">{copy}</span></div>
          </div>
          <a data-pl="order_item_header_detail" href="https://{host}/p/order/detail.html?orderId={order_id}"
             target="_blank">{details}<span class="comet-icon comet-icon-arrowleftward"></span></a>
        </div>
      </div>
      <div class="order-item-store">
        <span class="order-item-store-name" data-pl="order_item_store_name"><a
          href="https://{host}/store/{store_id}" target="_blank"><img class="order-item-store-icon"
          src="https://ae01.alicdn.com/kf/S4a6c1e2d3b5f4a7e9c8d7b6a5f4e3d2cM/48x48.png" alt="" width="16"
          height="16"><span>{store}</span><span class="comet-icon comet-icon-arrowright"></span></a></span>
        <a class="order-item-store-message"
           href="https://{host}/p/message/index.html?orderId={order_id}&amp;sellerAdminSeq={store_id}"
           target="_blank" title="Message"><span class="comet-icon comet-icon-message"></span></a>
      </div>
      <div class="order-item-content">
        <div class="order-item-content-body">
          <a href="https://{host}/item/{item_id}.html" target="_blank"><div class="order-item-content-img"
            style="background-image: url(&quot;https://ae-pic-a1.aliexpress-media.com/kf/S87eb7d73c3761cdd7403434bdee1b2baF.jpg_220x220.jpg&quot;);"></div></a>
          <div class="order-item-content-info">
            <div class="order-item-content-info-name"><a href="https://{host}/item/{item_id}.html"
              target="_blank"><span title="{item}">{item}</span></a></div>
            <div class="order-item-content-info-sku">{sku}</div>
            <div class="order-item-content-info-number"><div class="es--wrap--2p8eS4Q notranslate">{price}</div><span
              class="order-item-content-info-number-quantity">x1</span></div>
          </div>
        </div>
{tip}        <div class="order-item-content-opt">
          <div class="order-item-content-opt-price"><span
            class="order-item-content-opt-price-total">{total} {total_price}</span></div>
          <div class="order-item-btns">
{buttons}
          </div>
        </div>
      </div>
    </div>
        </div>
        <div class="order-more"><button type="button"
          class="comet-btn comet-btn-large comet-btn-borderless"><span>{more}</span></button></div>
      </div>
    </div>
  </div>
</div>
"""

TRACKING_BODY = """<div id="root">
  <div class="tracking-page-pc-wrap">
    <div class="tracking-page-pc-title">{track_title}</div>
{eta}    <div class="logistic-info-v2--wrap--2wQ6jLp">
      <div class="logistic-info-v2--header--3Vd0Q1k">
        <div class="logistic-info-v2--carrier--1Rz6mXc"><span
          class="logistic-info-v2--carrierTitle--2nHk9sA">{carrier}</span><span
          class="logistic-info-v2--carrierValue--1y3GpQf">AliExpress Standard Shipping</span></div>
        <div class="logistic-info-v2--mailNo--2xY7nKd"><span
          class="logistic-info-v2--mailNoTitle--1cVb8Lm">{tracking_number}</span><span
          class="logistic-info-v2--mailNoValue--3wZx5Tq">LP00{mail_no}</span><span
          class="logistic-info-v2--copy--2Jk4Rn8">{copy}</span></div>
      </div>
      <div class="logistic-info-v2--track--1HqZ3Xw">
{nodes}
      </div>
    </div>
    <div class="order-info-v2--wrap--1mZ8kPq">
      <div class="order-info-v2--img--3tY2wBn" style="background-image: url(&quot;https://ae-pic-a1.aliexpress-media.com/kf/Sc78b2e0fb56c43d49a46ffe814e424d2R.jpg_220x220.jpg&quot;);"></div>
      <div class="order-info-v2--text--2cN7rJw">
        <div class="order-info-v2--title--1pXq3Hd">{item}</div>
        <div class="order-info-v2--id--3LmZ0sV">{order_id_label} {order_id}</div>
      </div>
      <a class="order-info-v2--link--2Qw8eTn" href="https://{host}/p/order/detail.html?orderId={order_id}"
         target="_blank">{view_details}<span class="comet-icon comet-icon-arrowright"></span></a>
    </div>
  </div>
</div>
"""

MOBILE_BODY = """<div id="root">
  <div class="order-wrap order-wrap-mobile">
""" + LIST_HEADER + """  <a class="order-item order-item-mobile" href="https://{host}/p/order/detail.html?orderId={order_id}">
    <div class="order-item-header">
      <div class="order-item-store"><span class="order-item-store-name"><img class="order-item-store-icon"
        src="https://ae01.alicdn.com/kf/S4a6c1e2d3b5f4a7e9c8d7b6a5f4e3d2cM/48x48.png" alt="" width="14"
        height="14"><span>{store}</span><span class="comet-icon comet-icon-arrowright"></span></span></div>
      <div class="order-item-header-status"><span class="order-item-header-status-text">{status}</span></div>
    </div>
    <div class="order-item-content">
      <div class="order-item-content-body">
        <div class="order-item-content-img"
          style="background-image: url(&quot;https://ae-pic-a1.aliexpress-media.com/kf/Sb7589fded97b3fa4448b4836df83f36bB.jpg_220x220.jpg&quot;);"></div>
        <div class="order-item-content-info">
          <div class="order-item-content-info-name"><span title="{item}">{item}</span></div>
          <div class="order-item-content-info-sku">{sku}</div>
          <div class="order-item-content-info-number"><div class="es--wrap--2p8eS4Q notranslate">{price}</div><span
            class="order-item-content-info-number-quantity">x1</span></div>
        </div>
      </div>
    </div>
{tip}    <div class="order-item-content-opt">
      <span class="order-item-content-opt-price-total">{total} {total_price}</span>
      <div class="order-item-btns">
{buttons}
      </div>
    </div>
  </a>
        </div>
      </div>
    </div>
  </div>
</div>
"""

DETAIL_BODY = """<div id="root">
  <div class="order-detail-container">
    <div class="order-detail-breadcrumb"><a href="https://{host}/">{home}</a> <span>/</span> <a
      href="https://{host}/p/my-account/index.html">{account}</a> <span>/</span> <a
      href="https://{host}/p/order/index.html">{orders}</a> <span>/</span> <span>{detail_title}</span></div>
    <div class="order-detail-main">
      <div class="order-block order-status" data-pl="order_detail_status">
        <div class="order-block-title">{status}</div>
        <div class="order-status-content">{status_content}</div>
        <div class="order-status-btns">
{buttons}
        </div>
      </div>
{progress}{logistics}      <div class="order-block order-detail-address">
        <div class="order-block-title">{address}<span class="comet-icon comet-icon-arrowdown switch-icon"></span></div>
        <div class="order-detail-address-content" style="height: 22px;">
          <div class="address-name"><span>Jane Example</span><span class="address-phone">+1 555 0100</span></div>
          <div class="address-detail" style="display: none;"><span>1 Sample Street, Apt 2</span></div>
        </div>
      </div>
      <div class="order-block order-detail-item">
        <div class="order-detail-item-store"><a href="https://{host}/store/{store_id}" target="_blank"><span
          class="store-name">{store}</span><span class="comet-icon comet-icon-arrowright"></span></a><a
          class="store-contact" href="https://{host}/p/message/index.html?orderId={order_id}&amp;sellerAdminSeq={store_id}"
          target="_blank"><span class="comet-icon comet-icon-message"></span><span>{contact}</span></a></div>
        <div class="order-detail-item-content-wrap">
          <a class="item-img" href="https://{host}/item/{item_id}.html" target="_blank"
            style="background-image: url(&quot;https://ae-pic-a1.aliexpress-media.com/kf/S79ded945e9d7896b7d0910059315c8fcR.jpg_220x220.jpg&quot;);"></a>
          <div class="item-info">
            <div class="item-title"><a href="https://{host}/item/{item_id}.html" target="_blank"
              title="{item}">{item}</a></div>
            <div class="item-sku-attr">{sku}</div>
            <div class="item-price"><div class="es--wrap--2p8eS4Q notranslate">{price}</div><span
              class="item-price-quantity">x1</span></div>
          </div>
          <div class="item-btns"><button type="button"
            class="comet-btn comet-btn-small"><span>{cart}</span></button></div>
        </div>
      </div>
      <div class="order-block order-detail-order-info">
        <div class="order-block-title">{order_info}</div>
        <div class="info-row"><span class="info-label">{order_id_label}</span><span class="info-value">{order_id}<span
          class="order-detail-copy">{copy}</span></span></div>
        <div class="info-row"><span class="info-label">{placed_on}</span><span
          class="info-value">{date}</span></div>
        <div class="info-row"><span class="info-label">{paid_on}</span><span class="info-value">{date}</span></div>
        <div class="info-row"><span class="info-label">{payment_method}</span><span
          class="info-value">PayPal</span></div>
      </div>
      <div class="order-block order-price">
        <div class="order-price-item"><span class="left-col">{subtotal}</span><span
          class="right-col">{total_price}</span></div>
        <div class="order-price-item"><span class="left-col">{shipping}</span><span
          class="right-col">{free}</span></div>
        <div class="order-price-item order-price-total"><span class="left-col">{total}</span><span
          class="right-col">{total_price}</span></div>
      </div>
    </div>
  </div>
</div>
"""

PROGRESS_NODE = (
    '        <div class="service-progress-node{active}"><div class="service-progress-node-dot"></div>'
    '<div class="service-progress-node-info"><div class="service-progress-node-title">{title}</div>{time}</div></div>'
)

LOGISTICS = """      <div class="order-block order-detail-logistics">
        <div class="order-block-title">{delivery}</div>
        <a class="order-detail-logistics-link" target="_blank"
           href="https://{host}/p/tracking/index.html?_addShare=no&amp;_login=yes&amp;tradeOrderId={order_id}">
          <div class="logistics-line"><span class="logistics-line-status">{event}</span><span
            class="logistics-line-time">{date}</span></div>
          <span class="comet-icon comet-icon-arrowright"></span>
        </a>
        <div class="logistics-mail-no"><span>AliExpress Standard Shipping</span> · <span>{tracking_number}: </span><span
          class="logistics-mail-no-value">LP00{mail_no}</span><span class="order-detail-copy">{copy}</span></div>
      </div>
"""

NODE = (
    '        <div class="logistic-info-v2--node--2bV9Lk1{active}">{title}'
    '<div class="logistic-info-v2--nodeDesc--1V8pNs5">{desc}</div>'
    '<div class="logistic-info-v2--nodeTime--2Lx7QbM">{time}</div></div>'
)
NODE_TITLE = '<div class="logistic-info-v2--nodeTitle--3Qk1sWn">{}</div>'
NODE_TIMES = ("Jul 24 2026 09:41", "Jul 21 2026 18:02", "Jul 20 2026 07:15", "Jul 19 2026 22:30")


@dataclass(frozen=True)
class Case:
    """One row of rewordings.toml: what the page shows and which scenario the order must get."""

    expected: str
    page: str  # "list", "mobile", "detail" or "tracking"
    fields: dict[str, Any]

    @property
    def lang(self) -> str:
        return str(self.fields.get("lang", "en"))

    @property
    def text(self) -> str:
        """The wording under test, for ids and failure messages."""
        f = self.fields
        if self.page == "tracking":
            return " | ".join(x for x in (f.get("event_title"), f["event"], f.get("item")) if x)
        countdown = f.get("countdown", "")
        texts = [str(f.get(key, "")).replace("{countdown}", countdown) for key in ("notice", "desc", "logistics")]
        parts = [f["status"], *texts, f.get("store", ""), f.get("item", "")]
        return " | ".join(p.replace("\n", " ") for p in parts if p)

    @property
    def id(self) -> str:
        slug = re.sub(r"[\W_]+", "_", self.text.lower()).strip("_")[:70].rstrip("_")
        return f"{self.expected}-{self.page}-{self.lang}-{slug}"

    @property
    def order_id(self) -> str:
        """A fake 16-digit order id, stable per case so a failure is reproducible."""
        digest = int(hashlib.sha256(self.id.encode()).hexdigest(), 16)
        return f"81{digest % 10**14:014d}"


def load_cases() -> list[Case]:
    """Every case in the file, in file order."""
    cases = []
    for scenario, pages in DATA.items():
        for page in PAGE_KEYS:
            cases += [Case(scenario, page, fields) for fields in pages.get(page, [])]
    return cases


CASES = load_cases()


def split_digits(text: str) -> str:
    """Escape and wrap every number in its own span, as the live countdowns and prices are rendered."""
    return re.sub(r"\d+", lambda m: f"<span>{m.group()}</span>", escape(text))


def amount_spans(chars: str, span_class: str = "") -> str:
    """One span per character group of an amount ("US $|7|.|9|9"), as the live site renders prices."""
    attr = f' class="{span_class}"' if span_class else ""
    return "".join(f"<span{attr}>{escape(c)}</span>" for c in chars.split("|"))


def head(case: Case, url: str, title: str, page_type: str, body_class: str) -> str:
    words = WORDS[case.lang]
    return HEAD.format(
        length=f"{len(url):04d}",
        url=url,
        lang=case.lang,
        title=title,
        locale=words["locale"],
        page_type=page_type,
        body_class=body_class,
    )


def with_countdown(case: Case, text: str, css_class: str) -> str:
    """Escape a notice and put the case's countdown element where it says `{countdown}`."""
    countdown = f'<span class="{css_class}">{split_digits(case.fields.get("countdown", ""))}</span>'
    return escape(text).replace("{countdown}", countdown)


def card_tip(case: Case, indent: str) -> str:
    """A list card's notice line (desktop and mobile put it in the same element), or nothing."""
    if "notice" not in case.fields:
        return ""
    notice = with_countdown(case, case.fields["notice"], "order-item-countdown")
    return f'{indent}<div class="order-item-content-tip">{notice}</div>\n'


def buttons_of(case: Case, template: str, indent: str) -> str:
    """The case's button set, one element per button in the page kind's markup."""
    labels = BUTTON_SETS[case.lang][case.fields.get("buttons", "neutral")]
    return "\n".join(indent + template.format(escape(label)) for label in labels)


def tabs_of(words: dict[str, str]) -> str:
    tab = '<div class="comet-tabs-nav-item{}" role="tab">{}</div>'
    return "".join(
        tab.format(" comet-tabs-nav-item-active" if i == 0 else "", escape(t))
        for i, t in enumerate(words["tabs"].split("|"))
    )


def list_page(case: Case) -> str:
    """A current order list with the case's card as its only order."""
    f, words = case.fields, WORDS[case.lang]
    host = words["host"]
    button = '<button type="button" class="comet-btn comet-btn-block order-item-btn"><span>{}</span></button>'
    body = LIST_BODY.format(
        host=host,
        orders=words["orders"],
        tabs=tabs_of(words),
        order_id=case.order_id,
        status=escape(f["status"]),
        date=escape(words["date"]),
        order_id_label=escape(words["order_id"]),
        copy=words["copy"],
        details=words["details"],
        store_id=case.order_id[-10:],
        store=escape(f.get("store", DEFAULT_STORE)),
        item_id=f"10050{case.order_id[-11:]}",
        item=escape(f.get("item", DEFAULT_ITEM)),
        sku=escape(words["sku"]),
        price=amount_spans(words["price"], "es--char--1Lr5Bq3"),
        tip=card_tip(case, "        "),
        total=words["total"],
        total_price=amount_spans(words["total_price"]),
        buttons=buttons_of(case, button, ""),
        more=words["more"],
    )
    url = f"https://{host}/p/order/index.html"
    return head(case, url, words["orders"], "order_list", "order-list-pc") + body + FOOT


def mobile_page(case: Case) -> str:
    """A mobile order list whose only order is the case's link-card (no date or order-number label)."""
    f, words = case.fields, WORDS[case.lang]
    body = MOBILE_BODY.format(
        host=words["host"],
        orders=words["orders"],
        tabs=tabs_of(words),
        order_id=case.order_id,
        store=escape(f.get("store", DEFAULT_STORE)),
        status=escape(f["status"]),
        item=escape(f.get("item", DEFAULT_ITEM)),
        sku=escape(words["sku"]),
        price=amount_spans(words["price"], "es--char--1Lr5Bq3"),
        tip=card_tip(case, "    "),
        total=words["total"],
        total_price=amount_spans(words["total_price"]),
        buttons=buttons_of(case, '<div class="order-item-btn">{}</div>', "        "),
    )
    url = f"https://{words['host']}/p/order/index.html"
    return head(case, url, words["orders"], "order_list", "order-list-mobile") + body + FOOT


def status_content(case: Case) -> str:
    """The detail status block's lines: the notice box (its first line a title), then the description lines."""
    f, html = case.fields, ""
    if "notice" in f:
        title, *rest = with_countdown(case, f["notice"], "order-status-countdown").split("\n")
        if rest:
            title = f'<div class="order-status-notice-title">{title}</div>' + "".join(f"<div>{x}</div>" for x in rest)
        html += f'<div class="order-status-notice">{title}</div>'
    for line in with_countdown(case, f.get("desc", ""), "order-status-countdown").split("\n"):
        html += f'<div class="order-status-desc">{line}</div>' if line else ""
    return html


def progress_bar(case: Case, date_text: str) -> str:
    """The detail page's progress nodes, when the case names a progress state."""
    if "progress" not in case.fields:
        return ""
    steps, done = PROGRESS[case.fields["progress"]]
    nodes = "\n".join(
        PROGRESS_NODE.format(
            active=" service-progress-node-active" if i < done else "",
            title=escape(title),
            time=f'<div class="service-progress-node-time">{escape(date_text)}</div>' if i < done else "",
        )
        for i, title in enumerate(WORDS[case.lang][steps].split("|"))
    )
    return f'      <div class="order-block service-progress">\n{nodes}\n      </div>\n'


def detail_page(case: Case) -> str:
    """A current order-detail page: status block with the case's title, notice and lines, then the usual blocks."""
    f, words = case.fields, WORDS[case.lang]
    host = words["host"]
    subtotal, shipping, free, total = words["prices"].split("|")
    home, account = words["crumbs"].split("|")
    logistics = ""
    if "logistics" in f:
        logistics = LOGISTICS.format(
            delivery=words["delivery"],
            host=host,
            order_id=case.order_id,
            event=escape(f["logistics"]),
            date=escape(words["detail_date"]),
            tracking_number=words["tracking_number"],
            mail_no=case.order_id[-12:],
            copy=words["copy"],
        )
    button = '<button type="button" class="comet-btn"><span>{}</span></button>'
    body = DETAIL_BODY.format(
        host=host,
        home=home,
        account=account,
        orders=words["orders"],
        detail_title=words["detail_title"],
        status=escape(f["status"]),
        status_content=status_content(case),
        buttons=buttons_of(case, button, "          "),
        progress=progress_bar(case, words["detail_date"]),
        logistics=logistics,
        address=words["address"],
        store_id=case.order_id[-10:],
        store=escape(f.get("store", DEFAULT_STORE)),
        order_id=case.order_id,
        contact=escape(BUTTON_SETS[case.lang]["unshipped"][0]),
        item_id=f"10050{case.order_id[-11:]}",
        item=escape(f.get("item", DEFAULT_ITEM)),
        sku=escape(words["sku"]),
        price=amount_spans(words["price"], "es--char--1Lr5Bq3"),
        cart=escape(BUTTON_SETS[case.lang]["neutral"][0]),
        order_info=words["order_info"],
        order_id_label=escape(words["order_id"]),
        copy=words["copy"],
        placed_on=escape(words["placed_on"]),
        paid_on=escape(words["paid_on"]),
        payment_method=escape(words["payment_method"]),
        date=escape(words["detail_date"]),
        subtotal=subtotal,
        shipping=shipping,
        free=free,
        total=total,
        total_price=amount_spans(words["total_price"]),
    )
    url = f"https://{host}/p/order/detail.html?orderId={case.order_id}"
    return head(case, url, words["detail_title"], "order_detail", "order-detail-pc") + body + FOOT


def tracking_page(case: Case) -> str:
    """A current (v2) tracking page whose newest event is the case's, above a few normal older ones."""
    f, words = case.fields, WORDS[case.lang]
    host = words["host"]
    events: list[tuple[str | None, str]] = [(f.get("event_title"), f["event"])]
    for pair in words["history"].split(";"):
        title, desc = pair.split("|")
        events.append((title, desc))
    nodes = "\n".join(
        NODE.format(
            active=" logistic-info-v2--nodeActive--3mP0aQ2" if i == 0 else "",
            title=NODE_TITLE.format(escape(title)) if title else "",
            desc=escape(desc),
            time=NODE_TIMES[i],
        )
        for i, (title, desc) in enumerate(events)
    )
    eta_text = f.get("eta", words["eta"])
    eta = ""
    if eta_text:
        eta = (
            '    <div class="arrival-time-v2--wrap--3kB8yUz">\n'
            f'      <div class="arrival-time-v2--title--1Xh5ZpS">{escape(eta_text)}</div>\n'
            f'      <div class="arrival-time-v2--desc--2nYq0Wc">{escape(words["eta_desc"])}</div>\n'
            "    </div>\n"
        )
    body = TRACKING_BODY.format(
        track_title=words["track_title"],
        eta=eta,
        carrier=words["carrier"],
        tracking_number=words["tracking_number"],
        mail_no=case.order_id[-12:],
        copy=words["copy"],
        nodes=nodes,
        item=escape(f.get("item", DEFAULT_ITEM)),
        order_id_label=escape(words["order_id"]),
        order_id=case.order_id,
        host=host,
        view_details=words["view_details"],
    )
    url = f"https://{host}/p/tracking/index.html?tradeOrderId={case.order_id}"
    return head(case, url, words["track_title"], "tracking", "tracking-pc") + body + FOOT


BUILDERS = {"list": list_page, "mobile": mobile_page, "detail": detail_page, "tracking": tracking_page}


def build_page(case: Case) -> str:
    return BUILDERS[case.page](case)


# --- the cases themselves ---------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", sorted(BACKENDS))
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_reworded_page_gets_its_scenario(case: Case, backend: str) -> None:
    analysis = analyze(build_page(case), backend=backend, now=NOW)
    assert (analysis.layout, analysis.lang) == (LAYOUTS[case.page], case.lang)
    order = only_order(case, analysis)
    assert_page_texts_were_read(case, order.facts)
    assert_scenario(case, order)


def only_order(case: Case, analysis: Analysis) -> OrderAnalysis:
    """The page's one order, which must be the case's."""
    assert [o.order_id for o in analysis.orders] == [case.order_id]
    return analysis.orders[0]


def assert_scenario(case: Case, order: OrderAnalysis) -> None:
    """The order gets the case's scenario, with its banner, or no banner for a look-alike."""
    assert order.scenario == case.expected, f"{case.text!r}: got {order.scenario} ({order.rule})"
    if case.expected == "none":
        assert order.banner is None
    else:
        assert order.banner is not None and order.banner.scenario == case.expected


def assert_page_texts_were_read(case: Case, facts: OrderFacts) -> None:
    """The page's fixed parts were read where the layouts read them: a wrong scenario is the wording's."""
    f = case.fields
    if case.page == "tracking":
        newest = facts.tracking_events[0]
        assert (newest.title, newest.description) == (f.get("event_title"), f["event"])
        return
    # The status comes from the card: its label, or a notice line when the label says less (never the tab bar).
    shown = "\n".join(str(f.get(key, "")) for key in ("notice", "desc")).replace("{countdown}", f.get("countdown", ""))
    assert facts.status_text in (f["status"], *shown.split("\n"))
    assert facts.store_name == f.get("store", DEFAULT_STORE)
    assert [item.title for item in facts.items] == [f.get("item", DEFAULT_ITEM)]
    if "countdown" in f:
        assert facts.countdowns, "the countdown element was not read"
    # Notices are not checked here: the layout keeps only the lines its vocabulary knows, which is under test.


# --- the same cases after a front-end rebuild ------------------------------------------------------------
#
# Would a reworded notice still be read if AliExpress also renamed every class? Each case's page gets every
# class renamed (tests/drift.py "meaningless", no data-* either): no layout claims it, so the generic reader
# (parser/meaning/) reads the reworded text. Then the same with the structure rebuilt too (tests/restructure.py,
# every rewrite that changes these pages). Only the order id and the scenario are held to the case: the status
# text the generic reader picks may be another line of the same card than the layout's.
#
# Measured before the generic reader was changed for these tests (2026-12): renamed classes 429 of 429 right
# on both backends (list 221, mobile 83, detail 68, tracking 57; every language); renamed and rebuilt, lexbor,
# every (case, rewrite): 2489 of 2491 (list 1326/1326, mobile 415/415, detail 406/408, tracking 342/342; de and
# nl one miss each, every other language none; soup, one rewrite per case in turn, 429 of 429). The misses were
# the "flattened" detail pages of closed_refund_automatic in de and nl: with the status block's wrapper gone,
# its title and its description line sat in the same block of the page's column of blocks, and two labels
# inside one block were taken for a run of alike items (like tabs), so a refund progress step was read as the
# status ("Refund processing": a normal order). parser/meaning/status.py now counts a run's items, not its
# labels.
RENAMED: DriftLevel = "meaningless"


def rebuilds_of(case: Case) -> list[Rewrite]:
    """The structural rewrites that change the case's page and leave its order named on it. "table" makes a
    list's cards table rows, and these pages have one card (no rows: the page stays as it is, checked below);
    "no-id-links" leaves a mobile card without its only mention of the order, its link, so no shopper could tell
    which order it is (tests/parser/test_restructure.py expects none there either)."""
    return [r for r in REWRITES if r != "table" and not (r == "no-id-links" and case.page == "mobile")]


REBUILT = [(case, rewrite) for case in CASES for rewrite in rebuilds_of(case)]
# soup is several times slower: each case once, the rewrites taken in turn, so every rewrite meets soup too.
REBUILT_IN_TURN = [(case, rebuilds_of(case)[i % len(rebuilds_of(case))]) for i, case in enumerate(CASES)]


def rebuilt_id(pair: tuple[Case, Rewrite]) -> str:
    return f"{pair[1]}-{pair[0].id}"


def read_by_meaning(case: Case, page: str, backend: str) -> OrderAnalysis:
    """The page with every class renamed, read by the generic reader: its one order, the case's."""
    analysis = analyze(drift(page, RENAMED), backend=backend, now=NOW)
    assert (analysis.layout, analysis.lang) == (None, case.lang)
    assert "read_by_meaning" in {d.code for d in analysis.diagnostics}
    return only_order(case, analysis)


def rebuilt(case: Case, rewrite: Rewrite) -> str:
    page = build_page(case)
    rewritten = restructure(page, rewrite, [case.order_id])
    assert rewritten != reserialised(page), f"{rewrite} left the page as it was"
    return rewritten


@pytest.mark.parametrize("backend", sorted(BACKENDS))
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_reworded_page_with_renamed_classes_gets_its_scenario(case: Case, backend: str) -> None:
    assert_scenario(case, read_by_meaning(case, build_page(case), backend))


@pytest.mark.parametrize(
    ("pair", "backend"),
    [(pair, "lexbor") for pair in REBUILT] + [(pair, "soup") for pair in REBUILT_IN_TURN],
    ids=lambda value: value if isinstance(value, str) else rebuilt_id(value),
)
def test_reworded_rebuilt_page_with_renamed_classes_gets_its_scenario(pair: tuple[Case, Rewrite], backend: str) -> None:
    case, rewrite = pair
    assert_scenario(case, read_by_meaning(case, rebuilt(case, rewrite), backend))


def test_soup_meets_every_rebuild() -> None:
    assert {rewrite for _, rewrite in REBUILT_IN_TURN} == {rewrite for _, rewrite in REBUILT}


def test_one_card_pages_have_no_rows_to_make() -> None:
    """Why "table" is not among the rebuilds: it turns cards into rows, and a page with one card has none."""
    for case in CASES:
        if case.page in ("list", "mobile"):
            page = build_page(case)
            assert restructure(page, "table", [case.order_id]) == reserialised(page), case.id


# --- the file stays what it claims to be ------------------------------------------------------------------


def test_every_problem_scenario_has_at_least_three_rewordings() -> None:
    counts = {s: sum(c.expected == s for c in CASES) for s in PROBLEM_SCENARIOS}
    assert set(DATA) == {*PROBLEM_SCENARIOS, "none"}
    assert min(counts.values()) >= 3, counts
    assert {c.lang for c in CASES} == set(WORDS)
    every_card_kind = {(lang, page) for lang in WORDS for page in ("list", "detail", "mobile")}
    assert {(c.lang, c.page) for c in CASES} >= every_card_kind
    assert set(BUTTON_SETS) == set(WORDS)
    assert all(sets.keys() == BUTTON_SETS["en"].keys() for sets in BUTTON_SETS.values())


def test_cases_use_only_known_keys_and_button_sets() -> None:
    for case in CASES:
        f = case.fields
        assert set(f) <= PAGE_KEYS[case.page], case.id
        assert ("status" in f) == (case.page != "tracking"), case.id
        assert ("event" in f) == (case.page == "tracking"), case.id
        assert case.lang in WORDS, case.id
        assert f.get("progress", "paid") in PROGRESS, case.id
        if case.page != "tracking":
            assert f.get("buttons", "neutral") in BUTTON_SETS[case.lang], case.id
            marks = sum(str(f.get(key, "")).count("{countdown}") for key in ("notice", "desc"))
            assert marks == ("countdown" in f), case.id


def test_case_ids_are_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(set(ids)) == len(ids)
    assert len({c.order_id for c in CASES}) == len(CASES)


def test_template_puts_the_wording_where_the_fixtures_have_it() -> None:
    """Guards the template itself: a notice must land in the card's tip line, a countdown split in spans."""
    case = next(c for c in CASES if c.page == "list" and "countdown" in c.fields)
    html = build_page(case)
    tip = re.search(r'<div class="order-item-content-tip">(.*?)</div>', html)
    assert tip is not None
    assert '<span class="order-item-countdown"><span>' in tip.group(1)
    assert re.sub(r"<[^>]+>", "", tip.group(1)) == escape(case.fields["notice"]).replace(
        "{countdown}", case.fields["countdown"]
    )
    tracking = next(c for c in CASES if c.page == "tracking")
    assert 'nodeActive--3mP0aQ2"><div class="logistic-info-v2--nodeTitle--3Qk1sWn">' in build_page(tracking)


def test_detail_and_mobile_templates_put_the_wording_where_the_fixtures_have_it() -> None:
    """Guards the detail and mobile templates: status block title, notice box with its title, split countdown
    in the description; a mobile card is one link to the order's detail page."""
    detail = next(c for c in CASES if c.page == "detail" and "{countdown}" in c.fields.get("desc", ""))
    html = build_page(detail)
    assert f'<div class="order-block-title">{escape(detail.fields["status"])}</div>' in html
    desc = re.search(r'<div class="order-status-desc">(.*?)</div>', html)
    assert desc is not None and '<span class="order-status-countdown"><span>' in desc.group(1)
    titled = next(c for c in CASES if c.page == "detail" and "\n" in c.fields.get("notice", ""))
    first_line = escape(titled.fields["notice"].splitlines()[0])
    title = f'<div class="order-status-notice-title">{first_line}</div>'
    assert f'<div class="order-status-notice">{title}' in build_page(titled)
    mobile = next(c for c in CASES if c.page == "mobile")
    link = f'<a class="order-item order-item-mobile" href="https://{WORDS[mobile.lang]["host"]}/p/order/detail.html'
    assert f'{link}?orderId={mobile.order_id}">' in build_page(mobile)
