"""Hypothesis strategies for fuzzing `analyze`: random HTML, mutated fixture pages, hostile encodings.

Random pages are built from the names the layouts look for (classes, ids, order links, status phrases
from the vocabulary, back-end codes) mixed with random ones, so that a good share of examples reaches
fact extraction, the classifier and the banners instead of stopping at "no layout".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from orderlens.parser.vocabulary import CODES, vocabulary

# --- the vocabulary of the pages -------------------------------------------------------------------

REAL_TAGS = (
    "div", "span", "a", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "td", "th", "button",
    "img", "br", "hr", "input", "form", "label", "h1", "h3", "b", "i", "em", "strong", "font", "nobr",
    "select", "option", "optgroup", "script", "style", "template", "noscript", "textarea", "title",
    "meta", "link", "iframe", "svg", "math", "pre", "xmp", "plaintext", "object", "caption", "colgroup",
    "col", "dl", "dt", "dd", "html", "head", "body", "frameset",
)  # fmt: skip
# Classes and ids the layouts, markers and anchors select on (hashed CSS-module names included).
REAL_CLASSES = (
    "order-item", "order-item-header", "order-item-header-right-info", "order-item-header-status",
    "order-item-header-status-text", "order-item-content", "order-item-content-body",
    "order-item-content-info-name", "order-item-content-info-sku", "order-item-content-info-number",
    "order-item-content-info-number-quantity", "order-item-content-opt-price-total", "order-item-store",
    "order-item-store-name", "order-item-store-message", "order-item-mobile", "order-main", "order-content",
    "comet-checkbox-group", "order-item-wraper", "order-head", "order-body", "order-info", "first-row",
    "second-row", "info-body", "order-status", "f-left", "store-info", "view-detail-link", "product-sets",
    "baobei-name", "product-amount", "product-property", "order-amount", "amount-num", "order-detail",
    "order-wrap", "order-status-content", "order-block-title", "order-detail-order-info", "info-row",
    "order-price", "order-price-item", "right-col", "order-detail-item-content-wrap", "item-title",
    "item-sku-attr", "item-price", "service-progress-node-info", "order-detail-logistics", "order-logistics",
    "tracking-page-pc-wrap", "logistic-info-v2--node--x1", "logistic-info-v2--title--2kQ",
    "logistic-info-v2--desc--9f", "logistic-info-v2--mailNoValue--3kF", "logistic-info-v2--track--1aB",
    "logistic-info--nodeDesc--9a", "logistic-info--mailNo-pc--aa", "logistic-info--track--Zz",
    "arrival-time-v2--title--x9", "tracking-empty-text", "tracking-module", "ship-steps", "status-title-text",
    "head", "text", "time", "state", "status", "trade-status", "ui-step", "shipping-bd", "logistics-name",
    "logistics-status", "store-name", "shop-name", "countdown", "count-down", "left-time", "btn", "comet-btn",
    "btns", "baxia-dialog", "nc-container", "RedOrderList_OrderList__item__1a2b3",
    "RedOrderList_OrderList__list__7Vb2c", "RedOrderList_OrderCard__status__7Yu1x",
    "RedOrderList_OrderCard__statusHint__9Zx1c", "RedOrderList_OrderCard__countdown__5Gh1k",
    "RedOrderList_OrderCard__notice__2Wq4e", "RedOrderList_OrderCard__number__1Xk4v",
    "RedOrderList_OrderCard__storeName__5Lw3e", "RedOrderList_OrderProduct__product__2Rf5k",
    "RedOrderList_OrderProduct__title__8Hn2c", "RedOrderList_OrderProduct__quantity__3Mv0a",
    "RedOrderList_OrderCard__totalValue__6Pn3w", "RedOrderList_OrderCard__actions__3Zs8v",
)  # fmt: skip
KEY_CLASSES = (
    "order-item", "order-item-header-status-text", "order-item-wraper", "order-status", "order-block-title",
    "order-detail-order-info", "logistic-info-v2--node--x1", "tracking-module", "status-title-text",
    "RedOrderList_OrderList__item__1a2b3", "RedOrderList_OrderCard__status__7Yu1x",
)  # fmt: skip
REAL_IDS = (
    "buyer-ordertable", "TP_ProductTable", "TP_ShippingTable", "shipping-section", "nc_1_wrapper",
    "baxia-punish", "root", "page", "content",
)  # fmt: skip
_rows = vocabulary().rows
PHRASES = tuple(sorted({phrase for table in _rows.values() for _, phrase, _ in table.values()}))
STATUS_PHRASES = tuple(sorted({phrase for c in ("status", "notice") for _, phrase, _ in _rows[c].values()}))
STATUS_CODES = tuple(sorted(CODES.status))
END_REASONS = tuple(sorted(CODES.end_reason))
SPECIALS = (
    "\u00a0", "&nbsp;", "\x00", "&#0;", "&#x0;", "&amp;", "&lt;div&gt;", "<", ">", "&", "\ufeff", "\u200b",
    "\r\n", "\t", "\x0c", "\\u00e9", "\\ud83d\\ude00", "\\x41", "+AGEAYgBj-", "+2D3-", "</div>", "<!--",
    "-->", "<![CDATA[", "]]>", "<script>", "</script>", "<select>", "<option>", "</tbody>", "<table>",
    "\U0001f600", "ﬁ", "İ", "ß", "Ⅻ", "e\u0301", "\u202e", "\ufffd", "\uffff", "\U0010ffff", "０１２",
)  # fmt: skip
# Digit-like characters: str.isdigit() accepts all of them, int() only the decimal ones.
DIGITS = "0123456789²³¹٠١٢٣٤٥٦٧٨٩０１２３４５６７８９①𝟎"
LINK_PATHS = (
    "/p/order/detail.html", "https://www.aliexpress.com/p/order/detail.html", "//trade.aliexpress.com/order_detail.htm",
    "/p/tracking/index.html", "https://track.aliexpress.com/logisticsdetail.htm", "/p/trade/confirm.html",
    "https://msg.aliexpress.com/", "/p/im/index.html", "/p/refund/index.html", "/p/order/index.html",
    "javascript:void(0)", "#", "", "/item/1005001.html", "/store/1234", "https://es.aliexpress.com/p/order/detail.html",
)  # fmt: skip
ID_PARAMS = ("orderId", "tradeOrderId", "tradeId", "order_id", "orderNo", "orderIds", "ORDERID")

# Encodings a page may really be in, and charsets a page may claim (including codec names that are not
# text encodings at all, which a hostile page can write in its <meta charset> just as well).
ENCODINGS = (
    "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "cp1251",
    "gbk", "gb18030", "big5", "shift_jis", "euc-kr", "koi8-r", "iso-8859-7", "mac-roman", "ascii",
)  # fmt: skip
DECLARED_CHARSETS = (
    *ENCODINGS, "UTF8", "windows-1251", "iso-2022-jp", "utf-7", "x-user-defined", "nonsense", "unicode_escape",
    "raw_unicode_escape", "hex", "base64", "rot13", "zlib", "bz2", "uu", "quopri", "idna", "punycode", "undefined",
)  # fmt: skip

# --- text ------------------------------------------------------------------------------------------

order_ids = st.one_of(
    st.from_regex(r"[1-9][0-9]{11,19}", fullmatch=True),
    st.text(DIGITS, min_size=10, max_size=22),
)
numbers = st.one_of(
    st.integers(-5, 10**13).map(str),
    st.text(DIGITS, min_size=1, max_size=8),
    st.integers(1, 5000).map(lambda n: "9" * n),  # beyond Python's 4300-digit int() limit too
)
durations = st.builds(
    "{} {} {:02d}:{:02d}:{:02d}".format,
    st.sampled_from(("Pay within", "Ship within", "left", "Quedan", "Remaining time to pay", "")),
    st.sampled_from(("1 day", "3 days", "12 h", "2 días", "100 days", "")),
    st.integers(0, 999),
    st.integers(0, 99),
    st.integers(0, 99),
)
plain_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)  # no lone surrogates
texts = st.one_of(
    plain_text,
    st.sampled_from(PHRASES),
    st.sampled_from(SPECIALS),
    st.sampled_from(STATUS_CODES + END_REASONS),
    numbers,
    durations,
    order_ids.map("Order ID: {}".format),
    numbers.map("x{}".format),
    st.from_regex(r"[A-Z]{2}[0-9]{9}[A-Z]{2}", fullmatch=True).map("Tracking number: {}".format),
)
words = st.lists(texts, min_size=1, max_size=4).map(" ".join)

# --- markup ----------------------------------------------------------------------------------------

hrefs = st.one_of(
    st.builds(
        "{}?{}={}{}".format,
        st.sampled_from(LINK_PATHS),
        st.sampled_from(ID_PARAMS),
        order_ids,
        st.sampled_from(("", "&x=1", "#top", "&amp;y=2", "0")),
    ),
    st.sampled_from(LINK_PATHS),
    st.builds("{}/order-list/{}".format, st.sampled_from(("https://aliexpress.ru", "", "..")), order_ids),
    st.sampled_from(
        ("JavaScript:alert(1)", " javascript:x", "data:text/html,x", "http://[::1", "http://[evil.com]/", "//[", "?")
    ),
    plain_text,
)
class_values = st.lists(
    st.one_of(
        st.sampled_from(KEY_CLASSES),
        st.sampled_from(REAL_CLASSES),
        st.from_regex(r"[a-zA-Z_-][a-zA-Z0-9_-]{0,12}", fullmatch=True),
    ),
    max_size=3,
).map(" ".join)
attribute = st.one_of(
    st.tuples(st.just("class"), class_values),
    st.tuples(st.just("class"), class_values),
    st.tuples(st.just("href"), hrefs),
    st.tuples(st.just("href"), hrefs),
    st.tuples(st.just("id"), st.sampled_from(REAL_IDS)),
    st.tuples(
        st.sampled_from(("data-status", "data-order-status", "data-orderstatus")),
        st.one_of(st.sampled_from(STATUS_CODES), plain_text),
    ),
    st.tuples(
        st.sampled_from(("data-end-reason", "data-endreason", "data-close-reason")),
        st.one_of(st.sampled_from(END_REASONS), plain_text),
    ),
    st.tuples(st.just("data-orderid"), order_ids),
    st.tuples(st.sampled_from(("lefttime", "data-lefttime", "data-left-time", "data-countdown")), numbers),
    st.tuples(st.sampled_from(("title", "aria-label", "lang", "content", "style", "onclick")), words),
    st.tuples(st.just("role"), st.just("button")),
    st.tuples(st.just("rel"), st.just("canonical")),
    st.tuples(st.from_regex(r"[a-zA-Z][a-zA-Z0-9:_-]{0,10}", fullmatch=True), plain_text),
)
_QUOTES = ('{}="{}"', "{}='{}'", "{}={}", "{}")


def _attribute(pair: tuple[str, str], style: str) -> str:
    name, value = pair
    return " " + (style.format(name, value) if style != "{}" else name)


attributes = st.lists(st.builds(_attribute, attribute, st.sampled_from(_QUOTES)), max_size=4).map("".join)
tags = st.one_of(
    st.sampled_from(REAL_TAGS),
    st.sampled_from(REAL_TAGS).map(str.upper),
    st.from_regex(r"[a-zA-Z][a-zA-Z0-9-]{0,10}", fullmatch=True),
)


def _element(tag: str, attrs: str, children: list[str], ending: str) -> str:
    inner = "".join(children)
    if ending == "self":
        return f"<{tag}{attrs}/>{inner}"
    if ending == "open":  # the end tag left out
        return f"<{tag}{attrs}>{inner}"
    if ending == "stray":  # an end tag that closes something else
        return f"<{tag}{attrs}>{inner}</div>"
    return f"<{tag}{attrs}>{inner}</{tag}>"


# Skeletons of each layout's order block with random slots: status text, order id, random content.
CARD_TEMPLATES = (
    '<div class="order-item"><div class="order-item-header"><div class="order-item-header-right-info">'
    '<div>{text}</div><div>Order ID: {id}</div></div><div class="order-item-header-status">'
    '<span class="order-item-header-status-text">{status}</span></div></div><div class="order-item-content">'
    '{inner}</div><a href="/p/order/detail.html?orderId={id}">Order details</a></div>',
    '<a class="order-item order-item-mobile" href="/p/order/detail.html?orderId={id}">'
    '<span class="order-item-header-status-text">{status}</span>{inner}</a>',
    '<div class="order-item-content-body"><div class="order-item-content-info-name"><span title="{text}">{text}'
    '</span></div><span class="order-item-content-info-number">{text}<span class="order-item-content-info-number-'
    'quantity">{text}</span></span><a href="/item/1.html">{inner}</a></div>',
    '<table id="buyer-ordertable"><tbody class="order-item-wraper"><tr class="order-head"><td class="order-info">'
    '<p class="first-row"><span class="info-body">{id}</span></p><p class="second-row"><span class="info-body">'
    '{text}</span></p></td><td class="order-status"><span class="f-left">{status}</span></td></tr>'
    '<tr class="order-body"><td class="product-sets"><a class="baobei-name" href="/item/1.html">{text}</a>'
    '<span class="product-amount">{text}</span>{inner}</td></tr></tbody></table>',
    '<div class="order-detail"><div class="order-status"><div class="order-block-title">{status}</div>'
    '<div class="order-status-content">{inner}</div></div><div class="order-detail-order-info">'
    '<div class="info-row">Order ID: {id}</div></div></div>',
    '<div class="tracking-page-pc-wrap"><div class="arrival-time-v2--title--x9">{status}</div>'
    '<div class="logistic-info-v2--node--x1"><div class="logistic-info-v2--title--2kQ">{text}</div>'
    '<div class="logistic-info-v2--desc--9f">{inner}</div></div><a href="?tradeOrderId={id}">{text}</a></div>',
    '<div id="page"><table id="TP_ProductTable"><tbody data-orderid="{id}"><tr><td class="trade-status">{status}'
    '</td><td>{inner}</td></tr></tbody></table><div class="ui-step"><ul><li><span class="state">{text}</span>'
    "</li></ul></div></div>",
    '<div class="tracking-module"><div class="status-title-text">{status}</div><ul class="ship-steps"><li>'
    '<span class="head">{text}</span><span class="text">{inner}</span><span class="time">{text}</span></li></ul>'
    '<a href="?tradeId={id}">{text}</a></div>',
    '<span class="countdown" lefttime="{number}">{text}</span><button class="btn">{text}</button>{inner}',
    '<div class="RedOrderList_OrderList__item__1a2b3"><span class="RedOrderList_OrderCard__number__1Xk4v">№ {id}'
    '</span><span class="RedOrderList_OrderCard__status__7Yu1x">{status}</span><div class="RedOrderList_OrderCard__'
    'statusHint__9Zx1c">{text} <span class="RedOrderList_OrderCard__countdown__5Gh1k">{number}</span></div>'
    '<div class="RedOrderList_OrderProduct__product__2Rf5k"><a class="RedOrderList_OrderProduct__title__8Hn2c" '
    'href="/item/1.html">{text}</a><span class="RedOrderList_OrderProduct__quantity__3Mv0a">{number} шт.</span>'
    '</div>{inner}<a href="https://aliexpress.ru/order-list/{id}">Подробнее</a></div>',
)
statuses = st.one_of(st.sampled_from(STATUS_PHRASES), st.sampled_from(STATUS_PHRASES), words)


def _card(template: str, text: str, order_id: str, status: str, number: str, children: list[str]) -> str:
    return template.format(text=text, id=order_id, status=status, number=number, inner="".join(children))


def _repeat(fragment: str, times: int) -> str:
    return fragment * times


def _nest(opening: str, depth: int, inner: str) -> str:
    return opening * depth + inner + "</div>" * depth


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    kids = st.lists(children, max_size=5)
    return st.one_of(
        st.builds(
            _element, tags, attributes, kids, st.sampled_from(("close", "close", "close", "open", "self", "stray"))
        ),
        st.builds(_card, st.sampled_from(CARD_TEMPLATES), words, order_ids, statuses, numbers, kids),
        st.builds(_card, st.sampled_from(CARD_TEMPLATES), words, order_ids, statuses, numbers, kids),
        st.builds(_repeat, children, st.integers(1, 20)),
        st.builds(
            _nest, st.sampled_from(('<div class="order-item">', "<div>", "<span>")), st.integers(1, 20), children
        ),
    )


nodes = st.recursive(texts, _extend, max_leaves=25)
cards = st.builds(
    _card, st.sampled_from(CARD_TEMPLATES), words, order_ids, statuses, numbers, st.lists(nodes, max_size=3)
)

_DOCTYPES = ("", "<!DOCTYPE html>", "<!doctype html public>", '<?xml version="1.0" encoding="utf-16"?>')
_HEAD_BITS = st.one_of(
    st.builds("<!-- saved from url=(0077){}?orderId={} -->".format, st.sampled_from(LINK_PATHS), order_ids),
    st.builds('<link rel="canonical" href="{}">'.format, hrefs),
    st.builds('<meta property="og:url" content="{}">'.format, hrefs),
    st.builds("<title>{}</title>".format, words),
    st.sampled_from(('<meta charset="utf-8">', "<meta charset=gbk>", '<base href="https://es.aliexpress.com/">')),
)


def _page(doctype: str, lang: str, head: list[str], body: list[str], closed: bool) -> str:
    page = f'{doctype}<html lang="{lang}"><head>{"".join(head)}</head><body>{"".join(body)}'
    return page + "</body></html>" if closed else page


html_pages = st.one_of(
    st.builds(
        _page,
        st.sampled_from(_DOCTYPES),
        st.sampled_from(("en", "es", "es-ES", "fr", "", "x" * 40, "\x00")),
        st.lists(_HEAD_BITS, max_size=3),
        st.lists(st.one_of(nodes, cards), max_size=6),
        st.booleans(),
    ),
    nodes,  # a bare fragment: no <html>, no <body>
)

# --- fixture mutations -----------------------------------------------------------------------------

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*>")
_CLASS_ATTR = re.compile(r"""(\bclass\s*=\s*)(["'])(.*?)\2""", re.S | re.I)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def tag_starts(html: str) -> list[int]:
    """Offsets where a tag begins (plus the end of the text): where cuts keep tags whole."""
    return [m.start() for m in _TAG.finditer(html)] + [len(html)]


def element_spans(html: str) -> list[tuple[int, int]]:
    """(start, end) of every element, from its start tag to its matching end tag (void ones alone)."""
    stack: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if not closing and (name in _VOID or match.group(0).endswith("/>")):
            spans.append((match.start(), match.end()))
        elif not closing:
            stack.append((name, match.start()))
        else:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == name:
                    spans.append((stack[depth][1], match.end()))
                    del stack[depth:]
                    break
    return spans


def class_tokens(html: str) -> list[str]:
    return sorted({token for m in _CLASS_ATTR.finditer(html) for token in m.group(3).split()})


def rename_class(html: str, old: str, new: str, everywhere: bool) -> str:
    """`old` replaced by `new` inside class attributes: everywhere, or in the first attribute having it."""
    done = False

    def swap(match: re.Match[str]) -> str:
        nonlocal done
        tokens = match.group(3).split()
        if old not in tokens or (done and not everywhere):
            return match.group(0)
        done = True
        return match.group(1) + match.group(2) + " ".join(new if t == old else t for t in tokens) + match.group(2)

    return _CLASS_ATTR.sub(swap, html)


def _span(draw: st.DrawFn, html: str) -> tuple[int, int]:
    return draw(st.sampled_from(element_spans(html) or [(0, 0)]))


def _delete(draw: st.DrawFn, html: str) -> tuple[str, str]:
    start, end = _span(draw, html)
    return html[:start] + html[end:], f"delete [{start}:{end}]"


def _duplicate(draw: st.DrawFn, html: str) -> tuple[str, str]:
    start, end = _span(draw, html)
    times = draw(st.integers(1, 3))
    return html[:end] + html[start:end] * times + html[end:], f"duplicate [{start}:{end}] x{times}"


def _move(draw: st.DrawFn, html: str) -> tuple[str, str]:
    start, end = _span(draw, html)
    piece, rest = html[start:end], html[:start] + html[end:]
    at = draw(st.sampled_from(tag_starts(rest)))
    return rest[:at] + piece + rest[at:], f"move [{start}:{end}] to {at} of the rest"


def _swap(draw: st.DrawFn, html: str) -> tuple[str, str]:
    spans = element_spans(html) or [(0, 0)]
    a = draw(st.sampled_from(spans))
    b = draw(st.sampled_from([s for s in spans if s[1] <= a[0] or s[0] >= a[1]] or [a]))
    (s1, e1), (s2, e2) = sorted([a, b])
    if s2 < e1:
        return html, "swap (no disjoint element)"
    return html[:s1] + html[s2:e2] + html[e1:s2] + html[s1:e1] + html[e2:], f"swap [{s1}:{e1}] [{s2}:{e2}]"


def _cut(draw: st.DrawFn, html: str) -> tuple[str, str]:
    starts = tag_starts(html)
    i = draw(st.integers(0, len(starts) - 1))
    j = draw(st.integers(i, min(len(starts) - 1, i + 50)))
    return html[: starts[i]] + html[starts[j] :], f"cut [{starts[i]}:{starts[j]}]"


def _rename(draw: st.DrawFn, html: str) -> tuple[str, str]:
    tokens = class_tokens(html)
    if not tokens:
        return html, "rename (no class)"
    old = draw(st.sampled_from(tokens))
    new = draw(st.one_of(st.sampled_from(REAL_CLASSES), st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)))
    everywhere = draw(st.booleans())
    return rename_class(html, old, new, everywhere), f"rename class {old!r} to {new!r}" + " everywhere" * everywhere


