"""Screening before parsing: limits that keep hostile pages from hanging the HTML parsers.

lexbor is quadratic on very deep nesting (≈137 s for 200,000 nested divs) and on huge <select>s (≈27 s
for 60,000 options), so those shapes are measured or removed with linear regular expressions first.
Script bodies, styles and comments are dropped too: no layout reads them, and both backends then see
exactly the same text. The screen works on the UTF-8 bytes the parsers read: lexbor would encode a str
itself, and on bytes the regular expressions and copies cost a half to a quarter of what they cost on text
that holds a single character outside Latin-1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

MAX_HTML_CHARS = 32 * 1024 * 1024
MAX_DEPTH = 256

_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_REPLACEMENT = "\ufffd".encode()
_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.S)
# Unrolled "anything up to the matching end tag": much faster than a lazy .*? on megabytes of script.
_RAW_TEXT = re.compile(rb"(<(script|style|template|noscript)\b[^>]*>)[^<]*(?:<(?!/\2\b)[^<]*)*((?:</\2\s*>)?)", re.I)
# A declarative shadow root (`<template shadowrootmode="open">`, as SingleFile and `getHTML` save a web
# component) is the component's rendered content, not an inert template: its tags go, its content stays.
_TEMPLATE_TAG = re.compile(rb"<(/?)template\b[^>]*>", re.I)
_SHADOW_ROOT = re.compile(rb"\sshadowroot(?:mode)?\s*=", re.I)
_OPTION = re.compile(rb"<(?:option|optgroup)\b[^>]*>[^<]*|</(?:option|optgroup)\s*>", re.I)
# Void elements never nest; elements with implied end tags would make long flat lists look deep;
# SVG shapes are written self-closing.
_VOID = "area base br col embed hr img input link meta param source track wbr basefont bgsound frame keygen"
_IMPLIED_END = "p li dt dd tr td th thead tbody tfoot option optgroup rb rt rp colgroup caption"
_SVG_SHAPES = "path circle rect line polyline polygon ellipse use stop"
_NOT_NESTING = frozenset(f"{_VOID} {_IMPLIED_END} {_SVG_SHAPES}".encode().split())
_TAG_START = re.compile(rb"<(/?[A-Za-z][A-Za-z0-9]*)")


@dataclass(frozen=True, slots=True)
class Screened:
    """The HTML the parsers may see (UTF-8), the URL found in the saved-from mark, and why it was refused."""

    html: bytes  # UTF-8
    saved_from: str | None
    refused: str | None = None


# An end tag never pops through these (the "has an element in scope" boundaries of the HTML standard).
_SCOPE_BOUNDARIES = frozenset(b"applet caption html table td th marquee object template".split())


class _TagKinds(dict[bytes, tuple[bool, bytes] | None]):
    """A tag as written (b"div", b"/DIV") -> (closing, lower-case name), or None for tags that never nest."""

    def __missing__(self, tag: bytes) -> tuple[bool, bytes] | None:
        closing = tag.startswith(b"/")
        name = (tag[1:] if closing else tag).lower()
        kind = None if name in _NOT_NESTING else (closing, name)
        self[tag] = kind
        return kind


def too_deep(html: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether the tree the parsers would build nests more than `limit` elements, found in one pass over the tags.

    The open elements are kept as the parsers keep them: an end tag closes its element and whatever is
    still open inside it, and is ignored when no such element is open or a scope boundary comes first,
    so stray end tags (`<div></b>` repeated) cannot hide depth. Stops as soon as the limit is passed.
    """
    kinds = _TagKinds()
    stack: list[bytes] = []
    for tag in _TAG_START.findall(html):
        kind = kinds[tag]
        if kind is None:
            continue
        closing, name = kind
        if not closing:
            stack.append(name)
            if len(stack) > limit:
                return True
        elif stack and stack[-1] == name:
            stack.pop()
        else:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index] == name:
                    del stack[index:]
                    break
                if stack[index] in _SCOPE_BOUNDARIES:
                    break
    return False


# A frame saved with its document in `srcdoc` (SingleFile keeps frames so): the document, HTML-escaped in the
# attribute, and the frame's end tag. Nested frames are escaped once more inside it.
_SRCDOC_FRAME = re.compile(
    rb"""<iframe\b[^>]*?\ssrcdoc\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>(?:[^<]*</iframe\s*>)?""", re.I
)
_FRAMES_DEEP = 4  # frames inside frames inside frames: more is a hostile page


def _inline_frames(html: bytes, depth: int = 0) -> bytes:
    """The page with each frame's saved document (`srcdoc`) read in place, in an element of its own
    (`<orderlens-frame>`), so its orders are read like the page's own and its chrome like chrome."""
    if depth >= _FRAMES_DEEP:
        return html

    def inline(frame: re.Match[bytes]) -> bytes:
        escaped = (frame.group(1) if frame.group(1) is not None else frame.group(2)).decode("utf-8", "replace")
        document = unescape(escaped).encode("utf-8", "replace")
        return b"<orderlens-frame>" + _inline_frames(document, depth + 1) + b"</orderlens-frame>"

    return _SRCDOC_FRAME.sub(inline, html)


