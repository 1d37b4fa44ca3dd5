// The options page: server address, pairing token, banner language, and a "Test connection"
// button that asks the service worker to check the values as typed (before saving them).
import { api } from "../shared/api.js";
import { checkServer, loadSettings, PAGE_LANGUAGE, saveSettings } from "../shared/settings.js";
import { describe } from "../shared/states.js";

const $ = (id) => document.getElementById(id);

function fillLanguages(selected) {
  const select = $("lang");
  const names = new Intl.DisplayNames([navigator.language || "en"], { type: "language" });
  const choices = [[PAGE_LANGUAGE, "Same as the page"]];
  for (const code of Object.keys(globalThis.orderlens?.uiStrings ?? { en: 1 })) {
    choices.push([code, names.of(code) ?? code]);
  }
  for (const [value, label] of choices) {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = label;
    select.append(option);
  }
  select.value = choices.some(([value]) => value === selected) ? selected : PAGE_LANGUAGE;
}

function say(text, kind) {
  $("status").textContent = text;
  $("status").dataset.kind = kind;
}

function formValues() {
  return { server: $("server").value.trim(), token: $("token").value.trim(), lang: $("lang").value };
}

async function save(event) {
  event.preventDefault();
  const values = formValues();
  const server = checkServer(values.server);
  if (!server.ok) return say(server.message, "problem");
  await saveSettings({ ...values, server: server.origin });
  $("server").value = server.origin;
  say(values.token ? "Saved." : "Saved. Add the token to start checking orders.", values.token ? "ok" : "problem");
}

async function test() {
  const values = formValues();
  say("Testing…", "");
  const outcome = await api.runtime.sendMessage({ type: "orderlens:test-connection", settings: values });
  const info = describe(outcome.status);
  const version = outcome.version ? ` (orderlens ${outcome.version})` : "";
  if (outcome.status === "ok") say(`Connected${version}. Save to use these settings.`, "ok");
  else say(`${info.label}${version}: ${info.help}`, "problem");
}

async function main() {
  const settings = await loadSettings();
  $("server").value = settings.server;
  $("token").value = settings.token;
  fillLanguages(settings.lang);
  $("settings").addEventListener("submit", save);
  $("test").addEventListener("click", test);
  $("reveal").addEventListener("click", () => {
    const hidden = $("token").type === "password";
    $("token").type = hidden ? "text" : "password";
    $("reveal").textContent = hidden ? "Hide" : "Show";
    $("reveal").setAttribute("aria-pressed", String(hidden));
  });
}

main();
