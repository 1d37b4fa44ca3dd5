// The notice an order page gets when orderlens cannot check it (server not running, not paired,
// token refused): one small box in the banners' style, saying what is wrong and the one thing to do.
//
// It sits fixed in a corner instead of among the orders, holds only words that every orderlens user
// sees (never the server address, a port, a token or a version), and is set with textContent only.
// Like a banner host it tells the page no more than that orderlens is installed.
(function () {
  "use strict";
  const ns = (globalThis.orderlens = globalThis.orderlens || {});

  const TAG = "orderlens-notice";
  ns.NOTICE_TAG = TAG;

  const STYLE = `
:host {
  all: initial !important;
  position: fixed !important; inset-block-end: 16px !important; inset-inline-end: 16px !important;
  z-index: 2147483646 !important; display: block !important;
  max-inline-size: min(380px, calc(100vw - 32px)) !important;
}
*, *::before, *::after { box-sizing: border-box; }
.box {
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
  text-align: start; overflow-wrap: anywhere; border-radius: 8px;
  color: #47290a; background: #fff5e6; border: 1px solid color-mix(in srgb, #b35c00 35%, transparent);
  border-inline-start: 5px solid #b35c00; padding-block: 10px 12px; padding-inline: 14px 10px;
  box-shadow: 0 4px 16px rgb(0 0 0 / 18%);
}
.head { display: flex; align-items: flex-start; gap: 8px; }
.title { flex: 1; margin: 0; font-size: 15px; font-weight: 700; line-height: 1.35; }
.dismiss {
  flex: none; display: inline-flex; align-items: center; gap: 4px; min-inline-size: 24px; min-block-size: 24px;
  margin-block: -2px; padding-block: 2px; padding-inline: 6px; border: 0; border-radius: 4px;
  background: transparent; color: inherit; font: inherit; font-size: 13px; font-weight: 600; cursor: pointer;
}
.dismiss .x { font-size: 18px; line-height: 1; }
.dismiss:hover, .dismiss:focus-visible { background: color-mix(in srgb, #b35c00 15%, transparent); }
:focus-visible { outline: 2px solid #9a4c00; outline-offset: 2px; }
p { margin-block: 6px 0; margin-inline: 0; }
.label { font-weight: 600; }
`;

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  // Shows (or replaces) the notice. words: {lang, title, label, help, dismiss}; onDismiss() is
  // called when the shopper closes it.
  ns.showNotice = function (words, onDismiss) {
    ns.hideNotice();
    const box = make("section", "box");
    box.setAttribute("role", "status");
    box.setAttribute("aria-labelledby", "title");
    box.lang = String(words.lang || "");
    box.dir = "auto";
    const title = make("p", "title", words.title);
    title.id = "title";
    const dismiss = make("button", "dismiss");
    dismiss.type = "button";
    const cross = make("span", "x", "×");
    cross.setAttribute("aria-hidden", "true");
    dismiss.append(cross, make("span", "", words.dismiss));
    const head = make("div", "head");
    head.append(title, dismiss);
    const state = make("p");
    state.append(make("span", "label", words.label + ". "), document.createTextNode(words.help));
    box.append(head, state);
    box.addEventListener("click", (event) => event.stopPropagation());

    const host = document.createElement(TAG);
    const style = make("style", "", STYLE);
    // Closed, like the banners' roots: a page script cannot rewrite the notice's words.
    host.attachShadow({ mode: "closed" }).append(style, box);
    dismiss.addEventListener("click", () => {
      host.remove();
      if (onDismiss) onDismiss();
    });
    (document.body || document.documentElement).append(host);
    return host;
  };

  ns.hideNotice = function () {
    for (const host of document.querySelectorAll(TAG)) host.remove();
  };
})();
