// Every call to the local orderlens server. Returns an outcome object instead of throwing, so the
// caller can tell "not running" from "not paired" from "broken", and nothing is logged: a server
// that is simply not started must not fill the console with errors.
import { checkServer } from "../shared/settings.js";

const ANALYZE_TIMEOUT_MS = 15000; // above the server's own 10 s budget, so its 503 arrives first
const HEALTH_TIMEOUT_MS = 3000;
const MAX_BODY_CHARS = 8 * 1024 * 1024; // the server refuses bodies over 8 MiB

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

function looksLikeAnalysis(body) {
  return !!body && typeof body === "object" && Array.isArray(body.orders);
}

// POST /v1/analyze. `settings` = {server, token}; `page` = {html, url, lang}.
export async function analyzePage(settings, page) {
  if (!settings.token) return { status: "no_token" };
  const server = checkServer(settings.server);
  if (!server.ok) return { status: "bad_server", message: server.message };
  const body = JSON.stringify({ html: page.html, url: page.url ?? null, lang: page.lang ?? null });
  if (body.length > MAX_BODY_CHARS) return { status: "too_large" };
  const result = await call(
    server.origin,
    "/v1/analyze",
    {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${settings.token}` },
      body,
    },
    ANALYZE_TIMEOUT_MS,
  );
  return outcomeOf(result, (data) =>
    looksLikeAnalysis(data) ? { status: "ok", analysis: data } : { status: "error", message: "unexpected answer" },
  );
}

// "Test connection": is the server there (GET /v1/health), and does it accept our token (a tiny
// POST /v1/analyze, since only an authenticated call can prove the pairing)?
export async function testConnection(settings) {
  const server = checkServer(settings.server);
  if (!server.ok) return { status: "bad_server", message: server.message };
  const health = outcomeOf(await call(server.origin, "/v1/health", { method: "GET" }, HEALTH_TIMEOUT_MS), (data) =>
    data && data.ok ? { status: "ok", version: String(data.version ?? "") } : { status: "error" },
  );
  if (health.status !== "ok") return health;
  if (!settings.token) return { status: "no_token", version: health.version };
  const paired = await analyzePage(settings, { html: "<!DOCTYPE html><title>orderlens test</title>", url: null });
  return paired.status === "ok" ? health : { ...paired, version: health.version };
}
