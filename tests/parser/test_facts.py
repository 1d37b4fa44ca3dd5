"""Fact helpers every layout shares: countdowns, actions, order ids from links, notices."""

from __future__ import annotations

import pytest

from orderlens.parser.dom import parse
from orderlens.parser.layouts.facts import (
    absolute,
    classify_action,
    countdowns_in,
    countdowns_in_text,
    date_in,
    date_line,
    lines_of,
    notices_in,
    order_id_from_href,
    order_id_from_links,
    tooltips,
    tracking_number_in,
)

BACKENDS = ("lexbor", "soup")
ORDER_ID = "8123456789012345"


def seconds_in(text: str) -> list[int | None]:
    return [c.seconds for c in countdowns_in_text(text)]


# --- countdowns -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        pytest.param("Ship within 1 day 06:12:40", 108760, id="day-and-clock"),
        pytest.param("2 days 5 hours left", 2 * 86400 + 5 * 3600, id="cue-after"),
        pytest.param("El vendedor enviará el pedido en 1 día 20:41:05", 86400 + 20 * 3600 + 41 * 60 + 5, id="es"),
        pytest.param("Quedan 3 días", 3 * 86400, id="es-quedan"),
        pytest.param("Time left: 23:59:59", 86399, id="clock-only"),
        pytest.param("Pay within 2d 3h", 2 * 86400 + 3 * 3600, id="abbreviated-units"),
        pytest.param("SHIP WITHIN\u00a01 DAY 06:12:40", 108760, id="caps-and-nbsp"),
        pytest.param("Remaining time to pay: 0 days 12:00:00", 12 * 3600, id="zero-days"),
        # A tag beside the countdown, read in the same window, is a duration of its own, never added to it.
        pytest.param(
            "Seller will ship within 2 days 03:15:22 Free returns within 15 days",
            2 * 86400 + 3 * 3600 + 15 * 60 + 22,
            id="a-promise-after-the-count",
        ),
        pytest.param(
            "Free returns within 15 days 1 day 02:00:00 left", 86400 + 2 * 3600, id="a-promise-before-the-cue"
        ),
        # A clock after hours starts a duration of its own (units run from larger to smaller); minutes after
        # hours continue one.
        pytest.param("Pay within 24 hours 23:59:59 left", 86399, id="a-clock-after-hours-is-its-own"),
        pytest.param("1 h 30 min left", 5400, id="minutes-after-hours-continue"),
        # Less than a day left, said without a number: at most a day.
        pytest.param("Less than a day left to ship", 86400, id="under-a-day"),
        pytest.param("Al venditore resta meno di un giorno per spedire", 86400, id="under-a-day-it"),
        pytest.param("Осталось меньше суток на отправку", 86400, id="under-a-day-ru"),
        # A deadline tomorrow: at most two days.
        pytest.param("Le vendeur doit expédier d’ici demain (2026-12-08)", 2 * 86400, id="by-tomorrow-fr"),
        pytest.param("Bitte bis morgen bezahlen", 2 * 86400, id="by-tomorrow-de-verb-after"),
        # Small numbers spelled out.
        pytest.param("The store still has two days and five hours left to ship", 2 * 86400 + 5 * 3600, id="words"),
        pytest.param("Noch zwei Tage und drei Stunden zum Versand", 2 * 86400 + 3 * 3600, id="words-de"),
    ],
)
def test_countdown_text_gives_seconds_left(text: str, seconds: int) -> None:
    assert seconds_in(text) == [seconds]


