"""The buyer-protection deadline as a scenario (counted from a given `now`, in Python and on the command line),
and where a closed order's refund stands, told in its banner in every banner language."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any

import pytest

from orderlens.parser import analyze
from orderlens.parser.banners import BANNER_LANGS, build_banner
from orderlens.parser.classify import PROTECTION_ENDING_DAYS, classify
from orderlens.parser.dom import BACKENDS
from orderlens.parser.model import Countdown, OrderFacts, PageAction, Refund, TrackingEvent
from tests.fixture_pages import FIXTURES
from tests.parser.test_cli import run

TODAY = date(2026, 9, 1)
PROTECTION_EN = FIXTURES / "current_list" / "desktop_protection_ending_en.html"
PROTECTION_ES = FIXTURES / "current_list" / "desktop_protection_ending_es.html"
# desktop_protection_ending_en: order -> its protection date (the page's services line, or order date + 75 days)
ENDS = {
    "8226500333440019": "2026-09-07",
    "8226500333440027": "2026-09-09",
    "8226500333440035": "2026-09-05",
    "8226500333440043": "2026-09-03",  # completed
    "8226500333440051": "2026-08-30",
}


def texts(lang: str) -> dict[str, Any]:
    with resources.files("orderlens.parser.banners").joinpath("texts", f"{lang}.toml").open("rb") as handle:
        return tomllib.load(handle)


def order(status: str = "Awaiting delivery", days: int | None = 6, **fields: Any) -> OrderFacts:
    until = (TODAY + timedelta(days=days)).isoformat() if days is not None else None
    return OrderFacts(
        order_id="8000000000000001", anchor="div.order-item", status_text=status, protection_until=until, **fields
    )


# --- the rule ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "ending"),
    [(0, True), (1, True), (6, True), (PROTECTION_ENDING_DAYS, True), (8, False), (30, False), (-1, False)],
)
def test_protection_ends_within_a_week_of_today_inclusive(days: int, ending: bool) -> None:
    decision = classify(order(days=days), TODAY)
    assert (decision.scenario == "buyer_protection_ending") == ending, decision
    if ending:
        assert decision.evidence[0].signal == "protection:until" and decision.evidence[0].decisive


@pytest.mark.parametrize("status", ["Awaiting delivery", "Awaiting shipment", "Shipped"])
def test_an_order_on_its_way_is_warned(status: str) -> None:
    assert classify(order(status), TODAY).scenario == "buyer_protection_ending"


@pytest.mark.parametrize(
    ("facts", "scenario"),
    [
        (order("Completed"), "none"),
        (order("Finished"), "none"),
        (order("Delivered"), "none"),  # a delivered label is still "awaiting delivery", but the parcel is there
        (order(tracking_events=(TrackingEvent(title="Delivered", description="Package delivered."),)), "none"),
        (order("Closed"), "closed_refund_automatic"),
        (order("Canceled"), "closed_refund_automatic"),
        (order("In dispute"), "none"),
        (order("Awaiting payment"), "awaiting_payment"),
    ],
    ids=["completed", "finished", "delivered-label", "delivered-event", "closed", "canceled", "dispute", "unpaid"],
)
def test_no_protection_warning_on_delivered_settled_or_closed_orders(facts: OrderFacts, scenario: str) -> None:
    assert classify(facts, TODAY).scenario == scenario


def test_without_a_today_or_a_date_no_deadline_is_near() -> None:
    assert classify(order(days=3)).scenario == "none"
    assert classify(order(days=None), TODAY).scenario == "none"


def test_money_at_risk_cases_come_first() -> None:
    """A parcel whose shipment was canceled is the guide's dispute case, deadline or not."""
    canceled = order(
        "Closed", tracking_number="LP00123456789012", tracking_events=(TrackingEvent(description="Order canceled"),)
    )
    assert classify(canceled, TODAY).scenario == "canceled_after_shipping"
    problem = order(
        tracking_events=(
            TrackingEvent(title="In transit", description="Except for parcel handling in the sorting center"),
        )
    )
    assert classify(problem, TODAY).rule == "shipment_problem_reported"
    asked = order("Awaiting shipment", notices=("The seller has requested to cancel this order",))
    assert classify(asked, TODAY).scenario == "seller_requests_cancellation"


