"""Caps on open connections, so idle ones cannot use up the file descriptors the server needs.

Every open connection holds a file descriptor, and nothing is checked before a request arrives, so
anyone on the machine could open about 1,020 idle connections and leave the server unable to accept
another one (or to start a worker) at the usual limit of 1,024 descriptors. Two caps stop that,
applied when a connection opens:

* **per client**: `per_client` connections owned by one local account. All clients connect from
  127.0.0.1, so the address tells nothing; the account that owns the client's socket does
  (`server.peers`), and it is what matters here: another account must not crowd out the shopper's
  browser. Where the owner cannot be learnt, only the total cap applies.
* **total**: `total` connections in all, well below the open-files limit.

At a cap, the connection idle longest (no request being answered: kept alive between requests, or
still sending its request head) is closed to make room, within the client at its cap or, for the
total, the client holding the most: the flooder's own connections go first. Closing the oldest
idle one rather than refusing the newcomer keeps the server reachable, since a client that just
connected to send a request is never the oldest; the newcomer is refused (503) only when every
connection in the way is in the middle of a request.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Protocol

from orderlens.server.eventloop import RateLimitedLog

#: Most connections at once, whatever the open-files limit: the extension needs a handful.
MAX_CONNECTIONS = 256
MIN_CONNECTIONS = 16


class Connection(Protocol):
    """What the table needs of a connection (the HTTP protocol object)."""

    def is_idle(self) -> bool:
        """No request is being answered on it."""

    def drop(self) -> None:
        """Close it now."""


@dataclass(frozen=True)
class ConnectionLimits:
    total: int
    per_client: int

    @classmethod
    def for_file_limit(cls, open_files: int) -> ConnectionLimits:
        """Caps leaving three quarters of the descriptors for workers, logs, and the connections that
        asyncio accepts in one go before they are counted here."""
        total = max(MIN_CONNECTIONS, min(MAX_CONNECTIONS, open_files // 4))
        return cls(total=total, per_client=total // 2)


@dataclass
class ConnectionTable:
    """The open connections by owner, each owner's in order of last activity (least recent first)."""

    limits: ConnectionLimits
    _by_owner: dict[int | None, OrderedDict[Connection, None]] = field(default_factory=dict)
    _owner: dict[Connection, int | None] = field(default_factory=dict)
    _log: RateLimitedLog = field(
        default_factory=lambda: RateLimitedLog("connection limit reached: closing idle connections")
    )

    def admit(self, conn: Connection, owner: int | None) -> bool:
        """Count a new connection, closing an idle one if a cap requires; False: no room, refuse it."""
        mine = self._by_owner.get(owner)
        if owner is not None and mine is not None and len(mine) >= self.limits.per_client:
            made_room = self._drop_idle([mine], f"{len(mine)} open for uid {owner}")
        elif len(self._owner) >= self.limits.total:
            busiest_first = sorted(self._by_owner.values(), key=len, reverse=True)
            made_room = self._drop_idle(busiest_first, f"{len(self._owner)} open in all")
        else:
            made_room = True
        if not made_room:
            self._log.warn("every connection in the way is busy: refusing a new one")
            return False
        self._by_owner.setdefault(owner, OrderedDict())[conn] = None
        self._owner[conn] = owner
        return True

    def touch(self, conn: Connection) -> None:
        """The connection did something: it becomes the last to be closed for room."""
        if conn in self._owner:
            self._by_owner[self._owner[conn]].move_to_end(conn)

    def remove(self, conn: Connection) -> None:
        """Forget a closed connection (any number of times)."""
        if conn not in self._owner:
            return
        owner = self._owner.pop(conn)
        group = self._by_owner[owner]
        del group[conn]
        if not group:
            del self._by_owner[owner]

    def __len__(self) -> int:
        return len(self._owner)

    def _drop_idle(self, groups: list[OrderedDict[Connection, None]], why: str) -> bool:
        """Close the least recently active idle connection of the first group that has one."""
        for group in groups:
            victim = next((conn for conn in group if conn.is_idle()), None)
            if victim is not None:
                self.remove(victim)
                victim.drop()
                self._log.warn(why)
                return True
        return False
