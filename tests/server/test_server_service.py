"""`orderlens service install|uninstall`: the server starts at login and the setup can be undone.

The unit and the LaunchAgent are rendered and read back; `systemd-analyze verify` checks the unit when the
machine has it. Install and uninstall run the real command with HOME in a temporary folder. The service
managers are outside the project: a stand-in `systemctl` / `launchctl` on PATH records its arguments and
answers as a reachable session, an unreachable one (a container, ssh without a user bus) or a refusal.
"""

from __future__ import annotations

import configparser
import os
import plistlib
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from serverkit import server_env

from orderlens.server import service

SCRIPT = Path(sys.executable).parent / "orderlens"  # the console script the venv installed
UNREACHABLE = "Failed to connect to bus: No medium found"


def fake_tool(folder: Path, name: str, *, fails_on: str | None = None, says: str = UNREACHABLE) -> Path:
    """A `name` on PATH that appends its arguments to folder/<name>.log and fails when they contain `fails_on`."""
    folder.mkdir(exist_ok=True)
    log = folder / f"{name}.log"
    refuse = ""
    if fails_on is not None:
        refuse = f'case "$*" in *{shlex.quote(fails_on)}*) echo {shlex.quote(says)} >&2; exit 1;; esac\n'
    tool = folder / name
    tool.write_text(f'#!/bin/sh\necho "$*" >> {shlex.quote(str(log))}\n{refuse}exit 0\n')
    tool.chmod(0o755)
    return log


