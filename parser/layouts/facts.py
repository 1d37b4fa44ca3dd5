"""Fact-reading helpers every layout shares: ids from links, actions, countdowns, notices, URLs."""

from __future__ import annotations

import re
from typing import TypedDict

from parser.dom import Node
from parser.model import ActionKind, Countdown, PageAction
from parser.text import clean, fold
from parser.urls import join
from parser.vocabulary import CODES, vocabulary

SITE = "https://www.aliexpress.com/"
_ID_IN_HREF = re.compile(r"(?:orderId|tradeOrderId|tradeId|order_id|orderNo|orderIds?)=(\d{12,20})(?!\d)", re.I)
_ID_IN_TEXT = re.compile(r"(?<!\d)(\d{12,20})(?!\d)")
_HREF_ACTIONS: tuple[tuple[ActionKind, re.Pattern[str]], ...] = (
    ("track", re.compile(r"/p/tracking/|logisticsdetail|/tracking|track\.aliexpress", re.I)),
    ("open_dispute", re.compile(r"dispute|/p/refund|issue\.htm|/issue/", re.I)),
    ("contact_seller", re.compile(r"/p/im/|/p/im\?|msg\.aliexpress|message\.aliexpress|/im/|contact", re.I)),
    ("extend_processing", re.compile(r"extend", re.I)),
    ("pay", re.compile(r"/p/trade/|cashier|pay\.aliexpress|payorder|/pay\b|payment", re.I)),
    ("confirm_received", re.compile(r"confirm", re.I)),
    ("review", re.compile(r"feedback|review|evaluation", re.I)),
    ("details", re.compile(r"/p/order/detail\.html|order_detail\.htm", re.I)),
)
_CLOCK = re.compile(r"(?<!\d)(\d{1,3})\s?:\s?(\d{2})\s?:\s?(\d{2})(?!\d)")
_DURATION = re.compile(r"(?<![\d:.])(\d{1,4})\s?([^\W\d_]{1,9})\.?", re.UNICODE)
_COUNTDOWN_ATTRS = ("lefttime", "data-lefttime", "data-left-time", "data-countdown")
_COUNTDOWN_CLASSES = "[class*='countdown'], [class*='count-down'], [class*='left-time'], [class*='lefttime']"
_WINDOW = 48
_UNIT_SECONDS = {"day": 86400, "hour": 3600, "minute": 60, "second": 1}


def absolute(href: str | None, base: str | None) -> str | None:
    """A page link made absolute against the page URL; only http(s) links survive (no javascript:, data:)."""
    if not href or href.strip().startswith("#"):
        return None
    joined = join(base or SITE, "".join(href.split()))  # browsers ignore whitespace inside a URL too
    return joined if joined and joined.lower().startswith(("https://", "http://")) else None


def order_id_from_href(href: str | None) -> str | None:
    match = _ID_IN_HREF.search(href or "")
    return match.group(1) if match else None


def order_id_from_links(node: Node) -> str | None:
    """Labels change between years and languages; the order id inside links does not."""
    for link in node.select("a[href]"):
        found = order_id_from_href(link.attr("href"))
        if found:
            return found
    return order_id_from_href(node.attr("href"))


def order_id_from_text(text: str) -> str | None:
    match = _ID_IN_TEXT.search(text)
    return match.group(1) if match else None


_QUANTITY = re.compile(r"[x×]\s*(\d{1,6})(?!\d)|(?<!\d)(\d{1,6})\s*(?:шт|pcs|pz|szt|adet|개)", re.I)


def quantity_in(text: str | None) -> int | None:
    """How many of an item: "x2", "X2", "2 шт." (bounded, so a hostile number cannot blow up)."""
    match = _QUANTITY.search(text or "")
    return int(match.group(1) or match.group(2)) if match else None


def text_of(node: Node | None, css: str | None = None) -> str | None:
    """Clean text of `node` (or of its first `css` match); None when absent or empty."""
    target = node.first(css) if node is not None and css is not None else node
    return (clean(target.text()) or None) if target is not None else None


def status_text_of(node: Node, *selectors: str) -> str | None:
    """The status label: the first selector (in priority order, not page order) that finds text.

    Words of a status sit in separate elements at times, so its text nodes are joined with spaces.
    """
    for css in selectors:
        found = node.first(css)
        text = clean(found.text(" ")) if found is not None else ""
        if text:
            return text
    return None


