"""Which layout a page is in, decided by content: anti-bot walls first, then the best-scoring layout."""

from __future__ import annotations

from functools import cached_property

from orderlens.parser.layouts import REGISTRY, Detection, Layout, Page
from orderlens.parser.text import contains_phrase, fold

_BLOCKER_CSS = ".baxia-dialog, #nc_1_wrapper, .nc-container, #baxia-punish"
_BLOCKER_WORDS = ("please slide to verify", "unusual traffic", "slide to verify")


class Recognition:
    """The claiming layout with the highest score (or none), and whether a verification wall hides the orders.

    `detections` (every layout's score and misses, best first) is worked out only when asked: on a page a
    layout claims, only diagnostics and --explain need it, and each absent marker costs a whole-tree query.
    """

    def __init__(self, page: Page, layout: Layout | None, blocked: bool, any_marker: bool = True) -> None:
        self._page = page
        self._any_marker = any_marker
        self.layout = layout
        self.blocked = blocked

    @cached_property
    def detections(self) -> tuple[Detection, ...]:
        found = (layout.detect(self._page, self._any_marker) for layout in REGISTRY)
        return tuple(sorted(found, key=lambda d: -d.score))


# Every marker of every layout in one selector: on a page none of them is on, one query says so.
_ANY_MARKER = ", ".join(marker.css for layout in REGISTRY for marker in layout.markers)


def recognise(page: Page) -> Recognition:
    """The claiming layout with the highest score, or none (with every layout's near-miss for --explain)."""
    if page.root.first(_BLOCKER_CSS) is not None:
        return Recognition(page, None, blocked=True)
    any_marker = page.root.first(_ANY_MARKER) is not None
    claimants = [layout for layout in REGISTRY if any_marker and layout.claims(page)]
    if claimants:  # the first of the best, in registry order
        return Recognition(page, max(claimants, key=lambda layout: layout.detect(page).score), blocked=False)
    # Only a page no layout claims is worth reading whole for a verification wall's words.
    return Recognition(page, None, blocked=_blocker_text(page), any_marker=any_marker)


def _blocker_text(page: Page) -> bool:
    body = page.root.first("body")
    if body is None:
        return False
    text = fold(body.text(" ")[:20000])
    return any(contains_phrase(text, phrase) for phrase in _BLOCKER_WORDS)
