// Builds one banner: a host element with an open shadow root holding the banner's own styles.
//
// Shared verbatim by the content script and `orderlens preview` (which inlines this file into a
// saved page), so it must stay a plain script that touches no extension API. Every piece of text
// comes from the server, which read it off the page, so it is set with textContent only: never
// innerHTML, never an attribute that could run code.
(function () {
  "use strict";
  const ns = (globalThis.orderlens = globalThis.orderlens || {});

  const HOST_TAG = "orderlens-banner";
  const SEVERITIES = new Set(["action", "warning", "info"]);
  // Banner buttons lead to AliExpress only, over https: the server already checks, and this
  // second check keeps a tampered answer from sending the shopper anywhere else.
  const ALIEXPRESS_DOMAINS = ["aliexpress.com", "aliexpress.us", "aliexpress.ru"];

  // Inside the shadow root page CSS cannot reach us; `:host` rules use !important because outer
  // page rules would otherwise win over :host for the host box itself. Logical properties
  // (margin-block, padding-inline, border-inline-start) keep the layout right in RTL pages.
  const STYLE = `
:host {
  all: initial !important;
  display: block !important;
  box-sizing: border-box !important;
  inline-size: auto !important;
  max-inline-size: 100% !important;
  margin-block: 8px !important;
  margin-inline: 0 !important;
  contain: layout paint style !important;
}
*, *::before, *::after { box-sizing: border-box; }
.banner {
  --accent: #1c5fb8; --bg: #eef4fc; --ink: #13284a;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
  color: var(--ink);
  background: var(--bg);
  border: 1px solid color-mix(in srgb, var(--accent) 35%, transparent);
  border-inline-start: 5px solid var(--accent);
  border-radius: 8px;
  padding-block: 10px 12px;
  padding-inline: 14px 10px;
  text-align: start;
  overflow-wrap: anywhere;
}
.banner[data-severity="action"] { --accent: #c0262d; --bg: #fdeeee; --ink: #4d1013; }
.banner[data-severity="warning"] { --accent: #b35c00; --bg: #fff5e6; --ink: #47290a; }
.head { display: flex; align-items: flex-start; gap: 8px; }
.icon {
  flex: none; inline-size: 20px; block-size: 20px; border-radius: 50%;
  background: var(--accent); color: #fff; font-weight: 700; font-size: 13px;
  display: grid; place-items: center; margin-block-start: 1px;
}
.title { flex: 1; margin: 0; font-size: 15px; font-weight: 700; line-height: 1.35; }
.dismiss {
  flex: none; border: 0; background: transparent; color: inherit; cursor: pointer;
  font: inherit; font-size: 18px; line-height: 1; padding: 2px 6px; border-radius: 4px; opacity: .7;
}
.dismiss:hover, .dismiss:focus-visible { opacity: 1; background: color-mix(in srgb, var(--accent) 15%, transparent); }
.summary { margin-block: 6px 0; margin-inline: 0; }
.steps { margin-block: 6px 0; margin-inline: 0; padding-inline-start: 22px; }
.steps li { margin-block: 2px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-block-start: 10px; }
.action {
  display: inline-block; padding-block: 6px; padding-inline: 12px; border-radius: 6px;
  border: 1px solid var(--accent); color: var(--accent); background: #fff;
  font-weight: 600; text-decoration: none; line-height: 1.3;
}
.action:first-child { background: var(--accent); color: #fff; }
.action:hover, .action:focus-visible { filter: brightness(0.92); text-decoration: underline; }
.why { margin-block-start: 8px; }
.why summary { cursor: pointer; color: var(--accent); font-weight: 600; inline-size: max-content; }
.why p { margin-block: 4px 2px; margin-inline: 0; font-size: 13px; }
.why ul { margin: 0; padding-inline-start: 20px; font-size: 13px; }
.why q { font-style: italic; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
@media (max-width: 480px) {
  .banner { padding-inline: 10px 6px; font-size: 13px; }
  .action { flex: 1 1 100%; text-align: center; }
}
`;

  const ICONS = { action: "!", warning: "!", info: "i" };

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  // Only plain web links become buttons: a javascript: or data: href from a hostile page must not.
  function onAliExpress(url) {
    const host = url.hostname; // internationalised look-alikes arrive here as xn-- names
    const known = ALIEXPRESS_DOMAINS.some((domain) => host === domain || host.endsWith("." + domain));
    return url.protocol === "https:" && !url.username && !url.password && (url.port === "" || url.port === "443") && known;
  }

  function safeHref(href, base) {
    try {
      const url = new URL(String(href), base);
      return onAliExpress(url) ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  function list(tag, className, items, wrap) {
    const node = make(tag, className);
    for (const item of items) {
      const li = make("li");
      li.append(wrap ? wrap(item) : document.createTextNode(String(item)));
      node.append(li);
    }
    return node;
  }

  // Builds the banner for one order. `options.labels` holds the ui strings, `options.onDismiss`
  // is called when the shopper closes it, `options.baseUrl` resolves relative action links.
  ns.renderBanner = function (banner, options) {
    const opts = options || {};
    const labels = opts.labels || ns.labelsFor(banner.lang);
    const severity = SEVERITIES.has(banner.severity) ? banner.severity : "info";

    const host = document.createElement(HOST_TAG);
    host.setAttribute("data-orderlens-order-id", String(banner.anchor.order_id));
    host.setAttribute("data-orderlens-scenario", String(banner.scenario));
    const root = host.attachShadow({ mode: "open" });

    const style = document.createElement("style");
    style.textContent = STYLE;

    const box = make("section", "banner");
    box.setAttribute("data-severity", severity);
    box.setAttribute("aria-label", String(banner.title));
    box.lang = String(banner.lang || "");
    // The banner's direction follows its own text (its title comes first), not the page's: an
    // English banner on an Arabic page reads left to right, and the reverse.
    box.dir = "auto";

    const head = make("div", "head");
    const icon = make("span", "icon");
    icon.textContent = ICONS[severity];
    icon.setAttribute("aria-hidden", "true");
    icon.dir = "ltr"; // its own dir keeps the Latin "i" out of the banner's auto direction
    const title = make("p", "title", banner.title);
    title.setAttribute("role", "heading");
    title.setAttribute("aria-level", "3");
    const dismiss = make("button", "dismiss");
    dismiss.type = "button";
    dismiss.textContent = "×";
    dismiss.title = labels.dismiss;
    dismiss.setAttribute("aria-label", labels.dismiss);
    dismiss.addEventListener("click", () => {
      if (opts.onDismiss) opts.onDismiss(banner);
    });
    head.append(icon, title, dismiss);
    box.append(head, make("p", "summary", banner.summary));

    if (banner.steps && banner.steps.length) box.append(list("ol", "steps", banner.steps));

    const actions = make("div", "actions");
    for (const action of banner.actions || []) {
      const href = safeHref(action.href, opts.baseUrl || document.baseURI);
      if (!href) continue;
      const link = make("a", "action", action.label);
      link.href = href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.setAttribute("data-kind", String(action.kind));
      actions.append(link);
    }
    if (actions.childElementCount) box.append(actions);

    if (banner.evidence && banner.evidence.length) {
      const why = make("details", "why");
      why.append(make("summary", "", labels.why), make("p", "", labels.evidence_intro));
      // Evidence is the page's own text, possibly in another script: isolate its direction.
      const quote = (ev) => {
        const q = make("q", "", ev.text);
        q.dir = "auto";
        return q;
      };
      why.append(list("ul", "", banner.evidence, quote));
      box.append(why);
    }

    // Order cards often have the page's own click handlers (open the order, select the card):
    // a click anywhere on the banner is ours and must not reach them. Defaults (links) still work.
    box.addEventListener("click", (event) => event.stopPropagation());

    root.append(style, box);
    return host;
  };
})();
