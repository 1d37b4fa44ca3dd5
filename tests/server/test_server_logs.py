"""One access line per request, with method/path/status/bytes/ms and nothing private."""

from __future__ import annotations

import re
import time

from server_pages import order_list_page
from serverkit import LiveServer

LINE = re.compile(r"orderlens\.server: (?P<method>\S+) (?P<path>\S+) (?P<status>\d{3}) in=\d+B out=\d+B [\d.]+ms$")


def access_lines(server: LiveServer) -> list[re.Match[str]]:
    return [m for line in server.stderr_text().splitlines() if (m := LINE.search(line))]


def wait_for_lines(server: LiveServer, count: int) -> list[re.Match[str]]:
    deadline = time.monotonic() + 10
    while len(lines := access_lines(server)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return lines


def test_logs_one_line_per_request_without_private_data(live_server: LiveServer) -> None:
    before = len(access_lines(live_server))
    marker = "Privatestreet-42-Jane-Example"
    html = order_list_page().replace("Example Gadget Store", f"<b>{marker}</b>")
    wrong_token = "leaked-looking-token-0123456789abcdef"

    replies = [
        live_server.analyze({"html": html, "url": f"https://www.aliexpress.com/p/order/index.html?q={marker}"}),
        live_server.analyze(b"{}", headers={"Authorization": f"Bearer {wrong_token}"}),
        live_server.request("GET", f"/v1/health?email={marker}"),
        live_server.signed("GET", f"/{marker}"),
        live_server.request("GET", "/v1/health", host="evil.example"),
        live_server.analyze(b'{"html": "<p>' + marker.encode() + b'</p>", "oops": 1}'),
    ]
    statuses = [r.status for r in replies]
    assert statuses == [200, 401, 200, 404, 403, 422]

    lines = wait_for_lines(live_server, before + len(replies))[before:]
    assert [(m["method"], m["path"], int(m["status"])) for m in lines] == [
        ("POST", "/v1/analyze", 200),
        ("POST", "/v1/analyze", 401),
        ("GET", "/v1/health", 200),
        ("GET", "(other)", 404),
        ("GET", "/v1/health", 403),
        ("POST", "/v1/analyze", 422),
    ]

    log = live_server.stderr_text()
    for secret in (marker, live_server.token, wrong_token, "<html", "<p>", "order-item", "email="):
        assert secret not in log


def test_uvicorns_own_access_log_is_off(live_server: LiveServer) -> None:
    live_server.health()
    time.sleep(0.2)
    assert 'HTTP/1.1"' not in live_server.stderr_text()
