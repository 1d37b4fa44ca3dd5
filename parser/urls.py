"""URL helpers that never raise: page links are written by strangers ("http://[::1", "//%zz")."""

from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit


def urlsplit_or_none(url: str) -> SplitResult | None:
    """`urlsplit` that answers None instead of raising on a malformed URL."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def host_of(url: str | None) -> str:
    """The lower-case host of `url`, or '' when it has none or cannot be parsed."""
    parts = urlsplit_or_none(url or "")
    return (parts.hostname or "").lower() if parts else ""


ALIEXPRESS_DOMAINS = ("aliexpress.com", "aliexpress.us", "aliexpress.ru")


def is_aliexpress(url: str | None) -> bool:
    """An https link whose host really is AliExpress's: no user-info trick (`aliexpress.com@evil.example`),
    no look-alike or internationalised host, no other port. Banner buttons only ever lead there."""
    try:
        parts = urlsplit(url or "")
        port = parts.port
    except ValueError:
        return False
    host = parts.hostname or ""
    if parts.scheme != "https" or "@" in parts.netloc or port not in (None, 443) or not host.isascii():
        return False
    return any(host == domain or host.endswith("." + domain) for domain in ALIEXPRESS_DOMAINS)


def join(base: str, href: str) -> str | None:
    """`href` made absolute against `base`; None when the link cannot be parsed."""
    try:
        return urljoin(base, href)
    except ValueError:
        return None
