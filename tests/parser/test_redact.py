"""`orderlens redact` denies by default: nothing but what the parser needs survives, and every page still
analyses the same (same layout, scenarios, anchors; order ids and tracking numbers as mapped)."""

from __future__ import annotations

import html as html_lib
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orderlens.parser import analyze
from orderlens.parser.decode import decode
from orderlens.parser.model import Analysis
from orderlens.parser.redact import IdMap, Redaction, redact
from orderlens.parser.redact.attributes import STRUCTURAL
from orderlens.parser.redact.markup import Tag, Text, apply_edits, tokens
from orderlens.parser.redact.placeholder import Masker
from orderlens.parser.redact.report import Kept, Tally
from orderlens.parser.redact.urls import UrlRule
from orderlens.parser.redact.words import is_kept_word
from orderlens.parser.text import fold
from tests.fixture_pages import FIXTURES, Fixture, fixtures
from tests.parser.redaction_canaries import CANARIES, planted, survivors
from tests.parser.strategies import PHRASES, html_pages

ORDERLENS = [sys.executable, "-c", "from orderlens.parser.cli import main; main()"]
PAGES = sorted(FIXTURES.rglob("*.html"))


@cache
def redacted_fixture(page: Path) -> tuple[str, Redaction]:
    """Each fixture is redacted once per session: the original text and its redaction."""
    html = decode(page.read_bytes())
    return html, redact(html)


def shape(analysis: Analysis, ids: IdMap | None = None) -> tuple[object, ...]:
    """What redaction must not change: recognition, and per order (ids mapped) its status, decision and anchors.

    A status text the parser recognised is interface wording and stays as it was; an unknown one is page
    text like any other and becomes a placeholder of the same length.
    """
    rename = ids.order_ids if ids else {}
    tracking = ids.tracking_numbers if ids else {}
    return (
        analysis.layout,
        analysis.page_kind,
        analysis.lang,
        _url_shape(analysis.url),
        [
            (
                rename.get(o.order_id, o.order_id),
                o.status_text if o.status != "unknown" else len(o.status_text or ""),
                o.status,
                o.scenario,
                o.rule,
                o.banner is not None,
                _renamed(o.facts.tracking_number, tracking),
                _renamed(o.facts.anchor, rename),
                o.facts.anchor_path,
            )
            for o in analysis.orders
        ],
        [d.code for d in analysis.diagnostics],
    )


def _url_shape(url: str | None) -> tuple[str, str, str, list[str]]:
    """Where the page is from: the host and parameter names stay; path segments may become same-shaped placeholders."""
    parts = urlsplit(url or "")
    path = re.sub(r"\d", "0", re.sub(r"[^\W\d_]", "a", parts.path))
    return parts.scheme, parts.netloc, path, [name for name, _ in parse_qsl(parts.query, keep_blank_values=True)]


def _renamed(text: str | None, mapping: dict[str, str]) -> str | None:
    """Anchors and layouts' readings hold ids inside longer texts, so replace inside the text."""
    for original, fake in mapping.items():
        text = text.replace(original, fake) if text else text
    return text


def tag_outline(html: str, ids: IdMap | None = None) -> list[tuple[str, str | None, str | None]]:
    """Tag names, classes and ids in page order (ids in them mapped as the redaction maps them)."""
    mapping = {**ids.order_ids, **ids.tracking_numbers} if ids else {}
    return [
        (t.name, _renamed(t.attr("class"), mapping), _renamed(t.attr("id"), mapping))
        for t in tokens(html)
        if isinstance(t, Tag)
    ]


