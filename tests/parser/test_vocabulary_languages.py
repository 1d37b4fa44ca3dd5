"""Every language's phrase table: same signals as English, real-looking page texts, end-to-end scenarios.

The texts below are written the way the site writes them (case, curly apostrophes, NBSPs, counts in tabs,
whole sentences around a phrase); for languages marked unverified they are our own wording, like the tables.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest

from orderlens.parser.classify import classify
from orderlens.parser.language import from_text
from orderlens.parser.layouts.facts import countdowns_in_text
from orderlens.parser.model import Countdown, OrderFacts, TrackingEvent
from orderlens.parser.text import fold
from orderlens.parser.vocabulary import vocabulary
from orderlens.parser.vocabulary.tables import FACT_CATEGORIES
from orderlens.parser.vocabulary.variants import expand

LANGS = ("en", "es", "fr", "de", "it", "pt", "ru", "pl", "nl", "tr", "ko")
NEW_LANGS = LANGS[2:]
# Languages whose table holds texts seen on the live site (../shared/reference/aliexpress-pages.md and
# real-texts.md).
VERIFIED = {"en", "es", "pt", "ru", "ko"}
CATEGORIES = ("status", "notice", "tracking", "action", "countdown")
MATCHED_CATEGORIES = ("status", "notice", "tracking", "action")
ORDER_ID = "8000000000000001"


def _table(lang: str) -> dict[str, Any]:
    with resources.files("orderlens.parser.vocabulary").joinpath(f"{lang}.toml").open("rb") as handle:
        return tomllib.load(handle)


def _source(lang: str) -> str:
    return resources.files("orderlens.parser.vocabulary").joinpath(f"{lang}.toml").read_text(encoding="utf-8")


def _wordings(phrases: list[str]) -> list[str]:
    """Every concrete wording the table's phrases stand for."""
    return [wording for phrase in phrases for wording in expand(phrase)]


def facts(**fields: Any) -> OrderFacts:
    return OrderFacts(order_id=ORDER_ID, anchor="x", **fields)


def countdowns(text: str) -> tuple[Countdown, ...]:
    found = tuple(countdowns_in_text(text))
    assert found, f"no countdown read from {text!r}"
    return found


def events(*descriptions: str) -> tuple[TrackingEvent, ...]:
    return tuple(TrackingEvent(description=d) for d in descriptions)


# --- the shape of every table ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_file_names_its_language(lang: str) -> None:
    table = _table(lang)
    assert table["lang"] == lang
    assert isinstance(table["verified"], bool)


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("lang", NEW_LANGS)
def test_same_categories_and_signals_as_english(lang: str, category: str) -> None:
    def categories(table: dict[str, Any]) -> set[str]:
        """The matched categories; the fact readers' ones (refund, protection) are optional per language."""
        return {key for key, value in table.items() if isinstance(value, dict) and key not in FACT_CATEGORIES}

    def signals(table: dict[str, Any]) -> set[str]:
        """A countdown word may come before the duration or the date or after it (`period`, `period_after`;
        `ship_by`, `ship_by_after`), as the language writes it: both count as the one signal."""
        return {
            signal.removesuffix("_after") if signal.startswith(("period", "ship_by")) else signal
            for signal in table[category]
        }

    english, other = _table("en"), _table(lang)
    assert categories(other) == categories(english)
    assert signals(other) == signals(english)


@pytest.mark.parametrize("lang", LANGS)
def test_no_signal_has_an_empty_phrase_list(lang: str) -> None:
    table = _table(lang)
    empty = [(c, s) for c in CATEGORIES for s, phrases in table[c].items() if not phrases]
    assert empty == []


@pytest.mark.parametrize("category", MATCHED_CATEGORIES)
def test_each_phrase_alone_maps_to_its_own_signal_in_every_language(category: str) -> None:
    """No phrase is shadowed by a longer phrase of another signal or by another language's phrase."""
    vocab = vocabulary()
    wrong = []
    for lang in LANGS:
        for signal, phrases in _table(lang)[category].items():
            for wording in _wordings(phrases):
                match = vocab.first(category, wording)
                if match is None or match.signal != signal:
                    wrong.append((lang, signal, wording, match and (match.signal, match.lang)))
    assert wrong == []


@pytest.mark.parametrize("lang", NEW_LANGS)
def test_no_phrase_means_something_else_in_another_language(lang: str) -> None:
    """A phrase spelled like one of another language (after folding) must carry the same signal."""
    rows = vocabulary().rows
    clashes = [
        (category, wording, rows[category][fold(wording)])
        for category in CATEGORIES
        for signal, phrases in _table(lang)[category].items()
        for wording in _wordings(phrases)
        if rows[category][fold(wording)][0] != signal
    ]
    assert clashes == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_status_signal_is_hit_by_one_of_its_phrases(lang: str) -> None:
    vocab = vocabulary()
    missed = [
        signal
        for signal, phrases in _table(lang)["status"].items()
        if not any((m := vocab.first("status", w)) is not None and m.signal == signal for w in _wordings(phrases))
    ]
    assert missed == []


