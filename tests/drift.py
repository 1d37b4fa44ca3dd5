"""Front-end drift: a saved page rewritten the way an AliExpress rebuild would rewrite it.

Layouts that find orders by exact class names go blind when a rebuild hashes or scrambles those names;
tests run every fixture through `drift` to prove the readers still find orders by meaning. The rewrite
edits the raw HTML text in place (never re-serialised through a parser): only class tokens, id values,
`data-*` attributes and the class/id selectors of `<style>` elements change; text, comments, scripts
and every other attribute stay byte-for-byte as written.

* "hashed": CSS-modules style, `order-item` → `order-item--k3Xa9`; ids and `data-*` unchanged.
* "meaningless": every class token and id becomes a token like `x7f3k`; `data-*` attributes are gone.
"""

from __future__ import annotations

import hashlib
import re
import string
from typing import Literal

Level = Literal["hashed", "meaningless"]

_ALNUM = string.ascii_letters + string.digits
_LOWER_ALNUM = string.ascii_lowercase + string.digits
_WS = " \t\n\f\r"  # HTML's whitespace (regex \s would also take NBSP)
# Comments (including the abrupt `<!-->`), doctypes and other `<!`/`<?`/`</` constructs are kept as
# written; group 1 is the name of a start tag, whose attributes are rewritten.
_MARKUP = re.compile(rf"<!---?>|<!--.*?(?:--!?>|\Z)|<[!?/][^>]*>?|<([A-Za-z][^{_WS}/>]*)", re.S)
_ATTRIBUTE = re.compile(
    rf"(?P<space>[{_WS}/]*)(?P<name>[^{_WS}/>][^{_WS}/>=]*)"
    rf"(?:[{_WS}]*=[{_WS}]*(?:\"(?P<double>[^\"]*)\"?|'(?P<single>[^']*)'?|(?P<bare>[^{_WS}>]*)))?"
)
_TAG_END = re.compile(rf"[{_WS}/]*>?")
_RAW_TEXT_ELEMENTS = frozenset("script style xmp iframe noembed noframes textarea title".split())
_CLASS_TOKEN = re.compile(f"[^{_WS}]+")
# CSS: comments, strings, block punctuation and runs of anything else.
_CSS_PIECE = re.compile(r"/\*.*?(?:\*/|\Z)|\"(?:[^\"\\]|\\.)*\"?|'(?:[^'\\]|\\.)*'?|[{};]|[^{};\"'/]+|/", re.S)
_CSS_ESCAPE = rf"\\[0-9a-fA-F]{{1,6}}[{_WS}]?|\\[^\n0-9a-fA-F]"
_CSS_NAME_CHAR = rf"(?:[\w-]|[^\x00-\x7f]|{_CSS_ESCAPE})"
_CSS_SELECTOR_NAME = re.compile(rf"([.#])((?:--|-?(?:[A-Za-z_]|[^\x00-\x7f]|{_CSS_ESCAPE})){_CSS_NAME_CHAR}*)")
_CSS_UNESCAPE = re.compile(rf"\\([0-9a-fA-F]{{1,6}})[{_WS}]?|\\(.)")


