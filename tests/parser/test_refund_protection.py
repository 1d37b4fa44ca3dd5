"""Refund progress and the buyer-protection deadline as facts: from list cards, detail steps and legacy
refund tables, on both backends, and from drifted copies where the generic reader reads the page."""

from __future__ import annotations

from datetime import date

import pytest

from orderlens.parser import analyze
from orderlens.parser.dom import BACKENDS, parse
from orderlens.parser.layouts.facts import protection_until, refund_in
from orderlens.parser.layouts.facts.dates import month_first_dates, parse_date, parse_date_after
from orderlens.parser.model import Refund
from tests.drift import drift
from tests.fixture_pages import FIXTURES

# Fixture pages whose refund was read off the HTML by hand: (page, order, refund).
PAGES = [
    pytest.param(
        "current_detail/detail_canceled_by_seller_es.html",
        Refund(state="in_progress", date="2024-01-21", steps_done=2, steps_total=3),
        id="detail-step-2-of-3-es",
    ),
    pytest.param(
        "current_detail/detail_closed_no_reason_en.html",
        Refund(state="completed", date="2024-01-15", steps_done=3, steps_total=3),
        id="detail-completed-en",
    ),
    pytest.param(
        "current_detail/detail_auto_canceled_pt.html",
        Refund(state="completed", date="2024-04-10", steps_done=3, steps_total=3),
        id="detail-completed-pt",
    ),
    pytest.param(
        "legacy_detail/detail_closed_by_seller.html",
        Refund(state="completed", amount="US $ 13.05", date="2020-07-09"),
        id="legacy-refund-table",
    ),
]


def _only_order(html: str, backend: str) -> Refund | None:
    analysis = analyze(html, backend=backend)
    assert len(analysis.orders) == 1
    return analysis.orders[0].facts.refund


@pytest.mark.parametrize("backend", sorted(BACKENDS))
@pytest.mark.parametrize(("page", "refund"), PAGES)
def test_refund_read_from_fixture(page: str, refund: Refund, backend: str) -> None:
    assert _only_order((FIXTURES / page).read_text(encoding="utf-8"), backend) == refund


@pytest.mark.parametrize(("page", "refund"), PAGES)
def test_refund_read_from_meaningless_drift(page: str, refund: Refund) -> None:
    """Renamed classes (and no data-*): the generic reader finds the same refund, steps included."""
    drifted = drift((FIXTURES / page).read_text(encoding="utf-8"), "meaningless")
    assert analyze(drifted).layout is None  # the generic reader read it
    assert _only_order(drifted, "lexbor") == refund


_CARD = (
    '<div class="card"><span class="status">Closed</span>'
    '<div class="bottom-action"><div class="expose-info"><div class="expose-info-item">'
    '<div class="expose-info-item-title">{label} <span>US $</span><span>12</span><span>.34</span></div>'
    "</div></div></div></div>"
)


@pytest.mark.parametrize("backend", sorted(BACKENDS))
@pytest.mark.parametrize(
    ("label", "state"),
    [
        ("Refund completed", "completed"),
        ("Reembolso completado", "completed"),
        ("Refund requested", "requested"),
        ("Reembolso en curso", "in_progress"),
        ("환불 완료", "completed"),
        ("요청 완료", "requested"),
    ],
)
def test_list_card_refund_line(label: str, state: str, backend: str) -> None:
    root = parse(f"<html><body>{_CARD.format(label=label)}</body></html>", backend).root
    assert refund_in(root) == Refund(state=state, amount="US $12.34")  # type: ignore[arg-type]


def _steps(*classes: str) -> str:
    titles = ("Refund requested", "Refund processing", "Refund completed")
    nodes = "".join(
        f'<li class="{css}"><i class="dot"></i><p>{title}</p><p>Jan 1{n}, 2026</p></li>'
        for n, (css, title) in enumerate(zip(classes, titles, strict=True))
    )
    return f"<html><body><ul>{nodes}</ul></body></html>"


@pytest.mark.parametrize("backend", sorted(BACKENDS))
@pytest.mark.parametrize(
    ("classes", "done", "state"),
    [
        (("step done", "step", "step"), 1, "requested"),
        (("step done", "step done", "step"), 2, "in_progress"),
        (("step", "step", "step pending"), 2, "in_progress"),  # the pending mark trails instead
        (("step done", "step done", "step done"), 3, "completed"),
    ],
)
def test_progress_steps_done_told_apart_by_markup(
    classes: tuple[str, ...], done: int, state: str, backend: str
) -> None:
    refund = refund_in(parse(_steps(*classes), backend).root)
    assert refund is not None
    assert (refund.state, refund.steps_done, refund.steps_total) == (state, done, 3)
    assert refund.date == f"2026-01-1{done - 1}"


