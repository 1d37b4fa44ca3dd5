"""Start a real `python -m orderlens.server` process and talk raw HTTP to it, for the server tests and bench.

Plain http.client (not TestClient, not httpx) so the tests control every header byte — a missing
Host, a duplicated one, a forged Origin — exactly as an attacker could.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orderlens.server.auth import authorization
from orderlens.server.extension_id import id_from_manifest
from orderlens.server.settings import default_manifest

REPO = Path(__file__).resolve().parents[2]

PYTHON = sys.executable
STARTUP_TIMEOUT = 30.0
_ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)")


@dataclass
class Reply:
    """One HTTP response, already read."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class LiveServer:
    """A running server process and what a test needs to reach it."""

    proc: subprocess.Popen[bytes]
    port: int
    home: Path
    stdout_path: Path
    stderr_path: Path
    extension_id: str
    env: dict[str, str] = field(default_factory=dict)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return f"chrome-extension://{self.extension_id}"

    @property
    def token(self) -> str:
        return (self.home / "token").read_text(encoding="ascii").strip()

    def sign(
        self, body: bytes = b"", *, token: str | None = None, nonce: str | None = None, ts: int | None = None
    ) -> str:
        """The `Authorization` value the paired extension sends with `body` (a fresh nonce, the current time)."""
        return authorization(self.token if token is None else token, body, nonce=nonce, ts=ts)

    def auth_headers(self, content_type: str | None = "application/json", *, body: bytes = b"") -> dict[str, str]:
        """Headers the paired extension sends with `body`, signed for it and for no other body."""
        headers = {"Origin": self.origin, "Authorization": self.sign(body)}
        if content_type is not None:
            headers["Content-Type"] = content_type
        return headers

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | list[tuple[str, str]] | None = None,
        body: bytes | None = None,
        host: str | None = "default",
        http10: bool = False,
    ) -> Reply:
        """One request on a fresh connection with exactly the given headers (plus Host)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        if http10:
            conn._http_vsn = 10  # type: ignore[attr-defined]
            conn._http_vsn_str = "HTTP/1.0"  # type: ignore[attr-defined]
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            if host is not None:
                conn.putheader("Host", self.host if host == "default" else host)
            items = headers.items() if isinstance(headers, dict) else (headers or [])
            for name, value in items:
                conn.putheader(name, value)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            resp = conn.getresponse()
            return Reply(resp.status, resp.getheaders(), resp.read())
        finally:
            conn.close()

    def signed(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        *,
        headers: Mapping[str, str | None] | None = None,
        token: str | None = None,
        host: str | None = "default",
    ) -> Reply:
        """A request as the paired extension sends it, signed for `body`; `headers` override (None drops one)."""
        content_type = "application/json" if body is not None else None
        sent: dict[str, str | None] = {"Origin": self.origin, "Authorization": self.sign(body or b"", token=token)}
        if content_type is not None:
            sent["Content-Type"] = content_type
        sent.update(headers or {})
        kept = {name: value for name, value in sent.items() if value is not None}
        return self.request(method, path, headers=kept, body=body, host=host)

    def analyze(
        self, payload: Any, headers: Mapping[str, str | None] | None = None, *, token: str | None = None
    ) -> Reply:
        """POST /v1/analyze as the paired extension would; `headers` override its headers (see `signed`)."""
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
        return self.signed("POST", "/v1/analyze", body, headers=headers, token=token)

    def health(self) -> Reply:
        return self.request("GET", "/v1/health")

    def stderr_text(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def stdout_text(self) -> str:
        return self.stdout_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def server_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["ORDERLENS_HOME"] = str(home)
    env["PYTHONUNBUFFERED"] = "1"
    for name in (
        "ORDERLENS_ANALYSIS_TIMEOUT",
        "ORDERLENS_WORKERS",
        "ORDERLENS_HEADER_TIMEOUT",
        "ORDERLENS_BODY_TIMEOUT",
        "ORDERLENS_SHUTDOWN_TIMEOUT",
        "ORDERLENS_EXTENSION_MANIFEST",
    ):
        env.pop(name, None)  # the developer's own settings must not change what the tests see
    env.update(extra or {})
    return env


def run_cli(args: list[str], env: dict[str, str], timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run `python -m orderlens.server ARGS` to completion (for commands that exit)."""
    return subprocess.run(
        [PYTHON, "-m", "orderlens.server", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout
    )


def start_server(workdir: Path, extra_env: dict[str, str] | None = None, args: list[str] | None = None) -> LiveServer:
    """Start `python -m orderlens.server --port 0`, learn its port from the banner, wait until /v1/health answers."""
    home = workdir / "home"
    workdir.mkdir(parents=True, exist_ok=True)
    stdout_path, stderr_path = workdir / "stdout.txt", workdir / "stderr.txt"
    env = server_env(home, extra_env)
    manifest = Path(env["ORDERLENS_EXTENSION_MANIFEST"]) if "ORDERLENS_EXTENSION_MANIFEST" in env else None
    with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
        proc = subprocess.Popen(
            [PYTHON, "-m", "orderlens.server", "--port", "0", *(args or [])], cwd=REPO, env=env, stdout=out, stderr=err
        )
    deadline = time.monotonic() + STARTUP_TIMEOUT
    port = None
    while port is None:
        match = _ADDRESS.search(stdout_path.read_text(encoding="utf-8", errors="replace"))
        if match:
            port = int(match.group(1))
        elif proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"server did not start:\n{stderr_path.read_text(errors='replace')}")
        else:
            time.sleep(0.05)
    server = LiveServer(
        proc=proc,
        port=port,
        home=home,
        stdout_path=stdout_path,
        stderr_path=stderr_path,
        extension_id=id_from_manifest(manifest or default_manifest()),
        env=env,
    )
    while True:
        try:
            if server.health().status == 200:
                return server
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"server never became healthy:\n{server.stderr_text()}")
        time.sleep(0.05)


def _proc_stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process from /proc, or None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw.rpartition(")")[2].split()
    return fields[0], int(fields[1])


def is_running(pid: int) -> bool:
    """True for a live process; a zombie (exited, not yet reaped) counts as gone."""
    stat = _proc_stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def children(pid: int) -> list[int]:
    """Running direct children of `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _proc_stat(int(entry.name))
            if stat is not None and stat[1] == pid and stat[0] not in ("Z", "X"):
                found.append(int(entry.name))
    return found


def process_tree(pid: int) -> list[int]:
    """`pid` and all its running descendants (the forkserver, the workers, the resource tracker)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children(current))
    return found


def worker_pids(server: LiveServer) -> list[int]:
    """The analysis worker processes: children of the server's multiprocessing forkserver."""
    pids: list[int] = []
    for child in children(server.proc.pid):
        cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        if b"forkserver" in cmdline:
            pids.extend(children(child))
    return sorted(pids)


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
