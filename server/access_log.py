"""One log line per request — method, path, status, bytes in/out, milliseconds — and nothing else.

Pages carry names, addresses and orders, so the line never includes bodies, headers or query
strings; a path the API does not define, or a method HTTP does not define, is logged as "(other)"
since it is caller-chosen text.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from orderlens.server.errors import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("orderlens.server")


class AccessLog:
    """Outermost ASGI middleware: times every request and writes its one line when it ends."""

    def __init__(self, app: ASGIApp, *, known_paths: Iterable[str]) -> None:
        self.app = app
        self.known_paths = frozenset(known_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0
        bytes_in = 0
        bytes_out = 0
        logged = False

        def log_once() -> None:
            nonlocal logged
            if logged:
                return
            logged = True
            path = scope["path"] if scope["path"] in self.known_paths else "(other)"
            elapsed_ms = (time.perf_counter() - started) * 1000
            logger.info(
                "%s %s %d in=%dB out=%dB %.1fms",
                _safe_method(scope["method"]),
                path,
                status,
                bytes_in,
                bytes_out,
                elapsed_ms,
            )

        async def counting_receive() -> Message:
            nonlocal bytes_in
            message = await receive()
            bytes_in += len(message.get("body", b""))
            return message

        async def counting_send(message: Message) -> None:
            nonlocal status, bytes_out
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                bytes_out += len(message.get("body", b""))
                if not message.get("more_body", False):
                    log_once()  # before the last bytes go out, so a client never sees a reply before its line
            await send(message)

        try:
            await self.app(scope, counting_receive, counting_send)
        except Exception:
            status = status or 500
            raise
        finally:
            log_once()


#: The methods HTTP defines (RFC 9110, plus PATCH); any other method name is the caller's own text.
KNOWN_METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "CONNECT", "TRACE"})


def _safe_method(method: str) -> str:
    """The method if HTTP defines it; any other name is caller-chosen text, not echoed into the log."""
    return method if method in KNOWN_METHODS else "(other)"