def test_a_refund_button_or_a_help_text_is_no_refund() -> None:
    html = (
        "<html><body><a href='/p/refund'>Returns/refunds</a><a href='/x'>Refund completed</a>"
        "<p>You'll get a full refund if the seller doesn't ship.</p></body></html>"
    )
    assert refund_in(parse(html, "lexbor").root) is None


@pytest.mark.parametrize(
    "promise",
    [
        "Remboursé si pas reçu avant le 14 févr. 2027",
        "Refunded if the parcel is lost",
        "Orders not shipped in time are refunded",
    ],
)
def test_a_refund_promised_on_a_condition_is_no_refund(promise: str) -> None:
    """A promise names the refund's state ("Remboursé", "refunded") only as what would happen: no refund yet."""
    assert refund_in(parse(f"<html><body><p>{promise}</p></body></html>", "lexbor").root) is None


@pytest.mark.parametrize(
    ("text", "order_date", "until"),
    [
        ("Refund if no delivery before Sep 4, 2026 · Refund if items damaged", None, "2026-09-04"),
        ("Reembolso si no se entrega antes del 4 de sept. de 2026", None, "2026-09-04"),
        ("Full refund if product is not received in 75 days.", "Order date: Apr 02, 2023", "2023-06-16"),
        ("Reembolso completo si no recibes el producto en 60 días.", "Pedido efectuado el: 18 ene, 2024", "2024-03-18"),
        ("Remboursement si aucune livraison avant le 10 déc. 2026", None, "2026-12-10"),
        ("Terugbetaling als niet geleverd vóór 11 dec. 2026", None, "2026-12-11"),
        ("Volledige terugbetaling als het product niet binnen 75 dagen is ontvangen.", "28 sep. 2026", "2026-12-12"),
        ("Полный возврат, если товар не получен в течение 75 дней.", "от 28 сент. 2026", "2026-12-12"),
        ("Zwrot pieniędzy, jeśli przesyłka nie zostanie dostarczona przed 11 gru 2026", None, "2026-12-11"),
        ("Pełny zwrot, jeśli produkt nie zostanie otrzymany w ciągu 75 dni.", "28 wrz 2026", "2026-12-12"),
        ("Reembolso total se o produto não for recebido em 75 dias.", "Pedido feito 28/09/2026", "2026-12-12"),
        ("11 Ara 2026 tarihine kadar teslim edilmezse para iadesi", None, "2026-12-11"),  # the date first
        ("2026년 12월 11일까지 배송되지 않으면 환불", None, "2026-12-11"),
        ("75 gün içinde teslim edilmezse tam para iadesi", "28 Eyl 2026", "2026-12-12"),  # the days first
        ("75일 이내에 받지 못하면 전액 환불", "2026년 9월 28일", "2026-12-12"),
        ("75 gün içinde teslim edilmezse tam para iadesi", None, None),
        ("Paket 10 Ara 2026'ya kadar teslim edilmezse para iadesi", None, "2026-12-10"),  # the date's own suffix
        ("Вернём деньги, если посылка не доберётся до вас до 13 дек. 2026 г.", None, "2026-12-13"),
        ("Volle Erstattung, wenn die Ware nicht innerhalb von 75 Tagen ankommt", "26. Sept. 2026", "2026-12-10"),
        ("Full refund if product is not received in 75 days.", None, None),  # no order date to count from
        ("Refund if items damaged · Refund if package lost", "Apr 02, 2023", None),
        # The condition first, the refund around it (a copy-writer's word order).
        ("If your order has not arrived by 13 December 2026, you can ask for a full refund.", None, "2026-12-13"),
        ("Still not at your door by Dec 11, 2026? We'll give you your money back.", None, "2026-12-11"),
        ("A full refund shall be granted in the event that delivery has not been effected by 11 December 2026.", None,
         "2026-12-11"),
        ("Te devolvemos la plata si el paquete no te llega antes del 11 dic. 2026.", None, "2026-12-11"),
        (
            "Caso a encomenda não seja entregue até 13 de dez. de 2026, o valor pago será integralmente reembolsado.",
            None,
            "2026-12-13",
        ),
        ("Вернём деньги, если не доставим до 12.12.2026", None, "2026-12-12"),
        ("Remboursé si pas reçu avant le 14 févr. 2027", None, "2027-02-14"),
        ("Siparişiniz 75 gün içinde elinize ulaşmazsa ödediğiniz tutarın tamamını geri alırsınız", "28 Eyl 2026",
         "2026-12-12"),
        ("Reembolso total se o produto não for recebido em até 75 dias.", "26 de set. de 2026", "2026-12-10"),
        ("Purchase protection runs until Dec 12, 2026. If the package still hasn't reached you, open a dispute.", None,
         "2026-12-12"),
        ("Full refund if you don't receive it within 75 days of ordering.", "Sep 27, 2026", "2026-12-11"),
        ("Reembolso total se você não receber o produto em 75 dias.", "27 de set. de 2026", "2026-12-11"),
        ("Remboursé si non livré avant le 10 déc. 2026", None, "2026-12-10"),
        ("Средства будут возвращены, если заказ не будет доставлен до 12 декабря 2026 г.", None, "2026-12-12"),
        ("Reembolso total se o artigo não for recebido em 75 dias.", "26/09/2026", "2026-12-10"),
        ("12 Aralık 2026 tarihine kadar elinize ulaşmazsa paranızı geri alırsınız", None, "2026-12-12"),
        # Buyer protection named with the day it lasts until, in the words of each language.
        ("Осталось немного: защита покупателя по этому заказу действует до 11 декабря 2026.", None, "2026-12-11"),
        ("La protección al comprador sigue vigente hasta el 11 dic. 2026.", None, "2026-12-11"),
        ("Der Käuferschutz für diese Bestellung gilt bis zum 11. Dez. 2026.", None, "2026-12-11"),
        ("A proteção ao comprador termina em 11/12/2026.", None, "2026-12-11"),
        ("Cupón válido hasta el 31 dic. 2026", None, None),  # a coupon's last day is no protection
        ("75일 안에 상품을 못 받으시면 전액 돌려드려요", "2026년 9월 26일", "2026-12-10"),
        ("W przypadku niedoręczenia przesyłki do dnia 11 gru 2026 r. przysługuje zwrot kwoty.", None, "2026-12-11"),
        ("Если посылка так и не приедет к тебе до 11 дек. 2026, мы вернём деньги", None, "2026-12-11"),
        # A delivery date with no refund promised near it is no protection deadline.
        ("Not delivered by Dec 11, 2026? Contact the seller first.", None, None),
        ("Money back if it hasn’t turned up by 10/12/2026", None, "2026-12-10"),
        ("Remboursé si rien n’est livré avant le 12/12/2026", None, "2026-12-12"),
        ("¿No te ha llegado para el 10 dic 2026? Tranqui, te regresamos tu dinero.", None, "2026-12-10"),
        ("Remboursement intégral si colis non reçu sous 75 jours.", "28 sept. 2026", "2026-12-12"),
        ("Garantia de reembolso caso a entrega não ocorra até 13 de dez. de 2026", None, "2026-12-13"),
        ("If not receive the goods before Dec 11, 2026, you can get full refund", None, "2026-12-11"),
        ("Si no recibe la mercancía antes del 12 dic, 2026, reembolso completo", None, "2026-12-12"),
        ("Reembolso se não entregue até 10 dez. 2026", None, "2026-12-10"),
        ("Se a encomenda não lhe for entregue até 11/12/2026, é-lhe devolvido o valor total.", None, "2026-12-11"),
        ("Geld zurück, wenn bis 11. Dez. 2026 keine Zustellung erfolgt", None, "2026-12-11"),
        ("Pełny zwrot pieniędzy, jeżeli produkt nie dotrze w ciągu 75 dni.", "25 wrz 2026", "2026-12-09"),
        ("Pełny zwrot pieniędzy, jeśli towar nie zostanie odebrany w ciągu 75 dni", "25 września 2026", "2026-12-09"),
        ("Возврат, если товар не будет получен в течение 75 дней", "26 сент. 2026", "2026-12-10"),
        ("Geld zurück, falls bis 11. Dez. 2026 keine Zustellung erfolgt", None, "2026-12-11"),
        ("Te devolvemos tu dinero si no llega antes del 11 dic (en 4 días)", "30 sep 2026", "2026-12-11"),
        ("🛡 Zwrot, jeśli brak doręczenia do 14.12", "08.10.2026", "2026-12-14"),
        ("Reembolso se não entregue até 12/12", "2026-09-30", "2026-12-12"),
        ("Colis pas arrivé chez vous d'ici le 13 déc. 2026 ? Nous vous remboursons.", None, "2026-12-13"),
        ("Te devolvemos el importe íntegro si el producto no te llega en 75 días.", "27 sept 2026", "2026-12-11"),
        ("Ta protection d’acheteur prend fin dans 3 jours (le 2026-12-10)", None, "2026-12-10"),
        ("2026. 12. 11.까지 상품을 받지 못하시면 전액 환불해 드립니다", None, "2026-12-11"),
        ("2026년 12월 12일까지 받지 못하면 환불해 드려요", None, "2026-12-12"),
        ("Last update: 2026. 12. 06. 22:14 구매자 보호 2026. 12. 11.까지 받지 못하시면 전액 환불", None, "2026-12-11"),
    ],
)
def test_protection_until(text: str, order_date: str | None, until: str | None) -> None:
    assert protection_until(text, order_date) == until


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_protection_days_tag_read_from_the_2023_list_fixture(backend: str) -> None:
    page = (FIXTURES / "current_list/desktop_2023_live_statuses_en.html").read_bytes()
    found = {o.order_id: o.facts.protection_until for o in analyze(page, backend=backend).orders}
    assert found["8198822233344455"] == "2023-06-16"  # Apr 02, 2023 + 75 days
    assert sum(1 for until in found.values() if until) == 1


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Sep 4, 2026", date(2026, 9, 4)),
        ("Sept. 4th, 2026", date(2026, 9, 4)),
        ("4 de septiembre de 2026", date(2026, 9, 4)),
        ("4. Sept. 2026", date(2026, 9, 4)),
        ("2 de abr. de 2024 14:05", date(2024, 4, 2)),
        ("2021-02-05 02:11:09", date(2021, 2, 5)),
        ("2026년 9월 4일", date(2026, 9, 4)),
        ("4 сентября 2026", date(2026, 9, 4)),
        ("Feb 30, 2026", None),
        ("Ref. Number: 8213300111222333", None),
        ("Pedido feito 28/09/2026", date(2026, 9, 28)),
        ("Bestellt am 04.12.2026", date(2026, 12, 4)),  # numbers with the year last: day first
        ("09/28/2026", date(2026, 9, 28)),  # a second number past 12 is the day
        ("2026-13-01", None),
        ("13/13/2026", None),
        ("3 Eki 2026", date(2026, 10, 3)),
        ("2026. 12. 11.까지", date(2026, 12, 11)),  # Korean numbers, a space after each dot
        ("do 2 maj 2024", date(2024, 5, 2)),  # Polish short month names: "maj" as well as "maja"
    ],
)
def test_parse_date(text: str, day: date | None) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("antes del 11 dic", date(2026, 12, 11)),
        ("by Jan 5", date(2027, 1, 5)),  # past the turn of the year
        ("before 2 Nov", date(2027, 11, 2)),  # the 2nd of this November is before the earliest day
        ("30 Feb", None),
        ("by Dec 11, 2025", date(2025, 12, 11)),  # a written year is kept
        ("do 14.12", date(2026, 12, 14)),  # day and month in numbers, day first
        ("até 12/1", date(2027, 1, 12)),
        ("by 13/11", date(2026, 11, 13)),
        ("by 11/25", date(2026, 11, 25)),  # 25 can only be the day
        ("1.5 days", None),  # a decimal is no date
        ("31.02", None),
    ],
)
def test_a_date_without_its_year_is_the_first_one_on_or_after_the_earliest(text: str, day: date | None) -> None:
    assert parse_date_after(text, date(2026, 11, 3)) == day


