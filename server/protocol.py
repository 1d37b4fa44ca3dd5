"""uvicorn's h11 protocol with the deadlines and connection caps it lacks, so slow or idle clients
cannot hold connections forever, nor so many that nobody else gets one.

h11 keeps no time, and uvicorn arms a timer only between requests on a kept-alive connection
(`timeout_keep_alive`, 5 s). Nothing limits a client that connects and says nothing, or that sends
its request line and headers a byte at a time: such a request never reaches the ASGI app, so only
the protocol can end it. This subclass adds, per connection:

* a **head deadline** (`header_timeout`): a request's line and headers must be complete within that
  many seconds of its first byte, or of the connection opening for its first request. Past it, a
  client that had sent part of a request gets a 408 in the usual JSON error shape; one that sent
  nothing is simply disconnected, like an idle kept-alive connection.
* a **body deadline** (`body_timeout`, counted from the complete head). The guard enforces it on the
  bodies it reads and answers 408 itself; here it also ends a body that nobody reads any more (the
  request was answered early, say with 401, while the client kept trickling the body), which uvicorn
  would otherwise keep receiving and discarding for as long as the client likes.

It also counts every connection in the server's `ConnectionTable` (`server.connections`), which
closes the longest-idle one when a client or the whole server is at its cap; a newcomer that finds
no idle connection to replace gets a 503 `too_many_connections` and is closed.

On shutdown a connection whose request body is still arriving is closed at once (nothing has been
done with that request yet); requests already being analysed get the graceful-shutdown time.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, ClassVar

import h11
from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from orderlens.server.connections import ConnectionLimits, ConnectionTable
from orderlens.server.errors import COMMON_HEADERS, error_body
from orderlens.server.peers import PeerOwners
from orderlens.server.settings import DEFAULT_BODY_TIMEOUT, DEFAULT_HEADER_TIMEOUT, Settings

_NO_ROOM_MSG = "too many connections are open; try again in a moment"


def raw_error_response(status: int, reason: str, code: str, message: str) -> bytes:
    """A complete response with the JSON error shape, for writing straight to the transport.

    Written raw because h11 will not send a response before it has parsed a request head.
    """
    body = error_body(code, message)
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode("ascii")),
        (b"connection", b"close"),
        *COMMON_HEADERS,
    ]
    head = f"HTTP/1.1 {status} {reason}\r\n".encode("ascii") + b"".join(k + b": " + v + b"\r\n" for k, v in headers)
    return head + b"\r\n" + body


class DeadlineH11Protocol(H11Protocol):
    """H11Protocol plus the deadlines and the connection caps; use the subclass `protocol_class` makes,
    which sets them, and the table the server's connections share."""

    header_timeout: ClassVar[float] = DEFAULT_HEADER_TIMEOUT
    body_timeout: ClassVar[float] = DEFAULT_BODY_TIMEOUT
    connection_table: ClassVar[ConnectionTable]
    peer_owners: ClassVar[PeerOwners]

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self._head_timer: asyncio.TimerHandle | None = None
        self._body_timer: asyncio.TimerHandle | None = None
        self._body_cycle: object = None  # the request whose body the body timer is (or was) for
        self._body_overdue = False  # the body deadline passed while the app still had the request

    # --- hooks into uvicorn's protocol ---------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if not self.connection_table.admit(self, self.peer_owners.uid(self.client, self.server)):
            self.transport.write(raw_error_response(503, "Service Unavailable", "too_many_connections", _NO_ROOM_MSG))
            self._close()
            return
        self._sync_timers()

    def data_received(self, data: bytes) -> None:
        self.connection_table.touch(self)
        super().data_received(data)
        self._sync_timers()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._body_overdue and self.conn.their_state is h11.SEND_BODY:
            self._close()  # answered, but the rest of the body is still trickling in past its deadline
        self._sync_timers()

    def connection_lost(self, exc: Exception | None) -> None:
        self.connection_table.remove(self)
        self._cancel_head_timer()
        self._cancel_body_timer()
        super().connection_lost(exc)

    def shutdown(self) -> None:
        cycle = self.cycle
        if cycle is not None and not cycle.response_started and self.conn.their_state is h11.SEND_BODY:
            # The body is still arriving, so the app is only reading it: nothing to finish, just stop.
            self._close()
            return
        super().shutdown()

    # --- the connection caps (see server.connections) --------------------------------------------

    def is_idle(self) -> bool:
        """No request is being answered: kept alive between requests, or its head still arriving."""
        return self.cycle is None or self.cycle.response_complete

    def drop(self) -> None:
        self._close()

    # --- the deadlines -----------------------------------------------------------------------------

    def _sync_timers(self) -> None:
        """Arm or disarm the timers for the state h11 is now in; called after every state change."""
        if self.transport.is_closing():
            self._cancel_head_timer()
            self._cancel_body_timer()
            return
        their_state = self.conn.their_state
        if their_state is h11.IDLE:
            # Waiting for a head. Between requests uvicorn's keep-alive timer limits the idle time until
            # the first byte arrives (which cancels it); otherwise (a new connection, or one whose
            # unread body just ended) the head is timed from now.
            idle_timed = self.timeout_keep_alive_task is not None
            if self._head_timer is None and (not idle_timed or self.conn.trailing_data[0]):
                self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)
        else:
            self._cancel_head_timer()
        if their_state is h11.SEND_BODY:
            if self._body_cycle is not self.cycle:  # a new request's body: its own deadline
                self._cancel_body_timer()
                self._body_cycle = self.cycle
                self._body_overdue = False
                self._body_timer = self.loop.call_later(self.body_timeout, self._body_timed_out)
        else:
            self._cancel_body_timer()

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        if self.conn.trailing_data[0]:  # part of a request came: say why it ends
            message = f"the request line and headers were not complete within {self.header_timeout:g} s"
            self.transport.write(raw_error_response(408, "Request Timeout", "request_timeout", message))
        self._close()

    def _body_timed_out(self) -> None:
        self._body_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.SEND_BODY:
            return
        if self.cycle is not None and not self.cycle.response_complete:
            # The app still has the request: the guard answers 408 when it is the one reading the body;
            # otherwise the connection closes as soon as the answer is out (on_response_complete).
            self._body_overdue = True
            return
        self._close()

    def _close(self) -> None:
        if not self.transport.is_closing():
            with contextlib.suppress(h11.LocalProtocolError):
                self.conn.send(h11.ConnectionClosed())
            self.transport.close()

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _cancel_body_timer(self) -> None:
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None


def protocol_class(settings: Settings, limits: ConnectionLimits) -> type[DeadlineH11Protocol]:
    """The protocol class to pass as uvicorn's `http=`, with the deadlines from `settings`, the caps
    `limits`, and one connection table for all its connections."""
    return type(
        "DeadlineH11Protocol",
        (DeadlineH11Protocol,),
        {
            "header_timeout": settings.header_timeout,
            "body_timeout": settings.body_timeout,
            "connection_table": ConnectionTable(limits),
            "peer_owners": PeerOwners(),
        },
    )
