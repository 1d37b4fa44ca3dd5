"""Build a banner from a scenario decision, the order's facts and the banner texts of one language.

Texts are data (`texts/<lang>.toml`), written in our own words from the guide's facts. Action buttons
use the page's own links where the page has them, and stable AliExpress pages otherwise; a button's
label promises the action only when its link performs it, and no button leads to the page the shopper
is on. The page's own controls for the banner's actions are named so the extension can point at them.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, parse_qsl

from orderlens.parser.classify import Decision
from orderlens.parser.model import (
    ActionKind,
    Anchor,
    Banner,
    BannerAction,
    BannerControl,
    OrderFacts,
    Refund,
    Severity,
)
from orderlens.parser.urls import host_of, is_aliexpress, urlsplit_or_none

FALLBACK_LANG = "en"
SEVERITY: dict[str, Severity] = {
    "canceled_after_shipping": "action",
    "seller_requests_cancellation": "action",
    "closed_security_issue": "warning",
    "order_frozen": "warning",
    "shipping_deadline_near": "warning",
    "buyer_protection_ending": "warning",
    "auto_canceled_not_shipped": "info",
    "canceled_by_seller": "info",
    "payment_verification": "info",
    "awaiting_payment": "info",
    "closed_refund_automatic": "info",
}
# A rule that only hedges (a problem reported, no verdict yet) is one step milder than its scenario.
RULE_SEVERITY: dict[str, Severity] = {"shipment_problem_reported": "warning"}
# Buttons whose fallback page is exactly what their label says: the order's tracking or details page.
_NAVIGATION: frozenset[ActionKind] = frozenset({"track", "details"})
_TEXTS = Path(__file__).with_name("texts")  # a plain folder: importlib.resources costs the CLI ~5 ms to import


def _available() -> frozenset[str]:
    return frozenset(entry.name.removesuffix(".toml") for entry in _TEXTS.iterdir() if entry.name.endswith(".toml"))


BANNER_LANGS = _available()


@cache
def _texts(lang: str) -> dict[str, Any]:
    with _TEXTS.joinpath(f"{lang}.toml").open("rb") as handle:
        return tomllib.load(handle)


def banner_lang(lang: str | None) -> str:
    """The language banners are written in: the requested one when we have its texts, else English."""
    base = (lang or "").lower().replace("_", "-").split("-")[0]
    return base if base in BANNER_LANGS else FALLBACK_LANG


def scenario_title(scenario: str, lang: str | None) -> str:
    """A scenario's banner title in the banner language for `lang` (lists of orders show it without a banner)."""
    title: str = _texts(banner_lang(lang))["scenarios"][scenario]["title"]
    return title


def _site(url: str | None) -> str:
    """The AliExpress host the shopper is on, so fallback links stay on their regional site."""
    host = host_of(url)
    first, _, domain = host.partition(".")
    regional = len(first) == 2 or first in ("www", "m")  # es., fr., m., www. — not trade. or track.
    if regional and domain in ("aliexpress.com", "aliexpress.us", "aliexpress.ru"):
        return f"https://{host}"
    if host in ("aliexpress.us", "aliexpress.ru"):
        return f"https://{host}"
    return "https://www.aliexpress.com"


def same_page(href: str, page_url: str | None) -> bool:
    """Whether a link shows the page the shopper is on: same host (`www.` aside) and path, and no query
    parameter the page lacks, in any order; the fragment does not count. A link that drops the page's
    extra parameters (`?_addShare=no&tradeOrderId=1` → `?tradeOrderId=1`) still reopens it."""
    link, page = urlsplit_or_none(href), urlsplit_or_none(page_url or "")
    if link is None or page is None or not page.netloc:
        return False

    def where(parts: SplitResult) -> tuple[str, str]:
        return (parts.hostname or "").lower().removeprefix("www."), parts.path.rstrip("/")

    wanted, present = (Counter(parse_qsl(p.query, keep_blank_values=True)) for p in (link, page))
    return where(link) == where(page) and wanted <= present


def _tracking_page_of(order_id: str, page_url: str | None) -> bool:
    """Whether the shopper is on this order's tracking page, at any of its addresses (the current
    `/p/tracking/`, the legacy `track.aliexpress.com/logisticsdetail.htm`, aliexpress.ru's `/tracking`):
    a track button there would show the same events again."""
    parts = urlsplit_or_none(page_url or "")
    if parts is None or not is_aliexpress(page_url):
        return False
    names_the_order = order_id in (value for _, value in parse_qsl(parts.query))
    return names_the_order and "track" in f"{parts.hostname}{parts.path}".lower()


def _own_link(kind: ActionKind, facts: OrderFacts) -> str | None:
    """The page's own link for an action, when it leads to AliExpress over https. A page (or a script on
    it) must never turn a banner button into a way off AliExpress."""
    candidates: list[str | None] = [a.href for a in facts.actions if a.kind == kind]
    if kind == "contact_seller":
        candidates.insert(0, facts.store_message_url)
    return next((href for href in candidates if is_aliexpress(href)), None)


