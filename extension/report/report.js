// The report page (report.html?id=<report id>), opened from the popup once a report is saved: the
// report's id and folder, and its redacted page as the developers will see it. The page comes from
// the service worker (the only part that talks to the server) and is shown in a sandboxed frame, set
// through .srcdoc, never parsed into this page; "Show the HTML" shows its source as plain text.
import { api } from "../shared/api.js";
import { loadSettings } from "../shared/settings.js";
import { fill, loadWords, stateWords } from "../options/i18n.js";

const $ = (id) => document.getElementById(id);

function showText(id, text) {
  $(id).textContent = text;
  $(id).hidden = false;
}

function toggleHtml() {
  const source = $("html");
  source.hidden = !source.hidden;
  $("toggle-html").setAttribute("aria-expanded", String(!source.hidden));
}

async function main() {
  const words = await loadWords((await loadSettings()).lang);
  fill(document, words);
  $("status").textContent = words.text("report_loading");
  const id = new URLSearchParams(location.search).get("id") ?? "";
  let answer = null;
  try {
    answer = await api.runtime.sendMessage({ type: "orderlens:report-page", id });
  } catch (_) {
    answer = null;
  }
  if (answer?.status !== "ok") {
    $("status").textContent = words.text("report_failed", [stateWords(words, answer?.status ?? "error").label]);
    document.body.dataset.state = "failed";
    return;
  }
  const { page } = answer;
  showText("report-id", words.text("report_id", [page.id]));
  showText("report-folder", words.text("report_folder", [page.folder]));
  const frame = $("page");
  frame.title = words.text("report_frame");
  frame.srcdoc = page.html;
  frame.hidden = false;
  $("html").textContent = page.html;
  $("toggle-html").hidden = false;
  $("toggle-html").addEventListener("click", toggleHtml);
  $("status").textContent = "";
  document.body.dataset.state = "shown";
}

main().catch(() => {
  document.body.dataset.state = "failed";
});
