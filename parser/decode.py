"""Bytes to text without ever raising: BOM, then <meta charset>, then UTF-8 with replacement."""

from __future__ import annotations

import codecs
import re

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_PRESCAN_BYTES = 4096  # the HTML standard looks for the charset in the first 1024 bytes; allow for noise


def decode(data: bytes) -> str:
    """Decode page bytes the way a browser would, replacing what does not decode."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if declared:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            encoding = "utf-8"
        # Pages saved from a browser are re-encoded as UTF-8 but keep an old declaration; trust the bytes.
        if encoding not in ("utf-8", "utf-16-le", "utf-16-be", "utf-16"):
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                return data.decode(encoding, errors="replace")
    return data.decode("utf-8", errors="replace")
