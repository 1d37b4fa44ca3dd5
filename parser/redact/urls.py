"""The URL rule: links keep their host and the shape of their path, and lose what could name someone.

Layouts and the reader by meaning recognise links by host and path (`/p/order/detail.html`,
`/order-list/<id>`, `/item/<n>.html`, `logisticsdetail.htm`) and read order ids and tracking numbers
from query values. So the host stays; path segments that are route words (letters starting lower-case,
joined by `-`, `_` or `.`) stay, other segments keep their extension and get placeholders of the same
shape (image names, store and item numbers, profile ids); parameter names stay, and their values are
dropped unless they are the page's order ids or tracking numbers (replaced consistently later). Other schemes
(`mailto:`, `tel:`, `javascript:`, `data:`) keep only the scheme.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from orderlens.parser.redact.placeholder import Masker
from orderlens.parser.redact.report import Tally

_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*):")
_WEB_SCHEMES = frozenset({"http", "https"})
_AUTHORITY = re.compile(r"\s*(?:[A-Za-z][A-Za-z0-9+.-]*:)?//([^/?#]*)")
# Route words: p, order, detail.html, order-list, orderList.htm. Not capitalised: names and file names often are.
_ROUTE = re.compile(r"[a-z][A-Za-z]{0,29}(?:[-_.][A-Za-z]{1,30}){0,5}")
_PARAMETER = re.compile(r"[A-Za-z_][\w.\-\[\]]{0,40}")
_EXTENSION = re.compile(r"\.[a-z0-9]{1,5}$")
_MASKABLE = re.compile(r"%[0-9A-Fa-f]{2}|&[#\w]+;|([^\W_]+)")  # percent escapes and references stay
_QUERY_SEPARATOR = re.compile(r"(&amp;|&#38;|&)")
_LIST = re.compile(r",|%2[Cc]")
_CSS_URL = re.compile(r"(url\(\s*(?:&quot;|[\"']?))(.*?)((?:&quot;|[\"']?)\s*\))", re.S)


class UrlRule:
    """The rule for one page's links: its ids, its placeholders, its tally."""

    def __init__(self, masker: Masker, tally: Tally, is_id: Callable[[str], bool]) -> None:
        self._masker = masker
        self._tally = tally
        self._is_id = is_id

    def apply(self, raw: str) -> str:
        """One URL as written in an attribute value (character references and all)."""
        scheme = _SCHEME.match(raw)
        other = scheme is not None and scheme.group(1).lower() not in _WEB_SCHEMES
        redacted = raw[: scheme.end()] if scheme is not None and other else self._web(raw)
        if redacted != raw:
            self._tally.replace("URLs")
        return redacted

    def srcset(self, raw: str) -> str:
        """Image candidates "URL 2x, URL 3x": each URL by the rule, the descriptors as they are."""
        return re.sub(r"(^|,)(\s*)([^\s,]+)", lambda m: m.group(1) + m.group(2) + self.apply(m.group(3)), raw)

    def css(self, raw: str) -> str:
        """A style sheet or style attribute: only its `url(…)` values can lead to a person (avatars)."""
        return _CSS_URL.sub(lambda m: m.group(1) + self.apply(m.group(2)) + m.group(3), raw)

    def _web(self, raw: str) -> str:
        rest, hash_, fragment = raw.partition("#")
        head, question, query = rest.partition("?")
        authority = _AUTHORITY.match(head)
        prefix, path = (head[: authority.end()], head[authority.end() :]) if authority else ("", head)
        if authority and "@" in authority.group(1):  # user info: https://name:password@host/
            prefix = head[: authority.start(1)] + authority.group(1).rsplit("@", 1)[1]
        path = "/".join(self._segment(segment) for segment in path.split("/"))
        query = "".join(self._parameter(part) for part in _QUERY_SEPARATOR.split(query))
        fragment = fragment if not fragment or _ROUTE.fullmatch(fragment) else ""
        return prefix + path + question + query + hash_ + fragment

    def _segment(self, segment: str) -> str:
        if not segment or self._is_id(segment) or _ROUTE.fullmatch(segment):
            return segment
        extension = _EXTENSION.search(segment)
        body, tail = (segment[: extension.start()], extension.group()) if extension else (segment, "")
        return self._mask(body) + tail

    def _mask(self, text: str) -> str:
        """Placeholders for the words of `text` (ids excepted); escapes and separators as they are."""

        def word(match: re.Match[str]) -> str:
            found = match.group(1)
            return match.group() if not found or self._is_id(found) else self._masker.word(found)

        return _MASKABLE.sub(word, text)

    def _parameter(self, part: str) -> str:
        if _QUERY_SEPARATOR.fullmatch(part):
            return part
        name, equals, value = part.partition("=")
        name = name if _PARAMETER.fullmatch(name) else self._mask(name)
        kept = bool(value) and all(self._is_id(piece) for piece in _LIST.split(value))
        return name + equals + (value if kept else "")
