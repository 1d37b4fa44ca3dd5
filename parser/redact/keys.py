"""Secrets known by their name: session tokens, account ids and contact fields in URLs, scripts, cookies.

Saved pages carry them in query strings (`?_t=…&sid=…`), in page-state JSON (`"buyerId": "…"`), in
tracking attributes (`exparams="userid=…&cna=…"`) and in cookie-setting code. Their values are replaced;
the keys stay, so the page keeps its shape. Order ids and tracking numbers are not secrets here: they
are replaced consistently by parser/redact/ids.py, because layouts read them.
"""

from __future__ import annotations

import re

from orderlens.parser.redact.markup import Edit, apply_edits

PLACEHOLDER = "redacted"

# Keys (lower case, '-' and '_' removed) that contain one of these name personal data or a credential.
_PERSONAL_PARTS = re.compile(
    r"token|csrf|xsrf|session|sessid|cookie|secret|passw|signature|email|phone|mobile|telephone|address"
    r"|street|postcode|postalcode|zipcode|receiver|consignee|recipient|nickname|contactname|contactperson"
    r"|(?:full|first|last|given|family|real|user|login|buyer|member|account|customer)name"
    r"|(?:buyer|member|user|login|havana|alimember|account|customer)(?:id|seq|no)"
)
# Exact keys (lower case): tracking cookies and per-visit ids of AliExpress and its analytics.
_PERSONAL_EXACT = frozenset(
    """_t sid uid nick tel zip city cna isg umid tfstk sign asid x5sec dmtrack_pageid pvid
    xman_t xman_us_t xman_f xman_us_f acs_usuc_t aep_usuc_f intl_common_forever ali_apache_id
    ali_apache_track ali_apache_tracktmp ali_beacon_id secdata""".split()
)
# Keys that also name public things (help-centre page numbers): personal only when the value is a long id.
_LONG_VALUE_ONLY = {"pageid": 16}
# Analytics parameters that only matter in URLs (as attributes, e.g. data-spm, they name page parts).
_URL_ONLY = frozenset({"spm", "scm", "acm", "pdp_npi", "gatewayadapt", "aff_fcid", "aff_fsk", "sk"})

# The value is a lookahead, so a parameter whose value holds another URL does not hide that URL's own.
_QUERY = re.compile(r"(?<=[?&;#\"'\s])([A-Za-z_][\w.-]{0,40})=(?=([^&#\"'<>\s;]+))")
_QUOTE = r"(?:\"|'|&quot;|&#34;)"
_SCRIPT_PAIR = re.compile(
    rf"(?P<q>{_QUOTE}?)(?P<key>[A-Za-z_$][\w$-]{{0,40}})(?P=q)\s*(?P<sep>[:=])\s*"
    rf"(?:(?P<vq>{_QUOTE})(?P<value>(?:(?!(?P=vq))[^\\\n]|\\.){{0,2000}}?)(?P=vq)|(?P<number>\d{{1,40}})(?![\w.]))"
)
_COOKIE_WRITE = re.compile(r"(document\.cookie\s*=\s*)([\"'`])(.*?)\2", re.S)


def is_personal_key(key: str, value: str = "", in_url: bool = False) -> bool:
    """Does a parameter, JSON key or attribute of this name hold personal data or a credential?"""
    lowered = key.lower()
    if lowered in _LONG_VALUE_ONLY:
        return len(value) >= _LONG_VALUE_ONLY[lowered]
    if lowered in _PERSONAL_EXACT or (in_url and lowered in _URL_ONLY):
        return True
    return bool(_PERSONAL_PARTS.search(lowered.replace("-", "").replace("_", "")))


def scrub_keyed_values(html: str) -> tuple[str, int]:
    """Replace values of personal keys in query strings, script/JSON pairs and cookie writes."""
    edits: list[Edit] = [(m.start(3), m.end(3), "") for m in _COOKIE_WRITE.finditer(html) if m.group(3)]
    position = 0
    while (match := _SCRIPT_PAIR.search(html, position)) is not None:
        group, replacement = ("number", "0") if match.group("number") is not None else ("value", PLACEHOLDER)
        # Unquoted numbers only in JSON (`"memberSeq": 123`); after `=` they belong to a query string.
        keyed = match.group("number") is None or match.group("sep") == ":"
        if not keyed or not is_personal_key(match.group("key"), match.group(group)):
            position = match.end("key")  # the value may hold pairs of its own (JSON in an attribute)
            continue
        position = match.end()
        if match.group(group) not in ("", replacement):
            edits.append((match.start(group), match.end(group), replacement))
    for match in _QUERY.finditer(html):
        if is_personal_key(match.group(1), match.group(2), in_url=True) and match.group(2) != PLACEHOLDER:
            edits.append((match.start(2), match.end(2), PLACEHOLDER))
    return apply_edits(html, edits), len(edits)
