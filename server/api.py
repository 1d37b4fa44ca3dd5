"""The HTTP API itself: routes, request/response schemas and JSON error handlers.

Security lives in `server.guard`; by the time a request gets here it is from the paired extension
and its body is bounded. This module only turns a page into an analysis and every failure into the
shared error shape — FastAPI's default `{"detail": ...}` bodies are replaced everywhere.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from orderlens.parser.model import Analysis
from orderlens.server.errors import INTERNAL_ERROR_MESSAGE, error_body
from orderlens.server.version import version
from orderlens.server.workers import AnalysisFailed, AnalysisTimeout, WorkerPool

logger = logging.getLogger("orderlens.server")

ANALYZE_PATH = "/v1/analyze"
HEALTH_PATH = "/v1/health"
OPENAPI_PATH = "/v1/openapi.json"
#: Paths anyone on this machine may GET (no Origin, no token): they reveal nothing and change nothing.
PUBLIC_PATHS = (HEALTH_PATH, OPENAPI_PATH)
KNOWN_PATHS = (ANALYZE_PATH, *PUBLIC_PATHS)

_SURROGATE = re.compile("[\ud800-\udfff]")
_STATUS_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}


def scrub_surrogates(text: str) -> str:
    """Replace lone UTF-16 surrogates (JSON allows them, HTML parsers choke) with U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


class AnalyzeRequest(BaseModel):
    """A page captured by the extension."""

    model_config = ConfigDict(extra="forbid")

    html: str = Field(description="the rendered page's HTML (outerHTML of the document)")
    url: str | None = Field(None, max_length=8192, description="the page's URL; helps pick the layout")
    lang: str | None = Field(None, max_length=35, description="language tag for banner texts, e.g. en, es")

    @field_validator("html", "url", "lang")
    @classmethod
    def _scrub(cls, value: str | None) -> str | None:
        return None if value is None else scrub_surrogates(value)


class Health(BaseModel):
    ok: Literal[True]
    version: str


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    """The body of every refused or failed request."""

    error: ErrorDetail


def json_error(status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> Response:
    body = error_body(code, message)
    return Response(body, status_code=status, media_type="application/json", headers=headers)


#: The request's own fields: the only field names an error message may contain.
REQUEST_FIELDS = tuple(AnalyzeRequest.model_fields)
UNKNOWN_FIELDS_MESSAGE = f"unknown field(s) in the request body; allowed: {', '.join(REQUEST_FIELDS)}"


def describe_validation(errors: Sequence[Any]) -> str:
    """A readable summary of validation errors that never echoes what the caller wrote.

    Neither submitted values nor field names the caller made up: an error names one of our own
    fields (html, url, lang) or none.
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
        where = loc[0] if loc and loc[0] in REQUEST_FIELDS else "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    if unknown_fields:
        parts.append(UNKNOWN_FIELDS_MESSAGE)
    if len(parts) > 5:
        parts[5:] = [f"and {len(parts) - 5} more"]
    return "; ".join(parts) or "invalid request"


def parse_request(raw: bytes) -> AnalyzeRequest | Response:
    """The validated request, or the 422 response explaining what is wrong with it."""
    if not raw:
        return json_error(422, "invalid_request", 'body is empty; send a JSON object with an "html" field')
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        return json_error(422, "invalid_request", "body is not valid JSON (not UTF-8 text)")
    except json.JSONDecodeError as exc:
        return json_error(422, "invalid_request", f"body is not valid JSON ({exc.msg} at char {exc.pos})")
    except RecursionError:
        return json_error(422, "invalid_request", "body is not valid JSON (nested too deeply)")
    except ValueError:  # anything else the decoder refuses, e.g. an integer with too many digits
        return json_error(422, "invalid_request", "body is not valid JSON")
    try:
        return AnalyzeRequest.model_validate(data)
    except ValidationError as exc:
        return json_error(422, "invalid_request", describe_validation(exc.errors()))


_REQUEST_BODY: dict[str, Any] = {
    "required": True,
    "content": {"application/json": {"schema": AnalyzeRequest.model_json_schema()}},
}

_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in {
        401: "missing or wrong bearer token",
        403: "wrong Host or Origin",
        408: "body not complete in time (ORDERLENS_BODY_TIMEOUT)",
        413: "body larger than 8 MiB",
        415: "not application/json",
        422: "malformed JSON or wrong fields",
        500: "analysis failed or unexpected error (a bug)",
        503: "analysis over its time budget, or the server is stopping",
    }.items()
}


def build_api(pool: WorkerPool) -> FastAPI:
    """The FastAPI app; serve it only wrapped by `server.app.build_app`, which adds the guard."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    api = FastAPI(
        title="orderlens local server",
        version=version(),
        description="Analyses AliExpress order pages for the paired orderlens browser extension.",
        docs_url=None,  # the docs UI loads scripts from a CDN; the schema is at /v1/openapi.json
        redoc_url=None,
        openapi_url=OPENAPI_PATH,
        lifespan=lifespan,
    )

    @api.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> Response:
        code = _STATUS_CODES.get(exc.status_code, f"http_{exc.status_code}")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return json_error(exc.status_code, code, message.lower(), exc.headers)

    @api.exception_handler(Exception)
    async def unexpected_error(_: Request, exc: Exception) -> Response:
        # Starlette sends this answer, then re-raises for `server.errors.CatchAll` to log in one line.
        return json_error(500, "internal_error", INTERNAL_ERROR_MESSAGE, {"connection": "close"})

    @api.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> Response:
        return json_error(422, "invalid_request", describe_validation(exc.errors()))

    @api.get(HEALTH_PATH, response_model=Health, summary="Is the server up? No token needed.")
    async def health() -> Health:
        return Health(ok=True, version=version())

    @api.post(
        ANALYZE_PATH,
        response_model=Analysis,
        responses=_ERROR_RESPONSES,
        summary="Analyse a captured order page (same JSON as `orderlens analyze --json`).",
        openapi_extra={"requestBody": _REQUEST_BODY},
    )
    async def analyze_page(request: Request) -> Response:
        # Parsed here rather than by FastAPI: invalid UTF-8 must be a 422 like any other bad JSON,
        # and JSON's lone-surrogate escapes (which JS can produce) must be accepted, not refused.
        body = parse_request(await request.body())
        if isinstance(body, Response):
            return body
        try:
            result = await pool.analyze(body.html, body.url, body.lang)
        except AnalysisTimeout:
            return json_error(
                503,
                "analysis_timeout",
                f"analysing the page took longer than {pool.timeout:g} s; the server is still running",
                {"retry-after": "1"},
            )
        except AnalysisFailed as exc:  # the parser promises not to raise; this is a bug report, not page text
            logger.error("analysis failed: %s", exc)
            return json_error(500, "analysis_failed", "the page could not be analysed")
        return Response(result, media_type="application/json")

    return api