def test_verified_only_where_the_reference_shows_real_texts() -> None:
    assert {lang for lang in LANGS if _table(lang)["verified"]} == VERIFIED
    assert vocabulary().unverified >= set(LANGS) - VERIFIED


@pytest.mark.parametrize("lang", sorted(set(LANGS) - VERIFIED))
def test_unverified_tables_say_so_at_the_top(lang: str) -> None:
    lines = _source(lang).splitlines()[:3]
    header = " ".join(line.lstrip("#").strip() for line in lines if line.startswith("#"))
    assert "UNVERIFIED" in header
    assert "written, not seen on a real page" in header


@pytest.mark.parametrize("lang", LANGS)
def test_marker_words_are_few_and_folded_once(lang: str) -> None:
    markers = [fold(w) for w in _table(lang)["markers"]]
    assert 12 <= len(markers) <= 20
    assert len(set(markers)) == len(markers)


def test_no_marker_word_belongs_to_two_languages() -> None:
    owners: dict[str, set[str]] = {}
    for lang in LANGS:
        for word in _table(lang)["markers"]:
            owners.setdefault(fold(word), set()).add(lang)
    assert {word: langs for word, langs in owners.items() if len(langs) > 1} == {}


# --- status texts as pages show them ---------------------------------------------------------------

