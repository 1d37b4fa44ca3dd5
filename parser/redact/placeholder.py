"""Neutral placeholders of the same shape: letters become other letters, digits other digits.

Layouts and the reader by meaning look at the shape of texts (word counts, lengths, numbers next to
unit words), so a placeholder keeps each character's kind, case and script, and only changes the
character itself (never to the same one). The same word becomes the same placeholder everywhere on
a page, so texts that repeat (a store name in a header and a card) still repeat. The mapping is keyed
by a digest of the whole original page: a reader of the redacted page cannot rebuild it from a list
of likely names, which a fixed mapping would allow.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

# Scripts whose letters stay in their own block (start, size): Latin first, then the others pages use.
_BLOCKS = (
    (ord("a"), 26),
    (ord("A"), 26),
    (0x0430, 32),  # Cyrillic lower case а…я
    (0x0410, 32),  # Cyrillic upper case А…Я
    (0x03B1, 25),  # Greek lower case α…ω
    (0x0391, 25),  # Greek upper case Α…Ω (with the gap at U+03A2, which is no letter)
    (0xAC00, 11172),  # Hangul syllables
    (0x4E00, 20992),  # CJK unified ideographs
    (0x3041, 86),  # Hiragana
    (0x30A1, 90),  # Katakana
)
_GREEK_GAP = 0x03A2
_MAX_TRIES = 64


class Masker:
    """Placeholders for the words of one page: deterministic, keyed by the page, cached per word."""

    def __init__(self, page: str, avoid: Callable[[str], bool]) -> None:
        self._key = hashlib.blake2b(page.encode("utf-8", "surrogatepass"), digest_size=32).digest()
        self._avoid = avoid  # placeholders that would read as something (a vocabulary word) are drawn again
        self._known: dict[str, str] = {}

    def word(self, word: str) -> str:
        """The placeholder of one run of letters or digits."""
        known = self._known.get(word)
        if known is None:
            known = self._draw(word)
            self._known[word] = known
        return known

    def _draw(self, word: str) -> str:
        candidate = word
        for attempt in range(_MAX_TRIES):
            stream = _stream(self._key, f"{attempt}:{word}")
            candidate = "".join(_other(ch, next(stream)) for ch in word)
            if not self._avoid(candidate):
                break
        return candidate


def _stream(key: bytes, seed: str) -> Iterator[int]:
    """An endless run of pseudo-random numbers for one word."""
    counter = 0
    while True:
        digest = hashlib.blake2b(f"{counter}:{seed}".encode("utf-8", "surrogatepass"), key=key).digest()
        for index in range(0, len(digest), 4):
            yield int.from_bytes(digest[index : index + 4], "big")
        counter += 1


def _other(ch: str, number: int) -> str:
    """Another character of the same kind: a digit for a digit, a letter of the same block and case."""
    if ch.isdecimal():
        value = int(ch) if ch.isascii() else -1
        return str(_pick(value, 10, number))
    code = ord(ch)
    for start, size in _BLOCKS:
        if start <= code < start + size:
            picked = start + _pick(code - start, size, number)
            return chr(picked + 1 if picked == _GREEK_GAP else picked)
    return chr(ord("A" if ch.isupper() else "a") + _pick(-1, 26, number))


def _pick(current: int, size: int, number: int) -> int:
    """A value in range(size) that is not `current` (any value when `current` is outside the range)."""
    if 0 <= current < size:
        return (current + 1 + number % (size - 1)) % size
    return number % size
