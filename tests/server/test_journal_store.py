"""The journal's recording (server/journal/store.py) on a real SQLite file, for the most one page can hold.

A page's orders are looked up in one query and their last sighting moved in one statement: with a full page
(MAX_ORDERS) of known, changed and new orders, each must still get its own history and its own row.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from orderlens.parser.layouts.base import MAX_ORDERS
from orderlens.server.journal.store import Sighting, read_all, recording

FIRST_VISIT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LATER = FIRST_VISIT + timedelta(minutes=20)  # the same visit: a change now is a change of this visit


def order_id(number: int) -> str:
    return f"8{number:015d}"


def sighting(number: int, status_text: str, protection_until: str | None = None) -> Sighting:
    scenario = "closed_refund_automatic" if status_text == "Closed" else "none"
    return Sighting(order_id(number), scenario, status_text, None, protection_until)


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def test_a_full_page_of_known_changed_and_new_orders_keeps_each_orders_history(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    first = [sighting(n, "Awaiting delivery", "2026-12-20") for n in range(MAX_ORDERS - 1)]
    with recording(path, [*first, first[0]], FIRST_VISIT) as histories:  # a page naming one order twice
        assert len(histories) == MAX_ORDERS - 1
        assert all(h.last_seen is None and h.first_seen == stamp(FIRST_VISIT) for h in histories.values())

    # Every third order closed, the others unchanged with no protection date shown, one order new.
    second = [sighting(n, "Closed" if n % 3 == 0 else "Awaiting delivery") for n in range(MAX_ORDERS)]
    with recording(path, second, LATER) as histories:
        assert len(histories) == MAX_ORDERS
        for number in range(MAX_ORDERS - 1):
            history = histories[order_id(number)]
            assert history.last_seen == stamp(FIRST_VISIT), number
            assert history.changed is (number % 3 == 0), number
            expected_previous = "Awaiting delivery" if number % 3 == 0 else None
            assert history.previous_status_text == expected_previous, number
        new = histories[order_id(MAX_ORDERS - 1)]
        assert (new.first_seen, new.last_seen) == (stamp(LATER), None)

    rows = {row["order_id"]: row for row in read_all(path)}
    assert len(rows) == MAX_ORDERS
    assert {row["last_seen"] for row in rows.values()} == {stamp(LATER)}
    for number in range(MAX_ORDERS - 1):
        row = rows[order_id(number)]
        assert row["protection_until"] == "2026-12-20", number  # kept when the page no longer shows it
        assert row["status_text"] == ("Closed" if number % 3 == 0 else "Awaiting delivery"), number
        assert len(row["changes"]) == (2 if number % 3 == 0 else 1), number
    assert rows[order_id(MAX_ORDERS - 1)]["protection_until"] is None
