"""The phrase syntax of the vocabulary tables: one written phrase stands for its ordinary rewordings.

    [x]        optional text: "seller [has] asked", "cancel[l]ed" (also inside a word)
    [x|y]      optional, one of several: "[the|your|this] order"
    (x|y)      exactly one of several: "(within|in time|on time)"
    ...        a gap: up to GAP_WORDS other words between the words either side ("seller ... to cancel")

Groups do not nest. Everything else is literal text, folded like page text before matching. The
syntax is expanded once when the tables load, so matching stays one trie-shaped regex per category.
See docs/vocabulary.md.
"""

from __future__ import annotations

import itertools
import re

GAP = "..."
GAP_WORDS = 3
_GROUP = re.compile(r"\[([^\[\]()]*)\]|\(([^\[\]()]*)\)")
_SYNTAX = re.compile(r"[\[\]()|]")
_SPACES = re.compile(r"\s+")


class PhraseError(ValueError):
    """A vocabulary phrase whose variant syntax cannot be read."""


def _slots(phrase: str) -> list[list[str]]:
    """The phrase as a sequence of slots, each the list of texts that may fill it."""
    slots: list[list[str]] = []
    position = 0
    for group in _GROUP.finditer(phrase):
        slots.append([phrase[position : group.start()]])
        optional, required = group.groups()
        slots.append(["", *optional.split("|")] if optional is not None else required.split("|"))
        position = group.end()
    slots.append([phrase[position:]])
    if any(_SYNTAX.search(literal) for (literal,) in slots[::2]):
        raise PhraseError(f"unbalanced or nested group in vocabulary phrase {phrase!r}")
    return slots


def _check_gaps(phrase: str, variant: str) -> None:
    words = variant.split(" ")
    if words[0] == GAP or words[-1] == GAP or any(GAP in w and w != GAP for w in words):
        raise PhraseError(f"a gap must stand alone between two words: {phrase!r}")


def expand(phrase: str) -> list[str]:
    """Every concrete wording a written phrase stands for, whitespace collapsed, in a stable order."""
    variants: list[str] = []
    for parts in itertools.product(*_slots(phrase)):
        variant = _SPACES.sub(" ", "".join(parts)).strip()
        if not variant:
            raise PhraseError(f"vocabulary phrase {phrase!r} can expand to nothing")
        _check_gaps(phrase, variant)
        if variant not in variants:
            variants.append(variant)
    return variants