def test_the_protection_warning_comes_before_a_near_shipping_deadline() -> None:
    """Losing the automatic refund is worse than an automatic cancellation, which refunds."""
    facts = order("Awaiting shipment", countdowns=(Countdown(text="Ships within 1 day", seconds=3600),))
    assert classify(facts, TODAY).scenario == "buyer_protection_ending"


# --- analyze(now=...) and --now ---------------------------------------------------------------------------


def scenarios(analysis: Any) -> dict[str, str]:
    return {o.order_id: o.scenario for o in analysis.orders}


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_now_decides_which_orders_are_warned(backend: str) -> None:
    html = PROTECTION_EN.read_bytes()
    found = {o.order_id: o.facts.protection_until for o in analyze(html, backend=backend).orders}
    assert found == ENDS
    at_6_days = scenarios(analyze(html, backend=backend, now=TODAY))
    assert [oid for oid, s in at_6_days.items() if s == "buyer_protection_ending"] == [
        "8226500333440019",  # Sep 7: 6 days left
        "8226500333440035",  # Jun 22 + 75 days = Sep 5
    ]
    assert at_6_days["8226500333440027"] == "none"  # Sep 9: 8 days left
    later = scenarios(analyze(html, backend=backend, now=datetime(2026, 9, 2, 23, 59)))
    assert later["8226500333440027"] == "buyer_protection_ending"  # now 7 days left
    assert scenarios(analyze(html, backend=backend, now=date(2026, 8, 20))) == dict.fromkeys(ENDS, "none")
    assert set(scenarios(analyze(html, backend=backend, now=date(2026, 9, 10))).values()) == {"none"}


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_the_warning_banner_names_the_date_in_english_and_spanish(backend: str) -> None:
    for page, lang in ((PROTECTION_EN, "en"), (PROTECTION_ES, "es")):
        analysis = analyze(page.read_bytes(), backend=backend, now=TODAY)
        warned = [o for o in analysis.orders if o.scenario == "buyer_protection_ending"]
        assert len(warned) == 2
        for found in warned:
            assert found.banner is not None
            assert (found.banner.severity, found.banner.lang) == ("warning", lang)
            assert found.facts.protection_until in found.banner.summary
            assert [a.kind for a in found.banner.actions] == ["open_dispute", "track"]


def test_cli_now_option() -> None:
    result = run("analyze", str(PROTECTION_EN), "--json", "--now", "2026-09-01")
    assert result.returncode == 0, result.stderr
    got = {o["order_id"]: o["scenario"] for o in json.loads(result.stdout)["orders"]}
    assert got["8226500333440019"] == "buyer_protection_ending" and got["8226500333440027"] == "none"
    later = run("analyze", str(PROTECTION_EN), "--json", "--now", "2026-09-02T08:30:00")
    assert json.loads(later.stdout)["orders"][1]["scenario"] == "buyer_protection_ending"


@pytest.mark.parametrize("value", ["tomorrow", "2026-13-01", "01/09/2026", ""])
def test_cli_rejects_a_bad_now_in_one_line(value: str) -> None:
    result = run("analyze", str(PROTECTION_EN), "--now", value)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "--now" in result.stderr


# --- where the refund stands -------------------------------------------------------------------------------

# Detail pages whose refund steps were read off the HTML: (page, lang, state, date, done, total).
REFUND_PAGES = [
    ("current_detail/detail_refund_requested_en.html", "en", "requested", "2026-08-28", 1, 3),
    ("current_detail/detail_refund_in_progress_en.html", "en", "in_progress", "2026-08-26", 2, 3),
    ("current_detail/detail_closed_no_reason_en.html", "en", "completed", "2024-01-15", 3, 3),
    ("current_detail/detail_refund_requested_es.html", "es", "requested", "2026-08-29", 1, 3),
    ("current_detail/detail_canceled_by_seller_es.html", "es", "in_progress", "2024-01-21", 2, 3),
    ("current_detail/detail_refund_completed_es.html", "es", "completed", "2026-08-28", 3, 3),
]