STATUS_TEXTS: dict[str, list[tuple[str, str]]] = {
    "en": [
        ("Awaiting payment", "awaiting_payment"),
        ("Your Payment is Being Verified", "payment_verification"),
        ("To ship (5)", "awaiting_shipment"),
        ("Awaiting Cancellation", "awaiting_cancellation"),
        ("Partial Shipment", "partially_shipped"),
        ("Awaiting delivery", "awaiting_delivery"),
        ("Completed", "completed"),
        ("Closed", "closed"),
        ("Cancelled", "closed"),
        ("Frozen Orders", "frozen"),
        ("Dispute Orders", "dispute"),
        ("Fund Processing", "fund_processing"),
    ],
    "es": [
        ("Esperando el pago", "awaiting_payment"),
        ("Tu pago está siendo verificado", "payment_verification"),
        ("Esperando\u00a0envío", "awaiting_shipment"),
        ("Cancelación solicitada", "awaiting_cancellation"),
        ("Envío parcial", "partially_shipped"),
        ("Esperando entrega", "awaiting_delivery"),
        ("Completado", "completed"),
        ("Cerrado", "closed"),
        ("Pedido cancelado", "closed"),
        ("Pedido congelado", "frozen"),
        ("En disputa", "dispute"),
        ("Procesando fondos", "fund_processing"),
    ],
    "fr": [
        ("En attente de paiement", "awaiting_payment"),
        ("Paiement en cours de vérification", "payment_verification"),
        ("En attente d\u2019expédition", "awaiting_shipment"),
        ("EN ATTENTE D'EXPÉDITION (3)", "awaiting_shipment"),
        ("Annulation demandée", "awaiting_cancellation"),
        ("Expédition partielle", "partially_shipped"),
        ("En attente de livraison", "awaiting_delivery"),
        ("Expédiée", "awaiting_delivery"),
        ("Terminée", "completed"),
        ("Fermée", "closed"),
        ("Annulée", "closed"),
        ("Commande annulée", "closed"),
        ("Commande gelée", "frozen"),
        ("En litige", "dispute"),
        ("Traitement des fonds", "fund_processing"),
    ],
    "de": [
        ("Warten auf Zahlung", "awaiting_payment"),
        ("Zahlung wird überprüft", "payment_verification"),
        ("ZAHLUNG WIRD ÜBERPRÜFT", "payment_verification"),
        ("Warten auf Versand", "awaiting_shipment"),
        ("Noch nicht versandt", "awaiting_shipment"),
        ("Stornierung angefordert", "awaiting_cancellation"),
        ("Teilweise versandt", "partially_shipped"),
        ("Versandt", "awaiting_delivery"),
        ("Warten auf Lieferung", "awaiting_delivery"),
        ("Abgeschlossen", "completed"),
        ("Geschlossen", "closed"),
        ("Storniert", "closed"),
        ("Eingefroren", "frozen"),
        ("Im Streitfall", "dispute"),
        ("Gelder in Bearbeitung", "fund_processing"),
    ],
    "it": [
        ("In attesa di pagamento", "awaiting_payment"),
        ("Pagamento in fase di verifica", "payment_verification"),
        ("In attesa di spedizione", "awaiting_shipment"),
        ("Annullamento richiesto", "awaiting_cancellation"),
        ("Spedizione parziale", "partially_shipped"),
        ("In attesa di consegna", "awaiting_delivery"),
        ("Spedito", "awaiting_delivery"),
        ("Completato", "completed"),
        ("Chiuso", "closed"),
        ("Annullato", "closed"),
        ("Ordine congelato", "frozen"),
        ("In contestazione", "dispute"),
        ("Fondi in elaborazione", "fund_processing"),
    ],
    "pt": [
        ("Aguardando pagamento", "awaiting_payment"),
        ("Pagamento em verificação", "payment_verification"),
        ("Aguardando envio", "awaiting_shipment"),
        ("A aguardar envio", "awaiting_shipment"),
        ("Cancelamento solicitado", "awaiting_cancellation"),
        ("Expedido parcialmente", "partially_shipped"),
        ("Aguardando entrega", "awaiting_delivery"),
        ("Em trânsito", "awaiting_delivery"),
        ("Concluído", "completed"),
        ("Fechado", "closed"),
        ("Encerrado", "closed"),
        ("Cancelado", "closed"),
        ("Encomenda cancelada", "closed"),
        ("Encomenda congelada", "frozen"),
        ("Em disputa", "dispute"),
        ("Fundos em processamento", "fund_processing"),
    ],
    "ru": [
        ("Ожидает оплаты", "awaiting_payment"),
        ("Платёж проверяется", "payment_verification"),
        ("Ожидает отправки", "awaiting_shipment"),
        ("Запрошена отмена", "awaiting_cancellation"),
        ("Частично отправлен", "partially_shipped"),
        ("Ожидает получения", "awaiting_delivery"),
        ("В пути", "awaiting_delivery"),
        ("Завершён", "completed"),
        ("Завершен", "completed"),
        ("Закрыт", "closed"),
        ("Заказ отменён", "closed"),
        ("Заказ не отправлен", "closed"),
        ("Заказ заморожен", "frozen"),
        ("Спор закрыт", "dispute"),
        ("Обработка средств", "fund_processing"),
    ],
    "pl": [
        ("Oczekuje na płatność", "awaiting_payment"),
        ("Płatność jest weryfikowana", "payment_verification"),
        ("Oczekuje na wysyłkę", "awaiting_shipment"),
        ("Prośba o anulowanie", "awaiting_cancellation"),
        ("Częściowo wysłane", "partially_shipped"),
        ("Oczekuje na dostawę", "awaiting_delivery"),
        ("Wysłane", "awaiting_delivery"),
        ("Zakończone", "completed"),
        ("Zamknięte", "closed"),
        ("Anulowane", "closed"),
        ("Zamrożone", "frozen"),
        ("W sporze", "dispute"),
        ("Przetwarzanie środków", "fund_processing"),
    ],
    "nl": [
        ("Wachten op betaling", "awaiting_payment"),
        ("Betaling wordt geverifieerd", "payment_verification"),
        ("Wachten op verzending", "awaiting_shipment"),
        ("Nog niet verzonden", "awaiting_shipment"),
        ("Annulering aangevraagd", "awaiting_cancellation"),
        ("Gedeeltelijk verzonden", "partially_shipped"),
        ("Verzonden", "awaiting_delivery"),
        ("Wachten op levering", "awaiting_delivery"),
        ("Voltooid", "completed"),
        ("Gesloten", "closed"),
        ("Geannuleerd", "closed"),
        ("Bevroren", "frozen"),
        ("In geschil", "dispute"),
        ("Gelden worden verwerkt", "fund_processing"),
    ],
    "tr": [
        ("Ödeme bekleniyor", "awaiting_payment"),
        ("Ödeme doğrulanıyor", "payment_verification"),
        ("Gönderim bekleniyor", "awaiting_shipment"),
        ("Kargolanmayı bekliyor", "awaiting_shipment"),
        ("İptal talebi", "awaiting_cancellation"),
        ("Kısmen gönderildi", "partially_shipped"),
        ("Teslimat bekleniyor", "awaiting_delivery"),
        ("Kargoya verildi", "awaiting_delivery"),
        ("Tamamlandı", "completed"),
        ("Kapalı", "closed"),
        ("İptal edildi", "closed"),
        ("İPTAL EDİLDİ", "closed"),
        ("Donduruldu", "frozen"),
        ("Anlaşmazlıkta", "dispute"),
        ("Fon işleniyor", "fund_processing"),
    ],
    "ko": [
        ("결제 대기", "awaiting_payment"),
        ("결제 대기 중", "awaiting_payment"),
        ("결제 확인 중", "payment_verification"),
        ("배송 대기", "awaiting_shipment"),
        ("발송 대기 중", "awaiting_shipment"),
        ("결제 완료", "awaiting_shipment"),
        ("취소 요청", "awaiting_cancellation"),
        ("부분 발송", "partially_shipped"),
        ("배송 중", "awaiting_delivery"),
        ("배송중", "awaiting_delivery"),
        ("배송 완료", "awaiting_delivery"),
        ("완료", "completed"),
        ("취소", "closed"),
        ("취소됨", "closed"),
        ("동결된 주문", "frozen"),
        ("분쟁 중", "dispute"),
        ("자금 처리 중", "fund_processing"),
    ],
}


