"""An unexpected exception still ends in the JSON error shape and one log line without a traceback.

No live server here: the product has no way to raise on purpose, so these tests drive the ASGI stack
in-process with a stand-in for the worker pool (or a bare app) that raises, its message full of page
text that must not reach the log.
"""

from __future__ import annotations

import asyncio
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

import pytest

from orderlens.server.access_log import AccessLog
from orderlens.server.api import ANALYZE_PATH, KNOWN_PATHS, build_api
from orderlens.server.errors import ASGIApp, CatchAll, Message, Receive, Scope, Send
from orderlens.server.workers import WorkerPool

PAGE_TEXT = "Privatestreet-42-Jane-Example"


class ExplodingPool:
    """Stands in for WorkerPool: every analysis raises something the API does not expect."""

    timeout = 10.0

    async def analyze(self, body: bytes) -> bytes:
        raise RuntimeError(f"parser bug on {body.decode()}")


def call(app: ASGIApp, method: str, path: str, body: bytes = b"") -> list[Message]:
    """Run one HTTP request through `app` in-process; the messages it sent."""
    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8765"), (b"content-type", b"application/json")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8765),
    }
    sent: list[Message] = []
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> Message:
        if pending:
            return pending.pop()
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    async def send(message: Message) -> None:
        sent.append(message)

    # A thread of its own: Playwright's sync API (browser tests earlier in the session) can leave an
    # event loop running in the main thread, where asyncio.run() refuses to start.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, cast(Any, app)(scope, cast(Receive, receive), cast(Send, send))).result()
    return sent


def answer(sent: list[Message]) -> tuple[int, dict[bytes, bytes], bytes]:
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body


def assert_internal_error(sent: list[Message]) -> None:
    status, headers, body = answer(sent)
    assert status == 500
    assert headers[b"content-type"] == b"application/json"
    error = json.loads(body)["error"]
    assert error["code"] == "internal_error" and error["message"]
    assert PAGE_TEXT not in body.decode()


def assert_one_quiet_line(caplog: pytest.LogCaptureFixture) -> None:
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in errors] == ["unexpected error while answering a request: RuntimeError"]
    assert not any(r.exc_info for r in caplog.records)
    assert PAGE_TEXT not in caplog.text and "Traceback" not in caplog.text


def test_an_exception_in_an_endpoint_is_a_json_500_and_one_line(caplog: pytest.LogCaptureFixture) -> None:
    api = build_api(cast(WorkerPool, ExplodingPool()))
    app = AccessLog(CatchAll(cast(ASGIApp, api)), known_paths=KNOWN_PATHS)
    with caplog.at_level(logging.INFO, logger="orderlens.server"):
        sent = call(app, "POST", ANALYZE_PATH, json.dumps({"html": f"<p>{PAGE_TEXT}</p>"}).encode())
    assert_internal_error(sent)
    assert_one_quiet_line(caplog)
    access = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert len(access) == 1 and access[0].startswith("POST /v1/analyze 500 "), access


def test_an_exception_outside_fastapi_is_a_json_500_and_one_line(caplog: pytest.LogCaptureFixture) -> None:
    async def broken(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError(PAGE_TEXT)

    with caplog.at_level(logging.INFO, logger="orderlens.server"):
        sent = call(AccessLog(CatchAll(broken), known_paths=KNOWN_PATHS), "GET", "/v1/health")
    assert_internal_error(sent)
    assert answer(sent)[1][b"connection"] == b"close"
    assert_one_quiet_line(caplog)


def test_an_exception_after_the_answer_started_only_logs(caplog: pytest.LogCaptureFixture) -> None:
    async def half_answer(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise RuntimeError(PAGE_TEXT)

    with caplog.at_level(logging.INFO, logger="orderlens.server"):
        sent = call(CatchAll(half_answer), "GET", "/v1/health")
    assert [m["type"] for m in sent] == ["http.response.start"]  # nothing more can be said
    assert_one_quiet_line(caplog)
