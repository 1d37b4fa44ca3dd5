"""Backend names mapped to their parsers; `parse` is the only way layout code gets a Document.

Each backend is imported when first used: the soup backend (BeautifulSoup, html5lib, soupsieve) costs
about 0.1 s to import, which a command that only uses lexbor should not pay.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from orderlens.parser.dom.base import Document

#: Backend name -> (module, Document class) under orderlens.parser.dom.
BACKENDS: dict[str, tuple[str, str]] = {
    "lexbor": ("lexbor", "LexborDocument"),
    "soup": ("soup", "SoupDocument"),
}


def parse(html: str | bytes, backend: str = "lexbor") -> Document:
    """Parse screened HTML (text, or the screen's UTF-8 bytes) with the named backend (ValueError for an
    unknown name)."""
    try:
        module, name = BACKENDS[backend]
    except KeyError:
        raise ValueError(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}") from None
    factory: Callable[[str | bytes], Document] = getattr(import_module(f"orderlens.parser.dom.{module}"), name)
    return factory(html)
