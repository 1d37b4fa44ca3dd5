"""The server's fast JSON (pydantic's serializer) gives exactly the bytes of the CLI's `to_json`."""

from __future__ import annotations

from dataclasses import replace

import pytest

from orderlens.parser import analyze
from orderlens.parser.model import OrderHistory, to_json
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
