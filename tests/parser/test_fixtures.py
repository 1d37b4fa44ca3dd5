"""Every saved fixture page, on both backends: the hand-written expectations, then a full snapshot.

The expectations pin every field of every order (tests/fixture_pages.py says which and how they are
cleaned) and are compared one field at a time, so a failure names the fixture, the order and the field.
"""

from __future__ import annotations

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension

from orderlens.parser import analyze
from orderlens.parser.dom import BACKENDS
from orderlens.parser.model import json_data
from tests.fixture_pages import ORDER_FIELDS, REPO, Fixture, fixtures, pinned_fields
from tests.parser.fixture_time import now_of

FIXTURES = fixtures()
_MISSING = object()


def test_there_are_enough_fixtures() -> None:
    assert len(FIXTURES) >= 35
    layouts = {f.expected["layout"] for f in FIXTURES}
    assert {
        "current_list",
        "current_detail",
        "current_tracking",
        "legacy_list",
        "legacy_detail",
        "legacy_tracking",
        None,
    } <= layouts


def test_every_scenario_has_a_fixture() -> None:
    from orderlens.parser.classify import RULES

    seen = {o["scenario"] for f in FIXTURES for o in f.orders}
    assert {name for name, _ in RULES} | {"unknown"} <= seen


def _shape_problems(order: dict[str, object]) -> list[str]:
    """What is wrong with one expected order's keys and value types (empty when it pins every field)."""
    problems = []
    if list(order) != list(ORDER_FIELDS):
        missing = [key for key in ORDER_FIELDS if key not in order]
        extra = [key for key in order if key not in ORDER_FIELDS]
        problems.append(f"keys must be exactly {list(ORDER_FIELDS)} in this order; missing {missing}, extra {extra}")
    for key in ("order_id", "scenario"):
        if key in order and not (isinstance(order[key], str) and order[key]):
            problems.append(f"{key} must be a non-empty string, not {order[key]!r}")
    for key in ("status_text", "store_name", "total", "tracking_number", "detail_url"):
        if key in order and not (order[key] is None or (isinstance(order[key], str) and order[key])):
            problems.append(f"{key} must be a non-empty string or null, not {order[key]!r}")
    items = order.get("items", [])
    if not (isinstance(items, list) and all(isinstance(title, str) and title for title in items)):
        problems.append(f"items must be a list of non-empty titles, not {items!r}")
    return problems


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_every_order_pins_every_field(fixture: Fixture) -> None:
    """New fixtures cannot skip fields: each order carries every pinned key, and only those."""
    problems = [
        f"order {order.get('order_id', f'#{number}')}: {problem}"
        for number, order in enumerate(fixture.orders, 1)
        for problem in _shape_problems(order)
    ]
    if problems:
        pytest.fail(f"{fixture.expectation_path.relative_to(REPO)}:\n  " + "\n  ".join(problems), pytrace=False)


def test_the_shape_check_catches_a_missing_a_reordered_and_a_mistyped_field() -> None:
    """The check above must not pass vacuously: it rejects each kind of incomplete expectation."""
    good = dict(next(order for f in FIXTURES for order in f.orders if order["items"]))
    assert _shape_problems(good) == []
    missing = {key: value for key, value in good.items() if key != "total"}
    assert any("missing ['total']" in problem for problem in _shape_problems(missing))
    reordered = dict(reversed(list(good.items())))
    assert _shape_problems(reordered) != []
    assert _shape_problems({**good, "items": "a title"}) != []
    assert _shape_problems({**good, "store_name": ""}) != []
    assert _shape_problems({**good, "unexpected": None}) != []


@pytest.mark.parametrize("backend", sorted(BACKENDS))
@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_page_matches_its_expectation(fixture: Fixture, backend: str) -> None:
    now = now_of(fixture)
    analysis = analyze(fixture.page.read_bytes(), backend=backend, now=now)
    # A buyer-protection date makes the scenario depend on the day: such a page's expectation names its "now".
    dated = [o.order_id for o in analysis.orders if o.facts.protection_until]
    assert now is not None or not dated, f"{fixture.expectation_path.relative_to(REPO)}: add a 'now' (orders {dated})"
    expected = fixture.expected
    assert (analysis.layout, analysis.page_kind, analysis.lang) == (
        expected["layout"],
        expected["page_kind"],
        expected["lang"],
    )
    assert analysis.url == expected["url"]
    want_orders = fixture.orders
    assert [o.order_id for o in analysis.orders] == [o.get("order_id") for o in want_orders], (
        f"{fixture.id} ({backend}): the orders found differ from the expectation's"
    )
    mismatches = []
    for order, want in zip(analysis.orders, want_orders, strict=True):
        got = pinned_fields(order)
        for field in ORDER_FIELDS:
            wanted = want.get(field, _MISSING)
            if wanted is _MISSING:
                mismatches.append(f"order {order.order_id} {field}: missing from the expectation")
            elif got[field] != wanted:
                mismatches.append(f"order {order.order_id} {field}: expected {wanted!r}, got {got[field]!r}")
    if mismatches:
        pytest.fail(f"{fixture.id} ({backend}):\n  " + "\n  ".join(mismatches), pytrace=False)
    for order in analysis.orders:
        has_banner = order.scenario not in ("none", "unknown")
        assert (order.banner is not None) == has_banner
        if order.banner is not None:
            assert order.banner.anchor.order_id == order.order_id
            assert order.banner.lang == analysis.lang or order.banner.lang == "en"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_backends_agree(fixture: Fixture) -> None:
    html, now = fixture.page.read_bytes(), now_of(fixture)
    assert analyze(html, backend="lexbor", now=now) == analyze(html, backend="soup", now=now)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_full_analysis_snapshot(fixture: Fixture, snapshot: SnapshotAssertion) -> None:
    analysis = analyze(fixture.page.read_bytes(), now=now_of(fixture))
    assert json_data(analysis) == snapshot.use_extension(JSONSnapshotExtension)
