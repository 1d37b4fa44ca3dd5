"""Phone numbers and IP addresses known by their shape, so their digits are never kept as "short numbers".

Redaction keeps numbers of up to three digits (quantities, days left); a phone number written in
groups ("600 000 000", "+44 20 7946 0958") or an IP address in a tracking attribute ("11.251.144.49")
would survive group by group without this.
"""

from __future__ import annotations

import re

_SEPARATOR = r"[\s.\-\u00a0]"
# International numbers (+44 20 7946 0958), (555) 010-0100 style local ones, and runs of digit groups.
_PHONE = re.compile(
    rf"\+\d{{1,3}}{_SEPARATOR}?(?:\(\d{{1,4}}\){_SEPARATOR}?)?\d(?:\d|{_SEPARATOR}){{4,18}}\d(?!\w)"
    rf"|(?<![\w(])\(\d{{2,4}}\){_SEPARATOR}?\d{{3}}[\s.\-]\d{{3,4}}(?!\w)"
    r"|(?<![\w.,])\d{2,4}(?:[\s\u00a0]\d{2,4}){2,5}(?![\w.,])"  # dates and amounts use other separators
)
_IP_ADDRESS = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
_MIN_PHONE_DIGITS = 7


def contact_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` (references decoded) holds something shaped like a phone number or an IP address."""
    phones = [m.span() for m in _PHONE.finditer(text) if sum(ch.isdigit() for ch in m.group()) >= _MIN_PHONE_DIGITS]
    return phones + [m.span() for m in _IP_ADDRESS.finditer(text)]
