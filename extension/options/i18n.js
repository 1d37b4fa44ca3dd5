// The words of the extension's own pages (the popup and the options page) in the shopper's language.
//
// The "lang" setting that picks the banners' language picks these too. chrome.i18n only follows the
// browser's language, so for "page" the browser's messages are used, and for a chosen language that
// language's _locales/<lang>/messages.json is read directly (English when we have no such language,
// as for banners). Both are generated from parser/banners/texts/<lang>.toml ([extension] table).
// The popup imports this module too; it lives here because the options page is its main user.
import { api } from "../shared/api.js";
import { PAGE_LANGUAGE } from "../shared/settings.js";
import { STATES } from "../shared/states.js";

const FALLBACK = "en";
const SLOTS = ["$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9"];

// A message's text with its $1…$9 filled in, and $$ as a dollar sign, as chrome.i18n.getMessage does.
function substitute(message, substitutions) {
  return message.replace(/\$(\$|[1-9])/g, (_, which) =>
    which === "$" ? "$" : String(substitutions[Number(which) - 1] ?? ""),
  );
}

// The browser's own messages: its UI language, else the manifest's default_locale.
export function browserWords() {
  return {
    lang: api.i18n.getMessage("lang") || FALLBACK,
    text: (key, substitutions = []) => api.i18n.getMessage(key, substitutions),
  };
}

async function readMessages(lang) {
  const code = String(lang).toLowerCase().split(/[-_]/)[0];
  if (!/^[a-z]{2,3}$/.test(code)) return null;
  try {
    const response = await fetch(api.runtime.getURL(`_locales/${code}/messages.json`));
    return response.ok ? await response.json() : null;
  } catch (_) {
    return null; // a language we have no messages for
  }
}

// The words for a "lang" setting: "page" (the browser's language) or a language code.
export async function loadWords(lang) {
  const browser = browserWords();
  if (lang === PAGE_LANGUAGE) return browser;
  const table = (await readMessages(lang)) ?? (await readMessages(FALLBACK));
  if (!table) return browser;
  return {
    lang: table.lang?.message ?? FALLBACK,
    text: (key, substitutions = []) =>
      table[key] ? substitute(table[key].message, substitutions) : browser.text(key, substitutions),
  };
}

// Writes each [data-i18n] element's message into it and sets <html lang>. The element's own child
// elements (a <code> command, say) stand for the message's $1, $2…, so markup never comes from a message.
export function fill(root, words) {
  document.documentElement.lang = words.lang;
  for (const node of root.querySelectorAll("[data-i18n]")) {
    const slots = [...node.children];
    const parts = words.text(node.dataset.i18n, SLOTS).split(/\$([1-9])/);
    node.replaceChildren(...parts.map((part, i) => (i % 2 ? (slots[Number(part) - 1] ?? "") : part)));
  }
}

// The label and explanation of a connection state (states.js lists them; unknown ones read as "error").
export function stateWords(words, state) {
  const known = STATES.includes(state) ? state : "error";
  return { label: words.text(`state_${known}`), help: words.text(`state_${known}_help`) };
}
