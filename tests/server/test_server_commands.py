"""`serve` refuses anything but loopback and fails with one clear line, never a traceback."""

from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path

import pytest
from serverkit import LiveServer, run_cli, server_env, start_server


def assert_one_line_failure(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "example.com", "127.0.0.2", "::1"])
def test_non_loopback_host_is_refused(tmp_path: Path, host: str) -> None:
    result = run_cli(["--host", host, "--port", "0"], server_env(tmp_path))
    assert_one_line_failure(result, host, "127.0.0.1")
    assert result.stdout == ""
    assert not (tmp_path / "token").exists()  # refused before doing anything


def test_busy_port_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = run_cli(["--port", str(port)], server_env(tmp_path))
    assert_one_line_failure(result, str(port), "--port")


def test_missing_manifest_is_a_clear_error(tmp_path: Path) -> None:
    env = server_env(tmp_path, {"ORDERLENS_EXTENSION_MANIFEST": str(tmp_path / "nope.json")})
    assert_one_line_failure(run_cli(["--port", "0"], env), "manifest")


def test_manifest_without_key_is_a_clear_error(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"manifest_version": 3, "name": "x"}))
    env = server_env(tmp_path, {"ORDERLENS_EXTENSION_MANIFEST": str(manifest)})
    assert_one_line_failure(run_cli(["--port", "0"], env), "key")


@pytest.mark.parametrize("value", ["soon", "0", "-1"])
def test_bad_timeout_setting_is_a_clear_error(tmp_path: Path, value: str) -> None:
    env = server_env(tmp_path, {"ORDERLENS_ANALYSIS_TIMEOUT": value})
    assert_one_line_failure(run_cli(["--port", "0"], env), "ORDERLENS_ANALYSIS_TIMEOUT")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ORDERLENS_HEADER_TIMEOUT", "0"),
        ("ORDERLENS_HEADER_TIMEOUT", "nan"),
        ("ORDERLENS_BODY_TIMEOUT", "-5"),
        ("ORDERLENS_BODY_TIMEOUT", "3601"),
        ("ORDERLENS_SHUTDOWN_TIMEOUT", "1.5"),
        ("ORDERLENS_SHUTDOWN_TIMEOUT", "-1"),
        ("ORDERLENS_SHUTDOWN_TIMEOUT", "²"),
    ],
)
def test_bad_deadline_setting_is_a_clear_error(tmp_path: Path, name: str, value: str) -> None:
    assert_one_line_failure(run_cli(["--port", "0"], server_env(tmp_path, {name: value})), name)


def test_startup_banner_says_address_version_and_how_to_pair(live_server: LiveServer) -> None:
    out = live_server.stdout_text()
    assert f"http://127.0.0.1:{live_server.port}" in out
    assert live_server.health().json()["version"] in out
    assert "orderlens token" in out
    assert live_server.token not in out  # the banner points at the token, never prints it


def test_localhost_is_accepted_and_binds_loopback(tmp_path: Path) -> None:
    server = start_server(tmp_path, args=["--host", "localhost"])
    try:
        assert server.health().status == 200
    finally:
        server.stop()
