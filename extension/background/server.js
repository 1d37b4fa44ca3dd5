// Every call to the local orderlens server. Returns an outcome object instead of throwing, so the
// caller can tell "not running" from "not paired" from "broken", and nothing is logged: a server
// that is simply not started must not fill the console with errors.
// No page leaves before the server has proved it holds the token (auth.js); the token never leaves.
import { checkServer } from "../shared/settings.js";
import { checkHello, newNonce, portOf, signRequest } from "./auth.js";

const ANALYZE_TIMEOUT_MS = 15000; // above the server's own 10 s budget, so its 503 arrives first
const HEALTH_TIMEOUT_MS = 3000;
const MAX_BODY_BYTES = 8 * 1024 * 1024; // the server refuses bodies over 8 MiB

// HTTP status -> state. 503 is the server's "analysis over budget" answer.
const BY_STATUS = { 401: "unauthorized", 403: "forbidden", 413: "too_large", 503: "slow" };

async function call(origin, path, init, timeoutMs) {
  try {
    const response = await fetch(origin + path, {
      ...init,
      credentials: "omit",
      cache: "no-store",
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    return { response, body };
  } catch (error) {
    const timedOut = error && (error.name === "TimeoutError" || error.name === "AbortError");
    return { failed: timedOut ? "slow" : "down" };
  }
}

function outcomeOf(result, accept) {
  if (result.failed) return { status: result.failed };
  const { response, body } = result;
  if (response.ok) return accept(body);
  const message = body && body.error && typeof body.error.message === "string" ? body.error.message : "";
  return { status: BY_STATUS[response.status] ?? "error", code: response.status, message };
}

// An analysis or the journal's list: both answer {orders: [...]}.
function hasOrders(body) {
  return !!body && typeof body === "object" && Array.isArray(body.orders);
}

// GET /v1/hello: does the server on this port hold our token? {status: "ok", version} when it
// proved it; "impostor" when something else answers ("something else is listening on this port").
// Only the server's own refusals keep their meaning; any other answer is no proof.
const HELLO_STATUS = { 401: "unauthorized", 403: "forbidden", 503: "slow" };

async function proveServer(origin, token) {
  const nonce = newNonce();
  const result = await call(origin, `/v1/hello?nonce=${nonce}`, { method: "GET" }, HEALTH_TIMEOUT_MS);
  if (result.failed) return { status: result.failed };
  const { response, body } = result;
  if (!response.ok) return { status: HELLO_STATUS[response.status] ?? "impostor", code: response.status };
  const verdict = await checkHello(token, portOf(origin), nonce, body);
  if (verdict === "other_token") return { status: "unauthorized" };
  if (verdict !== "ok") return { status: "impostor" };
  return { status: "ok", version: typeof body.version === "string" ? body.version : "" };
}

// A saved report's answers, /v1/report and /v1/report/page alike, name it by its id and folder.
function namesReport(body) {
  return !!body && typeof body === "object" && typeof body.id === "string" && typeof body.folder === "string";
}

function looksLikeReport(body) {
  return namesReport(body) && !!body.kept && typeof body.kept === "object";
}

// `payload` as JSON to `path`, signed, after the server proved itself. `settings` = {server, token, journal};
// `accept(body, version)` turns the answer into the outcome.
async function postSigned(settings, path, payload, accept) {
  if (!settings.token) return { status: "no_token" };
  const server = checkServer(settings.server);
  if (!server.ok) return { status: "bad_server", message: server.message };
  const body = new TextEncoder().encode(JSON.stringify(payload));
  if (body.length > MAX_BODY_BYTES) return { status: "too_large" };
  const proven = await proveServer(server.origin, settings.token);
  if (proven.status !== "ok") return proven;
  const authorization = await signRequest(settings.token, body);
  const result = await call(
    server.origin,
    path,
    { method: "POST", headers: { "Content-Type": "application/json", Authorization: authorization }, body },
    ANALYZE_TIMEOUT_MS,
  );
  return outcomeOf(result, (data) => accept(data, proven.version));
}

// A page to `path` (/v1/analyze or /v1/report); `page` = {html, url, lang}.
function postPage(settings, path, page, accept) {
  const journal = settings.journal !== false;
  const payload = { html: page.html, url: page.url ?? null, lang: page.lang ?? null, journal };
  return postSigned(settings, path, payload, accept);
}

// POST /v1/analyze: {status: "ok", analysis, version} or why not.
export function analyzePage(settings, page) {
  return postPage(settings, "/v1/analyze", page, (data, version) =>
    hasOrders(data)
      ? { status: "ok", analysis: data, version }
      : { status: "error", message: "unexpected answer" },
  );
}

// POST /v1/report: the server redacts the page and keeps it on this computer for the orderlens
// developers; {status: "ok", report: {id, folder, kept}} or why not.
export function reportPage(settings, page) {
  return postPage(settings, "/v1/report", page, (data) =>
    looksLikeReport(data)
      ? { status: "ok", report: { id: data.id, folder: data.folder, kept: data.kept } }
      : { status: "error", message: "unexpected answer" },
  );
}

// POST /v1/report/page: the redacted page of the report `id` saved, for the extension's report page;
// {status: "ok", page: {id, folder, html}} or why not (a 404 when this computer has no such report).
export function reportPageHtml(settings, id) {
  return postSigned(settings, "/v1/report/page", { id: String(id ?? "") }, (data) =>
    namesReport(data) && typeof data.html === "string"
      ? { status: "ok", page: { id: data.id, folder: data.folder, html: data.html } }
      : { status: "error", message: "unexpected answer" },
  );
}

// One order of the journal's list, checked: its id goes into a link, the rest into text.
const SEVERITIES = new Set(["action", "warning", "info"]);

function journalOrder(order) {
  if (!order || typeof order !== "object" || !/^\d{1,32}$/.test(String(order.order_id))) return null;
  if (typeof order.title !== "string" || typeof order.last_seen !== "string" || !SEVERITIES.has(order.severity)) {
    return null;
  }
  return { orderId: String(order.order_id), title: order.title, severity: order.severity, lastSeen: order.last_seen };
}

// POST /v1/journal: the orders the server's journal says need attention, on any page, newest first;
// {status: "ok", orders: [{orderId, title, severity, lastSeen}]} or why not. None asked for while the
// shopper has the journal switched off: what it kept before is not shown either.
export function journalOrders(settings, lang) {
  if (settings.journal === false) return Promise.resolve({ status: "ok", orders: [] });
  return postSigned(settings, "/v1/journal", { lang: lang ?? null }, (data) =>
    hasOrders(data)
      ? { status: "ok", orders: data.orders.map(journalOrder).filter(Boolean) }
      : { status: "error", message: "unexpected answer" },
  );
}

// "Test connection": without a token, is a server there at all (GET /v1/health)? With one, does
// the server prove it holds the token, and accept a signed request from us (a tiny
// POST /v1/analyze: that also checks the extension's id and the clock)?
export async function testConnection(settings) {
  const server = checkServer(settings.server);
  if (!server.ok) return { status: "bad_server", message: server.message };
  if (!settings.token) {
    return outcomeOf(await call(server.origin, "/v1/health", { method: "GET" }, HEALTH_TIMEOUT_MS), (data) =>
      data && data.ok ? { status: "no_token", version: String(data.version ?? "") } : { status: "error" },
    );
  }
  const paired = await analyzePage(settings, { html: "<!DOCTYPE html><title>orderlens test</title>", url: null });
  return paired.status === "ok" ? { status: "ok", version: paired.version } : paired;
}
