"""The backends' element walks: what the generic reader scans must be elements only, alike on both."""

from __future__ import annotations

import pytest

from orderlens.parser.dom import BACKENDS, parse

PAGE = "<html><body><div id=a>text<?pi target?><p>a<b>c</b></p><!-- note --><i></i></div><p>after</p></body></html>"


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_descendants_are_the_elements_below_in_page_order(backend: str) -> None:
    """Text, comments and processing instructions (lexbor gives the last an unnamed node) are skipped."""
    part = parse(PAGE, backend).root.first("#a")
    assert part is not None
    assert [node.tag for node in part.descendants] == ["p", "b", "i"]


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_select_stops_at_its_limit(backend: str) -> None:
    root = parse(PAGE, backend).root
    assert [node.text() for node in root.select("p", limit=1)] == ["ac"]
    assert len(root.select("p")) == 2
