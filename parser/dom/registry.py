"""Backend names mapped to their parsers; `parse` is the only way layout code gets a Document."""

from __future__ import annotations

from collections.abc import Callable

from orderlens.parser.dom.base import Document
from orderlens.parser.dom.lexbor import LexborDocument
from orderlens.parser.dom.soup import SoupDocument

BACKENDS: dict[str, Callable[[str], Document]] = {
    "lexbor": LexborDocument,
    "soup": SoupDocument,
}


def parse(html: str, backend: str = "lexbor") -> Document:
    """Parse screened HTML with the named backend (ValueError for an unknown name)."""
    try:
        factory = BACKENDS[backend]
    except KeyError:
        raise ValueError(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}") from None
    return factory(html)