def test_a_us_page_writes_a_date_without_its_year_month_first_too() -> None:
    """ "by 12/11" on a US English page is December 11; elsewhere it is November 12."""
    assert parse_date_after("by 12/11", date(2026, 10, 8)) == date(2026, 11, 12)
    with month_first_dates(True):
        assert parse_date_after("by 12/11", date(2026, 10, 8)) == date(2026, 12, 11)


@pytest.mark.parametrize(
    ("text", "day_first", "month_first"),
    [
        ("12/11/2026", date(2026, 11, 12), date(2026, 12, 11)),
        ("11/25/2026", date(2026, 11, 25), date(2026, 11, 25)),  # either way, 25 can only be the day
        ("25/11/2026", date(2026, 11, 25), date(2026, 11, 25)),
        ("12.11.2026", date(2026, 11, 12), date(2026, 11, 12)),  # dots are never a US date
    ],
)
def test_a_us_page_writes_numeric_dates_month_first(text: str, day_first: date, month_first: date) -> None:
    assert parse_date(text) == day_first
    with month_first_dates(True):
        assert parse_date(text) == month_first
    assert parse_date(text) == day_first  # only while that page is read


@pytest.mark.parametrize("backend", sorted(BACKENDS))
@pytest.mark.parametrize(("html_lang", "scenario"), [("en-US", "buyer_protection_ending"), ("en-GB", "none")])
def test_the_pages_locale_says_which_number_is_the_month(backend: str, html_lang: str, scenario: str) -> None:
    """"12/11/2026" on a US English page is December 11 (4 days left on Dec 7); on a British page it is
    November 12, long past."""
    card = (
        '<div class="c"><a href="https://www.aliexpress.com/p/order/detail.html?orderId=8000000000000001">'
        "Order ID: 8000000000000001</a><b>Awaiting delivery</b>"
        "<p>Refund if it doesn’t reach you by 12/11/2026</p></div>"
    )
    html = f'<html lang="{html_lang}"><body><main>{card}</main></body></html>'
    (order,) = analyze(html, backend=backend, now=date(2026, 12, 7)).orders
    assert order.scenario == scenario