@pytest.mark.parametrize(
    ("text", "order_date", "until"),
    [
        ("Seller must ship by Wed, Dec 9, 11:59 PM PT", "Tue, Dec 1, 2026", "2026-12-09"),
        ("Versand spätestens am 9. Dez. 2026", None, "2026-12-09"),
        ("The seller must ship by tomorrow", "Dec 1, 2026", None),  # a deadline tomorrow, read as time left
        ("Il venditore deve spedire entro il 3 gen", "28 dic 2026", "2027-01-03"),  # into the next year
        ("Seller must ship by Wed, Dec 9", None, None),  # no year and no order date: no guess
        ("Ships in 3 days", "Dec 1, 2026", None),
        ("판매자는 12월 9일(수)까지 상품을 발송해야 합니다", "2026년 12월 1일", "2026-12-09"),  # the date comes first
        ("The seller must dispatch this order by Wed, 9 Dec 2026.", None, "2026-12-09"),
        ("Il venditore deve spedire entro mer 9 dic 2026", None, "2026-12-09"),
        ("Il venditore deve spedire entro 18 h 22 min", None, None),  # time left, read as a countdown
    ],
)
def test_a_deadline_given_as_a_date_is_read_as_its_date(text: str, order_date: str | None, until: str | None) -> None:
    """ "Must ship by Wed, Dec 9" is the seller's deadline as a date: the day of analysis turns it into time left."""
    assert [c.until for c in countdowns_in_text(text, order_date) if c.until] == ([until] if until else [])


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        pytest.param("Seller has 6 days 03:10:51 left to ship. Coupon expires in 2 days", [529851], id="en"),
        pytest.param("Flash sale ends in 02:14:33", [], id="sale"),
        pytest.param("Cupón de la tienda: quedan 2 días. Quedan 3 días para el envío", [259200], id="es"),
        pytest.param("Купон: осталось 1 день", [], id="ru"),
        pytest.param("Cupón de la tienda. Quedan 2 días", [172800], id="a-cue-after-the-clause-ends"),
        pytest.param("Limited stock. Pay within 23:10:05", [83405], id="a-deadline-in-its-own-sentence"),
    ],
)
def test_time_left_on_a_coupon_or_a_sale_is_no_countdown_of_the_order(text: str, seconds: list[int]) -> None:
    assert seconds_in(text) == seconds


def test_a_countdown_shows_the_pages_own_words_even_after_a_closing_full_stop() -> None:
    """Folding drops a line's closing full stop; the text shown is still the page's, not the folded form."""
    assert [c.text for c in countdowns_in_text("Time left: 2 days 03:15:22.")] == ["Time left: 2 days 03:15:22"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Processing Time: 7 Days", id="processing-time"),
        pytest.param("Processing Time:\u00a07 Days", id="processing-time-nbsp"),
        pytest.param("Order placed on: Jan 01, 2024", id="order-date"),
        pytest.param("Estimated delivery: Dec 27 - 28", id="eta"),
        pytest.param("Total: US $12.50", id="price"),
        pytest.param("Awaiting shipment", id="status"),
        pytest.param("Ships in less than a day!", id="a-promise-of-speed"),
        pytest.param("Free returns within one year", id="a-period-in-words"),
        pytest.param("Ships on day 5 of the sale", id="on-is-no-number"),
    ],
)
def test_texts_without_a_countdown_give_none(text: str) -> None:
    assert countdowns_in_text(text) == []


def test_cue_inside_a_longer_word_does_not_cut_the_duration_short() -> None:
    """'in' inside 'being' is not the cue: only the real 'in 1 day 06:12:40' counts."""
    text = "Your order is being processed by the seller and will ship in 1 day 06:12:40"
    assert seconds_in(text) == [108760]


@pytest.mark.parametrize("backend", BACKENDS)
def test_legacy_lefttime_attribute_is_milliseconds(backend: str) -> None:
    html = (
        '<html><body><table><tr><td class="order-status">'
        '<span class="f-left">Awaiting Shipment</span>'
        '<p class="left-sendgoods-day" lefttime="108760000">Remaining</p>'
        "</td></tr></table></body></html>"
    )
    found = countdowns_in(parse(html, backend).root)
    assert [c.seconds for c in found] == [108760]
    assert found[0].text == "Remaining"


@pytest.mark.parametrize("backend", BACKENDS)
def test_lefttime_attribute_wins_over_countdown_text(backend: str) -> None:
    html = '<html><body><div><p>Ship within 5 days</p><span data-lefttime="3600000"></span></div></body></html>'
    found = countdowns_in(parse(html, backend).root)
    assert [c.seconds for c in found] == [3600]
    assert found[0].text == "data-lefttime=3600000"


@pytest.mark.parametrize("backend", BACKENDS)
def test_countdown_class_element_is_read(backend: str) -> None:
    html = (
        '<html><body><div class="order-status"><div class="order-countdown">'
        "<span>1</span> <span>day</span> <span>06</span>:<span>12</span>:<span>40</span>"
        "</div></div></body></html>"
    )
    assert [c.seconds for c in countdowns_in(parse(html, backend).root)] == [108760]


@pytest.mark.parametrize("backend", BACKENDS)
def test_legacy_processing_time_is_not_a_countdown(backend: str) -> None:
    html = (
        '<html><body><table><tr><td class="shipping"><p class="ship-info">Processing Time: '
        '<span class="ship-value">7 Days</span></p></td></tr></table></body></html>'
    )
    assert countdowns_in(parse(html, backend).root) == ()


