"""The order journal (issue 15, part 3) against a real server process and the real `orderlens journal`.

History survives a restart; concurrent analyses of one page write one change; a damaged, locked or
unusable journal never costs the banners; nothing personal reaches the file; `--clear` empties it;
`POST /v1/journal` lists the orders needing attention across pages (the popup's list).
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from server_pages import LIST_URL, order_ids, order_list_page
from serverkit import REPO, LiveServer, Reply, server_env, start_server

JOURNAL_ON = {"ORDERLENS_JOURNAL": "on", "ORDERLENS_WORKERS": "2"}
FIRST, SECOND = order_ids()


def journal_of(server: LiveServer) -> Path:
    return server.home / "journal.sqlite3"


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`orderlens journal ARGS` as a shopper runs it, against the server's home folder."""
    env = server_env(home, JOURNAL_ON)
    return subprocess.run(
        [sys.executable, "-m", "orderlens", "journal", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def exported(home: Path) -> list[dict[str, Any]]:
    done = cli(home, "--json")
    assert done.returncode == 0, done.stderr
    orders: list[dict[str, Any]] = json.loads(done.stdout)
    return orders


def analysed(server: LiveServer, html: str, **extra: Any) -> dict[str, Any]:
    reply: Reply = server.analyze({"html": html, "url": LIST_URL, **extra})
    assert reply.status == 200, reply.body
    body: dict[str, Any] = reply.json()
    return body


def by_id(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {order["order_id"]: order for order in body["orders"]}


def codes(body: dict[str, Any]) -> list[str]:
    return [diagnostic["code"] for diagnostic in body["diagnostics"]]


def test_history_survives_a_restart_and_says_what_changed(tmp_path: Path) -> None:
    server = start_server(tmp_path, JOURNAL_ON)
    try:
        first = by_id(analysed(server, order_list_page()))[FIRST]
    finally:
        server.stop()
    assert first["history"]["last_seen"] is None and first["history"]["changed"] is False

    server = start_server(tmp_path, JOURNAL_ON)  # the same ORDERLENS_HOME
    try:
        second = by_id(analysed(server, order_list_page().replace("Awaiting delivery", "Closed")))
    finally:
        server.stop()
    history = second[FIRST]["history"]
    assert history["first_seen"] == first["history"]["first_seen"]
    assert history["last_seen"] == first["history"]["first_seen"]
    assert history["changed"] is True
    assert history["previous_status_text"] == "Awaiting delivery"
    assert history["previous_scenario"] == first["scenario"]
    assert history["previous_seen"] == first["history"]["first_seen"]
    assert second[SECOND]["history"]["changed"] is False  # its status stayed "Completed"

    rows = {order["order_id"]: order for order in exported(server.home)}
    assert [change["status_text"] for change in rows[FIRST]["changes"]] == ["Awaiting delivery", "Closed"]
    assert rows[FIRST]["status_text"] == "Closed"


def test_two_concurrent_analyses_of_one_page_write_one_change(tmp_path: Path) -> None:
    server = start_server(tmp_path, JOURNAL_ON)
    try:
        html = order_list_page()
        with ThreadPoolExecutor(2) as pool:
            bodies = list(pool.map(lambda _: analysed(server, html), range(2)))
    finally:
        server.stop()
    for body in bodies:
        assert all(order["history"] is not None for order in body["orders"]), body
    rows = exported(server.home)
    assert sorted(row["order_id"] for row in rows) == sorted(order_ids())
    assert all(len(row["changes"]) == 1 for row in rows), rows


def test_a_damaged_journal_is_set_aside_and_started_anew(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    garbage = b"this is no database " * 100
    (home / "journal.sqlite3").write_bytes(garbage)
    server = start_server(tmp_path, JOURNAL_ON)
    try:
        body = analysed(server, order_list_page())
        again = analysed(server, order_list_page())
    finally:
        server.stop()
    assert "journal_unavailable" not in codes(body)
    assert all(order["banner"] is not None or order["scenario"] == "none" for order in body["orders"])
    assert by_id(body)[FIRST]["history"]["last_seen"] is None  # a new journal: first sight
    assert by_id(again)[FIRST]["history"]["last_seen"] is not None
    aside = list(home.glob("journal.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == garbage
    warnings = [line for line in server.stderr_text().splitlines() if "order journal was damaged" in line]
    assert len(warnings) == 1, server.stderr_text()
    assert "WARNING" in warnings[0] and aside[0].name in warnings[0]


def test_a_locked_or_unusable_journal_still_gives_the_banners(tmp_path: Path) -> None:
    server = start_server(tmp_path, JOURNAL_ON)
    try:
        analysed(server, order_list_page())  # creates the journal
        holder = sqlite3.connect(journal_of(server), isolation_level=None)
        try:
            holder.execute("BEGIN EXCLUSIVE")  # another writer that never lets go
            locked = analysed(server, order_list_page())
        finally:
            holder.close()
        assert "journal_unavailable" in codes(locked)
        assert [order["order_id"] for order in locked["orders"]] == order_ids()
        assert all(order.get("history") is None for order in locked["orders"])
        assert "locked" in locked["diagnostics"][-1]["message"]

        journal_of(server).unlink()
        journal_of(server).mkdir()  # a folder where the file should be: SQLite cannot open it
        broken = analysed(server, order_list_page())
        assert "journal_unavailable" in codes(broken)
        assert [order["order_id"] for order in broken["orders"]] == order_ids()
    finally:
        server.stop()


def test_nothing_personal_reaches_the_journal(tmp_path: Path) -> None:
    canaries = {kind: f"cny{kind}{secrets.token_hex(6)}" for kind in ("store", "item", "name", "street")}
    html = (
        order_list_page()
        .replace("Example Gadget Store", canaries["store"])
        .replace("USB-C cable 1 m", canaries["item"])
    )
    address = f"<div class='order-item-address'>Ship to: {canaries['name']}, {canaries['street']} 12</div>"
    html = html.replace('<div class="order-item-store">', address + '<div class="order-item-store">')
    assert all(value in html for value in canaries.values())
    server = start_server(tmp_path, JOURNAL_ON)
    try:
        body = analysed(server, html)
    finally:
        server.stop()
    assert all(order["history"] is not None for order in body["orders"])
    files = list(server.home.glob("journal.sqlite3*"))
    data = b"".join(path.read_bytes() for path in files)
    assert FIRST.encode() in data  # the right file: it holds the orders
    leaked = [kind for kind, value in canaries.items() if value.encode() in data]
    assert not leaked, leaked
    assert b"<div" not in data and b"aliexpress.com" not in data  # no page HTML, no links


def test_clear_empties_the_journal_and_csv_exports_it(tmp_path: Path) -> None:
    server = start_server(tmp_path, JOURNAL_ON)
    try:
        analysed(server, order_list_page())
        rows = list(csv.DictReader(io.StringIO(cli(server.home, "--csv").stdout)))
        assert [row["order_id"] for row in rows] == sorted(order_ids())  # seen together: by id
        assert rows[0].keys() >= {"order_id", "scenario", "status_text", "refund_state", "protection_until"}

        done = cli(server.home, "--clear")
        assert done.returncode == 0, done.stderr
        assert "2 orders deleted" in done.stdout
        assert exported(server.home) == []
        assert FIRST.encode() not in journal_of(server).read_bytes()  # gone from the file, not just hidden
        after = by_id(analysed(server, order_list_page()))
        assert after[FIRST]["history"]["last_seen"] is None  # seen for the first time again
    finally:
        server.stop()
    assert cli(server.home, "--json", "--clear").returncode == 2


def test_the_journal_is_skipped_when_the_request_or_the_server_says_off(tmp_path: Path) -> None:
    server = start_server(tmp_path / "on", JOURNAL_ON)
    try:
        body = analysed(server, order_list_page(), journal=False)
    finally:
        server.stop()
    assert all("history" not in order for order in body["orders"])
    assert not journal_of(server).exists()

    server = start_server(tmp_path / "off", {**JOURNAL_ON, "ORDERLENS_JOURNAL": "off"})
    try:
        body = analysed(server, order_list_page())
    finally:
        server.stop()
    assert all("history" not in order for order in body["orders"])
    assert not journal_of(server).exists()


#: Two fixture pages with problem and normal orders, analysed at any date alike (no "now").
PROBLEM_PAGES = ("current_list/desktop_mixed_en", "legacy_list/list_en_closed_after_shipping")
NO_BANNER = {"none", "unknown"}


def fixture_page(name: str) -> tuple[str, dict[str, Any]]:
    """A fixture page's HTML and its hand-written expectation."""
    base = REPO / "fixtures" / name
    expected: dict[str, Any] = json.loads(base.with_name(base.name + ".expected.json").read_text(encoding="utf-8"))
    return base.with_name(base.name + ".html").read_text(encoding="utf-8"), expected


def listed(server: LiveServer, payload: Any) -> Reply:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
    return server.signed("POST", "/v1/journal", body)


def test_the_journal_lists_the_orders_needing_attention_across_pages(tmp_path: Path) -> None:
    problems: dict[str, str] = {}
    normal: set[str] = set()
    server = start_server(tmp_path, JOURNAL_ON)
    try:
        assert listed(server, {}).json() == {"orders": []}  # no journal yet: nothing, and none is created
        assert not journal_of(server).exists()
        for name in PROBLEM_PAGES:
            html, expected = fixture_page(name)
            analysed(server, html, url=expected["url"])
            for order in expected["orders"]:
                if order["scenario"] in NO_BANNER:
                    normal.add(order["order_id"])
                else:
                    problems[order["order_id"]] = order["scenario"]
        reply = listed(server, {})
        spanish = listed(server, {"lang": "es", "limit": 2})
        unsigned = server.request(
            "POST", "/v1/journal", headers={"Origin": server.origin, "Content-Type": "application/json"}, body=b"{}"
        )
        too_many = listed(server, {"limit": 51})
        unknown_field = listed(server, {"html": "<p>"})
        empty = listed(server, b"")
    finally:
        server.stop()
    assert reply.status == 200, reply.body
    orders = reply.json()["orders"]
    assert {order["order_id"]: order["scenario"] for order in orders} == problems
    assert not normal & {order["order_id"] for order in orders}
    assert [order["last_seen"] for order in orders] == sorted((order["last_seen"] for order in orders), reverse=True)
    canceled = next(order for order in orders if order["scenario"] == "canceled_after_shipping")
    assert canceled["severity"] == "action" and canceled["title"] == "Canceled after it shipped"
    assert set(canceled) == {
        "order_id", "scenario", "severity", "title", "status_text", "last_seen", "protection_until", "refund_state"
    }  # fmt: skip
    assert [order["order_id"] for order in spanish.json()["orders"]] == [order["order_id"] for order in orders[:2]]
    assert all(
        order["title"] != english["title"] for order, english in zip(spanish.json()["orders"], orders[:2], strict=True)
    )
    assert unsigned.status == 401 and "error" in unsigned.json()
    assert too_many.status == 422 and "limit" in too_many.json()["error"]["message"]
    assert unknown_field.status == 422 and "allowed: limit, lang" in unknown_field.json()["error"]["message"]
    assert empty.status == 422


def test_the_journal_list_is_empty_when_off_and_a_one_line_503_when_unreadable(tmp_path: Path) -> None:
    server = start_server(tmp_path / "off", {**JOURNAL_ON, "ORDERLENS_JOURNAL": "off"})
    try:
        analysed(server, order_list_page().replace("Awaiting delivery", "Frozen"))
        off = listed(server, {})
    finally:
        server.stop()
    assert off.status == 200 and off.json() == {"orders": []}

    server = start_server(tmp_path / "on", JOURNAL_ON)
    try:
        analysed(server, order_list_page())
        holder = sqlite3.connect(journal_of(server), isolation_level=None)
        try:
            holder.execute("PRAGMA locking_mode = EXCLUSIVE")  # in WAL mode only this keeps readers out
            holder.execute("BEGIN EXCLUSIVE")  # a writer that never lets go: readers wait, then give up
            locked = listed(server, {})
        finally:
            holder.close()
        journal_of(server).write_bytes(b"this is no database " * 100)
        damaged = listed(server, {})
        still_up = server.health().status
    finally:
        server.stop()
    for reply in (locked, damaged):
        assert reply.status == 503, reply.body
        message = reply.json()["error"]["message"]
        assert message.startswith("the order journal could not be read (") and "\n" not in message
    assert "locked" in locked.json()["error"]["message"]
    assert still_up == 200
    assert "Traceback" not in server.stderr_text()


def test_a_list_asked_right_after_an_answer_holds_that_answers_orders(tmp_path: Path) -> None:
    """A worker answers before its recording commits; a list asked at once waits for that commit."""
    page, expected = fixture_page("legacy_list/list_en_closed_after_shipping")
    ids = [order["order_id"] for order in expected["orders"]]
    server = start_server(tmp_path, JOURNAL_ON)
    try:
        for round_number in range(1, 101):
            fresh = page
            for index, order_id in enumerate(ids):  # new orders, which only this answer can have recorded,
                fresh = fresh.replace(order_id, str(8_900_000_000_000_000 - 10 * round_number - index))
            # and lower ids each round: the list orders a second's orders by id, so these come first
            answer = analysed(server, fresh, url=expected["url"])
            problems = {order["order_id"] for order in answer["orders"] if order["scenario"] not in NO_BANNER}
            assert problems
            listed_now = {order["order_id"] for order in listed(server, {"limit": 50}).json()["orders"]}
            assert problems <= listed_now, f"round {round_number}: {sorted(problems - listed_now)} not listed yet"
    finally:
        server.stop()
