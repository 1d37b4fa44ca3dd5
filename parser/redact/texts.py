"""The text rule: which parts of a text (a text node or an attribute value) are kept, the rest replaced.

Kept, because the parser reads them and they identify no one: vocabulary phrases (statuses, notices,
tracking events, buttons, countdown words, labels) and the language's marker words, dates and times,
amounts, carrier names, back-end status codes, numbers of up to three digits (quantities, days left)
and the page's order ids and tracking numbers (replaced later, consistently, by ids.py). Every other
letter or digit becomes a placeholder of the same shape (placeholder.py); spaces, punctuation and
character references stay, so the text keeps its length and word count. Texts the parser read as an
item title or a store name are replaced whole, vocabulary words included.

Raw text keeps its character references (`&nbsp;`, `&amp;`): they are decoded for matching and
written back as they were unless a letter or digit they stand for is replaced.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from orderlens.parser.redact.contacts import contact_spans
from orderlens.parser.redact.placeholder import Masker
from orderlens.parser.redact.report import Kept, Tally
from orderlens.parser.redact.words import BRANDS, LETTERS, MONTHS, carrier_pattern, marker_words, phrase_words
from orderlens.parser.text import clean, fold, needs_boundary
from orderlens.parser.vocabulary import CODES
from orderlens.parser.vocabulary.tables import vocabulary

_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_DIGITS = re.compile(r"\d+")
_ALNUM = re.compile(r"[^\W_]")
_MAX_KEPT_NUMBER = 3  # digits: quantities, days and hours left; longer numbers may be phones or account ids
_DATE = re.compile(
    r"(?<!\d)(?:\d{4}\s?[-./년年]\s?\d{1,2}\s?[-./월月]\s?\d{1,2}[일日]?"
    r"|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}[./-]\d{1,2}|(?:19|20)\d{2}"
    r"|\d{1,4}\s?[년월일시분초年月日])(?!\d)"
)
_CURRENCY = r"(?:US\s?\$|C\$|A\$|AU\$|R\$|MX\$|\$|€|£|¥|₽|₩|₺|zł|руб\.?|р\.|грн|TL|USD|EUR|GBP|RUB|BRL|PLN|KRW|TRY|원)"
# 1 234,56 · 1,234.56 · 12.50 · 1234: thousands groups of three, at most two decimals.
_VALUE = r"(?:\d{1,3}(?:[\s\u00a0.,']\d{3})+(?:[.,]\d{1,2})?|\d{1,9}(?:[.,]\d{1,2})?)(?![\d.,]\d)"
_AMOUNT = re.compile(
    rf"{_CURRENCY}\s?{_VALUE}|(?<![\w.,]){_VALUE}\s?{_CURRENCY}"
    rf"|(?<![^\W\d_]){_CURRENCY}(?![^\W\d_])"  # the currency alone: pages split "US $" and "12.50" apart
)
_REPORTED_AS = {
    "status": Kept.STATUS,
    "notice": Kept.NOTICE,
    "tracking": Kept.TRACKING_EVENT,
    "action": Kept.BUTTON,
    "countdown": Kept.COUNTDOWN_WORD,
    "label": Kept.LABEL,
    # A refund's progress and a buyer-protection deadline stand in the order's notices.
    "refund": Kept.NOTICE,
    "protection": Kept.NOTICE,
}
_CODE = re.compile(r"(?<![A-Za-z_])[A-Za-z][A-Za-z_]{5,40}(?![A-Za-z_])")


@dataclass(frozen=True, slots=True)
class ReadTexts:
    """What the parser read on the page that decides a text's fate as a whole.

    `statuses`: the status texts of orders whose status it recognised (the page's own wording for a
    known state, kept whole even where a word is missing from the vocabulary: "결제 대기 중");
    `titles_and_stores`: item titles and store names (they tell what someone bought), replaced whole.
    """

    statuses: tuple[str, ...]
    titles_and_stores: tuple[str, ...]


class TextRule:
    """The rule for one page: its ids, the titles and store names read from it, its placeholders."""

    def __init__(self, masker: Masker, tally: Tally, ids: Iterable[str], read: ReadTexts) -> None:
        self._masker = masker
        self._tally = tally
        alternatives = "|".join(map(re.escape, sorted(ids, key=len, reverse=True)))
        self._ids = re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])") if alternatives else None
        self._statuses = {fold(text) for text in read.statuses if text.strip()}
        self._whole = {fold(text) for text in read.titles_and_stores if text.strip()} - self._statuses

    def apply(self, raw: str) -> str:
        """The text with everything but the kept parts replaced (unchanged when all of it is kept)."""
        if not _ALNUM.search(raw):
            return raw
        chars, spans = _decode(raw)
        text = "".join(chars)
        if fold(text) in self._statuses:
            self._tally.keep(Kept.STATUS_TEXT, clean(text))
            return raw
        whole = fold(text) in self._whole
        keep = [False] * len(text) if whole else self._kept(text)
        out = list(chars)
        for run in re.finditer(r"[^\W_]+", text):
            masked = self._masker.word(run.group())
            for offset in range(run.start(), run.end()):
                if not keep[offset]:
                    out[offset] = masked[offset - run.start()]
        if out == chars:
            return raw
        self._tally.replace("item titles and store names" if whole else "texts")
        return _encode(raw, chars, spans, out)

    def _kept(self, text: str) -> list[bool]:
        keep = [False] * len(text)
        denied = [False] * len(text)
        if self._ids is not None:
            for match in self._ids.finditer(text):
                keep[match.start() : match.end()] = [True] * (match.end() - match.start())
        for start, end in contact_spans(text):
            denied[start:end] = [True] * (end - start)
        for category, pattern in ((Kept.DATE_OR_TIME, _DATE), (Kept.AMOUNT, _AMOUNT)):
            for match in pattern.finditer(text):
                self._mark(keep, denied, match.start(), match.end(), category, match.group())
        for match in _CODE.finditer(text):
            code = match.group()
            if code.upper() in CODES.status or code.lower() in CODES.end_reason:
                self._mark(keep, denied, match.start(), match.end(), Kept.STATUS_CODE, code)
        self._keep_words(text, keep, denied)
        # Short numbers count days, hours and items next to kept words, or stand alone ("3", "06", "(2)");
        # beside other words they may be a house number.
        letters = [run.span() for run in LETTERS.finditer(text)]
        if not letters or any(keep[start] for start, _ in letters):
            for match in _DIGITS.finditer(text):
                if len(match.group()) <= _MAX_KEPT_NUMBER and not any(keep[match.start() : match.end()]):
                    self._mark(keep, denied, match.start(), match.end(), Kept.SHORT_NUMBER, match.group())
        return keep

    def _mark(self, keep: list[bool], denied: list[bool], start: int, end: int, category: Kept, shown: str) -> None:
        """Keep [start, end) unless part of it is a phone number or an IP address, and count it under `category`."""
        if _set(keep, denied, start, end):
            self._tally.keep(category, clean(shown))

    def _keep_words(self, text: str, keep: list[bool], denied: list[bool]) -> None:
        """Words of vocabulary phrases and carrier names where they match, markers and months anywhere."""
        folded = fold(text)
        runs, folded_runs = list(LETTERS.finditer(text)), list(LETTERS.finditer(folded))
        covered: list[set[int]] = [set() for _ in folded_runs]  # per run: offsets inside a phrase match
        ends = [run.end() for run in folded_runs]
        for category, start, end, shown in _phrases(folded):
            self._tally.keep(category, shown)
            index = bisect_right(ends, start)
            while index < len(folded_runs) and folded_runs[index].start() < end:
                run = folded_runs[index]
                covered[index].update(range(max(start, run.start()), min(end, run.end())))
                index += 1
        aligned = len(runs) == len(folded_runs)
        has_digit = any(ch.isdigit() for ch in text)
        for index, run in enumerate(runs):
            word = folded_runs[index].group() if aligned else fold(run.group())
            if not word:
                continue
            if not needs_boundary(word[0]):
                if aligned and len(word) == len(run.group()):
                    self._keep_inside(run, folded_runs[index], covered[index], keep, denied)
                continue
            if word in phrase_words() and (not aligned or bool(covered[index])):
                _set(keep, denied, run.start(), run.end())
            elif word in marker_words():
                self._mark(keep, denied, run.start(), run.end(), Kept.LANGUAGE_WORD, word)
            elif word in BRANDS:
                self._mark(keep, denied, run.start(), run.end(), Kept.SHOP_NAME, run.group())
            elif has_digit and word in MONTHS:
                self._mark(keep, denied, run.start(), run.end(), Kept.DATE_OR_TIME, run.group())

    def _keep_inside(
        self, run: re.Match[str], folded: re.Match[str], covered: set[int], keep: list[bool], denied: list[bool]
    ) -> None:
        """Scripts without spaces between words (Hangul, CJK): keep the matched characters of the run only."""
        offsets = {offset - folded.start() for offset in covered}
        for marker in marker_words():
            found = folded.group().find(marker)
            while found != -1:
                offsets.update(range(found, found + len(marker)))
                found = folded.group().find(marker, found + 1)
        for offset in offsets:
            if not denied[run.start() + offset]:
                keep[run.start() + offset] = True


def _set(keep: list[bool], denied: list[bool], start: int, end: int) -> bool:
    """Keep [start, end) unless part of it is a phone number or an IP address; whether it was kept."""
    if any(denied[start:end]):
        return False
    keep[start:end] = [True] * (end - start)
    return True


def _phrases(folded: str) -> list[tuple[Kept, int, int, str]]:
    """Vocabulary phrases and carrier names in folded text: (category, start, end, the folded phrase)."""
    found = [
        (_REPORTED_AS[category], start, end, _shown(folded[start:end]))
        for category in _REPORTED_AS
        for start, end, _ in vocabulary().spans(category, folded)
    ]
    found += [(Kept.CARRIER, m.start(), m.end(), m.group()) for m in carrier_pattern().finditer(folded)]
    return found


def _shown(phrase: str) -> str:
    """A matched phrase as the report shows it: the words that filled its gaps are not kept, so not shown."""
    return LETTERS.sub(
        lambda m: m.group() if m.group() in phrase_words() or not needs_boundary(m.group()[0]) else "…", phrase
    )


def _decode(raw: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The text's characters with character references decoded, each with its span in the raw text."""
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _REFERENCE.finditer(raw):
        for offset in range(position, match.start()):
            chars.append(raw[offset])
            spans.append((offset, offset + 1))
        decoded = html.unescape(match.group())
        if decoded == match.group():  # not a reference HTML knows: plain text
            position = match.start()
            continue
        chars.extend(decoded)
        spans.extend([(match.start(), match.end())] * len(decoded))
        position = match.end()
    for offset in range(position, len(raw)):
        chars.append(raw[offset])
        spans.append((offset, offset + 1))
    return chars, spans


def _encode(raw: str, chars: list[str], spans: list[tuple[int, int]], out: list[str]) -> str:
    """Raw text again: unchanged characters as written (references included), changed ones as themselves."""
    pieces: list[str] = []
    index = 0
    while index < len(chars):
        span = spans[index]
        group_end = index + 1
        while group_end < len(chars) and spans[group_end] == span:
            group_end += 1
        if chars[index:group_end] == out[index:group_end]:
            pieces.append(raw[span[0] : span[1]])
        else:
            pieces.append("".join(out[index:group_end]))
        index = group_end
    return "".join(pieces)
