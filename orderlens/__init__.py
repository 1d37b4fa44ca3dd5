"""orderlens: explains confusing AliExpress order statuses right on the order page.

One import package for everything: `orderlens.parser` reads pages, `orderlens.server` serves the paired
extension, and `from orderlens import analyze` is the short way in. The repository keeps `parser/` and
`server/` at its top level (the project's layout); `orderlens/parser` and `orderlens/server` are links to
them, so the source exists once and every tool sees one package (docs/ARCHITECTURE.md, "One package").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from orderlens.parser import Analysis, analyze, to_json

__all__ = ["Analysis", "analyze", "to_json"]


def __getattr__(name: str) -> Any:
    """`analyze`, `Analysis` and `to_json` load on first use, so `import orderlens.server` stays cheap."""
    if name in __all__:
        from orderlens import parser

        return getattr(parser, name)
    raise AttributeError(f"module 'orderlens' has no attribute {name!r}")
