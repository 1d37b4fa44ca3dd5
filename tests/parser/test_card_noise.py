"""Harmless texts inside an order's card: a live page puts promises, policies and ads beside the order
("Refund if package lost", "Free returns", "R$5 coupon if delayed", a FAQ link "What if my order is
canceled?"), and none of them says anything about this order's state, so none may change its scenario.

The texts of NOISE were written without reading the phrase tables, in en es fr de it pt ru pl nl tr ko.
Each goes, alone, into every order of a set of fixtures (desktop and mobile lists, detail pages, a
tracking page; problem and normal orders) as a row of its own where a card shows its tags: above an
item's price. Every hand-written order must keep its hand-written scenario, on lexbor and on soup, and on
lexbor with every class renamed (tests/drift.py, "meaningless"), where the generic reader decides (the
test samples those readings; the figures below are of all of them).

Measured before the vocabulary was changed for it (2026-12), every text on every fixture and every
reading (14,100 order readings): 8 of the 100 texts changed a scenario; 57 false banners on normal or
unrecognised orders, no banner lost, 240 banners changed to another. "Parcels returned to sender are
refunded in full" read as a failed shipment (45 false banners and 54 changes, awaiting-payment and
seller-request orders among them); "for security purposes" in en, and its de, it and ru translations,
as a security closure (each 3 false banners on an unrecognised order and 33 changes, canceled shipments
among them);
"Orders not shipped on time get a full refund", "Out of stock items are refunded automatically" and
"Seller can't ship? You can cancel for a full refund" gave a closed order a reason (18 each).
The tables now want the order-state wording these ideas mean, in every language (a security reason beside
the closing verb, a stock word as a state or reason, "returned to sender" and "not shipped in time" with a
subject or verb of this order); after the fix, 0 of 16,779 readings changed (the 100 blind texts and the
19 of NOISE_AFTER_FIX).
"""

from __future__ import annotations

import re
from html import escape

import pytest

from orderlens.parser import analyze
from tests.drift import drift
from tests.fixture_pages import Fixture, fixtures
from tests.parser.fixture_time import now_of