def _status_cases() -> list[Any]:
    return [pytest.param(text, status, id=f"{lang}-{text}") for lang in LANGS for text, status in STATUS_TEXTS[lang]]


def test_every_language_has_status_texts() -> None:
    assert set(STATUS_TEXTS) == set(LANGS)


@pytest.mark.parametrize(("page_text", "status"), _status_cases())
def test_status_text_gives_its_canonical_status(page_text: str, status: str) -> None:
    match = vocabulary().first("status", page_text)
    assert match is not None
    assert match.signal == status


def test_korean_is_matched_inside_words() -> None:
    """Hangul runs words together: "취소" (canceled) is found inside a whole sentence."""
    match = vocabulary().first("status", "주문이 취소되었습니다")
    assert match is not None
    assert (match.signal, match.lang) == ("closed", "ko")


def test_korean_paid_and_delivered_are_not_completed() -> None:
    """Hangul "완료" (completed) is inside "결제 완료" (paid) and "배송 완료" (delivered): longer phrases win."""
    assert [m.signal for m in vocabulary().match("status", "결제 완료")] == ["awaiting_shipment"]
    assert [m.signal for m in vocabulary().match("status", "배송 완료")] == ["awaiting_delivery"]


@pytest.mark.parametrize(
    "page_text",
    [
        pytest.param("Czeka na coś zupełnie nowego", id="pl-unknown"),
        pytest.param("Statut inconnu", id="fr-unknown"),
        pytest.param("Bestellung aufgegeben am: 3. Jul 2026", id="de-order-date"),
        pytest.param("Bezahlt am 3. Jul 2026", id="de-paid-on"),
    ],
)
def test_texts_that_are_not_statuses_stay_unknown(page_text: str) -> None:
    assert vocabulary().first("status", page_text) is None


# --- notices and tracking events -------------------------------------------------------------------

