"""Parser benchmark: bare lexbor parse vs full analyze (lexbor) vs full analyze (soup), side by side.

Run: `make bench` (or `.venv/bin/python bench/bench_parser.py [--runs N]`). Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser

from bench.pages import order_list_page
from orderlens.parser import analyze


def median_ms(work: Callable[[], object], runs: int) -> float:
    work()  # warm caches (vocabulary, banner texts) outside the measurement
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--runs", type=int, default=15)
    runs = options.parse_args().runs
    page = order_list_page(orders=80)
    orders = len(analyze(page).orders)
    print(f"page: {len(page.encode()) / 1e6:.2f} MB, {orders} orders, {runs} runs each")
    bare = median_ms(lambda: LexborHTMLParser(page), runs)
    lexbor = median_ms(lambda: analyze(page, backend="lexbor"), runs)
    soup = median_ms(lambda: analyze(page, backend="soup"), max(3, runs // 3))
    print(f"{'measure':<28}{'median ms':>12}{'× bare parse':>15}")
    for name, value in (("bare lexbor parse", bare), ("analyze (lexbor)", lexbor), ("analyze (soup)", soup)):
        print(f"{name:<28}{value:>12.1f}{value / bare:>15.2f}")
    print(f"target: analyze (lexbor) ≤ 2.00× bare parse (aim 1.30×); soup/lexbor = {soup / lexbor:.1f}×")


if __name__ == "__main__":
    main()
