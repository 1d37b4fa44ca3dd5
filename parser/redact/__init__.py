"""Redaction: a saved page with the shopper's personal data removed, so it can become a test fixture.

Each pass works on the raw HTML text and changes only what it must, so layouts still recognise the
page and every order still gets the same scenario (tests prove it on every fixture):

1. personal.py — address blocks, account names, greetings and avatars, found by the page's markup,
   then every other copy of the values found there;
2. contacts.py — e-mail addresses and phone numbers, found by their shape;
3. keys.py — tokens, session and account ids in URLs, scripts, JSON and cookies, found by their key;
4. ids.py — order ids and tracking numbers, replaced by same-shaped fakes, the same way everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from orderlens.parser.redact.contacts import scrub_contacts
from orderlens.parser.redact.ids import IdMap, map_ids, replace_ids
from orderlens.parser.redact.keys import scrub_keyed_values
from orderlens.parser.redact.personal import scrub_personal

_SAVED_FROM = re.compile(r"(<!--\s*saved from url=\()(\d+)(\)\s*)(\S+?)(\s*-->)", re.I)


@dataclass(frozen=True, slots=True)
class Redaction:
    """The redacted page, how ids were replaced (original → fake) and how many other values went."""

    html: str
    ids: IdMap
    removed: int


def redact(html: str) -> Redaction:
    """Remove personal data from a page's HTML text. Deterministic: the same page gives the same bytes."""
    html, personal = scrub_personal(html)
    html, contacts = scrub_contacts(html)
    html, secrets = scrub_keyed_values(html)
    ids = map_ids(html)
    html = _SAVED_FROM.sub(_saved_from_length, replace_ids(html, ids), count=1)
    return Redaction(html, ids, personal + contacts + secrets)


def _saved_from_length(match: re.Match[str]) -> str:
    """Browsers write the URL's length in the saved-from mark; keep it true after the URL changed."""
    url = match.group(4)
    return f"{match.group(1)}{len(url):0{len(match.group(2))}d}{match.group(3)}{url}{match.group(5)}"


__all__ = ["IdMap", "Redaction", "redact"]
