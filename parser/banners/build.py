"""Build a banner from a scenario decision, the order's facts and the banner texts of one language.

Texts are data (`texts/<lang>.toml`), written in our own words from the guide's facts. Action buttons
use the page's own links where the page has them, and stable AliExpress pages otherwise.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from orderlens.parser.classify import Decision
from orderlens.parser.model import ActionKind, Anchor, Banner, BannerAction, OrderFacts, Severity
from orderlens.parser.urls import host_of, is_aliexpress

FALLBACK_LANG = "en"
SEVERITY: dict[str, Severity] = {
    "canceled_after_shipping": "action",
    "seller_requests_cancellation": "action",
    "closed_security_issue": "warning",
    "order_frozen": "warning",
    "shipping_deadline_near": "warning",
    "auto_canceled_not_shipped": "info",
    "canceled_by_seller": "info",
    "payment_verification": "info",
    "awaiting_payment": "info",
    "closed_refund_automatic": "info",
}
_TEXTS = resources.files(__package__).joinpath("texts")


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


def _href(kind: ActionKind, facts: OrderFacts, page_url: str | None) -> str:
    """The page's own link for an action, when it leads to AliExpress over https; else the AliExpress page
    where the shopper can do it. A page (or a script on it) must never turn a banner button into a way off
    AliExpress."""
    candidates: list[str | None] = [a.href for a in facts.actions if a.kind == kind]
    if kind == "contact_seller":
        candidates.insert(0, facts.store_message_url)
    from_page = next((href for href in candidates if is_aliexpress(href)), None)
    if from_page:
        return from_page
    site = _site(page_url)
    if kind == "track":
        return f"{site}/p/tracking/index.html?tradeOrderId={facts.order_id}"
    if kind == "details" and facts.detail_url and is_aliexpress(facts.detail_url):
        return facts.detail_url
    return f"{site}/p/order/detail.html?orderId={facts.order_id}"


def _scenario_texts(texts: dict[str, Any], decision: Decision) -> dict[str, Any]:
    """The deciding rule's own texts where it has them (`[rules.<rule>]`), else its scenario's.

    A scenario can cover states that need different words: an unpaid order and one closed because it
    was never paid are the same guide case, but only the first can still be paid.
    """
    own: dict[str, Any] | None = texts.get("rules", {}).get(decision.rule)
    return own if own is not None else texts["scenarios"][decision.scenario]


def build_banner(decision: Decision, facts: OrderFacts, lang: str | None, page_url: str | None) -> Banner | None:
    """The banner for a decision; None for `none` and `unknown`, which show nothing."""
    severity = SEVERITY.get(decision.scenario)
    if severity is None:
        return None
    used = banner_lang(lang)
    texts = _texts(used)
    scenario = _scenario_texts(texts, decision)
    actions = tuple(
        BannerAction(kind=kind, label=texts["actions"][kind], href=_href(kind, facts, page_url))
        for kind in scenario["actions"]
    )
    return Banner(
        scenario=decision.scenario,
        severity=severity,
        title=scenario["title"],
        summary=scenario["summary"],
        steps=tuple(scenario["steps"]),
        actions=actions,
        evidence=decision.evidence,
        lang=used,
        anchor=Anchor(order_id=facts.order_id, selector=facts.anchor, path=facts.anchor_path),
    )