# --- every fixture ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda f: f.id)
def test_every_fixture_analyses_the_same_after_redaction(fixture: Fixture) -> None:
    html, result = redacted_fixture(fixture.page)
    assert shape(analyze(result.html)) == shape(analyze(html), result.ids)
    assert tag_outline(result.html) == tag_outline(html, result.ids)  # same elements, classes, ids: edits in place
    for original in (*result.ids.order_ids, *result.ids.tracking_numbers):
        assert original not in result.html
    for order in analyze(html).orders:
        assert result.ids.order_ids[order.order_id] in result.html


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda f: f.id)
def test_every_redacted_fixture_analyses_the_same_with_the_soup_backend(fixture: Fixture) -> None:
    # The original analyses the same on both backends (tests/parser/test_fixtures.py); so must the redaction.
    html, result = redacted_fixture(fixture.page)
    assert shape(analyze(result.html, backend="soup")) == shape(analyze(html), result.ids)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}.{p.stem}")
def test_no_planted_canary_survives(page: Path) -> None:
    html = planted(page)
    assert survivors(html) == list(CANARIES)  # every canary was planted
    assert survivors(redact(html).html) == []


def test_planted_canaries_change_no_analysis() -> None:
    html = planted(FIXTURES / "current_detail" / "detail_awaiting_delivery_en.html")
    result = redact(html)
    assert shape(analyze(result.html)) == shape(analyze(html), result.ids)


def test_what_stays_and_what_goes_in_a_card() -> None:
    card = """<div class="order-item"><span class="order-item-header-status-text">Awaiting delivery</span>
<div class="k1">Order date: Mar 02, 2024 · Ship within 1 day 06:12:40 · Total: US $12.50 · x2</div>
<div class="mystery">Zebulon Quackenbush, 742 Evergreen Terrace</div>
<div class="tip">The seller didn't ship Zebulon's order in time. Cainiao Super Economy</div></div>"""
    result = redact(f'<html lang="en"><body>{card}</body></html>')
    for kept in ("Awaiting delivery", "Mar 02, 2024", "within 1 day 06:12:40", "US $12.50", "Total:",
                 "The seller didn't ship", "in time", "Cainiao Super Economy", "order"):  # fmt: skip
        assert kept in result.html, kept
    for gone in ("Zebulon", "Quackenbush", "Evergreen", "Terrace", "742"):
        assert gone not in result.html, gone
    # Placeholders keep each word's length and case, so the line keeps its shape.
    line = re.search(r'class="mystery">([^<]*)<', result.html)
    assert line is not None and re.fullmatch(
        r"[A-Z][a-z]{6} [A-Z][a-z]{10}, \d{3} [A-Z][a-z]{8} [A-Z][a-z]{6}", line[1]
    )


def test_item_titles_and_store_names_are_replaced_whole() -> None:
    page = FIXTURES / "current_list" / "desktop_mixed_en.html"
    html, result = redacted_fixture(page)
    before, after = analyze(html), analyze(result.html)
    titles = [(o.facts.store_name, [i.title for i in o.facts.items]) for o in before.orders]
    assert any(store for store, _ in titles) and any(items for _, items in titles)
    for (store, items), order in zip(titles, after.orders, strict=True):
        assert order.facts.store_name != store and (order.facts.store_name or "").strip()
        assert len(order.facts.store_name or "") == len(store or "")
        for title in items:
            assert title not in result.html and html_lib.escape(title) not in result.html


def test_a_page_of_only_kept_text_is_left_byte_for_byte() -> None:
    html = (
        '<!DOCTYPE html>\n<html lang="en"><body class="x">\r\n<p class=\'a "b"\' role=button>Awaiting delivery'
        " &amp; shipped</p><span>Dec 06, 2026 12:40</span> <b>US&nbsp;$12.50</b></body></html>"
    )
    assert redact(html).html == html
    assert apply_edits(html, []) == html


def test_redaction_is_deterministic_and_keyed_by_the_page() -> None:
    page = planted(FIXTURES / "legacy_detail" / "detail_awaiting_receipt.html")
    assert redact(page).html.encode() == redact(page).html.encode()
    # The same word gets the same placeholder within a page, another one on another page: no one can
    # rebuild the mapping from a list of likely names.
    first, second = (Masker(p, avoid=lambda _: False) for p in ("<p>one page</p>", "<p>another page</p>"))
    assert first.word("Zebulon") == first.word("Zebulon") != second.word("Zebulon")