SIGNAL_TEXTS: dict[str, list[tuple[str, str, str]]] = {
    "en": [
        ("notice", "We have to cancel this order due to security issue", "security"),
        ("notice", "The seller has requested to cancel this order", "seller_cancel_request"),
        ("notice", "Canceled by the seller: item out of stock", "canceled_by_seller"),
        ("notice", "The seller didn't ship in time, so the order was canceled automatically", "seller_ship_timeout"),
        ("notice", "Payment not received in time", "pay_timeout"),
        ("notice", "Shipment cancelled", "shipment_canceled"),
        ("tracking", "Returned to sender", "cancellation"),
        ("tracking", "Package left warehouse", "shipped"),
        ("tracking", "Your order has been successfully created", "created"),
    ],
    "es": [
        ("notice", "Cancelado por motivos de seguridad", "security"),
        ("notice", "El vendedor ha solicitado cancelar este pedido", "seller_cancel_request"),
        ("notice", "Cancelado por el vendedor: sin stock", "canceled_by_seller"),
        ("notice", "El vendedor no envió a tiempo; el pedido se canceló automáticamente", "seller_ship_timeout"),
        ("notice", "No se recibió el pago", "pay_timeout"),
        ("notice", "El envío ha sido cancelado", "shipment_canceled"),
        ("tracking", "Devuelto al remitente", "cancellation"),
        ("tracking", "El paquete salió del almacén", "shipped"),
        ("tracking", "Pedido creado", "created"),
    ],
    "fr": [
        ("notice", "Nous avons dû annuler cette commande pour des raisons de sécurité.", "security"),
        ("notice", "Le vendeur a demandé l\u2019annulation de cette commande", "seller_cancel_request"),
        ("notice", "Commande annulée par le vendeur : article en rupture de stock", "canceled_by_seller"),
        ("notice", "Commande annulée automatiquement : le vendeur n\u2019a pas expédié à temps", "seller_ship_timeout"),
        ("notice", "Paiement non reçu dans les délais", "pay_timeout"),
        ("notice", "L\u2019expédition a été annulée", "shipment_canceled"),
        ("tracking", "Colis retourné à l\u2019expéditeur", "cancellation"),
        ("tracking", "Le colis a quitté l\u2019entrepôt", "shipped"),
        ("tracking", "Votre commande a été créée avec succès", "created"),
    ],
    "de": [
        ("notice", "Wir mussten diese Bestellung aus Sicherheitsgründen stornieren.", "security"),
        ("notice", "Der Verkäufer hat die Stornierung beantragt.", "seller_cancel_request"),
        ("notice", "Vom Verkäufer storniert: Artikel nicht auf Lager", "canceled_by_seller"),
        (
            "notice",
            "Die Bestellung wurde automatisch storniert, weil der Verkäufer nicht rechtzeitig versandt hat.",
            "seller_ship_timeout",
        ),
        ("notice", "Die Zahlungsfrist ist abgelaufen.", "pay_timeout"),
        ("notice", "Versand storniert", "shipment_canceled"),
        ("tracking", "An den Absender zurückgesendet", "cancellation"),
        ("tracking", "Paket hat das Lager verlassen", "shipped"),
        ("tracking", "Ihre Bestellung wurde erfolgreich erstellt", "created"),
    ],
    "it": [
        ("notice", "Ordine annullato per motivi di sicurezza", "security"),
        ("notice", "Il venditore ha richiesto l\u2019annullamento dell\u2019ordine", "seller_cancel_request"),
        ("notice", "Il venditore ha annullato l\u2019ordine perché l\u2019articolo è esaurito", "canceled_by_seller"),
        ("notice", "Ordine annullato automaticamente: il venditore non ha spedito in tempo", "seller_ship_timeout"),
        ("notice", "Pagamento non ricevuto", "pay_timeout"),
        ("notice", "La spedizione è stata annullata", "shipment_canceled"),
        ("tracking", "Pacco restituito al mittente", "cancellation"),
        ("tracking", "Il pacco ha lasciato il magazzino", "shipped"),
        ("tracking", "Ordine creato", "created"),
    ],
    "pt": [
        ("notice", "Pedido cancelado por motivos de segurança", "security"),
        ("notice", "O vendedor solicitou o cancelamento deste pedido", "seller_cancel_request"),
        ("notice", "Cancelado pelo vendedor: produto sem estoque", "canceled_by_seller"),
        (
            "notice",
            "Este pedido foi cancelado automaticamente porque o vendedor não enviou dentro do prazo",
            "seller_ship_timeout",
        ),
        ("notice", "Pagamento não recebido dentro do prazo", "pay_timeout"),
        ("notice", "O envio foi cancelado", "shipment_canceled"),
        ("tracking", "Devolvido ao remetente", "cancellation"),
        ("tracking", "O pacote saiu do armazém", "shipped"),
        ("tracking", "Seu pedido foi criado com sucesso", "created"),
    ],
    "ru": [
        ("notice", "Мы были вынуждены отменить заказ по соображениям безопасности", "security"),
        ("notice", "Продавец просит отменить заказ", "seller_cancel_request"),
        ("notice", "Продавец отменил заказ: товара нет в наличии", "canceled_by_seller"),
        ("notice", "Продавец не отправил заказ вовремя, поэтому заказ отменён автоматически", "seller_ship_timeout"),
        ("notice", "Оплата не поступила вовремя", "pay_timeout"),
        ("notice", "Отправка отменена", "shipment_canceled"),
        ("tracking", "Возвращено отправителю", "cancellation"),
        ("tracking", "Посылка покинула склад", "shipped"),
        ("tracking", "Ваш заказ успешно создан", "created"),
    ],
    "pl": [
        ("notice", "Zamówienie anulowane ze względów bezpieczeństwa", "security"),
        ("notice", "Sprzedawca poprosił o anulowanie zamówienia", "seller_cancel_request"),
        ("notice", "Sprzedawca anulował to zamówienie. Powód: brak towaru", "canceled_by_seller"),
        ("notice", "Zamówienie anulowane automatycznie, ponieważ sprzedawca nie wysłał na czas", "seller_ship_timeout"),
        ("notice", "Nie otrzymano płatności w terminie", "pay_timeout"),
        ("notice", "Wysyłka została anulowana", "shipment_canceled"),
        ("tracking", "Zwrócono do nadawcy", "cancellation"),
        ("tracking", "Paczka opuściła magazyn", "shipped"),
        ("tracking", "Zamówienie zostało utworzone", "created"),
    ],
    "nl": [
        ("notice", "Deze bestelling is om veiligheidsredenen geannuleerd", "security"),
        ("notice", "De verkoper heeft gevraagd om deze bestelling te annuleren", "seller_cancel_request"),
        ("notice", "Geannuleerd door de verkoper: niet op voorraad", "canceled_by_seller"),
        ("notice", "Automatisch geannuleerd omdat de verkoper niet op tijd heeft verzonden", "seller_ship_timeout"),
        ("notice", "Betaling niet ontvangen", "pay_timeout"),
        ("notice", "De verzending is geannuleerd", "shipment_canceled"),
        ("tracking", "Teruggestuurd naar afzender", "cancellation"),
        ("tracking", "Pakket heeft het magazijn verlaten", "shipped"),
        ("tracking", "Je bestelling is succesvol aangemaakt", "created"),
    ],
    "tr": [
        ("notice", "Bu sipariş güvenlik nedeniyle iptal edildi", "security"),
        ("notice", "Satıcı iptal talep etti", "seller_cancel_request"),
        ("notice", "Satıcı tarafından iptal edildi: ürün stokta yok", "canceled_by_seller"),
        ("notice", "Satıcı zamanında göndermediği için sipariş otomatik olarak iptal edildi", "seller_ship_timeout"),
        ("notice", "Ödeme süresi doldu", "pay_timeout"),
        ("notice", "Gönderim iptal edildi", "shipment_canceled"),
        ("tracking", "Göndericiye iade edildi", "cancellation"),
        ("tracking", "Paket depodan çıktı", "shipped"),
        ("tracking", "Siparişiniz başarıyla oluşturuldu", "created"),
    ],
    "ko": [
        ("notice", "보안상의 이유로 주문이 취소되었습니다", "security"),
        ("notice", "판매자가 주문 취소를 요청했습니다", "seller_cancel_request"),
        ("notice", "판매자가 주문을 취소했습니다. 재고가 없습니다", "canceled_by_seller"),
        ("notice", "판매자가 기한 내에 발송하지 않아 주문이 자동으로 취소되었습니다", "seller_ship_timeout"),
        ("notice", "결제 기한이 만료되어 주문이 취소되었습니다", "pay_timeout"),
        ("notice", "발송이 취소되었습니다", "shipment_canceled"),
        ("tracking", "발송인에게 반송됨", "cancellation"),
        ("tracking", "창고에서 출고되었습니다", "shipped"),
        ("tracking", "주문이 생성되었습니다", "created"),
    ],
}


