"""Every rejection the server makes, in its documented order, against a real server process.

After each test an autouse check proves the server still answers health and a real analysis.
"""

from __future__ import annotations

import json
import select
import socket
import time
from collections.abc import Iterator

import pytest
from server_pages import order_list_page
from serverkit import LiveServer, Reply, run_cli

from orderlens.server.auth import WINDOW_SECONDS, is_nonce, new_nonce, parse_authorization, server_proof, token_id
from orderlens.server.tokens import new_token

MiB = 1024 * 1024
LIMIT = 8 * MiB
SMALL = json.dumps({"html": "<html><body><p>hello</p></body></html>"}).encode()


@pytest.fixture(autouse=True)
def still_serving(live_server: LiveServer) -> Iterator[None]:
    yield
    assert live_server.health().status == 200
    reply = live_server.analyze({"html": order_list_page()})
    assert reply.status == 200 and reply.json()["page_kind"] == "order_list"


def assert_error(reply: Reply, status: int, code: str) -> dict[str, str]:
    """The shared error shape, and never a CORS header."""
    assert reply.status == status, (reply.status, reply.body)
    assert reply.header("content-type") == "application/json"
    body = reply.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert_no_cors(reply)
    return body["error"]  # type: ignore[no-any-return]


def assert_no_cors(reply: Reply) -> None:
    assert not [k for k, _ in reply.headers if k.lower().startswith("access-control-")]


# --- 1. Host -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1",
        "localhost",
        "127.0.0.1:{other}",
        "localhost.:{port}",
        "127.0.0.1.nip.io:{port}",
        "[::1]:{port}",
        "0.0.0.0:{port}",
        "127.0.0.1:{port}@evil.example",
        "",
    ],
)
@pytest.mark.parametrize("path", ["/v1/health", "/v1/analyze", "/v1/openapi.json"])
def test_wrong_host_is_403(live_server: LiveServer, host: str, path: str) -> None:
    value = host.format(port=live_server.port, other=live_server.port + 1)
    method = "POST" if path == "/v1/analyze" else "GET"
    reply = live_server.signed(method, path, SMALL if method == "POST" else None, host=value)
    assert_error(reply, 403, "forbidden_host")


def test_missing_host_is_403(live_server: LiveServer) -> None:
    reply = live_server.request("GET", "/v1/health", host=None, http10=True)
    assert_error(reply, 403, "forbidden_host")


def test_host_is_checked_before_everything_else(live_server: LiveServer) -> None:
    headers = {"Origin": "https://evil.example", "Content-Type": "text/plain"}
    reply = live_server.request("POST", "/v1/analyze", host="evil.example", headers=headers, body=b"x")
    assert_error(reply, 403, "forbidden_host")


# --- 2. Origin -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin",
    [
        None,
        "https://www.aliexpress.com",
        "https://evil.example",
        "null",
        "http://127.0.0.1:{port}",
        "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
        "chrome-extension://{id}.evil.example",
        "chrome-extension://{id}/",
        "CHROME-EXTENSION://{id}",
        "moz-extension://not-a-uuid",
        "moz-extension://0f3e2d1c-aaaa-4bbb-8ccc-123456789abc.evil.example",
        "",
    ],
)
def test_wrong_origin_is_403(live_server: LiveServer, origin: str | None) -> None:
    value = None if origin is None else origin.format(port=live_server.port, id=live_server.extension_id)
    reply = live_server.analyze(SMALL, headers={"Origin": value})
    assert_error(reply, 403, "forbidden_origin")


def test_repeated_origin_is_403(live_server: LiveServer) -> None:
    headers = [(k, v) for k, v in live_server.auth_headers(body=SMALL).items()]
    headers.append(("Origin", "https://evil.example"))
    reply = live_server.request("POST", "/v1/analyze", headers=headers, body=SMALL)
    assert_error(reply, 403, "forbidden_origin")


def test_origin_is_checked_before_token(live_server: LiveServer) -> None:
    reply = live_server.request(
        "POST", "/v1/analyze", headers={"Origin": "https://evil.example", "Content-Type": "text/plain"}, body=b"x"
    )
    assert_error(reply, 403, "forbidden_origin")


