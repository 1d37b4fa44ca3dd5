"""Redaction that denies by default: a saved page keeps only what the parser needs and no one's data.

A fixture must stay the page its contributor saw, so the raw HTML is edited in place (markup.py
finds tags, attribute values, text runs and comments with their offsets; nothing is re-serialised):

- markup structure, tag names, classes, ids, roles and other structural attributes stay as written;
- texts and other attribute values keep only what texts.py keeps (vocabulary, dates, amounts,
  carrier names, codes, short numbers, ids); the rest becomes a same-shaped placeholder;
- links follow urls.py: host and path shape stay, query values other than ids go;
- script bodies, `<noscript>`, comments (but the browser's saved-from mark), CDATA sections and
  processing instructions are emptied; style sheets keep their rules but not their `url(…)`s;
- order ids and tracking numbers are replaced by same-shaped fakes, the same way everywhere (ids.py).

What was kept is tallied per category (report.py), so a contributor can check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from orderlens.parser.analyze import analyze
from orderlens.parser.model import Analysis
from orderlens.parser.redact.attributes import AttributeRule
from orderlens.parser.redact.ids import IdMap, map_ids, replace_ids
from orderlens.parser.redact.markup import Comment, Edit, Tag, Text, apply_edits, tokens
from orderlens.parser.redact.placeholder import Masker
from orderlens.parser.redact.report import Kept, Tally
from orderlens.parser.redact.texts import ReadTexts, TextRule
from orderlens.parser.redact.urls import UrlRule
from orderlens.parser.redact.words import is_kept_word
from orderlens.parser.text import fold

_SAVED_FROM = re.compile(r"(<!--\s*saved from url=\()(\d+)(\)\s*)(\S+?)(\s*-->)", re.I)
_EMPTIED_BODIES = frozenset({"script", "noscript", "xmp"})


@dataclass(frozen=True, slots=True)
class Redaction:
    """The redacted page, how ids were replaced (original → fake), and what was kept and replaced."""

    html: str
    ids: IdMap
    tally: Tally


def redact(html: str) -> Redaction:
    """Keep only what the parser needs from a page's HTML text. Deterministic: the same page gives the same bytes."""
    analysis = analyze(html)
    ids = map_ids(html, analysis.orders)
    tally = Tally()
    masker = Masker(html, avoid=lambda word: is_kept_word(fold(word)))
    known = {*ids.order_ids, *ids.tracking_numbers}
    texts = TextRule(masker, tally, known, _read_texts(analysis))
    urls = UrlRule(masker, tally, known.__contains__)
    attributes = AttributeRule(texts, urls, tally)
    edits: list[Edit] = []
    for token in tokens(html):
        if isinstance(token, Tag):
            edits.extend(_attribute_edits(token, attributes, html))
        elif isinstance(token, Comment):
            edits.extend(_comment_edits(token, urls, tally, html))
        else:
            edits.extend(_text_edits(token, texts, urls, tally, html))
    html = replace_ids(apply_edits(html, edits), ids)
    html = _SAVED_FROM.sub(_saved_from_length, html, count=1)
    return Redaction(html, ids, tally)


def _read_texts(analysis: Analysis) -> ReadTexts:
    orders = analysis.orders
    return ReadTexts(
        statuses=tuple(order.status_text for order in orders if order.status_text and order.status != "unknown"),
        titles_and_stores=(
            *(order.facts.store_name for order in orders if order.facts.store_name),
            *(item.title for order in orders for item in order.facts.items),
        ),
    )


def _attribute_edits(tag: Tag, rule: AttributeRule, html: str) -> list[Edit]:
    edits = []
    for attribute in tag.attrs:
        raw = html[attribute.start : attribute.end]
        if (redacted := rule.apply(tag, attribute, raw)) != raw:
            edits.append((attribute.start, attribute.end, redacted))
    return edits


def _comment_edits(comment: Comment, urls: UrlRule, tally: Tally, html: str) -> list[Edit]:
    """The saved-from mark keeps its (redacted) URL; a doctype stays; other comments and declarations go."""
    text = html[comment.start : comment.end]
    saved_from = _SAVED_FROM.fullmatch(text)
    if saved_from is not None:
        start, end = comment.start + saved_from.start(4), comment.start + saved_from.end(4)
        tally.keep(Kept.SAVED_FROM_MARK, "<!-- saved from url=… -->")
        return [(start, end, urls.apply(saved_from.group(4)))]
    if text[:9].lower() == "<!doctype":
        return []
    emptied = "<!---->" if text.startswith("<!--") else ""
    if text == emptied:
        return []
    tally.replace("comments and declarations")
    return [(comment.start, comment.end, emptied)]


def _text_edits(run: Text, texts: TextRule, urls: UrlRule, tally: Tally, html: str) -> list[Edit]:
    raw = html[run.start : run.end]
    element = run.parent.name if run.parent is not None else ""
    if run.raw and element in _EMPTIED_BODIES:
        redacted = ""
        if raw.strip():
            tally.replace("scripts and embedded documents")
    elif run.raw and element == "style":
        redacted = urls.css(raw)
    else:  # page text, and the text of <title> and <textarea>
        redacted = texts.apply(raw)
    return [(run.start, run.end, redacted)] if redacted != raw else []


def _saved_from_length(match: re.Match[str]) -> str:
    """Browsers write the URL's length in the saved-from mark; keep it true after the URL changed."""
    url = match.group(4)
    return f"{match.group(1)}{len(url):0{len(match.group(2))}d}{match.group(3)}{url}{match.group(5)}"


__all__ = ["IdMap", "Redaction", "redact"]
