"""One error shape for every response the server refuses: {"error": {"code", "message"}}.

Kept free of FastAPI so the raw ASGI guard and the app's exception handlers build identical bodies.
`CatchAll` makes sure that even an unexpected exception ends in that shape.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

logger = logging.getLogger("orderlens.server")

#: Headers every response carries: never cached, never content-sniffed.
COMMON_HEADERS: list[tuple[bytes, bytes]] = [
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
]


def error_body(code: str, message: str) -> bytes:
    """The JSON bytes of an error response."""
    body = {"error": {"code": code, "message": message}}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


async def send_error(
    send: Send,
    status: int,
    code: str,
    message: str,
    extra_headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    """Send a complete JSON error response over raw ASGI."""
    body = error_body(code, message)
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode("ascii")),
        *COMMON_HEADERS,
        *(extra_headers or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


INTERNAL_ERROR_MESSAGE = "the server hit an unexpected error; the request was not completed"
_CLOSE = [(b"connection", b"close")]


class CatchAll:
    """Last resort inside the access log: no exception reaches uvicorn, which would answer a plain-text
    500 and log a traceback (whose message and frames can quote page text).

    An unexpected exception becomes a JSON 500 `internal_error` (when no answer has started yet) and one
    log line naming only the exception's type. A request cancelled because stopping the server outlived
    its graceful-shutdown time gets a 503 `shutting_down` and one line; the cancellation ends here, at
    the root of the request's task, which uvicorn has already given up on.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            logger.error("unexpected error while answering a request: %s", type(exc).__name__)
            if not started:
                await send_error(send, 500, "internal_error", INTERNAL_ERROR_MESSAGE, _CLOSE)
        except asyncio.CancelledError:
            logger.warning("request cancelled: the server is stopping")
            if not started:
                await send_error(send, 503, "shutting_down", "the server is stopping", _CLOSE)
