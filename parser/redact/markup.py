"""A raw-HTML tokenizer that keeps source offsets, so redaction edits the page in place.

Re-serialising through a DOM library would re-indent, re-quote and re-nest the page, and a fixture
must stay byte-for-byte the page its contributor saw except where personal data was. So tags, their
attribute values and text runs are located with offsets into the original text, each with the element
it sits in (whose parents lead up to the root), and changes are applied as (start, end, text) edits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# A `<` outside quotes ends a broken start tag, which keeps the scan linear on hostile input.
_TOKEN = re.compile(
    r"""
      (?P<comment><!--.*?(?:-->|\Z)                        # comment
    | <![^>]*>                                             # doctype, CDATA-ish
    | <\?[^>]*>)                                           # processing instruction
    | </(?P<end>[A-Za-z][^\s/>]*)[^>]*>                    # end tag
    | <(?P<start>[A-Za-z][^\s/>]*)(?P<attrs>(?:[^<>"']|"[^"]*"|'[^']*')*+)>   # start tag
    """,
    re.S | re.X,
)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "noscript"})
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr basefont bgsound frame keygen".split()
)
# How far up a stray end tag is looked for: bounded, so 100,000 unclosed elements stay linear.
_MAX_CLOSE_SEARCH = 512
# Elements a new sibling of the same name closes implicitly (<li>…<li>, <p>…<p>).
_SELF_SIBLING = frozenset({"li", "p", "dt", "dd", "tr", "td", "th", "option"})


@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute of a start tag; `start`/`end` locate its value in the page (empty span if none)."""

    name: str
    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, eq=False)
class Tag:
    """A start tag and the element it sits in (None at the top). Compared and hashed by identity."""

    name: str
    attrs: tuple[Attribute, ...]
    parent: Tag | None

    def attr(self, name: str) -> str | None:
        return next((a.value for a in self.attrs if a.name == name), None)

    def hints(self) -> str:
        """Class tokens and id, space separated: what the redaction rules recognise elements by."""
        return f"{self.attr('class') or ''} {self.attr('id') or ''}".strip()


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment, doctype, CDATA section or processing instruction: markup that is no element."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Text:
    """A run of text between tags, in element `parent`; `raw` for script/style bodies (not page text)."""

    start: int
    end: int
    parent: Tag | None
    raw: bool


def tokens(html: str) -> Iterator[Tag | Text | Comment]:
    """Start tags, text runs and comments in page order; the nesting is tracked leniently, as browsers do."""
    stack: list[Tag] = []
    position = 0
    while position < len(html):
        top = stack[-1] if stack else None
        match = _TOKEN.search(html, position)
        if match is None:
            yield Text(position, len(html), top, False)
            return
        if match.start() > position:
            yield Text(position, match.start(), top, False)
        position = match.end()
        if match.group("comment"):
            yield Comment(match.start(), match.end())
        elif match.group("end"):
            _close(stack, match.group("end").lower())
        elif match.group("start"):
            name = match.group("start").lower()
            if name in _SELF_SIBLING and top is not None and top.name == name:
                stack.pop()
            tag = Tag(name, _attributes(match.group("attrs"), match.start("attrs")), stack[-1] if stack else None)
            yield tag
            if name in _RAW_TEXT:
                closing = re.compile(rf"</{name}\s*>", re.I).search(html, position)
                end = closing.start() if closing else len(html)
                if end > position:
                    yield Text(position, end, tag, True)
                position = closing.end() if closing else len(html)
            elif name not in _VOID and not match.group("attrs").rstrip().endswith("/"):
                stack.append(tag)


def _close(stack: list[Tag], name: str) -> None:
    """Close the innermost open element of that name and those inside it; a stray end tag is ignored."""
    for depth in range(len(stack) - 1, max(-1, len(stack) - 1 - _MAX_CLOSE_SEARCH), -1):
        if stack[depth].name == name:
            del stack[depth:]
            return


def _attributes(source: str, offset: int) -> tuple[Attribute, ...]:
    found = []
    for match in _ATTR.finditer(source):
        name = match.group(1).lower()
        group = next((g for g in (2, 3, 4) if match.group(g) is not None), None)
        if group is None:
            found.append(Attribute(name, "", offset + match.end(), offset + match.end()))
        else:
            found.append(Attribute(name, match.group(group), offset + match.start(group), offset + match.end(group)))
    return tuple(found)


Edit = tuple[int, int, str]


def apply_edits(html: str, edits: Iterable[Edit]) -> str:
    """The page with each (start, end) span replaced; an edit overlapping an earlier one is dropped."""
    pieces: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        if start < position:
            continue
        pieces.extend((html[position:start], replacement))
        position = end
    pieces.append(html[position:])
    return "".join(pieces)
