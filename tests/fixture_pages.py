"""Shared test helpers: where the fixtures are and what each page is expected to contain."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"


@dataclass(frozen=True)
class Fixture:
    """A saved page and its hand-written expectation (ground truth a snapshot update cannot change)."""

    page: Path
    expected: dict[str, object]

    @property
    def id(self) -> str:
        return ".".join(self.page.relative_to(FIXTURES).with_suffix("").parts)


def fixtures() -> list[Fixture]:
    """Every fixture page that has an expectation file, sorted by path."""
    return [
        Fixture(path.with_name(path.name.replace(".expected.json", ".html")), json.loads(path.read_text()))
        for path in sorted(FIXTURES.rglob("*.expected.json"))
    ]
