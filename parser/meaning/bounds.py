"""How much of a part the generic reader looks at: all of any real order page, a bounded share of a hostile one.

A card holds dozens of elements and an order's own page a few thousand; a page that repeats one order's
card 100,000 times makes its whole body that order's block. Readers that look at every element take
them from here, so their work stops at SCAN_LIMIT elements per part.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice

from orderlens.parser.dom import Node

SCAN_LIMIT = 20_000


def elements(part: Node, css: str = "*") -> Sequence[Node]:
    """The first SCAN_LIMIT elements inside `part` that match `css`, in page order."""
    if css == "*":  # walked lazily: a selector query would list every element of a huge part first
        return list(islice(part.descendants, SCAN_LIMIT))
    return part.select(css, SCAN_LIMIT)
