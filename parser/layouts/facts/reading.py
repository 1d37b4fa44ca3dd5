"""Reading text off elements: labels in priority order, lines, prices, quantities, dates, tracking numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice, pairwise

from orderlens.parser.dom import Node
from orderlens.parser.layouts.facts.dates import is_yearless_day, names_a_day, parse_date, yearless_day_ending
from orderlens.parser.layouts.facts.links import order_id_from_text
from orderlens.parser.text import aligned_forms, clean, fold
from orderlens.parser.vocabulary import vocabulary

_QUANTITY = re.compile(r"[x×]\s*(\d{1,6})(?!\d)|(?<!\d)(\d{1,6})\s*(?:шт|pcs|pz|szt|adet|개)", re.I)


def quantity_in(text: str | None) -> int | None:
    """How many of an item: "x2", "X2", "2 шт." (bounded, so a hostile number cannot blow up)."""
    match = _QUANTITY.search(text or "")
    return int(match.group(1) or match.group(2)) if match else None


def text_of(node: Node | None, css: str | None = None) -> str | None:
    """Clean text of `node` (or of its first `css` match); None when absent or empty."""
    target = node.first(css) if node is not None and css is not None else node
    return (clean(target.text()) or None) if target is not None else None


def status_text_of(node: Node, *selectors: str) -> str | None:
    """The status label: the first selector (in priority order, not page order) that finds text.

    Words of a status sit in separate elements at times, so its text nodes are joined with spaces.
    """
    for css in selectors:
        found = node.first(css)
        text = clean(found.text(" ")) if found is not None else ""
        if text:
            return text
    return None


def tooltips(node: Node) -> list[str]:
    """What the order says in tooltips (`title`) beyond what it shows: a compact page writes "Pagam. in verifica"
    and keeps "Stiamo verificando il tuo pagamento" for the hover. A title its element shows already (an item
    name beside its link) says nothing more and is left out."""
    found = []
    for element in (node, *node.select("[title]")):
        tip = clean(element.attr("title") or "")
        if tip and fold(tip) not in fold(element.text(" ")) and tip not in found:
            found.append(tip)
    return found


# Elements that break running text into lines; the rest (span, b, a, em, …) run on within a sentence.
_LINE_BREAKERS = frozenset(
    "address article aside blockquote br button caption dd details dialog div dl dt fieldset figcaption figure"
    " footer form h1 h2 h3 h4 h5 h6 header hr legend li main nav ol p pre section summary table tbody td tfoot"
    " th thead tr ul".split()
)


def lines_of(node: Node) -> Iterator[str]:
    """The node's text as clean non-empty lines, the granularity notices and dates are read at; lazily,
    so a reader that wants the first line (a title, a date) stops walking there.

    An element that holds text of its own beside its children is running text: its inline children
    belong to its line ("Payment <b>being</b> verified" is one line, as a shopper reads it), and only
    block children and <br> break it. An element without text of its own only arranges its children,
    each of which starts a line of its own (fields laid out side by side, like a status and a link).
    """
    return (line for line in _lines(node) if line)


def _lines(element: Node) -> Iterator[str]:
    """The element's lines, cleaned; some may be empty."""
    if not is_running_text(element.own_text()) and glued_text(element) is None:
        for child in element.children:
            yield from _lines(child)
        return
    running: list[str] = []
    for piece in element.contents:
        if isinstance(piece, str):
            running.append(piece)
        elif piece.tag in _LINE_BREAKERS:
            yield clean("".join(running))
            running.clear()
            yield from _lines(piece)
        else:
            text = piece.text()
            if running and _fields_touch(running[-1], text):
                running.append(" ")
            running.append(text)
    yield clean("".join(running))


def _fields_touch(before: str, after: str) -> bool:
    """Whether an inline element's text starts a new field right where the text before it ends: a time, a count
    or an amount followed by a capitalised word ("<time>4 déc. 16:48</time><b>Retourné</b>", laid out as a
    block by a stylesheet), which no word runs on into; the browser shows them apart."""
    return bool(before and after) and before[-1].isdigit() and after[0].isupper()


def is_running_text(own: str) -> bool:
    """Whether an element's own text makes it running text: words of its own, or words of its children
    joined by spaces (each word in a <span>). Whitespace with a line break is only how the HTML was
    indented, between fields laid out side by side."""
    return bool(own.strip()) or (bool(own) and "\n" not in own)


_SENTENCE_GOES_ON = tuple(",.;:!?)…")


def glued_text(element: Node) -> str | None:
    """The text of an element whose own words all sit in inline children that run on into one another, as
    the browser shows it: a word split over elements ("<span>Abge</span><span>schlossen</span>", "Can<wbr>celed"),
    a sentence with a link or bold words in it whose spaces sit inside the pieces ("<span>Sie </span><a>gebeten
    </a><span>, diese …</span>"). None for an element with text of its own, a block child, or pieces that
    only touch (fields laid out side by side: "3183" "5188", a date beside an order number)."""
    pieces = []
    for piece in element.contents:
        if isinstance(piece, str):
            if piece:
                return None
        elif piece.tag in _LINE_BREAKERS:
            return None
        elif text := piece.text():
            pieces.append(text)
    if len(pieces) < 2 or not all(_runs_on(before, after) for before, after in pairwise(pieces)):
        return None
    return "".join(pieces)


