"""Writing and reading reports: one folder per report, redacted before any byte is written.

Why the saved-from mark: a report's page must analyse on its own, as `orderlens analyze page.html`
or a fixture does, and the page's URL helps pick its layout. The URL is put in the mark before
redaction, so it is redacted with the page (ids replaced the same way) and never stored as sent.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from orderlens.parser.analyze import analyze
from orderlens.parser.model import Analysis, to_json
from orderlens.parser.redact import redact

PAGE = "page.html"
ANALYSIS = "analysis.json"
META = "meta.json"
#: `20261206T201500Z-1a2b3c`: sorts by date, unique enough for one person's reports.
REPORT_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{6}")
#: Characters a URL may keep inside the saved-from comment; anything else (spaces, `>`) is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


def reports_dir(home: Path) -> Path:
    return home / "reports"


def new_report_id(now: datetime) -> str:
    return f"{now.astimezone(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def with_saved_from(html: str, url: str | None) -> str:
    """The page with its URL in a browser's saved-from mark in front, so the URL is redacted with the page."""
    if not url:
        return html
    quoted = quote(url, safe=_URL_SAFE)
    return f"<!-- saved from url=({len(quoted):04d}){quoted} -->\n{html}"


def save_report(reports: Path, html: str, url: str | None, lang: str | None, now: datetime) -> dict[str, Any]:
    """Redact the page, analyse the redacted copy, write both and a summary; the answer for the extension.

    Only redacted text is ever written: the page, its analysis and the summary all come from the
    redacted copy. The folder appears complete or not at all (written under a hidden name, then renamed).
    """
    redaction = redact(with_saved_from(html, url))
    result = analyze(redaction.html, lang=lang, now=now)
    report_id = new_report_id(now)
    reports.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = reports / f".{report_id}.partial"
    partial.mkdir(mode=0o700)
    folder = reports / report_id
    try:
        _write(partial / PAGE, redaction.html.encode("utf-8"))
        _write(partial / ANALYSIS, to_json(result, indent=2).encode("utf-8"))
        _write(partial / META, json.dumps(_meta(result, now), ensure_ascii=False, indent=2).encode("utf-8"))
        partial.rename(folder)
    except BaseException:  # a full disk, say: leave no half report behind
        shutil.rmtree(partial, ignore_errors=True)
        raise
    kept = {category.id: texts.total() for category, texts in redaction.tally.kept.items()}
    return {"id": report_id, "folder": str(folder), "kept": dict(sorted(kept.items()))}


def _meta(result: Analysis, now: datetime) -> dict[str, Any]:
    return {
        "date": now.astimezone(UTC).isoformat(timespec="seconds"),
        "url": result.url,
        "page_kind": result.page_kind,
        "layout": result.layout,
        "unknown_statuses": unknown_statuses(result),
    }


def unknown_statuses(result: Analysis) -> list[str]:
    """The status texts no vocabulary entry matched, each once, as the redacted page shows them."""
    texts = (order.status_text or "" for order in result.orders if order.status == "unknown")
    return list(dict.fromkeys(text for text in texts if text))


def _write(path: Path, data: bytes) -> None:
    """A new file readable by its owner only, from the first byte on."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def list_reports(reports: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(id, summary) of every complete report, oldest first; unreadable summaries are skipped."""
    if not reports.is_dir():
        return
    for folder in sorted(reports.iterdir()):
        if not REPORT_ID.fullmatch(folder.name):
            continue
        try:
            meta = json.loads((folder / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(meta, dict):
            yield folder.name, meta


def report_page(home: Path, reference: str) -> Path | None:
    """The page of a report named by its id or its folder, or None when `reference` names no report."""
    path = Path(reference)
    folder = path if path.is_dir() else reports_dir(home) / reference if REPORT_ID.fullmatch(reference) else None
    if folder is None or not (folder / PAGE).is_file():
        return None
    return folder / PAGE
