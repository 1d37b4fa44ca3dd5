"""The attribute rule: structural values stay, links follow the URL rule, every other value the text rule.

Layouts recognise pages by tag names, classes, ids and roles, and the page's encoding and language
come from `charset`, `http-equiv` and `lang`; those values (and their like: sizes, types, SVG
geometry) are structure, kept as written. Everything else is denied by default: links keep what the
URL rule keeps, event handlers and `srcdoc` lose their value, countdown attributes keep a plain number
(the parser turns it into the deadline), and any other value (`title`, `alt`, `value`, `content`,
`data-*`, names no one has seen yet) keeps only what the text rule keeps.
"""

from __future__ import annotations

import re

from orderlens.parser.layouts.facts.countdowns import _COUNTDOWN_ATTRS
from orderlens.parser.redact.markup import Attribute, Tag
from orderlens.parser.redact.report import Kept, Tally
from orderlens.parser.redact.texts import TextRule
from orderlens.parser.redact.urls import UrlRule

STRUCTURAL = frozenset(
    """class id role lang xml:lang dir type rel for name charset http-equiv method enctype target tabindex
    colspan rowspan span width height align valign border cellpadding cellspacing size maxlength
    hidden disabled checked selected readonly multiple required autocomplete autofocus loading decoding
    draggable contenteditable spellcheck translate crossorigin referrerpolicy async defer integrity as media
    sizes accept accesskey open wrap rows cols start reversed scope headers nowrap
    xmlns xmlns:xlink version viewbox d fill fill-rule clip-rule stroke stroke-width stroke-linecap
    stroke-linejoin points transform x y x1 y1 x2 y2 cx cy r rx ry opacity preserveaspectratio
    focusable aria-hidden aria-expanded aria-haspopup aria-controls aria-labelledby aria-describedby
    aria-selected aria-checked aria-disabled aria-current aria-live aria-modal aria-level aria-pressed""".split()
)
URLS = frozenset(
    """href src action formaction poster cite background longdesc xlink:href manifest ping
    data-src data-href data-url data-original data-lazy-src data-link""".split()
)
SRCSETS = frozenset({"srcset", "data-srcset", "imagesrcset"})
EMPTIED = frozenset({"srcdoc", "nonce"})
_URL_LIKE = re.compile(r"\s*(?:https?:)?//|\s*/[A-Za-z]")
_NUMBER = re.compile(r"\s*\d{1,15}\s*")
_PAGE_URL_META = frozenset({"og:url", "twitter:url"})


class AttributeRule:
    """The rule for one page's attribute values."""

    def __init__(self, texts: TextRule, urls: UrlRule, tally: Tally) -> None:
        self._texts = texts
        self._urls = urls
        self._tally = tally

    def apply(self, tag: Tag, attribute: Attribute, raw: str) -> str:
        """The value as it may stay in the redacted page (`raw` as written, references and all)."""
        name = attribute.name
        if name in STRUCTURAL or _content_type(tag, name):
            return raw
        if name == "style":
            return self._urls.css(raw)
        if name in URLS or (name.startswith("data-") and _URL_LIKE.match(raw)) or _page_url(tag, name):
            return self._urls.apply(raw)
        if name in SRCSETS:
            return self._urls.srcset(raw)
        if name in EMPTIED or name.startswith("on"):
            if raw:
                self._tally.replace("scripts and embedded documents")
            return ""
        if name in _COUNTDOWN_ATTRS and _NUMBER.fullmatch(raw):
            self._tally.keep(Kept.COUNTDOWN_ATTRIBUTE, f"{name}={raw.strip()}")
            return raw
        return self._texts.apply(raw)


def _page_url(tag: Tag, name: str) -> bool:
    """`<meta property="og:url" content=…>`: the page's own address, which analyze reads."""
    kind = tag.attr("property") or tag.attr("name") or ""
    return tag.name == "meta" and name == "content" and kind.lower() in _PAGE_URL_META


def _content_type(tag: Tag, name: str) -> bool:
    """`<meta http-equiv="Content-Type" content="text/html; charset=…">`: the page's encoding."""
    return tag.name == "meta" and name == "content" and (tag.attr("http-equiv") or "").lower() == "content-type"
