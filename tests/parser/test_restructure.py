"""Structural rebuilds (tests/restructure.py) change no order and no scenario.

Every fixture with orders is rewritten by every rewrite that changes it ("table" only changes lists whose
cards are not table rows already), as saved and with its classes renamed too (tests/drift.py,
"meaningless": no layout then claims the page, so the generic reader does all the work). Both backends
must read every hand-written order with its hand-written scenario.

Speed: lexbor reads every (fixture, rewrite, level); soup, about ten times slower, reads every fixture
once per level with one of its rewrites, taken in turn (fixture i gets rewrite i mod the rewrites that
change it), so each rewrite and each fixture still meets both backends. tests/parser/test_drift.py holds
the two backends to the same answer on renamed pages.

"no-id-links" leaves a list order without an id when the card shows its id only in links (the mobile
cards): no shopper could tell which order such a card is, so those orders are not expected there.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import pytest
from selectolax.lexbor import LexborHTMLParser

from orderlens.parser import analyze
from orderlens.parser.dom import BACKENDS, parse
from orderlens.parser.meaning.identify import labelled_ids
from orderlens.parser.meaning.status import first_alone, is_status_label, status_candidates
from tests.drift import drift
from tests.fixture_pages import Fixture, fixtures
from tests.parser.fixture_time import now_of
from tests.restructure import REWRITES, Rewrite, reserialised, restructure

Level = Literal["as-saved", "classes-renamed"]
LEVELS: tuple[Level, ...] = ("as-saved", "classes-renamed")
FIXTURES = [f for f in fixtures() if f.orders]


def _ids(fixture: Fixture) -> tuple[str, ...]:
    return tuple(str(order["order_id"]) for order in fixture.orders)


@cache
def _original(page: Path) -> str:
    return page.read_text(encoding="utf-8")


@cache
def _rewritten(page: Path, rewrite: Rewrite, ids: tuple[str, ...]) -> str:
    return restructure(_original(page), rewrite, ids)


def _page(fixture: Fixture, rewrite: Rewrite, level: Level) -> str:
    page = _rewritten(fixture.page, rewrite, _ids(fixture))
    return drift(page, "meaningless") if level == "classes-renamed" else page


def _texts(html: str) -> list[str]:
    """The page's visible text, node by node, as a shopper reads it."""
    body = LexborHTMLParser(html).body
    assert body is not None
    return [text for node in body.traverse(include_text=True) if node.is_text_node and (text := node.text().strip())]


def _rewrites_of(fixture: Fixture) -> list[Rewrite]:
    """The rewrites that change this page."""
    return [
        rewrite
        for rewrite in REWRITES
        if _rewritten(fixture.page, rewrite, _ids(fixture)) != reserialised(_original(fixture.page))
    ]


CHANGED = [(fixture, rewrite) for fixture in FIXTURES for rewrite in _rewrites_of(fixture)]
IN_TURN = [
    (fixture, _rewrites_of(fixture)[index % len(_rewrites_of(fixture))]) for index, fixture in enumerate(FIXTURES)
]


def _case_id(case: tuple[Fixture, Rewrite]) -> str:
    return f"{case[0].id}-{case[1]}"


def test_every_rewrite_changes_many_pages() -> None:
    counts = {rewrite: sum(1 for _, changed in CHANGED if changed == rewrite) for rewrite in REWRITES}
    lists = sum(1 for fixture in FIXTURES if fixture.expected.get("page_kind") == "order_list")
    assert counts["table"] >= lists // 2, counts
    assert all(count >= len(FIXTURES) - 1 for rewrite, count in counts.items() if rewrite != "table"), counts


def test_reserialising_keeps_the_text() -> None:
    for fixture in FIXTURES:
        original = _original(fixture.page)
        assert _texts(reserialised(original)) == _texts(original), fixture.id


@pytest.mark.parametrize("case", CHANGED, ids=_case_id)
def test_rewrites_change_markup_not_text(case: tuple[Fixture, Rewrite]) -> None:
    fixture, rewrite = case
    original = _original(fixture.page)
    rewritten = _rewritten(fixture.page, rewrite, _ids(fixture))
    assert rewritten != reserialised(original)
    before, after = _texts(original), _texts(rewritten)
    if rewrite == "reordered":  # the same texts, blocks in another order
        assert after != before
        before, after = sorted(before), sorted(after)
    assert after == before


