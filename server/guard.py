"""The security gate in front of the API, as plain ASGI so nothing reaches FastAPI unchecked.

Checks run in a fixed order and the first failure answers: Host (DNS rebinding) -> Origin (only
the extension) -> a well-formed, fresh `orderlens-hmac` signature (`server.auth`; bearer tokens are
refused: the token never travels) -> Content-Type -> body size, counted while reading so an oversized
body is refused without ever being held in memory, and read within a deadline so a client trickling
its body cannot hold the request open -> the signature's mac over the body as it arrived -> the nonce
not seen before. Only then does the body reach the API. Responses never carry CORS headers, so even a
request that slipped through could not be read by a web page.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable

from orderlens.server.auth import ReplayGuard, Signature, parse_authorization, signature_valid
from orderlens.server.errors import COMMON_HEADERS, ASGIApp, Message, Receive, Scope, Send, send_error
from orderlens.server.invocation import command_line
from orderlens.server.settings import LOOPBACK_NAMES
from orderlens.server.tokens import TokenStore

_FIREFOX_ORIGIN = re.compile(rb"moz-extension://[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_WWW_AUTH = [(b"www-authenticate", b'orderlens-hmac realm="orderlens"')]
_CLOSE = [(b"connection", b"close")]
_HOST_MSG = "this server only answers to 127.0.0.1 or localhost"
_ORIGIN_MSG = "only the orderlens extension may call this API"
_TOKEN_MSG = "missing or wrong token: paste into the extension's options the token this command prints: {command}"
_TYPE_MSG = "send the request as Content-Type: application/json"
_SIGN_MSG = (
    "sign the request (Authorization: orderlens-hmac nonce=…, ts=…, mac=…); bearer tokens are refused "
    "so that the token never travels: update the extension"
)
_STALE_MSG = "the request's timestamp is more than {window} s from this computer's clock; check the clock"
_REPLAY_MSG = "this signed request was already received once; a replay is refused"


def _header_values(scope: Scope) -> dict[bytes, list[bytes]]:
    """Header values by lower-case name; ASGI servers already lower-case the names."""
    out: dict[bytes, list[bytes]] = {}
    for name, value in scope["headers"]:
        out.setdefault(name, []).append(value)
    return out


def _single(headers: dict[bytes, list[bytes]], name: bytes) -> bytes | None:
    """The header's value if it appears exactly once; a repeated header counts as absent."""
    values = headers.get(name)
    return values[0] if values is not None and len(values) == 1 else None


def is_json_content_type(value: bytes | None) -> bool:
    """`application/json`, optionally with `charset=utf-8`; anything else is refused."""
    if value is None:
        return False
    media, *params = value.decode("latin-1").split(";")
    if media.strip().lower() != "application/json":
        return False
    for param in params:
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset" and val.strip().strip('"').lower() not in ("utf-8", "utf8"):
            return False
    return True


class Guard:
    """ASGI middleware enforcing who may call the API and how much they may send."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        extension_id: str,
        tokens: TokenStore,
        max_body_bytes: int,
        body_timeout: float,
        public_paths: Iterable[str],
    ) -> None:
        self.app = app
        self.chrome_origin = f"chrome-extension://{extension_id}".encode("ascii")
        self.tokens = tokens
        self.max_body_bytes = max_body_bytes
        self.body_timeout = body_timeout
        self.public_paths = frozenset(public_paths)
        self.token_message = _TOKEN_MSG.format(command=command_line("token"))
        self.replays = ReplayGuard()

    def allowed_hosts(self, scope: Scope) -> frozenset[bytes]:
        """Host header values naming this server; the port is the one actually bound."""
        server = scope.get("server")
        port = server[1] if server and server[1] is not None else None
        hosts = {f"{name}:{port}".encode("ascii") for name in LOOPBACK_NAMES}
        if port == 80:
            hosts.update(name.encode("ascii") for name in LOOPBACK_NAMES)
        return frozenset(hosts)

    def origin_allowed(self, origin: bytes) -> bool:
        return origin == self.chrome_origin or _FIREFOX_ORIGIN.fullmatch(origin) is not None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets here
            await send({"type": "websocket.close", "code": 1008})
            return

        headers = _header_values(scope)
        host = _single(headers, b"host")
        if host is None or host.lower() not in self.allowed_hosts(scope):
            await send_error(send, 403, "forbidden_host", _HOST_MSG)
            return

        origin = _single(headers, b"origin")
        method = scope["method"]
        if scope["path"] in self.public_paths and method in ("GET", "HEAD"):
            # Chrome sends no Origin on extension GETs, so public pages allow none, but refuse a foreign one.
            if b"origin" in headers and (origin is None or not self.origin_allowed(origin)):
                await send_error(send, 403, "forbidden_origin", _ORIGIN_MSG)
                return
            await self.app(scope, receive, _without_cors(send))
            return

        if origin is None or not self.origin_allowed(origin):
            await send_error(send, 403, "forbidden_origin", _ORIGIN_MSG)
            return

        signature = parse_authorization(_single(headers, b"authorization"))
        if signature is None:
            await send_error(send, 401, "unauthorized", _SIGN_MSG, _WWW_AUTH)
            return
        if not self.replays.fresh(signature.ts):
            await send_error(send, 401, "unauthorized", _STALE_MSG.format(window=self.replays.window), _WWW_AUTH)
            return

        if method not in _BODY_METHODS:
            if await self._verified(signature, b"", send):
                await self.app(scope, receive, _without_cors(send))
            return

        if not is_json_content_type(_single(headers, b"content-type")):
            await send_error(send, 415, "unsupported_media_type", _TYPE_MSG)
            return

        body = await self._read_body(headers, receive, send)
        if body is None or not await self._verified(signature, body, send):
            return
        await self.app(scope, _replay(body, receive), _without_cors(send))

    async def _verified(self, signature: Signature, body: bytes, send: Send) -> bool:
        """True when the mac fits the current token and this body, and the nonce is new; else answers 401."""
        token = self.tokens.current()
        if token is None or not signature_valid(token, signature, body):
            await send_error(send, 401, "unauthorized", self.token_message, _WWW_AUTH)
            return False
        if not self.replays.first_use(signature):
            await send_error(send, 401, "unauthorized", _REPLAY_MSG, _WWW_AUTH)
            return False
        return True

    async def _read_body(self, headers: dict[bytes, list[bytes]], receive: Receive, send: Send) -> bytes | None:
        """The whole body, or None after answering 413 or 408 (or when the client went away)."""
        limit = self.max_body_bytes
        too_large = f"request body is larger than the {limit // (1024 * 1024)} MiB limit"
        declared = _single(headers, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await send_error(send, 413, "payload_too_large", too_large, _CLOSE)
            return None
        deadline = asyncio.get_running_loop().time() + self.body_timeout
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                too_slow = f"the request body was not complete within {self.body_timeout:g} s"
                await send_error(send, 408, "request_timeout", too_slow, _CLOSE)
                return None
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await send_error(send, 413, "payload_too_large", too_large, _CLOSE)
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive callable that hands the already-read body to the app, then defers to the server."""
    pending = True

    async def replay() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _without_cors(send: Send) -> Send:
    """Drop any Access-Control-* header and add the common safety headers to every response."""

    async def filtered(message: Message) -> None:
        if message["type"] == "http.response.start":
            kept = [(k, v) for k, v in message.get("headers", []) if not k.lower().startswith(b"access-control-")]
            names = {k.lower() for k, _ in kept}
            kept.extend(h for h in COMMON_HEADERS if h[0] not in names)
            message["headers"] = kept
        await send(message)

    return filtered