def lines_of(node: Node) -> list[str]:
    """The node's text nodes as clean non-empty lines (block-ish granularity for notices)."""
    return [line for line in (clean(part) for part in node.text("\n").split("\n")) if line]


def classify_action(label: str, href: str | None) -> ActionKind | None:
    """What a button or link does: by its label first (what the shopper reads), else by its URL."""
    match = vocabulary().first("action", label) if label and len(label) <= _MAX_LABEL else None
    if match is not None:
        return match.signal  # type: ignore[return-value]  # signals of [action] are ActionKind names
    for kind, pattern in _HREF_ACTIONS:
        if href and pattern.search(href):
            return kind
    return None


_ACTION_ELEMENTS = "a, button, [role='button'], [class*='btn']:not([class*='btns'])"
_MAX_LABEL = 60  # longer texts are whole cards or paragraphs, not button labels


def actions_in(node: Node, base: str | None, css: str = _ACTION_ELEMENTS) -> tuple[PageAction, ...]:
    """Every recognised action link or button inside `node`, once per kind, in page order."""
    seen: dict[str, PageAction] = {}
    for element in node.select(css):
        label = clean(element.text()) or clean(element.attr("title") or element.attr("aria-label") or "")
        href = absolute(element.attr("href"), base)
        kind = classify_action(label, href)
        if kind is not None and kind not in seen and (label or href):
            seen[kind] = PageAction(kind=kind, label=label or kind, href=href)
    return tuple(seen.values())


def _duration_seconds(window: str) -> int | None:
    """Seconds in a folded text like '1 day 06:12:40' or '2 days 5 h'; None when it holds no duration."""
    units = vocabulary().rows["countdown"]
    unit_of = {folded: signal for folded, (signal, _, _) in units.items() if signal in _UNIT_SECONDS}
    total, found = 0, False
    for number, word in _DURATION.findall(window):
        unit = unit_of.get(word.rstrip("."))
        if unit is not None:
            total += int(number) * _UNIT_SECONDS[unit]
            found = True
    clock = _CLOCK.search(window)
    if clock:
        hours, minutes, seconds = (int(g) for g in clock.groups())
        total += hours * 3600 + minutes * 60 + seconds
        found = True
    return total if found else None


