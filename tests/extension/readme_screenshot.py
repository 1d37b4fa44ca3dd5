"""Makes docs/images/list-with-banners.png, the README's picture of a list page with banners.

`python -m tests.extension.readme_screenshot` — renders `orderlens preview` of a bundled list
fixture (the extension's own banner code, no server needed) in the system Chromium and keeps the
part from the page title down to the third order card (one normal order, two in trouble).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from orderlens.parser.analyze import analyze
from orderlens.parser.preview import render_preview
from tests.extension.browser import CHROMIUM_ARGS, REPO, find_chromium

FIXTURE = REPO / "fixtures" / "current_list" / "desktop_mixed_en.html"
OUTPUT = REPO / "docs" / "images" / "list-with-banners.png"
CARDS = 3


def main() -> None:
    chromium = find_chromium()
    if chromium is None:
        sys.exit("no Chromium found: apt-get install chromium")
    html = FIXTURE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "preview.html"
        page_file.write_text(render_preview(html, analyze(html)), encoding="utf-8")
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 900}, device_scale_factor=1)
            page.goto(page_file.as_uri())
            page.wait_for_selector("[data-orderlens-order-id]", state="attached")
            # Floating widgets (chat button, back-to-top) have no images offline: hide them.
            page.evaluate("""() => document.querySelectorAll("body *").forEach((el) => {
              if (getComputedStyle(el).position === "fixed") el.style.display = "none";
            })""")
            top = page.locator("h1, .order-header, .comet-tabs").first.bounding_box()
            last = page.locator("div.order-item").nth(CARDS - 1).bounding_box()
            assert top and last
            y = max(top["y"] - 16, 0)
            page.screenshot(
                path=str(OUTPUT),
                full_page=True,
                clip={"x": 0, "y": y, "width": 1100, "height": last["y"] + last["height"] + 16 - y},
            )
            browser.close()
    print(f"wrote {OUTPUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