def _fallback(kind: ActionKind, facts: OrderFacts, page_url: str | None) -> str:
    """The AliExpress page where the shopper can do it: the tracking page, else the order's details."""
    site = _site(page_url)
    if kind == "track":
        return f"{site}/p/tracking/index.html?tradeOrderId={facts.order_id}"
    if facts.detail_url and is_aliexpress(facts.detail_url):
        return facts.detail_url
    return f"{site}/p/order/detail.html?orderId={facts.order_id}"


def _action(kind: ActionKind, facts: OrderFacts, page_url: str | None, texts: dict[str, Any]) -> BannerAction | None:
    """The button for one action, or None when its only target is the page the shopper is on.

    Its label promises the action ("Open a dispute") when the link performs it: the page's own link for
    it, or the tracking or details page for those; any other fallback says it leads to the order's
    details ("Go to order details to open a dispute").
    """
    if kind == "track" and _tracking_page_of(facts.order_id, page_url):
        return None
    own = _own_link(kind, facts)
    if own is not None and not same_page(own, page_url):
        return BannerAction(kind=kind, label=texts["actions"][kind], href=own)
    href = _fallback(kind, facts, page_url)
    if same_page(href, page_url):
        return None
    label = texts["actions"][kind] if kind in _NAVIGATION else texts["actions_via_details"][kind]
    return BannerAction(kind=kind, label=label, href=href)


def _control(kind: ActionKind, facts: OrderFacts, texts: dict[str, Any]) -> BannerControl | None:
    """The page's own control for an action in this order's block, by its visible text."""
    found = next((a for a in facts.actions if a.kind == kind and a.label.strip()), None)
    return BannerControl(kind=kind, label=texts["actions"][kind], text=found.label) if found else None


def _scenario_texts(texts: dict[str, Any], decision: Decision) -> dict[str, Any]:
    """The deciding rule's own texts where it has them (`[rules.<rule>]`), else its scenario's.

    A scenario can cover states that need different words: an unpaid order and one closed because it
    was never paid are the same guide case, but only the first can still be paid.
    """
    own: dict[str, Any] | None = texts.get("rules", {}).get(decision.rule)
    return own if own is not None else texts["scenarios"][decision.scenario]


def _summary(scenario: dict[str, Any], facts: OrderFacts) -> str:
    """The scenario's summary, opened by its deadline sentence (`deadline`, with `{date}`) when the page gives
    the buyer-protection date."""
    deadline: str | None = scenario.get("deadline")
    if deadline is None or facts.protection_until is None:
        return str(scenario["summary"])
    return f"{deadline.format(date=facts.protection_until)} {scenario['summary']}"


def _refund_steps(refund: Refund, texts: dict[str, Any]) -> list[str]:
    """Where the refund stands, in the banner's words (`[refund]`): its state, date and progress step, what
    comes next; once it is completed, also when to act if the money does not arrive."""
    words: dict[str, str] = texts["refund"]
    when = words["on"].format(date=refund.date) if refund.date else ""
    progress = ""  # a completed refund's steps are all done: no need to count them
    if refund.state != "completed" and refund.steps_done is not None and refund.steps_total is not None:
        progress = words["progress"].format(done=refund.steps_done, total=refund.steps_total)
    then = words[f"{refund.state}_next"]
    line = words["line"].format(state=words[refund.state], when=when, progress=progress, next=then)
    return [line, words["not_arrived"]] if refund.state == "completed" else [line]


def _steps(scenario: dict[str, Any], decision: Decision, facts: OrderFacts, texts: dict[str, Any]) -> tuple[str, ...]:
    """The scenario's steps; on a closed order whose page shows its refund, where the refund stands takes the
    place of the generic refund step (`refund_step`, an index), or comes first where the scenario has none."""
    steps: list[str] = list(scenario["steps"])
    if facts.refund is None or decision.status != "closed":
        return tuple(steps)
    index: int | None = scenario.get("refund_step")
    refund = _refund_steps(facts.refund, texts)
    if index is None:
        return (*refund, *steps)
    return (*steps[:index], *refund, *steps[index + 1 :])


def build_banner(decision: Decision, facts: OrderFacts, lang: str | None, page_url: str | None) -> Banner | None:
    """The banner for a decision; None for `none` and `unknown`, which show nothing."""
    severity = RULE_SEVERITY.get(decision.rule, SEVERITY.get(decision.scenario))
    if decision.scenario not in SEVERITY or severity is None:
        return None
    used = banner_lang(lang)
    texts = _texts(used)
    scenario = _scenario_texts(texts, decision)
    kinds: list[ActionKind] = scenario["actions"]
    actions = tuple(a for a in (_action(kind, facts, page_url, texts) for kind in kinds) if a is not None)
    controls = tuple(c for c in (_control(kind, facts, texts) for kind in kinds) if c is not None)
    return Banner(
        scenario=decision.scenario,
        severity=severity,
        title=scenario["title"],
        summary=_summary(scenario, facts),
        steps=_steps(scenario, decision, facts, texts),
        actions=actions,
        controls=controls,
        evidence=decision.evidence,
        lang=used,
        anchor=Anchor(order_id=facts.order_id, selector=facts.anchor, path=facts.anchor_path),
    )
