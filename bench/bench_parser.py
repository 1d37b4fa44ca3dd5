"""Parser benchmark (issue 10): bare lexbor parse vs analyze (lexbor) vs analyze (soup), side by side.

Pages: (a) the 1 MB list of 80 cards, (b) a link-heavy 0.7 MB list (80 cards of 12-13 links, a 600-link
navigation header); then the hostile 130,000-identical-cards page read by its layout and by the generic
reader (classes renamed), and the CLI's cold start on a one-order page vs a bare Python that imports
selectolax (and one that imports the CLI's dependencies). Prints medians and ratios; `--profile` prints the
top costs of analysing (b) instead.

Run: `make bench` (or `.venv/bin/python -m bench.bench_parser [--runs N] [--profile]`).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from bench.pages import identical_cards_page, link_heavy_list_page, order_list_page, without_class_names
from orderlens.parser import analyze

ONE_ORDER_PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "current_detail" / "detail_auto_canceled_en.html"


def median_ms(work: Callable[[], object], runs: int) -> float:
    work()  # warm caches (vocabulary, banner texts) outside the measurement
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def compare_backends(name: str, page: str, runs: int) -> None:
    """The page read by its layout on both backends, and the same page with every class renamed, read by meaning."""
    renamed = without_class_names(page)
    orders, generic_orders = len(analyze(page).orders), len(analyze(renamed).orders)
    bare = median_ms(lambda: LexborHTMLParser(page), runs)
    lexbor = median_ms(lambda: analyze(page, backend="lexbor"), runs)
    soup = median_ms(lambda: analyze(page, backend="soup"), max(3, runs // 5))
    generic_bare = median_ms(lambda: LexborHTMLParser(renamed), runs)
    generic = median_ms(lambda: analyze(renamed), runs)
    print(f"\n{name}: {len(page.encode()) / 1e6:.2f} MB, {orders} orders ({generic_orders} read by meaning)")
    print(f"  {'measure':<34}{'median ms':>12}{'× bare parse':>15}")
    rows = (
        ("bare lexbor parse", bare, bare),
        ("analyze (lexbor)", lexbor, bare),
        ("analyze (soup)", soup, bare),
        ("classes renamed: bare lexbor parse", generic_bare, generic_bare),
        ("classes renamed: analyze (generic)", generic, generic_bare),
    )
    for label, value, reference in rows:
        print(f"  {label:<34}{value:>12.1f}{value / reference:>15.2f}")
    print(f"  target: analyze ≤ 3× bare parse (stretch 2×); soup ≥ 10× lexbor analyze: {soup / lexbor:.1f}×")


def hostile_pages() -> None:
    print("\n130,000 identical cards (one distinct order), one run each; target < 3 s")
    for label, class_names in (("layout reads it", True), ("generic reader", False)):
        page = identical_cards_page(class_names=class_names)
        start = time.perf_counter()
        analysis = analyze(page)
        seconds = time.perf_counter() - start
        codes = ", ".join(d.code for d in analysis.diagnostics) or "none"
        size = f"{len(page) / 1e6:.1f} MB"
        print(f"  {label:<18}{size:>8} {seconds:>7.2f} s  orders {len(analysis.orders)}, diagnostics: {codes}")


def cold_start(runs: int) -> None:
    """Fresh processes with the caches an installed orderlens has after its first run (bytecode, vocabulary),
    kept in a temporary folder so the checkout stays untouched; the first run, without them, is shown too."""
    with tempfile.TemporaryDirectory() as folder:
        env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
        env |= {"PYTHONPYCACHEPREFIX": f"{folder}/bytecode", "XDG_CACHE_HOME": f"{folder}/cache"}

        def run(*argv: str) -> Callable[[], object]:
            return lambda: subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)

        cli = (sys.executable, "-m", "orderlens", "analyze", str(ONE_ORDER_PAGE))
        bare = median_ms(run(sys.executable, "-c", "from selectolax.lexbor import LexborHTMLParser"), runs)
        floor = median_ms(run(sys.executable, "-c", DEPENDENCIES), runs)
        table = median_ms(run(*cli), runs)
        as_json = median_ms(run(*cli, "--json"), runs)
        first = [_first_run(cli, env, f"{folder}/first-{index}") for index in range(3)]
    print(f"\nCLI cold start on a one-order page ({runs} runs)")
    rows = (
        ("python -c import selectolax", bare),
        ("python -c import selectolax, typer", floor),
        ("orderlens analyze", table),
        ("orderlens analyze --json", as_json),
        ("  first run (no caches yet)", statistics.median(first)),
    )
    for label, value in rows:
        print(f"  {label:<36}{value:>8.0f} ms  {value / bare:.1f}×")
    print("  target: orderlens analyze ≤ 5× the bare import")


# What every `orderlens analyze` imports before any of its own code: the floor under its start-up.
DEPENDENCIES = "import selectolax.lexbor, typer.main"


def _first_run(argv: tuple[str, ...], env: dict[str, str], cache: str) -> float:
    """One run with an empty vocabulary cache (the bytecode is already there): what the first analysis costs."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env | {"XDG_CACHE_HOME": cache})
    return (time.perf_counter() - start) * 1000


def profile(page: str, reader: str) -> None:
    """Where analysing the page goes: the top functions by their own time and by cumulative time.

    `reader` "generic" renames the page's classes first, so the generic reader is what is profiled.
    """
    page = without_class_names(page) if reader == "generic" else page
    analyze(page)
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [analyze(page) for _ in range(5)])
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(20)
    stats.sort_stats("cumtime").print_stats(25)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--runs", type=int, default=15, help="timed runs per median (default 15)")
    options.add_argument(
        "--profile",
        nargs="?",
        const="layout",
        choices=("layout", "generic"),
        help="print the top costs of analysing page (b), read by its layout (default) or by meaning",
    )
    args = options.parse_args()
    if args.profile:
        profile(link_heavy_list_page(), args.profile)
        return
    compare_backends("(a) 1 MB list, 80 cards", order_list_page(orders=80), args.runs)
    compare_backends("(b) link-heavy 0.7 MB list, 80 cards", link_heavy_list_page(), args.runs)
    hostile_pages()
    cold_start(max(5, args.runs // 3))


if __name__ == "__main__":
    main()