@pytest.mark.parametrize("backend", sorted(BACKENDS))
@pytest.mark.parametrize(("page", "lang", "state", "day", "done", "total"), REFUND_PAGES)
def test_a_closed_orders_banner_says_where_its_refund_stands(
    page: str, lang: str, state: str, day: str, done: int, total: int, backend: str
) -> None:
    (found,) = analyze((FIXTURES / page).read_bytes(), backend=backend).orders
    assert found.banner is not None and found.banner.lang == lang
    words = texts(lang)["refund"]
    [line] = [step for step in found.banner.steps if step.startswith(words[state])]
    assert day in line
    counted = words["progress"].format(done=done, total=total)
    assert (counted in line) == (state != "completed")  # a completed refund's steps need no counting
    assert (words["not_arrived"] in found.banner.steps) == (state == "completed")
    generic = texts(lang)["scenarios"][found.scenario]
    assert generic["steps"][generic["refund_step"]] not in found.banner.steps


@pytest.mark.parametrize("backend", sorted(BACKENDS))
@pytest.mark.parametrize("page", ["desktop_refund_states_en", "desktop_refund_states_es"])
def test_list_cards_refund_lines_reach_the_banner(page: str, backend: str) -> None:
    analysis = analyze((FIXTURES / "current_list" / f"{page}.html").read_bytes(), backend=backend)
    words = texts(analysis.lang)["refund"]
    states = []
    for found in analysis.orders[:3]:
        assert found.facts.refund is not None and found.banner is not None
        states.append(found.facts.refund.state)
        assert any(step.startswith(words[found.facts.refund.state]) for step in found.banner.steps)
    assert states == ["requested", "in_progress", "completed"]
    assert analysis.orders[3].banner is None  # on its way, nothing refunded


def test_a_refund_without_a_scenario_refund_step_comes_first() -> None:
    """A canceled shipment's banner has no generic refund step: the refund's state leads its steps."""
    facts = order(
        "Closed",
        days=None,
        tracking_number="LP00123456789012",
        refund=Refund(state="completed", date="2026-08-20"),
        actions=(PageAction(kind="track", label="Track order"),),
    )
    decision = classify(facts, TODAY)
    built = build_banner(decision, facts, "en", None)
    assert decision.scenario == "canceled_after_shipping" and built is not None
    assert built.steps[0].startswith("Refund completed") and "2026-08-20" in built.steps[0]


def test_an_open_orders_refund_line_does_not_change_its_banner() -> None:
    facts = order("Awaiting shipment", days=2, refund=Refund(state="requested"))
    built = build_banner(classify(facts, TODAY), facts, "en", None)
    assert built is not None and not any(step.startswith("Refund requested") for step in built.steps)


@pytest.mark.parametrize("lang", sorted(BANNER_LANGS))
@pytest.mark.parametrize("state", ["requested", "in_progress", "completed"])
def test_every_banner_language_tells_each_refund_state(lang: str, state: str) -> None:
    refund = Refund(state=state, date="2026-08-28", steps_done=2, steps_total=3)  # type: ignore[arg-type]
    facts = order("Closed", days=None, refund=refund)
    built = build_banner(classify(facts, TODAY), facts, lang, None)
    assert built is not None and built.lang == lang
    line = next(step for step in built.steps if "2026-08-28" in step)
    assert line.startswith(texts(lang)["refund"][state])
    counted = texts(lang)["refund"]["progress"].format(done=2, total=3)
    assert (counted in line) == (state != "completed")


@pytest.mark.parametrize("lang", sorted(BANNER_LANGS))
def test_every_banner_language_names_the_protection_date(lang: str) -> None:
    facts = order(days=3)
    built = build_banner(classify(facts, TODAY), facts, lang, None)
    assert built is not None and built.scenario == "buyer_protection_ending" and built.lang == lang
    assert "2026-09-04" in built.summary
    assert built.summary != texts(lang)["scenarios"]["buyer_protection_ending"]["summary"]
    if lang != "en":
        assert built.title != texts("en")["scenarios"]["buyer_protection_ending"]["title"]
