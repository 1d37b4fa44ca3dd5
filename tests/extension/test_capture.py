"""What the content script sends: the rendered page minus scripts, styles and SVG paths. Measured
on every fixture, and checked to change nothing in the analysis."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from orderlens.parser import analyze
from orderlens.parser.model import json_data
from tests.extension.browser import EXTENSION
from tests.extension.pages import PageCase, all_cases, artifact

pytestmark = pytest.mark.browser

CASES = all_cases()
SIZES_JS = """() => {
  const bytes = (text) => new TextEncoder().encode(text).length;
  const full = "<!DOCTYPE html>\\n" + document.documentElement.outerHTML;
  const captured = orderlens.capturePage(document);
  return {full, captured, fullBytes: bytes(full), capturedBytes: bytes(captured)};
}"""


@pytest.fixture(scope="module")
def sizes() -> Iterator[dict[str, tuple[int, int]]]:
    measured: dict[str, tuple[int, int]] = {}
    yield measured
    if not measured:
        return
    full = sum(f for f, _ in measured.values())
    captured = sum(c for _, c in measured.values())
    lines = [f"{name}\t{f}\t{c}\t{100 * (1 - c / f):.1f}%" for name, (f, c) in sorted(measured.items())]
    lines.append(f"TOTAL ({len(measured)} pages)\t{full}\t{captured}\t{100 * (1 - captured / full):.1f}%")
    artifact("capture-sizes.tsv").write_text("page\trendered bytes\tcaptured bytes\tsaved\n" + "\n".join(lines) + "\n")
    print(
        f"\ncapture: {full} -> {captured} bytes over {len(measured)} pages ({100 * (1 - captured / full):.1f}% smaller)"
    )


def _orders(html: str, url: str) -> list[dict[str, Any]]:
    orders = [json_data(order) for order in analyze(html, url=url).orders]
    return [{key: value for key, value in order.items() if key != "facts"} for order in orders]


@pytest.fixture(scope="module")
def tab(plain_browser: Any) -> Iterator[Any]:
    """One tab for the whole module: serving whichever page the current test set in `served`."""
    page = plain_browser.new_page()
    served: dict[str, str] = {}
    page.route(
        "https://**/*",
        lambda route: route.fulfill(
            status=200 if route.request.url in served else 204,
            body=served.get(route.request.url, ""),
            content_type="text/html; charset=utf-8",
        ),
    )
    page.served = served
    yield page
    page.close()


@pytest.mark.parametrize("page_case", CASES, ids=[c.name for c in CASES])
def test_capture_is_smaller_and_analyses_the_same(
    tab: Any, page_case: PageCase, sizes: dict[str, tuple[int, int]]
) -> None:
    tab.served.clear()
    tab.served[page_case.url] = page_case.html
    tab.goto(page_case.url, wait_until="domcontentloaded")
    tab.add_script_tag(path=str(EXTENSION / "content" / "capture.js"))
    result = tab.evaluate(SIZES_JS)
    sizes[page_case.name] = (result["fullBytes"], result["capturedBytes"])
    assert result["capturedBytes"] < result["fullBytes"]
    assert "<script" not in result["captured"].replace('<script type="application/', "")
    assert _orders(result["captured"], page_case.url) == _orders(result["full"], page_case.url)