# Grouped by language; each is read by a shopper as a promise, a policy, an ad or a link, never as news
# about the order it sits in.
NOISE: tuple[str, ...] = (
    # en
    "Refund if items damaged · Refund if package lost",
    "Free returns within 15 days",
    "US $1.00 coupon if your parcel is late",
    "Cancel anytime before the seller ships",
    "Secure payment",
    "Your payment is protected",
    "What if my order is canceled?",
    "How do refunds work?",
    "VAT included where applicable",
    "Leave a review and earn coins",
    "Buy again",
    "Shipping insurance: lost or damaged parcels are refunded",
    "Canceled orders are refunded to your original payment method",
    "Questions about a closed order? Visit the Help Center",
    "If the seller cancels, your money comes back automatically",
    "Orders not shipped on time get a full refund",
    "Protect your account: turn on two-step verification",
    "If something is wrong, ask for a return or refund within 15 days of confirming receipt",
    "Seller usually ships within 3 business days",
    "Store promo: 10% off your next order",
    "Why was my order closed?",
    "Security tips: AliExpress never asks for your card PIN",
    "Delivery by AliExpress Standard Shipping",
    "Out of stock items are refunded automatically",
    "Pay in 4 interest-free installments",
    "Dispute resolution: we step in if you and the seller can't agree",
    "Price protection: if the price drops, get the difference back",
    "For security purposes, never share your verification code",
    "We review every payment to keep you safe",
    "Seller can't ship? You can cancel for a full refund",
    "Parcels returned to sender are refunded in full",
    "Unpaid orders are closed after 24 hours",
    "Get it in 3 days with express shipping",
    "Complete your profile to get a coupon",
    "Store coupon expires soon",
    "Store closed for Spring Festival until Feb 17, orders ship after",
    # es
    "Reembolso si el paquete se pierde",
    "Devoluciones gratis",
    "Cupón de US $2 si llega tarde",
    "Pago seguro",
    "¿Qué pasa si mi pedido se cancela?",
    "Puedes cancelar el pedido antes del envío",
    "¿Por qué se cerró mi pedido?",
    "Los pedidos cancelados se reembolsan automáticamente",
    "Por tu seguridad, nunca compartas tu código de verificación",
    # fr
    "Retours gratuits",
    "Remboursement si le colis est perdu ou endommagé",
    "Paiement sécurisé",
    "Que faire si ma commande est annulée ?",
    "Bon de 2 € en cas de retard de livraison",
    "Pourquoi ma commande a-t-elle été fermée ?",
    "Pour votre sécurité, ne partagez jamais votre code",
    # de
    "Kostenlose Rücksendung",
    "Sichere Zahlung",
    "Erstattung bei Verlust des Pakets",
    "Was passiert, wenn meine Bestellung storniert wird?",
    "Inkl. MwSt.",
    "Jetzt bewerten",
    "Bei Lieferverzug erhalten Sie einen Gutschein",
    "Aus Sicherheitsgründen geben wir Ihre Daten nicht weiter",
    # it
    "Resi gratuiti",
    "Pagamento sicuro",
    "Rimborso se il pacco viene smarrito",
    "Cosa succede se il mio ordine viene annullato?",
    "Coupon di 2 € in caso di ritardo",
    "Perché il mio ordine è stato chiuso?",
    "Per motivi di sicurezza non condividere mai il codice",
    # pt
    "Devolução grátis",
    "Cupom de R$5 se atrasar",
    "Pagamento seguro",
    "Reembolso se o pacote for perdido",
    "O que acontece se meu pedido for cancelado?",
    "Comprar novamente",
    "Pedidos cancelados são reembolsados automaticamente",
    "Entrega garantida ou seu dinheiro de volta",
    "Pedidos não pagos são fechados após 24 horas",
    # ru
    "Бесплатный возврат",
    "Безопасная оплата",
    "Возврат средств, если посылка потеряется",
    "Что делать, если заказ отменён?",
    "Купон 200 ₽ за опоздание доставки",
    "Оставьте отзыв и получите баллы",
    "Защита покупателя: вернём деньги, если товар не пришёл",
    "В целях безопасности не сообщайте код из SMS",
    # pl
    "Darmowe zwroty",
    "Bezpieczna płatność",
    "Co jeśli moje zamówienie zostanie anulowane?",
    "Zwrot pieniędzy, jeśli paczka zaginie",
    # nl
    "Gratis retourneren",
    "Veilig betalen",
    "Wat als mijn bestelling wordt geannuleerd?",
    "Geld terug als je pakket zoekraakt",
    # tr
    "Ücretsiz iade",
    "Güvenli ödeme",
    "Siparişim iptal edilirse ne olur?",
    "Kargo gecikirse kupon kazanın",
    # ko
    "무료 반품",
    "안전한 결제",
    "주문이 취소되면 어떻게 되나요?",
    "배송 지연 시 쿠폰 지급",
)

# Written after the fix, with the tables in view: the ideas that misled the tables above, in the languages
# the blind texts did not try them in (kept apart so the blind figure stays honest).
NOISE_AFTER_FIX: tuple[str, ...] = (
    "Los artículos sin stock se reembolsan automáticamente",
    "Articles en rupture de stock remboursés automatiquement",
    "Artikel, die nicht auf Lager sind, werden automatisch erstattet",
    "Itens sem estoque são reembolsados automaticamente",
    "Товары, которых нет в наличии, возвращаются автоматически",
    "품절 상품은 자동으로 환불됩니다",
    "Si el vendedor no puede enviar, puedes cancelar sin costo",
    "Se il venditore non può spedire, puoi annullare",
    "Pakete, die an den Absender zurückgeschickt werden, werden voll erstattet",
    "발송인에게 반송된 소포는 전액 환불됩니다",
    "Bestellungen, die nicht rechtzeitig versandt werden, werden voll erstattet",
    "Bestellingen die niet op tijd verzonden worden, worden volledig terugbetaald",
    "Por motivos de seguridad, nunca compartas tu código",
    "Pour des raisons de sécurité, ne partagez jamais votre code",
    "Por motivos de segurança, nunca compartilhe seu código",
    "Ze względów bezpieczeństwa nie podawaj nikomu kodu",
    "Om veiligheidsredenen delen we je gegevens nooit",
    "Güvenlik nedeniyle kodunuzu kimseyle paylaşmayın",
    "보안을 위해 인증번호를 공유하지 마세요",
)
TEXTS = NOISE + NOISE_AFTER_FIX

