// The words of the notice an order page shows when orderlens cannot check it (content/notice.js),
// in the banners' language: the language setting, or the page's own when it is "same as the page".
// They come from the extension's messages (the [extension] tables), which a content script can only
// read in the browser's language.
import { PAGE_LANGUAGE } from "../shared/settings.js";
import { loadWords, stateWords } from "../options/i18n.js";

// The states a notice is for: the server cannot be reached, or the extension is not paired with it.
export const NOTICE_STATES = new Set(["down", "impostor", "no_token", "unauthorized", "forbidden", "bad_server"]);

export async function noticeWords(settings, status, pageLang) {
  if (!NOTICE_STATES.has(status)) return null;
  const lang = settings.lang === PAGE_LANGUAGE ? String(pageLang || "") || PAGE_LANGUAGE : settings.lang;
  const words = await loadWords(lang);
  const state = stateWords(words, status);
  return {
    lang: words.lang,
    title: words.text("notice_title"),
    label: state.label,
    help: state.help,
    dismiss: words.text("notice_dismiss"),
  };
}