def _insert(draw: st.DrawFn, html: str) -> tuple[str, str]:
    at = draw(st.sampled_from(tag_starts(html)))
    fragment = draw(nodes)
    return html[:at] + fragment + html[at:], f"insert at {at}: {fragment!r}"


def _truncate(draw: st.DrawFn, html: str) -> tuple[str, str]:
    at = draw(st.integers(0, len(html)))
    return html[:at], f"truncate at char {at}"


MUTATIONS: dict[str, Callable[[st.DrawFn, str], tuple[str, str]]] = {
    "delete": _delete,
    "duplicate": _duplicate,
    "move": _move,
    "swap": _swap,
    "cut": _cut,
    "rename": _rename,
    "insert": _insert,
    "truncate": _truncate,
}


class Page:
    """A page as `analyze` receives it, with the steps that made it.

    Failure reports show the steps and the size, not 60 KB of HTML: the steps replay the page from its
    source (a fixture's text, or the generated HTML printed beside it).
    """

    __slots__ = ("payload", "steps")

    def __init__(self, payload: str | bytes, steps: tuple[str, ...] = ()) -> None:
        self.payload = payload
        self.steps = steps

    def __repr__(self) -> str:
        kind = "bytes" if isinstance(self.payload, bytes) else "chars"
        return f"Page({len(self.payload)} {kind}, steps={list(self.steps)!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # how Hypothesis prints examples
        printer.text(repr(self))