# Problem and normal orders on each page kind the extension reads.
SAMPLE = (
    "current_list.desktop_mixed_en",
    "current_list.desktop_mixed_es",
    "current_list.desktop_2026_live_statuses_en",
    "current_list.desktop_protection_ending_en",
    "current_list.mobile_en",
    "current_list.mobile_pt",
    "current_detail.detail_awaiting_delivery_en",
    "current_detail.detail_closed_security_en",
    "current_detail.detail_closed_no_reason_en",
    "current_detail.detail_canceled_by_seller_es",
    "current_detail.detail_seller_requests_cancel_fr",
    "current_detail.detail_payment_verifying_en",
    "current_detail.detail_ship_deadline_near_en",
    "current_detail.detail_refund_in_progress_en",
    "current_tracking.tracking_v2_in_transit_en",
    "current_tracking.tracking_v2_sorting_exception_en",
)
FIXTURES = [fixture for fixture in fixtures() if fixture.id in SAMPLE]
# Where a card shows its tags: just above an item's price (list and detail cards) or above the images of an
# images-only list card, and above the order id in a tracking page's order box.
_TAG_ROW_PLACE = re.compile(
    r'(?=<div class="(?:order-item-content-(?:info-number|img-list)|item-price|order-info-v2--id--\w+)")'
)


def tag_row_places(html: str) -> int:
    """How many tag rows `with_noise` adds to this page (0: the page takes no noise)."""
    return len(_TAG_ROW_PLACE.findall(html))


def with_noise(html: str, text: str) -> str:
    """The page with `text` as a tag row of its own in every item (so every order gets one)."""
    row = f'<div class="svc-tags"><span class="svc-tag">{escape(text)}</span></div>'
    page, rows = _TAG_ROW_PLACE.subn(row, html)
    assert rows, "no place for a tag row on this page"
    return page


def _scenarios(page: str, fixture: Fixture, backend: str) -> dict[str, str]:
    return {order.order_id: order.scenario for order in analyze(page, backend=backend, now=now_of(fixture)).orders}


def _readings(noise_index: int) -> list[tuple[Fixture, str, bool]]:
    """Which (fixture, backend, renamed) readings a text gets: lexbor as saved on every fixture, lexbor with
    classes renamed on every other one and soup (ten times slower) on every third, the choice turning with
    the text's position so every fixture meets each reading with a share of the texts (the file stays near
    a minute on two cores; the full cross product was measured once, see above)."""
    readings: list[tuple[Fixture, str, bool]] = []
    for position, fixture in enumerate(FIXTURES):
        readings.append((fixture, "lexbor", False))
        if (position + noise_index) % 2 == 0:
            readings.append((fixture, "lexbor", True))
        if (position + noise_index) % 3 == 0:
            readings.append((fixture, "soup", False))
    return readings


def test_the_sample_is_complete_and_every_order_gets_a_tag_row() -> None:
    assert sorted(fixture.id for fixture in FIXTURES) == sorted(SAMPLE)
    for fixture in FIXTURES:
        html = fixture.page.read_text(encoding="utf-8")
        assert tag_row_places(html) >= len(fixture.orders), fixture.id


def test_the_tag_row_is_read_as_part_of_the_order() -> None:
    """A real state notice in the same place does change the scenario, so the noise cases are not vacuous."""
    fixture = next(f for f in FIXTURES if f.id == "current_detail.detail_closed_no_reason_en")
    page = with_noise(fixture.page.read_text(encoding="utf-8"), "We have to cancel this order due to security issue")
    for backend, renamed in (("lexbor", False), ("soup", False), ("lexbor", True)):
        scenarios = _scenarios(drift(page, "meaningless") if renamed else page, fixture, backend)
        assert set(scenarios.values()) == {"closed_security_issue"}, (backend, renamed)


@pytest.mark.parametrize("index", range(len(TEXTS)), ids=lambda i: f"{i:03d}-{TEXTS[i][:24]}")
def test_harmless_text_in_a_card_changes_no_scenario(index: int) -> None:
    text = TEXTS[index]
    changed: list[str] = []
    for fixture, backend, renamed in _readings(index):
        page = with_noise(fixture.page.read_text(encoding="utf-8"), text)
        found = _scenarios(drift(page, "meaningless") if renamed else page, fixture, backend)
        for order in fixture.orders:
            order_id, expected = str(order["order_id"]), order["scenario"]
            if found.get(order_id) != expected:
                where = f"{fixture.id} {backend}{' renamed' if renamed else ''} {order_id}"
                changed.append(f"{where}: {expected} -> {found.get(order_id)}")
    assert not changed, f"{text!r} changed:\n" + "\n".join(changed)
