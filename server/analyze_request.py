"""The body of `POST /v1/analyze`: its schema, and turning raw bytes into it (or, with `parse_body`, into
any route's schema, e.g. `POST /v1/journal`'s) or into a readable refusal.

This runs in the analysis worker processes, not on the server's event loop: decoding and validating
up to 8 MiB of JSON is CPU work (a body of 500,000 keys took 2 s), and on the loop it would stall
every other client meanwhile. It is also bounded: a body with more than `MAX_KEYS` keys in all is
refused as soon as the decoder has counted them, before validation builds an error per unknown field.
Kept free of FastAPI so the workers need not import it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

#: Keys allowed in the whole body (objects nested anywhere included); the request itself has four.
MAX_KEYS = 64

_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> str:
    """Replace lone UTF-16 surrogates (JSON allows them, HTML parsers choke) with U+FFFD."""
    if text.isascii():  # answered in constant time; the encoding test below reads the whole page
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


Body = TypeVar("Body", bound=BaseModel)


class AnalyzeRequest(BaseModel):
    """A page captured by the extension."""

    model_config = ConfigDict(extra="forbid")

    html: str = Field(description="the rendered page's HTML (outerHTML of the document)")
    url: str | None = Field(None, max_length=8192, description="the page's URL; helps pick the layout")
    lang: str | None = Field(None, max_length=35, description="language tag for banner texts, e.g. en, es")
    journal: bool = Field(
        True, description="record the orders in the server's order journal and return their history (the option)"
    )

    @field_validator("html", "url", "lang")
    @classmethod
    def _scrub(cls, value: str | None) -> str | None:
        return None if value is None else scrub_surrogates(value)


#: The request's own fields: the only field names an error message may contain.
REQUEST_FIELDS = tuple(AnalyzeRequest.model_fields)


def describe_validation(errors: Sequence[Any], fields: tuple[str, ...] = REQUEST_FIELDS) -> str:
    """A readable summary of validation errors that never echoes what the caller wrote.

    Neither submitted values nor field names the caller made up: an error names one of our own
    `fields` (the analysis request's: html, url, lang, journal) or none.
    """
    parts: list[str] = []
    unknown_fields = False
    for err in errors:
        if err.get("type") == "extra_forbidden":
            unknown_fields = True
            continue
        if err.get("type") == "json_invalid":
            detail = (err.get("ctx") or {}).get("error", "malformed JSON")
            parts.append(f"body is not valid JSON ({detail})")
            continue
        loc = [p for p in err.get("loc", ()) if p != "body"]
        where = loc[0] if loc and loc[0] in fields else "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    if unknown_fields:
        parts.append(f"unknown field(s) in the request body; allowed: {', '.join(fields)}")
    if len(parts) > 5:
        parts[5:] = [f"and {len(parts) - 5} more"]
    return "; ".join(parts) or "invalid request"


class _TooManyKeys(Exception):
    """Raised from inside the JSON decoder to stop it."""


def _load_bounded(raw: bytes, max_keys: int) -> Any:
    """`json.loads`, stopped once the objects decoded so far hold more than `max_keys` keys in all."""
    seen = 0

    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal seen
        seen += len(pairs)  # duplicates count: {"html": 1, "html": 1, ...} is just as much work
        if seen > max_keys:
            raise _TooManyKeys
        return dict(pairs)

    return json.loads(raw, object_pairs_hook=build)


def parse_body(raw: bytes, model: type[Body], empty: str, max_keys: int = MAX_KEYS) -> Body | str:
    """The validated `model`, or the message of the 422 that explains what is wrong with the body
    (`empty` when there is none). Shared by every signed POST route, so they refuse alike."""
    if not raw:
        return empty
    fields = tuple(model.model_fields)
    try:
        data = _load_bounded(raw, max_keys)
    except _TooManyKeys:
        return f"body has more than {max_keys} keys; the request's fields are {', '.join(fields)}"
    except UnicodeDecodeError:
        return "body is not valid JSON (not UTF-8 text)"
    except json.JSONDecodeError as exc:
        return f"body is not valid JSON ({exc.msg} at char {exc.pos})"
    except RecursionError:
        return "body is not valid JSON (nested too deeply)"
    except ValueError:  # anything else the decoder refuses, e.g. an integer with too many digits
        return "body is not valid JSON"
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        return describe_validation(exc.errors(), fields)


def parse_request(raw: bytes) -> AnalyzeRequest | str:
    """The validated analysis request, or the message of the 422 that explains what is wrong with it."""
    return parse_body(raw, AnalyzeRequest, 'body is empty; send a JSON object with an "html" field')