def _signal_cases() -> list[Any]:
    return [
        pytest.param(category, text, signal, id=f"{lang}-{category}-{signal}")
        for lang in LANGS
        for category, text, signal in SIGNAL_TEXTS[lang]
    ]


def test_every_language_has_notice_and_tracking_texts() -> None:
    assert set(SIGNAL_TEXTS) == set(LANGS)
    for lang, cases in SIGNAL_TEXTS.items():
        assert {c for c, _, _ in cases} == {"notice", "tracking"}, lang


@pytest.mark.parametrize(("category", "page_text", "signal"), _signal_cases())
def test_notice_and_tracking_texts_give_their_signal(category: str, page_text: str, signal: str) -> None:
    vocab = vocabulary()
    match = vocab.first(category, page_text)
    assert match is not None
    assert match.signal == signal
    assert {m.signal for m in vocab.match(category, page_text)} == {signal}


@pytest.mark.parametrize(
    ("page_text", "seconds"),
    [
        pytest.param("Quedan 3 días", 3 * 86400, id="es"),
        pytest.param("Expédition sous 1 jour 06:12:40", 108760, id="fr-sous"),
        pytest.param("Il reste 2 jours", 2 * 86400, id="fr-il-reste"),
        pytest.param("Versand innerhalb von 1 Tag 06:12:40", 108760, id="de-innerhalb"),
        pytest.param("Noch 2 Tage 5 Stunden", 2 * 86400 + 5 * 3600, id="de-noch"),
        pytest.param("Spedizione entro 1 giorno 06:12:40", 108760, id="it-entro"),
        pytest.param("2 giorni rimanenti", 2 * 86400, id="it-after"),
        pytest.param("O vendedor enviará em 1 dia 06:12:40", 108760, id="pt-em"),
        pytest.param("Faltam 3 dias", 3 * 86400, id="pt-faltam"),
        pytest.param("Отправка в течение 1 дня 06:12:40", 108760, id="ru-v-techenie"),
        pytest.param("Осталось 2 дня 5 часов", 2 * 86400 + 5 * 3600, id="ru-ostalos"),
        pytest.param("Wysyłka w ciągu 1 dnia 06:12:40", 108760, id="pl-w-ciagu"),
        pytest.param("Pozostało 3 dni", 3 * 86400, id="pl-pozostalo"),
        pytest.param("Verzending binnen 1 dag 06:12:40", 108760, id="nl-binnen"),
        pytest.param("Nog 2 dagen 5 uur", 2 * 86400 + 5 * 3600, id="nl-nog"),
        pytest.param("Kargolama için kalan süre: 1 gün 06:12:40", 108760, id="tr-kalan-sure"),
        pytest.param("1 gün 06:12:40 içinde kargolanacak", 108760, id="tr-icinde-after"),
        pytest.param("2 gün kaldı", 2 * 86400, id="tr-kaldi-after"),
        pytest.param("남은 시간: 1일 06:12:40", 108760, id="ko-remaining"),
        pytest.param("1일 06:12:40 이내 발송", 108760, id="ko-within-after"),
        pytest.param("2일 남음", 2 * 86400, id="ko-left-after"),
    ],
)
def test_countdown_text_gives_seconds_left(page_text: str, seconds: int) -> None:
    assert [c.seconds for c in countdowns_in_text(page_text)] == [seconds]


