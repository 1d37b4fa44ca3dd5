"""Load every language's phrase table once and match page texts against all of them.

All languages are matched at once: a page's language is often unknown or mixed (a Spanish page with an
English tracking event), and a phrase only counts where it occurs as whole words.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from orderlens.parser.text import contains_phrase, fold, needs_boundary
from orderlens.parser.vocabulary.variants import GAP, GAP_WORDS, expand

CATEGORIES = ("status", "notice", "tracking", "action", "countdown", "label")
# Categories read by fact readers only (parser/layouts/facts/refunds.py, protection.py) and by the classifier's
# fallbacks (`condition`: words of a rule or an "if", parser/classify.py); not in CATEGORIES, whose signals the
# classifier reasons with. Redaction keeps the phrases of both, except conditions (parser/redact/texts.py).
FACT_CATEGORIES = ("refund", "protection", "condition")
# The phrase tables beside this module: a plain folder (importlib.resources costs the CLI ~5 ms to import).
FOLDER = Path(__file__).parent


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


_END = ""  # trie key of "a phrase ends here"; every other key is one character or the gap token
# The spaces either side of a gap belong to it, and a comma or a colon may end the word before it ("Satıcı, bu
# siparişi iptal etmenizi rica etti": "satıcı ... iptal etmenizi rica etti").
_GAP_PATTERN = f"[,;:]? (?:[^ ]+ ){{0,{GAP_WORDS}}}"


def _tokens(folded: str) -> list[str]:
    """A folded phrase as trie keys: its characters, with each gap (and its spaces) as one key."""
    tokens: list[str] = []
    for index, part in enumerate(folded.split(f" {GAP} ")):
        tokens.extend([GAP, *part] if index else part)
    return tokens


def _trie_pattern(phrases: list[str], names: dict[str, str]) -> str:
    """Phrases as one regex shaped like a trie: shared prefixes are tested once, longer endings first.

    Each phrase ends in an empty named group, so a match says which phrase it was even across a gap.
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for token in _tokens(phrase):
            node = node.setdefault(token, {})
        node[_END] = phrase

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(key) + build(child) for key, child in node.items() if key not in (_END, GAP)]
        if GAP in node:
            branches.append(_GAP_PATTERN + build(node[GAP]))  # after literal text: the specific wording first
        if _END in node:
            branches.append(f"(?P<{names[node[_END]]}>)")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return build(trie)


def phrase_source(folded_phrases: list[str]) -> tuple[str, dict[str, str]]:
    """Every phrase in one pattern, with word boundaries only where the script separates words.

    Also returns which phrase each group name stands for.
    """
    phrases = sorted(set(folded_phrases))
    names = {phrase: f"p{index}" for index, phrase in enumerate(phrases)}
    groups: dict[tuple[bool, bool], list[str]] = {}
    for phrase in phrases:
        groups.setdefault((needs_boundary(phrase[0]), needs_boundary(phrase[-1])), []).append(phrase)
    parts = []
    for (start, end), members in sorted(groups.items(), reverse=True):
        before = r"(?<![^\W_])" if start else ""
        after = r"(?![^\W_])" if end else ""
        parts.append(f"{before}(?:{_trie_pattern(members, names)}){after}")
    return "|".join(parts) or r"(?!)", {name: phrase for phrase, name in names.items()}


Compiled = tuple[re.Pattern[str], dict[str, str]]  # a category's alternation and, per group name, its wording


