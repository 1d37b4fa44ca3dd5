"""Personal data known by where it sits: shipping-address blocks, account names, greetings, avatars.

The page's own markup says where the shopper's name and address are (`.order-detail-address-content`,
legacy `#user-shipping-list span[i18entitle]`, `.account-name`, an avatar `<img>`). Their texts are
replaced in place, and collected: the same name or street also turns up in headers, `title`
attributes and page-state JSON, so every other occurrence is replaced as well.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from orderlens.parser.redact.keys import is_personal_key
from orderlens.parser.redact.markup import Edit, Tag, Text, apply_edits, tokens

TEXT_PLACEHOLDER = "Redacted"
IMAGE_PLACEHOLDER = "data:,"

# Class tokens or ids of elements holding personal data (matched against the whole token).
_PERSONAL_ELEMENT = re.compile(
    r"(?i)(?:[\w-]*[-_])?(?:address|shipping-?address|user-?shipping(?:-?list)?|receiver|consignee|recipient"
    r"|contact-?(?:name|person|info)|(?:account|member|welcome|nick|buyer|login|user|customer|real)-?name"
    r"|nick|nickname|phone|telephone|cellphone|mobile-?(?:num|number|no|phone)|e-?mail|zip-?code|post-?code)"
    r"(?:[-_](?:content|detail|details|name|phone|info|text|value|list|wrap|box|item|line))*"
)
# Inside such a block, labels and controls are the page's own words, not the shopper's.
_LABEL_ELEMENT = re.compile(r"(?i)(?:^|[-_\s])(?:title|label|btn|button|icon|copy|edit|switch|arrow|tag)(?:$|[-_\s])")
_LABEL_TAGS = frozenset({"label", "a", "button", "h1", "h2", "h3", "h4", "h5", "h6", "svg"})
# Store and seller names are public, and layouts read them.
_PUBLIC_ELEMENT = re.compile(r"(?i)seller|store|shop")
_AVATAR = re.compile(
    r"(?i)avatar|portrait|profile-?(?:pic|photo|img|image)|user-?(?:pic|photo|img|image|icon|head)"
    r"|head-?(?:img|pic|photo)|account-?(?:pic|img|icon|photo)|member-?(?:pic|img|photo)"
)
_IMAGE_ATTRS = frozenset({"src", "srcset", "data-src", "data-original", "data-lazy-src", "data-srcset", "poster"})
_CSS_URL = re.compile(r"url\(([^)]*)\)")
_GREETING = re.compile(
    r"(?i)\b(?:hi|hello|hey|welcome(?: back)?|hola|bienvenid[oa](?: de nuevo)?|bonjour|salut|hallo"
    r"|willkommen(?: zurück)?|ciao|bentornat[oa]|olá|oi|bem-vind[oa](?: de volta)?|привет|здравствуйте"
    r"|cześć|witaj|merhaba|hoş geldin(?:iz)?|welkom(?: terug)?|안녕하세요)\s*,\s*"
    r"(?P<name>[^\s<>,.!?;:()][^<>,.!?;:()]{0,39}?)\s*[!.]?\s*\Z"
)
_MAX_NAME_WORDS = 3  # "Hi, this order was closed" is not a name
_MIN_VALUE = 3


@dataclass(frozen=True, slots=True)
class _Scope:
    """What an element inherits from the elements around it."""

    personal: bool = False  # inside an address/name block
    public: bool = False  # inside a store's or seller's block
    avatar: bool = False  # inside an avatar's wrapper


class _Scopes:
    """Each element's scope, derived from its parent's when the scan reaches it: linear however deep."""

    def __init__(self) -> None:
        self._known: dict[Tag, _Scope] = {}

    def of(self, tag: Tag | None) -> _Scope:
        return self._known.get(tag, _TOP) if tag is not None else _TOP

    def enter(self, tag: Tag) -> _Scope:
        outer, hints = self.of(tag.parent), tag.hints()
        scope = _Scope(
            personal=outer.personal
            or tag.attr("i18entitle") is not None
            or any(_PERSONAL_ELEMENT.fullmatch(token) for token in hints.split()),
            public=outer.public or bool(_PUBLIC_ELEMENT.search(hints)),
            avatar=outer.avatar or bool(_AVATAR.search(hints)),
        )
        self._known[tag] = scope
        return scope


_TOP = _Scope()


def _personal_text(scope: _Scope, element: Tag | None) -> bool:
    """Inside an address/name block, not in a store's block, and not a label or control of the block."""
    if not scope.personal or scope.public or element is None:
        return False
    return element.name not in _LABEL_TAGS and not _LABEL_ELEMENT.search(element.hints())