@pytest.mark.parametrize(
    "page_text",
    [
        pytest.param("Ships within 48 hours", id="en-promise"),
        pytest.param("Fast delivery: arrives in 3 days", id="en-delivery-tag"),
        pytest.param("Free returns within 15 days", id="en-returns"),
        pytest.param("Entrega en 3 días", id="es-en"),
        pytest.param("Expédition sous 48 heures", id="fr-sous"),
        pytest.param("Versand innerhalb von 2 Tagen", id="de-innerhalb"),
        pytest.param("Reso gratuito entro 15 giorni", id="it-entro"),
        pytest.param("Отправка в течение 2 дней", id="ru-v-techenie"),
        pytest.param("Verzending binnen 2 dagen", id="nl-binnen"),
        pytest.param("2 gün içinde kargoda", id="tr-icinde-after"),
        pytest.param("3일 이내 발송", id="ko-inae-after"),
    ],
)
def test_a_stated_period_is_no_countdown(page_text: str) -> None:
    """A period word before one round unit is a promise or a rule, not time running down; on an unshipped
    order it would otherwise read as the seller's shipping deadline."""
    assert countdowns_in_text(page_text) == []


@pytest.mark.parametrize(
    ("texts", "lang"),
    [
        pytest.param(["En attente de livraison", "Commande passée le : 12 janv. 2024", "Suivre la commande"], "fr"),
        pytest.param(["Warten auf Versand", "Bestellung aufgegeben am: 3. Jul 2026", "Verkäufer kontaktieren"], "de"),
        pytest.param(["In attesa di spedizione", "Ordine effettuato il: 3 lug 2026", "Dettagli"], "it"),
        pytest.param(["Aguardando pagamento", "Pedido feito em: 11 de out. de 2023", "Pagar agora", "Detalhes"], "pt"),
        pytest.param(["Ожидает отправки", "Заказ от 11 октября 2023", "Подробнее"], "ru"),
        pytest.param(["Oczekuje na wysyłkę", "Zamówienie złożone: 11 paź 2023", "Szczegóły"], "pl"),
        pytest.param(["Wachten op verzending", "Bestelling geplaatst op: 11 okt 2023", "Details bekijken"], "nl"),
        pytest.param(["Gönderim bekleniyor", "Sipariş tarihi: 11 Eki 2023", "Ayrıntılar"], "tr"),
        pytest.param(["발송 대기 중", "주문번호: 8000000000000001", "상세 정보"], "ko"),
        pytest.param(["Esperando entrega", "Pedido efectuado el: 11 oct, 2023", "Delivered"], "es"),
        pytest.param(["Order date: Jan 01, 2024", "Awaiting shipment"], "en"),
    ],
)
def test_marker_words_tell_the_language_of_an_order_card(texts: list[str], lang: str) -> None:
    assert from_text(texts) == lang


# --- end to end: facts in each language -> scenario -------------------------------------------------

