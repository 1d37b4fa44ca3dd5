"""Idle connections cannot lock the server out: caps per local account and in all, and room for a newcomer.

Before, about 1,020 idle connections (no token needed) used up the usual 1,024 file descriptors;
the server then could not accept another connection, and logged a traceback per failed accept.
These tests flood a real server, held to that usual limit, from forked processes: as this account,
and as another one (uid 65534, which needs root, as CI has).
"""

from __future__ import annotations

import http.client
import json
import os
import resource
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from serverkit import LiveServer, start_server, wait_until

from orderlens.server.connections import MAX_CONNECTIONS, MIN_CONNECTIONS, ConnectionLimits, ConnectionTable

FLOOD = 1_100
USUAL_FILE_LIMIT = 1_024
OTHER = 65534  # nobody
HEALTH_DEADLINE_S = 10.0  # generous: over loopback the answer takes milliseconds
HEADER_TIMEOUT_S = 60  # flood connections may stay silent this long, so only the caps can make room
LIMIT_REACHED = "connection limit reached"
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="playing another account needs root (CI runs as root)")


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    """A server at the usual open-files limit (soft and hard) that lets a silent connection stay a
    minute; one per test, so that each test sees its own first "limit reached" line."""
    server = start_server(tmp_path, extra_env={"ORDERLENS_HEADER_TIMEOUT": str(HEADER_TIMEOUT_S)})
    resource.prlimit(server.proc.pid, resource.RLIMIT_NOFILE, (USUAL_FILE_LIMIT, USUAL_FILE_LIMIT))
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def idle_flood(port: int, count: int, uid: int | None = None, per_process: int = 400) -> Iterator[None]:
    """`count` connections that never send a byte, opened by forked processes (as `uid` if given) and
    held open until the block ends. Connects are non-blocking: a full listen queue cannot stall them."""
    children: list[tuple[int, int, int]] = []
    for first in range(0, count, per_process):
        ready_r, ready_w = os.pipe()
        release_r, release_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 70
            try:
                for _, earlier_ready, earlier_release in children:  # or the earlier ones never see EOF
                    os.close(earlier_ready)
                    os.close(earlier_release)
                os.close(ready_r)
                os.close(release_w)
                if uid is not None:
                    os.setgroups([])
                    os.setgid(uid)
                    os.setuid(uid)
                held = []
                for _ in range(min(per_process, count - first)):
                    sock = socket.socket()
                    sock.setblocking(False)
                    sock.connect_ex(("127.0.0.1", port))
                    held.append(sock)
                os.write(ready_w, b"+")
                os.read(release_r, 1)  # returns when the parent closes its end
                code = 0
            finally:
                os._exit(code)
        os.close(ready_w)
        os.close(release_r)
        children.append((pid, ready_r, release_w))
    try:
        for _, ready_r, _ in children:
            assert os.read(ready_r, 1) == b"+", "a flooding process failed"
        yield
    finally:
        for pid, ready_r, release_w in children:
            os.close(release_w)
            os.close(ready_r)
            os.waitpid(pid, 0)


def timed_health(server: LiveServer) -> tuple[int, float]:
    """Ask for /v1/health as the extension does, trying again on a closed connection, until the deadline.

    While a flood from the same account is still arriving, the newest connections can make room by closing
    an older idle one, which may be ours if it has not been read yet; what counts is that an answer comes
    within the deadline."""
    started = time.monotonic()
    while True:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=HEALTH_DEADLINE_S)
        try:
            conn.request("GET", "/v1/health", headers={"Host": server.host})
            return conn.getresponse().status, time.monotonic() - started
        except (ConnectionResetError, http.client.RemoteDisconnected):
            if time.monotonic() - started > HEALTH_DEADLINE_S:
                raise
            time.sleep(0.05)
        finally:
            conn.close()


def lines_with(server: LiveServer, text: str) -> list[str]:
    return [line for line in server.stderr_text().splitlines() if text in line]


def test_a_1100_connection_idle_flood_leaves_health_answering(live_server: LiveServer) -> None:
    with idle_flood(live_server.port, FLOOD):
        assert wait_until(lambda: bool(lines_with(live_server, LIMIT_REACHED)), HEALTH_DEADLINE_S)
        for _ in range(3):
            status, elapsed = timed_health(live_server)
            assert status == 200 and elapsed < HEALTH_DEADLINE_S, elapsed
    log = live_server.stderr_text()
    assert "Traceback" not in log
    # The caps kept the server well inside its descriptors: not one accept failed.
    assert not lines_with(live_server, "cannot accept new connections"), log
    assert len(lines_with(live_server, LIMIT_REACHED)) <= 2  # rate-limited, not one line per connection


@needs_root
def test_a_flood_from_another_account_only_closes_its_own_connections(live_server: LiveServer) -> None:
    # Ours, idle with its request half sent: if accounts were not told apart, as the oldest idle
    # connection it would be the first to be closed for room.
    mine = socket.create_connection(("127.0.0.1", live_server.port), timeout=HEALTH_DEADLINE_S)
    try:
        mine.sendall(b"GET /v1/health HTTP/1.1\r\n")
        assert timed_health(live_server)[0] == 200  # accepted after `mine`, so `mine` is counted
        with idle_flood(live_server.port, FLOOD, uid=OTHER):
            assert wait_until(lambda: bool(lines_with(live_server, f"for uid {OTHER}")), HEALTH_DEADLINE_S)
            mine.sendall(f"Host: {live_server.host}\r\nConnection: close\r\n\r\n".encode())
            answer = b""
            while chunk := mine.recv(65536):
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
            assert timed_health(live_server)[0] == 200
    finally:
        mine.close()


