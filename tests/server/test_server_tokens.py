"""The pairing token: file mode, strength, `token` / `token --rotate`, and rotation on a live server."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest
from server_pages import order_list_page
from serverkit import LiveServer, run_cli, server_env

from orderlens.server import tokens


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

    headers = live_server.auth_headers()
    headers["Authorization"] = f"Bearer {old}"
    assert live_server.analyze({"html": order_list_page()}, headers=headers).status == 401
    assert live_server.analyze({"html": order_list_page()}).status == 200


def test_deleted_token_file_refuses_everything_until_recreated(live_server: LiveServer) -> None:
    old = live_server.token
    headers = live_server.auth_headers()
    (live_server.home / "token").unlink()
    assert live_server.analyze({"html": "<p>x</p>"}, headers=headers).status == 401
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
    assert store.current() is None and not store.accepts("anything")
    first = tokens.read_or_create(path)
    assert store.accepts(first)
    second = tokens.rotate(path)
    assert store.accepts(second) and not store.accepts(first)
    path.write_text("garbage\n")
    assert store.current() is None


def test_tokens_are_random_and_compared_exactly() -> None:
    values = {tokens.new_token() for _ in range(100)}
    assert len(values) == 100
    token = tokens.new_token()
    assert tokens.tokens_equal(token, token)
    assert tokens.tokens_equal(token.encode(), token)
    assert not tokens.tokens_equal(token[:-1], token)
    assert not tokens.tokens_equal(token + "x", token)
    assert not tokens.tokens_equal("é" * 43, token)
    assert not tokens.tokens_equal("", token)
