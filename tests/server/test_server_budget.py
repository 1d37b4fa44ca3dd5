"""An analysis over its time budget answers 503 and the server keeps serving.

This module's server runs with a 1 ms budget, far below what a ~1 MB page needs, so the
timeout path is exercised on a real analysis without any test hook in the product.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from server_pages import order_list_page
from serverkit import LiveServer, is_running, start_server, wait_until, worker_pids

BUDGET = 0.001


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("budget"), extra_env={"ORDERLENS_ANALYSIS_TIMEOUT": str(BUDGET)})
    try:
        yield server
    finally:
        server.stop()


BIG_PAGE = order_list_page(repeat=200)  # ~0.9 MB, 400 orders


def test_over_budget_is_503_and_server_keeps_serving(live_server: LiveServer) -> None:
    workers = worker_pids(live_server)
    assert workers
    for _ in range(3):
        started = time.monotonic()
        reply = live_server.analyze({"html": BIG_PAGE})
        assert reply.status == 503, reply.body[:200]
        assert time.monotonic() - started < 5
        error = reply.json()["error"]
        assert error["code"] == "analysis_timeout"
        assert "0.001 s" in error["message"]
        assert reply.header("retry-after") == "1"
        health = live_server.health()
        assert health.status == 200 and health.json()["ok"] is True
    # Rejections that never reach the analysis are unaffected.
    assert live_server.request("GET", "/v1/health", host="evil.example").status == 403
    assert live_server.proc.poll() is None
    log = live_server.stderr_text()
    assert "Traceback" not in log
    # The overrunning analyses were stopped, not left burning CPU, and their workers were replaced.
    assert not all(is_running(pid) for pid in workers)
    assert wait_until(lambda: len(worker_pids(live_server)) == len(workers))
