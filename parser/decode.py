"""Bytes to text without ever raising: BOM, then <meta charset>, then UTF-8 with replacement."""

from __future__ import annotations

import codecs
import re

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_PRESCAN_BYTES = 4096  # the HTML standard looks for the charset in the first 1024 bytes; allow for noise


def _declared_encoding(data: bytes) -> str | None:
    """The text encoding a <meta charset> names, if Python knows it as one (not idna, base64, ...)."""
    declared = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if declared is None:
        return None
    try:
        info = codecs.lookup(declared.group(1).decode("ascii"))
    except (LookupError, UnicodeError):
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


def decode(data: bytes) -> str:
    """Decode page bytes the way a browser would, replacing what does not decode."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _declared_encoding(data)
    # A <meta> cannot truly declare UTF-16 (the HTML standard reads it as UTF-8); and pages saved from
    # a browser are re-encoded as UTF-8 but keep their old declaration, so bytes that are valid UTF-8
    # are read as UTF-8 whatever the page claims.
    if declared and not declared.startswith(("utf-8", "utf-16", "utf-32")):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        try:
            return data.decode(declared, errors="replace")
        except (UnicodeError, LookupError, ValueError):
            pass  # codecs that cannot replace (idna, punycode): fall through to UTF-8
    return data.decode("utf-8", errors="replace")
