"""Hostile and broken input: every case ends fast with a result or a clear refusal, never an exception.

The time limits are generous on purpose: they catch a hang or a quadratic blow-up, not slowness.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from orderlens.parser import analyze
from orderlens.parser.screen import MAX_DEPTH
from tests.fixture_pages import FIXTURES

LIST_PAGE = (FIXTURES / "current_list" / "desktop_mixed_en.html").read_text(encoding="utf-8")


@contextmanager
def within(seconds: float) -> Iterator[None]:
    start = time.perf_counter()
    yield
    assert time.perf_counter() - start < seconds


@pytest.mark.parametrize("backend", ["lexbor", "soup"])
def test_200000_nested_divs_are_refused_quickly(backend: str) -> None:
    page = "<html><body>" + "<div>" * 200_000 + "x" + "</div>" * 200_000 + "</body></html>"
    with within(10):
        analysis = analyze(page, backend=backend)
    assert analysis.page_kind == "unknown"
    assert analysis.diagnostics[0].code == "page_refused"
    assert str(MAX_DEPTH) in analysis.diagnostics[0].message


@pytest.mark.parametrize(
    "unit",
    [
        pytest.param("<div></b>", id="stray-end-tags"),
        pytest.param("<div><object></div></object>", id="end-tags-stopped-by-a-scope-boundary"),
    ],
)
def test_end_tags_that_close_nothing_cannot_hide_depth(unit: str) -> None:
    """The parser ignores these end tags, so every unit nests one div deeper (200,000 units took lexbor minutes)."""
    page = "<html><body>" + unit * 200_000 + "</body></html>"
    with within(10):
        analysis = analyze(page)
    assert [d.code for d in analysis.diagnostics] == ["page_refused"]


@pytest.mark.parametrize("backend", ["lexbor", "soup"])
def test_a_tree_nested_deeper_than_its_tags_still_reads_its_orders(backend: str) -> None:
    """Rows, cells and list items close implicitly, so the screen does not count them, yet each wrapper here
    nests six elements (a table adds its tbody): ~1,200 levels that element paths must walk without recursion."""
    wrapper = "<table><tr><td><li><dd>"
    body = LIST_PAGE.index("<body")
    start = LIST_PAGE.index(">", body) + 1
    page = LIST_PAGE[:start] + wrapper * 200 + LIST_PAGE[start:]
    analysis = analyze(page, backend=backend)
    assert [d.code for d in analysis.diagnostics] == []
    assert len(analysis.orders) == 7
    assert all((o.facts.anchor_path or "").count(" > ") > 1000 for o in analysis.orders)


@pytest.mark.parametrize(
    "unit",
    [
        pytest.param("<pre>line\n", id="unclosed-pre"),
        pytest.param('<iframe srcdoc="&lt;p&gt;x&lt;/p&gt;">', id="unclosed-frames"),
        pytest.param("<template shadowrootmode=open>x", id="unclosed-shadow-roots"),
    ],
)
def test_pages_saved_as_text_frames_or_components_are_read_in_linear_time(unit: str) -> None:
    """The screen's readers of text dumps, saved frames and shadow roots on 100,000 unclosed copies: each ends in
    one pass (a lazy scan to an end tag that never comes took a minute for 40,000 <pre>s)."""
    with within(20):
        analysis = analyze(LIST_PAGE.replace("</body>", unit * 100_000 + "</body>"))
    assert len(analysis.orders) == 7


def test_a_long_notice_that_asks_at_its_end_is_read_in_linear_time() -> None:
    """A notice line of 40,000 characters with no full stop until a question at its end: its questions are set
    aside in one pass (tried from every character, that took ten seconds)."""
    notice = "The seller asked you to cancel " * 1_300 + ". Why?"
    card = LIST_PAGE.index('<div class="order-item-header"')  # the first card's header: the notice goes above
    page = LIST_PAGE[:card] + f"<p>{notice}</p>" + LIST_PAGE[card:]
    with within(5):
        analysis = analyze(page)
    assert len(analysis.orders) == 7


@pytest.mark.parametrize("unit", ["<div><span>card</div>", "<div><b><i>x</i></div>", "<p><div>x</div></p>"])
def test_sloppy_but_shallow_markup_is_not_refused(unit: str) -> None:
    """Unclosed inline elements end with their block, as in the parsers: thousands of cards stay shallow."""
    analysis = analyze("<html><body>" + unit * 5_000 + "</body></html>")
    assert "page_refused" not in [d.code for d in analysis.diagnostics]


@pytest.mark.parametrize("backend", ["lexbor", "soup"])
def test_select_with_60000_options_still_analyses_the_orders(backend: str) -> None:
    options = "<select>" + "<option>choice</option>" * 60_000 + "</select>"
    page = LIST_PAGE.replace("</body>", options + "</body>")
    with within(20):
        analysis = analyze(page, backend=backend)
    assert len(analysis.orders) == 7


def test_20_mb_page_is_analysed_in_bounded_time() -> None:
    filler = "<div class='recommend-card'><span>Product</span></div>\n" * 400_000
    page = LIST_PAGE.replace("</body>", filler + "</body>")
    assert len(page) > 20_000_000
    with within(30):
        analysis = analyze(page)
    assert len(analysis.orders) == 7


def test_page_over_the_size_limit_is_refused() -> None:
    analysis = analyze("<html>" + "a" * (33 * 1024 * 1024) + "</html>")
    assert analysis.diagnostics[0].code == "page_refused"


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00\x00\x00", b"\xff\xfe\xfd invalid utf-8 \xc3\x28", b"<html><body>\x00<div>\x00</div>", b"<<<>>>&&&;"],
)
def test_garbage_bytes_never_raise(data: bytes) -> None:
    analysis = analyze(data)
    assert analysis.page_kind == "unknown" and analysis.orders == ()


def test_invalid_utf8_inside_a_real_page_keeps_its_orders() -> None:
    page = LIST_PAGE.encode("utf-8").replace(b"<body", b"\xc3\x28\xff<body", 1)
    assert len(analyze(page).orders) == 7


def test_page_claiming_one_charset_and_using_another() -> None:
    page = LIST_PAGE.replace("<head>", '<head><meta charset="windows-1251">', 1).encode("utf-8")
    analysis = analyze(page)
    assert len(analysis.orders) == 7
    assert analysis.orders[0].status_text == "Awaiting delivery"


def test_thousands_of_orders_are_capped_with_a_diagnostic() -> None:
    card = (
        '<div class="order-item"><a href="/p/order/detail.html?orderId={n}">Details</a>'
        '<span class="order-item-header-status-text">Closed</span></div>'
    )
    page = "<html><body>" + "".join(card.format(n=8000000000000000 + n) for n in range(1500)) + "</body></html>"
    with within(30):
        analysis = analyze(page)
    assert len(analysis.orders) == 1000
    assert any(d.code == "too_many_orders" for d in analysis.diagnostics)


CARD = (
    '<div class="order-item"><div class="order-item-header"><span class="order-item-header-status-text">Closed'
    '</span><a href="/p/order/detail.html?orderId={id}">Details</a></div><div class="order-item-content">'
    '<a href="/item/{n}.html"><span title="Cable {n}">Cable {n}</span></a></div>'
    '<a href="/p/tracking/index.html?tradeOrderId={id}">Track order</a></div>'
)


@pytest.mark.parametrize(
    ("cards", "distinct", "orders", "cut"),
    [
        pytest.param(50_000, True, 1000, "too_many_orders", id="50k-distinct-orders"),
        pytest.param(60_000, False, 1, "too_many_blocks", id="60k-copies-of-one-order"),
        pytest.param(1_500, False, 1, None, id="1500-copies-read-whole"),
    ],
)
def test_huge_lists_stop_reading_at_the_cap(cards: int, distinct: bool, orders: int, cut: str | None) -> None:
    """Reading stops one order past the cap, or after MAX_BLOCKS blocks when they repeat one order, and says
    which (a hang catcher)."""
    body = "".join(CARD.format(id=8000000000000000 + (n if distinct else 0), n=n) for n in range(cards))
    page = f'<html><body><div class="order-main"><div class="order-content">{body}</div></div></body></html>'
    with within(30):
        analysis = analyze(page)
    assert analysis.layout == "current_list" and len(analysis.orders) == orders
    assert [d.code for d in analysis.diagnostics if d.code.startswith("too_many")] == ([cut] if cut else [])


def test_copies_of_one_card_without_classes_are_read_from_the_first() -> None:
    """Read by meaning, a page repeating one order's card 60,000 times is that order's page: its facts come
    from the first card, so the work does not grow with the copies (a hang catcher)."""
    card = (
        '<div><div><span>Order ID: 8000000000000007</span><span>Closed</span></div>'
        '<p>Your order was closed for security reasons</p>'
        '<a href="/p/order/detail.html?orderId=8000000000000007">Details</a></div>'
    )
    page = f"<html><body><div>{card * 60_000}</div></body></html>"
    with within(30):
        analysis = analyze(page)
    assert [(o.order_id, o.status_text, o.scenario) for o in analysis.orders] == [
        ("8000000000000007", "Closed", "closed_security_issue")
    ]


@pytest.mark.parametrize("backend", ["lexbor", "soup"])
def test_deeply_nested_long_texts_are_read_in_linear_time(backend: str) -> None:
    """Each of 200 nested elements holds the text of all below it (800 MB in all, which took over 30 s to clean
    whole); readers only take the start of an element's whole text, so the 8 MB page reads in a few seconds."""
    words = ("the seller has not replied to the message yet " * 1000)[:40_000]
    nested = f"<div>{words}" * 200 + "</div>" * 200
    page = (
        "<html><body><div><a href='https://www.aliexpress.com/p/order/detail.html?orderId=8123456789012345'>"
        f"Order ID: 8123456789012345</a><span>Closed</span>{nested}</div></body></html>"
    )
    with within(15):
        analysis = analyze(page, backend=backend)
    assert [(order.order_id, order.status_text) for order in analysis.orders] == [("8123456789012345", "Closed")]
