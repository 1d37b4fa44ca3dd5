"""`POST /v1/report/page`: the redacted page of one saved report, for the extension's report page.

The body names a report by its id only, never by a folder, so the answer can only be a page that
`server.reports.store` wrote under $ORDERLENS_HOME/reports (and therefore redacted).
"""

from __future__ import annotations

import json
from pathlib import Path

from orderlens.server.reports.store import PAGE, REPORT_ID

MAX_ID_BODY = 256  # {"id": "20261206T201500Z-1a2b3c"} and some room for whitespace


class ReportMissing(Exception):
    """No complete report has that id."""


def parse_page_request(raw: bytes) -> str:
    """The report id the body names; ValueError with a one-line reason for anything else."""
    if len(raw) > MAX_ID_BODY:
        raise ValueError(f'body: send only {{"id": "<report id>"}}, at most {MAX_ID_BODY} bytes')
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        raise ValueError("body: not valid JSON") from None
    if not isinstance(body, dict) or set(body) != {"id"}:
        raise ValueError('body: send exactly one field, {"id": "<report id>"}')
    report_id = body["id"]
    if not isinstance(report_id, str) or not REPORT_ID.fullmatch(report_id):
        raise ValueError("id: not a report id like 20261206T201500Z-1a2b3c")
    return report_id


def read_page(reports: Path, report_id: str) -> dict[str, str]:
    """The report's id, folder and redacted page; ReportMissing when there is none. Blocking: run in a thread."""
    folder = reports / report_id
    try:
        html = (folder / PAGE).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        raise ReportMissing(f"no report {report_id} on this computer") from None
    return {"id": report_id, "folder": str(folder), "html": html}
