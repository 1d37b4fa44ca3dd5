// Builds one banner: a host element with a closed shadow root holding the banner's own styles.
//
// Shared verbatim by the content script and `orderlens preview` (which inlines this file into a
// saved page), so it must stay a plain script that touches no extension API. Every piece of text
// comes from the server, which read it off the page, so it is set with textContent only: never
// innerHTML, never an attribute that could run code.
//
// Accessibility (WCAG 2.2 AA): text contrast of at least 4.5:1 in every severity, controls of at
// least 24×24 px whose names contain their visible words, the severity said in words to screen
// readers, new-tab links marked, and after Dismiss a notice with Undo where the banner was, focused.
(function () {
  "use strict";
  const ns = (globalThis.orderlens = globalThis.orderlens || {});

  const HOST_TAG = "orderlens-banner";
  const NOTICE_TAG = "orderlens-dismissed";
  const SEVERITIES = new Set(["action", "warning", "info"]);
  // How long the "hidden · Undo" notice stays after Dismiss (longer while it has the focus).
  const UNDO_MS = 8000;
  // From this many banners on a page they take the compact form, so they do not bury the list.
  const STACK_MIN = 3;
  // Banner buttons lead to AliExpress only, over https: the server already checks, and this
  // second check keeps a tampered answer from sending the shopper anywhere else.
  const ALIEXPRESS_DOMAINS = ["aliexpress.com", "aliexpress.us", "aliexpress.ru"];

  // English for labels a strings.js may lack (parser/banners/texts/en.toml [ui] has the same
  // words, which a test checks); a language's own words win over these.
  const FALLBACK_LABELS = Object.freeze({
    severity_action: "Action needed:",
    severity_warning: "Warning:",
    severity_info: "Note:",
    new_tab: "opens in a new tab",
    more: "More",
    less: "Less",
    dismissed: "Banner hidden for this order.",
    undo: "Undo",
    history_changed: "Changed since your last visit ({date}): was “{status}”",
    history_changed_plain: "Changed since your last visit ({date})",
    history_refund_waiting: "Same status for {days} days; refund still in progress",
    decisive: "Deciding fact",
  });
  // The server's order journal: a refund waiting this many days or more gets the history line.
  const REFUND_WAIT_DAYS = 2;
  const WAITING_REFUNDS = new Set(["requested", "in_progress"]);
  const DAY_MS = 24 * 60 * 60 * 1000;

  // Inside the shadow root page CSS cannot reach us; `:host` rules use !important because outer
  // page rules would otherwise win over :host for the host box itself. Logical properties
  // (margin-block, padding-inline, border-inline-start) keep the layout right in RTL pages.
  // --accent colours borders and the icon; --text is the accent for words, dark enough for 4.5:1
  // on the banner's background and on white. The compact form (title, one line, "More") applies
  // when the banner's own width is under 480 px, whatever the window size, and when STACK_MIN or
  // more banners are on the page (class "stacked").
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
.frame { container-type: inline-size; }
.banner, .notice {
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
  text-align: start;
  overflow-wrap: anywhere;
  border-radius: 8px;
}
.banner {
  --accent: #1c5fb8; --text: #1c5fb8; --bg: #eef4fc; --ink: #13284a;
  color: var(--ink);
  background: var(--bg);
  border: 1px solid color-mix(in srgb, var(--accent) 35%, transparent);
  border-inline-start: 5px solid var(--accent);
  padding-block: 10px 12px;
  padding-inline: 14px 10px;
}
.banner[data-severity="action"] { --accent: #c0262d; --text: #c0262d; --bg: #fdeeee; --ink: #4d1013; }
.banner[data-severity="warning"] { --accent: #b35c00; --text: #9a4c00; --bg: #fff5e6; --ink: #47290a; }
.sr-only {
  position: absolute; inline-size: 1px; block-size: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip-path: inset(50%); white-space: nowrap;
}
.head { display: flex; align-items: flex-start; gap: 8px; }
.icon {
  flex: none; inline-size: 20px; block-size: 20px; border-radius: 50%;
  background: var(--accent); color: #fff; font-weight: 700; font-size: 13px;
  display: grid; place-items: center; margin-block-start: 1px;
}
.heading { flex: 1; margin: 0; font-size: 15px; font-weight: 700; line-height: 1.35; }
button {
  display: inline-flex; align-items: center; justify-content: center; gap: 4px;
  min-inline-size: 24px; min-block-size: 24px; font: inherit; cursor: pointer;
}
.dismiss {
  flex: none; margin-block: -2px; padding-block: 2px; padding-inline: 6px; border: 0; border-radius: 4px;
  background: transparent; color: inherit; font-size: 13px; font-weight: 600;
}
.dismiss .x { font-size: 18px; line-height: 1; }
.dismiss:hover, .dismiss:focus-visible { background: color-mix(in srgb, var(--accent) 15%, transparent); }
.summary { margin-block: 6px 0; margin-inline: 0; }
.history { margin-block: 4px 0; margin-inline: 0; font-size: 13px; font-weight: 600; }
.more {
  display: none; margin-block-start: 4px; padding: 0; border: 0; background: transparent;
  color: var(--text); font-weight: 600; text-decoration: underline;
}
.steps { margin-block: 6px 0; margin-inline: 0; padding-inline-start: 22px; }
.steps li { margin-block: 2px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-block-start: 10px; }
.action {
  display: inline-block; padding-block: 6px; padding-inline: 12px; border-radius: 6px;
  border: 1px solid var(--text); color: var(--text); background: #fff;
  font-weight: 600; text-decoration: none; line-height: 1.3;
}
.action:first-child { background: var(--text); color: #fff; }
.action[target="_blank"]::after { content: "\\2197"; content: "\\2197" / ""; margin-inline-start: 4px; }
.action:hover, .action:focus-visible { filter: brightness(0.92); text-decoration: underline; }
.why { margin-block-start: 8px; }
.why summary {
  cursor: pointer; color: var(--text); font-weight: 600; inline-size: max-content; min-block-size: 24px;
}
.why p { margin-block: 4px 2px; margin-inline: 0; font-size: 13px; }
.why ul { margin: 0; padding-inline-start: 20px; font-size: 13px; }
.why q { font-style: italic; }
.why .decisive { font-weight: 700; }
:focus-visible { outline: 2px solid var(--text, #1f2937); outline-offset: 2px; }
.stacked:not(.open) .summary { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.stacked:not(.open) .rest { display: none; }
.stacked .more { display: inline-flex; }
@container (max-width: 479px) {
  .banner { padding-inline: 10px 6px; font-size: 13px; }
  .banner:not(.open) .summary { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .banner:not(.open) .rest { display: none; }
  .more { display: inline-flex; }
  .action { flex: 1 1 100%; text-align: center; }
}
.notice {
  display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px;
  color: #1f2937; background: #f3f4f6; border: 1px solid #d1d5db; padding-block: 4px; padding-inline: 12px;
}
.notice p { margin: 0; }
.undo {
  padding-block: 2px; padding-inline: 10px; border: 1px solid #1c5fb8; border-radius: 6px;
  background: #fff; color: #1c5fb8; font-weight: 600;
}
`;

  const ICONS = { action: "!", warning: "!", info: "i" };

  // The shadow roots of our hosts. They are closed, so a page script finds host.shadowRoot null and
  // can neither rewrite a banner nor reach its buttons; only this code (and place.js, main.js
  // through ns.shadowOf) keeps the way in.
  const roots = new WeakMap();
  ns.shadowOf = (host) => roots.get(host) || null;

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  // A control's handler that ignores untrusted clicks: a page script's el.click() or dispatchEvent
  // must not dismiss a warning. The shopper's clicks and keys (Enter, Space) are trusted events.
  function onTrustedClick(element, handler) {
    element.addEventListener("click", (event) => {
      if (event.isTrusted) handler(event);
    });
  }

  function button(className, text) {
    const node = make("button", className, text);
    node.type = "button";
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

  // A host element of ours with a closed shadow root holding the banner styles and `content`.
  function shadowHost(tag, content) {
    const host = document.createElement(tag);
    const style = document.createElement("style");
    style.textContent = STYLE;
    const frame = make("div", "frame");
    frame.append(content);
    const root = host.attachShadow({ mode: "closed" });
    roots.set(host, root);
    root.append(style, frame);
    return host;
  }

  // The page's own control for a banner action (BannerControl in parser/model.py): looked for at
  // click time in the order's block, the element the banner is anchored to, among its buttons and
  // links whose visible text is the control's (whitespace and case aside), shown ones only.
  const PAGE_CONTROLS = "button, a[href], [role=button]";
  // A text as the server shows it (parser/text.py `clean`): invisible break hints (soft hyphen, zero-width
  // space, word joiner, BOM) dropped, each run of whitespace one space. main.js compares statuses with it too.
  const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/g;
  ns.shownText = (text) => String(text).replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
  const squash = (text) => ns.shownText(text).toLowerCase();

  function findControl(block, text) {
    if (!block || !block.isConnected) return null;
    const wanted = squash(text);
    const found = Array.from(block.querySelectorAll(PAGE_CONTROLS)).find(
      (el) => el.getClientRects().length > 0 && squash(el.innerText) === wanted,
    );
    return found || null;
  }

  // How long the page's control keeps our outline, set through its inline style; the inline values
  // it had come back afterwards (kept per element, so a second click does not save our own outline).
  const HIGHLIGHT_MS = 3000;
  const OUTLINE = [
    ["outline", "3px solid #1c5fb8"],
    ["outline-offset", "2px"],
  ];
  const outlined = new WeakMap();

  function highlight(el) {
    const style = el.style;
    const saved = outlined.get(el) || {
      before: OUTLINE.map(([name]) => [name, style.getPropertyValue(name), style.getPropertyPriority(name)]),
    };
    clearTimeout(saved.timer);
    for (const [name, value] of OUTLINE) style.setProperty(name, value, "important");
    saved.timer = setTimeout(() => {
      for (const [name, value, priority] of saved.before) style.setProperty(name, value, priority);
      outlined.delete(el);
    }, HIGHLIGHT_MS);
    outlined.set(el, saved);
  }

  // Scrolls to the page's control and marks it; false when the page no longer has it.
  function pointAt(block, text) {
    const el = findControl(block, text);
    if (!el) return false;
    const still = globalThis.matchMedia && globalThis.matchMedia("(prefers-reduced-motion: reduce)").matches;
    el.scrollIntoView({ behavior: still ? "auto" : "smooth", block: "center" });
    el.focus({ preventScroll: true }); // a no-op on an element that cannot take the focus
    highlight(el);
    return true;
  }

  // A button for an action the page offers itself: it points at the page's control instead of
  // opening a tab, and opens the action's link (when there is one) only if the control is gone.
  function controlButton(control, href, opts) {
    const node = button("action", control.label);
    node.setAttribute("data-kind", String(control.kind));
    onTrustedClick(node, () => {
      const block = opts.anchorOf ? opts.anchorOf(node.getRootNode().host) : null;
      if (!pointAt(block, control.text) && href) globalThis.open(href, "_blank", "noopener,noreferrer");
    });
    return node;
  }

  // The banner's buttons, in the server's order: a link to another page per action, or a button
  // pointing at the page's own control when it has one for that kind; controls without an action last.
  function actionLinks(banner, opts, labels) {
    const actions = make("div", "actions");
    const controls = new Map((banner.controls || []).map((control) => [String(control.kind), control]));
    let links = 0;
    for (const action of banner.actions || []) {
      const href = safeHref(action.href, opts.baseUrl || document.baseURI);
      const control = controls.get(String(action.kind));
      if (control) {
        controls.delete(String(action.kind));
        actions.append(controlButton(control, href, opts));
        continue;
      }
      if (!href) continue;
      const link = make("a", "action", action.label);
      link.href = href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      // The arrow after the label shows the new tab; this says it to screen readers.
      link.setAttribute("aria-describedby", "new-tab");
      link.setAttribute("data-kind", String(action.kind));
      actions.append(link);
      links += 1;
    }
    for (const control of controls.values()) actions.append(controlButton(control, null, opts));
    if (!actions.childElementCount) return null;
    if (links) {
      const note = make("span", "", labels.new_tab);
      note.id = "new-tab";
      note.hidden = true;
      actions.append(note);
    }
    return actions;
  }

  // The evidence, ranked by the server: the fact that decided (the first, and only one) says so in
  // words, "Deciding fact: “Canceled”", so it is not read as one quote among equals.
  function why(banner, labels) {
    const details = make("details", "why");
    details.append(make("summary", "", labels.why), make("p", "", labels.evidence_intro));
    const colon = /^fr\b/i.test(String(banner.lang || "")) ? "\u00a0: " : ": "; // French spaces its colon
    let labelled = false;
    // Evidence is the page's own text, possibly in another script: isolate its direction.
    const quote = (ev) => {
      const q = make("q", "", ev.text);
      q.dir = "auto";
      if (!ev.decisive || labelled) return q;
      labelled = true;
      const item = document.createDocumentFragment();
      item.append(make("span", "decisive", labels.decisive), colon, q);
      return item;
    };
    details.append(list("ul", "", banner.evidence, quote));
    return details;
  }

  // The compact form hides the steps, buttons and evidence behind "More"; wide banners never show it.
  function moreToggle(box, labels) {
    const more = button("more", labels.more);
    more.setAttribute("aria-expanded", "false");
    more.setAttribute("aria-controls", "rest");
    onTrustedClick(more, () => {
      const open = box.classList.toggle("open");
      more.setAttribute("aria-expanded", String(open));
      more.textContent = open ? labels.less : labels.more;
    });
    return more;
  }

  // Gives every banner of the page the compact form when there are STACK_MIN or more of them.
  function markStacks() {
    const hosts = Array.from(document.querySelectorAll(HOST_TAG)).filter(ns.shadowOf);
    for (const host of hosts) {
      const box = ns.shadowOf(host).querySelector(".banner");
      if (box) box.classList.toggle("stacked", hosts.length >= STACK_MIN);
    }
  }

  // The banner's place in the page: the host, or the table row place.js wrapped it in.
  function mountOf(host) {
    return (ns.MOUNT_ATTR && host.closest(`[${ns.MOUNT_ATTR}]`)) || host;
  }

  // A journal date ("2026-12-03T10:00:00+00:00") as the banner's language writes a short date ("3 Dec").
  function shortDate(iso, lang) {
    const when = new Date(String(iso));
    if (Number.isNaN(when.getTime())) return "";
    try {
      return new Intl.DateTimeFormat(lang || undefined, { day: "numeric", month: "short" }).format(when);
    } catch (_) {
      return when.toISOString().slice(0, 10);
    }
  }

  // One line from the order's journal history (see OrderHistory in parser/model.py), or null: what
  // changed since the last visit, else how long a refund has been waiting. Replacements are
  // functions so that a "$" in the page's status text is not read as a replacement pattern.
  function historyLine(history, lang, labels) {
    if (!history || typeof history !== "object") return null;
    if (history.changed && history.previous_seen) {
      const status = history.previous_status_text;
      const text = status
        ? labels.history_changed.replace("{status}", () => String(status))
        : labels.history_changed_plain;
      return text.replace("{date}", () => shortDate(history.previous_seen, lang));
    }
    const days = Math.floor((Date.now() - new Date(String(history.status_since)).getTime()) / DAY_MS);
    if (WAITING_REFUNDS.has(history.refund_state) && days >= REFUND_WAIT_DAYS) {
      return labels.history_refund_waiting.replace("{days}", () => String(days));
    }
    return null;
  }

  // The banner to draw for an order: its banner plus the journal fields the history line reads.
  // Only those: `last_seen` moves on every analysis and would redraw the banner each time.
  ns.withHistory = function (banner, history) {
    if (!history || typeof history !== "object") return banner;
    const { changed, previous_status_text, previous_seen, status_since, refund_state } = history;
    return { ...banner, history: { changed, previous_status_text, previous_seen, status_since, refund_state } };
  };

  // After Dismiss: a short notice where the banner was, holding the focus so keyboard and screen
  // reader users are not dropped to the top of the page. When `onDismiss(banner)` returns a
  // function (which takes the dismissal back and puts the banner up again), the notice offers it
  // as Undo. The notice goes after UNDO_MS, or later, when the focus leaves it.
  function showDismissed(host, banner, opts, labels) {
    const mount = mountOf(host);
    const notice = make("div", "notice");
    notice.setAttribute("role", "status");
    notice.lang = String(banner.lang || "");
    notice.dir = "auto";
    const message = make("p", "", labels.dismissed);
    message.id = "message";
    notice.append(message);
    notice.addEventListener("click", (event) => event.stopPropagation());
    const noticeHost = shadowHost(NOTICE_TAG, notice);
    let place = noticeHost;
    if (mount.tagName === "TR") {
      place = document.createElement("tr");
      const cell = document.createElement("td");
      cell.colSpan = mount.cells.length ? mount.cells[0].colSpan : 1;
      cell.append(noticeHost);
      place.append(cell);
    }
    mount.before(place);

    const undo = opts.onDismiss ? opts.onDismiss(banner) : null;
    mount.remove(); // the caller has usually done so already by re-placing its banners
    markStacks();
    let focusTarget = message;
    if (typeof undo === "function") {
      focusTarget = button("undo", labels.undo);
      focusTarget.setAttribute("aria-describedby", "message");
      onTrustedClick(focusTarget, () => {
        undo();
        const id = String(banner.anchor.order_id);
        const back = Array.from(document.querySelectorAll(HOST_TAG)).find(
          (el) => el.getAttribute("data-orderlens-order-id") === id && ns.shadowOf(el),
        );
        if (back) ns.shadowOf(back).querySelector(".dismiss").focus();
        place.remove();
      });
      notice.append(focusTarget);
    } else {
      message.tabIndex = -1;
    }

    let expired = false;
    setTimeout(() => {
      expired = true;
      if (!ns.shadowOf(noticeHost).activeElement) place.remove();
    }, UNDO_MS);
    notice.addEventListener("focusout", (event) => {
      if (expired && !notice.contains(event.relatedTarget)) place.remove();
    });
    focusTarget.focus();
  }

  // Builds the banner for one order. `options.labels` holds the ui strings, `options.onDismiss`
  // is called when the shopper closes it (and may return an undo function, see showDismissed),
  // `options.baseUrl` resolves relative action links, `options.anchorOf(host)` is the element the banner
  // is anchored to now (where its buttons look for the page's own controls).
  ns.renderBanner = function (banner, options) {
    const opts = options || {};
    const labels = Object.assign({}, FALLBACK_LABELS, opts.labels || ns.labelsFor(banner.lang));
    const severity = SEVERITIES.has(banner.severity) ? banner.severity : "info";

    const box = make("section", "banner");
    box.setAttribute("data-severity", severity);
    box.setAttribute("aria-labelledby", "heading");
    box.lang = String(banner.lang || "");
    // The banner's direction follows its own text (its title comes first), not the page's: an
    // English banner on an Arabic page reads left to right, and the reverse.
    box.dir = "auto";

    const head = make("div", "head");
    const icon = make("span", "icon");
    icon.textContent = ICONS[severity];
    icon.setAttribute("aria-hidden", "true");
    icon.dir = "ltr"; // its own dir keeps the Latin "i" out of the banner's auto direction
    // The colour says how urgent it is; the heading says it in words too ("Warning: ...").
    const heading = make("p", "heading");
    heading.id = "heading";
    heading.setAttribute("role", "heading");
    heading.setAttribute("aria-level", "3");
    const word = make("span", "sr-only", labels["severity_" + severity] + " ");
    word.dir = "auto"; // its own dir keeps it out of the banner's auto direction, which the title sets
    heading.append(word, make("span", "title", banner.title));
    const dismiss = button("dismiss");
    const cross = make("span", "x", "×");
    cross.setAttribute("aria-hidden", "true");
    dismiss.append(cross, make("span", "", labels.dismiss));
    head.append(icon, heading, dismiss);
    box.append(head, make("p", "summary", banner.summary));
    const line = historyLine(banner.history, banner.lang, labels);
    if (line) box.append(make("p", "history", line));
    box.append(moreToggle(box, labels));

    const rest = make("div", "rest");
    rest.id = "rest";
    if (banner.steps && banner.steps.length) rest.append(list("ol", "steps", banner.steps));
    const actions = actionLinks(banner, opts, labels);
    if (actions) rest.append(actions);
    if (banner.evidence && banner.evidence.length) rest.append(why(banner, labels));
    box.append(rest);

    // Order cards often have the page's own click handlers (open the order, select the card):
    // a click anywhere on the banner is ours and must not reach them. Defaults (links) still work.
    box.addEventListener("click", (event) => event.stopPropagation());

    const host = shadowHost(HOST_TAG, box);
    host.setAttribute("data-orderlens-order-id", String(banner.anchor.order_id));
    host.setAttribute("data-orderlens-scenario", String(banner.scenario));
    onTrustedClick(dismiss, () => showDismissed(host, banner, opts, labels));
    // Counted once the caller has placed this banner (and the others it places in the same run).
    queueMicrotask(markStacks);
    return host;
  };

  ns.fallbackLabels = FALLBACK_LABELS;
})();
