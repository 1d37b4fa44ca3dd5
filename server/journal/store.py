"""The order journal's SQLite file: schema, migrations, and recording what one analysis saw.

Why SQLite from the standard library: one file under `$ORDERLENS_HOME`, safe across the server's
worker processes (WAL: readers never wait for the one writer; `busy_timeout` makes writers queue),
and readable by `orderlens journal` while the server runs. A connection lives for one call only, so
no process holds the file open between analyses and closing the last one tidies up the WAL files.

Only what the issue allows is stored: order id, scenario, status text, refund state, protection
date and times. Never page HTML, names, addresses or item titles.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from orderlens.parser.model import OrderHistory, RefundState

#: How long a writer waits for another one before giving up (well inside the analysis budget).
BUSY_TIMEOUT_MS = 2000
#: A state first seen this recently is a change of this visit: the page re-analysed on every
#: re-render or reload keeps saying so, instead of only the first analysis after the change.
VISIT = timedelta(hours=1)

#: Ordered migrations; `PRAGMA user_version` is how many have run.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE orders (
        order_id TEXT PRIMARY KEY,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        scenario TEXT NOT NULL,
        status_text TEXT,
        refund_state TEXT,
        protection_until TEXT,
        status_since TEXT NOT NULL,
        previous_scenario TEXT,
        previous_status_text TEXT,
        previous_refund_state TEXT,
        previous_seen TEXT
    );
    CREATE TABLE changes (
        id INTEGER PRIMARY KEY,
        order_id TEXT NOT NULL REFERENCES orders (order_id) ON DELETE CASCADE,
        seen_at TEXT NOT NULL,
        scenario TEXT NOT NULL,
        status_text TEXT,
        refund_state TEXT
    );
    CREATE INDEX changes_by_order ON changes (order_id, id);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

#: The columns `orderlens journal` exports, in order.
ORDER_COLUMNS = (
    "order_id",
    "scenario",
    "status_text",
    "refund_state",
    "protection_until",
    "first_seen",
    "last_seen",
    "status_since",
)


class JournalTooNew(sqlite3.DatabaseError):
    """The file was written by a newer orderlens; it is left alone rather than rewritten."""


@dataclass(frozen=True, slots=True)
class Sighting:
    """One order as one analysis saw it."""

    order_id: str
    scenario: str
    status_text: str | None
    refund_state: RefundState | None
    protection_until: str | None

    @property
    def state(self) -> tuple[str, str | None, str | None]:
        return (self.scenario, self.status_text, self.refund_state)


def _create_private(path: Path) -> None:
    """Create the file with mode 0600 before SQLite does (it would use the umask): it is personal history."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


@contextmanager
def connect(path: Path, *, create: bool = True) -> Iterator[sqlite3.Connection]:
    """An open, migrated connection for one call, closed after it."""
    if create:
        _create_private(path)
    uri = f"{path.resolve().as_uri()}?mode={'rwc' if create else 'rw'}"
    with closing(sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)) as conn:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL never corrupts the file; a power cut may lose the last visits, which a journal
        # can spare, and each analysis is spared an fsync.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn)
        yield conn


