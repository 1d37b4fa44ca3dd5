"""Inline markup inside sentences: a rebuild that bolds a word or wraps the last word of a notice in a
<span> changes no sentence a shopper reads, so it must change no scenario either.

Every fixture is rewritten twice, in the raw HTML: the middle word of every text run of three or more
words goes into <b>, and (separately) the last word of every run of two or more words into a <span>.
Both backends must read every hand-written order with its hand-written scenario, on the page as saved
and with its classes renamed too (tests/drift.py, "meaningless").
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from orderlens.parser import analyze
from orderlens.parser.dom import BACKENDS
from tests.drift import drift
from tests.fixture_pages import Fixture, fixtures
from tests.parser.fixture_time import now_of

FIXTURES = [f for f in fixtures() if f.orders]
_TEXT_RUN = re.compile(r">([^<>]{2,300})<")


def _bold_middle_word(match: re.Match[str]) -> str:
    words = match.group(1).split(" ")
    if sum(1 for word in words if word.strip()) < 3:
        return match.group(0)
    middle = len(words) // 2
    return f">{' '.join(words[:middle])} <b>{words[middle]}</b> {' '.join(words[middle + 1 :])}<"


def _span_last_word(match: re.Match[str]) -> str:
    head, space, last = match.group(1).rstrip().rpartition(" ")
    if not space or not head.strip():
        return match.group(0)
    return f">{head} <span>{last}</span><"


REWRITES: dict[str, Callable[[re.Match[str]], str]] = {
    "bold-middle-word": _bold_middle_word,
    "span-last-word": _span_last_word,
}


def inline_markup(page: str, rewrite: str) -> str:
    """The page with `rewrite` (a key of REWRITES) applied to every text run of the raw HTML."""
    return _TEXT_RUN.sub(REWRITES[rewrite], page)


def test_the_rewrites_change_markup_not_text() -> None:
    page = "<div>Payment is being verified</div><p>Closed</p><i>Two words</i>"
    bolded = inline_markup(page, "bold-middle-word")
    spanned = inline_markup(page, "span-last-word")
    assert bolded == "<div>Payment is <b>being</b> verified</div><p>Closed</p><i>Two words</i>"
    assert spanned == "<div>Payment is being <span>verified</span></div><p>Closed</p><i>Two <span>words</span></i>"


@pytest.mark.parametrize("renamed", [False, True], ids=["as-saved", "classes-renamed"])
@pytest.mark.parametrize("rewrite", list(REWRITES))
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
def test_inline_markup_in_sentences_changes_no_scenario(
    fixture: Fixture, backend: str, rewrite: str, renamed: bool
) -> None:
    html = fixture.page.read_text(encoding="utf-8")
    page = inline_markup(drift(html, "meaningless") if renamed else html, rewrite)
    found = {order.order_id: order.scenario for order in analyze(page, backend=backend, now=now_of(fixture)).orders}
    expected = {str(order["order_id"]): order["scenario"] for order in fixture.orders}
    assert {order_id: found.get(order_id) for order_id in expected} == expected, fixture.expectation_path
