"""The page's language: <html lang>, else the regional subdomain, else the words on the page."""

from __future__ import annotations

from orderlens.parser.urls import host_of
from orderlens.parser.vocabulary import vocabulary

DEFAULT_LANG = "en"
_DOMAIN_LANGS = {"ru": "ru", "us": "en"}


def primary(tag: str | None) -> str | None:
    """'es-ES' -> 'es'; empty or malformed tags -> None."""
    base = (tag or "").strip().lower().replace("_", "-").split("-")[0]
    return base if base.isalpha() and 2 <= len(base) <= 3 else None


def from_url(url: str | None) -> str | None:
    """es.aliexpress.com -> es, aliexpress.ru -> ru; www and m say nothing."""
    host = host_of(url)
    if not host:
        return None
    first, *_ = host.split(".")
    if len(first) == 2 and first not in ("m",) and host.count(".") >= 2:
        return first
    return _DOMAIN_LANGS.get(host.rsplit(".", 1)[-1])


def from_text(texts: list[str]) -> str | None:
    """The language whose marker words occur most often in the order texts, if any do."""
    scores = vocabulary().language_scores(" ".join(texts))
    best = max(scores.items(), key=lambda item: item[1], default=(None, 0))
    return best[0] if best[1] > 0 else None


def writes_month_first(html_lang: str | None) -> bool:
    """Whether the page's locale writes numeric dates month first ("en-US": 12/11/2026 is December 11)."""
    return (html_lang or "").strip().lower().replace("_", "-").endswith("-us")


def page_language(html_lang: str | None, url: str | None, texts: list[str]) -> str:
    return primary(html_lang) or from_url(url) or from_text(texts) or DEFAULT_LANG
