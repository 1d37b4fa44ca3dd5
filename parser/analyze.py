"""The pipeline: decode → screen → parse → recognise layout → extract facts → classify → banners."""

from __future__ import annotations

from datetime import date, datetime

from orderlens.parser.banners import build_banner
from orderlens.parser.classify import Decision, classify
from orderlens.parser.decode import decode
from orderlens.parser.dom import Document, parse
from orderlens.parser.language import page_language, writes_month_first
from orderlens.parser.layouts import Detection, Page
from orderlens.parser.layouts.base import MAX_BLOCKS, MAX_ORDERS
from orderlens.parser.layouts.facts.dates import dates_judged_on, month_first_dates
from orderlens.parser.model import Analysis, Diagnostic, OrderAnalysis, OrderFacts, PageKind
from orderlens.parser.recognise import recognise
from orderlens.parser.screen import screen


def analyze(
    html: str | bytes,
    url: str | None = None,
    lang: str | None = None,
    backend: str = "lexbor",
    now: datetime | date | None = None,
) -> Analysis:
    """Analyse one saved or captured order page. Never raises on page content; reads no file or network.

    `url` is where the page came from (else the saved-from mark, else canonical/og:url); `lang`
    forces the banner language (else the page's own); `backend` picks the HTML parser; `now` is the
    moment date deadlines count from (default the clock), so a saved page or a test gives the same answer
    on any day.
    """
    today = _today_of(now)
    text = decode(html) if isinstance(html, bytes) else html
    screened = screen(text)
    if screened.refused:
        refused = Diagnostic(level="error", code="page_refused", message=screened.refused)
        return _empty(url or screened.saved_from, lang or "en", refused)
    document = parse(screened.html, backend)
    with month_first_dates(writes_month_first(document.lang)), dates_judged_on(today):
        return _analyse_document(document, url or screened.saved_from, lang, today)


def _analyse_document(document: Document, url: str | None, lang: str | None, today: date) -> Analysis:
    """The page's layout, each order's facts (read by meaning where no layout can), decisions and banners."""
    page_url = url or _declared_url(document)
    page = Page(document, page_url)
    found = recognise(page)
    if found.blocked:
        anti_bot = Diagnostic(
            level="warning",
            code="anti_bot",
            message="AliExpress showed a verification (captcha) page instead of orders",
        )
        return _empty(page_url, page_language(document.lang, page_url, []), anti_bot)
    diagnostics: list[Diagnostic] = []
    facts = found.layout.extract(page) if found.layout else []
    decided = [(f, classify(f, today)) for f in facts]
    layout_name: str | None = found.layout.name if found.layout else None
    page_kind: PageKind = found.layout.page_kind if found.layout else "unknown"
    if found.layout is None or not decided or any(_unread(f, d, page_kind) for f, d in decided):
        # The layout is missing or cannot read some orders: read the page by meaning and keep what it reads better.
        from orderlens.parser.meaning import read_by_meaning  # loaded on first use: a layout reads most pages

        unread = {f.order_id for f, d in decided if _unread(f, d, page_kind)} if decided else None
        meaning = read_by_meaning(page, MAX_ORDERS + 1, unread)
        decided, by_meaning = _prefer_read(decided, [(f, classify(f, today)) for f in meaning.orders], page_kind)
        if by_meaning:
            shown = min(by_meaning, MAX_ORDERS), min(len(decided), MAX_ORDERS)
            diagnostics.append(_read_by_meaning(*shown, found.detections))
            if not facts:
                layout_name, page_kind = None, meaning.page_kind
    if len(decided) > MAX_ORDERS:  # both readers stop one order past the cap: enough to know the page was cut
        diagnostics.append(_too_many())
        decided = decided[:MAX_ORDERS]
    elif page.cut:
        diagnostics.append(_too_many_blocks())
    if not decided and found.layout is None:
        diagnostics.append(Diagnostic(level="info", code="no_layout", message="no layout recognised this page"))
        diagnostics.extend(_near_misses(found.detections))
    page_lang = page_language(document.lang, page_url, _order_texts([f for f, _ in decided]))
    orders = tuple(_analyse_order(f, d, lang or page_lang, page_url) for f, d in decided)
    diagnostics.extend(
        Diagnostic(
            level="warning",
            code="unknown_status",
            order_id=o.order_id,
            message=f"status text not recognised: {o.status_text!r}; add it to parser/vocabulary",
        )
        for o in orders
        if o.scenario == "unknown"
    )
    return Analysis(
        url=page_url,
        layout=layout_name,
        page_kind=page_kind,
        lang=page_lang,
        orders=orders,
        diagnostics=tuple(diagnostics),
    )


