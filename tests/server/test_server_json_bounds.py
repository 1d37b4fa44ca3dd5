"""A body built to be expensive to decode is refused with a 422 and stalls nobody meanwhile.

Request bodies are decoded and validated in the worker processes, never on the event loop, and
decoding stops past 64 keys. Before, a 500,000-key body (token holders only) kept the event loop
busy for about two seconds, and every other client waited that long.
"""

from __future__ import annotations

import http.client
import threading
import time
from typing import Any

from serverkit import LiveServer

from orderlens.server.analyze_request import MAX_KEYS

KEYS = 500_000
HANG_LIMIT_S = 30.0  # a generous bound on any one answer here; they take milliseconds when all is well


def many_keys(count: int) -> bytes:
    return ("{" + ",".join(f'"k{n}":1' for n in range(count)) + "}").encode()


def test_a_500000_key_body_is_a_422_while_others_are_served(live_server: LiveServer) -> None:
    body = many_keys(KEYS)
    sent = threading.Event()
    outcome: dict[str, Any] = {}

    def big_request() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=HANG_LIMIT_S)
        try:
            conn.request("POST", "/v1/analyze", body=body, headers=live_server.auth_headers(body=body))
            sent.set()
            started = time.monotonic()
            resp = conn.getresponse()
            outcome["status"], outcome["body"] = resp.status, resp.read()
            outcome["elapsed"] = time.monotonic() - started
        finally:
            sent.set()
            conn.close()

    big = threading.Thread(target=big_request, daemon=True)
    big.start()
    assert sent.wait(HANG_LIMIT_S)
    health_times: list[float] = []
    while big.is_alive() or not health_times:  # health checks for as long as the big body is being decoded
        started = time.monotonic()
        assert live_server.health().status == 200
        health_times.append(time.monotonic() - started)
    big.join(HANG_LIMIT_S)

    assert outcome["status"] == 422, outcome
    assert f"more than {MAX_KEYS} keys" in str(outcome["body"])
    # Relative, not absolute: however slow the machine, a health check answered by a free event loop
    # takes a small part of the time a worker spends decoding; on a stalled loop it takes nearly all.
    assert max(health_times) < 0.5 * outcome["elapsed"], (health_times, outcome["elapsed"])


def test_keys_in_nested_objects_count_too(live_server: LiveServer) -> None:
    body = b'{"html": [' + b",".join(b'{"a": 1}' for _ in range(10_000)) + b"]}"
    reply = live_server.analyze(body)
    assert reply.status == 422
    assert reply.json()["error"] == {
        "code": "invalid_request",
        "message": f"body has more than {MAX_KEYS} keys; the request's fields are html, url, lang, journal",
    }


def test_a_body_just_under_the_key_limit_gets_the_usual_answer(live_server: LiveServer) -> None:
    body = b'{"html": "<p>x</p>", ' + b", ".join(b'"k%d": 1' % n for n in range(MAX_KEYS - 1)) + b"}"
    error = live_server.analyze(body).json()["error"]
    assert error["message"] == "unknown field(s) in the request body; allowed: html, url, lang, journal"


def test_the_server_still_analyses_afterwards(live_server: LiveServer) -> None:
    reply = live_server.analyze({"html": "<html><body><p>x</p></body></html>"})
    assert reply.status == 200 and reply.json()["page_kind"] == "unknown"