def test_health_refuses_a_web_origin_but_needs_none(live_server: LiveServer) -> None:
    assert live_server.request("GET", "/v1/health").status == 200
    ok = live_server.request("GET", "/v1/health", headers={"Origin": live_server.origin})
    assert ok.status == 200
    reply = live_server.request("GET", "/v1/health", headers={"Origin": "https://evil.example"})
    assert_error(reply, 403, "forbidden_origin")


def test_unknown_paths_need_origin_and_token(live_server: LiveServer) -> None:
    for path in ("/", "/openapi.json", "/v1/secret", "/v1/analyze/"):
        assert_error(live_server.request("GET", path), 403, "forbidden_origin")
        reply = live_server.request("GET", path, headers={"Origin": live_server.origin})
        assert_error(reply, 401, "unauthorized")


# --- 3. Signature (`server.auth`): the token itself never travels ---------------------------------


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer wrong",
        "Bearer {token}",
        "bearer {token}",
        "Basic {token}",
        "{token}",
        "orderlens-hmac {token}",
        "orderlens-hmac nonce={nonce}, ts={ts}",
        "orderlens-hmac nonce=xyz, ts={ts}, mac={mac}",
        "orderlens-hmac nonce={nonce}, ts=-1, mac={mac}",
        "orderlens-hmac nonce={nonce}, ts={ts}, mac={mac}x",
    ],
)
def test_unsigned_or_malformed_is_401_before_the_body(live_server: LiveServer, authorization: str | None) -> None:
    """Bearer tokens included, even the right one: the server never asks for the secret itself."""
    good = parse_authorization(live_server.sign(SMALL).encode())
    assert good is not None
    value = None
    if authorization is not None:
        value = authorization.format(token=live_server.token, nonce=good.nonce, ts=good.ts, mac=good.mac)
    reply = live_server.analyze(SMALL, headers={"Authorization": value})
    error = assert_error(reply, 401, "unauthorized")
    assert "orderlens-hmac" in error["message"] and live_server.token not in error["message"]
    assert reply.header("www-authenticate") == 'orderlens-hmac realm="orderlens"'


def test_wrong_token_is_401(live_server: LiveServer) -> None:
    other = new_token()
    reply = live_server.analyze(SMALL, headers={"Authorization": live_server.sign(SMALL, token=other)})
    error = assert_error(reply, 401, "unauthorized")
    assert "token" in error["message"]


def test_body_changed_after_signing_is_401(live_server: LiveServer) -> None:
    changed = SMALL.replace(b"hello", b"HELLO")
    reply = live_server.analyze(changed, headers={"Authorization": live_server.sign(SMALL)})
    assert_error(reply, 401, "unauthorized")


def test_mac_of_another_request_kind_is_401(live_server: LiveServer) -> None:
    """A hello's proof is no request mac: the labels differ."""
    hello = live_server.request("GET", f"/v1/hello?nonce={'a' * 64}").json()
    signature = parse_authorization(live_server.sign(SMALL).encode())
    assert signature is not None
    forged = f"orderlens-hmac nonce={signature.nonce}, ts={signature.ts}, mac={hello['proof']}"
    assert_error(live_server.analyze(SMALL, headers={"Authorization": forged}), 401, "unauthorized")


def test_replayed_request_is_401(live_server: LiveServer) -> None:
    signature = live_server.sign(SMALL)
    assert live_server.analyze(SMALL, headers={"Authorization": signature}).status == 200
    error = assert_error(live_server.analyze(SMALL, headers={"Authorization": signature}), 401, "unauthorized")
    assert "replay" in error["message"]
    # The same nonce with a new timestamp and mac is a replay too.
    nonce = parse_authorization(signature.encode()).nonce  # type: ignore[union-attr]
    again = live_server.sign(SMALL, nonce=nonce, ts=int(time.time()) + 1)
    assert_error(live_server.analyze(SMALL, headers={"Authorization": again}), 401, "unauthorized")


@pytest.mark.parametrize("offset", [-WINDOW_SECONDS - 30, WINDOW_SECONDS + 30, -(10**9)])
def test_stale_timestamp_is_401(live_server: LiveServer, offset: int) -> None:
    signature = live_server.sign(SMALL, ts=max(0, int(time.time()) + offset))
    error = assert_error(live_server.analyze(SMALL, headers={"Authorization": signature}), 401, "unauthorized")
    assert "clock" in error["message"]


