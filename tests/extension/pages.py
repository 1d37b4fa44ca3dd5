"""Fixture pages as the browser sees them: their real URL, the banners they should get, and what
the extension actually put on the page (read back through the closed shadow roots: shadow.py)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.extension.browser import EXTENSION
from tests.extension.shadow import in_page
from tests.fixture_pages import FIXTURES, Fixture, fixtures

NO_BANNER = {"none", "unknown"}
# Scenarios decided by the date of the visit: a fixture analysed at its "now" gets them, but the live server
# analyses at today's date, so in the browser such orders may get that banner or none.
DATED = {"buyer_protection_ending"}
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)


def page_url(html: str, fallback: str | None = None) -> str:
    """The real URL a saved page came from (the mark browsers write when saving)."""
    match = _SAVED_FROM.search(html[:2000])
    if match:
        return match.group(1)
    if fallback:
        return fallback
    raise AssertionError("the page has no `<!-- saved from url=... -->` mark and no URL was given")


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """A WebExtension match pattern ("https://*.host/path*") as a regex over a full URL."""
    scheme, _, rest = pattern.partition("://")
    host, _, path = rest.partition("/")
    host_re = r"(?:[^/]+\.)?" + re.escape(host[2:]) if host.startswith("*.") else re.escape(host)
    path_re = ".*".join(re.escape(part) for part in ("/" + path).split("*"))
    return re.compile(f"{re.escape(scheme)}://{host_re}(?::\\d+)?{path_re}")


def content_script_runs_on(url: str) -> bool:
    """Whether the manifest's content script matches `url` (so a test knows whether to expect it)."""
    manifest = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))
    patterns = [p for script in manifest["content_scripts"] for p in script["matches"]]
    return any(_pattern_regex(p).fullmatch(url) for p in patterns)


@dataclass(frozen=True)
class PageCase:
    """One fixture page ready to be served: html, URL and the banners it must get."""

    name: str
    html: str
    url: str
    expected: dict[str, str]  # order id -> scenario, for orders that must get a banner
    normal: frozenset[str]  # order ids that must get none

    @classmethod
    def from_fixture(cls, fixture: Fixture) -> PageCase:
        html = fixture.page.read_text(encoding="utf-8")
        orders = fixture.expected.get("orders", [])
        assert isinstance(orders, list)
        if "now" in fixture.expected:
            orders = [o for o in orders if o["scenario"] not in DATED]
        return cls(
            name=fixture.id,
            html=html,
            url=page_url(html, str(fixture.expected.get("url") or "")),
            expected={o["order_id"]: o["scenario"] for o in orders if o["scenario"] not in NO_BANNER},
            normal=frozenset(o["order_id"] for o in orders if o["scenario"] in NO_BANNER),
        )


def all_cases() -> list[PageCase]:
    return [PageCase.from_fixture(f) for f in fixtures()]


def case(name: str) -> PageCase:
    """A fixture by its id, e.g. "current_list.desktop_mixed_en"."""
    for fixture in fixtures():
        if fixture.id == name:
            return PageCase.from_fixture(fixture)
    raise AssertionError(f"fixture {name} not found under {FIXTURES}")


def first_case(layout: str, predicate: Any) -> PageCase:
    """The first fixture of a layout that satisfies `predicate(case)`: keeps tests independent of
    fixture file names, which the parser work may still change."""
    for c in all_cases():
        if c.name.startswith(layout + ".") and predicate(c):
            return c
    raise AssertionError(f"no {layout} fixture matches what this test needs")


# Reads every banner host back from the live page: what it says (from its shadow root) and which
# order card it sits in or next to (order ids found in that card's links and data attributes).
# Called as (arg, rootOf): rootOf(host) is the host's closed shadow root (shadow.py, firefox.py).
READ_BANNERS_JS = r"""
(_, rootOf) => {
  const ORDER_ID = /(?:(?:orderId|tradeOrderId|tradeId)=|\/order-list\/)(\d+)/gi;
  const idsIn = (el) => {
    const ids = new Set();
    if (!el) return [];
    const nodes = [el, ...el.querySelectorAll("[href], [data-orderid]")];
    for (const node of nodes) {
      if (node.closest("[data-orderlens-mount]")) continue;
      for (const m of (node.getAttribute("href") || "").matchAll(ORDER_ID)) ids.add(m[1]);
      const attr = node.getAttribute("data-orderid");
      if (attr) ids.add(attr);
    }
    return [...ids];
  };
  // The card a banner belongs to: the element it follows (placed after a link card or as a table
  // row), else the nearest ancestor that mentions any order.
  const cardIds = (mount) => {
    const prev = mount.previousElementSibling;
    if (prev && idsIn(prev).length) return idsIn(prev);
    for (let el = mount.parentElement; el; el = el.parentElement) {
      const ids = idsIn(el);
      if (ids.length) return ids;
    }
    return [];
  };
  return [...document.querySelectorAll("[data-orderlens-order-id]")].map((host) => {
    const root = rootOf(host);
    const q = (sel) => root && root.querySelector(sel);
    const all = (sel) => (root ? [...root.querySelectorAll(sel)] : []);
    const mount = host.closest("[data-orderlens-mount]") || host;
    const box = host.getBoundingClientRect();
    return {
      id: host.getAttribute("data-orderlens-order-id"),
      scenario: host.getAttribute("data-orderlens-scenario"),
      severity: q(".banner") && q(".banner").getAttribute("data-severity"),
      title: q(".title") && q(".title").textContent,
      summary: q(".summary") && q(".summary").textContent,
      steps: all(".steps li").map((li) => li.textContent),
      actions: all("a.action").map((a) => ({ label: a.textContent, href: a.getAttribute("href") })),
      evidence: all(".why li").map((li) => li.textContent),
      why: q(".why summary") && q(".why summary").textContent,
      imgs: all("img").length,
      card: cardIds(mount),
      width: box.width,
      height: box.height,
    };
  });
}
"""


def read_banners(page: Any) -> list[dict[str, Any]]:
    banners: list[dict[str, Any]] = in_page(page, READ_BANNERS_JS)
    return banners


def artifact(name: str) -> Path:
    """Where a screenshot or measurement goes (tests/extension/artifacts/, git-ignored)."""
    folder = Path(__file__).resolve().parent / "artifacts"
    folder.mkdir(exist_ok=True)
    return folder / name
