"""The HTTP API itself: routes, response schemas and JSON error handlers.

Security lives in `server.guard`; by the time a request gets here it is from the paired extension
and its body is bounded. This module only hands the body to the worker pool, which validates and
analyses it (`server.analyze_request`, `server.workers`), and turns every failure into the shared
error shape — FastAPI's default `{"detail": ...}` bodies are replaced everywhere.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from orderlens.parser.model import Analysis
from orderlens.server.analyze_request import MAX_KEYS, AnalyzeRequest, describe_validation
from orderlens.server.auth import is_nonce, new_nonce, server_proof, token_id
from orderlens.server.errors import INTERNAL_ERROR_MESSAGE, error_body
from orderlens.server.journal.attention import (
    MAX_LISTED,
    JournalRequest,
    JournalUnreadable,
    needing_attention,
    parse_journal_request,
)
from orderlens.server.reports.page import ReportMissing, parse_page_request, read_page
from orderlens.server.tokens import TokenStore
from orderlens.server.version import version
from orderlens.server.workers import AnalysisFailed, AnalysisTimeout, InvalidRequest, WorkerPool

logger = logging.getLogger("orderlens.server")

ANALYZE_PATH = "/v1/analyze"
REPORT_PATH = "/v1/report"
REPORT_PAGE_PATH = "/v1/report/page"
JOURNAL_PATH = "/v1/journal"
HEALTH_PATH = "/v1/health"
HELLO_PATH = "/v1/hello"
OPENAPI_PATH = "/v1/openapi.json"
#: Paths anyone on this machine may GET (no Origin, no token): they reveal nothing and change nothing.
#: A hello's proof is bound to a nonce of the server's own, so collecting proofs forges nothing.
PUBLIC_PATHS = (HEALTH_PATH, HELLO_PATH, OPENAPI_PATH)
KNOWN_PATHS = (ANALYZE_PATH, REPORT_PATH, REPORT_PAGE_PATH, JOURNAL_PATH, *PUBLIC_PATHS)

_STATUS_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}


class Health(BaseModel):
    ok: Literal[True]
    version: str


class Hello(BaseModel):
    """The server's proof that it holds the pairing token (`server.auth`)."""

    server_nonce: str
    proof: str
    token_id: str
    version: str


class Report(BaseModel):
    """Where a report was saved and what its redacted page kept (`server.reports.store`)."""

    id: str
    folder: str
    kept: dict[str, int] = Field(description="texts kept per kind, by the kind's id (date_or_time, amount, status, …)")


class ReportPage(BaseModel):
    """A saved report's redacted page, for the extension to show sandboxed (`server.reports.page`)."""

    id: str
    folder: str
    html: str


class ReportPageRequest(BaseModel):
    id: str  # a report id, as POST /v1/report answered it


class JournalOrder(BaseModel):
    """One order whose latest scenario needs attention, as the journal last saw it."""

    order_id: str
    scenario: str
    severity: str
    title: str  # the scenario's banner title, in the request's language
    status_text: str | None
    last_seen: str
    protection_until: str | None
    refund_state: str | None


class JournalOrders(BaseModel):
    orders: list[JournalOrder]


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    """The body of every refused or failed request."""

    error: ErrorDetail


def json_error(status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> Response:
    body = error_body(code, message)
    return Response(body, status_code=status, media_type="application/json", headers=headers)


_REQUEST_BODY: dict[str, Any] = {
    "required": True,
    "content": {"application/json": {"schema": AnalyzeRequest.model_json_schema()}},
}

_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in {
        401: "unsigned, wrongly signed, stale or replayed request (`Authorization: orderlens-hmac ...`)",
        403: "wrong Host or Origin",
        408: "body not complete in time (ORDERLENS_BODY_TIMEOUT)",
        413: "body larger than 8 MiB",
        415: "not application/json",
        422: f"malformed JSON, wrong fields, or more than {MAX_KEYS} keys",
        500: "analysis failed or unexpected error (a bug)",
        503: "analysis over its time budget, or the server is stopping",
    }.items()
}


_JOURNAL_ERRORS: dict[int | str, dict[str, Any]] = {
    **{status: answer for status, answer in _ERROR_RESPONSES.items() if status not in (500, 503)},
    503: {"model": ErrorResponse, "description": "the journal is damaged, locked or unreadable"},
}


def _journal_answer(journal: Path | None, raw: bytes) -> Response:
    """The orders needing attention, or a 422 for a bad body, or a one-line 503; runs in a thread."""
    request = parse_journal_request(raw)
    if isinstance(request, str):
        return json_error(422, "invalid_request", request)
    try:
        return Response(needing_attention(journal, request), media_type="application/json")
    except JournalUnreadable as exc:
        return json_error(503, "journal_unavailable", str(exc))


_REPORT_PAGE_ERRORS: dict[int | str, dict[str, Any]] = {
    **{status: answer for status, answer in _ERROR_RESPONSES.items() if status != 503},
    404: {"model": ErrorResponse, "description": "no report with that id"},
    422: {"model": ErrorResponse, "description": 'malformed JSON, or not exactly {"id": <a report id>}'},
}