def test_timestamp_inside_the_window_is_accepted(live_server: LiveServer) -> None:
    signature = live_server.sign(SMALL, ts=int(time.time()) - WINDOW_SECONDS // 2)
    assert live_server.analyze(SMALL, headers={"Authorization": signature}).status == 200


def test_signature_is_checked_before_content_type(live_server: LiveServer) -> None:
    headers = {"Origin": live_server.origin, "Content-Type": "text/plain"}
    reply = live_server.request("POST", "/v1/analyze", headers=headers, body=b"x")
    assert_error(reply, 401, "unauthorized")


def test_token_never_travels_in_an_answer(live_server: LiveServer) -> None:
    hello = live_server.request("GET", f"/v1/hello?nonce={'b' * 64}")
    analysis = live_server.analyze({"html": order_list_page()})
    for reply in (hello, analysis):
        assert live_server.token.encode() not in reply.body
        assert not any(live_server.token in value for _, value in reply.headers)


# --- 3b. Hello: the server proves it holds the token ------------------------------------------------


def test_hello_proof_verifies_with_the_right_token_only(live_server: LiveServer) -> None:
    nonce = new_nonce()
    reply = live_server.request("GET", f"/v1/hello?nonce={nonce}")
    assert reply.status == 200, reply.body
    hello = reply.json()
    assert set(hello) == {"server_nonce", "proof", "token_id", "version"}
    assert is_nonce(hello["server_nonce"]) and hello["server_nonce"] != nonce
    assert hello["proof"] == server_proof(live_server.token, live_server.port, nonce, hello["server_nonce"])
    assert hello["proof"] != server_proof(new_token(), live_server.port, nonce, hello["server_nonce"])
    # Bound to the port: a relay from another port cannot pass it off, nor to another client nonce.
    assert hello["proof"] != server_proof(live_server.token, live_server.port + 1, nonce, hello["server_nonce"])
    assert hello["proof"] != server_proof(live_server.token, live_server.port, new_nonce(), hello["server_nonce"])
    assert hello["token_id"] == token_id(live_server.token) != token_id(new_token())


def test_hello_server_nonce_is_fresh_each_time(live_server: LiveServer) -> None:
    nonce = new_nonce()
    first, second = (live_server.request("GET", f"/v1/hello?nonce={nonce}").json() for _ in range(2))
    assert first["server_nonce"] != second["server_nonce"] and first["proof"] != second["proof"]


@pytest.mark.parametrize("query", ["", "?nonce=", "?nonce=abc", f"?nonce={'A' * 64}", f"?nonce={'g' * 64}"])
def test_hello_without_a_good_nonce_is_422(live_server: LiveServer, query: str) -> None:
    error = assert_error(live_server.request("GET", f"/v1/hello{query}"), 422, "invalid_request")
    assert "nonce" in error["message"]


def test_hello_refuses_a_web_origin(live_server: LiveServer) -> None:
    reply = live_server.request("GET", f"/v1/hello?nonce={new_nonce()}", headers={"Origin": "https://evil.example"})
    assert_error(reply, 403, "forbidden_origin")


def test_hello_after_rotation_proves_the_new_token(live_server: LiveServer) -> None:
    old = live_server.token
    result = run_cli(["token", "--rotate"], live_server.env)
    assert result.returncode == 0, result.stderr
    nonce = new_nonce()
    hello = live_server.request("GET", f"/v1/hello?nonce={nonce}").json()
    assert hello["proof"] == server_proof(live_server.token, live_server.port, nonce, hello["server_nonce"])
    assert hello["proof"] != server_proof(old, live_server.port, nonce, hello["server_nonce"])
    assert live_server.analyze(SMALL, token=old).status == 401


# --- 4. Content-Type -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin-1",
        "application/jsonx",
        "application/vnd.api+json",
        "text/json",
    ],
)
def test_wrong_content_type_is_415(live_server: LiveServer, content_type: str | None) -> None:
    reply = live_server.analyze(SMALL, headers={"Content-Type": content_type})
    assert_error(reply, 415, "unsupported_media_type")