SCENARIOS: list[Any] = [
    pytest.param(
        facts(status_text="Closed", notices=("We have to cancel this order due to security issue",)),
        "closed_security_issue",
        id="en-security",
    ),
    pytest.param(
        facts(status_text="Awaiting shipment", countdowns=countdowns("Ship within 1 day 06:12:40")),
        "shipping_deadline_near",
        id="en-deadline",
    ),
    pytest.param(
        facts(status_text="Cerrado", notices=("Cancelado por el vendedor: sin stock",)),
        "canceled_by_seller",
        id="es-by-seller",
    ),
    pytest.param(
        facts(status_text="Esperando envío", countdowns=countdowns("Quedan 5 días")),
        "none",
        id="es-five-days-left",
    ),
    pytest.param(
        facts(status_text="En attente d\u2019expédition", countdowns=countdowns("Expédition sous 1 jour 06:12:40")),
        "shipping_deadline_near",
        id="fr-deadline",
    ),
    pytest.param(
        facts(
            status_text="Annulée",
            notices=("Commande annulée automatiquement : le vendeur n\u2019a pas expédié à temps",),
        ),
        "auto_canceled_not_shipped",
        id="fr-auto-canceled",
    ),
    pytest.param(
        facts(
            status_text="En attente d\u2019expédition",
            notices=("Le vendeur a demandé l\u2019annulation de cette commande",),
        ),
        "seller_requests_cancellation",
        id="fr-seller-asks",
    ),
    pytest.param(facts(status_text="Fermée"), "closed_refund_automatic", id="fr-closed"),
    pytest.param(
        facts(
            status_text="Geschlossen",
            notices=("Wir mussten diese Bestellung aus Sicherheitsgründen stornieren.",),
        ),
        "closed_security_issue",
        id="de-security",
    ),
    pytest.param(
        facts(status_text="Storniert", tracking_events=events("Paket hat das Lager verlassen")),
        "canceled_after_shipping",
        id="de-shipped-then-canceled",
    ),
    pytest.param(
        facts(status_text="Warten auf Lieferung", tracking_events=events("An den Absender zurückgesendet")),
        "canceled_after_shipping",
        id="de-returned-to-sender",
    ),
    pytest.param(facts(status_text="Zahlung wird überprüft"), "payment_verification", id="de-payment-check"),
    pytest.param(
        facts(status_text="Warten auf Versand", countdowns=countdowns("Versand innerhalb von 6 Tagen 11:04:52")),
        "none",
        id="de-six-days-left",
    ),
    pytest.param(
        facts(
            status_text="Annullato",
            notices=("Il venditore ha annullato l\u2019ordine perché l\u2019articolo è esaurito.",),
        ),
        "canceled_by_seller",
        id="it-by-seller",
    ),
    pytest.param(facts(status_text="In attesa di pagamento"), "awaiting_payment", id="it-awaiting-payment"),
    pytest.param(facts(status_text="Ordine congelato"), "order_frozen", id="it-frozen"),
    pytest.param(
        facts(
            status_text="Encerrado",
            notices=("Este pedido foi cancelado automaticamente porque o vendedor não enviou dentro do prazo.",),
        ),
        "auto_canceled_not_shipped",
        id="pt-auto-canceled",
    ),
    pytest.param(
        facts(status_text="Cancelado", tracking_number="LP00123456789012"),
        "canceled_after_shipping",
        id="pt-canceled-with-tracking-number",
    ),
    pytest.param(
        facts(status_text="Aguardando envio", countdowns=countdowns("Faltam 2 dias 03:00:00")),
        "shipping_deadline_near",
        id="pt-deadline",
    ),
    pytest.param(
        facts(
            status_text="Заказ закрыт",
            notices=("Мы были вынуждены отменить заказ по соображениям безопасности.",),
        ),
        "closed_security_issue",
        id="ru-security",
    ),
    pytest.param(
        facts(
            status_text="Заказ не отправлен",
            notices=("Продавец не отправил заказ вовремя, поэтому заказ отменён автоматически.",),
        ),
        "auto_canceled_not_shipped",
        id="ru-not-shipped",
    ),
    pytest.param(
        facts(status_text="Ожидает отправки", notices=("Продавец просит отменить заказ.",)),
        "seller_requests_cancellation",
        id="ru-seller-asks",
    ),
    pytest.param(facts(status_text="Спор закрыт"), "none", id="ru-dispute-closed"),
    pytest.param(
        facts(status_text="Anulowane", notices=("Sprzedawca anulował to zamówienie. Powód: brak towaru.",)),
        "canceled_by_seller",
        id="pl-by-seller",
    ),
    pytest.param(
        facts(status_text="Zamknięte", notices=("Płatność nie została otrzymana w terminie.",)),
        "awaiting_payment",
        id="pl-never-paid",
    ),
    pytest.param(
        facts(status_text="Oczekuje na wysyłkę", countdowns=countdowns("Wysyłka w ciągu 1 dnia 06:12:40")),
        "shipping_deadline_near",
        id="pl-deadline",
    ),
    pytest.param(facts(status_text="Betaling wordt gecontroleerd"), "payment_verification", id="nl-payment-check"),
    pytest.param(
        facts(status_text="Gesloten", notices=("Geannuleerd door de verkoper: niet op voorraad",)),
        "canceled_by_seller",
        id="nl-by-seller",
    ),
    pytest.param(
        facts(status_text="Geannuleerd", tracking_events=events("Pakket heeft het magazijn verlaten")),
        "canceled_after_shipping",
        id="nl-shipped-then-canceled",
    ),
    pytest.param(
        facts(status_text="Kapatıldı", notices=("Bu sipariş güvenlik nedeniyle iptal edildi.",)),
        "closed_security_issue",
        id="tr-security",
    ),
    pytest.param(
        facts(status_text="Gönderim bekleniyor", countdowns=countdowns("1 gün 05:12:44 içinde kargolanacak")),
        "shipping_deadline_near",
        id="tr-deadline",
    ),
    pytest.param(
        facts(status_text="İptal edildi", notices=("Gönderim iptal edildi",)),
        "canceled_after_shipping",
        id="tr-shipment-canceled",
    ),
    pytest.param(
        facts(status_text="취소됨", notices=("발송이 취소되었습니다. 판매자에게 문의해 주세요.",)),
        "canceled_after_shipping",
        id="ko-shipment-canceled",
    ),
    pytest.param(facts(status_text="취소됨"), "closed_refund_automatic", id="ko-canceled"),
    pytest.param(facts(status_text="결제 대기 중"), "awaiting_payment", id="ko-awaiting-payment"),
    pytest.param(
        facts(status_text="발송 대기 중", countdowns=countdowns("1일 06:12:40 이내 발송")),
        "shipping_deadline_near",
        id="ko-deadline",
    ),
]


@pytest.mark.parametrize(("order", "scenario"), SCENARIOS)
def test_orders_in_each_language_get_their_scenario(order: OrderFacts, scenario: str) -> None:
    decision = classify(order)
    assert decision.scenario == scenario
    assert decision.status != "unknown"


def test_every_language_has_scenario_checks() -> None:
    ids = [p.id for p in SCENARIOS]
    assert {i.split("-")[0] for i in ids} == set(LANGS)
