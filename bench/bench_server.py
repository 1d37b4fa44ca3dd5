"""Server benchmark: what the HTTP hop costs over in-process `analyze`, and throughput with 4 clients.

Starts a real `python -m orderlens.server` on a free loopback port (with a throw-away ORDERLENS_HOME), then
prints side by side: in-process analyze median vs loopback round-trip median for the link-heavy
0.7 MB list (issue 10's page (b); target ratio ≤ 1.3×), and analyses/s for a 35 kB list page with 4
concurrent clients (target ≥ 200/s on 2 cores). Each client keeps one HTTP/1.1 connection open, as the extension does.

Run: `.venv/bin/python -m bench.bench_server [--runs N] [--seconds S]`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench.pages import link_heavy_list_page
from orderlens.parser import analyze
from orderlens.server.auth import authorization
from orderlens.server.extension_id import id_from_manifest
from orderlens.server.settings import default_manifest

REPO = Path(__file__).resolve().parents[1]
TYPICAL = REPO / "fixtures" / "current_list" / "mobile_en.html"  # a 35 kB list, as issue 10 measures
CLIENTS = 4


@dataclass(frozen=True)
class Target:
    """Where the server listens, and what the paired extension sends: its headers and a signature per body."""

    port: int
    headers: dict[str, str]
    token: str

    def signed_headers(self, body: bytes) -> dict[str, str]:
        return {**self.headers, "Authorization": authorization(self.token, body)}


@contextmanager
def running_server() -> Iterator[Target]:
    """A server subprocess on a free port; stopped on exit."""
    with tempfile.TemporaryDirectory(prefix="orderlens-bench-") as home:
        env = {**os.environ, "ORDERLENS_HOME": home, "PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "orderlens.server", "--port", "0"],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # one access line per request would only slow the terminal
            text=True,
        )
        try:
            assert proc.stdout is not None
            port = None
            for line in proc.stdout:
                if match := re.search(r"http://127\.0\.0\.1:(\d+)", line):
                    port = int(match.group(1))
                    break
            if port is None:
                raise SystemExit("server did not start")
            token = (Path(home) / "token").read_text().strip()
            headers = {
                "Origin": f"chrome-extension://{id_from_manifest(default_manifest())}",
                "Content-Type": "application/json",
            }
            wait_healthy(port)
            yield Target(port, headers, token)
        finally:
            proc.terminate()
            proc.wait(10)


def wait_healthy(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/v1/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("server never became healthy")


class Client:
    """One extension-like client: a persistent connection, JSON in, JSON out."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.conn = http.client.HTTPConnection("127.0.0.1", target.port, timeout=120)
        self.conn.connect()
        # Browsers disable Nagle; without this, http.client's separate header/body writes meet the
        # server's delayed ACK and every request stalls ~40 ms, which measures TCP, not orderlens.
        self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def analyze(self, html: str) -> dict[str, object]:
        body = json.dumps({"html": html, "url": None, "lang": None})
        raw = body.encode("utf-8")
        self.conn.request("POST", "/v1/analyze", body=raw, headers=self.target.signed_headers(raw))
        resp = self.conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            raise SystemExit(f"server answered {resp.status}: {data[:200]!r}")
        result: dict[str, object] = json.loads(data)
        return result

    def close(self) -> None:
        self.conn.close()


def paired_medians_ms(first: Callable[[], object], second: Callable[[], object], runs: int) -> tuple[float, float]:
    """Medians of two measurements taken alternately, so background load hits both alike."""
    first(), second()  # warm-up outside the measurement
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for work, sink in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            work()
            sink.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def throughput(target: Target, html: str, seconds: float) -> tuple[float, int]:
    """Analyses per second with CLIENTS concurrent clients, each on its own kept-alive connection."""
    done = threading.Event()
    counts = [0] * CLIENTS
    errors: list[BaseException] = []
    barrier = threading.Barrier(CLIENTS + 1)

    def run(slot: int) -> None:
        client = Client(target)
        try:
            client.analyze(html)  # connect and warm up before counting
            barrier.wait()
            while True:
                client.analyze(html)
                if done.is_set():
                    break  # finished after the clock stopped: not counted
                counts[slot] += 1
        except BaseException as exc:  # report, don't hang the other threads
            errors.append(exc)
            barrier.abort()
        finally:
            client.close()

    threads = [threading.Thread(target=run, args=(slot,)) for slot in range(CLIENTS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    time.sleep(seconds)
    done.set()
    elapsed = time.perf_counter() - started
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return sum(counts) / elapsed, sum(counts)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--runs", type=int, default=15, help="timed runs per median (default 15)")
    options.add_argument("--seconds", type=float, default=5.0, help="throughput run length (default 5)")
    args = options.parse_args()

    big = link_heavy_list_page()
    typical = TYPICAL.read_text(encoding="utf-8")
    big_orders = len(analyze(big).orders)
    typical_orders = len(analyze(typical).orders)
    print(
        f"link-heavy page: {len(big.encode()) / 1e6:.2f} MB, {big_orders} orders; "
        f"typical page: {TYPICAL.name}, {len(typical.encode()) / 1e3:.0f} kB, {typical_orders} orders"
    )
    print(f"{os.cpu_count()} CPUs, {args.runs} runs per median, {CLIENTS} clients for {args.seconds:g} s\n")

    with running_server() as target:
        client = Client(target)
        results = []
        for name, page in (("link-heavy", big), ("typical", typical)):
            local, remote = paired_medians_ms(partial(analyze, page), partial(client.analyze, page), args.runs)
            results.append((name, local, remote))
        client.close()
        rate, total = throughput(target, typical, args.seconds)
        serial_rate = 1000 / results[1][2]

    print(f"{'page':<10}{'in-process ms':>15}{'round trip ms':>15}{'ratio':>8}")
    for name, local, remote in results:
        print(f"{name:<10}{local:>15.1f}{remote:>15.1f}{remote / local:>7.2f}×")
    print("\ntarget: round trip ≤ 1.3× in-process")
    print(
        f"\nthroughput, typical page: {rate:.0f} analyses/s with {CLIENTS} clients "
        f"({total} analyses; one client in series: {serial_rate:.0f}/s); target ≥ 200/s"
    )


if __name__ == "__main__":
    main()
