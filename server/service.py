"""Start the server at login, so the extension finds it after a reboot without anyone running a command.

Linux gets a systemd user unit, macOS a LaunchAgent. Each service runs this very orderlens by absolute
path (a service manager knows nothing of the shopper's PATH or venv) with the ORDERLENS_* settings of
the shell that installed it, so it reads the same token file that `orderlens token` prints. When the
service manager cannot be reached (no user session bus, a container), the file is still written and
the exact commands to finish are printed instead.
"""

from __future__ import annotations

import plistlib
import shlex
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

UNIT = "orderlens.service"
LABEL = "local.orderlens.server"
SETTINGS_PREFIX = "ORDERLENS_"
_RUN_TIMEOUT = 60.0  # a hang guard: systemctl and launchctl answer in well under a second


class ServiceError(RuntimeError):
    """Start at login cannot be set up here; the message says why."""


@dataclass(frozen=True)
class Manager:
    """One platform's service manager: where the file goes and the commands around it."""

    tool: str  # systemctl or launchctl
    path: Path  # the unit or plist
    text: str  # its contents
    probe: list[str]  # succeeds only when the tool can reach the shopper's session
    start: list[list[str]]  # after writing the file
    stop: list[list[str]]  # before removing or replacing it
    after_removal: list[list[str]]  # once it is gone
    stop_removed: list[list[str]]  # what stops a running server whose file is already gone
    #: What `systemctl enable` links to the unit, removed with it even when systemctl cannot run.
    links: tuple[Path, ...] = ()


def settings_env(environ: Mapping[str, str]) -> dict[str, str]:
    """The ORDERLENS_* settings to hand on to the service, sorted so the file is stable."""
    return {name: value for name, value in sorted(environ.items()) if name.startswith(SETTINGS_PREFIX)}


def _systemd_word(word: str) -> str:
    """One ExecStart= or Environment= word: `%` is a specifier and `$` a variable unless doubled."""
    escaped = word.replace("%", "%%").replace("$", "$$")
    if escaped and not any(c in escaped for c in ' \t"\'\\;'):
        return escaped
    return '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_unit(command: Sequence[str], env: Mapping[str, str]) -> str:
    """The systemd user unit that runs `command` (this orderlens + serve --port N) at login."""
    lines = [
        "[Unit]",
        "Description=orderlens analysis server for the orderlens browser extension (127.0.0.1 only)",
        "",
        "[Service]",
        "Type=exec",
        "ExecStart=" + " ".join(_systemd_word(word) for word in command),
        *(["Environment=" + " ".join(_systemd_word(f"{name}={value}") for name, value in env.items())] if env else []),
        "Restart=on-failure",
        "RestartSec=5",
        "",
        "[Install]",
        "WantedBy=default.target",
    ]
    return "\n".join(lines) + "\n"


def render_plist(command: Sequence[str], env: Mapping[str, str], log: Path) -> str:
    """The LaunchAgent that runs `command` at login and again if it fails, logging to `log`."""
    agent: dict[str, object] = {
        "Label": LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},  # restart after a failure, not after a clean stop
        "StandardOutPath": str(log),
        "StandardErrorPath": str(log),
    }
    if env:
        agent["EnvironmentVariables"] = dict(env)
    return plistlib.dumps(agent).decode("utf-8")