# --- actions --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Pay now", "pay"),
        ("Track order", "track"),
        ("Contact seller", "contact_seller"),
        ("Chat now", "contact_seller"),
        ("Open Dispute", "open_dispute"),
        ("Extend processing time", "extend_processing"),
        ("Confirm Order Received", "confirm_received"),
        ("Cancel order", "cancel_order"),
        ("Details", "details"),
        ("Write a review", "review"),
        ("PAY\u00a0NOW", "pay"),
        ("Pagar ahora", "pay"),
        ("Seguir pedido", "track"),
        ("Contactar al vendedor", "contact_seller"),
        ("Abrir disputa", "open_dispute"),
        ("Confirmar recepción", "confirm_received"),
        ("Ver detalles", "details"),
    ],
)
def test_classify_action_by_label(label: str, kind: str) -> None:
    assert classify_action(label, None) == kind


@pytest.mark.parametrize(
    ("href", "kind"),
    [
        (f"https://www.aliexpress.com/p/tracking/index.html?_addShare=no&tradeOrderId={ORDER_ID}", "track"),
        (f"https://track.aliexpress.com/logisticsdetail.htm?tradeId={ORDER_ID}", "track"),
        (f"https://msg.aliexpress.com/buyerMsgList.htm?orderId={ORDER_ID}", "contact_seller"),
        (f"https://www.aliexpress.com/p/order/detail.html?orderId={ORDER_ID}", "details"),
        (f"https://trade.aliexpress.com/order_detail.htm?orderId={ORDER_ID}", "details"),
        ("https://www.aliexpress.com/p/trade/confirm.html?objectId=1", "pay"),
        (f"https://feedback.aliexpress.com/management/leaveFeedback.htm?orderId={ORDER_ID}", "review"),
    ],
)
def test_classify_action_by_href_when_label_is_unknown(href: str, kind: str) -> None:
    assert classify_action("", href) == kind
    assert classify_action("\u2192", href) == kind


def test_label_decides_before_href() -> None:
    href = f"https://www.aliexpress.com/p/order/detail.html?orderId={ORDER_ID}"
    assert classify_action("Track order", href) == "track"


@pytest.mark.parametrize(
    ("label", "href"),
    [
        ("Add to cart", "https://www.aliexpress.com/item/1005001234567890.html"),
        ("Buy again", None),
        ("", None),
        # A help link asks; it is never the order's button, whatever its words or its URL.
        ("¿Tengo que pagar impuestos de importación?", "https://es.aliexpress.com/help/payment.html"),
        ("How do I track my order?", "https://www.aliexpress.com/p/tracking/help.html"),
    ],
)
def test_unrecognised_action_is_none(label: str, href: str | None) -> None:
    assert classify_action(label, href) is None


def test_long_text_is_not_read_as_a_button_label() -> None:
    paragraph = "If you do not pay within the time limit your order will be closed by the system automatically."
    assert len(paragraph) > 60
    assert classify_action(paragraph, None) is None


def test_action_words_need_whole_words() -> None:
    assert classify_action("Payment method", None) is None


# --- order ids ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "href",
    [
        pytest.param(f"https://www.aliexpress.com/p/order/detail.html?orderId={ORDER_ID}", id="orderId"),
        pytest.param(
            f"https://www.aliexpress.com/p/tracking/index.html?_addShare=no&_login=yes&tradeOrderId={ORDER_ID}",
            id="tradeOrderId",
        ),
        pytest.param(f"https://track.aliexpress.com/logisticsdetail.htm?tradeId={ORDER_ID}", id="tradeId"),
        pytest.param(f"//trade.aliexpress.com/order_detail.htm?orderId={ORDER_ID}&x=1", id="protocol-relative"),
        pytest.param(
            f"https://www.aliexpress.com/p/reverse/detail.html?reverseOrderId=5210098877665544&orderId={ORDER_ID}",
            id="dispute-link-names-the-dispute-first",
        ),
    ],
)
def test_order_id_from_href(href: str) -> None:
    assert order_id_from_href(href) == ORDER_ID


@pytest.mark.parametrize(
    "href",
    [
        pytest.param("https://www.aliexpress.com/item/1005001234567890.html", id="item-link"),
        pytest.param("https://www.aliexpress.com/p/order/detail.html?orderId=123", id="too-short"),
        pytest.param(f"https://www.aliexpress.com/x?productId={ORDER_ID}", id="other-param"),
        pytest.param(f"https://www.aliexpress.com/p/reverse/detail.html?reverseOrderId={ORDER_ID}", id="dispute-id"),
        pytest.param(None, id="none"),
    ],
)
def test_no_order_id_in_href(href: str | None) -> None:
    assert order_id_from_href(href) is None