@st.composite
def mutated(draw: st.DrawFn, html: str) -> Page:
    """`html` after one to four random structural edits made on the raw text at tag boundaries."""
    steps = []
    for name in draw(st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=4)):
        html, step = MUTATIONS[name](draw, html)
        steps.append(step)
    return Page(html, tuple(steps))


# --- bytes -----------------------------------------------------------------------------------------

META_FORMS = (
    '<meta charset="{}">',
    "<META CHARSET={}>",
    '<meta http-equiv="Content-Type" content="text/html; charset={}">',
)


def with_meta(html: str, meta: str) -> str:
    """`meta` placed first in <head> when there is one early in the page, else at the very start."""
    head = re.search(r"<head\b[^>]*>", html[:2000], re.I)
    at = head.end() if head else 0
    return html[:at] + meta + html[at:]


@st.composite
def payloads(draw: st.DrawFn, page: Page) -> Page:
    """The page as text, or as bytes in a random encoding, with or without a (truthful or lying)
    <meta charset>, possibly cut at a random byte offset."""
    if draw(st.integers(0, 3)) == 0:
        return page
    html, steps = str(page.payload), list(page.steps)
    encoding = draw(st.sampled_from(ENCODINGS))
    meta = draw(st.sampled_from(("none", "truthful", "lying")))
    if meta != "none":
        charset = encoding if meta == "truthful" else draw(st.sampled_from(DECLARED_CHARSETS))
        tag = draw(st.sampled_from(META_FORMS)).format(charset)
        html = with_meta(html, tag)
        steps.append(f"add {tag}")
    data = html.encode(encoding, errors="replace")
    steps.append(f"encode {encoding}")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut]
        steps.append(f"truncate at byte {cut}")
    return Page(data, tuple(steps))


