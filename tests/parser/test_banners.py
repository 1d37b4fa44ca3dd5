"""Banner texts per scenario and language, language fallback, and where action buttons point."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any, get_args

import pytest

from orderlens.parser.banners import build_banner
from orderlens.parser.banners.build import BANNER_LANGS, banner_lang
from orderlens.parser.classify import RULES, Decision, classify
from orderlens.parser.model import Banner, Evidence, OrderFacts, PageAction, ScenarioId

ORDER_ID = "8000000000000001"
SILENT = {"none", "unknown"}
SCENARIOS_WITH_BANNER = [s for s in get_args(ScenarioId) if s not in SILENT]
EVIDENCE = (Evidence(source="status_text", text="Closed", signal="status:closed"),)


def facts(**fields: Any) -> OrderFacts:
    return OrderFacts(order_id=ORDER_ID, anchor="div.order-item:nth-of-type(1)", **fields)


def decision(scenario: ScenarioId) -> Decision:
    return Decision(scenario=scenario, rule=scenario, status="closed", evidence=EVIDENCE)


def banner(
    scenario: ScenarioId, order: OrderFacts | None = None, lang: str | None = "en", url: str | None = None
) -> Banner:
    built = build_banner(decision(scenario), order or facts(), lang, url)
    assert built is not None
    return built


def href_of(scenario: ScenarioId, kind: str, order: OrderFacts | None = None, url: str | None = None) -> str:
    built = banner(scenario, order, "en", url)
    return next(a.href for a in built.actions if a.kind == kind)


# --- texts ----------------------------------------------------------------------------------------


def test_there_are_ten_scenarios_with_a_banner() -> None:
    assert len(SCENARIOS_WITH_BANNER) == 10


@pytest.mark.parametrize("lang", sorted(BANNER_LANGS))
@pytest.mark.parametrize("scenario", SCENARIOS_WITH_BANNER)
def test_every_scenario_has_a_complete_banner(scenario: ScenarioId, lang: str) -> None:
    built = banner(scenario, lang=lang)
    assert built.lang == lang
    assert built.scenario == scenario
    assert built.title.strip()
    assert built.summary.strip()
    assert len(built.steps) >= 2
    assert all(step.strip() for step in built.steps)
    assert len(built.actions) >= 1
    assert all(a.label.strip() and a.href.startswith("https://") for a in built.actions)


@pytest.mark.parametrize("lang", sorted(BANNER_LANGS - {"en"}))
@pytest.mark.parametrize("scenario", SCENARIOS_WITH_BANNER)
def test_every_language_offers_the_same_actions(scenario: ScenarioId, lang: str) -> None:
    en = [a.kind for a in banner(scenario, lang="en").actions]
    other = [a.kind for a in banner(scenario, lang=lang).actions]
    assert en == other


@pytest.mark.parametrize("lang", sorted(BANNER_LANGS - {"en"}))
@pytest.mark.parametrize("scenario", SCENARIOS_WITH_BANNER)
def test_banner_is_translated(scenario: ScenarioId, lang: str) -> None:
    en, other = banner(scenario, lang="en"), banner(scenario, lang=lang)
    assert en.title != other.title
    assert en.summary != other.summary


@pytest.mark.parametrize("scenario", sorted(SILENT))
def test_none_and_unknown_have_no_banner(scenario: ScenarioId) -> None:
    assert build_banner(decision(scenario), facts(), "en", None) is None


@pytest.mark.parametrize(
    ("scenario", "severity"),
    [
        ("canceled_after_shipping", "action"),
        ("seller_requests_cancellation", "action"),
        ("closed_security_issue", "warning"),
        ("order_frozen", "warning"),
        ("shipping_deadline_near", "warning"),
        ("payment_verification", "info"),
        ("canceled_by_seller", "info"),
        ("auto_canceled_not_shipped", "info"),
        ("awaiting_payment", "info"),
        ("closed_refund_automatic", "info"),
    ],
)
def test_severity_follows_docs_table(scenario: ScenarioId, severity: str) -> None:
    assert banner(scenario).severity == severity


# --- a rule's own texts ------------------------------------------------------------------------------


def closed_unpaid_banner(lang: str) -> Banner:
    decision = Decision(scenario="awaiting_payment", rule="closed_unpaid", status="expired", evidence=EVIDENCE)
    built = build_banner(decision, facts(), lang, None)
    assert built is not None
    return built


@pytest.mark.parametrize("lang", sorted(BANNER_LANGS))
def test_an_order_closed_unpaid_gets_its_own_banner_without_a_pay_button(lang: str) -> None:
    closed, open_ = closed_unpaid_banner(lang), banner("awaiting_payment", lang=lang)
    assert (closed.scenario, closed.severity, closed.lang) == ("awaiting_payment", "info", lang)
    assert [a.kind for a in closed.actions] == ["details"]
    assert "pay" in [a.kind for a in open_.actions]
    assert closed.title != open_.title
    assert closed.summary != open_.summary
    assert len(closed.steps) >= 2
    assert all(step.strip() for step in closed.steps)


def test_the_english_closed_unpaid_banner_says_it_cannot_be_paid_and_names_no_deadline() -> None:
    built = closed_unpaid_banner("en")
    text = " ".join((built.title, built.summary, *built.steps)).lower()
    assert "never paid" in text
    assert "can't be paid any more" in text
    assert "no money was taken" in text
    assert "deadline" not in text
    assert "pay now" not in text


@pytest.mark.parametrize("lang", sorted(BANNER_LANGS - {"en"}))
def test_the_closed_unpaid_banner_is_translated(lang: str) -> None:
    en, other = closed_unpaid_banner("en"), closed_unpaid_banner(lang)
    assert (en.title, en.summary) != (other.title, other.summary)
    assert [a.kind for a in en.actions] == [a.kind for a in other.actions]


def test_every_rule_with_its_own_texts_is_a_rule_of_the_classifier() -> None:
    rule_names = {rule.__name__ for _, rule in RULES}
    for lang in sorted(BANNER_LANGS):
        with resources.files("orderlens.parser.banners").joinpath("texts", f"{lang}.toml").open("rb") as handle:
            own = set(tomllib.load(handle).get("rules", {}))
        assert own, lang
        assert own <= rule_names, lang


def test_a_real_expired_order_gets_the_closed_unpaid_banner() -> None:
    order = facts(status_text="Expired")
    built = build_banner(classify(order), order, "en", None)
    assert built is not None
    assert built.title == closed_unpaid_banner("en").title
    assert ("status_text", "Expired", "status:expired") in {(e.source, e.text, e.signal) for e in built.evidence}


def test_banner_carries_evidence_and_anchor() -> None:
    built = banner("closed_refund_automatic")
    assert built.evidence == EVIDENCE
    assert (built.anchor.order_id, built.anchor.selector) == (ORDER_ID, "div.order-item:nth-of-type(1)")


def test_banner_from_a_real_decision_keeps_its_evidence() -> None:
    order = facts(status_text="Closed", notices=("We have to cancel this order due to security issue",))
    built = build_banner(classify(order), order, "en", None)
    assert built is not None
    assert built.scenario == "closed_security_issue"
    assert "We have to cancel this order due to security issue" in {e.text for e in built.evidence}


# --- language -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "used"),
    [
        ("en", "en"),
        ("es", "es"),
        ("es-ES", "es"),
        ("es_MX", "es"),
        ("ES", "es"),
        ("de", "de"),
        ("fr-FR", "fr"),
        ("pt_BR", "pt"),
        ("ja", "en"),
        ("ko-KR", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_banner_lang_falls_back_to_english(requested: str | None, used: str) -> None:
    assert banner_lang(requested) == used


def test_banner_in_unsupported_language_is_english() -> None:
    built = banner("closed_refund_automatic", lang="ja")
    assert built.lang == "en"
    assert built.title == banner("closed_refund_automatic", lang="en").title


@pytest.mark.parametrize("lang", ["en", "es", "fr", "de", "it", "pt", "ru"])
def test_required_banner_languages_are_present(lang: str) -> None:
    assert banner_lang(lang) == lang


def test_banner_for_regional_spanish_tag_is_spanish() -> None:
    assert banner("closed_refund_automatic", lang="es-ES").title == banner("closed_refund_automatic", lang="es").title


# --- action links ---------------------------------------------------------------------------------

STORE_MESSAGE = "https://www.aliexpress.com/p/im/index.html?sellerId=123"
PAGE_CONTACT = "https://msg.aliexpress.com/buyerMsgList.htm?orderId=8000000000000001"
PAGE_DISPUTE = "https://www.aliexpress.com/p/refund/index.html?orderId=8000000000000001"
PAGE_TRACK = "https://www.aliexpress.com/p/tracking/index.html?_addShare=no&tradeOrderId=8000000000000001"


def test_contact_seller_uses_the_store_message_url() -> None:
    order = facts(
        store_message_url=STORE_MESSAGE,
        actions=(PageAction(kind="contact_seller", label="Contact seller", href=PAGE_CONTACT),),
    )
    assert href_of("canceled_after_shipping", "contact_seller", order) == STORE_MESSAGE


def test_contact_seller_uses_the_page_link_without_a_store_message_url() -> None:
    order = facts(actions=(PageAction(kind="contact_seller", label="Contact seller", href=PAGE_CONTACT),))
    assert href_of("canceled_after_shipping", "contact_seller", order) == PAGE_CONTACT


def test_actions_use_the_page_links_when_present() -> None:
    order = facts(
        actions=(
            PageAction(kind="open_dispute", label="Open dispute", href=PAGE_DISPUTE),
            PageAction(kind="track", label="Track order", href=PAGE_TRACK),
        )
    )
    built = banner("canceled_after_shipping", order, url="https://es.aliexpress.com/p/order/index.html")
    hrefs = {a.kind: a.href for a in built.actions}
    assert hrefs["open_dispute"] == PAGE_DISPUTE
    assert hrefs["track"] == PAGE_TRACK


def test_page_action_without_href_falls_back() -> None:
    order = facts(actions=(PageAction(kind="track", label="Track order", href=None),))
    assert href_of("canceled_after_shipping", "track", order) == (
        f"https://www.aliexpress.com/p/tracking/index.html?tradeOrderId={ORDER_ID}"
    )


@pytest.mark.parametrize(
    ("page_url", "site"),
    [
        pytest.param("https://es.aliexpress.com/p/order/index.html", "https://es.aliexpress.com", id="es-subdomain"),
        pytest.param("https://www.aliexpress.us/p/order/index.html", "https://www.aliexpress.us", id="us"),
        pytest.param("https://www.aliexpress.com/p/order/index.html", "https://www.aliexpress.com", id="www"),
        pytest.param("https://example.com/orders.html", "https://www.aliexpress.com", id="foreign-host"),
        pytest.param("https://aliexpress.com.evil.example/x", "https://www.aliexpress.com", id="lookalike-host"),
        pytest.param("https://notaliexpress.com/x", "https://www.aliexpress.com", id="suffix-lookalike"),
        pytest.param("file:///home/me/orders.html", "https://www.aliexpress.com", id="saved-file"),
        pytest.param(None, "https://www.aliexpress.com", id="no-url"),
    ],
)
def test_fallback_links_stay_on_the_regional_aliexpress_host(page_url: str | None, site: str) -> None:
    built = banner("canceled_after_shipping", facts(), url=page_url)
    hrefs = {a.kind: a.href for a in built.actions}
    assert hrefs["track"] == f"{site}/p/tracking/index.html?tradeOrderId={ORDER_ID}"
    assert hrefs["open_dispute"] == f"{site}/p/order/detail.html?orderId={ORDER_ID}"
    assert hrefs["contact_seller"] == f"{site}/p/order/detail.html?orderId={ORDER_ID}"


def test_details_falls_back_to_the_facts_detail_url() -> None:
    detail = f"https://trade.aliexpress.com/order_detail.htm?orderId={ORDER_ID}"
    order = facts(detail_url=detail)
    assert href_of("closed_refund_automatic", "details", order, "https://es.aliexpress.com/") == detail


def test_details_without_any_link_points_at_the_regional_detail_page() -> None:
    assert href_of("closed_refund_automatic", "details", facts(), "https://es.aliexpress.com/p/order/index.html") == (
        f"https://es.aliexpress.com/p/order/detail.html?orderId={ORDER_ID}"
    )


def test_action_labels_come_from_the_banner_language() -> None:
    en = {a.kind: a.label for a in banner("awaiting_payment", lang="en").actions}
    es = {a.kind: a.label for a in banner("awaiting_payment", lang="es").actions}
    assert en["pay"] == "Pay now"
    assert es["pay"] == "Pagar ahora"


@pytest.mark.parametrize(
    ("href", "stays"),
    [
        pytest.param("https://www.aliexpress.com/p/trade/confirm.html?orderId=1", True, id="www"),
        pytest.param("https://es.aliexpress.com/p/order/detail.html?orderId=1", True, id="regional"),
        pytest.param("https://aliexpress.ru/order-list/8000000000000001", True, id="ru"),
        pytest.param("https://www.aliexpress.us:443/p/im/index.html", True, id="us-default-port"),
        pytest.param("http://www.aliexpress.com/p/trade/confirm.html", False, id="plain-http"),
        pytest.param("https://evil.example/pay", False, id="other-host"),
        pytest.param("https://www.aliexpress.com@evil.example/pay", False, id="userinfo"),
        pytest.param("https://aliexpress.com.evil.example/pay", False, id="suffix-look-alike"),
        pytest.param("https://evil-aliexpress.com/pay", False, id="prefix-look-alike"),
        pytest.param("https://\u0430liexpress.com/pay", False, id="cyrillic-homoglyph"),
        pytest.param("https://www.aliexpress.com:8443/pay", False, id="other-port"),
        pytest.param("javascript:alert(1)", False, id="javascript"),
    ],
)
def test_banner_buttons_lead_to_aliexpress_only(href: str, stays: bool) -> None:
    """A page link becomes a button only over https to an AliExpress host; otherwise AliExpress's own page."""
    order = facts(actions=(PageAction(kind="pay", label="Pay now", href=href),))
    got = href_of("awaiting_payment", "pay", order, "https://www.aliexpress.com/p/order/index.html")
    fallback = f"https://www.aliexpress.com/p/order/detail.html?orderId={ORDER_ID}"
    assert got == (href if stays else fallback)