Decided = tuple[OrderFacts, Decision]


def _today_of(now: datetime | date | None) -> date:
    """The calendar day of `now` (its own day for a datetime, in its own zone), else today on the local clock:
    page dates are the shopper's calendar days."""
    if isinstance(now, datetime):
        return now.date()
    return now if now is not None else date.today()


def _prefer_read(by_layout: list[Decided], by_meaning: list[Decided], kind: PageKind) -> tuple[list[Decided], int]:
    """The layout's orders, each replaced by the meaning reading where only that one read its status.

    Orders only the generic reader found are added when the layout found none: a layout that reads its
    cards is trusted about which cards are orders.
    """
    meaning = {facts.order_id: (facts, decision) for facts, decision in by_meaning}
    if not by_layout:
        return by_meaning, len(by_meaning)
    merged, replaced = [], 0
    for facts, decision in by_layout:
        better = meaning.get(facts.order_id)
        if _unread(facts, decision, kind) and better is not None and not _unread(*better, kind):
            merged.append(better)
            replaced += 1
        else:
            merged.append((facts, decision))
    return merged, replaced


def _unread(facts: OrderFacts, decision: Decision, kind: PageKind) -> bool:
    """An order whose status the reader did not find (a drifted layout) or did not understand.

    A tracking page often has no status label at all: its events speak for it, so only an unknown
    outcome counts there.
    """
    return (facts.status_text is None and kind != "tracking") or decision.scenario == "unknown"


def _analyse_order(facts: OrderFacts, decision: Decision, lang: str, page_url: str | None) -> OrderAnalysis:
    return OrderAnalysis(
        order_id=facts.order_id,
        status_text=facts.status_text,
        status=decision.status,
        scenario=decision.scenario,
        rule=decision.rule,
        evidence=decision.evidence,
        banner=build_banner(decision, facts, lang, page_url),
        facts=facts,
    )


def _empty(page_url: str | None, page_lang: str, diagnostic: Diagnostic) -> Analysis:
    return Analysis(
        url=page_url, layout=None, page_kind="unknown", lang=page_lang, orders=(), diagnostics=(diagnostic,)
    )


def _too_many() -> Diagnostic:
    return Diagnostic(
        level="warning",
        code="too_many_orders",
        message=f"page lists more than {MAX_ORDERS} orders; analysed the first {MAX_ORDERS}",
    )


def _too_many_blocks() -> Diagnostic:
    return Diagnostic(
        level="warning",
        code="too_many_blocks",
        message=f"page repeats order blocks; read the first {MAX_BLOCKS}, copies included",
    )


def _read_by_meaning(count: int, total: int, detections: tuple[Detection, ...]) -> Diagnostic:
    """Tells contributors that a layout has drifted (or is missing), and which one came closest."""
    closest = (
        f"; closest layout: {detections[0].layout} ({detections[0].score:.0%} of its markers)" if detections else ""
    )
    return Diagnostic(
        level="info", code="read_by_meaning", message=f"{count} of {total} orders read by meaning{closest}"
    )


def _order_texts(facts: list[OrderFacts]) -> list[str]:
    return [t for f in facts for t in (f.status_text, *f.notices) if t]


def _declared_url(document: Document) -> str | None:
    for css, attr in (("link[rel='canonical']", "href"), ("meta[property='og:url']", "content")):
        node = document.root.first(css)
        if node is not None and node.attr(attr):
            return node.attr(attr)
    return None


def _near_misses(detections: tuple[Detection, ...], shown: int = 3) -> list[Diagnostic]:
    """The best-scoring layouts and the markers they missed: where a contributor starts."""
    return [
        Diagnostic(
            level="info",
            code="near_miss",
            message=f"{d.layout}: {d.score:.0%} of its markers found; missing {', '.join(d.missing)}",
        )
        for d in detections[:shown]
    ]
