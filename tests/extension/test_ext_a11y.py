"""Accessibility of the drawn banners (WCAG 2.2 AA): axe-core in Chromium on real banners of every
severity, read by the real extension from fixture pages; the words screen readers get; focus and
Undo after Dismiss; and the compact form on a phone."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from orderlens.parser.banners.build import SEVERITY
from tests.extension.browser import unavailable
from tests.extension.conftest import ExtensionBrowser, free_port, wait_for
from tests.extension.pages import PageCase, artifact, first_case, read_banners
from tests.extension.placing import analysis, banner, load_banner_code
from tests.extension.shadow import ax_count, click, focus, in_page, open_for_axe, visible
from tests.extension.strings_sync import TEXTS

pytestmark = pytest.mark.browser

AXE_VERSION = "4.14.1"  # from npm, pinned like web-ext in the Makefile
# Every WCAG 2.0-2.2 A/AA rule, best practices, and the experimental rules (accessible name vs.
# visible label among them); only serious and critical findings fail a test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "experimental"]
BLOCKING = {"serious", "critical"}
UNDO_MS = 8000  # banner.js: how long the notice stays after Dismiss
PHONE = {"width": 390, "height": 844}
COMPACT_MAX_PX = 200


def severities(page_case: PageCase) -> set[str]:
    return {SEVERITY[scenario] for scenario in page_case.expected.values()}


# A list page whose orders give banners of all three severities (so three banners or more: they
# stack), and a phone list with fewer, where only the narrow width makes them compact.
ALL_SEVERITIES = first_case("current_list", lambda c: severities(c) == {"action", "warning", "info"})
PHONE_PAGE = first_case("current_list", lambda c: "mobile" in c.name and 0 < len(c.expected) < 3)
LONE_BANNER = first_case("current_detail", lambda c: len(c.expected) == 1)


@pytest.fixture(scope="session")
def axe_source(tmp_path_factory: pytest.TempPathFactory) -> str:
    """axe-core's browser build, installed from npm once per test session."""
    npm = shutil.which("npm")
    if npm is None:
        unavailable("npm is needed to install axe-core for the accessibility tests")
    folder = tmp_path_factory.mktemp("axe")
    command = [str(npm), "install", "--prefix", str(folder), f"axe-core@{AXE_VERSION}", "--no-audit", "--no-fund"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        pytest.fail(f"npm could not install axe-core@{AXE_VERSION}: {done.stderr.strip()[-500:]}", pytrace=False)
    return (folder / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


# axe in the page's own world: it reads the banners through their shadow roots, which open_for_axe
# hands it (they are closed: axe would not see inside otherwise). Returns the
# violations and how many banner elements the contrast rule checked (proof that it saw inside).
AXE_RUN_JS = """
async ([selector, tags]) => {
  const result = await axe.run({ include: [[selector]] }, { runOnly: { type: "tag", values: tags } });
  const contrast = [...result.passes, ...result.violations].filter((rule) => rule.id === "color-contrast");
  return {
    violations: result.violations.map((v) => ({
      id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.failureSummary + " @ " + JSON.stringify(n.target)),
    })),
    contrastChecked: contrast.reduce((sum, rule) => sum + rule.nodes.length, 0),
  };
}
"""


def run_axe(page: Any, axe: str, selector: str = "orderlens-banner") -> dict[str, Any]:
    """axe-core on our elements only (the saved pages have their own faults); CDP evaluation is
    not subject to the page's Content-Security-Policy."""
    page.evaluate(axe + "\n;0")
    open_for_axe(page)
    result: dict[str, Any] = page.evaluate(AXE_RUN_JS, [selector, AXE_TAGS])
    return result


def assert_no_blocking(result: dict[str, Any], where: str) -> None:
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe found serious/critical violations in {where}: {blocking}"


def ui_words(lang: str) -> dict[str, str]:
    words: dict[str, str] = tomllib.loads((TEXTS / f"{lang}.toml").read_text(encoding="utf-8"))["ui"]
    return words


def focused(page: Any) -> dict[str, Any]:
    """The focused element, followed into shadow roots: its host's tag and its own class and text."""
    found: dict[str, Any] = in_page(
        page,
        """(_, rootOf) => {
             let el = document.activeElement, host = null;
             while (el && rootOf(el) && rootOf(el).activeElement) { host = el; el = rootOf(el).activeElement; }
             return { host: host && host.localName, order: host && host.getAttribute("data-orderlens-order-id"),
                      tag: el && el.localName, cls: el && el.className, text: el && el.textContent };
           }""",
    )
    return found


def open_banners(browser: ExtensionBrowser, page_case: PageCase, viewport: dict[str, int] | None = None) -> Any:
    page = browser.context.new_page()
    browser.opened.append(page)
    if viewport:
        page.set_viewport_size(viewport)
    browser.open(page_case, page)
    browser.wait_reported(page)
    return page


def test_banners_of_every_severity_pass_axe(browser: ExtensionBrowser, axe_source: str) -> None:
    page = open_banners(browser, ALL_SEVERITIES)
    banners = read_banners(page)
    assert {b["severity"] for b in banners} == {"action", "warning", "info"}
    compact = run_axe(page, axe_source)
    assert compact["contrastChecked"] >= 2 * len(banners), "axe did not read inside the banners' shadow roots"
    assert_no_blocking(compact, f"{ALL_SEVERITIES.name}, compact banners")

    for data in banners:  # everything open: steps, buttons, evidence
        host = f"orderlens-banner[data-orderlens-order-id='{data['id']}']"
        click(page, host, "button.more")
        click(page, host, ".why summary")
    opened = run_axe(page, axe_source)
    page.screenshot(path=artifact("a11y-every-severity.png"), full_page=True)
    assert opened["contrastChecked"] >= 4 * len(banners)
    assert_no_blocking(opened, f"{ALL_SEVERITIES.name}, opened banners")


def test_phone_banners_are_compact_and_pass_axe(browser: ExtensionBrowser, axe_source: str) -> None:
    page = open_banners(browser, PHONE_PAGE, PHONE)
    banners = read_banners(page)
    hosts = [f"orderlens-banner[data-orderlens-order-id='{b['id']}']" for b in banners]
    heights = [b["height"] for b in banners]
    page.screenshot(path=artifact("a11y-phone-compact.png"), full_page=True)
    assert max(heights) < COMPACT_MAX_PX, f"compact banners should stay under {COMPACT_MAX_PX}px: {heights}"
    for host in hosts:  # title and one line; the rest waits behind "More"
        assert not visible(page, host, ".steps") and not visible(page, host, ".actions")
    assert_no_blocking(run_axe(page, axe_source), f"{PHONE_PAGE.name} at {PHONE['width']}px")

    expanded = """([host], rootOf) =>
      rootOf(document.querySelector(host)).querySelector("button.more").getAttribute("aria-expanded")"""
    assert in_page(page, expanded, [hosts[0]]) == "false"
    click(page, hosts[0], "button.more")
    assert in_page(page, expanded, [hosts[0]]) == "true"
    assert visible(page, hosts[0], ".steps") and visible(page, hosts[0], "a.action")
    assert page.locator(hosts[0]).bounding_box()["height"] > max(heights)
    assert_no_blocking(run_axe(page, axe_source), "an opened compact banner")
    page.screenshot(path=artifact("a11y-phone-more.png"), full_page=True)


def test_stacked_banners_are_compact_and_a_lone_one_is_not(browser: ExtensionBrowser) -> None:
    page = open_banners(browser, ALL_SEVERITIES)  # three or more banners, desktop width
    banners = read_banners(page)
    heights = [b["height"] for b in banners]
    assert max(heights) < COMPACT_MAX_PX, f"stacked banners should be compact: {heights}"
    assert all(visible(page, f"orderlens-banner[data-orderlens-order-id='{b['id']}']", "button.more") for b in banners)

    page = open_banners(browser, LONE_BANNER)
    host = "orderlens-banner"
    assert visible(page, host, ".steps") and visible(page, host, ".why summary")
    assert not visible(page, host, "button.more")


def test_severity_dismiss_and_new_tabs_in_words(browser: ExtensionBrowser) -> None:
    browser.settings(lang="en")
    words = ui_words("en")
    page = open_banners(browser, ALL_SEVERITIES)
    for data in read_banners(page):
        host = f"orderlens-banner[data-orderlens-order-id='{data['id']}']"
        # Severity in words, ahead of the title, in the heading that also names the banner region.
        heading = f"{words['severity_' + data['severity']]} {data['title']}"
        assert ax_count(page, host, "heading", heading) == 1
        assert ax_count(page, host, "region", heading) == 1
        # The visible word on the close control is its accessible name; it is at least 24x24 px.
        assert ax_count(page, host, "button", words["dismiss"]) == 1
        parts = in_page(page, CONTROLS_JS, [host])
        assert words["dismiss"] in parts["dismiss"]["text"]
        box = parts["dismiss"]
        assert box["width"] >= 24 and box["height"] >= 24, f"dismiss control is {box}"
        # Every button opens a new tab: an arrow shows it, the description says it.
        for link in parts["links"]:
            assert link["target"] == "_blank"
            assert "\u2197" in link["marker"]
            assert link["described"] == words["new_tab"]


# The dismiss control and the action links of one banner, as the severity test checks them.
CONTROLS_JS = """([host], rootOf) => {
  const root = rootOf(document.querySelector(host));
  const dismiss = root.querySelector("button.dismiss");
  const box = dismiss.getBoundingClientRect();
  return {
    dismiss: { text: dismiss.innerText, width: box.width, height: box.height },
    links: [...root.querySelectorAll("a.action")].map((a) => ({
      target: a.getAttribute("target"),
      marker: getComputedStyle(a, "::after").content,
      described: root.getElementById(a.getAttribute("aria-describedby")).textContent,
    })),
  };
}"""


# What precedes an element of ours (or the table row that holds it) in the page.
PREVIOUS_JS = """(el) => {
  const mount = el.closest("[data-orderlens-mount]") || el;
  return mount.previousElementSibling && mount.previousElementSibling.outerHTML.slice(0, 200);
}"""


def test_dismiss_leaves_the_focus_on_a_notice_in_its_place(browser: ExtensionBrowser) -> None:
    browser.settings(lang="en")
    page = open_banners(browser, ALL_SEVERITIES)
    first = read_banners(page)[0]
    host = f"orderlens-banner[data-orderlens-order-id='{first['id']}']"
    before = page.locator(host).evaluate(PREVIOUS_JS)
    focus(page, host, "button.dismiss")
    page.keyboard.press("Enter")

    wait_for(lambda: first["id"] not in {b["id"] for b in read_banners(page)}, 5, "the banner to go away")
    now = focused(page)
    assert (now["host"], now["cls"], now["text"]) == ("orderlens-dismissed", "undo", ui_words("en")["undo"])
    notice = page.locator("orderlens-dismissed")
    assert notice.evaluate(PREVIOUS_JS) == before, "the notice is not where the banner was"
    text = in_page(
        page, "(_, rootOf) => rootOf(document.querySelector('orderlens-dismissed')).querySelector('p').innerText"
    )
    assert text == ui_words("en")["dismissed"]
    key = f"{first['id']}:{first['scenario']}"
    wait_for(lambda: key in stored_dismissals(browser), 5, "the dismissal to be stored")

    # The notice stays while it has the focus; Undo brings the banner back and forgets the dismissal.
    page.wait_for_timeout(UNDO_MS + 500)
    assert notice.count() == 1
    page.keyboard.press("Enter")
    wait_for(lambda: first["id"] in {b["id"] for b in read_banners(page)}, 5, "Undo to bring the banner back")
    assert focused(page)["order"] == first["id"] and notice.count() == 0
    wait_for(lambda: key not in stored_dismissals(browser), 5, "the stored dismissal to be forgotten")


def stored_dismissals(browser: ExtensionBrowser) -> dict[str, int]:
    found: dict[str, int] = browser.worker.evaluate("() => chrome.storage.local.get('dismissed')").get("dismissed", {})
    return found


# A plain page that keeps banners as the content script does: dismissals in a set, each
# dismissal handing back its undo (the contract renderBanner offers its caller).
UNDO_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Orders</title></head><body><main>
<div class="card" id="c1"><p>Order 8100000000000001</p></div>
<div class="card" id="c2"><p>Order 8100000000000002</p></div>
<table><tbody id="t3"><tr><td>Order 8100000000000003</td><td>Closed</td></tr></tbody></table>
</main></body></html>"""
SHOW_JS = """(data) => {
  window.dismissed = new Set();
  window.show = () => orderlens.placeBanners(data, { dismissed: window.dismissed, onDismiss: (banner) => {
    const key = orderlens.dismissKey(banner);
    window.dismissed.add(key);
    window.show();
    return () => { window.dismissed.delete(key); window.show(); };
  } });
  window.show();
}"""


@pytest.fixture
def undo_page(plain_browser: Any) -> Iterator[Any]:
    page = plain_browser.new_page()
    page.set_content(UNDO_PAGE)
    load_banner_code(page)
    page.evaluate(
        SHOW_JS,
        analysis(
            banner("8100000000000001", "#c1", severity="action"),
            banner("8100000000000002", "#c2", severity="warning"),
            banner("8100000000000003", "#t3"),
        ),
    )
    yield page
    page.close()


@pytest.mark.parametrize("order_id", ["8100000000000002", "8100000000000003"], ids=["card", "table-row"])
def test_undo_puts_the_banner_back_with_the_focus(undo_page: Any, axe_source: str, order_id: str) -> None:
    page = undo_page
    host = page.locator(f"orderlens-banner[data-orderlens-order-id='{order_id}']")
    focus(page, f"orderlens-banner[data-orderlens-order-id='{order_id}']", "button.dismiss")
    page.keyboard.press("Enter")

    assert host.count() == 0 and page.evaluate("() => [...window.dismissed]") == [f"{order_id}:closed_refund_automatic"]
    now = focused(page)
    assert (now["host"], now["cls"], now["text"]) == ("orderlens-dismissed", "undo", "Undo")
    cell = page.evaluate("() => document.querySelector('orderlens-dismissed').closest('td') !== null")
    assert cell == (order_id == "8100000000000003"), "in a table the notice must be a row, as the banner was"
    assert_no_blocking(run_axe(page, axe_source, "orderlens-dismissed"), "the dismissed notice")

    page.keyboard.press("Enter")
    assert host.count() == 1 and page.evaluate("() => window.dismissed.size") == 0
    assert page.locator("orderlens-dismissed").count() == 0
    now = focused(page)
    assert (now["order"], now["tag"]) == (order_id, "button") and "dismiss" in now["cls"]


def test_undo_notice_goes_after_a_few_seconds(undo_page: Any) -> None:
    page = undo_page
    click(page, "orderlens-banner", "button.dismiss")
    page.evaluate("() => document.activeElement.blur()")  # the shopper clicked elsewhere
    assert page.locator("orderlens-dismissed").count() == 1
    wait_for(lambda: page.locator("orderlens-dismissed").count() == 0, UNDO_MS / 1000 + 10, "the notice to go")
    assert page.locator("orderlens-banner").count() == 2


def test_every_language_words_the_new_labels(plain_browser: Any) -> None:
    """banner.js falls back to English for labels strings.js lacks; every language has its own."""
    page = plain_browser.new_page()
    page.set_content(UNDO_PAGE)
    load_banner_code(page)
    fallback: dict[str, str] = page.evaluate("() => orderlens.fallbackLabels")
    page.close()
    assert {key: ui_words("en")[key] for key in fallback} == fallback
    for path in sorted(Path(TEXTS).glob("*.toml")):
        words = ui_words(path.stem)
        missing = [key for key in fallback if not str(words.get(key, "")).strip()]
        assert not missing, f"{path.name} [ui] lacks {missing}"


def assert_page_passes(page: Any, axe: str, where: str) -> None:
    """axe on a whole extension page: no serious or critical violation, and it really checked the text."""
    result = run_axe(page, axe, "body")
    assert result["contrastChecked"] > 3, f"axe checked no text contrast in {where}"
    assert_no_blocking(result, where)


def _extension_page(browser: ExtensionBrowser, path: str, width: int) -> Any:
    page = browser.context.new_page()
    browser.opened.append(page)
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(f"chrome-extension://{browser.extension_id}/{path}")
    return page


@pytest.mark.parametrize("state", ["ok", "no_token", "down"])
def test_popup_passes_axe_in_each_connection_state(browser: ExtensionBrowser, axe_source: str, state: str) -> None:
    if state == "no_token":
        browser.settings(token="")
    elif state == "down":
        browser.settings(server=f"http://127.0.0.1:{free_port()}")
    popup = _extension_page(browser, "popup/popup.html", 360)
    wait_for(lambda: popup.evaluate("() => document.body.dataset.state") == state, 10, f"popup state {state}")
    assert_page_passes(popup, axe_source, f"the popup, state {state}")


def test_options_pass_axe_as_set_up_tested_and_refused(browser: ExtensionBrowser, axe_source: str) -> None:
    words = tomllib.loads((TEXTS / "en.toml").read_text(encoding="utf-8"))["extension"]
    options = _extension_page(browser, "options/options.html", 800)
    wait_for(lambda: options.locator("#token").input_value() == browser.server.token, 10, "the settings shown")
    assert_page_passes(options, axe_source, "the options page as opened")

    options.click("#test")
    wait_for(lambda: words["state_ok"] in options.locator("#status").inner_text(), 10, "a successful test")
    assert_page_passes(options, axe_source, "the options page after a good test")

    options.fill("#token", "not-the-token")
    options.click("#save")
    wait_for(lambda: words["state_unauthorized"] in options.locator("#status").inner_text(), 10, "Save to refuse")
    assert_page_passes(options, axe_source, "the options page refusing a token")
