"""Order ids and tracking numbers: replaced, not removed, and the same way everywhere on the page.

Layouts read them (from links, `data-orderid`, labels, the saved-from URL), so a fake must keep the
shape: an order id stays a number of the same length, a tracking number keeps its letter prefix and
suffix (LP…, RB…CN). The same original always gets the same fake within a page, numbered in order of
first appearance: no randomness, and nothing of the original but its length, first digit or letters,
so a fake cannot be traced back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from orderlens.parser.model import OrderAnalysis
from orderlens.parser.redact.markup import Text, tokens

_DIGITS = re.compile(r"\d+")
_WORDS = re.compile(r"[A-Za-z0-9]+")
_KEYED_ORDER_ID = re.compile(
    r"(?i)(?<![a-z])(?:(?:main_?|parent_?|sub_?)?(?:trade_?)?order_?(?:id|no|num(?:ber)?)s?|trade_?id)"
    r"(?:\"|'|&quot;)?\s*[=:]\s*(?:\"|'|&quot;)?\s*(\d{12,20})(?!\d)"
)
_PATH_ORDER_ID = re.compile(r"(?i)/orders?(?:-list|_detail)?/(\d{12,20})(?!\d)")  # aliexpress.ru: /order-list/<id>
# Unlabelled numbers in the text are taken for order ids only at the length AliExpress uses (15–19).
_TEXT_ORDER_ID = re.compile(r"(?<![A-Za-z0-9])\d{15,20}(?![A-Za-z0-9])")
_KEYED_TRACKING = re.compile(
    r"(?i)(?<![a-z])(?:mail_?no(?:_?list)?|tracking_?(?:no|num|number)|logistics_?(?:no|num)|waybill(?:_?no)?)"
    r"(?:\"|'|&quot;)?\s*[=:]\s*(?:\"|'|&quot;)?\s*([A-Z0-9]{8,30})(?![A-Za-z0-9])"
)
_LABELLED_TRACKING = re.compile(
    r"(?i)(?:tracking\s*(?:number|no\.?)|n[º°o]\.?\s*de\s*seguimiento|n[uú]mero\s*de\s*seguimiento"
    r"|num[ée]ro\s*de\s*suivi|sendungsnummer|trackingnummer|codice\s*di\s*tracciamento|c[óo]digo\s*de\s*rastreio"
    r"|трек-номер|номер\s*отслеживания|numer\s*przesyłki|takip\s*numarası|운송장\s*번호)"
    r"\s*[:：]?\s*(?:<[^<>]{0,300}>\s*){0,6}([A-Z0-9]{8,30})(?![A-Za-z0-9])"
)
_TRACKING_ELEMENT = re.compile(r"(?i)mail-?no|logistics-?(?:num|no)|tracking-?(?:num|no)|track-?no|waybill")
_UPU = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{9}[A-Z]{2}(?![A-Za-z0-9])")  # international post: RB000012345CN
_MIN_TRACKING_DIGITS = 6


@dataclass(frozen=True)
class IdMap:
    """Original → fake, for order ids and tracking numbers, in order of first appearance."""

    order_ids: dict[str, str] = field(default_factory=dict)
    tracking_numbers: dict[str, str] = field(default_factory=dict)


def _fake_order_id(original: str, number: int) -> str:
    """Same length and first digit, then the counter: 8820394718205563 → 8000000000000001."""
    return original[0] + str(number).zfill(len(original) - 1)


def _fake_tracking(original: str, number: int) -> str:
    """Letters kept where they are, the digits replaced by the counter: RB000012345CN → RB000000001CN."""
    digits = iter(str(number).zfill(sum(c.isdigit() for c in original)))
    return "".join(next(digits) if c.isdigit() else c for c in original)


def _is_tracking(candidate: str) -> bool:
    shaped = candidate.isupper() or candidate.isdigit()
    return shaped and sum(c.isdigit() for c in candidate) >= _MIN_TRACKING_DIGITS


def _order_id_candidates(html: str, texts: list[Text], found_by_layouts: Iterable[str]) -> set[str]:
    candidates = set(found_by_layouts)
    candidates.update(m.group(1) for pattern in (_KEYED_ORDER_ID, _PATH_ORDER_ID) for m in pattern.finditer(html))
    for text in texts:
        candidates.update(_TEXT_ORDER_ID.findall(html, text.start, text.end))
    return {c for c in candidates if c.isdigit()}


def _tracking_candidates(html: str, texts: list[Text], found_by_layouts: Iterable[str]) -> set[str]:
    candidates = set(found_by_layouts)
    candidates.update(m.group(1) for pattern in (_KEYED_TRACKING, _LABELLED_TRACKING) for m in pattern.finditer(html))
    for text in texts:
        parent = text.parent
        if parent is not None and any(_TRACKING_ELEMENT.search(t.hints()) for t in (parent, parent.parent) if t):
            candidates.add(html[text.start : text.end].strip())
        candidates.update(_UPU.findall(html, text.start, text.end))
    return {c for c in candidates if _is_tracking(c)}


def map_ids(html: str, orders_read: Sequence[OrderAnalysis]) -> IdMap:
    """Find the page's order ids and tracking numbers (as the analysis and common shapes see them) and fake them."""
    texts = [t for t in tokens(html) if isinstance(t, Text) and not t.raw]
    orders = _order_id_candidates(html, texts, (o.order_id for o in orders_read))
    tracking = _tracking_candidates(html, texts, (o.facts.tracking_number or "" for o in orders_read)) - orders
    taken = set(_WORDS.findall(html)) | set(_DIGITS.findall(html))
    return IdMap(_numbered(html, orders, _fake_order_id, taken), _numbered(html, tracking, _fake_tracking, taken))


def _numbered(html: str, originals: set[str], fake: Callable[[str, int], str], taken: set[str]) -> dict[str, str]:
    """Fakes numbered 1, 2, … in order of first appearance, skipping any that already occur on the page."""
    mapping: dict[str, str] = {}
    number = 0
    for _, original in sorted((html.find(o), o) for o in originals if o in html):
        number += 1
        while (candidate := fake(original, number)) in taken:
            number += 1
        mapping[original] = candidate
    return mapping


def replace_ids(html: str, ids: IdMap) -> str:
    """Every occurrence of a mapped id or tracking number replaced, in one pass over the page."""
    if not ids.order_ids and not ids.tracking_numbers:
        return html
    alternatives = []
    if ids.tracking_numbers:
        numbers = "|".join(map(re.escape, sorted(ids.tracking_numbers, key=len, reverse=True)))
        alternatives.append(rf"(?<![A-Za-z0-9])(?P<tracking>{numbers})(?![A-Za-z0-9])")
    if ids.order_ids:
        orders = "|".join(sorted(ids.order_ids, key=len, reverse=True))
        alternatives.append(rf"(?<!\d)(?P<order>{orders})(?!\d)")
    pattern = re.compile("|".join(alternatives))

    def fake(match: re.Match[str]) -> str:
        tracking = match.groupdict().get("tracking")
        return ids.tracking_numbers[tracking] if tracking else ids.order_ids[match.group("order")]

    return pattern.sub(fake, html)
