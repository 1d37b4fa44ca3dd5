// The background: a service worker in Chromium, an event page in Firefox. It is the only part of
// the extension that talks to the local server, and it answers these messages:
//   orderlens:analyze          from a content script: {html, url} -> {status, analysis?}
//   orderlens:shown            from a content script: what it shows, for the toolbar badge
//   orderlens:popup-state      from the popup: connection state and this tab's count
//   orderlens:test-connection  from the options page: check a server address and token
//   orderlens:notice-words     from a content script: the words of its "not checking" notice
import { api } from "../shared/api.js";
import { loadSettings, normalise, PAGE_LANGUAGE } from "../shared/settings.js";
import { analyzePage, testConnection } from "./server.js";
import { noticeWords } from "./notice-words.js";
import { forgetTab, getConnection, getTab, recordOutcome, recordShown, setConnection } from "./tab-state.js";

async function handleAnalyze(message, sender) {
  const settings = await loadSettings();
  const lang = settings.lang === PAGE_LANGUAGE ? null : settings.lang; // null: the server reads the page's
  const outcome = await analyzePage(settings, { html: String(message.html ?? ""), url: message.url, lang });
  await recordOutcome(sender.tab?.id, outcome.status);
  return outcome.status === "ok" ? { status: "ok", analysis: outcome.analysis } : { status: outcome.status };
}

async function handlePopupState(message) {
  const settings = await loadSettings();
  const tab = message.tabId === undefined ? null : await getTab(message.tabId);
  return {
    server: settings.server,
    hasToken: !!settings.token,
    connection: settings.token ? (await getConnection()).status : "no_token",
    tab,
  };
}

async function handleTest(message) {
  const settings = message.settings ? normalise(message.settings) : await loadSettings();
  const outcome = await testConnection(settings);
  if (!message.settings) await setConnection(outcome.status);
  return outcome;
}

const HANDLERS = {
  "orderlens:analyze": handleAnalyze,
  "orderlens:shown": (message, sender) =>
    sender.tab ? recordShown(sender.tab.id, message.severities).then(() => ({ status: "ok" })) : null,
  "orderlens:popup-state": handlePopupState,
  "orderlens:test-connection": handleTest,
  "orderlens:notice-words": async (message) =>
    ({ status: "ok", words: await noticeWords(await loadSettings(), message.status, message.pageLang) }),
};

// Messages only the extension's own pages (popup, options) may send, never a content script: a
// content script runs inside the page's process, and these reveal the settings or make the
// service worker call the server with values the sender chose.
const PAGES_ONLY = new Set(["orderlens:popup-state", "orderlens:test-connection"]);

function fromExtensionPage(sender) {
  return typeof sender.url === "string" && sender.url.startsWith(api.runtime.getURL(""));
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only our own content scripts and pages can reach this listener (no externally_connectable),
  // but check anyway: the id is cheap to compare.
  if (sender.id !== api.runtime.id || !message || !Object.hasOwn(HANDLERS, message.type)) return false;
  if (PAGES_ONLY.has(message.type) && !fromExtensionPage(sender)) return false;
  Promise.resolve()
    .then(() => HANDLERS[message.type](message, sender))
    .then(sendResponse, () => sendResponse({ status: "error" }));
  return true; // the answer comes asynchronously
});

api.tabs.onRemoved.addListener((tabId) => {
  forgetTab(tabId).catch(() => {});
});

// A tab that loads a new page starts with a clean slate; its content script reports again.
api.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === "loading") forgetTab(tabId).catch(() => {});
});