def _tag_edits(tag: Tag, scope: _Scope, html: str) -> list[Edit]:
    edits: list[Edit] = []
    own = " ".join((tag.attr("alt") or "", tag.attr("src") or "", tag.attr("style") or ""))
    avatar = scope.avatar or bool(_AVATAR.search(own))
    personal = _personal_text(scope, tag)
    personal_input = tag.name in ("input", "textarea") and (
        personal
        or (tag.attr("type") or "").lower() in ("email", "tel", "password")
        or any(is_personal_key(tag.attr(a) or "") for a in ("name", "id", "autocomplete"))
    )
    set_cookie = tag.name == "meta" and (tag.attr("http-equiv") or "").lower() == "set-cookie"
    for attr in tag.attrs:
        if attr.start == attr.end:
            continue
        if avatar and attr.name in _IMAGE_ATTRS:
            edits.append((attr.start, attr.end, IMAGE_PLACEHOLDER))
        elif avatar and attr.name == "style":
            style = _CSS_URL.sub(f"url({IMAGE_PLACEHOLDER})", html[attr.start : attr.end])
            edits.append((attr.start, attr.end, style))
        elif (avatar and attr.name in ("alt", "title")) or (personal_input and attr.name == "value"):
            edits.append((attr.start, attr.end, TEXT_PLACEHOLDER))
        elif set_cookie and attr.name == "content":
            edits.append((attr.start, attr.end, ""))
        elif personal and attr.name in ("title", "data-clipboard-text", "aria-label"):
            edits.append((attr.start, attr.end, TEXT_PLACEHOLDER))
    return edits


def _text_edits(run: Text, scope: _Scope, html: str, harvest: set[str]) -> list[Edit]:
    text = html[run.start : run.end]
    if run.raw or not text.strip():
        return []
    if _personal_text(scope, run.parent):
        harvest.add(text)
        lead = len(text) - len(text.lstrip())
        return [(run.start + lead, run.start + len(text.rstrip()), TEXT_PLACEHOLDER)]
    greeting = _GREETING.search(text)
    if greeting is None or len(greeting.group("name").split()) > _MAX_NAME_WORDS:
        return []
    harvest.add(greeting.group("name"))
    return [(run.start + greeting.start("name"), run.start + greeting.end("name"), TEXT_PLACEHOLDER)]


def _values(harvest: set[str]) -> list[str]:
    """Distinct pieces worth looking for elsewhere: whole values and their comma-separated parts."""
    found: set[str] = set()
    for raw in harvest:
        for value in (raw, html_lib.unescape(raw)):
            for part in [value, *re.split(r"[,\n]", value)]:
                part = " ".join(part.split())
                digits = sum(c.isdigit() for c in part)
                if len(part) >= _MIN_VALUE and part != TEXT_PLACEHOLDER and (digits >= 5 or digits < len(part) // 2):
                    found.add(part)
    return sorted(found, key=len, reverse=True)


def _everywhere(values: list[str]) -> re.Pattern[str] | None:
    if not values:
        return None
    spaced = (r"(?:\s|&nbsp;|&#160;|\\u00a0)+".join(map(re.escape, value.split())) for value in values)
    return re.compile(r"(?<![\w])(?:" + "|".join(spaced) + r")(?![\w])")


def scrub_personal(html: str) -> tuple[str, int]:
    """Replace the texts of personal-data blocks, greetings' names and avatars, then their other copies."""
    edits: list[Edit] = []
    harvest: set[str] = set()
    scopes = _Scopes()
    for token in tokens(html):
        if isinstance(token, Tag):
            edits.extend(_tag_edits(token, scopes.enter(token), html))
        else:
            edits.extend(_text_edits(token, scopes.of(token.parent), html, harvest))
    html = apply_edits(html, edits)
    pattern = _everywhere(_values(harvest))
    copies = _copies(html, pattern) if pattern is not None else []
    return apply_edits(html, copies), len(edits) + len(copies)


def _copies(html: str, pattern: re.Pattern[str]) -> list[Edit]:
    """Other occurrences of collected values in texts, scripts and attribute values.

    Tag names, attribute names, classes and ids are left alone: layouts recognise pages by them.
    """
    spans: list[tuple[int, int]] = []
    for token in tokens(html):
        if isinstance(token, Text):
            spans.append((token.start, token.end))
        else:
            spans.extend((a.start, a.end) for a in token.attrs if a.name not in ("class", "id") and a.end > a.start)
    return [(m.start(), m.end(), TEXT_PLACEHOLDER) for start, end in spans for m in pattern.finditer(html, start, end)]
