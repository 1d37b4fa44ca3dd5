"""The worker pool heals: workers lost while the server is out of file descriptors come back by themselves.

Running out of descriptors is made real, not simulated: the test lowers the live server's soft
open-files limit (`prlimit`, as the shell command of that name does) below the descriptors it
already holds, so every new pipe, socket and accepted connection fails with EMFILE, exactly as
under a descriptor flood. It then kills every worker, so that replacing them fails, and restores the
limit. Before the fix, a failed respawn lost its slot for good: once all were lost, every analysis
answered 503 until a restart.
"""

from __future__ import annotations

import http.client
import json
import os
import resource
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from server_pages import order_list_page
from serverkit import LiveServer, is_running, start_server, wait_until, worker_pids

WORKERS = 2
BUDGET_S = 3  # the analysis budget of this test's server, so a request made while no worker exists ends soon
HANG_LIMIT_S = 60.0
SPAWN_FAILED = "could not start an analysis worker (Too many open files)"
ACCEPT_FAILED = "cannot accept new connections"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    extra = {"ORDERLENS_WORKERS": str(WORKERS), "ORDERLENS_ANALYSIS_TIMEOUT": str(BUDGET_S)}
    server = start_server(tmp_path_factory.mktemp("heals"), extra_env=extra)
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def out_of_descriptors(pid: int) -> Iterator[None]:
    """While inside: `pid` can open no new file descriptor (its soft limit is below those it holds)."""
    soft, hard = resource.prlimit(pid, resource.RLIMIT_NOFILE)
    resource.prlimit(pid, resource.RLIMIT_NOFILE, (3, hard))
    try:
        yield
    finally:
        resource.prlimit(pid, resource.RLIMIT_NOFILE, (soft, hard))


def post(conn: http.client.HTTPConnection, server: LiveServer, payload: object) -> int:
    body = json.dumps(payload).encode()
    conn.request("POST", "/v1/analyze", body=body, headers=server.auth_headers(body=body))
    resp = conn.getresponse()
    resp.read()
    return resp.status


def lines_with(server: LiveServer, text: str) -> list[str]:
    return [line for line in server.stderr_text().splitlines() if text in line]


def test_every_worker_lost_while_out_of_descriptors_comes_back(live_server: LiveServer) -> None:
    server = live_server
    old = worker_pids(server)
    assert len(old) == WORKERS
    # A connection accepted beforehand still works when no new one can be: it sends the analysis
    # that finds the pool empty, as the extension's kept-alive connection would.
    kept = http.client.HTTPConnection("127.0.0.1", server.port, timeout=HANG_LIMIT_S)
    assert post(kept, server, {"html": "<p>warm</p>"}) == 200
    late: dict[str, int] = {}

    def late_health() -> None:  # connects while accepting fails: waits in the listen queue
        late["status"] = server.health().status

    newcomer = threading.Thread(target=late_health, daemon=True)
    with out_of_descriptors(server.proc.pid):
        for pid in old:
            os.kill(pid, signal.SIGKILL)
        assert wait_until(lambda: not any(is_running(pid) for pid in old))
        newcomer.start()
        # Meanwhile (the budget's 3 s) the newcomer's accept fails, and is retried, every second.
        assert post(kept, server, {"html": order_list_page()}) == 503  # no worker within the budget
        # Retried with backoff (0.1 s, 0.2 s, ... up to 5 s): five failures take over 3 s.
        assert wait_until(lambda: len(lines_with(server, SPAWN_FAILED)) >= 5, HANG_LIMIT_S), server.stderr_text()
        assert wait_until(lambda: bool(lines_with(server, ACCEPT_FAILED))), server.stderr_text()
    kept.close()

    assert wait_until(lambda: len(worker_pids(server)) == WORKERS, HANG_LIMIT_S), server.stderr_text()
    assert not set(old) & set(worker_pids(server))
    assert all(server.analyze({"html": order_list_page()}).status == 200 for _ in range(4))
    newcomer.join(HANG_LIMIT_S)
    assert late.get("status") == 200  # accepted once descriptors were back

    log = server.stderr_text()
    assert "Traceback" not in log
    assert len(lines_with(server, ACCEPT_FAILED)) == 1  # one line for all those failed accepts
    assert lines_with(server, "analysis worker started after")


def test_workers_keep_their_core_limit_after_healing(live_server: LiveServer) -> None:
    """Replacements are started the same way: a crashed one writes no core file holding the page."""
    for pid in worker_pids(live_server):
        with open(f"/proc/{pid}/limits") as limits:
            core = next(line for line in limits if line.startswith("Max core file size"))
        assert core.split()[4:6] == ["0", "0"], core