@given(st.text(st.characters(categories=["Lu", "Ll", "Nd"]), min_size=1, max_size=30))
@settings(max_examples=200)
def test_placeholders_keep_the_shape_and_change_every_character(word: str) -> None:
    masked = Masker("page", avoid=lambda _: False).word(word)
    assert len(masked) == len(word)
    for before, after in zip(word, masked, strict=True):
        assert after != before
        assert after.isdecimal() == before.isdecimal()
        if before.isascii() and before.isalpha():
            assert after.isascii() and after.isupper() == before.isupper()


# --- random text never survives unless it is vocabulary ---------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZáéñöüßçабвгдежзиклмнопрстуфхцшщыэюя"
random_words = st.text(_LETTERS, min_size=4, max_size=12).filter(lambda w: not is_kept_word(fold(w)))
random_numbers = st.from_regex(r"[1-9][0-9]{4,11}", fullmatch=True)
# Whole phrases only: a phrase with a gap ("didn't ship ... in time") is tested by the card test above.
phrases = st.sampled_from([p for p in PHRASES if "..." not in p and not any(ch.isdigit() for ch in p)])
secrets = st.one_of(random_words, random_numbers)
text_nodes = st.lists(st.one_of(secrets, phrases), min_size=1, max_size=5)
_NEUTRAL_TAGS = ("div", "span", "p", "li", "td", "b", "a", "button", "label", "h3", "em")


