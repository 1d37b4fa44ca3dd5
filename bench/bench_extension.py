"""Extension benchmark: how soon the banner follows the orders, in real Chromium with the real extension.

Starts a real server (bench_server.running_server) and a headless Chromium with the unpacked extension,
paired with it. Each run opens a saved order list whose order cards are held back, waits until the
extension has read the empty list, then puts the cards in and measures until the first banner is on
the page (the page's own MutationObserver, performance.now()). Also measured: first banner after
DOMContentLoaded for the whole list served at once. Prints the median of N runs (default 5); the
issue's aim is ~150 ms after the orders appear. A benchmark, not a test: nothing is asserted.

Run: `.venv/bin/python -m bench.bench_extension [--runs N]` (needs Chromium and Playwright, like the
browser tests).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from bench.bench_server import running_server
from tests.extension.browser import CHROMIUM_ARGS, EXTENSION, find_chromium
from tests.extension.pages import case

PAGE = "current_list.desktop_mixed_en"  # cards in div.order-item, several of them with banners
CARDS = "div.order-item"
SETTLE_MS = 1500  # after load, before the cards go in: the extension has read the empty list by then

# Puts the held-back cards in and resolves with the ms until the first banner host is on the page.
INSERT_CARDS_JS = """() => new Promise((resolve) => {
  let start = 0;
  new MutationObserver((_, observer) => {
    if (document.querySelector("[data-orderlens-order-id]")) {
      observer.disconnect();
      resolve(performance.now() - start);
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  const slot = document.getElementById("bench-slot");
  start = performance.now();
  slot.replaceWith(document.getElementById("bench-cards").content.cloneNode(true));
})"""

# Installed before the page's own scripts: when the first banner host arrived (performance.now()).
FIRST_BANNER_INIT_JS = """
new MutationObserver((_, observer) => {
  if (document.querySelector("[data-orderlens-order-id]")) {
    window.__orderlensFirstBanner = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""
AFTER_LOAD_JS = """() => new Promise((resolve) => {
  const done = () => window.__orderlensFirstBanner === undefined ? setTimeout(done, 10) : resolve(
    window.__orderlensFirstBanner - performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd);
  done();
})"""


def held_back(html: str) -> str:
    """The page with all its order cards moved into a <template>, a slot where they were."""
    tree = LexborHTMLParser(html)
    cards = tree.css(CARDS)
    if not cards:
        raise SystemExit(f"{PAGE} has no {CARDS} cards")
    template = "".join(card.html or "" for card in cards)
    slot = LexborHTMLParser("<div id='bench-slot'></div>").css_first("div")
    assert slot is not None
    cards[0].insert_before(slot)
    for card in cards:
        card.decompose()
    body = f"<template id='bench-cards'>{template}</template></body>"
    return (tree.html or "").replace("</body>", body, 1)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--runs", type=int, default=5)
    args = options.parse_args()
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("no Chromium found (see tests/extension/browser.py)")
    from playwright.sync_api import sync_playwright

    page_case = case(PAGE)
    pages = {"late": held_back(page_case.html), "full": page_case.html}
    with running_server() as target, sync_playwright() as driver, tempfile.TemporaryDirectory() as profile:
        context = driver.chromium.launch_persistent_context(
            str(Path(profile)),
            executable_path=chromium,
            headless=True,
            ignore_default_args=["--disable-extensions"],
            args=[f"--disable-extensions-except={EXTENSION}", f"--load-extension={EXTENSION}", *CHROMIUM_ARGS],
            viewport={"width": 1280, "height": 900},
        )
        try:
            workers = [w for w in context.service_workers if w.url.startswith("chrome-extension://")]
            worker = workers[0] if workers else context.wait_for_event("serviceworker", timeout=15000)
            settings = {"server": f"http://127.0.0.1:{target.port}", "token": target.token, "lang": "page"}
            worker.evaluate("(s) => chrome.storage.local.set({settings: s})", settings)
            context.add_init_script(FIRST_BANNER_INIT_JS)
            served = {"html": ""}

            def fulfil(route: Any) -> None:
                if route.request.url == page_case.url:
                    route.fulfill(status=200, body=served["html"], content_type="text/html; charset=utf-8")
                else:
                    route.fulfill(status=204, body="")

            context.route(lambda url: url.startswith("https://"), fulfil)

            def measure(kind: str, script: str, settle_ms: int) -> float:
                served["html"] = pages[kind]
                page = context.new_page()
                try:
                    page.goto(page_case.url)
                    page.wait_for_timeout(settle_ms)
                    return float(page.evaluate(script))
                finally:
                    page.close()

            measure("full", AFTER_LOAD_JS, 0)  # warm-up: service worker, server pool, caches
            late = [measure("late", INSERT_CARDS_JS, SETTLE_MS) for _ in range(args.runs)]
            loaded = [measure("full", AFTER_LOAD_JS, 0) for _ in range(args.runs)]
        finally:
            context.close()
    print(f"{PAGE}, {args.runs} runs per median, headless Chromium, real server on 127.0.0.1\n")
    print(
        f"first banner after the orders render:   median {statistics.median(late):6.0f} ms  "
        f"(runs: {', '.join(f'{v:.0f}' for v in late)})"
    )
    print(
        f"first banner after DOMContentLoaded:    median {statistics.median(loaded):6.0f} ms  "
        f"(runs: {', '.join(f'{v:.0f}' for v in loaded)})"
    )
    print("\naim: ~150 ms after the orders render")


if __name__ == "__main__":
    main()