def test_a_client_whose_every_connection_is_busy_gets_503(tmp_path: Path) -> None:
    server = start_server(tmp_path)
    limits = ConnectionLimits.for_file_limit(resource.prlimit(server.proc.pid, resource.RLIMIT_NOFILE)[0])
    head = (
        f"POST /v1/analyze HTTP/1.1\r\nHost: {server.host}\r\nOrigin: {server.origin}\r\n"
        f"Authorization: {server.sign()}\r\nContent-Type: application/json\r\n"
        "Content-Length: 100\r\nExpect: 100-continue\r\n\r\n"
    ).encode()
    busy: list[socket.socket] = []
    try:
        for _ in range(limits.per_client):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=HEALTH_DEADLINE_S)
            busy.append(sock)
            sock.sendall(head)
            # "100 Continue" comes when the server starts reading the body: the request is in progress.
            assert sock.recv(1024).startswith(b"HTTP/1.1 100 ")
        with socket.create_connection(("127.0.0.1", server.port), timeout=HEALTH_DEADLINE_S) as extra:
            answer = b""
            while chunk := extra.recv(65536):
                answer += chunk
        head_part, _, body = answer.partition(b"\r\n\r\n")
        assert head_part.startswith(b"HTTP/1.1 503 "), answer[:200]
        assert json.loads(body)["error"]["code"] == "too_many_connections"
    finally:
        for sock in busy:
            sock.close()
        server.stop()
    assert "Traceback" not in server.stderr_text()


def test_the_soft_open_files_limit_is_raised_to_the_hard_one(tmp_path: Path) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))  # inherited by the server
    try:
        server = start_server(tmp_path)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    try:
        assert resource.prlimit(server.proc.pid, resource.RLIMIT_NOFILE) == (hard, hard)
    finally:
        server.stop()


# --- the table's choices, in-process ----------------------------------------------------------------


class Conn:
    def __init__(self, name: str, idle: bool = True) -> None:
        self.name, self.idle, self.dropped = name, idle, False

    def is_idle(self) -> bool:
        return self.idle

    def drop(self) -> None:
        self.dropped = True

    def __repr__(self) -> str:
        return self.name


def test_a_client_at_its_cap_loses_its_own_least_recently_active_idle_connection() -> None:
    table = ConnectionTable(ConnectionLimits(total=10, per_client=3))
    a1, a2, a3, b1 = Conn("a1"), Conn("a2", idle=False), Conn("a3"), Conn("b1")
    for conn, owner in ((b1, 2), (a1, 1), (a2, 1), (a3, 1)):
        assert table.admit(conn, owner)
    table.touch(a1)  # a1 just did something: a3 is now the least recently active idle one
    a4 = Conn("a4")
    assert table.admit(a4, 1)
    assert (a1.dropped, a2.dropped, a3.dropped, b1.dropped) == (False, False, True, False)
    assert len(table) == 4


def test_at_the_total_cap_the_busiest_client_makes_room() -> None:
    table = ConnectionTable(ConnectionLimits(total=4, per_client=3))
    mine, *theirs = Conn("mine"), Conn("t1"), Conn("t2"), Conn("t3")
    assert table.admit(mine, 1000)
    for conn in theirs:
        assert table.admit(conn, OTHER)
    assert table.admit(Conn("newcomer"), 1000)
    assert not mine.dropped and [c.dropped for c in theirs] == [True, False, False]


def test_unknown_owners_share_only_the_total_cap() -> None:
    table = ConnectionTable(ConnectionLimits(total=4, per_client=1))
    conns = [Conn(str(n)) for n in range(4)]
    assert all(table.admit(conn, None) for conn in conns)
    assert not any(conn.dropped for conn in conns)


def test_a_newcomer_is_refused_only_when_every_connection_in_the_way_is_busy() -> None:
    table = ConnectionTable(ConnectionLimits(total=10, per_client=2))
    first, second = Conn("1", idle=False), Conn("2", idle=False)
    assert table.admit(first, 1) and table.admit(second, 1)
    assert not table.admit(Conn("3"), 1)
    assert table.admit(Conn("other"), 2)  # another account still gets in
    second.idle = True
    assert table.admit(Conn("4"), 1) and second.dropped


def test_a_removed_connection_frees_its_place_once() -> None:
    table = ConnectionTable(ConnectionLimits(total=2, per_client=2))
    conn = Conn("x")
    assert table.admit(conn, 1)
    table.remove(conn)
    table.remove(conn)
    table.touch(conn)
    assert len(table) == 0


@pytest.mark.parametrize(
    ("open_files", "total"),
    [(1_024, 256), (256, 64), (40, MIN_CONNECTIONS), (1_048_576, MAX_CONNECTIONS)],
)
def test_caps_follow_the_open_files_limit(open_files: int, total: int) -> None:
    limits = ConnectionLimits.for_file_limit(open_files)
    assert (limits.total, limits.per_client) == (total, total // 2)
