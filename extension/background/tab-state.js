// What the toolbar shows: per tab, how many orders need attention (badge number, coloured by the
// most urgent banner) or that something is wrong ("!" in grey); globally, the last connection
// state. Kept in storage.session because a service worker can be stopped at any moment and
// restarted with empty variables.
import { loadWords, stateWords } from "../options/i18n.js";
import { api } from "../shared/api.js";
import { loadSettings } from "../shared/settings.js";

const CONNECTION_KEY = "connection";
const COLOURS = { action: "#c0262d", warning: "#b35c00", info: "#1c5fb8", problem: "#6b7280" };
const RANK = { action: 3, warning: 2, info: 1 };
const tabKey = (tabId) => `tab:${tabId}`;

async function getSession(key) {
  const stored = await api.storage.session.get(key);
  return stored[key];
}

export async function getConnection() {
  return (await getSession(CONNECTION_KEY)) ?? { status: "unknown" };
}

export async function setConnection(status) {
  await api.storage.session.set({ [CONNECTION_KEY]: { status, at: Date.now() } });
}

export async function getTab(tabId) {
  return (await getSession(tabKey(tabId))) ?? null;
}

// Read-modify-write of a tab's entry must not interleave (an analysis outcome and a "shown" report
// can arrive together), so updates run one after another.
let queue = Promise.resolve();
function serially(task) {
  const run = queue.then(() => task());
  queue = run.catch(() => {});
  return run;
}

function updateTab(tabId, change) {
  return serially(() => writeTab(tabId, change));
}

async function writeTab(tabId, change) {
  // count stays null until the content script reports what it shows: an "ok" from the server
  // alone does not mean the banners are on the page yet.
  const next = { ...((await getTab(tabId)) ?? { count: null, severity: null, status: "unknown" }), ...change };
  await api.storage.session.set({ [tabKey(tabId)]: next });
  await paint(tabId, next);
}

async function paint(tabId, tab) {
  const action = api.action;
  try {
    if (tab.status !== "ok") {
      await action.setBadgeText({ tabId, text: "!" });
      await action.setBadgeBackgroundColor({ tabId, color: COLOURS.problem });
      await action.setTitle({ tabId, title: await tooltip(tab) });
      return;
    }
    await action.setBadgeText({ tabId, text: tab.count > 0 ? String(tab.count) : "" });
    await action.setBadgeBackgroundColor({ tabId, color: COLOURS[tab.severity] ?? COLOURS.info });
    await action.setTitle({ tabId, title: await tooltip(tab) });
  } catch (_) {
    // The tab closed while we were painting; nothing to show.
  }
}

// The toolbar button's tooltip in the popup's language (the language setting, else the browser's).
async function tooltip(tab) {
  const words = await loadWords((await loadSettings()).lang);
  if (tab.status !== "ok") return `orderlens: ${stateWords(words, tab.status).label}`;
  return tab.count > 0 ? `orderlens: ${words.text("popup_count", [String(tab.count)])}` : "orderlens";
}

// The outcome of an analysis request from a tab (ok, down, unauthorized, ...).
export async function recordOutcome(tabId, status) {
  await setConnection(status);
  if (tabId !== undefined) await updateTab(tabId, { status });
}

// What the tab's content script actually shows after dismissals.
export async function recordShown(tabId, severities) {
  const list = Array.isArray(severities) ? severities : [];
  const worst = list.reduce((best, s) => ((RANK[s] ?? 0) > (RANK[best] ?? 0) ? s : best), null);
  await updateTab(tabId, { status: "ok", count: list.length, severity: worst });
}

export function forgetTab(tabId) {
  return serially(() => api.storage.session.remove(tabKey(tabId)));
}
