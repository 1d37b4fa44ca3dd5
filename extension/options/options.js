// The options page: server address, pairing token, banner language, and a "Test connection"
// button that asks the service worker to check the values as typed. Save tests them the same way
// first and refuses a token or server the check rejects, saying why; a successful test offers to
// save. Its words follow the saved language setting (i18n.js) and switch as soon as a new one is saved.
import { api } from "../shared/api.js";
import { checkServer, loadSettings, PAGE_LANGUAGE, saveSettings } from "../shared/settings.js";
import { browserWords, fill, loadWords, stateWords } from "./i18n.js";

const $ = (id) => document.getElementById(id);
// Test outcomes that mean these settings cannot work: the server (or whatever answers on that
// port) refused the token or the extension. Others (not running, slow) may pass once it runs.
const REFUSED = new Set(["unauthorized", "forbidden", "impostor", "bad_server"]);
let words = browserWords();

// A language's name in that language, as language pickers show it: a shopper who cannot read the
// current words still finds their own.
function ownName(code) {
  const name = new Intl.DisplayNames([code], { type: "language" }).of(code) ?? code;
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}

function fillLanguages(selected) {
  const select = $("lang");
  const page = document.createElement("option");
  page.value = PAGE_LANGUAGE;
  page.dataset.i18n = "options_lang_page";
  select.append(page);
  for (const code of Object.keys(globalThis.orderlens?.uiStrings ?? { en: 1 })) {
    const option = document.createElement("option");
    option.value = code;
    option.textContent = ownName(code);
    select.append(option);
  }
  select.value = [...select.options].some((option) => option.value === selected) ? selected : PAGE_LANGUAGE;
}

async function useLanguage(lang) {
  words = await loadWords(lang);
  fill(document, words);
}

function say(text, kind) {
  $("status").textContent = text;
  $("status").dataset.kind = kind;
}

function formValues() {
  return {
    server: $("server").value.trim(),
    token: $("token").value.trim(),
    lang: $("lang").value,
    journal: $("journal").checked,
  };
}

function testValues(values) {
  return api.runtime.sendMessage({ type: "orderlens:test-connection", settings: values });
}

// "Label: what to do" for a test outcome, in the page's words.
function reason(outcome) {
  const info = stateWords(words, outcome.status);
  return [outcome.version ? `${info.label} (orderlens ${outcome.version})` : info.label, info.help];
}

async function save(event) {
  event.preventDefault();
  $("offer").hidden = true;
  const values = formValues();
  const server = checkServer(values.server);
  if (!server.ok) return say(words.text("options_bad_server"), "problem");
  const checked = { ...values, server: server.origin };
  let outcome = null;
  if (checked.token) {
    say(words.text("options_testing"), "");
    outcome = await testValues(checked);
    if (REFUSED.has(outcome.status)) return say(words.text("options_not_saved", reason(outcome)), "problem");
  }
  await saveSettings(checked);
  $("server").value = server.origin;
  await useLanguage(values.lang);
  if (!outcome) say(words.text("options_saved_no_token"), "problem");
  else if (outcome.status === "ok") say(words.text("options_saved"), "ok");
  else say(words.text("options_saved_unchecked", reason(outcome)), "problem");
}

async function test() {
  $("offer").hidden = true;
  say(words.text("options_testing"), "");
  const outcome = await testValues(formValues());
  const [label, help] = reason(outcome);
  if (outcome.status === "ok") say(words.text("options_test_ok", [label]), "ok");
  else say(words.text("options_test_problem", [label, help]), "problem");
  $("offer").hidden = outcome.status !== "ok";
}

function toggleToken() {
  const hidden = $("token").type === "password";
  $("token").type = hidden ? "text" : "password";
  $("reveal").dataset.i18n = hidden ? "options_hide" : "options_show";
  $("reveal").textContent = words.text($("reveal").dataset.i18n);
  $("reveal").setAttribute("aria-pressed", String(hidden));
}

async function main() {
  const settings = await loadSettings();
  $("server").value = settings.server;
  $("token").value = settings.token;
  $("journal").checked = settings.journal;
  fillLanguages(settings.lang);
  $("settings").addEventListener("submit", save);
  $("test").addEventListener("click", test);
  $("settings").addEventListener("input", () => ($("offer").hidden = true)); // the test was of other values
  $("reveal").addEventListener("click", toggleToken);
  await useLanguage(settings.lang);
}

main();
