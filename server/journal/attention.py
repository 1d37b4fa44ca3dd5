"""The orders in the journal that need attention, for the popup's list across pages (`POST /v1/journal`).

An order needs attention when its latest scenario has a banner (`SEVERITY`): a problem seen on one page
stays listed, from the journal, while the shopper is on another. Runs in a thread, off the event loop
(a read of a small SQLite file). Trouble with the file is `JournalUnreadable`, a one-line 503: unlike an
analysis, this answer is nothing but the journal, so there is nothing to fall back on; a damaged file is
left for the next analysis to set aside (`server.journal.attach`), never renamed by a read.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from orderlens.parser.banners.build import SEVERITY, scenario_title
from orderlens.server.analyze_request import parse_body, scrub_surrogates
from orderlens.server.journal.store import latest_in

#: The most orders one answer lists: a popup, not an export (`orderlens journal` has them all).
MAX_LISTED = 50
#: Keys allowed in the whole body; the request itself has two.
MAX_KEYS = 8


class JournalRequest(BaseModel):
    """What the popup asks: how many orders at most, and the language of their titles."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(MAX_LISTED, ge=1, le=MAX_LISTED, description=f"at most this many orders (1 to {MAX_LISTED})")
    lang: str | None = Field(None, max_length=35, description="language tag for the scenario titles, e.g. en, es")

    @field_validator("lang")
    @classmethod
    def _scrub(cls, value: str | None) -> str | None:
        return None if value is None else scrub_surrogates(value)


class JournalUnreadable(Exception):
    """The journal could not be read (damaged, locked, newer, unreadable); the message is one line of why."""


def parse_journal_request(raw: bytes) -> JournalRequest | str:
    """The validated request, or the message of the 422 that explains what is wrong with it."""
    return parse_body(raw, JournalRequest, "body is empty; send a JSON object, {} at least", MAX_KEYS)


def needing_attention(journal: Path | None, request: JournalRequest) -> bytes:
    """The answer's JSON: `{"orders": [...]}`, newest first; no orders when the journal is off or absent."""
    if journal is None:
        return _answer([])
    try:
        rows = latest_in(journal, SEVERITY, request.limit)
    except (sqlite3.Error, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        raise JournalUnreadable(f"the order journal could not be read ({reason.splitlines()[0]})") from exc
    return _answer(
        [
            {**row, "severity": SEVERITY[row["scenario"]], "title": scenario_title(row["scenario"], request.lang)}
            for row in rows
        ]
    )


def _answer(orders: list[dict[str, object]]) -> bytes:
    return json.dumps({"orders": orders}, ensure_ascii=False).encode("utf-8")