@pytest.mark.parametrize("backend", BACKENDS)
def test_order_id_from_links_skips_links_without_an_id(backend: str) -> None:
    html = (
        '<html><body><div class="order-item">'
        '<a href="https://www.aliexpress.com/store/4102233">Store</a>'
        '<a href="https://www.aliexpress.com/item/1005001234567890.html">Item</a>'
        f'<a href="/p/order/detail.html?orderId={ORDER_ID}">Details</a>'
        "</div></body></html>"
    )
    assert order_id_from_links(parse(html, backend).root) == ORDER_ID


# --- notices --------------------------------------------------------------------------------------

SECURITY_NOTICE = "We have to cancel this order due to security issue"
SECURITY_TITLE = "Wireless Security Camera with risk control alarm, out of stock soon"


def _card(title_html: str, store: str = "Acme Store") -> str:
    return (
        '<html><body><div class="order-item">'
        '<div class="order-item-header-status"><span>Closed</span></div>'
        f'<div class="item-title"><a href="/item/1.html">{title_html}</a></div>'
        f'<div class="order-notice">{SECURITY_NOTICE}</div>'
        f'<div class="order-item-store"><span>{store}</span></div>'
        "</div></body></html>"
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_notices_leave_out_item_titles(backend: str) -> None:
    root = parse(_card(SECURITY_TITLE), backend).root
    assert notices_in(root, exclude={SECURITY_TITLE}) == (SECURITY_NOTICE,)


@pytest.mark.parametrize("backend", BACKENDS)
def test_item_title_would_be_a_notice_without_the_exclusion(backend: str) -> None:
    root = parse(_card(SECURITY_TITLE), backend).root
    assert SECURITY_TITLE in notices_in(root, exclude=set())


@pytest.mark.parametrize("backend", BACKENDS)
def test_title_exclusion_tolerates_case_and_nbsp(backend: str) -> None:
    page_title = SECURITY_TITLE.upper().replace(" ", "\u00a0", 2)
    root = parse(_card(page_title), backend).root
    assert notices_in(root, exclude={SECURITY_TITLE}) == (SECURITY_NOTICE,)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_tooltip_that_says_more_is_a_line_of_notices(backend: str) -> None:
    """A compact card shows "Seller: pls cancel" and keeps the sentence for the hover; an item link titled with
    the name it shows adds nothing, and neither does a title that repeats what its element shows."""
    root = parse(
        '<div><p title="The seller has asked you to cancel this order.">Seller: pls cancel</p>'
        '<a href="/item/1.html" title="Security camera">Security camera</a><b title="Closed">Closed</b></div>',
        backend,
    ).root
    assert tooltips(root) == ["The seller has asked you to cancel this order."]
    assert notices_in(root, exclude=set()) == ("The seller has asked you to cancel this order.",)


@pytest.mark.parametrize("backend", BACKENDS)
def test_store_name_is_excluded_too(backend: str) -> None:
    root = parse(_card("USB cable", store="Refund Store"), backend).root
    assert notices_in(root, exclude={"USB cable", "Refund Store"}) == (SECURITY_NOTICE,)
    assert "Refund Store" in notices_in(root, exclude={"USB cable"})


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_notice_keeps_only_what_it_states_not_what_it_asks(backend: str) -> None:
    """A promise put as a question ("Parcel returned to sender? Refunded in full") states no return; a
    statement before a question (a security closure, then "Still want it?") is a notice, quoted whole, and
    a question that would add a signal is left out of the quote."""

    def notices(*lines: str) -> tuple[str, ...]:
        html = "<html><body><div>" + "".join(f"<p>{line}</p>" for line in lines) + "</div></body></html>"
        return notices_in(parse(html, backend).root, exclude=set())

    assert notices("Colis renvoyé à l'expéditeur ? Remboursé intégralement") == ()  # no return stated
    assert notices("Package returned to sender: what should I do?") == ()
    closure = "We had to cancel this order due to a security issue. Still want it? Order it again."
    assert notices(closure) == (closure,)  # quoted whole: its question says nothing more
    promise = "Order closed. Parcel returned to sender? Refunded in full"
    assert notices(promise) == ("Order closed. Refunded in full",)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Tracking number: LP00645567812345Copy", "LP00645567812345"),
        ("N° de suivi : LP00123456789012 Colis remis au transporteur", "LP00123456789012"),
        ("Sendungsnummer: CAINIAO123456789", "CAINIAO123456789"),
        ("Código de rastreio: NL123456789BR", "NL123456789BR"),
        ("Número de seguimiento: LP00634512789012", "LP00634512789012"),
        ("운송장 번호: 123456789012", "123456789012"),
        ("Tracking number: pending", None),
        ("Order ID: 8170412356984201", None),
    ],
)
def test_tracking_number_is_found_after_its_label_in_any_language(text: str, number: str | None) -> None:
    assert tracking_number_in(text) == number


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("html", "lines"),
    [
        pytest.param(
            "<div>Payment <b>being</b> verified</div>", ["Payment being verified"], id="word-in-running-text"
        ),
        pytest.param(
            "<p>Refund of <span>US $9.10</span> sent. <a href='/x'>Details</a></p>",
            ["Refund of US $9.10 sent. Details"],
            id="amount-and-link-in-a-sentence",
        ),
        pytest.param(
            "<div><span>Closed</span><span>Order details</span></div>", ["Closed", "Order details"], id="fields"
        ),
        pytest.param(
            "<div>Closed<div>Reason: <i>out of stock</i></div>tail<br>after</div>",
            ["Closed", "Reason: out of stock", "tail", "after"],
            id="blocks-and-br-break",
        ),
        pytest.param("<div>\n  <span>A</span>\n  <span>B</span>\n</div>", ["A", "B"], id="formatting-whitespace"),
        pytest.param(
            "<div><span>Payment</span> <span>being</span> <span>verified</span></div>",
            ["Payment being verified"],
            id="a-word-per-span",
        ),
        pytest.param(
            "<li><time>4 déc. 16:48</time><strong>Retourné à l’expéditeur</strong> <span>— colis renvoyé</span></li>",
            ["4 déc. 16:48 Retourné à l’expéditeur — colis renvoyé"],
            id="a-time-and-the-event-after-it",
        ),
        pytest.param(
            "<p>Total: US $<span>1</span><span>9</span>.<span>74</span> x<b>2</b></p>",
            ["Total: US $19.74 x2"],
            id="digits-split-over-spans",
        ),
    ],
)
def test_lines_are_the_lines_a_shopper_reads(backend: str, html: str, lines: list[str]) -> None:
    root = parse(f"<html><body>{html}</body></html>", backend).root
    assert list(lines_of(root)) == lines


