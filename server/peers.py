"""Which local account opened a connection: the one thing that tells the server's clients apart.

Every client connects from 127.0.0.1, so its address says nothing about who it is. The kernel knows
which account owns the client's end of a loopback TCP connection (what `ss -e` shows as `uid:`),
and Linux tells any process through its sock_diag netlink interface, in one round trip of a few
microseconds. Elsewhere, or when the lookup fails, the owner is unknown (None).
"""

from __future__ import annotations

import socket
import struct

NETLINK_SOCK_DIAG = 4
SOCK_DIAG_BY_FAMILY = 20
NLM_F_REQUEST = 1
_NO_COOKIE = 0xFFFFFFFF  # INET_DIAG_NOCOOKIE: look the socket up by its addresses alone
_ALL_STATES = 0xFFFFFFFF
_HEADER = struct.Struct("=IHHII")  # nlmsghdr: length, type, flags, sequence number, port id
_REQUEST = struct.Struct("=BBBBI")  # inet_diag_req_v2 before its socket id: family, protocol, ext, pad, states
_SOCKID_TAIL = struct.Struct("=III")  # inet_diag_sockid after the addresses: interface, cookie
_UID = struct.Struct("=I")
_UID_OFFSET = _HEADER.size + 4 + 48 + 12  # inet_diag_msg: 4 one-byte fields, the socket id, 3 counters


def _address(host: str) -> bytes:
    """An IPv4 address as the 16 bytes of an inet_diag address field; OSError for anything else."""
    return socket.inet_aton(host) + bytes(12)


class PeerOwners:
    """Looks up the uid that owns the client end of a connection to this server."""

    def __init__(self) -> None:
        self._seq = 0
        try:
            self._sock: socket.socket | None = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, NETLINK_SOCK_DIAG)
        except (AttributeError, OSError):  # not Linux, or no netlink here
            self._sock = None
            return
        self._sock.setblocking(False)  # the kernel answers within send(); never wait on the event loop

    def uid(self, client: tuple[str, int] | None, server: tuple[str, int | None] | None) -> int | None:
        """The uid owning the socket at `client` that is connected to `server`, or None if unknown."""
        if self._sock is None or client is None or server is None or server[1] is None:
            return None
        self._seq = (self._seq + 1) & 0xFFFFFFFF
        try:
            # The socket looked up is the client's: its own address is the source, ours the destination.
            sockid = (
                struct.pack("!HH", client[1], server[1])
                + _address(client[0])
                + _address(server[0])
                + _SOCKID_TAIL.pack(0, _NO_COOKIE, _NO_COOKIE)
            )
            body = _REQUEST.pack(socket.AF_INET, socket.IPPROTO_TCP, 0, 0, _ALL_STATES) + sockid
            head = _HEADER.pack(_HEADER.size + len(body), SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST, self._seq, 0)
            self._sock.send(head + body)
            while True:
                reply = self._sock.recv(4096)
                _, kind, _, seq, _ = _HEADER.unpack_from(reply)
                if seq == self._seq:  # skip a late answer to an earlier query
                    break
        except (OSError, struct.error):  # unknown socket (already closed), not IPv4, no answer
            return None
        if kind != SOCK_DIAG_BY_FAMILY or len(reply) < _UID_OFFSET + _UID.size:
            return None
        uid: int = _UID.unpack_from(reply, _UID_OFFSET)[0]
        return uid