def _expected(fixture: Fixture, rewrite: Rewrite) -> dict[str, object]:
    """The hand-written scenarios of the orders a shopper can still tell apart on the rewritten page."""
    shown = " ".join([*_texts(_original(fixture.page)), str(fixture.expected.get("url") or "")])
    return {
        str(order["order_id"]): order["scenario"]
        for order in fixture.orders
        if rewrite != "no-id-links" or str(order["order_id"]) in shown
    }


def _assert_read_right(fixture: Fixture, rewrite: Rewrite, level: Level, backend: str) -> None:
    analysis = analyze(_page(fixture, rewrite, level), backend=backend, now=now_of(fixture))
    found = {order.order_id: order.scenario for order in reversed(analysis.orders)}  # the first one wins
    expected = _expected(fixture, rewrite)
    assert {order_id: found.get(order_id) for order_id in expected} == expected, fixture.expectation_path


def test_no_id_links_still_expects_most_orders() -> None:
    expected = sum(len(_expected(fixture, "no-id-links")) for fixture in FIXTURES)
    assert expected >= 0.8 * sum(len(fixture.orders) for fixture in FIXTURES)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("case", CHANGED, ids=_case_id)
def test_lexbor_reads_restructured_pages(case: tuple[Fixture, Rewrite], level: Level) -> None:
    _assert_read_right(*case, level, "lexbor")


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("case", IN_TURN, ids=_case_id)
def test_soup_reads_restructured_pages(case: tuple[Fixture, Rewrite], level: Level) -> None:
    _assert_read_right(*case, level, "soup")


def test_soup_meets_every_rewrite() -> None:
    assert {rewrite for _, rewrite in IN_TURN} == set(REWRITES)


# --- what restructured pages showed the generic reader -------------------------------------------------


@pytest.mark.parametrize(
    "line", ["1 item canceled — refunded", "1 articolo annullato", "1 Artikel storniert", "1 товар отменён"]
)
def test_a_line_counting_some_items_is_no_status(line: str) -> None:
    """An item's block says what became of some items while the order goes on: not the order's status."""
    assert not is_status_label(line)
    assert is_status_label(line.split(" ", 2)[2])  # the same words without the count are a label


def test_a_line_with_money_is_no_status() -> None:
    """A reordered card puts "Refund in progress 17,15 €" above its status: it is about the money."""
    assert is_status_label("Refund in progress")
    assert not is_status_label("Refund in progress US $17.15")


@pytest.mark.parametrize(
    "label", ["Closed · refunded", "Cancelled by the shop 😢", "Received – all done", "✓ Completed"]
)
def test_a_label_of_several_status_phrases_or_with_an_icon_is_a_status(label: str) -> None:
    """Coverage counts every status phrase of the label and its words, not its icons and dots."""
    assert is_status_label(label)


@pytest.mark.parametrize(
    "text", ["Why was my order closed?", "Completed orders can be reviewed", "Closed-toe sandals, size 40"]
)
def test_a_question_or_a_sentence_with_a_status_word_is_no_status(text: str) -> None:
    assert not is_status_label(text)


def test_the_number_sign_labels_an_order_id() -> None:
    """Cards without order links ("no-id-links") on aliexpress.ru name the order as "№ 8416…" only."""
    assert labelled_ids("№ 8416801123940057 · 123456789012345") == {"8416801123940057"}


_STEPS_AND_STATUS = (
    '<body><ol><li class="step done"><span class="name">Place order</span><span>10:00</span></li>'
    '<li class="step"><span class="name">Order complete</span></li></ol>'
    "<div><p>Status</p><p>Frozen</p></div></body>"
)


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_a_lone_status_like_step_is_still_a_step(backend: str) -> None:
    """A page without order links reads its status by page order: the one step that names a status
    ("Order complete") is a stage of a run of alike steps, not the order's state."""
    body = parse(_STEPS_AND_STATUS, backend).root.first("body")
    assert body is not None
    found = first_alone(status_candidates(body))
    assert found is not None and found.text == "Frozen"
