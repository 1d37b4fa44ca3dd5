"""The `orderlens` CLI exposes the server's commands, and every command it prints can be pasted as is.

After `make run` the command is .venv/bin/orderlens, which a shell does not find as `orderlens`; after a
pipx or wheel install it is on PATH. The server's start-up text, its 401 and the token errors name it
the way that works here: `orderlens` only when PATH leads to this very script, else its full path. The
Makefile's shopper targets (`make run [PORT=N]`, `make token`) install the runtime only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from serverkit import REPO, server_env, start_server

from orderlens.server import invocation
from orderlens.server.auth import authorization

ORDERLENS = [sys.executable, "-c", "from orderlens.parser.cli import main; main()"]
SCRIPT = Path(sys.executable).parent / "orderlens"  # the console script the venv installed
WITHOUT_SCRIPT = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if Path(p) != SCRIPT.parent)


def orderlens(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ORDERLENS, *args], cwd=REPO, env=server_env(home), capture_output=True, text=True, timeout=60
    )


def installed(args: list[str], home: Path, path: str) -> subprocess.CompletedProcess[str]:
    """Run the real console script with the given PATH, as a shopper's shell would."""
    env = server_env(home, {"PATH": path})
    return subprocess.run([str(SCRIPT), *args], cwd=home, env=env, capture_output=True, text=True, timeout=60)


def test_orderlens_serve_refuses_a_public_host(tmp_path: Path) -> None:
    result = orderlens(["serve", "--host", "0.0.0.0"], tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "0.0.0.0" in lines[0] and "127.0.0.1" in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_orderlens_token_prints_and_rotates(tmp_path: Path) -> None:
    first = orderlens(["token"], tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == (tmp_path / "token").read_text().strip()
    rotated = orderlens(["token", "--rotate"], tmp_path)
    assert rotated.returncode == 0
    assert rotated.stdout.strip() not in ("", first.stdout.strip())


def damaged_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    (home / "token").write_text("not a token\n")
    (home / "token").chmod(0o600)
    return home


def test_token_error_names_the_full_path_when_orderlens_is_not_on_path(tmp_path: Path) -> None:
    result = installed(["token"], damaged_home(tmp_path), WITHOUT_SCRIPT)
    assert result.returncode == 2
    assert result.stderr.strip().endswith(f"replace it with: {SCRIPT} token --rotate"), result.stderr
    assert "`" not in result.stderr


def test_token_error_says_orderlens_when_path_finds_this_script(tmp_path: Path) -> None:
    result = installed(["token"], damaged_home(tmp_path), f"{SCRIPT.parent}{os.pathsep}{WITHOUT_SCRIPT}")
    assert result.returncode == 2
    assert result.stderr.strip().endswith("replace it with: orderlens token --rotate"), result.stderr


def test_banner_and_401_name_a_command_that_runs(tmp_path: Path) -> None:
    """`python -m orderlens.server` belongs to the venv's script; what it prints runs and prints the token."""
    server = start_server(tmp_path, {"PATH": WITHOUT_SCRIPT})
    try:
        banner = server.stdout_text()
        wrong = authorization("not-the-token", b"{}")  # well formed, signed with another token
        headers = {"Origin": server.origin, "Authorization": wrong, "Content-Type": "application/json"}
        reply = server.request("POST", "/v1/analyze", headers=headers, body=b"{}")
    finally:
        server.stop()
    command = f"{SCRIPT} token"
    assert f"prints: {command}\n" in banner and "`" not in banner, banner
    assert reply.status == 401
    message = json.loads(reply.body)["error"]["message"]
    assert message.endswith(f": {command}") and "`" not in message, message
    ran = subprocess.run(command, shell=True, env=server_env(server.home), capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0 and ran.stdout.strip() == server.token


def test_command_line_quotes_a_path_the_shell_would_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "my tools"
    folder.mkdir()
    script = folder / "orderlens"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(script)])
    monkeypatch.setenv("PATH", str(tmp_path))
    assert invocation.command_line("token", "--rotate") == f"'{script}' token --rotate"
    assert invocation.executable() == script
    monkeypatch.setenv("PATH", str(folder))
    assert invocation.command_line("service", "install") == "orderlens service install"


def make_plan(*args: str) -> list[str]:
    """What `make ARGS` would run from a fresh clone (-B: as if nothing were built yet), without running it."""
    # Many shells and hosts set PORT; only PORT= on the make line counts. Under `make test` the outer make's
    # flags (MAKEFLAGS, MAKELEVEL) would make this one print "Entering directory" lines: drop them.
    outer = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}
    env = {**{k: v for k, v in os.environ.items() if k not in outer}, "PORT": "9999"}
    command = ["make", "--no-print-directory", "-n", "-B", *args]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [line.strip() for line in result.stdout.splitlines()]


def test_make_run_installs_the_runtime_only_and_passes_the_port() -> None:
    plan = make_plan("run")
    assert ".venv/bin/pip install --quiet -c constraints.txt -e ." in plan
    assert not [line for line in plan if "[dev]" in line]  # no test tooling for the shopper
    assert plan[-1] == ".venv/bin/orderlens serve"
    assert make_plan("run", "PORT=8800")[-1] == ".venv/bin/orderlens serve --port 8800"


def test_make_token_prints_the_token_and_make_test_adds_the_dev_tools() -> None:
    assert make_plan("token")[-1] == ".venv/bin/orderlens token"
    plan = make_plan("test")
    assert plan.index(".venv/bin/pip install --quiet -c constraints.txt -e '.[dev]'") < plan.index(".venv/bin/pytest")