def _runs_on(before: str, after: str) -> bool:
    """Whether two pieces read as one run of text: a space at the seam, a word cut in two (going on in small
    letters), or punctuation that goes on with the sentence."""
    return (
        before[-1].isspace()
        or after[0].isspace()
        or (before[-1].isalpha() and after[0].islower())  # "Abge|schlossen"; "Geannuleerd|Totaal" are two fields
        or after.startswith(_SENTENCE_GOES_ON)
    )


# A tracking number right after its label; stops before a "Copy" button glued to it ("LP00…345Copy").


_NUMBER_AFTER_LABEL = re.compile(r"\s*[:：#]?\s*([A-Z0-9]{8,30}?)(?=[^A-Z0-9]|[A-Z][a-z]|$)")


def tracking_number_in(text: str) -> str | None:
    """A tracking number announced by its label in any language ("Tracking number: LP00…", "Sendungsnummer: …")."""
    display, folded = aligned_forms(text)
    same_offsets = len(display) == len(folded)
    for _, end, label in vocabulary().spans("label", folded):
        if label.signal != "tracking_number":
            continue
        match = _NUMBER_AFTER_LABEL.match(display, end) if same_offsets else None
        if match is None and not same_offsets:
            match = _NUMBER_AFTER_LABEL.match(folded.upper(), end)
        if match and any(ch.isdigit() for ch in match.group(1)):
            return match.group(1)
    return None


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\d{4}년")


def date_line(lines: Iterable[str], labels: bool = True) -> str | None:
    """The line labelled as the order's date ("Order date: …", or the label on a line of its own above the
    date), else the first line that carries a whole date, else the first that carries a year (a month's
    heading over a list's cards, "September 2026", is no order's date while a card names its day), skipping
    order-number lines. `labels=False` skips looking for the label (the caller knows there is none)."""
    first = partial = None
    labelled = False
    for line in lines:
        names_date = labels and _names_order_date(line)
        # An order-number line is no date, unless it opens with the date's label ("Data zamówienia: 25 wrz 2026 ·
        # Numer zamówienia: 3173…") or its year comes before the number ("Date: Tue, Dec 1, 2026 · Ref. 3233…").
        year = _YEAR.search(line)
        number = order_id_from_text(line) if year else None
        has_year = year is not None and (names_date or number is None or year.start() < line.find(number))
        if has_year and (labelled or names_date):
            return line
        if has_year and first is None:
            if parse_date(line) is None:
                partial = partial or line
            elif not labels:
                return line
            else:
                first = line
        labelled = names_date and len(line) <= _MAX_DATE_LABEL
    return first or partial


_MAX_DATE_LABEL = 40  # a label alone on its line, the date on the next
_DATE_LABEL_REACH = 20_000


def is_label(text: str, *signals: str) -> bool:
    """Whether `text` is just a label of one of `signals` ("Order number", "Tracking number:": folding drops the
    colon), nothing more."""
    folded = fold(text)
    return any(
        (start, end) == (0, len(folded)) and label.signal in signals
        for start, end, label in vocabulary().spans("label", folded)
    )


def _names_order_date(line: str) -> bool:
    """Whether the line opens with an order-date label ("Order date", "Besteld op")."""
    return any(start == 0 and m.signal == "order_date" for start, _, m in vocabulary().spans("label", fold(line)))


def date_in(node: Node, text: str | None = None) -> str | None:
    """`date_line` of the node's lines. A node whose text (`text`, when the caller has read it) holds no
    year is not walked at all: one search in C, where a hostile page repeats dateless cards."""
    text = node.text() if text is None else text
    if not _YEAR.search(text):
        # A day without its year only where its block names a month near its top: most dateless blocks are read no
        # further, as before.
        return _day_without_year(node) if names_a_day(text[:_DAY_REACH]) else None
    # One search for the block, over its first characters: an order's own date stands near its top, and a
    # hostile page may make one block of megabytes.
    labels = any(m.signal == "order_date" for m in vocabulary().match("label", text[:_DATE_LABEL_REACH]))
    return date_line(lines_of(node), labels)


_DAY_LINES = 4  # an order's day stands in its block's first lines, beside its number
_DAY_REACH = 2000  # characters of a block where those lines stand


def _day_without_year(node: Node) -> str | None:
    """A day shown without its year in the block's first lines, as aliexpress.ru dates this year's orders (the year
    comes from the day the page is judged on): right before the order's number ("Едет к тебе 25 сентября · Заказ
    №3281…"), else alone in a piece of a line ("14 октября")."""
    lines = list(islice(lines_of(node), _DAY_LINES))
    for line in lines:
        pieces = _PIECES.split(line)
        for before, piece in pairwise(pieces):
            if order_id_from_text(piece) and (day := yearless_day_ending(before)):
                return day
    return next((piece.strip() for line in lines for piece in _PIECES.split(line) if is_yearless_day(piece)), None)


_PIECES = re.compile(r"\s[·|•]\s")


def first_present(root: Node, selectors: tuple[str, ...]) -> tuple[str, Node] | None:
    """The first selector of `selectors` that matches, with its node: anchors must find one element."""
    for css in selectors:
        node = root.first(css)
        if node is not None:
            return css, node
    return None
