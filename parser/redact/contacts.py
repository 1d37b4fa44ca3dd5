"""Contact details known by their shape wherever they are: e-mail addresses and phone numbers.

These run over the whole page (text, attributes, scripts), because a saved page repeats them in
page-state JSON and `mailto:`/`tel:` links as well as in what the shopper sees.
"""

from __future__ import annotations

import re

EMAIL_PLACEHOLDER = "redacted@example.com"

_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}(?:@|%40)[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*"
    r"\.(?!(?:png|jpe?g|gif|webp|svg|avif|css|js)\b)[A-Za-z]{2,24}(?![\w-])"
)
_SEPARATOR = r"(?:[\s.\-]|&nbsp;|&#160;)"
# International numbers (+44 20 7946 0958), and (555) 010-0100 style local ones.
_PHONE = re.compile(
    rf"(?<![\w+/=.%-])\+\d{{1,3}}{_SEPARATOR}?(?:\(\d{{1,4}}\){_SEPARATOR}?)?\d(?:\d|{_SEPARATOR}){{4,18}}\d(?![\w])"
    rf"|(?<![\w(])\(\d{{2,4}}\){_SEPARATOR}?\d{{3}}[\s.\-]\d{{3,4}}(?![\w])"
)
# Numbers announced by a label, even without a leading +: "Mobile: 555 0100", "Teléfono: 600 000 000".
_LABELLED_PHONE = re.compile(
    r"(?i)(?<![^\W\d_])(?:phone|mobile|tel(?:ephone)?|tel[ée]fono|telefone|t[ée]l[ée]phone|telefon|телефон|전화)"
    r"(?:\s*(?:number|no\.?|n[º°o]\.?))?\s*[:：]\s*(?:<[^<>]{0,300}>\s*){0,4}"
    r"(\+?\(?\d(?:\d|[\s().\-]|&nbsp;){5,20}\d)"
)
_MIN_PHONE_DIGITS = 7


def _zero_digits(text: str) -> str:
    """The same number shape with every digit 0, so the page layout stays as it was."""
    return re.sub(r"\d", "0", text)


def scrub_contacts(html: str) -> tuple[str, int]:
    """Replace e-mail addresses and phone numbers anywhere in the page."""
    html, emails = _EMAIL.subn(EMAIL_PLACEHOLDER, html)
    count = emails

    def phone(match: re.Match[str]) -> str:
        nonlocal count
        number = match.group(match.lastindex or 0)
        if sum(c.isdigit() for c in number) < _MIN_PHONE_DIGITS or not number.strip("0 +().-"):
            return match.group(0)
        count += 1
        return match.group(0).replace(number, _zero_digits(number))

    html = _LABELLED_PHONE.sub(phone, html)
    html = _PHONE.sub(phone, html)
    return html, count
