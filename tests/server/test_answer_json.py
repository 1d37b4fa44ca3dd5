"""The server's fast JSON (pydantic's serializer) gives exactly the bytes of the CLI's `to_json`."""

from __future__ import annotations

from dataclasses import replace

import pytest

from orderlens.parser import analyze
from orderlens.parser.model import Countdown, OrderHistory, to_json
from orderlens.server.answer_json import analysis_json
from tests.fixture_pages import Fixture, fixtures

SEEN_BEFORE = OrderHistory(first_seen="2026-03-01T10:00:00Z", status_since="2026-03-02T09:30:00Z", changed=True)


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda f: f.id)
def test_server_json_is_the_cli_json(fixture: Fixture) -> None:
    result = analyze(fixture.page.read_bytes())
    assert analysis_json(result) == to_json(result).encode("utf-8")
    if result.orders:  # one order with a history, the others without: only theirs is left out
        first, *others = result.orders
        journaled = replace(result, orders=(replace(first, history=SEEN_BEFORE), *others))
        answer = analysis_json(journaled)
        assert answer == to_json(journaled).encode("utf-8")
        assert answer.count(b'"history":') == 1


def test_a_field_left_out_while_none_is_left_out_at_any_depth() -> None:
    """A countdown's `until` is left out while None, deep inside an order's facts, and kept when it has a date."""
    fixture = next(f for f in fixtures() if analyze(f.page.read_bytes()).orders)
    result = analyze(fixture.page.read_bytes())
    first, *others = result.orders
    counted = (Countdown(text="2 days left", seconds=172800), Countdown(text="ship by Dec 9", until="2026-12-09"))
    dated = replace(result, orders=(replace(first, facts=replace(first.facts, countdowns=counted)), *others))
    answer = analysis_json(dated)
    assert answer == to_json(dated).encode("utf-8")
    assert answer.count(b'"until":') == 1
