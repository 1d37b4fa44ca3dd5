// Reading, checking and saving the extension's settings (chrome.storage.local, key "settings").
//
// {"server": "http://127.0.0.1:8765", "token": "…", "lang": "page" | "en" | "es" | …, "journal": true}
// "journal": let the server keep its order journal for these pages (on unless switched off).
// The server address is restricted to http://127.0.0.1:<port>: that is the only host the manifest
// grants, and the orderlens server binds nowhere else. http://localhost:<port> is accepted and
// rewritten to it.
import { api } from "./api.js";

export const SETTINGS_KEY = "settings";
export const DEFAULT_SERVER = "http://127.0.0.1:8765";
export const PAGE_LANGUAGE = "page";

// The server's origin ("http://127.0.0.1:8765"), or an error message for the options page.
export function checkServer(address) {
  let url;
  try {
    url = new URL(String(address || "").trim());
  } catch (_) {
    return { ok: false, message: "Enter an address like http://127.0.0.1:8765" };
  }
  // "localhost" is this computer too; it is stored as 127.0.0.1, the only host the manifest grants.
  if (url.protocol === "http:" && url.hostname === "localhost") url.hostname = "127.0.0.1";
  if (url.protocol !== "http:" || url.hostname !== "127.0.0.1") {
    return { ok: false, message: "The orderlens server runs on this computer: use http://127.0.0.1:PORT" };
  }
  if (url.username || url.password || (url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    return { ok: false, message: "Enter only the address and port, like http://127.0.0.1:8765" };
  }
  return { ok: true, origin: url.origin };
}

// Settings with defaults filled in; a corrupt stored value counts as "not set".
export function normalise(raw) {
  const value = raw && typeof raw === "object" ? raw : {};
  return {
    server: typeof value.server === "string" && value.server ? value.server : DEFAULT_SERVER,
    token: typeof value.token === "string" ? value.token.trim() : "",
    lang: typeof value.lang === "string" && value.lang ? value.lang : PAGE_LANGUAGE,
    journal: value.journal !== false,
  };
}

export async function loadSettings() {
  const stored = await api.storage.local.get(SETTINGS_KEY);
  return normalise(stored[SETTINGS_KEY]);
}

export async function saveSettings(settings) {
  await api.storage.local.set({ [SETTINGS_KEY]: normalise(settings) });
}
