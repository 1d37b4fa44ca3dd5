// The toolbar popup: connection state, how many orders on this tab need attention, and the way to
// the options. Asks the service worker for what it knows and for a live connection check. Its words
// follow the language setting, like the banners (../options/i18n.js).
import { api } from "../shared/api.js";
import { loadSettings } from "../shared/settings.js";
import { browserWords, fill, loadWords, stateWords } from "../options/i18n.js";

let words = browserWords();

function show(state) {
  const info = stateWords(words, state);
  document.body.dataset.state = state;
  document.getElementById("state-label").textContent = info.label;
  document.getElementById("state-help").textContent = info.help;
}

function showCount(tab) {
  const node = document.getElementById("count");
  if (!tab || tab.status !== "ok" || typeof tab.count !== "number") return;
  const n = tab.count;
  node.textContent =
    n === 0 ? words.text("popup_count_none") : words.text("popup_count", [n.toLocaleString(words.lang)]);
  node.dataset.count = String(n);
  node.hidden = false;
}

async function main() {
  words = await loadWords((await loadSettings()).lang);
  fill(document, words);
  document.getElementById("open-options").addEventListener("click", (event) => {
    event.preventDefault();
    api.runtime.openOptionsPage();
    window.close();
  });
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  const state = await api.runtime.sendMessage({ type: "orderlens:popup-state", tabId: tab?.id });
  show(state.connection);
  showCount(state.tab);
  if (!state.hasToken) return; // nothing to test until the extension is paired
  const live = await api.runtime.sendMessage({ type: "orderlens:test-connection" });
  show(live.status);
}

main().catch(() => show("error"));