@pytest.mark.parametrize("backend", BACKENDS)
def test_date_in_reads_a_date_split_by_inline_markup_and_skips_dateless_blocks(backend: str) -> None:
    root = parse("<html><body><div>Order date: <b>Mar</b> 02, 2024</div><div>Closed</div></body></html>", backend).root
    assert date_in(root) == "Order date: Mar 02, 2024"
    assert date_in(parse("<html><body><div>Closed <b>today</b></div></body></html>", backend).root) is None


def test_date_line_skips_order_number_lines() -> None:
    assert date_line(["Order ID: 8170412356984201", "Date: Jan 14, 2026"]) == "Date: Jan 14, 2026"
    assert date_line(["2024년 3월 5일"]) == "2024년 3월 5일"
    assert date_line(["Awaiting shipment"]) is None


def test_a_date_before_the_order_number_on_its_line_is_the_orders() -> None:
    """ "Date: Tue, Dec 1, 2026 · Ref. Number: 3233…" dates the order; a year after the number does not."""
    assert date_line(["Date: Tue, Dec 1, 2026 · Ref. Number: 3233041722907382 Copy"]) == (
        "Date: Tue, Dec 1, 2026 · Ref. Number: 3233041722907382 Copy"
    )
    assert date_line(["Ref. 3233041722907382 · Dec 1, 2026", "Placed Nov 30, 2026"]) == "Placed Nov 30, 2026"


def test_a_labelled_order_date_counts_even_on_the_order_number_line() -> None:
    """ "Data zamówienia: 25 wrz 2026 · Numer zamówienia: 3173…" opens with the date's label: it dates the order,
    not the carrier event below it."""
    lines = ["Data zamówienia: 25 wrz 2026 · Numer zamówienia: 3173917732962586", "Odprawa celna 29 lis 2026, 14:05"]
    assert date_line(lines) == lines[0]


@pytest.mark.parametrize(
    "href", ["JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x</b>", "#top"]
)
def test_only_http_links_survive(href: str) -> None:
    assert absolute(href, "https://www.aliexpress.com/p/order/index.html") is None


def test_relative_and_protocol_relative_links_become_https() -> None:
    base = "https://es.aliexpress.com/p/order/index.html"
    assert absolute("//www.aliexpress.com/store/1", base) == "https://www.aliexpress.com/store/1"
    assert absolute("/p/order/detail.html?orderId=1", base) == "https://es.aliexpress.com/p/order/detail.html?orderId=1"
    assert absolute("http://[::1", base) is None
