// The background: a service worker in Chromium, an event page in Firefox. It is the only part of
// the extension that talks to the local server, and it answers these messages:
//   orderlens:analyze          from a content script: {html, url} -> {status, analysis?}
//   orderlens:shown            from a content script: what it shows, for the toolbar badge
//   orderlens:popup-state      from the popup: connection state and this tab's count
//   orderlens:test-connection  from the options page: check a server address and token
//   orderlens:report           from the popup: {tabId} save a redacted report of that tab's page
//                              on this computer (POST /v1/report) -> {status, report?}
//   orderlens:report-page      from the report page: {id} the redacted page of that saved report
//                              (POST /v1/report/page) -> {status, page?: {id, folder, html}}
//   orderlens:journal-orders   from the popup: {lang} the orders the journal says need attention, on
//                              any page (POST /v1/journal) -> {status, orders?}
//   orderlens:notice-words     from a content script: the words of its "not checking" notice, or
//                              none while the shopper's closing of the same notice is recent
//   orderlens:notice-closed    from a content script: the shopper closed that notice
//   orderlens:dismissals       from a content script: the banners the shopper dismissed
//   orderlens:dismiss          from a content script: {key, undo?} dismiss a banner or take it back
// and tells the content scripts "orderlens:dismissals-changed" and "orderlens:settings-changed".
import { api } from "../shared/api.js";
import { loadSettings, normalise, PAGE_LANGUAGE } from "../shared/settings.js";
import { analyzePage, journalOrders, reportPage, reportPageHtml, testConnection } from "./server.js";
import { noticeWords } from "./notice-words.js";
import { closeNotice, getDismissed, noticeQuiet, restrictStorage, setDismissed, tellOrderPages } from "./choices.js";
import { forgetTab, getConnection, getTab, recordOutcome, recordShown, setConnection } from "./tab-state.js";

restrictStorage(); // at every start: content scripts must not read the settings (see choices.js)

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

// A fresh capture from the tab's content script (not one the popup sends: it has no page to send).
async function handleReport(message) {
  let page = null;
  try {
    page = await api.tabs.sendMessage(message.tabId, { type: "orderlens:capture" });
  } catch (_) {
    page = null; // no content script there: no order page to report
  }
  if (!page || typeof page.html !== "string") return { status: "no_page" };
  const settings = await loadSettings();
  const lang = settings.lang === PAGE_LANGUAGE ? null : settings.lang;
  const outcome = await reportPage(settings, { html: page.html, url: page.url, lang });
  return outcome.status === "ok" ? { status: "ok", report: outcome.report } : { status: outcome.status };
}

// The report page shows the page sandboxed; only ids the server wrote can name one (it checks them).
async function handleReportPage(message) {
  const outcome = await reportPageHtml(await loadSettings(), message.id);
  return outcome.status === "ok" ? { status: "ok", page: outcome.page } : { status: outcome.status };
}

// `lang`: the popup's own language, so the titles read like the words around them.
async function handleJournalOrders(message) {
  const lang = typeof message.lang === "string" ? message.lang : null;
  const outcome = await journalOrders(await loadSettings(), lang);
  return outcome.status === "ok" ? { status: "ok", orders: outcome.orders } : { status: outcome.status };
}

async function handleNoticeWords(message) {
  if (await noticeQuiet(message.status)) return { status: "ok", words: null };
  return { status: "ok", words: await noticeWords(await loadSettings(), message.status, message.pageLang) };
}

async function handleDismiss(message, sender) {
  const dismissed = await setDismissed(message.key, !!message.undo);
  await tellOrderPages({ type: "orderlens:dismissals-changed", dismissed }, sender.tab?.id);
  return { status: "ok", dismissed };
}

const HANDLERS = {
  "orderlens:analyze": handleAnalyze,
  "orderlens:shown": (message, sender) =>
    sender.tab ? recordShown(sender.tab.id, message.severities).then(() => ({ status: "ok" })) : null,
  "orderlens:popup-state": handlePopupState,
  "orderlens:test-connection": handleTest,
  "orderlens:report": handleReport,
  "orderlens:report-page": handleReportPage,
  "orderlens:journal-orders": handleJournalOrders,
  "orderlens:notice-words": handleNoticeWords,
  "orderlens:notice-closed": (message) => closeNotice(message.status).then(() => ({ status: "ok" })),
  "orderlens:dismissals": async () => ({ status: "ok", dismissed: await getDismissed() }),
  "orderlens:dismiss": handleDismiss,
};

// Messages only the extension's own pages (popup, options, report) may send, never a content script: a
// content script runs inside the page's process, and these reveal the settings or the journal, or make
// the service worker call the server with values the sender chose.
const PAGES_ONLY = new Set([
  "orderlens:popup-state",
  "orderlens:test-connection",
  "orderlens:report",
  "orderlens:report-page",
  "orderlens:journal-orders",
]);

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

// New settings: the order pages start over (content scripts cannot watch storage themselves).
api.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && changes.settings) tellOrderPages({ type: "orderlens:settings-changed" }).catch(() => {});
});

api.tabs.onRemoved.addListener((tabId) => {
  forgetTab(tabId).catch(() => {});
});

// A tab that loads a new page starts with a clean slate; its content script reports again.
api.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === "loading") forgetTab(tabId).catch(() => {});
});
