"""Every fixture page, opened at its real URL with the real extension and server: each order in
trouble gets exactly its banner, on its own card, and normal orders get none."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.extension.conftest import ExtensionBrowser
from tests.extension.pages import (
    PageCase,
    all_cases,
    artifact,
    case,
    content_script_runs_on,
    first_case,
    read_banners,
)
from tests.extension.shadow import click, visible

pytestmark = pytest.mark.browser

CASES = all_cases()


@pytest.mark.parametrize("page_case", CASES, ids=[c.name for c in CASES])
def test_fixture_gets_exactly_the_right_banners(browser: ExtensionBrowser, page_case: PageCase) -> None:
    if not content_script_runs_on(page_case.url):
        # Not an order page (login, product): the extension must not even look at it.
        assert not page_case.expected, f"{page_case.url} has orders in trouble but the manifest does not match it"
        before = browser.analyze_requests()
        page = browser.open(page_case)
        page.wait_for_timeout(700)
        assert read_banners(page) == [] and browser.analyze_requests() == before
        return
    page = browser.open(page_case)
    report = browser.wait_reported(page)
    banners = read_banners(page)
    page.screenshot(path=artifact(f"fixture-{page_case.name}.png"), full_page=True)

    shown = {b["id"]: b["scenario"] for b in banners}
    assert shown == page_case.expected, "banners differ from the fixture's hand-written expectation"
    assert len(banners) == len(shown), "an order got more than one banner"
    assert report["count"] == len(banners)
    assert not set(shown) & page_case.normal
    for banner in banners:
        assert banner["card"] == [banner["id"]], f"banner for {banner['id']} sits on the card of {banner['card']}"
        assert banner["severity"] in {"action", "warning", "info"}
        assert banner["title"] and banner["summary"] and banner["height"] > 20
    assert browser.console_errors == []


def test_banner_shows_the_servers_text_steps_actions_and_evidence(browser: ExtensionBrowser) -> None:
    page_case = case("current_list.desktop_mixed_en")
    analysis = browser.server.analyze({"html": page_case.html, "url": page_case.url, "lang": None}).json()
    page = browser.open(page_case)
    browser.wait_reported(page)

    by_id = {b["id"]: b for b in read_banners(page)}
    for order in analysis["orders"]:
        expected = order["banner"]
        if expected is None or expected["scenario"] in ("none", "unknown"):
            assert order["order_id"] not in by_id
            continue
        shown = by_id[order["order_id"]]
        assert shown["title"] == expected["title"]
        assert shown["summary"] == expected["summary"]
        assert shown["severity"] == expected["severity"]
        assert shown["steps"] == list(expected["steps"])
        # Actions the page offers itself are buttons pointing at them (test_ext_controls.py), not links.
        controlled = {c["kind"] for c in expected["controls"]}
        links = [{"label": a["label"], "href": a["href"]} for a in expected["actions"] if a["kind"] not in controlled]
        assert shown["actions"] == links
        evidence = [("Deciding fact: " if e["decisive"] else "") + e["text"] for e in expected["evidence"]]
        assert shown["evidence"] == evidence
        assert shown["why"] == "Why?"

    # Several banners take the compact form: "More" shows the rest, the "Why?" expander the evidence.
    host = "[data-orderlens-scenario='canceled_after_shipping']"
    click(page, host, "button.more")
    click(page, host, ".why summary")
    assert visible(page, host, ".why li")
    page.locator(host).first.screenshot(path=artifact("banner-why-open.png"))


def test_spanish_page_gets_spanish_banners_and_labels(browser: ExtensionBrowser) -> None:
    page = browser.open(case("current_list.desktop_mixed_es"))
    browser.wait_reported(page)
    banners = read_banners(page)
    assert banners and all(b["why"] == "¿Por qué?" for b in banners)


def test_banners_fit_a_phone_screen(browser: ExtensionBrowser) -> None:
    page_case = case("current_list.mobile_en")
    page = browser.context.new_page()
    browser.opened.append(page)
    page.set_viewport_size({"width": 375, "height": 800})
    browser.open(page_case, page)
    browser.wait_reported(page)
    banners = read_banners(page)
    assert banners and all(0 < b["width"] <= 375 for b in banners)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1, "banners made the page scroll sideways"
    page.screenshot(path=artifact("mobile-375px.png"), full_page=True)


HOSTILE = '<img src=x onerror="window.__orderlensPwned=1">'


def test_markup_in_page_text_is_shown_as_text_and_never_runs(browser: ExtensionBrowser) -> None:
    """A notice whose text contains markup (the page escaped it, as AliExpress would) reaches the
    banner's evidence as text: no element is created from it and nothing runs."""
    base = first_case("current_detail", lambda c: "closed_security_issue" in c.expected.values())
    notice = 'class="order-status-notice">'
    assert notice in base.html, "the security fixture no longer has an .order-status-notice to tamper with"
    escaped = HOSTILE.replace("<", "&lt;").replace(">", "&gt;")
    hostile = replace(base, name="hostile", html=base.html.replace(notice, notice + escaped + " ", 1))

    page = browser.open(hostile)
    browser.wait_reported(page)
    click(page, "[data-orderlens-order-id]", ".why summary")
    page.wait_for_timeout(300)  # time for an injected <img> to fail loading and fire onerror
    banners = read_banners(page)
    page.screenshot(path=artifact("hostile-notice.png"), full_page=True)

    assert [b["scenario"] for b in banners] == ["closed_security_issue"]
    assert any(HOSTILE in text for text in banners[0]["evidence"]), "the notice text should be shown verbatim"
    assert banners[0]["imgs"] == 0
    assert page.evaluate("() => window.__orderlensPwned") is None
