"""The pairing token: file mode, strength, `token` / `token --rotate`, and rotation on a live server."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest
from server_pages import order_list_page
from serverkit import LiveServer, run_cli, server_env

from orderlens.server import auth, tokens


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_server_creates_a_private_256_bit_token(live_server: LiveServer) -> None:
    path = live_server.home / "token"
    assert mode(path) == 0o600
    assert mode(live_server.home) == 0o700
    raw = base64.urlsafe_b64decode(live_server.token + "=")
    assert len(raw) == 32


def test_token_command_prints_the_servers_token(live_server: LiveServer) -> None:
    result = run_cli(["token"], live_server.env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == live_server.token
    assert mode(live_server.home / "token") == 0o600


def test_rotate_takes_effect_on_the_running_server(live_server: LiveServer) -> None:
    old = live_server.token
    result = run_cli(["token", "--rotate"], live_server.env)
    assert result.returncode == 0, result.stderr
    new = result.stdout.strip()
    assert new != old and new == live_server.token
    assert "no longer works" in result.stderr  # the re-pairing hint goes to stderr; stdout is just the token
    assert mode(live_server.home / "token") == 0o600

    assert live_server.analyze({"html": order_list_page()}, token=old).status == 401
    assert live_server.analyze({"html": order_list_page()}).status == 200


def test_deleted_token_file_refuses_everything_until_recreated(live_server: LiveServer) -> None:
    old = live_server.token
    (live_server.home / "token").unlink()
    assert live_server.analyze({"html": "<p>x</p>"}, token=old).status == 401
    hello = live_server.request("GET", f"/v1/hello?nonce={auth.new_nonce()}")  # nothing to prove with
    assert hello.status == 401 and hello.json()["error"]["code"] == "unauthorized"
    assert live_server.health().status == 200
    result = run_cli(["token"], live_server.env)
    assert result.returncode == 0
    assert result.stdout.strip() != old
    assert live_server.analyze({"html": "<p>x</p>"}).status == 200


def test_token_command_creates_the_home_folder(tmp_path: Path) -> None:
    home = tmp_path / "fresh" / "orderlens"
    result = run_cli(["token"], server_env(home))
    assert result.returncode == 0, result.stderr
    assert (home / "token").read_text().strip() == result.stdout.strip()
    assert mode(home / "token") == 0o600


def test_read_or_create_is_stable(tmp_path: Path) -> None:
    path = tmp_path / "token"
    first = tokens.read_or_create(path)
    assert tokens.read_or_create(path) == first
    assert mode(path) == 0o600


def test_rotate_replaces_the_token(tmp_path: Path) -> None:
    path = tmp_path / "token"
    first = tokens.read_or_create(path)
    second = tokens.rotate(path)
    assert second != first
    assert tokens.read_or_create(path) == second
    assert mode(path) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["token"]  # no temp files left behind


def test_loosened_mode_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "token"
    tokens.read_or_create(path)
    os.chmod(path, 0o644)
    tokens.read_or_create(path)
    assert mode(path) == 0o600


def test_mode_is_0600_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        tokens.rotate(tmp_path / "token")
    finally:
        os.umask(old)
    assert mode(tmp_path / "token") == 0o600


def test_damaged_token_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text("not a token\n")
    with pytest.raises(tokens.TokenError, match="--rotate"):
        tokens.read_or_create(path)
    result = run_cli(["token"], server_env(tmp_path))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_store_follows_the_file(tmp_path: Path) -> None:
    path = tmp_path / "token"
    store = tokens.TokenStore(path)
    assert store.current() is None
    first = tokens.read_or_create(path)
    assert store.current() == first
    second = tokens.rotate(path)
    assert store.current() == second != first
    path.write_text("garbage\n")
    assert store.current() is None


def test_tokens_are_random_and_signatures_need_the_exact_token() -> None:
    values = {tokens.new_token() for _ in range(100)}
    assert len(values) == 100
    token, body = tokens.new_token(), b'{"html": "<p>x</p>"}'
    signature = auth.parse_authorization(auth.authorization(token, body).encode())
    assert signature is not None and auth.signature_valid(token, signature, body)
    for other in (token[:-1], token + "x", tokens.new_token()):
        assert not auth.signature_valid(other, signature, body)
    assert not auth.signature_valid(token, signature, body + b" ")


def test_replay_guard_remembers_nonces_for_the_window_only() -> None:
    guard = auth.ReplayGuard(window=120)
    now = 1_000_000.0
    first = auth.Signature(auth.new_nonce(), int(now), "0" * 64)
    assert guard.fresh(first.ts, now) and guard.first_use(first, now)
    assert not guard.first_use(first, now + 60)  # a replay inside the window
    assert not guard.fresh(int(now) - 121, now) and not guard.fresh(int(now) + 121, now)
    # Full memory: expired nonces make room; live ones never do (then new requests wait).
    guard._seen = {f"{n:032x}": now - 1 for n in range(auth.MAX_REMEMBERED)}
    assert guard.first_use(auth.Signature(auth.new_nonce(), int(now), "0" * 64), now)
    assert len(guard._seen) == 1
    guard._seen = {f"{n:032x}": now + 100 for n in range(auth.MAX_REMEMBERED)}
    assert not guard.first_use(auth.Signature(auth.new_nonce(), int(now), "0" * 64), now)
    # Once per window, expired nonces are forgotten even when memory is far from full.
    guard._seen, guard._next_prune = {"a" * 32: now + 10, "b" * 32: now - 10}, now
    assert guard.first_use(auth.Signature("c" * 32, int(now), "0" * 64), now)
    assert set(guard._seen) == {"a" * 32, "c" * 32}
