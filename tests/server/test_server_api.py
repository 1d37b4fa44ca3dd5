"""Happy path against a real server: every fixture page gives the same JSON as in-process `analyze`."""

from __future__ import annotations

import http.client
import json
from pathlib import Path

import pytest
from server_pages import LIST_URL, order_ids, order_list_page
from serverkit import REPO, LiveServer

from orderlens.parser import analyze
from orderlens.parser.model import json_data

FIXTURES = sorted((REPO / "fixtures").rglob("*.html"))


def expected_json(html: str, url: str | None = None, lang: str | None = None) -> object:
    return json_data(analyze(html, url=url, lang=lang))


def test_health_is_public_and_says_only_ok_and_version(live_server: LiveServer) -> None:
    reply = live_server.health()
    assert reply.status == 200
    assert reply.header("content-type") == "application/json"
    body = reply.json()
    assert body == {"ok": True, "version": body["version"]}
    assert isinstance(body["version"], str) and body["version"]


def test_inline_list_page(live_server: LiveServer) -> None:
    html = order_list_page()
    reply = live_server.analyze({"html": html, "url": LIST_URL, "lang": None, "journal": False})
    assert reply.status == 200, reply.body
    body = reply.json()
    assert body == expected_json(html, LIST_URL)
    assert body["page_kind"] == "order_list"
    assert [o["order_id"] for o in body["orders"]] == order_ids()


@pytest.mark.parametrize("path", FIXTURES, ids=[str(p.relative_to(REPO / "fixtures")) for p in FIXTURES])
def test_fixture_page_matches_in_process_analyze(live_server: LiveServer, path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    reply = live_server.analyze({"html": html, "journal": False})  # the journal's history: test_server_journal.py
    assert reply.status == 200, reply.body
    assert reply.json() == expected_json(html)


def test_fixtures_exist() -> None:
    """The parametrized test above must not silently run on nothing."""
    assert FIXTURES


def test_url_and_lang_are_passed_through(live_server: LiveServer) -> None:
    html = order_list_page()
    reply = live_server.analyze({"html": html, "url": LIST_URL, "lang": "es", "journal": False})
    assert reply.status == 200
    assert reply.json() == expected_json(html, LIST_URL, "es")


def test_only_html_is_required(live_server: LiveServer) -> None:
    reply = live_server.analyze({"html": "<html><body><p>nothing here</p></body></html>"})
    assert reply.status == 200
    body = reply.json()
    assert body["page_kind"] == "unknown" and body["orders"] == []


def test_lone_surrogates_do_not_break_analysis(live_server: LiveServer) -> None:
    body = b'{"html": "<html><body><p>broken \\ud800 pair</p></body></html>"}'
    reply = live_server.analyze(body)
    assert reply.status == 200, reply.body


def test_charset_parameter_is_accepted(live_server: LiveServer) -> None:
    headers: dict[str, str | None] = {"Content-Type": "application/json; charset=UTF-8"}
    reply = live_server.analyze({"html": order_list_page()}, headers=headers)
    assert reply.status == 200


def test_moz_extension_origin_is_accepted(live_server: LiveServer) -> None:
    headers: dict[str, str | None] = {"Origin": "moz-extension://0f3e2d1c-aaaa-4bbb-8ccc-123456789abc"}
    assert live_server.analyze({"html": "<p>x</p>"}, headers=headers).status == 200


def test_localhost_host_is_accepted(live_server: LiveServer) -> None:
    reply = live_server.request("GET", "/v1/health", host=f"localhost:{live_server.port}")
    assert reply.status == 200


def test_responses_are_not_cacheable_or_sniffable(live_server: LiveServer) -> None:
    reply = live_server.analyze({"html": "<p>x</p>"})
    assert reply.header("cache-control") == "no-store"
    assert reply.header("x-content-type-options") == "nosniff"
    assert reply.header("server") is None


def test_keep_alive_connection_serves_many_requests(live_server: LiveServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=30)
    body = json.dumps({"html": order_list_page()}).encode()
    try:
        for _ in range(5):
            conn.request("POST", "/v1/analyze", body=body, headers=live_server.auth_headers(body=body))
            resp = conn.getresponse()
            assert resp.status == 200
            assert json.loads(resp.read())["page_kind"] == "order_list"
    finally:
        conn.close()


def test_openapi_schema_documents_the_api(live_server: LiveServer) -> None:
    reply = live_server.request("GET", "/v1/openapi.json")
    assert reply.status == 200
    schema = reply.json()
    post = schema["paths"]["/v1/analyze"]["post"]
    assert post["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Analysis")
    assert {"401", "403", "408", "413", "415", "422", "500", "503"} <= set(post["responses"])
    request_schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert post["requestBody"]["required"] is True
    assert request_schema["required"] == ["html"]
    assert set(request_schema["properties"]) == {"html", "url", "lang", "journal"}
    assert "/v1/health" in schema["paths"]


def test_no_docs_ui_that_would_load_remote_scripts(live_server: LiveServer) -> None:
    for path in ("/docs", "/redoc"):
        reply = live_server.signed("GET", path)
        assert reply.status == 404
        assert reply.json()["error"]["code"] == "not_found"
