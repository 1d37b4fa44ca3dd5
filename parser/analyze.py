"""The pipeline: decode → screen → parse → recognise layout → extract facts → classify → banners."""

from __future__ import annotations

from parser.banners import build_banner
from parser.classify import classify
from parser.decode import decode
from parser.dom import Document, parse
from parser.language import page_language
from parser.layouts import Detection, Page
from parser.model import Analysis, Diagnostic, OrderAnalysis, OrderFacts
from parser.recognise import recognise
from parser.screen import screen

MAX_ORDERS = 1000


def analyze(html: str | bytes, url: str | None = None, lang: str | None = None, backend: str = "lexbor") -> Analysis:
    """Analyse one saved or captured order page. Pure: no I/O, never raises on page content.

    `url` is where the page came from (else the saved-from mark, else canonical/og:url); `lang`
    forces the banner language (else the page's own); `backend` picks the HTML parser.
    """
    text = decode(html) if isinstance(html, bytes) else html
    screened = screen(text)
    if screened.refused:
        diagnostic = Diagnostic(level="error", code="page_refused", message=screened.refused)
        return Analysis(
            url=url or screened.saved_from,
            layout=None,
            page_kind="unknown",
            lang=lang or "en",
            orders=(),
            diagnostics=(diagnostic,),
        )
    document = parse(screened.html, backend)
    page_url = url or screened.saved_from or _declared_url(document)
    page = Page(document, page_url)
    found = recognise(page)
    diagnostics: list[Diagnostic] = []
    if found.layout is None:
        if found.blocked:
            diagnostics.append(
                Diagnostic(
                    level="warning",
                    code="anti_bot",
                    message="AliExpress showed a verification (captcha) page instead of orders",
                )
            )
        else:
            diagnostics.append(Diagnostic(level="info", code="no_layout", message="no layout recognised this page"))
            diagnostics.extend(_near_misses(found.detections))
        page_lang = page_language(document.lang, page_url, [])
        return Analysis(
            url=page_url, layout=None, page_kind="unknown", lang=page_lang, orders=(), diagnostics=tuple(diagnostics)
        )
    facts = found.layout.extract(page)
    if len(facts) > MAX_ORDERS:
        diagnostics.append(
            Diagnostic(
                level="warning",
                code="too_many_orders",
                message=f"page lists {len(facts)} orders; analysed the first {MAX_ORDERS}",
            )
        )
        facts = facts[:MAX_ORDERS]
    page_lang = page_language(document.lang, page_url, _order_texts(facts))
    orders = tuple(_analyse_order(f, lang or page_lang, page_url) for f in facts)
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
        layout=found.layout.name,
        page_kind=found.layout.page_kind,
        lang=page_lang,
        orders=orders,
        diagnostics=tuple(diagnostics),
    )


def _analyse_order(facts: OrderFacts, lang: str, page_url: str | None) -> OrderAnalysis:
    decision = classify(facts)
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
