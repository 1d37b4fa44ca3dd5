"""The event loop `orderlens serve` runs on: asyncio's own, minus a traceback for every failed accept.

When the server is out of file descriptors, asyncio logs each failed `accept()` with a full
traceback and retries a second later, so a flood of connections buries the log in identical
tracebacks. Here those failures become one line at most every `QUIET_SECONDS`, saying how many
there were; every other loop error keeps asyncio's usual report.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

logger = logging.getLogger("orderlens.server")

QUIET_SECONDS = 10.0
_ACCEPT_FAILED = "socket.accept() out of system resource"  # asyncio's own words for EMFILE, ENFILE, ...


class RateLimitedLog:
    """A warning that recurs in bursts, logged at most once per `interval` seconds with a count."""

    def __init__(self, message: str, interval: float = QUIET_SECONDS) -> None:
        self.message = message
        self.interval = interval
        self._last: float | None = None
        self._unreported = 0

    def warn(self, detail: str) -> None:
        """Count one occurrence; log it (with those held back since the last line) if the interval is over."""
        self._unreported += 1
        now = time.monotonic()
        if self._last is not None and now - self._last < self.interval:
            return
        if self._unreported > 1:
            detail = f"{detail}; {self._unreported} times since the last report"
        logger.warning("%s (%s)", self.message, detail)
        self._last, self._unreported = now, 0


ExceptionHandler = Callable[[asyncio.AbstractEventLoop, dict[str, Any]], None]


def _report_accept_errors(log: RateLimitedLog) -> ExceptionHandler:
    """A loop exception handler: failed accepts go to `log`, everything else to asyncio's default."""

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if context.get("message") == _ACCEPT_FAILED and isinstance(exc, OSError):
            log.warn(exc.strerror or type(exc).__name__)
            return
        loop.default_exception_handler(context)

    return handle


def new_event_loop() -> asyncio.AbstractEventLoop:
    """The loop factory given to uvicorn (`loop=`): asyncio's loop, whose accept failures we know how
    to recognise (uvicorn's own choice would be uvloop whenever it happens to be installed)."""
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(
        _report_accept_errors(RateLimitedLog("cannot accept new connections; retrying every second"))
    )
    return loop