def _unwrap_shadow_roots(html: bytes) -> bytes:
    """The page with each declarative shadow root's `<template>` tags removed and its content kept in place (first
    in its host, as the browser shows it before the host's own children); other templates are left whole."""
    pieces, start = [], 0
    opened: list[bool] = []  # per open <template>: whether it is a shadow root
    for tag in _TEMPLATE_TAG.finditer(html):
        if tag.group(1):
            if not opened or not opened.pop():
                continue
        else:
            opened.append(_SHADOW_ROOT.search(tag.group()) is not None)
            if not opened[-1]:
                continue
        pieces.append(html[start : tag.start()])
        start = tag.end()
    pieces.append(html[start:])
    return b"".join(pieces)


# Unrolled up to the end tag, which may be missing (then the rest of the page): a lazy .*? would scan to the end
# again for each unclosed <pre>, quadratic on a hostile page.
_PRE = re.compile(rb"(<pre\b[^>]*>)([^<]*(?:<(?!/pre\b)[^<]*)*)((?:</pre\s*>)?)", re.I)
_RULER_LINE = re.compile(rb"[ \t]*[-_=*][-_=* \t]{2,}")  # "------", "____", "* * *": a line drawn in characters
_WRAP_SLACK = 12  # a line this close to the dump's widest that ends without a full stop was wrapped
_PRE_LINES = 8  # fewer lines are a snippet of code or a preformatted note, not a page saved as text


def _lines_of_text(match: re.Match[bytes]) -> bytes:
    """A page saved as text (a text browser's dump, a plain-text copy in `<pre>`) as the lines a reader sees:
    each line an element of its own, a line drawn in characters a rule, lines wrapped at the dump's width joined
    again; the cards of a list are then runs of lines between rules, as in any flat list."""
    lines = match.group(2).split(b"\n")
    if len(lines) < _PRE_LINES:
        return match.group()
    wraps_at = max(len(line.rstrip()) for line in lines) - _WRAP_SLACK
    out: list[bytes] = []
    joined: list[bytes] = []  # the pieces of the line being read, one piece a line of the dump

    def end_line() -> None:
        if any(piece for piece in joined):
            out.append(b"<div>" + b" ".join(joined) + b"</div>")
        joined.clear()

    for line, after in zip(lines, [*lines[1:], b""], strict=True):
        if _RULER_LINE.fullmatch(line):
            end_line()
            out.append(b"<hr>")
        else:
            joined.append(line.strip())
            if not _wrapped(line, after, wraps_at):
                end_line()
    end_line()
    return match.group(1) + b"".join(out) + match.group(3)


def _wrapped(line: bytes, after: bytes, wraps_at: int) -> bool:
    """Whether a line of a text dump goes on in the next one: it fills the dump's width without ending its sentence,
    and the next line goes on in small letters (a new line in capitals is a field or a sentence of its own)."""
    text, going_on = line.rstrip(), after.lstrip()[:4].decode("utf-8", "ignore")[:1]  # a letter of any script
    return len(text) >= wraps_at and not text.endswith((b".", b"!", b"?", b":")) and going_on.islower()


def _utf8(html: str) -> bytes:
    """The page as UTF-8, NULs and lone surrogates (a str can carry them, UTF-8 cannot) made U+FFFD."""
    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError:
        data = _LONE_SURROGATE.sub("\ufffd", html).encode("utf-8")
    return data.replace(b"\x00", _REPLACEMENT) if b"\x00" in data else data  # a scan in C; almost no page has one


def screen(html: str) -> Screened:
    """Strip what no layout needs and refuse shapes the parsers cannot handle in bounded time."""
    saved = _SAVED_FROM.search(html[:4096])
    saved_from = saved.group(1) if saved else None
    if len(html) > MAX_HTML_CHARS:
        return Screened(b"", saved_from, f"page is larger than {MAX_HTML_CHARS // (1024 * 1024)} MiB")
    data = _utf8(html)
    if b"srcdoc" in data:  # a scan in C; only pages saved with their frames hold one
        data = _inline_frames(data)
    if b"<!--" in data:  # a scan in C; most captured pages hold no comment
        data = _COMMENT.sub(b"", data)
    if b"shadowroot" in data:  # a scan in C; only pages saved with their web components' content hold one
        data = _unwrap_shadow_roots(data)
    data = _RAW_TEXT.sub(lambda m: m.group(1) + m.group(3), data)
    if b"<pre" in data or b"<PRE" in data:  # a scan in C; order pages hold none, pages saved as text one
        data = _PRE.sub(_lines_of_text, data)
    data = _OPTION.sub(b"", data)
    if too_deep(data):
        return Screened(b"", saved_from, f"page nests elements more than {MAX_DEPTH} deep")
    return Screened(data, saved_from)
