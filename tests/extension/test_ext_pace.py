"""How often a page is sent: a page whose text keeps changing while its orders stay the same (an ad
rotating, a live counter in words) is sent at most once per 10 s, and its last state is still read;
new orders are sent at once (test_ext_dynamic.py)."""

from __future__ import annotations

import time

import pytest

from tests.extension.conftest import ExtensionBrowser, wait_for
from tests.extension.pages import first_case

pytestmark = pytest.mark.browser

WATCH_S = 12.0
# Text that changes every 500 ms and is not about the orders; words, not digits (digits are blanked
# in the page's fingerprint because countdowns tick).
ROTATE_JS = """() => {
  const words = ["Flash deals", "New arrivals", "Top picks", "Free shipping"];
  const ad = document.createElement("p");
  document.body.prepend(ad);
  let i = 0;
  setInterval(() => { ad.textContent = words[i++ % words.length]; }, 500);
}"""


def test_a_page_that_keeps_changing_is_sent_at_most_once_per_ten_seconds(browser: ExtensionBrowser) -> None:
    before = browser.analyze_requests()
    started = time.monotonic()
    page = browser.open(first_case("current_list", lambda c: bool(c.expected)))
    browser.wait_reported(page)
    page.evaluate(ROTATE_JS)
    page.wait_for_timeout(max(0.0, WATCH_S - (time.monotonic() - started)) * 1000)
    sent = browser.analyze_requests() - before
    assert sent <= 2, f"a page whose orders did not change was sent {sent} times in {WATCH_S:.0f} s"
    # ...and it is not starved: the changed page is read again once the 10 s are up.
    wait_for(lambda: browser.analyze_requests() - before >= 2, 15, "the changing page to be sent again")
