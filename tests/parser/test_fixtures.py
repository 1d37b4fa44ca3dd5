"""Every saved fixture page, on both backends: the hand-written expectations, then a full snapshot."""

from __future__ import annotations

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension

from parser import analyze
from parser.dom import BACKENDS
from tests.fixture_pages import Fixture, fixtures

FIXTURES = fixtures()


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
    from parser.classify import RULES

    seen = {o["scenario"] for f in FIXTURES for o in f.expected["orders"]}  # type: ignore[attr-defined]
    assert {name for name, _ in RULES} | {"unknown"} <= seen


@pytest.mark.parametrize("backend", sorted(BACKENDS))
@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_page_matches_its_expectation(fixture: Fixture, backend: str) -> None:
    analysis = analyze(fixture.page.read_bytes(), backend=backend)
    expected = fixture.expected
    assert (analysis.layout, analysis.page_kind, analysis.lang) == (
        expected["layout"],
        expected["page_kind"],
        expected["lang"],
    )
    assert analysis.url == expected["url"]
    got = [{"order_id": o.order_id, "scenario": o.scenario} for o in analysis.orders]
    assert got == expected["orders"]
    for order in analysis.orders:
        has_banner = order.scenario not in ("none", "unknown")
        assert (order.banner is not None) == has_banner
        if order.banner is not None:
            assert order.banner.anchor.order_id == order.order_id
            assert order.banner.lang == analysis.lang or order.banner.lang == "en"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_backends_agree(fixture: Fixture) -> None:
    html = fixture.page.read_bytes()
    assert analyze(html, backend="lexbor") == analyze(html, backend="soup")


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_full_analysis_snapshot(fixture: Fixture, snapshot: SnapshotAssertion) -> None:
    analysis = analyze(fixture.page.read_bytes())
    assert analysis.model_dump(mode="json") == snapshot.use_extension(JSONSnapshotExtension)