def calls(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def run(args: list[str], home: Path, path: Path) -> subprocess.CompletedProcess[str]:
    """The real console script, with HOME and PATH as a shopper's login shell might have them."""
    env = server_env(home / "orderlens-home", {"HOME": str(home), "PATH": str(path)})
    for name in [name for name in env if name.startswith("ORDERLENS_") and name != "ORDERLENS_HOME"]:
        env.pop(name)  # the developer's own settings would be handed on to the unit
    env.pop("XDG_CONFIG_HOME", None)
    return subprocess.run(
        [str(SCRIPT), "service", *args], cwd=home, env=env, capture_output=True, text=True, timeout=60
    )


def unit_path(home: Path) -> Path:
    return home / ".config" / "systemd" / "user" / "orderlens.service"


def read_unit(text: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    unit.read_string(text)
    return unit


def assert_verified(path: Path) -> None:
    """systemd's own check, where the machine has it: no error and no warning (an unknown key is one)."""
    if shutil.which("systemd-analyze") is not None:
        checked = subprocess.run(["systemd-analyze", "verify", str(path)], capture_output=True, text=True, timeout=60)
        assert (checked.returncode, checked.stderr) == (0, ""), checked.stderr


def test_unit_runs_this_orderlens_with_settings_and_restarts_on_failure(tmp_path: Path) -> None:
    folder = tmp_path / "my tools"  # a space, which ExecStart must quote
    folder.mkdir()
    program = folder / "orderlens"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    environ = {"ORDERLENS_WORKERS": "2", "ORDERLENS_HOME": "/data/50% off/$HOME", "PATH": "/usr/bin", "HOME": "/root"}
    found = service.manager("linux", tmp_path, [str(program), "serve", "--port", "8801"], environ)
    assert found.path == unit_path(tmp_path)

    unit = read_unit(found.text)
    assert unit.sections() == ["Unit", "Service", "Install"]
    exec_start = unit["Service"]["ExecStart"]
    assert shlex.split(exec_start) == [str(program), "serve", "--port", "8801"]
    # Only the orderlens settings are handed on, with systemd's % and $ escaped.
    assert unit["Service"]["Environment"] == '"ORDERLENS_HOME=/data/50%% off/$$HOME" ORDERLENS_WORKERS=2'
    assert unit["Service"]["Restart"] == "on-failure"
    assert unit["Install"]["WantedBy"] == "default.target"
    assert "PATH" not in found.text and "/root" not in found.text

    found.path.parent.mkdir(parents=True)
    found.path.write_text(found.text)
    assert_verified(found.path)


def test_unit_goes_under_xdg_config_home_when_set(tmp_path: Path) -> None:
    found = service.manager("linux", tmp_path, ["/x/orderlens"], {"XDG_CONFIG_HOME": str(tmp_path / "conf")})
    assert found.path == tmp_path / "conf" / "systemd" / "user" / "orderlens.service"


def test_launch_agent_runs_at_load_and_again_after_a_failure(tmp_path: Path) -> None:
    command = ["/Users/a/orderlens/.venv/bin/orderlens", "serve", "--port", "8801"]
    found = service.manager("darwin", tmp_path, command, {"ORDERLENS_HOME": "/Users/a/ol", "SHELL": "/bin/zsh"})
    assert found.path == tmp_path / "Library" / "LaunchAgents" / "local.orderlens.server.plist"
    agent = plistlib.loads(found.text.encode("utf-8"))
    assert agent["Label"] == "local.orderlens.server"
    assert agent["ProgramArguments"] == command
    assert agent["RunAtLoad"] is True and agent["KeepAlive"] == {"SuccessfulExit": False}
    assert agent["EnvironmentVariables"] == {"ORDERLENS_HOME": "/Users/a/ol"}
    assert agent["StandardErrorPath"] == str(tmp_path / "Library" / "Logs" / "orderlens.log")


def test_other_platforms_get_a_clear_refusal(tmp_path: Path) -> None:
    with pytest.raises(service.ServiceError, match=r"Linux .* macOS .* not on win32"):
        service.manager("win32", tmp_path, ["orderlens"], {})


@pytest.mark.parametrize("systemctl", ["missing", "no session"])
def test_install_without_a_reachable_systemctl_writes_the_unit_and_prints_the_commands(
    tmp_path: Path, systemctl: str
) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    log = fake_tool(tools, "systemctl", fails_on="show-environment") if systemctl == "no session" else None

    installed = run(["install", "--port", "8801"], tmp_path, tools)
    assert installed.returncode == 0, installed.stderr
    unit = read_unit(unit_path(tmp_path).read_text())
    assert shlex.split(unit["Service"]["ExecStart"]) == [str(SCRIPT), "serve", "--port", "8801"]
    assert unit["Service"]["Environment"] == f"ORDERLENS_HOME={tmp_path / 'orderlens-home'}"
    assert_verified(unit_path(tmp_path))
    commands = "systemctl --user daemon-reload && systemctl --user enable --now orderlens.service"
    assert installed.stdout.splitlines()[-1] == f"  {commands}"
    if log is not None:
        assert calls(log) == ["--user show-environment"]  # asked, then changed nothing
    again = run(["install", "--port", "8802"], tmp_path, tools)
    assert again.stdout.splitlines()[-1] == f"  systemctl --user disable --now orderlens.service && {commands}"
    assert "--port 8802" in unit_path(tmp_path).read_text()

    removed = run(["uninstall"], tmp_path, tools)
    assert removed.returncode == 0, removed.stderr
    assert not unit_path(tmp_path).exists()
    stop = "systemctl --user stop orderlens.service && systemctl --user daemon-reload"
    assert removed.stdout.splitlines()[-1] == f"  {stop}"


def test_install_and_uninstall_drive_a_reachable_systemctl(tmp_path: Path) -> None:
    tools = tmp_path / "bin"
    log = fake_tool(tools, "systemctl")

    installed = run(["install"], tmp_path, tools)
    assert installed.returncode == 0, installed.stderr
    assert "http://127.0.0.1:8765" in installed.stdout
    assert installed.stdout.splitlines()[-1] == f"Undo: {SCRIPT} service uninstall"  # orderlens is not on PATH
    assert calls(log) == ["--user show-environment", "--user daemon-reload", "--user enable --now orderlens.service"]
    assert "--port 8765" in unit_path(tmp_path).read_text()

    log.unlink()
    again = run(["install", "--port", "8802"], tmp_path, tools)  # another port: the running one is replaced
    assert again.returncode == 0, again.stderr
    assert calls(log) == [
        "--user show-environment",
        "--user disable --now orderlens.service",
        "--user daemon-reload",
        "--user enable --now orderlens.service",
    ]
    assert "--port 8802" in unit_path(tmp_path).read_text()

    wants = unit_path(tmp_path).parent / "default.target.wants" / "orderlens.service"
    wants.parent.mkdir()
    wants.symlink_to(unit_path(tmp_path))  # what a real `enable` leaves behind
    log.unlink()
    removed = run(["uninstall"], tmp_path, tools)
    assert removed.returncode == 0, removed.stderr
    assert calls(log) == ["--user show-environment", "--user disable --now orderlens.service", "--user daemon-reload"]
    assert not unit_path(tmp_path).exists() and not wants.is_symlink()


def test_a_refusing_systemctl_is_one_line_and_exit_1(tmp_path: Path) -> None:
    tools = tmp_path / "bin"
    fake_tool(tools, "systemctl", fails_on="enable", says="Failed to enable unit: Access denied")
    result = run(["install"], tmp_path, tools)
    assert result.returncode == 1
    refused = "systemctl --user enable --now orderlens.service failed: Failed to enable unit: Access denied"
    assert result.stderr.strip().splitlines() == [f"orderlens: {refused}"]


def test_uninstall_when_nothing_was_installed_says_so(tmp_path: Path) -> None:
    tools = tmp_path / "bin"
    log = fake_tool(tools, "systemctl")
    result = run(["uninstall"], tmp_path, tools)
    assert result.returncode == 0
    assert "was not set up to start at login" in result.stdout
    assert calls(log) == []


def test_port_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    result = run(["install", "--port", "0"], tmp_path, tmp_path)
    assert result.returncode == 2
    assert not unit_path(tmp_path).exists()


def test_macos_install_and_uninstall_drive_launchctl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tools = tmp_path / "bin"
    log = fake_tool(tools, "launchctl")
    monkeypatch.setenv("PATH", str(tools))
    found = service.manager("darwin", tmp_path, ["/opt/orderlens", "serve", "--port", "8765"], os.environ)

    said = service.install(found, 8765, "orderlens service uninstall")
    assert found.path.read_text() == found.text
    assert calls(log) == ["version", f"load -w {found.path}"]
    assert said[-1] == "Undo: orderlens service uninstall"

    said = service.uninstall(found)
    assert not found.path.exists()
    assert calls(log)[2:] == ["version", f"unload -w {found.path}"]
    assert "no longer starts at login" in said[0]