@dataclass(frozen=True, eq=False)  # one per process, compared by identity (and so hashable for caching)
class Vocabulary:
    """Every phrase of every language, folded, one compiled alternation per category.

    The alternation tries longer phrases first, so the most specific phrase wins and a shorter phrase
    inside a longer match is not reported separately.
    """

    rows: dict[str, dict[str, tuple[str, str, str]]]  # category -> folded wording -> (signal, wording, lang)
    markers: dict[str, tuple[str, ...]]  # lang -> folded words typical of that language
    unverified: frozenset[str]  # languages whose phrases are written, not seen on real pages
    # Per category, compiled on first use (~0.1 s each: a command that never asks for a category skips it),
    # or all at once from the CLI's cache (parser/vocabulary/cache.py).
    compiled: dict[str, Compiled] = field(default_factory=dict, repr=False)

    def _row(self, category: str, found: re.Match[str]) -> Match:
        return Match(category, *self.rows[category][self._compiled(category)[1][found.lastgroup or ""]])

    def _compiled(self, category: str) -> Compiled:
        """The category's alternation (never matching for an unknown category) and, per group name, its wording."""
        if category not in self.compiled:
            source, names = phrase_source(list(self.rows.get(category, ())))
            self.compiled[category] = re.compile(source), names
        return self.compiled[category]

    def match(self, category: str, text: str, *, folded: bool = False) -> list[Match]:
        """All phrases of `category` in `text`, most specific (longest match) first, each phrase once."""
        return list(self._matches(category, text if folded else fold(text)))

    @lru_cache(maxsize=4096)  # noqa: B019 - one vocabulary lives for the process; pages repeat their texts
    def _matches(self, category: str, folded_text: str) -> tuple[Match, ...]:
        pattern = self._compiled(category)[0]
        longest: dict[str, tuple[int, Match]] = {}
        for found in pattern.finditer(folded_text):
            size = found.end() - found.start()
            if size > longest.get(found.lastgroup or "", (-1,))[0]:
                longest[found.lastgroup or ""] = (size, self._row(category, found))
        return tuple(match for _, match in sorted(longest.values(), key=lambda item: item[0], reverse=True))

    @lru_cache(maxsize=4096)  # noqa: B019 - as _matches
    def spans(self, category: str, folded_text: str) -> tuple[tuple[int, int, Match], ...]:
        """Where each phrase of `category` occurs in already-folded text, as (start, end, match)."""
        pattern = self._compiled(category)[0]
        return tuple((m.start(), m.end(), self._row(category, m)) for m in pattern.finditer(folded_text))

    def first(self, category: str, text: str) -> Match | None:
        """The most specific (longest) phrase of `category` in `text`."""
        matches = self.match(category, text)
        return matches[0] if matches else None

    def language_scores(self, text: str) -> dict[str, int]:
        """How many marker words of each language occur in `text`."""
        folded = fold(text)
        return {lang: sum(1 for word in words if contains_phrase(folded, word)) for lang, words in self.markers.items()}


def _load_toml(name: str) -> dict[str, Any]:
    with FOLDER.joinpath(name).open("rb") as handle:
        return tomllib.load(handle)


_installed: list[Vocabulary] = []  # at most one: the vocabulary the CLI rebuilt from its cache


def install(vocab: Vocabulary) -> None:
    """Make `vocabulary()` return `vocab`: the same tables, loaded and compiled by an earlier run of the CLI."""
    _installed[:] = [vocab]


def vocabulary() -> Vocabulary:
    """The merged phrase tables of every `<lang>.toml` beside this module (loaded once), or the installed one."""
    return _installed[0] if _installed else load()


@cache
def load() -> Vocabulary:
    """The phrase tables read from the TOML files, each category compiled when first matched."""
    rows: dict[str, dict[str, tuple[str, str, str]]] = {c: {} for c in (*CATEGORIES, *FACT_CATEGORIES)}
    markers: dict[str, tuple[str, ...]] = {}
    unverified: set[str] = set()
    for entry in sorted(FOLDER.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml") or entry.name == "codes.toml":
            continue
        table = _load_toml(entry.name)
        lang = table["lang"]
        if not table.get("verified", False):
            unverified.add(lang)
        markers[lang] = tuple(fold(w) for w in table.get("markers", ()))
        for category in (*CATEGORIES, *FACT_CATEGORIES):
            for signal, phrases in table.get(category, {}).items():
                for wording in (w for phrase in phrases for w in expand(phrase)):
                    rows[category].setdefault(fold(wording), (signal, wording, lang))
    return Vocabulary(
        rows=rows,
        markers=markers,
        unverified=frozenset(unverified),
    )


@cache
def _codes() -> Codes:
    table = _load_toml("codes.toml")
    return Codes(status=dict(table["status"]), end_reason=dict(table["end_reason"]))


CODES = _codes()
