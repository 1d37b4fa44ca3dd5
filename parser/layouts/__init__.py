"""The layout registry: the one place that lists every page layout orderlens understands.

To add a layout, write a module beside this one that defines `LAYOUT` and add it to `REGISTRY`.
Order matters only for ties: the layout with the best detection score wins.
"""

from orderlens.parser.layouts import (
    current_detail,
    current_list,
    current_tracking,
    legacy_detail,
    legacy_list,
    legacy_tracking,
    ru_list,
)
from orderlens.parser.layouts.base import Detection, Layout, ListLayout, Marker, Page

REGISTRY: tuple[Layout, ...] = (
    current_list.LAYOUT,
    current_detail.LAYOUT,
    current_tracking.LAYOUT,
    legacy_list.LAYOUT,
    legacy_detail.LAYOUT,
    legacy_tracking.LAYOUT,
    ru_list.LAYOUT,
)

__all__ = ["REGISTRY", "Detection", "Layout", "ListLayout", "Marker", "Page"]
