"""Server benchmark: what the HTTP hop costs over in-process `analyze`, and throughput with 4 clients.

Starts a real `python -m orderlens.server` on a free loopback port (with a throw-away ORDERLENS_HOME), then
prints side by side: in-process analyze median vs loopback round-trip median, with the order journal on (the
default) and off (`"journal": false` in the body), for the link-heavy 0.7 MB list (issue 10's page (b);
target ratio ≤ 1.3×) and a typical 38 kB list; the fixed overhead per request (round trip minus in-process)
and the client's own share of it (building and signing the body, reading the answer), so what is left is
the server's; and analyses/s for the typical page with 4 concurrent clients (target ≥ 200/s on 2 cores).
Each client keeps one HTTP/1.1 connection open, as the extension does.

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
TYPICAL = REPO / "fixtures" / "current_list" / "mobile_en.html"  # a 38 kB list, as issue 10 measures
CLIENTS = 4
BIG = "link-heavy"


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


def signed_request(target: Target, html: str, journal: bool) -> tuple[bytes, dict[str, str]]:
    """The body and headers the extension sends for `html`: its JSON, signed with a fresh nonce."""
    raw = json.dumps({"html": html, "url": None, "lang": None, "journal": journal}).encode("utf-8")
    return raw, target.signed_headers(raw)


class Client:
    """One extension-like client: a persistent connection, JSON in, JSON out."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.conn = http.client.HTTPConnection("127.0.0.1", target.port, timeout=120)
        self.conn.connect()
        # Browsers disable Nagle; without this, http.client's separate header/body writes meet the
        # server's delayed ACK and every request stalls ~40 ms, which measures TCP, not orderlens.
        self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def analyze(self, html: str, *, journal: bool = True) -> dict[str, object]:
        result: dict[str, object] = json.loads(self.post(html, journal))
        return result

    def post(self, html: str, journal: bool = True) -> bytes:
        """The raw answer to a signed analysis request."""
        raw, headers = signed_request(self.target, html, journal)
        self.conn.request("POST", "/v1/analyze", body=raw, headers=headers)
        resp = self.conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            raise SystemExit(f"server answered {resp.status}: {data[:200]!r}")
        return data

    def close(self) -> None:
        self.conn.close()


def interleaved_medians_ms(works: list[Callable[[], object]], runs: int) -> list[float]:
    """Medians of several measurements taken in turn, so background load hits them all alike."""
    for work in works:
        work()  # warm-up outside the measurement
    times: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for work, sink in zip(works, times, strict=True):
            start = time.perf_counter()
            work()
            sink.append((time.perf_counter() - start) * 1000)
    return [statistics.median(sink) for sink in times]


@dataclass(frozen=True)
class PageTimes:
    """One page's medians in ms: in-process, round trip with the journal on and off, the client's own share."""

    name: str
    local: float
    journal_on: float
    journal_off: float
    client: float


def client_share_ms(target: Target, html: str, answer: bytes, runs: int) -> float:
    """What the client itself spends per request: building and signing the body, decoding the answer."""
    build, read = interleaved_medians_ms(
        [partial(signed_request, target, html, True), partial(json.loads, answer)], runs
    )
    return build + read


def measure_page(client: Client, name: str, html: str, runs: int) -> PageTimes:
    local, journal_on, journal_off = interleaved_medians_ms(
        [partial(analyze, html), partial(client.analyze, html), partial(client.analyze, html, journal=False)], runs
    )
    answer = client.post(html)
    return PageTimes(name, local, journal_on, journal_off, client_share_ms(client.target, html, answer, runs))


def report(pages: list[PageTimes]) -> None:
    """The side-by-side table, then where each page's fixed overhead (round trip minus in-process) goes."""
    print(f"{'page':<11}{'in-process':>11}{'round trip on / off':>22}{'ratio on / off':>17}{'overhead on / off':>20}")
    for p in pages:
        print(
            f"{p.name:<11}{p.local:>9.1f}ms{p.journal_on:>11.1f} /{p.journal_off:>6.1f}ms"
            f"{p.journal_on / p.local:>9.2f}× /{p.journal_off / p.local:>5.2f}×"
            f"{p.journal_on - p.local:>12.1f} /{p.journal_off - p.local:>5.1f}ms"
        )
    print("\ntarget: round trip ≤ 1.3× in-process (journal on, the default)")
    print("\nfixed overhead per request, journal on (ms):")
    for p in pages:
        server = p.journal_off - p.local - p.client
        print(
            f"  {p.name:<11} {p.journal_on - p.local:5.1f} = client {p.client:4.1f} (build + sign body, decode answer)"
            f" + journal {p.journal_on - p.journal_off:4.1f} + server and transport {server:4.1f}"
        )
    print("round trip without the client's own share (what the server adds), journal on:")
    for p in pages:
        served = p.journal_on - p.client
        print(f"  {p.name:<11} {served:5.1f} ms = {served / p.local:.2f}× in-process")


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
        pages = [measure_page(client, name, html, args.runs) for name, html in ((BIG, big), ("typical", typical))]
        client.close()
        rate, total = throughput(target, typical, args.seconds)
        serial_rate = 1000 / pages[1].journal_on

    report(pages)
    print(
        f"\nthroughput, typical page: {rate:.0f} analyses/s with {CLIENTS} clients "
        f"({total} analyses; one client in series: {serial_rate:.0f}/s); target ≥ 200/s"
    )


if __name__ == "__main__":
    main()
