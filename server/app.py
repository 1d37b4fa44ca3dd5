"""Assembles the served application: access log around the last-resort handler around the guard
around the API.

Anything that serves orderlens must use `build_app`, never the bare FastAPI object, so a request
cannot reach an endpoint without passing the guard, every request gets its one log line, and every
answer, even to an unexpected error, has the JSON error shape.
"""

from __future__ import annotations

from orderlens.server.access_log import AccessLog
from orderlens.server.api import KNOWN_PATHS, PUBLIC_PATHS, build_api
from orderlens.server.errors import ASGIApp, CatchAll
from orderlens.server.extension_id import id_from_manifest
from orderlens.server.guard import Guard
from orderlens.server.reports.store import reports_dir
from orderlens.server.settings import Settings
from orderlens.server.tokens import TokenStore
from orderlens.server.workers import WorkerPool


def build_app(settings: Settings) -> ASGIApp:
    """The full ASGI app; raises ManifestError when the extension id cannot be determined."""
    extension_id = id_from_manifest(settings.manifest)
    tokens = TokenStore(settings.token_path)
    pool = WorkerPool(
        settings.workers, settings.analysis_timeout, journal=settings.journal_path, reports=reports_dir(settings.home)
    )
    api = build_api(pool, tokens)
    guarded = Guard(
        api,
        extension_id=extension_id,
        tokens=tokens,
        max_body_bytes=settings.max_body_bytes,
        body_timeout=settings.body_timeout,
        public_paths=PUBLIC_PATHS,
    )
    return AccessLog(CatchAll(guarded), known_paths=KNOWN_PATHS)
