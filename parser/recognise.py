"""Which layout a page is in, decided by content: anti-bot walls first, then the best-scoring layout."""

from __future__ import annotations

from dataclasses import dataclass

from orderlens.parser.layouts import REGISTRY, Detection, Layout, Page
from orderlens.parser.text import contains_phrase, fold

_BLOCKER_CSS = ".baxia-dialog, #nc_1_wrapper, .nc-container, #baxia-punish"
_BLOCKER_WORDS = ("please slide to verify", "unusual traffic", "slide to verify")


@dataclass(frozen=True, slots=True)
class Recognition:
    layout: Layout | None
    detections: tuple[Detection, ...]
    blocked: bool


def recognise(page: Page) -> Recognition:
    """The claiming layout with the highest score, or none (with every layout's near-miss for --explain)."""
    if page.root.first(_BLOCKER_CSS) is not None:
        return Recognition(None, (), blocked=True)
    scored = sorted(((layout, layout.detect(page)) for layout in REGISTRY), key=lambda pair: -pair[1].score)
    claimed = [(layout, detection) for layout, detection in scored if detection.claimed]
    if claimed:
        return Recognition(claimed[0][0], tuple(d for _, d in scored), blocked=False)
    # Only a page no layout claims is worth reading whole for a verification wall's words.
    return Recognition(None, tuple(d for _, d in scored), blocked=_blocker_text(page))


def _blocker_text(page: Page) -> bool:
    body = page.root.first("body")
    if body is None:
        return False
    text = fold(body.text(" ")[:20000])
    return any(contains_phrase(text, phrase) for phrase in _BLOCKER_WORDS)