class _Names:
    """The page's renaming: one new name per original name, the same everywhere in the page."""

    def __init__(self, level: Level, seed: int) -> None:
        self.level = level
        self.seed = seed
        self._names: dict[str, str] = {}
        self._taken: set[str] = set()

    def new(self, name: str) -> str:
        """The new name for `name`: hashed keeps it as a prefix, meaningless drops it."""
        if name not in self._names:
            self._names[name] = self._fresh(name)
        return self._names[name]

    def _fresh(self, name: str) -> str:
        """A name derived from seed and original only; a clash with an earlier one is re-drawn."""
        attempt = 0
        while True:
            digest = int.from_bytes(hashlib.blake2b(f"{self.seed}\0{name}\0{attempt}".encode()).digest()[:8], "big")
            if self.level == "hashed":
                candidate = f"{name}--{_digits(digest, _ALNUM, 5)}"
            else:  # starts with a letter, so it is a valid CSS name as written
                candidate = _digits(digest // 26, _LOWER_ALNUM, 4, first=string.ascii_lowercase[digest % 26])
            if candidate not in self._taken:
                self._taken.add(candidate)
                return candidate
            attempt += 1


def _digits(number: int, alphabet: str, count: int, first: str = "") -> str:
    """`count` characters of `alphabet` spelling `number`, after `first`."""
    chars = [first]
    for _ in range(count):
        number, index = divmod(number, len(alphabet))
        chars.append(alphabet[index])
    return "".join(chars)


def drift(html: str, level: Level, seed: int = 0) -> str:
    """The page as a front-end rebuild at `level` would serve it; deterministic for (page, level, seed)."""
    names = _Names(level, seed)
    out: list[str] = []
    position = 0
    while (markup := _MARKUP.search(html, position)) is not None:
        out.append(html[position : markup.start()])
        if markup.group(1) is None:
            out.append(markup.group())
            position = markup.end()
            continue
        tag, position = _start_tag(html, markup, names)
        text, position = _raw_text(html, markup.group(1).lower(), position, names)
        out += (tag, text)
    out.append(html[position:])
    return "".join(out)


def _start_tag(html: str, markup: re.Match[str], names: _Names) -> tuple[str, int]:
    """The rewritten start tag that `markup` opens, and where the page continues after it."""
    pieces = [markup.group()]
    position = markup.end()
    pending_space = ""
    while (attribute := _ATTRIBUTE.match(html, position)) is not None:
        position = attribute.end()
        rewritten = _attribute(attribute, names)
        if rewritten is None:  # dropped; its space still separates the neighbours
            pending_space = pending_space or attribute.group("space")
            continue
        if pending_space and not attribute.group("space"):
            rewritten = pending_space + rewritten
        pieces.append(rewritten)
        pending_space = ""
    end = _TAG_END.match(html, position)
    assert end is not None  # the pattern matches the empty string
    pieces.append(end.group())
    return "".join(pieces), end.end()


def _attribute(attribute: re.Match[str], names: _Names) -> str | None:
    """The attribute as the rebuild writes it, or None when the rebuild drops it."""
    name = attribute.group("name").lower()
    if names.level == "meaningless" and name.startswith("data-"):
        return None
    group = next((g for g in ("double", "single", "bare") if attribute.group(g) is not None), None)
    if group is None or not (name == "class" or (name == "id" and names.level == "meaningless")):
        return attribute.group()
    value = attribute.group(group)
    if name == "class":
        value = _CLASS_TOKEN.sub(lambda token: names.new(token.group()), value)
    elif value:
        value = names.new(value)
    start, end = (index - attribute.start() for index in attribute.span(group))
    return attribute.group()[:start] + value + attribute.group()[end:]


def _raw_text(html: str, tag: str, position: int, names: _Names) -> tuple[str, int]:
    """The raw text of a script, style, title … element (styles with selectors renamed), and its end."""
    if tag not in _RAW_TEXT_ELEMENTS:
        return "", position
    closing = re.compile(rf"</{tag}[{_WS}/>]", re.I).search(html, position)
    end = closing.start() if closing else len(html)
    body = html[position:end]
    return (_stylesheet(body, names) if tag == "style" else body), end


def _stylesheet(css: str, names: _Names) -> str:
    """Rename the class (and, when meaningless, id) selectors in every rule prelude of a stylesheet.

    A prelude is the text before a `{`; text before `;` or `}` is a declaration, where `#fff` is a colour.
    """
    out: list[str] = []
    pending: list[str] = []
    for piece in _CSS_PIECE.findall(css):
        if piece not in ("{", "}", ";"):
            pending.append(piece)
            continue
        out.extend(_prelude(pending, names) if piece == "{" else pending)
        out.append(piece)
        pending = []
    out.extend(pending)
    return "".join(out)


def _prelude(pieces: list[str], names: _Names) -> list[str]:
    """A rule's selector with names renamed; at-rule preludes, strings and comments are kept."""
    if "".join(pieces).lstrip().startswith("@"):
        return pieces
    return [
        piece if piece[0] in "\"'/" else _CSS_SELECTOR_NAME.sub(lambda m: _selector(m, names), piece)
        for piece in pieces
    ]


def _selector(match: re.Match[str], names: _Names) -> str:
    """`.name` or `#name` renamed, unless ids keep their names at this level."""
    sign, written = match.groups()
    if sign == "#" and names.level == "hashed":
        return match.group()
    return sign + _css_escape(names.new(_css_unescape(written)))


def _css_unescape(name: str) -> str:
    """A CSS name as the HTML attribute spells it (`md\\:flex` → `md:flex`)."""
    return _CSS_UNESCAPE.sub(lambda m: _code_point(m.group(1)) if m.group(1) else m.group(2), name)


def _code_point(hex_digits: str) -> str:
    """The character a CSS hex escape stands for; U+FFFD where CSS says so (zero, surrogate, too large)."""
    value = int(hex_digits, 16)
    return "\ufffd" if value == 0 or 0xD800 <= value <= 0xDFFF or value > 0x10FFFF else chr(value)


def _css_escape(name: str) -> str:
    """A name written so CSS reads it back as one identifier (a leading digit as a hex escape)."""
    escaped = re.sub(r"[^\w-]", lambda m: "\\" + m.group(), name)
    leading_digit = re.match(r"(-?)(\d)", escaped)
    if leading_digit is None:
        return escaped
    return f"{leading_digit.group(1)}\\{ord(leading_digit.group(2)):x} {escaped[leading_digit.end() :]}"
