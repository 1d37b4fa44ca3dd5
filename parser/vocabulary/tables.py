"""Load every language's phrase table once and match page texts against all of them.

All languages are matched at once: a page's language is often unknown or mixed (a Spanish page with an
English tracking event), and a phrase only counts where it occurs as whole words.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from parser.text import contains_phrase, fold, needs_boundary

CATEGORIES = ("status", "notice", "tracking", "action", "countdown", "label")


@dataclass(frozen=True, slots=True)
class Match:
    """One phrase found in a text: its category, the canonical signal, the phrase and its language."""

    category: str
    signal: str
    phrase: str
    lang: str


@dataclass(frozen=True, slots=True)
class Codes:
    """Language-independent back-end codes: order status codes and end reasons."""

    status: dict[str, str]
    end_reason: dict[str, str]


def _trie_pattern(phrases: list[str]) -> str:
    """Phrases as one regex shaped like a trie: shared prefixes are tested once, longer endings first."""
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _phrase_pattern(folded_phrases: list[str]) -> re.Pattern[str]:
    """Every phrase in one pattern, with word boundaries only where the script separates words."""
    groups: dict[tuple[bool, bool], list[str]] = {}
    for phrase in set(folded_phrases):
        groups.setdefault((needs_boundary(phrase[0]), needs_boundary(phrase[-1])), []).append(phrase)
    parts = []
    for (start, end), phrases in sorted(groups.items(), reverse=True):
        before = r"(?<![^\W_])" if start else ""
        after = r"(?![^\W_])" if end else ""
        parts.append(f"{before}(?:{_trie_pattern(phrases)}){after}")
    return re.compile("|".join(parts) or r"(?!)")


@dataclass(frozen=True)
class Vocabulary:
    """Every phrase of every language, folded, one compiled alternation per category.

    The alternation tries longer phrases first, so the most specific phrase wins and a shorter phrase
    inside a longer match is not reported separately.
    """

    patterns: dict[str, re.Pattern[str]]
    rows: dict[str, dict[str, tuple[str, str, str]]]  # category -> folded phrase -> (signal, phrase, lang)
    markers: dict[str, tuple[str, ...]]  # lang -> folded words typical of that language
    unverified: frozenset[str]  # languages whose phrases are written, not seen on real pages

    def match(self, category: str, text: str, *, folded: bool = False) -> list[Match]:
        """All phrases of `category` in `text`, most specific first, each phrase once."""
        pattern = self.patterns.get(category)
        if pattern is None:
            return []
        rows = self.rows[category]
        found = {m.group(0) for m in pattern.finditer(text if folded else fold(text))}
        ordered = sorted(found, key=len, reverse=True)
        return [Match(category, *rows[phrase]) for phrase in ordered]

    def spans(self, category: str, folded_text: str) -> list[tuple[int, int, Match]]:
        """Where each phrase of `category` occurs in already-folded text, as (start, end, match)."""
        pattern = self.patterns.get(category)
        if pattern is None:
            return []
        rows = self.rows[category]
        return [(m.start(), m.end(), Match(category, *rows[m.group(0)])) for m in pattern.finditer(folded_text)]

    def first(self, category: str, text: str) -> Match | None:
        """The most specific (longest) phrase of `category` in `text`."""
        matches = self.match(category, text)
        return matches[0] if matches else None

    def language_scores(self, text: str) -> dict[str, int]:
        """How many marker words of each language occur in `text`."""
        folded = fold(text)
        return {lang: sum(1 for word in words if contains_phrase(folded, word)) for lang, words in self.markers.items()}


def _load_toml(name: str) -> dict[str, Any]:
    with resources.files(__package__).joinpath(name).open("rb") as handle:
        return tomllib.load(handle)


@cache
def vocabulary() -> Vocabulary:
    """The merged phrase tables of every `<lang>.toml` beside this module (loaded once)."""
    rows: dict[str, dict[str, tuple[str, str, str]]] = {c: {} for c in CATEGORIES}
    markers: dict[str, tuple[str, ...]] = {}
    unverified: set[str] = set()
    folder = resources.files(__package__)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml") or entry.name == "codes.toml":
            continue
        table = _load_toml(entry.name)
        lang = table["lang"]
        if not table.get("verified", False):
            unverified.add(lang)
        markers[lang] = tuple(fold(w) for w in table.get("markers", ()))
        for category in CATEGORIES:
            for signal, phrases in table.get(category, {}).items():
                for phrase in phrases:
                    rows[category].setdefault(fold(phrase), (signal, phrase, lang))
    return Vocabulary(
        patterns={c: _phrase_pattern(list(r)) for c, r in rows.items()},
        rows=rows,
        markers=markers,
        unverified=frozenset(unverified),
    )


@cache
def _codes() -> Codes:
    table = _load_toml("codes.toml")
    return Codes(status=dict(table["status"]), end_reason=dict(table["end_reason"]))


CODES = _codes()