def manager(platform: str, home: Path, command: Sequence[str], environ: Mapping[str, str]) -> Manager:
    """The service manager of `platform` (sys.platform) for the account whose home folder is `home`."""
    env = settings_env(environ)
    if platform.startswith("linux"):
        config = environ.get("XDG_CONFIG_HOME", "")
        folder = (Path(config) if Path(config).is_absolute() else home / ".config") / "systemd" / "user"
        user = ["systemctl", "--user"]
        return Manager(
            tool="systemctl",
            path=folder / UNIT,
            text=render_unit(command, env),
            probe=[*user, "show-environment"],
            start=[[*user, "daemon-reload"], [*user, "enable", "--now", UNIT]],
            stop=[[*user, "disable", "--now", UNIT]],
            after_removal=[[*user, "daemon-reload"]],
            stop_removed=[[*user, "stop", UNIT], [*user, "daemon-reload"]],
            links=(folder / "default.target.wants" / UNIT,),
        )
    if platform == "darwin":
        path = home / "Library" / "LaunchAgents" / f"{LABEL}.plist"
        log = home / "Library" / "Logs" / "orderlens.log"
        return Manager(
            tool="launchctl",
            path=path,
            text=render_plist(command, env, log),
            probe=["launchctl", "version"],
            start=[["launchctl", "load", "-w", str(path)]],
            stop=[["launchctl", "unload", "-w", str(path)]],
            after_removal=[],
            stop_removed=[["launchctl", "remove", LABEL]],
        )
    raise ServiceError(f"starting at login is set up on Linux (systemd) and macOS (launchd), not on {platform}")


def as_shell(commands: Sequence[Sequence[str]]) -> str:
    """Commands as one line to paste, stopping at the first that fails."""
    return " && ".join(shlex.join(command) for command in commands)


def _run(command: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=_RUN_TIMEOUT, check=False)


def usable(found: Manager) -> bool:
    """Whether the service manager is installed and reaches this account's session."""
    if shutil.which(found.tool) is None:
        return False
    try:
        return _run(found.probe).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def run_all(commands: Sequence[Sequence[str]]) -> None:
    """Run each command in turn; the first failure is a ServiceError quoting what the tool said."""
    for command in commands:
        try:
            result = _run(command)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ServiceError(f"{shlex.join(command)} did not run ({exc})") from None
        if result.returncode != 0:
            said = (result.stderr or result.stdout).strip().splitlines()
            reason = said[-1] if said else f"exit status {result.returncode}"
            raise ServiceError(f"{shlex.join(command)} failed: {reason}")


def write(found: Manager) -> None:
    """Write the unit or plist, replacing an earlier one (e.g. for another port)."""
    try:
        found.path.parent.mkdir(parents=True, exist_ok=True)
        found.path.write_text(found.text, encoding="utf-8")
    except OSError as exc:
        raise ServiceError(f"cannot write {found.path}: {exc.strerror or exc}") from None


def remove(found: Manager) -> bool:
    """Delete the unit or plist and what enabling linked to it; False when there was nothing to delete."""
    existed = found.path.exists()
    try:
        for path in (found.path, *found.links):
            if path.is_symlink() or path.exists():
                path.unlink()
    except OSError as exc:
        raise ServiceError(f"cannot remove {exc.filename}: {exc.strerror or exc}") from None
    return existed



def install(found: Manager, port: int, undo: str) -> list[str]:
    """Write the file and start the service; the lines to show, ending in what is left to do, if anything.

    An earlier setup (another port, say) is stopped first: starting what already runs would keep it as it was.
    """
    restart = found.stop if found.path.exists() else []
    if not usable(found):
        write(found)
        return [
            f"Wrote {found.path}.",
            f"{found.tool} cannot reach your login session from here; to start orderlens now and at every login, run:",
            "  " + as_shell([*restart, *found.start]),
        ]
    run_all(restart)
    write(found)
    run_all(found.start)
    return [
        f"orderlens now starts at login and is running on http://127.0.0.1:{port} (set up in {found.path}).",
        f"Undo: {undo}",
    ]


def uninstall(found: Manager) -> list[str]:
    """Stop the service and delete its file; the lines to show."""
    if not found.path.exists():
        return [f"orderlens was not set up to start at login (no {found.path}); nothing to do."]
    if not usable(found):
        remove(found)
        return [
            f"Removed {found.path}; orderlens no longer starts at login.",
            f"{found.tool} cannot reach your login session from here; to stop a running one, run:",
            "  " + as_shell(found.stop_removed),
        ]
    run_all(found.stop)
    remove(found)
    run_all(found.after_removal)
    return [f"orderlens no longer starts at login and has been stopped (removed {found.path})."]