def test_content_type_is_checked_before_size(live_server: LiveServer) -> None:
    headers = live_server.auth_headers("text/plain")  # signed for no body: refused before the mac matters
    headers["Content-Length"] = str(LIMIT + 1)
    reply = live_server.request("POST", "/v1/analyze", headers=headers)
    assert_error(reply, 415, "unsupported_media_type")


# --- 5. Size -------------------------------------------------------------------------------------


def _raw_post(
    server: LiveServer, extra_header: str, body_chunks: Iterator[bytes], signed_for: bytes = b""
) -> tuple[bytes, int]:
    """Send a POST by hand, streaming the body until the server answers; return (response, bytes sent).

    The signature is for `signed_for`: refusals on size come before the mac is checked.
    """
    head = (
        f"POST /v1/analyze HTTP/1.1\r\nHost: {server.host}\r\nOrigin: {server.origin}\r\n"
        f"Authorization: {server.sign(signed_for)}\r\nContent-Type: application/json\r\n{extra_header}\r\n\r\n"
    )
    sent = 0
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head.encode())
        try:
            for chunk in body_chunks:
                if select.select([sock], [], [], 0)[0]:
                    break  # the server has answered: stop sending
                sock.sendall(chunk)
                sent += len(chunk)
        except OSError:
            pass  # the server may close while we are still sending
        response = b""
        deadline = time.monotonic() + 30
        try:
            while b"\r\n\r\n" not in response or not _complete(response):
                data = sock.recv(65536)
                if not data or time.monotonic() > deadline:
                    break
                response += data
        except OSError:
            pass  # reset after the response arrived
    return response, sent


def _complete(response: bytes) -> bool:
    head, _, body = response.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return False


def _parse(raw: bytes) -> Reply:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = [(name.strip(), value.strip()) for name, _, value in (line.partition(":") for line in lines[1:])]
    return Reply(status, headers, body)


def _json_chunks(total: int, chunk: int = 64 * 1024) -> Iterator[bytes]:
    """A valid JSON document of `total` bytes, produced lazily — never held in memory whole."""
    prefix, suffix = b'{"html": "', b'"}'
    yield prefix
    remaining = total - len(prefix) - len(suffix)
    while remaining > 0:
        n = min(chunk, remaining)
        yield b"a" * n
        remaining -= n
    yield suffix


