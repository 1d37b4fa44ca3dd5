"""URL helpers that never raise: page links are written by strangers ("http://[::1", "//%zz")."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def host_of(url: str | None) -> str:
    """The lower-case host of `url`, or '' when it has none or cannot be parsed."""
    try:
        return (urlsplit(url or "").hostname or "").lower()
    except ValueError:
        return ""


def join(base: str, href: str) -> str | None:
    """`href` made absolute against `base`; None when the link cannot be parsed."""
    try:
        return urljoin(base, href)
    except ValueError:
        return None
