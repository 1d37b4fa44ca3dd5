"""Text normalisation shared by vocabulary matching and fact extraction.

Page texts arrive with NBSPs, curly quotes, full-width colons, accents and text split across spans;
phrases in the vocabulary are written plainly. Both sides go through `fold` so they meet in the middle.
A front end may also write the same words in other characters (tests/parser/test_typography.py): narrow
or no-break spaces, invisible break hints, capitals, decorative icons; both forms see through them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")  # in str patterns \s takes every Unicode space: NBSP, U+202F, U+2009, U+3000 ...
# Characters that only hint where a line may break and show nothing: soft hyphen, zero-width space, word
# joiner, zero-width no-break space (BOM). "veri\u00adfied" reads "verified", so both forms drop them.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
# Dropped when matching: those, joiners, direction marks and emoji variation selectors, which change no word.
_IGNORED = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufe00-\ufe0f\ufeff]")
# Decorative symbols a front end puts before a line ("⚠️ Closed", "● Awaiting shipment", "✓ Paid"): bullets,
# arrows, technical and geometric shapes, dingbats, emoji. When matching they separate words like a space.
_DECORATIONS = re.compile("[\u2022\u2023\u2190-\u21ff\u2300-\u23ff\u25a0-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]")
# The combining-mark blocks accents come from once text is decomposed (Latin, Greek, Cyrillic, ...).
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# An elided article or pronoun cut from its word by a space ("d’ expédition"): a front end that puts each word in
# its own <span>, and a reader that joins those with spaces, both do that. A word of one or two letters (or "qu")
# ending in an apostrophe is an elision in French and Italian ("d'", "l'", "qu'"), never a word of its own.
_ELIDED_APART = re.compile(r"(?<![^\W\d_])([^\W\d_]{1,2}|qu)' (?=[^\W\d_])")
# A space a reader put between a word and the punctuation after it, by joining a sentence's pieces with spaces
# ("Sie <a>gebeten</a>, diese …" read as "gebeten , diese"): no language's words end in it.
_SPACE_BEFORE_PUNCTUATION = re.compile(r"(?<=\w) +(?=[,.;!?](?:\s|$))")
# Typographic quotes and apostrophes (by code point, so the source stays unambiguous) -> ASCII.
_QUOTES = str.maketrans(
    {
        0x2018: "'",
        0x2019: "'",
        0x02BC: "'",
        0x00B4: "'",
        0x0060: "'",
        0x201C: '"',
        0x201D: '"',
        0x00AB: '"',
        0x00BB: '"',
    }
)


@lru_cache(maxsize=8192)  # pages repeat the same labels card after card
def clean(text: str) -> str:
    """Collapse every run of whitespace (NBSP included) to one space, drop invisible break hints and trim:
    the display form."""
    if not text.isascii():  # O(1) for str: ASCII text, the common case, pays nothing
        text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def clean_start(text: str, limit: int) -> str:
    """`clean(text)`, or for a text sure to clean to more than `limit` characters, just a cleaned start of it
    that is itself longer than `limit` (`clean(text)` begins with it). For readers that only take short
    texts: nested elements each hold the text of all below them, and cleaning every one whole is quadratic."""
    if len(text) > 2 * limit and len(start := clean(text[: 2 * limit])) > limit:
        return start
    return clean(text)


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """The matching form: clean, compatibility-normalised, case-folded, accent-free, straight quotes, elisions
    joined to their word, without invisible marks or decorative symbols, and without the colon or full stop a
    label or line may end with ("Closed." and "Track order:" name what "Closed" and "Track order" name)."""
    text = text.translate(_QUOTES)
    if "' " in text:
        text = _ELIDED_APART.sub(r"\1'", text)
    if text.isascii():
        return _line_form(text.lower())  # nothing to decompose: the common case, kept cheap
    # Dotless ı: capitals write it I, which folds to i ("ALINDI" is "alındı").
    text = _DECORATIONS.sub(" ", _IGNORED.sub("", text)).replace("\u0131", "i")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = _COMBINING_MARKS.sub("", decomposed)
    return _line_form(unicodedata.normalize("NFC", stripped).casefold())


def aligned_forms(text: str) -> tuple[str, str]:
    """A text's display form and its matching form (`fold`), the display cut where `fold` cuts a closing colon
    or full stop and without the spaces `fold` drops before punctuation: when both are equally long, a span
    found in the folded form is the same span of the display, so a reader can show or copy the page's own
    characters."""
    display = _line_form(text)
    return display, fold(display)


def _line_form(text: str) -> str:
    """`clean`, without a space before punctuation nor the colon or full stop the line ends with: what `fold`
    and the display form `aligned_forms` share."""
    return _SPACE_BEFORE_PUNCTUATION.sub("", clean(text)).rstrip(" .:")


def needs_boundary(ch: str) -> bool:
    """Alphabetic scripts that separate words with spaces need a word boundary; CJK and Hangul do not."""
    return ch.isalnum() and ord(ch) < 0x2E80


def contains_phrase(folded_text: str, folded_phrase: str) -> bool:
    """True when the phrase occurs in the text as whole words (both already folded)."""
    start = folded_text.find(folded_phrase)
    while start != -1:
        end = start + len(folded_phrase)
        before_ok = start == 0 or not (needs_boundary(folded_phrase[0]) and needs_boundary(folded_text[start - 1]))
        after_ok = end == len(folded_text) or not (
            needs_boundary(folded_phrase[-1]) and needs_boundary(folded_text[end])
        )
        if before_ok and after_ok:
            return True
        start = folded_text.find(folded_phrase, start + 1)
    return False
