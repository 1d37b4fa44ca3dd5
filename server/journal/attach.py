"""Record an analysis in the journal and hand its history back to each order, never failing the analysis.

Runs in the analysis worker, right after `analyze()`: the journal is an extra, so any trouble with
it (a damaged, locked or unwritable file) still returns the banners, with a `journal_unavailable`
diagnostic saying why. A damaged file is renamed aside (`journal.sqlite3.corrupt-<time>`) and a new
one started, with one warning line in the server log. The worker answers while the journal's
transaction is still open; it commits afterwards, so a failure to commit can only be logged.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from orderlens.parser.model import Analysis, Diagnostic, OrderAnalysis, OrderHistory
from orderlens.server.journal.store import Sighting, recording

logger = logging.getLogger("orderlens.server.journal")

#: SQLite's answers for a file that is not (or no longer) a sound database.
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


class _Damaged(Exception):
    """The file is damaged; carries the SQLite error."""


def sightings(analysis: Analysis) -> list[Sighting]:
    """What the journal keeps of each order: ids, classification and dates, never names or addresses."""
    return [
        Sighting(
            order_id=order.order_id,
            scenario=order.scenario,
            status_text=order.status_text,
            refund_state=order.facts.refund.state if order.facts.refund else None,
            protection_until=order.facts.protection_until,
        )
        for order in analysis.orders
    ]


@dataclass(frozen=True, slots=True)
class Journal:
    """The journal file the worker writes to."""

    path: Path

    @contextmanager
    def annotated(self, analysis: Analysis, now: datetime | None = None) -> Iterator[Analysis]:
        """The analysis with each order's `history`, or with a diagnostic when the journal failed; the
        orders are recorded when the block ends (errors then propagate: the answer has gone out)."""
        seen = sightings(analysis)
        if not seen:
            yield analysis
            return
        moment = now or datetime.now(UTC)
        with ExitStack() as transaction:
            try:
                try:
                    histories = self._recording(transaction, seen, moment)
                except _Damaged as exc:
                    aside = self._set_aside(moment)
                    logger.warning("order journal was damaged (%s); moved to %s and started anew", exc, aside.name)
                    histories = self._recording(transaction, seen, moment)
            except (sqlite3.Error, OSError, _Damaged) as exc:  # nothing was entered: no transaction is open
                yield _with_diagnostic(analysis, _reason(exc))
                return
            yield replace(analysis, orders=tuple(_with_history(order, histories) for order in analysis.orders))

    def _recording(self, transaction: ExitStack, seen: list[Sighting], moment: datetime) -> dict[str, OrderHistory]:
        """The orders' histories from a recording entered into `transaction` (a damaged file raises _Damaged)."""
        try:
            return transaction.enter_context(recording(self.path, seen, moment))
        except sqlite3.DatabaseError as exc:
            if exc.sqlite_errorcode in _DAMAGED:
                raise _Damaged(str(exc)) from exc
            raise

    def _set_aside(self, moment: datetime) -> Path:
        """Rename the damaged file (and its WAL companions, which belong to it) out of the way."""
        suffix = f".corrupt-{moment.strftime('%Y%m%dT%H%M%SZ')}"
        aside = self.path.with_name(self.path.name + suffix)
        for extra in ("-wal", "-shm", ""):
            part = self.path.with_name(self.path.name + extra)
            if part.exists():
                part.rename(part.with_name(part.name + suffix))
        return aside


def _with_history(order: OrderAnalysis, histories: dict[str, OrderHistory]) -> OrderAnalysis:
    return replace(order, history=histories.get(order.order_id))


def _reason(exc: BaseException) -> str:
    """Why, in a few words of SQLite's or the OS's (never page text: the journal is written with parameters)."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _with_diagnostic(analysis: Analysis, reason: str) -> Analysis:
    note = Diagnostic(
        level="warning",
        code="journal_unavailable",
        message=f"the order journal could not be used ({reason}); banners are shown without history",
    )
    return replace(analysis, diagnostics=(*analysis.diagnostics, note))
