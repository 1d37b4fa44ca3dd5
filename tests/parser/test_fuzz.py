"""Property-based tests of `analyze` on both backends: random HTML, mutated fixtures, hostile encodings.

For every input, whatever it is:

* `analyze` returns (never raises);
* the result re-validates against the model, also through JSON (what `--json` and the server emit);
* every scenario is one of the allowed ids, a banner is shown exactly for the scenarios that have one,
  and every banner's anchor names one of the page's orders, whose id occurs in the page (for mutated
  fixtures: in the original fixture, else in the mutated text as the parser saw it);
* time stays under a generous per-MB bound: it catches hangs and super-linear blow-ups, not slowness.

Budgets come from the Hypothesis profile in tests/parser/conftest.py. `make test` runs the "ci" profile
(derandomized: the same examples every run, ~900 in all); a long random session (~16,000 examples) is

    make fuzz-long      # = ORDERLENS_FUZZ_PROFILE=long .venv/bin/pytest tests/parser/test_fuzz.py

Add `--hypothesis-show-statistics` to see which layouts the examples reached and how many showed banners.
"""

from __future__ import annotations

import html as html_lib
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import currently_in_test_context, event, given, settings, target
from hypothesis import strategies as st
from pydantic import TypeAdapter

from orderlens.parser import analyze
from orderlens.parser.analyze import MAX_ORDERS
from orderlens.parser.decode import decode
from orderlens.parser.dom import parse
from orderlens.parser.model import Analysis, ScenarioId, to_json
from orderlens.parser.screen import screen
from tests.fixture_pages import Fixture, fixtures
from tests.parser.strategies import (
    AMPLIFIER_OPENINGS,
    DECLARED_CHARSETS,
    ENCODINGS,
    META_FORMS,
    PAYLOADS,
    STATUS_PHRASES,
    Page,
    amplified_page,
    fragments,
    html_pages,
    mutated,
    payloads,
    with_meta,
)

BACKENDS = ("lexbor", "soup")
# Seconds allowed per MiB of input on top of BASE_SECONDS: a hang guard against work that grows faster than the
# page, not a benchmark (bench/ measures speed), so it leaves room for a loaded 2-core CI machine, where a page
# took 1.3 s of CPU that takes well under one here. BeautifulSoup is about ten times slower than lexbor on the
# same page (≈3 s/MiB on the fixtures, ≈9 s/MiB on pages of thousands of small cards).
BASE_SECONDS = 2.0
SECONDS_PER_MIB = {"lexbor": 10.0, "soup": 40.0}
SCENARIOS = frozenset(get_args(ScenarioId))
SILENT = frozenset({"none", "unknown"})
AS_READ_BACK = TypeAdapter(Analysis)  # the JSON read back by pydantic, as the server's schema describes it
FIXTURES = fixtures()

