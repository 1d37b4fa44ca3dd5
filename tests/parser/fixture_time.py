"""The moment a fixture page is analysed at: its expectation's optional "now" (an ISO date), so a page whose
orders carry a date deadline (the buyer-protection date) gives the same scenarios on any day."""

from __future__ import annotations

from datetime import date

from tests.fixture_pages import Fixture


def now_of(fixture: Fixture) -> date | None:
    """The expectation's "now", or None (the clock) for pages whose answer does not depend on the day."""
    now = fixture.expected.get("now")
    if now is None:
        return None
    assert isinstance(now, str), f"{fixture.expectation_path}: 'now' must be an ISO date string"
    return date.fromisoformat(now)
