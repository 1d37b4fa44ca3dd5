"""Analyses run in worker processes: a dead worker is replaced and the server never notices."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from server_pages import order_list_page
from serverkit import LiveServer, is_running, start_server, wait_until, worker_pids

from orderlens.parser import analyze
from orderlens.parser.model import to_json

WORKERS = 2


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("workers"), extra_env={"ORDERLENS_WORKERS": str(WORKERS)})
    try:
        yield server
    finally:
        server.stop()


def analyses_succeed(server: LiveServer, count: int = 4) -> bool:
    return all(server.analyze({"html": order_list_page()}).status == 200 for _ in range(count))


def test_a_page_near_the_body_limit_reaches_a_worker_and_comes_back_whole(live_server: LiveServer) -> None:
    # Both ways more than a socket's default buffer (about 200 kB): the page and the answer each take
    # several writes and reads between the event loop and the worker, and must arrive byte for byte.
    html = order_list_page(120).replace("</body>", f"<!-- {'x' * (7 * 1024 * 1024)} --></body>")
    reply = live_server.analyze({"html": html, "journal": False})
    assert reply.status == 200, reply.body[:200]
    assert len(reply.body) > 256 * 1024
    assert reply.body == to_json(analyze(html)).encode("utf-8")  # what `orderlens analyze --json` prints


def test_starts_the_configured_number_of_workers(live_server: LiveServer) -> None:
    assert len(worker_pids(live_server)) == WORKERS


def test_a_killed_worker_is_replaced(live_server: LiveServer) -> None:
    first, *_ = worker_pids(live_server)
    os.kill(first, signal.SIGKILL)
    assert wait_until(lambda: not is_running(first))
    assert analyses_succeed(live_server)
    assert wait_until(lambda: len(worker_pids(live_server)) == WORKERS)
    assert first not in worker_pids(live_server)


def test_all_workers_killed_at_once(live_server: LiveServer) -> None:
    old = worker_pids(live_server)
    for pid in old:
        os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: not any(is_running(pid) for pid in old))
    assert analyses_succeed(live_server)
    assert wait_until(lambda: len(worker_pids(live_server)) == WORKERS)
    assert not set(old) & set(worker_pids(live_server))


def test_stopping_the_server_stops_its_workers(tmp_path_factory: pytest.TempPathFactory) -> None:
    server = start_server(tmp_path_factory.mktemp("stop"))
    pids = worker_pids(server)
    assert pids
    server.stop()  # SIGTERM: uvicorn shuts down cleanly, then exits by the signal (-15), as is conventional
    assert server.proc.returncode == -signal.SIGTERM
    assert "Application shutdown complete" in server.stderr_text()
    assert wait_until(lambda: not any(is_running(pid) for pid in pids))
    assert "Traceback" not in server.stderr_text()


def test_workers_never_write_core_files(live_server: LiveServer) -> None:
    """A crashed worker's core file would hold the page HTML (names, addresses): the limit is zero."""
    workers = worker_pids(live_server)
    assert workers
    for pid in workers:
        limits = Path(f"/proc/{pid}/limits").read_text().splitlines()
        core = next(line for line in limits if line.startswith("Max core file size"))
        assert core.split()[4:6] == ["0", "0"], core
