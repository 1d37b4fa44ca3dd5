// The toolbar popup: connection state; what orderlens read on this tab (the orders that need
// attention, each a link to its banner, or why no order was read); the orders the server's journal
// says need attention on other pages, each a link to its details page; a switch that shows dismissed
// banners again; links to the AliExpress orders page and the options. The page's content script
// answers about the page (tabs.sendMessage), the service worker about the connection. Its words
// follow the language setting, like the banners (../options/i18n.js).
import { api } from "../shared/api.js";
import { loadSettings } from "../shared/settings.js";
import { browserWords, fill, loadWords, stateWords } from "../options/i18n.js";

const $ = (id) => document.getElementById(id);
let words = browserWords();

function show(state) {
  const info = stateWords(words, state);
  document.body.dataset.state = state;
  $("state-label").textContent = info.label;
  $("state-help").textContent = info.help;
}

// The tab the popup is about: the active one, or ?tab=<id> when the popup is opened as a page.
async function targetTab() {
  const asked = Number(new URLSearchParams(location.search).get("tab"));
  if (Number.isInteger(asked) && asked > 0) return asked;
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

function item(text, onClick) {
  const li = document.createElement("li");
  if (!onClick) {
    li.textContent = text;
    return li;
  }
  const link = document.createElement("button");
  link.type = "button";
  link.className = "link";
  link.textContent = text;
  link.addEventListener("click", onClick);
  li.append(link);
  return li;
}

function fillList(id, entries) {
  $(id).replaceChildren(...entries);
  $(id).hidden = entries.length === 0;
}

// summary: the content script's answer, or null where no content script runs (not an order page).
function showPage(tabId, summary) {
  const reading = $("reading");
  let kind = "";
  let text = "";
  const banners = summary?.banners ?? [];
  const unknown = summary?.unknown ?? [];
  if (!summary) [kind, text] = ["not_order_page", words.text("popup_not_order_page")];
  else if (!summary.analysed) kind = "pending"; // the connection state says why
  else if (summary.captcha) [kind, text] = ["captcha", words.text("popup_no_orders_captcha")];
  else if (summary.total === 0) [kind, text] = ["no_orders", words.text("popup_no_orders_unrecognised")];
  else if (banners.length) [kind, text] = ["problems", words.text("popup_count", [banners.length.toLocaleString(words.lang)])];
  else if (unknown.length) [kind, text] = ["unknown", words.text("popup_unknown_statuses")];
  else [kind, text] = ["fine", words.text("popup_count_none")];
  if (unknown.length && banners.length) text += " " + words.text("popup_unknown_statuses");
  document.body.dataset.reading = kind;
  reading.textContent = text;
  reading.hidden = !text;

  const reveal = (orderId) => () => api.tabs.sendMessage(tabId, { type: "orderlens:reveal", orderId }).catch(() => {});
  fillList(
    "problems",
    banners.map((b) => {
      const li = item(words.text("popup_order_item", [b.orderId, b.title]), reveal(b.orderId));
      li.dataset.severity = b.severity;
      return li;
    }),
  );
  fillList("unknown", unknown.map((u) => item(words.text("popup_order_item", [u.orderId, u.status]))));
  // A report helps where orderlens falls short: nothing read on the page, or a status it does not know.
  $("report").hidden = !(kind === "no_orders" || unknown.length > 0);
  $("dismissed-row").hidden = !summary || !(summary.dismissed > 0 || summary.showDismissed);
  $("show-dismissed").checked = !!summary?.showDismissed;
}

const DETAIL_PAGE = "https://www.aliexpress.com/p/order/detail.html?orderId=";

function when(stamp) {
  const date = new Date(stamp);
  if (Number.isNaN(date.getTime())) return stamp;
  return date.toLocaleString(words.lang, { dateStyle: "medium", timeStyle: "short" });
}

// One order from the journal: a link to its details page (a new tab, said for eyes and screen readers
// alike, as the orders-page link does) and when orderlens last saw it.
function journalItem(order) {
  const li = document.createElement("li");
  li.dataset.severity = order.severity;
  li.dataset.orderId = order.orderId;
  const link = document.createElement("a");
  link.href = DETAIL_PAGE + encodeURIComponent(order.orderId);
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  link.setAttribute("aria-describedby", "new-tab");
  const arrow = document.createElement("span");
  arrow.setAttribute("aria-hidden", "true");
  arrow.textContent = " ↗";
  link.append(words.text("popup_order_item", [order.orderId, order.title]), arrow);
  const seen = document.createElement("time");
  seen.className = "seen";
  seen.dateTime = order.lastSeen;
  seen.textContent = words.text("popup_last_seen", [when(order.lastSeen)]);
  li.append(link, seen);
  return li;
}

// The journal's orders needing attention, less those this tab's page holds (`shown`: their ids, whether
// the page lists them, shows them fine or had their banner dismissed).
// Asked only of a connected server; hidden when the journal is off, empty or has nothing else to say.
async function showElsewhere(shown) {
  let answer = null;
  try {
    answer = await api.runtime.sendMessage({ type: "orderlens:journal-orders", lang: words.lang });
  } catch (_) {
    answer = null;
  }
  const orders = answer?.status === "ok" ? answer.orders.filter((order) => !shown.has(order.orderId)) : [];
  $("elsewhere-list").replaceChildren(...orders.map(journalItem));
  $("elsewhere").hidden = orders.length === 0;
  document.body.dataset.elsewhere = String(orders.length); // done: how many are listed
}

// A kind of kept text in the popup's language: the server names it by a stable id ("date_or_time"),
// worded in the message popup_kept_<id>; an id this extension has no words for (a newer server) reads
// as the id itself, spaced out.
function keptName(category) {
  return words.text(`popup_kept_${category}`) || String(category).replaceAll("_", " ");
}

// Asks the service worker to save a redacted report of the tab's page, then says where it is and
// which kinds of text it kept (counts per category; never the texts themselves), with a link to the
// report page, which shows the redacted page itself.
async function saveReport(tabId) {
  const button = $("save-report");
  const result = $("report-result");
  button.disabled = true;
  result.hidden = false;
  result.textContent = words.text("popup_report_saving");
  let answer = null;
  try {
    answer = await api.runtime.sendMessage({ type: "orderlens:report", tabId });
  } catch (_) {
    answer = null;
  }
  if (answer?.status !== "ok") {
    button.disabled = false;
    result.textContent = words.text("popup_report_failed", [stateWords(words, answer?.status ?? "error").label]);
    document.body.dataset.report = "failed";
    return;
  }
  const { id, folder, kept } = answer.report;
  result.textContent = words.text("popup_report_saved", [folder]);
  const counts = Object.entries(kept).map(([category, count]) =>
    item(words.text("popup_report_kept_item", [keptName(category), Number(count).toLocaleString(words.lang)])),
  );
  fillList("report-kept", counts);
  const open = $("open-report");
  open.href = `../report/report.html?id=${encodeURIComponent(id)}`;
  open.hidden = false;
  button.hidden = true;
  document.body.dataset.report = "saved";
}

async function askPage(tabId, message) {
  if (tabId === undefined) return null;
  try {
    return (await api.tabs.sendMessage(tabId, message)) ?? null;
  } catch (_) {
    return null; // no content script there: not an AliExpress order page
  }
}

async function main() {
  words = await loadWords((await loadSettings()).lang);
  fill(document, words);
  $("open-options").addEventListener("click", (event) => {
    event.preventDefault();
    api.runtime.openOptionsPage();
    window.close();
  });
  const tabId = await targetTab();
  $("save-report").addEventListener("click", () => saveReport(tabId));
  $("show-dismissed").addEventListener("change", async (event) => {
    const on = event.target.checked;
    showPage(tabId, await askPage(tabId, { type: "orderlens:show-dismissed", on }));
  });
  const state = await api.runtime.sendMessage({ type: "orderlens:popup-state", tabId });
  show(state.connection);
  const summary = await askPage(tabId, { type: "orderlens:page-summary" });
  showPage(tabId, summary);
  if (!state.hasToken) return; // nothing to test until the extension is paired
  const live = await api.runtime.sendMessage({ type: "orderlens:test-connection" });
  show(live.status);
  if (live.status !== "ok") return;
  await showElsewhere(new Set(summary?.orderIds ?? []));
}

main().catch(() => show("error"));