def _chunked(pieces: Iterator[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        yield b"%x\r\n%s\r\n" % (len(piece), piece)
    yield b"0\r\n\r\n"


def test_declared_oversize_body_is_413_before_reading(live_server: LiveServer) -> None:
    raw, sent = _raw_post(live_server, f"Content-Length: {LIMIT + 1}", _json_chunks(LIMIT + 1))
    assert_error(_parse(raw), 413, "payload_too_large")
    assert sent < LIMIT  # refused on the header, long before the body was all sent


def test_streamed_oversize_body_is_413_while_reading(live_server: LiveServer) -> None:
    raw, sent = _raw_post(live_server, "Transfer-Encoding: chunked", _chunked(_json_chunks(64 * MiB)))
    assert_error(_parse(raw), 413, "payload_too_large")
    assert sent < 64 * MiB  # the server answered without waiting for the whole body


def test_body_at_the_limit_is_accepted(live_server: LiveServer) -> None:
    body = b"".join(_json_chunks(LIMIT))
    raw, _ = _raw_post(live_server, f"Content-Length: {LIMIT}", iter([body]), signed_for=body)
    reply = _parse(raw)
    assert reply.status == 200, reply.body[:300]
    assert reply.json()["page_kind"] == "unknown"


def test_size_is_checked_before_json(live_server: LiveServer) -> None:
    garbage = iter([b"{not json" * 1000] * 1200)  # > 8 MiB of invalid JSON
    raw, _ = _raw_post(live_server, "Transfer-Encoding: chunked", _chunked(garbage))
    assert_error(_parse(raw), 413, "payload_too_large")


# --- 6. Body shape -------------------------------------------------------------------------------

#: Unknown fields are named by what is allowed, never by the caller's own (possibly private) names.
UNKNOWN_FIELDS = "unknown field(s) in the request body; allowed: html, url, lang, journal"


@pytest.mark.parametrize(
    ("body", "mentions"),
    [
        (b"", "body"),
        (b"{", "JSON"),
        (b"not json", "JSON"),
        (b'{"html": "<p>x</p>",}', "JSON"),
        (b"[]", "body"),
        (b'"<p>x</p>"', "body"),
        (b"{}", "html"),
        (b'{"html": 5}', "html"),
        (b'{"html": null}', "html"),
        (b'{"html": ["<p>"]}', "html"),
        (b'{"html": "<p>x</p>", "url": 5}', "url"),
        (b'{"html": "<p>x</p>", "lang": {"a": 1}}', "lang"),
        (b'{"html": "<p>x</p>", "lang": "' + b"x" * 100 + b'"}', "lang"),
        (b'{"html": "<p>x</p>", "fetch": "https://evil.example"}', UNKNOWN_FIELDS),
        (b'{"html": "<p>x</p>"}\xff', "JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "JSON"),
        (b'{"html": "<p>x</p>", "lang": ' + b"9" * 5000 + b"}", "JSON"),
    ],
)
def test_malformed_body_is_422(live_server: LiveServer, body: bytes, mentions: str) -> None:
    reply = live_server.analyze(body)
    error = assert_error(reply, 422, "invalid_request")
    assert mentions in error["message"]


@pytest.mark.parametrize(
    "body",
    [
        {"html": "<p>x</p>", "fetch": "https://evil.example"},
        {"fetch": "https://evil.example", "html_": 1},
        {"html": 5, "fetch": 1, "url": [1]},
    ],
)
def test_unknown_fields_are_named_by_what_is_allowed_not_echoed(
    live_server: LiveServer, body: dict[str, object]
) -> None:
    error = assert_error(live_server.analyze(body), 422, "invalid_request")
    assert UNKNOWN_FIELDS in error["message"]
    assert "fetch" not in error["message"] and "html_" not in error["message"]
    if "html" not in body:
        assert "html: Field required" in error["message"]  # our own fields are still named
    if body.get("html") == 5:
        assert "html: Input should be a valid string" in error["message"] and "url: " in error["message"]


def test_422_message_never_echoes_the_page(live_server: LiveServer) -> None:
    marker = "Jane-Example-Privatestreet-42"
    body = json.dumps({"html": f"<p>{marker}</p>", "lang": marker * 3}).encode()
    reply = live_server.analyze(body)
    assert_error(reply, 422, "invalid_request")
    assert marker.encode() not in reply.body


# --- 7. Methods, paths, CORS ---------------------------------------------------------------------


def test_get_on_analyze_is_405(live_server: LiveServer) -> None:
    reply = live_server.signed("GET", "/v1/analyze")
    assert_error(reply, 405, "method_not_allowed")


def test_post_on_health_is_405(live_server: LiveServer) -> None:
    reply = live_server.signed("POST", "/v1/health", b"{}")
    assert_error(reply, 405, "method_not_allowed")


def test_unknown_path_is_404_after_auth(live_server: LiveServer) -> None:
    reply = live_server.signed("GET", "/v1/nothing")
    assert_error(reply, 404, "not_found")


@pytest.mark.parametrize("origin", ["https://evil.example", "https://www.aliexpress.com", None])
def test_preflight_gets_no_cors_headers(live_server: LiveServer, origin: str | None) -> None:
    headers = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
        "Access-Control-Request-Private-Network": "true",
    }
    if origin:
        headers["Origin"] = origin
    reply = live_server.request("OPTIONS", "/v1/analyze", headers=headers)
    assert_error(reply, 403, "forbidden_origin")
    reply = live_server.request("OPTIONS", "/v1/health", headers=headers)
    assert reply.status in (403, 405)
    assert_no_cors(reply)


def test_preflight_from_the_extension_gets_no_cors_headers_either(live_server: LiveServer) -> None:
    headers = {
        "Origin": live_server.origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
    }
    assert_error(live_server.request("OPTIONS", "/v1/analyze", headers=headers), 401, "unauthorized")
    headers["Authorization"] = live_server.sign()
    assert_error(live_server.request("OPTIONS", "/v1/analyze", headers=headers), 405, "method_not_allowed")


def test_successful_responses_have_no_cors_headers(live_server: LiveServer) -> None:
    assert_no_cors(live_server.health())
    reply = live_server.analyze({"html": order_list_page()})
    assert reply.status == 200
    assert_no_cors(reply)