def countdowns_in(node: Node) -> tuple[Countdown, ...]:
    """Deadlines shown on the order: legacy `lefttime` attributes (milliseconds) and countdown texts."""
    found: list[Countdown] = []
    for element in node.select(", ".join(f"[{attr}]" for attr in _COUNTDOWN_ATTRS)):
        attr, raw = next((a, v) for a in _COUNTDOWN_ATTRS if (v := element.attr(a)) is not None)
        if re.fullmatch(r"[0-9]{1,15}", raw.strip()):
            found.append(Countdown(text=clean(element.text()) or f"{attr}={raw}", seconds=int(raw) // 1000))
    if not found:
        for element in node.select(_COUNTDOWN_CLASSES):
            text = clean(element.text(" "))
            seconds = _duration_seconds(fold(text))
            if seconds is not None:
                found.append(Countdown(text=text, seconds=seconds))
    return tuple(found) if found else tuple(countdowns_in_text(clean(node.text(" "))))


def countdowns_in_text(text: str) -> list[Countdown]:
    """Countdown sentences in `text`: a cue word ('within', 'left', 'quedan') next to a duration."""
    display = clean(text)
    folded = fold(display)
    shown = display if len(display) == len(folded) else folded  # same offsets: show the page's own text
    found: dict[int, Countdown] = {}
    for start, end, cue in vocabulary().spans("countdown", folded):
        if cue.signal not in ("cue", "cue_after"):
            continue
        lo, hi = (start, end + _WINDOW) if cue.signal == "cue" else (max(0, start - _WINDOW), end)
        seconds = _duration_seconds(folded[lo:hi])
        if seconds is not None:
            found.setdefault(seconds, Countdown(text=shown[lo:hi].strip(), seconds=seconds))
    return list(found.values())


def notices_in(node: Node, exclude: set[str]) -> tuple[str, ...]:
    """Lines of the order that carry a notice signal (security closure, seller request, reason, ...).

    Item titles and the store name are left out: a product called "Security camera" is not a notice.
    """
    vocab = vocabulary()
    if not vocab.match("notice", node.text(" ")):
        return ()  # one search over the whole block first: most orders carry no notice
    lines = lines_of(node)
    skip = {fold(text) for text in exclude}
    found: list[str] = []
    for line in lines:
        if fold(line) not in skip and line not in found and vocab.match("notice", line):
            found.append(line)
    return tuple(found)


_CODE_TOKEN = re.compile(r"\b[A-Za-z][A-Za-z_]{5,40}\b")


def _attribute_value(node: Node, attrs: tuple[str, ...], known: dict[str, str], case: str) -> str | None:
    """The first value of one of `attrs` (on the node or inside it) that is a known code."""
    for attr in attrs:
        for element in [node, *node.select(f"[{attr}]")]:
            value = (element.attr(attr) or "").strip()
            value = value.upper() if case == "upper" else value.lower()
            if value in known:
                return value
    return None


def codes_in(node: Node) -> tuple[str | None, str | None]:
    """Back-end status code (`data-status` and the like) and end reason, where the page carries them."""
    status_code = _attribute_value(
        node, ("data-status", "data-order-status", "data-orderstatus"), CODES.status, "upper"
    )
    end_reason = _attribute_value(
        node, ("data-end-reason", "data-endreason", "data-close-reason"), CODES.end_reason, "lower"
    )
    text = node.text(" ")
    if end_reason is None and "_" in text:
        tokens = (t.lower() for t in _CODE_TOKEN.findall(text) if "_" in t)
        end_reason = next((t for t in tokens if t in CODES.end_reason), None)
    return status_code, end_reason


class CommonFacts(TypedDict):
    actions: tuple[PageAction, ...]
    countdowns: tuple[Countdown, ...]
    notices: tuple[str, ...]
    status_code: str | None
    end_reason: str | None


def common_facts(container: Node, base: str | None, exclude: set[str]) -> CommonFacts:
    """The facts every layout reads the same way from an order's container."""
    status_code, end_reason = codes_in(container)
    return {
        "actions": actions_in(container, base),
        "countdowns": countdowns_in(container),
        "notices": notices_in(container, exclude),
        "status_code": status_code,
        "end_reason": end_reason,
    }


def price_text(node: Node | None) -> str | None:
    """A price whose digits sit one per span: joined without separators, then cleaned."""
    return text_of(node)


# A tracking number right after its label; stops before a "Copy" button glued to it ("LP00…345Copy").
_NUMBER_AFTER_LABEL = re.compile(r"\s*[:：#]?\s*([A-Z0-9]{8,30}?)(?=[^A-Z0-9]|[A-Z][a-z]|$)")


def tracking_number_in(text: str) -> str | None:
    """A tracking number announced by its label in any language ("Tracking number: LP00…", "Sendungsnummer: …")."""
    display = clean(text)
    folded = fold(display)
    same_offsets = len(display) == len(folded)
    for _, end, _label in vocabulary().spans("label", folded):
        match = _NUMBER_AFTER_LABEL.match(display, end) if same_offsets else None
        if match is None and not same_offsets:
            match = _NUMBER_AFTER_LABEL.match(folded.upper(), end)
        if match and any(ch.isdigit() for ch in match.group(1)):
            return match.group(1)
    return None


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\d{4}년")


def date_line(lines: list[str]) -> str | None:
    """The first line that carries a date (a year), skipping order-number lines: labels vary too much."""
    return next((line for line in lines if _YEAR.search(line) and not order_id_from_text(line)), None)


def first_present(root: Node, selectors: tuple[str, ...]) -> tuple[str, Node] | None:
    """The first selector of `selectors` that matches, with its node: anchors must find one element."""
    for css in selectors:
        node = root.first(css)
        if node is not None:
            return css, node
    return None


def order_id_from_page(url: str | None, root: Node, *params: str) -> str | None:
    """A single-order page names its order in the URL; else in a link; else in the text."""
    for param in params:
        match = re.search(rf"[?&]{param}=(\d{{12,20}})", url or "")
        if match:
            return match.group(1)
    return order_id_from_links(root) or order_id_from_text(root.text(" "))