# Budgets derive from the loaded profile's max_examples (tests/parser/conftest.py): the random-HTML tests
# run that many examples; the fixtures share about twice that many mutated pages and as many re-encoded
# ones (so adding fixtures does not slow the suite down), and bigger budgets try bigger amplified pages.
BUDGET = settings().max_examples  # a fresh settings object inherits the loaded profile
PER_FIXTURE = settings(max_examples=max(2, 2 * BUDGET // len(FIXTURES)))
REENCODINGS = settings(max_examples=max(2, BUDGET // len(FIXTURES)))
AMPLIFIED = settings(max_examples=min(100, max(5, BUDGET // 10)))
AMPLIFIED_DEPTH = min(250, BUDGET)
AMPLIFIED_COPIES = min(1000, 3 * BUDGET)


def fixture_text(fixture: Fixture) -> str:
    return _read(fixture.page).decode("utf-8")


@cache
def _read(path: Path) -> bytes:
    return path.read_bytes()


def analysed(page: Page, backend: str, sources: tuple[str, ...]) -> Analysis:
    """`analyze` on the page, checked against every invariant; `sources` are the texts it came from."""
    payload = page.payload
    size = len(payload) if isinstance(payload, bytes) else len(payload.encode("utf-8", "surrogatepass"))
    start = time.process_time()  # CPU time: other jobs on a loaded CI machine do not count
    result = analyze(payload, backend=backend)
    elapsed = time.process_time() - start
    limit = BASE_SECONDS + SECONDS_PER_MIB[backend] * size / (1024 * 1024)
    if currently_in_test_context():
        target(elapsed / limit, label="share of the time limit used")  # steers the target phase to slow pages
    assert elapsed < limit, f"{elapsed:.2f} s for {size} bytes on {backend} (limit {limit:.2f} s)"

    assert AS_READ_BACK.validate_json(to_json(result), strict=True) == result  # every field of its declared type
    ids = [order.order_id for order in result.orders]
    assert len(set(ids)) == len(ids) <= MAX_ORDERS
    for order in result.orders:
        assert order.scenario in SCENARIOS
        assert (order.banner is None) == (order.scenario in SILENT), order.scenario
        if order.banner is not None:
            assert order.banner.scenario == order.scenario
            assert order.banner.anchor.order_id == order.order_id
            assert order.banner.anchor.order_id in ids
            assert _in_page(order.order_id, payload, backend, sources), order.order_id
    assert all(d.order_id is None or d.order_id in ids for d in result.diagnostics)

    if currently_in_test_context():  # seen with --hypothesis-show-statistics
        event(f"layout: {result.layout}")
        event(f"banners: {'yes' if any(o.banner for o in result.orders) else 'no'}")
    return result


def _in_page(order_id: str, payload: str | bytes, backend: str, sources: tuple[str, ...]) -> bool:
    return any(order_id in text for text in _page_texts(payload, backend, sources))


def _page_texts(payload: str | bytes, backend: str, sources: tuple[str, ...]) -> Iterator[str]:
    """The page's text as written, then as the parser sees it (decoded, screened, parsed): cuts and
    moves can join digit runs, and entities or text split across elements can spell an id."""
    for source in sources:
        yield source
        yield html_lib.unescape(source)
    text = decode(payload) if isinstance(payload, bytes) else payload
    yield text
    screened = screen(text).html.decode()
    yield html_lib.unescape(screened)
    yield parse(screened, backend).root.text()


@pytest.mark.parametrize("backend", BACKENDS)
@given(html=html_pages, data=st.data())
def test_random_html(backend: str, html: str, data: st.DataObject) -> None:
    page = data.draw(payloads(Page(html)), label="as given to analyze")
    analysed(page, backend, (html,))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
@PER_FIXTURE
@given(data=st.data())
def test_mutated_fixture(fixture: Fixture, backend: str, data: st.DataObject) -> None:
    original = fixture_text(fixture)
    edited = data.draw(mutated(original), label="edited")
    page = data.draw(payloads(edited), label="as given to analyze")
    analysed(page, backend, (original, str(edited.payload)))


@cache
def _original_analysis(path: Path, backend: str) -> Analysis:
    return analyze(_read(path), backend=backend)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.id)
@REENCODINGS
@given(
    encoding=st.sampled_from(ENCODINGS),
    meta=st.sampled_from(("none", "truthful", "lying")),
    lie=st.sampled_from(DECLARED_CHARSETS),
    form=st.sampled_from(META_FORMS),
)
def test_reencoded_fixture(fixture: Fixture, backend: str, encoding: str, meta: str, lie: str, form: str) -> None:
    """Only the encoding changes: a page the bytes or a truthful charset let decode exactly is analysed
    exactly as the original; every other one still meets the invariants."""
    original = fixture_text(fixture)
    declared = {"none": None, "truthful": encoding, "lying": lie}[meta]
    text = with_meta(original, form.format(declared)) if declared else original
    steps = (f"add {form.format(declared)}",) if declared else ()
    page = Page(text.encode(encoding, errors="replace"), (*steps, f"encode {encoding}"))
    result = analysed(page, backend, (original,))
    try:
        lossless = original.encode(encoding).decode(encoding) == original
    except UnicodeError:
        lossless = False
    self_describing = encoding in ("utf-8", "utf-8-sig", "utf-16")  # UTF-8 bytes, or a byte order mark
    declared_readably = meta == "truthful" and encoding not in ("utf-16-le", "utf-16-be", "utf-32")
    if lossless and (self_describing or declared_readably):
        assert result == _original_analysis(fixture.page, backend)


@pytest.mark.parametrize("backend", BACKENDS)
@AMPLIFIED
@given(
    opening=st.sampled_from(AMPLIFIER_OPENINGS),
    status=st.sampled_from(STATUS_PHRASES),
    depth=st.integers(0, AMPLIFIED_DEPTH),
    fragment=fragments,
    copies=st.integers(1, AMPLIFIED_COPIES),
    cards=st.integers(0, AMPLIFIED_COPIES),
)
def test_amplified_pages_stay_within_time(
    backend: str, opening: str, status: str, depth: int, fragment: str, copies: int, cards: int
) -> None:
    """Order blocks nested in one another around many copies of a fragment, and many flat blocks: the work
    must grow with the page's size, not with its nesting times its size."""
    html = amplified_page(opening, status, depth, fragment, copies, cards)
    analysed(Page(html, ("see the arguments",)), backend, (html,))


# Inputs that broke `analyze` (at a768faa) when the tests above ran, or that reading the code they pointed
# at showed to break the same way; replayed on every run whatever the profile draws.
_CARD = (
    '<div class="order-item"><a href="/p/order/detail.html?orderId=8170412356984201">Details</a>'
    '<span class="order-item-header-status-text">{status}</span>{inside}</div>'
)
REGRESSIONS = {
    # <meta charset> naming a codec that is not a text encoding, on bytes that are not UTF-8
    "charset-hex": b'<html><head><meta charset="hex"></head><body>\xff</body></html>',
    "charset-idna": b'<meta charset="idna">\xff',
    "charset-undefined": b'<meta charset="undefined">\xff',
    # ... or one that decodes "\ud800" to a lone surrogate, which lxml refuses to encode
    "charset-unicode-escape": _CARD.format(status="Closed \\ud800", inside="").encode()
    + b'<meta charset="unicode_escape">\xff',
    # countdown attributes int() cannot read although str.isdigit() accepts them
    "lefttime-superscript": _CARD.format(status="Awaiting payment", inside='<span lefttime="\u00b2">x</span>'),
    "lefttime-4301-digits": _CARD.format(status="Awaiting payment", inside=f'<span lefttime="{"9" * 4301}">x</span>'),
    # a quantity past int()'s 4300-digit limit
    "quantity-4301-digits": _CARD.format(
        status="Closed",
        inside='<div class="order-item-content-body"><div class="order-item-content-info-name">Socks</div>'
        f'<span class="order-item-content-info-number-quantity">x{"9" * 4301}</span></div>',
    ),
    # URLs urllib refuses to split: in an order's link, or as the page's own URL
    "href-invalid-ipv6": _CARD.format(status="Closed", inside='<a href="http://[::1">Track</a>'),
    "canonical-invalid-ipv6": '<html><head><link rel="canonical" href="http://[::1"></head><body>'
    + _CARD.format(status="Closed", inside="")
    + "</body></html>",
    # order cards nested in one another: each card's facts are read from its whole subtree
    "nested-order-items-250": amplified_page(AMPLIFIER_OPENINGS[0], "Awaiting shipment", 250, PAYLOADS[2], 600, 0),
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("page", list(REGRESSIONS.values()), ids=list(REGRESSIONS))
def test_regressions(page: str | bytes, backend: str) -> None:
    source = page.decode("latin-1") if isinstance(page, bytes) else page
    analysed(Page(page), backend, (source,))