@st.composite
def random_pages(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """A page of random elements whose texts and attribute values mix random words with vocabulary phrases.

    Returns the page, the random words and numbers in it, and the phrases that stand as whole text nodes.
    """
    planted_secrets: list[str] = []
    whole_phrases: list[str] = []
    body = []
    for _ in range(draw(st.integers(1, 6))):
        parts = draw(text_nodes)
        planted_secrets += [p for p in parts if p not in PHRASES]
        if len(parts) == 1 and parts[0] in PHRASES:
            whole_phrases.append(parts[0])
        tag = draw(st.sampled_from(_NEUTRAL_TAGS))
        secret = draw(secrets)
        planted_secrets.append(secret)
        attribute = draw(
            st.sampled_from(
                (f'title="{secret}"', f'data-info="{secret}"', f'href="/p/x/index.html?q={secret}"', f"alt={secret}")
            )
        )
        body.append(f'<{tag} class="c{len(body)}" {attribute}>{html_lib.escape(" ".join(parts))}</{tag}>')
    return (
        f'<html lang="en"><body><div class="wrap">{"".join(body)}</div></body></html>',
        planted_secrets,
        whole_phrases,
    )


def page_values(html: str) -> str:
    """The page's texts and non-structural attribute values, decoded: where redaction must leave nothing."""
    values = []
    for token in tokens(html):
        if isinstance(token, Text):
            values.append(html[token.start : token.end])
        elif isinstance(token, Tag):
            values += [a.value for a in token.attrs if a.name not in STRUCTURAL]
    return html_lib.unescape("\n".join(values))


def _present(word: str, text: str) -> bool:
    """The word as a whole word (letters or digits around it would make it another word)."""
    return re.search(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", text, re.I) is not None


@given(random_pages())
def test_random_text_never_survives_unless_it_is_vocabulary(case: tuple[str, list[str], list[str]]) -> None:
    page, planted_secrets, whole_phrases = case
    output = page_values(redact(page).html)
    assert [secret for secret in planted_secrets if _present(secret, output)] == []
    assert [phrase for phrase in whole_phrases if fold(phrase) not in fold(output)] == []


@given(st.sampled_from(PAGES), st.lists(random_words, min_size=1, max_size=4))
@settings(max_examples=max(5, settings().max_examples // 10))  # whole fixture pages: ~0.1 s each
def test_random_text_planted_in_a_fixture_never_survives(page: Path, words: list[str]) -> None:
    html = decode(page.read_bytes()).replace("</body>", f'<div class="zz"><span>{" ".join(words)}</span></div></body>')
    output = page_values(redact(html).html)
    assert [word for word in words if _present(word, output)] == []


@given(html_pages)
def test_any_page_is_redacted_in_place_without_error(page: str) -> None:
    # Random and broken markup (tests/parser/strategies.py): redaction never raises and never moves a tag.
    result = redact(page)
    assert [t.name for t in tokens(result.html) if isinstance(t, Tag)] == [
        t.name for t in tokens(page) if isinstance(t, Tag)
    ]


# --- links ------------------------------------------------------------------------------------------

ORDER_ID, OTHER_ID = "8123456789012345", "3045678901234567"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"https://www.aliexpress.com/p/order/detail.html?orderId={ORDER_ID}&amp;spm=a2g0o.x.0.0.abc#top",
         f"https://www.aliexpress.com/p/order/detail.html?orderId={ORDER_ID}&amp;spm=#top"),
        ("//trade.aliexpress.com/orderList.htm?_t=abc&sid=123", "//trade.aliexpress.com/orderList.htm?_t=&sid="),
        (f"https://aliexpress.ru/order-list/{ORDER_ID}?filterName=all", f"https://aliexpress.ru/order-list/{ORDER_ID}?filterName="),
        ("https://user:secret@www.aliexpress.com/p/im/index.html", "https://www.aliexpress.com/p/im/index.html"),
        ("mailto:zebulon.q@example.org", "mailto:"),
        ("tel:+44 20 7946 0958", "tel:"),
        ("javascript:track('Zebulon')", "javascript:"),
        ("#", "#"),
        ("", ""),
    ],
)  # fmt: skip
def test_links_keep_host_route_and_ids(url: str, expected: str) -> None:
    rule = UrlRule(Masker("page", avoid=lambda _: False), Tally(), {ORDER_ID}.__contains__)
    assert rule.apply(url) == expected


def test_link_segments_that_are_not_route_words_keep_only_their_shape() -> None:
    rule = UrlRule(Masker("page", avoid=lambda _: False), Tally(), lambda _: False)
    redacted = rule.apply("https://ae01.alicdn.com/kf/AvatarOfZebulon.jpg")
    assert re.fullmatch(r"https://ae01\.alicdn\.com/kf/[A-Z][a-z]{5}[A-Z][a-z][A-Z][a-z]{6}\.jpg", redacted)
    assert re.fullmatch(r"/item/\d{16}\.html", rule.apply("/item/1005006543210987.html"))
    assert rule.apply("/item/1005006543210987.html") != "/item/1005006543210987.html"


# --- ids ----------------------------------------------------------------------------------------------

TRACKING_LP, TRACKING_UPU = "LP00645567812345", "RB000012345CN"
ID_PAGE = f"""<!-- saved from url=(0071)https://www.aliexpress.com/p/order/detail.html?orderId={ORDER_ID} -->
<html lang="en"><body>
<div class="order-item" data-orderid="{ORDER_ID}">
  <a href="https://www.aliexpress.com/p/order/detail.html?orderId={ORDER_ID}&amp;spm=a2g0o.x.0.0.abc">Details</a>
  <span>Order ID: {ORDER_ID}</span>
  <div>Tracking number: <span class="mail-no">{TRACKING_LP}</span></div>
  <a href="https://global.cainiao.com/detail.htm?mailNoList={TRACKING_LP}">Track</a>
</div>
<div class="order-item"><a href="/p/tracking/index.html?tradeOrderId={OTHER_ID}">Track</a>
  <span class="logistics-num">{TRACKING_UPU}</span><span>{TRACKING_UPU}</span></div>
</body></html>"""


def test_order_ids_and_tracking_numbers_map_consistently() -> None:
    result = redact(ID_PAGE)
    ids, tracking = result.ids.order_ids, result.ids.tracking_numbers
    # Numbered in order of first appearance; same length, first digit kept; nothing else of the original.
    assert ids == {ORDER_ID: "8000000000000001", OTHER_ID: "3000000000000002"}
    assert set(tracking) == {TRACKING_LP, TRACKING_UPU}
    assert re.fullmatch(r"LP\d{14}", tracking[TRACKING_LP])
    assert re.fullmatch(r"RB\d{9}CN", tracking[TRACKING_UPU])
    for original, fake in (ids | tracking).items():
        assert original not in result.html
        assert result.html.count(fake) == ID_PAGE.count(original) >= 1  # every occurrence, the same way
    assert f"url=(0071)https://www.aliexpress.com/p/order/detail.html?orderId={ids[ORDER_ID]} -->" in result.html


def test_saved_from_length_follows_the_url() -> None:
    html = "<!-- saved from url=(0050)https://www.aliexpress.com/p/order/index.html?_t=1234567 -->\n<html></html>"
    url = "https://www.aliexpress.com/p/order/index.html?_t="
    assert f"url=({len(url):04d}){url} -->" in redact(html).html


# --- the command ------------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ORDERLENS, *args], capture_output=True, text=True, timeout=120)


def test_cli_writes_the_redacted_page_and_prints_counts_only(tmp_path: Path) -> None:
    page, first, second = tmp_path / "page.html", tmp_path / "one.html", tmp_path / "two.html"
    page.write_text(planted(FIXTURES / "current_detail" / "detail_awaiting_delivery_en.html"), encoding="utf-8")
    results = [run("redact", str(page), "-o", str(out)) for out in (first, second)]
    assert [r.returncode for r in results] == [0, 0]
    assert first.read_bytes() == second.read_bytes()  # deterministic across runs, not only within one
    assert survivors(first.read_text(encoding="utf-8")) == []
    for result in results:
        assert survivors(result.stdout + result.stderr) == []
        assert "order id" in result.stdout and len(result.stdout.splitlines()) == 1


def test_cli_report_lists_what_was_kept_per_category_and_nothing_else(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(planted(FIXTURES / "current_detail" / "detail_awaiting_delivery_en.html"), encoding="utf-8")
    result = run("redact", str(page), "-o", str(tmp_path / "out.html"), "--report")
    assert result.returncode == 0, result.stderr
    assert survivors(result.stdout + result.stderr) == []  # examples are kept texts only, never gap words
    lines = result.stdout.splitlines()
    assert lines[1] == "kept:" and lines[-1].startswith("replaced: ")
    categories = {line.split("  ")[1].strip(): line for line in lines[2:-1]}
    for category in (
        "status",
        "notice",
        "date or time",
        "amount",
        "button",
        "carrier",
        "status text read by the parser",
    ):
        assert category in categories, category
    assert "'aliexpress standard shipping'" in categories["carrier"]
    # A developer tool: English names from the same table whose ids the report API answers with, never the ids.
    assert set(categories) <= {kind.value for kind in Kept}
    assert not any(kind.id in result.stdout for kind in Kept if "_" in kind.id)
    assert re.search(r"\d+ item titles and store names", lines[-1]) and re.search(r"\d+ texts", lines[-1])


def test_cli_missing_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.html"
    result = run("redact", str(missing), "-o", str(tmp_path / "out.html"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"orderlens: {missing}: no such file"
    assert not (tmp_path / "out.html").exists()


@pytest.mark.parametrize("target", ["no-such-folder/out.html", "."])
def test_cli_unwritable_output_is_one_line_and_exit_2(tmp_path: Path, target: str) -> None:
    page = FIXTURES / "legacy_detail" / "detail_awaiting_receipt.html"
    result = run("redact", str(page), "-o", str(tmp_path / target))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot write" in result.stderr
    assert "Traceback" not in result.stderr
