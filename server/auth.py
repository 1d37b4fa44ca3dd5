"""Mutual authentication with the pairing token as a shared secret that never goes on the wire.

Two HMAC-SHA256 messages, each with its own label so one can never stand in for the other:

- The server proves itself (`GET /v1/hello?nonce=<client nonce>`): it answers a fresh server nonce and
  HMAC(token, "orderlens-server-v1\\n" + port + "\\n" + client nonce + "\\n" + server nonce). The port it
  is bound to is part of the proof, so a process squatting on the extension's port cannot relay the
  challenge to a real orderlens server on another port and pass the answer off as its own.
- The extension proves itself on every other request:
  `Authorization: orderlens-hmac nonce=<hex>, ts=<unix seconds>, mac=<hex>` with
  mac = HMAC(token, "orderlens-analyze-v1\\n" + nonce + "\\n" + ts + "\\n" + sha256hex(body)). A request is
  accepted once: a timestamp more than `WINDOW_SECONDS` away from the server's clock is refused, and
  nonces are remembered for as long as their timestamp is inside the window.

Kept free of ASGI and FastAPI so the guard, the hello route and the tests share one definition.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass, field

SCHEME = "orderlens-hmac"
SERVER_LABEL = "orderlens-server-v1"
REQUEST_LABEL = "orderlens-analyze-v1"
TOKEN_ID_LABEL = "orderlens-token-id-v1"
#: How far a request's timestamp may be from the server's clock, either way.
WINDOW_SECONDS = 120
#: Client and server nonces: 128 to 512 bits, lower-case hex.
_NONCE = re.compile(r"[0-9a-f]{32,128}")
_AUTHORIZATION = re.compile(
    r"orderlens-hmac nonce=(?P<nonce>[0-9a-f]{32,128}), ts=(?P<ts>[0-9]{1,12}), mac=(?P<mac>[0-9a-f]{64})",
    re.IGNORECASE,
)
#: Nonces the server remembers at most; beyond that (only token holders can add any) new requests wait.
MAX_REMEMBERED = 100_000


def _hmac(token: str, message: str) -> str:
    return hmac.new(token.encode("ascii"), message.encode("ascii"), hashlib.sha256).hexdigest()


def is_nonce(value: str) -> bool:
    return _NONCE.fullmatch(value) is not None


def new_nonce() -> str:
    """256 bits from the OS CSPRNG, hex."""
    return secrets.token_hex(32)


def server_proof(token: str, port: int, client_nonce: str, server_nonce: str) -> str:
    """What the server answers to a hello: only a holder of `token` bound to `port` can compute it."""
    return _hmac(token, f"{SERVER_LABEL}\n{port}\n{client_nonce}\n{server_nonce}")


def token_id(token: str) -> str:
    """A short public name of the token, so the extension can tell "another token" from "an impostor".

    An HMAC of a fixed label: reveals nothing about a 256-bit token, and an impostor that lies about
    it only changes which problem the extension reports; it still gets no page.
    """
    return _hmac(token, TOKEN_ID_LABEL)[:16]


def request_mac(token: str, nonce: str, ts: int | str, body: bytes) -> str:
    """The mac of one signed request."""
    return _hmac(token, f"{REQUEST_LABEL}\n{nonce}\n{ts}\n{hashlib.sha256(body).hexdigest()}")


def authorization(token: str, body: bytes, *, nonce: str | None = None, ts: int | None = None) -> str:
    """The Authorization header value a client sends with `body` (the extension does the same in JS)."""
    nonce = nonce or new_nonce()
    ts = int(time.time()) if ts is None else ts
    return f"{SCHEME} nonce={nonce}, ts={ts}, mac={request_mac(token, nonce, ts, body)}"


@dataclass(frozen=True)
class Signature:
    """A parsed `Authorization: orderlens-hmac ...` header."""

    nonce: str
    ts: int
    mac: str


def parse_authorization(value: bytes | None) -> Signature | None:
    """The signature in the header, or None when it is absent or any other form (a bearer token, say)."""
    if value is None:
        return None
    match = _AUTHORIZATION.fullmatch(value.decode("latin-1").strip())
    if match is None:
        return None
    return Signature(match["nonce"].lower(), int(match["ts"]), match["mac"].lower())


def signature_valid(token: str, signature: Signature, body: bytes) -> bool:
    """Constant-time comparison of the mac with the one computed over what actually arrived."""
    return hmac.compare_digest(request_mac(token, signature.nonce, signature.ts, body), signature.mac)


@dataclass
class ReplayGuard:
    """Refuses stale timestamps and nonces already used within the window."""

    window: int = WINDOW_SECONDS
    _seen: dict[str, float] = field(default_factory=dict)
    _next_prune: float = 0.0

    def fresh(self, ts: int, now: float | None = None) -> bool:
        """True when `ts` is within the window of the server's clock."""
        now = time.time() if now is None else now
        return abs(now - ts) <= self.window

    def first_use(self, signature: Signature, now: float | None = None) -> bool:
        """Record the nonce; False when it was already used (a replay) or the memory is full."""
        now = time.time() if now is None else now
        if signature.nonce in self._seen:
            return False
        if now >= self._next_prune or len(self._seen) >= MAX_REMEMBERED:
            # Forget expired nonces once per window (or when full), so memory follows the recent rate.
            self._seen = {n: until for n, until in self._seen.items() if until > now}
            self._next_prune = now + self.window
            if len(self._seen) >= MAX_REMEMBERED:
                return False
        # Remembered until its timestamp leaves the window: after that `fresh` refuses it anyway.
        self._seen[signature.nonce] = signature.ts + self.window + 1
        return True