def _migrate(conn: sqlite3.Connection) -> None:
    """Run the migrations this file has not had yet, each in one transaction with its version bump."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise JournalTooNew(f"journal schema {version} is newer than this orderlens knows ({SCHEMA_VERSION})")
    if version == SCHEMA_VERSION:
        return
    with _writing(conn):
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have done it
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextmanager
def _writing(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (BEGIN IMMEDIATE: the one writer), undone if anything fails."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


@contextmanager
def _taking_turns(path: Path) -> Iterator[None]:
    """Take turns on an empty lock file beside the journal, from before opening it until after closing it.

    Two workers that record at the same moment would otherwise meet inside SQLite, whose busy handler
    sleeps 1, 2, 5, 10 … ms between attempts: with four clients that cost about a fifth of the analyses
    per second. A waiter on `flock` wakes the moment the lock is released, and a worker that dies releases it.
    Readers and `clear` take a turn too: a worker answers before its recording commits and holds its turn
    until then, so a list asked for right after an answer still holds that answer's orders.
    """
    lock_path = path.with_name(path.name + ".lock")
    _create_private(lock_path)
    with open(lock_path, "rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


@contextmanager
def recording(path: Path, sightings: Iterable[Sighting], now: datetime) -> Iterator[dict[str, OrderHistory]]:
    """Note each order as seen `now` and hand back what was known of it, all in one write transaction
    that commits when the caller's block ends: the worker sends its answer inside the block, so the
    commit's sync to disk no longer delays it. Until then other workers wait their turn (the lock file).

    A change row is written only when the state (scenario, status text, refund state) differs from
    the stored one, so two analyses of the same page, even at the same moment, write one change.
    """
    stamp = _stamp(now)
    recent = _stamp(now - VISIT)
    seen_now = {seen.order_id: seen for seen in sightings}
    with _taking_turns(path), connect(path) as conn, _writing(conn):
        known = _rows(conn, list(seen_now))  # one query for the page's orders, not one each
        histories = {key: _write(conn, seen, known.get(key), stamp, recent) for key, seen in seen_now.items()}
        conn.executemany(
            "UPDATE orders SET last_seen = ?, protection_until = coalesce(?, protection_until) WHERE order_id = ?",
            [(stamp, seen.protection_until, order_id) for order_id, seen in seen_now.items() if order_id in known],
        )
        yield histories


#: Ids per lookup: SQLite builds before 3.32 take at most 999 values per statement, and a page holds up to 1,000.
_IDS_PER_QUERY = 500


def _rows(conn: sqlite3.Connection, order_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The stored rows of these orders, by id, a few hundred ids per query."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(order_ids), _IDS_PER_QUERY):
        chunk = order_ids[start : start + _IDS_PER_QUERY]
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(f"SELECT * FROM orders WHERE order_id IN ({marks})", chunk)
        found.update((row["order_id"], dict(row)) for row in rows)
    return found


def _write(
    conn: sqlite3.Connection, seen: Sighting, old: dict[str, Any] | None, stamp: str, recent: str
) -> OrderHistory:
    """Insert a new order, or note a changed state (and its change row), and return the order's history as it
    stood before `stamp`. The caller moves every known order's last sighting to `stamp` in one statement."""
    if old is None:
        conn.execute(
            "INSERT INTO orders (order_id, first_seen, last_seen, scenario, status_text, refund_state,"
            " protection_until, status_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (seen.order_id, stamp, stamp, *seen.state, seen.protection_until, stamp),
        )
        _add_change(conn, seen, stamp)
        return OrderHistory(first_seen=stamp, status_since=stamp, refund_state=seen.refund_state)
    if (old["scenario"], old["status_text"], old["refund_state"]) != seen.state:
        conn.execute(
            "UPDATE orders SET previous_scenario = scenario, previous_status_text = status_text,"
            " previous_refund_state = refund_state, previous_seen = last_seen, status_since = ?,"
            " scenario = ?, status_text = ?, refund_state = ? WHERE order_id = ?",
            (stamp, *seen.state, seen.order_id),
        )
        _add_change(conn, seen, stamp)
        old = {
            **old,
            "status_since": stamp,
            "previous_scenario": old["scenario"],
            "previous_status_text": old["status_text"],
            "previous_refund_state": old["refund_state"],
            "previous_seen": old["last_seen"],
        }
    had_previous = old["previous_seen"] is not None
    return OrderHistory(
        first_seen=old["first_seen"],
        last_seen=old["last_seen"],
        status_since=old["status_since"],
        refund_state=seen.refund_state,
        changed=had_previous and old["status_since"] >= recent,
        previous_status_text=old["previous_status_text"],
        previous_scenario=old["previous_scenario"],
        previous_refund_state=old["previous_refund_state"],
        previous_seen=old["previous_seen"],
    )


def _add_change(conn: sqlite3.Connection, seen: Sighting, stamp: str) -> None:
    conn.execute(
        "INSERT INTO changes (order_id, seen_at, scenario, status_text, refund_state) VALUES (?, ?, ?, ?, ?)",
        (seen.order_id, stamp, *seen.state),
    )


def read_all(path: Path) -> list[dict[str, Any]]:
    """Every order (ORDER_COLUMNS) with its `changes`, oldest first; empty when there is no journal."""
    if not path.exists():
        return []
    with _taking_turns(path), connect(path, create=False) as conn:
        columns = ", ".join(ORDER_COLUMNS)
        orders = [dict(row) for row in conn.execute(f"SELECT {columns} FROM orders ORDER BY last_seen DESC, order_id")]
        changes: dict[str, list[dict[str, Any]]] = {}
        for row in conn.execute(
            "SELECT order_id, seen_at, scenario, status_text, refund_state FROM changes ORDER BY id"
        ):
            change = dict(row)
            changes.setdefault(change.pop("order_id"), []).append(change)
    return [{**order, "changes": changes.get(order["order_id"], [])} for order in orders]


def clear(path: Path) -> int:
    """Delete every order and change, and compact the file so the old rows are gone from disk too."""
    if not path.exists():
        return 0
    with _taking_turns(path), connect(path, create=False) as conn:
        with _writing(conn):
            count: int = conn.execute("SELECT count(*) FROM orders").fetchone()[0]
            conn.execute("DELETE FROM changes")
            conn.execute("DELETE FROM orders")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
    return count


def latest_in(path: Path, scenarios: Iterable[str], limit: int) -> list[dict[str, Any]]:
    """The orders whose latest scenario is one of `scenarios`, last seen first, at most `limit`; empty
    when there is no journal. Opened without creating it: listing must not start a journal."""
    if not path.exists():
        return []
    wanted = sorted(set(scenarios))
    marks = ", ".join("?" * len(wanted))
    with _taking_turns(path), connect(path, create=False) as conn:
        rows = conn.execute(
            "SELECT order_id, scenario, status_text, refund_state, protection_until, last_seen FROM orders"
            f" WHERE scenario IN ({marks}) ORDER BY last_seen DESC, order_id LIMIT ?",
            (*wanted, limit),
        )
        return [dict(row) for row in rows]
