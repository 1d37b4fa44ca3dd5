"""Assembles the served application: access log around the guard around the API.

Anything that serves orderlens must use `build_app`, never the bare FastAPI object, so a request
cannot reach an endpoint without passing the guard, and every request gets its one log line.
"""

from __future__ import annotations

from server.access_log import AccessLog
from server.api import KNOWN_PATHS, PUBLIC_PATHS, build_api
from server.errors import ASGIApp
from server.extension_id import id_from_manifest
from server.guard import Guard
from server.settings import Settings
from server.tokens import TokenStore
from server.workers import WorkerPool


def build_app(settings: Settings) -> ASGIApp:
    """The full ASGI app; raises ManifestError when the extension id cannot be determined."""
    extension_id = id_from_manifest(settings.manifest)
    api = build_api(WorkerPool(settings.workers, settings.analysis_timeout))
    guarded = Guard(
        api,
        extension_id=extension_id,
        tokens=TokenStore(settings.token_path),
        max_body_bytes=settings.max_body_bytes,
        public_paths=PUBLIC_PATHS,
    )
    return AccessLog(guarded, known_paths=KNOWN_PATHS)
