"""What an order says about itself beyond its status: notice lines and back-end codes."""

from __future__ import annotations

import re
from collections.abc import Iterable

from orderlens.parser.dom import Node
from orderlens.parser.layouts.facts.reading import lines_of, tooltips
from orderlens.parser.model import TrackingEvent
from orderlens.parser.text import clean, fold
from orderlens.parser.vocabulary import CODES, vocabulary


def event_texts(events: Iterable[TrackingEvent]) -> set[str]:
    """Tracking events' own lines: they are evidence as events already, not notices of the order."""
    return {text for event in events for text in (event.title, event.description) if text}


def notices_in(
    node: Node, exclude: set[str], text: str | None = None, tips: list[str] | None = None
) -> tuple[str, ...]:
    """Lines of the order that carry a notice signal (security closure, seller request, reason, ...).

    Item titles and the store name are left out: a product called "Security camera" is not a notice;
    so are lines in the shopper's own words (reviews, chats) and questions, which are help texts ("Where is my
    refund?") or the first half of a promise ("Parcel returned to sender? Fully refunded"): a line is a notice by
    what it states, and is quoted without its questions where they would say more. Its tooltips count as lines
    too. `text` is the node's text joined with spaces and `tips` its `tooltips`, when the caller has read them.
    """
    vocab = vocabulary()
    tips = tooltips(node) if tips is None else tips
    if not vocab.match("notice", " ".join([node.text(" ") if text is None else text, *tips])):
        return ()  # one search over the whole block first: most orders carry no notice
    lines = [*lines_of(node), *tips]
    skip = {fold(text) for text in exclude}
    found: list[str] = []
    for line in lines:
        if _in_the_shoppers_words(line):
            continue
        stated = _statement(line)
        signals = _signals(stated)
        if signals and fold(line) not in skip:
            # Quoted whole unless its questions would add a signal the statement does not make.
            notice = line if stated == line or _signals(line) == signals else stated
            if notice not in found:
                found.append(notice)
    return tuple(found)


def _in_the_shoppers_words(line: str) -> bool:
    """A review, a question or a chat message in the first person ("У меня заказ закрыли…", "my order was
    canceled"): the shopper's words about some order, never the site's notice about this one."""
    return any(match.signal == "testimony" for match in vocabulary().match("condition", line))


def _signals(text: str) -> frozenset[str]:
    return frozenset(match.signal for match in vocabulary().match("notice", text)) if text else frozenset()


# A sentence that asks, from the end of the one before. It starts only at the line's start or right after a
# sentence's end (where the leftmost match starts anyway): tried from every character, a long line without a
# full stop was read again from each one, quadratic.
_QUESTION = re.compile(r"(?:^|(?<=[.!?。！？؟]))[^.!?。！？؟]*[?？؟]+")


def _statement(line: str) -> str:
    """What a line states once its questions are set aside: help texts and promises ask ("Package returned to
    sender: what should I do?", "Not shipped on time? Full refund"); notices state what happened."""
    return clean(_QUESTION.sub(" ", line)) if any(mark in line for mark in "?？؟") else line


_CODE_TOKEN = re.compile(r"\b[A-Za-z][A-Za-z_]{5,40}\b")


_STATUS_ATTRS = ("data-status", "data-order-status", "data-orderstatus")
_END_REASON_ATTRS = ("data-end-reason", "data-endreason", "data-close-reason")
_CODE_ELEMENTS = ", ".join(f"[{attr}]" for attr in (*_STATUS_ATTRS, *_END_REASON_ATTRS))  # one query for all


def _attribute_value(elements: list[Node], attrs: tuple[str, ...], known: dict[str, str], case: str) -> str | None:
    """The first value of one of `attrs` (in that order of names) that is a known code."""
    for attr in attrs:
        for element in elements:
            value = (element.attr(attr) or "").strip()
            value = value.upper() if case == "upper" else value.lower()
            if value in known:
                return value
    return None


def codes_in(node: Node, text: str | None = None) -> tuple[str | None, str | None]:
    """Back-end status code (`data-status` and the like) and end reason, where the page carries them.

    `text` is the node's text joined with spaces, when the caller has read it already.
    """
    elements = [node, *node.select(_CODE_ELEMENTS)]
    status_code = _attribute_value(elements, _STATUS_ATTRS, CODES.status, "upper")
    end_reason = _attribute_value(elements, _END_REASON_ATTRS, CODES.end_reason, "lower")
    text = node.text(" ") if text is None else text
    if end_reason is None and "_" in text:
        tokens = (t.lower() for t in _CODE_TOKEN.findall(text) if "_" in t)
        end_reason = next((t for t in tokens if t in CODES.end_reason), None)
    return status_code, end_reason