def _report_page_answer(reports: Path, raw: bytes) -> Response:
    """The report's redacted page, or a one-line 422 or 404; runs in a thread (it reads a file)."""
    try:
        report_id = parse_page_request(raw)
    except ValueError as exc:
        return json_error(422, "invalid_request", str(exc))
    try:
        answer = ReportPage(**read_page(reports, report_id))
    except ReportMissing as exc:
        return json_error(404, "not_found", str(exc))
    return Response(answer.model_dump_json(), media_type="application/json")


@dataclass(frozen=True, slots=True)
class _Work:
    """How a worker's failures read for one kind of work."""

    doing: str  # "analysing the page"
    failed_code: str
    failed_message: str


_ANALYSIS = _Work("analysing the page", "analysis_failed", "the page could not be analysed")
_REPORT = _Work("saving the report", "report_failed", "the report could not be saved")


async def _worker_answer(work: Awaitable[bytes], timeout: float, kind: _Work) -> Response:
    """The worker's JSON answer, or the error its failure maps to (422, 503 or 500)."""
    try:
        result = await work
    except InvalidRequest as exc:
        return json_error(422, "invalid_request", str(exc))
    except AnalysisTimeout:
        return json_error(
            503,
            "analysis_timeout",
            f"{kind.doing} took longer than {timeout:g} s; the server is still running",
            {"retry-after": "1"},
        )
    except AnalysisFailed as exc:  # the parser promises not to raise; this is a bug report, not page text
        logger.error("%s failed: %s", kind.failed_code.partition("_")[0], exc)
        return json_error(500, kind.failed_code, kind.failed_message)
    return Response(result, media_type="application/json")


def build_api(pool: WorkerPool, tokens: TokenStore | None = None) -> FastAPI:
    """The FastAPI app; serve it only wrapped by `server.app.build_app`, which adds the guard.

    Without `tokens` the server cannot prove who it is: every hello is refused.
    """

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

    @api.get(
        HELLO_PATH,
        response_model=Hello,
        responses={
            401: {"model": ErrorResponse, "description": "the server has no usable token"},
            422: {"model": ErrorResponse, "description": "no nonce, or not 32 to 128 lower-case hex digits"},
        },
        summary="Prove that this server holds the pairing token, without sending it. No token needed.",
    )
    async def hello(
        request: Request, nonce: str = Query("", description="the client's fresh nonce: 32 to 128 hex digits")
    ) -> Response:
        if not is_nonce(nonce):
            return json_error(422, "invalid_request", "nonce: send a fresh nonce of 32 to 128 lower-case hex digits")
        token = tokens.current() if tokens is not None else None
        if token is None:
            return json_error(401, "unauthorized", "this server has no usable token; see its log")
        server_nonce = new_nonce()
        port = request.scope["server"][1]
        proof = server_proof(token, port, nonce, server_nonce)
        answer = Hello(server_nonce=server_nonce, proof=proof, token_id=token_id(token), version=version())
        return Response(answer.model_dump_json(), media_type="application/json")

    @api.post(
        ANALYZE_PATH,
        response_model=Analysis,
        responses=_ERROR_RESPONSES,
        summary="Analyse a captured order page (same JSON as `orderlens analyze --json`).",
        openapi_extra={"requestBody": _REQUEST_BODY},
    )
    async def analyze_page(request: Request) -> Response:
        # The raw body goes to a worker, which decodes and validates it (`server.analyze_request`)
        # off the event loop; not FastAPI, which would do it here: invalid UTF-8 must be a 422 like
        # any other bad JSON, and JSON's lone-surrogate escapes (which JS can produce) are accepted.
        return await _worker_answer(pool.analyze(await request.body()), pool.timeout, _ANALYSIS)

    @api.post(
        REPORT_PATH,
        response_model=Report,
        responses=_ERROR_RESPONSES,
        summary="Redact a page orderlens could not read and keep it, with its analysis, in $ORDERLENS_HOME/reports.",
        openapi_extra={"requestBody": _REQUEST_BODY},
    )
    async def report_page(request: Request) -> Response:
        # Like an analysis, in a worker; redacting the page is its first step, before anything is written.
        return await _worker_answer(pool.report(await request.body()), pool.timeout, _REPORT)

    @api.post(
        REPORT_PAGE_PATH,
        response_model=ReportPage,
        responses=_REPORT_PAGE_ERRORS,
        summary="The redacted page of a saved report, for the extension's report page.",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ReportPageRequest.model_json_schema()}},
            }
        },
    )
    async def report_saved_page(request: Request) -> Response:
        # A thread, not a worker: nothing to analyse, one small file to read.
        return await asyncio.to_thread(_report_page_answer, pool.reports, await request.body())

    @api.post(
        JOURNAL_PATH,
        response_model=JournalOrders,
        responses=_JOURNAL_ERRORS,
        summary=f"The journal's orders whose latest state needs attention, last seen first, at most {MAX_LISTED}.",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": JournalRequest.model_json_schema()}},
            }
        },
    )
    async def journal_orders(request: Request) -> Response:
        # A thread, not a worker: no page to analyse, only a small SQLite read (bounded by its busy timeout).
        return await asyncio.to_thread(_journal_answer, pool.journal, await request.body())

    return api