# --- pages that amplify per-order work ---------------------------------------------------------------

AMPLIFIER_OPENINGS = (
    '<div class="order-item"><a href="/p/order/detail.html?orderId={id}">Order details</a>'
    '<span class="order-item-header-status-text">{status}</span>',
    '<div class="order-item-wraper"><div class="order-info"><p class="first-row"><span class="info-body">{id}</span>'
    '</p></div><div class="order-status"><span class="f-left">{status}</span></div>',
    '<div class="order-detail"><div class="order-status"><div class="order-block-title">{status}</div></div>'
    '<div class="order-detail-order-info">Order ID: {id}</div>',
    '<div class="tracking-module"><div class="status-title-text">{status}</div><a href="?tradeId={id}">t</a>',
    '<div class="RedOrderList_OrderList__item__1a2b3"><a href="/order-list/{id}">Подробнее</a>'
    '<span class="RedOrderList_OrderCard__status__7Yu1x">{status}</span>',
    "<div>",
)
PAYLOADS = (
    '<a class="btn" href="/p/trade/confirm.html">Pay now</a>',
    '<span class="countdown">Pay within 1 day 06:12:40</span>',
    "<p>The seller has requested to cancel this order</p>",
    '<span data-status="WAIT_SELLER_SEND_GOODS">Awaiting shipment</span>',
    "<p>" + "word " * 40 + "</p>",
)


def amplified_page(opening: str, status: str, depth: int, fragment: str, copies: int, cards: int) -> str:
    """`depth` order blocks nested in one another around `copies` of a fragment, then `cards` flat ones."""
    ids = iter(range(8_000_000_000_000_000, 8_000_000_001_000_000))
    nested = "".join(opening.format(id=next(ids), status=status) for _ in range(depth))
    flat = "".join(opening.format(id=next(ids), status=status) + "</div>" for _ in range(cards))
    return "<html><body>" + nested + fragment * copies + "</div>" * depth + flat + "</body></html>"


fragments = st.one_of(st.sampled_from(PAYLOADS), nodes.filter(lambda node: len(node) < 2000))
