// Puts each order's banner at the anchor the server chose, and keeps the set of banners in step
// with the latest analysis: new ones added, stale ones removed, unchanged ones left alone (so an
// open "Why?" stays open across re-analyses).
//
// The anchor is found without trusting class names, which a front-end rebuild may hash or drop:
// the server's selector first, then its element path, then the order's own links. An element is
// taken only when it holds the order (see holds()), so a stale or drifted anchor never puts a
// banner on another order's card.
//
// Shared with `orderlens preview`, so a plain script without extension APIs. What we insert into the
// page is a "mount": the banner host itself, or a table row wrapping it on table layouts.
(function () {
  "use strict";
  const ns = (globalThis.orderlens = globalThis.orderlens || {});

  const MOUNT_ATTR = "data-orderlens-mount";
  const NO_BANNER = new Set(["none", "unknown"]);
  const ROW_GROUPS = new Set(["TBODY", "THEAD", "TFOOT"]);
  const INTERACTIVE = "a[href], button, label, summary, select";

  // What each banner host was drawn from: an answer with the same scenario but other words (the
  // user switched the banner language) must redraw it.
  const drawnFrom = new WeakMap();
  // The element each banner host is anchored to, as of the latest placing: its buttons look for the
  // page's own controls there (banner.js), and a re-rendered card gives a new one.
  const anchors = new WeakMap();
  const anchorOf = (host) => anchors.get(host) || null;

  ns.MOUNT_ATTR = MOUNT_ATTR;
  ns.dismissKey = (banner) => `${banner.anchor.order_id}:${banner.scenario}`;

  // The banners worth showing: one per order, skipping normal/unknown orders and dismissed ones.
  ns.wantedBanners = function (analysis, dismissed) {
    const wanted = new Map();
    for (const order of (analysis && analysis.orders) || []) {
      const banner = order.banner;
      if (!banner || NO_BANNER.has(banner.scenario) || !banner.anchor) continue;
      if (dismissed && dismissed.has(ns.dismissKey(banner))) continue;
      const id = String(banner.anchor.order_id);
      if (!wanted.has(id)) wanted.set(id, ns.withHistory(banner, order.history));
    }
    return wanted;
  };

  function isMount(node) {
    return node.nodeType === 1 && node.hasAttribute(MOUNT_ATTR);
  }

  const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // Text that is not the page's words: script bodies (JSON state may list every order) and styles.
  const NOT_TEXT = new Set(["script", "style", "noscript"]);

  // The page's own words under `root`: its text nodes, minus script bodies and styles. (Our
  // banners' texts live in shadow roots, out of reach here.)
  function* textNodes(root) {
    const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!NOT_TEXT.has(node.parentElement && node.parentElement.localName)) yield node;
    }
  }

  // [element, value] for the attributes of `root` and below, except our own `data-orderlens-*`
  // (our mounts carry order ids).
  function* attributeValues(root) {
    for (const el of [root, ...root.querySelectorAll("*")]) {
      for (const attr of el.attributes) {
        if (!attr.name.startsWith("data-orderlens-")) yield [el, attr.value];
      }
    }
  }

  // Whether order `id` is named in `el`: in its text or an attribute, its own or below it.
  function names(el, id) {
    // The native textContent rules most elements out before any walking.
    if (el.textContent.includes(id)) {
      for (const node of textNodes(el)) if (node.data.includes(id)) return true;
    }
    for (const [, value] of attributeValues(el)) if (value.includes(id)) return true;
    return false;
  }

  // Where the page names each order id of the analysis: text nodes, then elements (by attribute)
  // in document order. One pass over the whole page: only needed when an order's own links must
  // find its card.
  function findMentions(doc, ids) {
    const mentions = [];
    if (!ids.length || !doc.body) return mentions;
    // Longest first, so an id that is the prefix of another is not matched inside it.
    const sorted = [...ids].sort((a, b) => b.length - a.length);
    const shortest = sorted[sorted.length - 1].length;
    const pattern = new RegExp(sorted.map(escapeRegExp).join("|"), "g");
    const add = (node, text) => {
      if (text.length < shortest) return;
      for (const match of text.matchAll(pattern)) mentions.push({ id: match[0], node });
    };
    for (const node of textNodes(doc.body)) add(node, node.data);
    for (const [el, value] of attributeValues(doc.body)) add(el, value);
    return mentions;
  }

  // What placing needs to know about the analysis's orders and the page.
  function pageContext(doc, analysis) {
    const ids = new Set();
    for (const order of (analysis && analysis.orders) || []) {
      const id = order.order_id || (order.banner && order.banner.anchor && order.banner.anchor.order_id);
      if (id) ids.add(String(id));
    }
    const urls = [String((analysis && analysis.url) || ""), String(doc.URL || "")];
    let mentions = null;
    return {
      // The order's own page (its details or tracking): every element there is about it.
      ownPage: (id) => ids.size === 1 || urls.some((url) => url.includes(id)),
      mentions() {
        if (!mentions) mentions = findMentions(doc, Array.from(ids));
        return mentions;
      },
    };
  }

  // Whether `el` holds order `id`: the id is in it (an attribute or text of it or below), or the
  // page is that order's own page.
  function holds(el, id, page) {
    return page.ownPage(id) || names(el, id);
  }

  function holdsAnother(el, id, page) {
    return page.mentions().some((m) => m.id !== id && el.contains(m.node));
  }

  function bySelector(doc, selector) {
    if (!selector) return null;
    try {
      return doc.querySelector(selector);
    } catch (_) {
      return null; // a selector this browser cannot parse: try the other ways rather than throw
    }
  }

  const PATH_STEP = /^([a-z][a-z0-9-]*):nth-of-type\((\d+)\)$/i;

  // The element at `body > div:nth-of-type(3) > a:nth-of-type(1)`, walked step by step so that our
  // own mounts are not counted (the server computed the path on a capture without them).
  function byPath(doc, path) {
    const steps = String(path || "").split(" > ");
    if (steps.shift() !== "body" || !doc.body) return null;
    let el = doc.body;
    for (const step of steps) {
      const match = PATH_STEP.exec(step.trim());
      el = match && nthOfTag(el, match[1].toLowerCase(), Number(match[2]));
      if (!el) return null;
    }
    return el;
  }

  function nthOfTag(parent, tag, n) {
    let seen = 0;
    for (let child = parent.firstElementChild; child; child = child.nextElementSibling) {
      if (child.localName === tag && !isMount(child) && ++seen === n) return child;
    }
    return null;
  }

  // The order's own link (details, tracking), widened to its card: the highest ancestor that
  // still mentions no other order of the analysis.
  function byOrderLinks(doc, id, page) {
    const isLink = (m) => m.id === id && m.node.nodeType === 1 && (m.node.getAttribute("href") || "").includes(id);
    const link = page.mentions().find(isLink);
    if (!link) return null;
    let el = link.node;
    while (el.parentElement && el.parentElement !== doc.body && !holdsAnother(el.parentElement, id, page)) {
      el = el.parentElement;
    }
    return el;
  }

  // The element a banner belongs at, or null: selector, then path, then the order's links.
  function findAnchor(doc, anchor, page) {
    const id = String(anchor.order_id);
    for (const find of [() => bySelector(doc, anchor.selector), () => byPath(doc, anchor.path)]) {
      const el = find();
      if (el && holds(el, id, page)) return el;
    }
    return byOrderLinks(doc, id, page);
  }

  function cellCount(row) {
    let n = 0;
    for (const cell of row.cells) n += cell.colSpan || 1;
    return Math.max(n, 1);
  }

  function displayOf(el) {
    const view = el.ownerDocument.defaultView;
    return view ? view.getComputedStyle(el) : null;
  }

  // A flex or grid container that lays its children side by side: a banner among them would be
  // squeezed into a column.
  function sideBySide(el) {
    const style = el && displayOf(el);
    if (!style) return false;
    if (/grid/.test(style.display)) return true;
    return /flex/.test(style.display) && !style.flexDirection.startsWith("column");
  }

  // Where a banner goes relative to its anchor, as {kind, el}:
  //   "row"    a full-width table row right after row `el` (a <div> is not allowed in a table);
  //   "after"  right after `el`;
  //   "inside" inside `el`, right under its first child: the order's status sits at the top of a
  //            card or status block (header, title), so the banner lands where the status is shown.
  function target(anchor) {
    let el = anchor;
    if (el.tagName === "TABLE") el = el.tBodies[0] || el.rows[0] || el;
    if (el.tagName === "TD" || el.tagName === "TH") el = el.parentElement;
    if (ROW_GROUPS.has(el.tagName)) {
      const first = Array.from(el.rows).find((row) => !isMount(row));
      if (first) return { kind: "row", el: first };
    }
    if (el.tagName === "TR") return { kind: "row", el };
    // Never inside a link or button (a mobile order card is one link): our buttons would trigger it.
    const interactive = el.closest(INTERACTIVE);
    if (interactive) return { kind: "after", el: interactive };
    const style = displayOf(el);
    const inline = !style || style.display.startsWith("inline") || style.display === "contents";
    if (!inline && !sideBySide(el)) return { kind: "inside", el };
    // An inline status (a <span> in a line of text) or a side-by-side row: climb to the first
    // block that stands on its own line and put the banner after it.
    while (el.parentElement && el.parentElement !== el.ownerDocument.body) {
      const own = displayOf(el);
      const isInline = !own || own.display.startsWith("inline") || own.display === "contents";
      if (!isInline && !sideBySide(el.parentElement)) break;
      el = el.parentElement;
    }
    return { kind: "after", el };
  }

  function mountFor(spot, host) {
    if (spot.kind !== "row") {
      host.setAttribute(MOUNT_ATTR, "");
      return host;
    }
    host.removeAttribute(MOUNT_ATTR); // the row is the mount now
    const doc = spot.el.ownerDocument;
    const tr = doc.createElement("tr");
    const td = doc.createElement("td");
    td.colSpan = cellCount(spot.el);
    td.append(host);
    tr.append(td);
    tr.setAttribute(MOUNT_ATTR, "");
    return tr;
  }

  function insert(spot, mount) {
    if (spot.kind !== "inside") {
      spot.el.after(mount);
      return;
    }
    const first = Array.from(spot.el.children).find((child) => !isMount(child));
    if (first) first.after(mount);
    else spot.el.append(mount);
  }

  // Whether a mount still sits where `spot` says: the page may have re-rendered the card and left
  // our banner detached or elsewhere. Must agree with insert(), or re-placing would never settle.
  function sitsAt(mount, spot) {
    if (!mount.isConnected) return false;
    if (spot.kind === "inside") return mount.parentElement === spot.el;
    let prev = mount.previousElementSibling;
    while (prev && isMount(prev)) prev = prev.previousElementSibling;
    return prev === spot.el;
  }

  function existingMounts(doc) {
    const byOrder = new Map();
    for (const mount of doc.querySelectorAll(`[${MOUNT_ATTR}]`)) {
      const host = mount.matches("[data-orderlens-order-id]")
        ? mount
        : mount.querySelector("[data-orderlens-order-id]");
      const id = host && host.getAttribute("data-orderlens-order-id");
      // A host without a shadow root of ours is a copy the page made of our element (cloned card).
      if (id && ns.shadowOf(host) && !byOrder.has(id)) byOrder.set(id, { mount, host });
      else mount.remove(); // a stray, copied or duplicate mount
    }
    return byOrder;
  }

  // Brings the page's banners in line with `analysis`. Returns the banners now shown.
  // options: {dismissed: Set of dismissKey, onDismiss(banner), labelsFor(lang), baseUrl, doc}
  ns.placeBanners = function (analysis, options) {
    const opts = options || {};
    const doc = opts.doc || document;
    const wanted = ns.wantedBanners(analysis, opts.dismissed);
    const current = existingMounts(doc);
    const page = pageContext(doc, analysis);
    const shown = [];

    for (const [id, entry] of current) {
      if (!wanted.has(id)) entry.mount.remove();
    }
    for (const [id, banner] of wanted) {
      const anchor = findAnchor(doc, banner.anchor, page);
      const spot = anchor && target(anchor);
      const entry = current.get(id);
      const same = !!entry && drawnFrom.get(entry.host) === JSON.stringify(banner);
      if (same && spot && sitsAt(entry.mount, spot)) {
        anchors.set(entry.host, anchor);
        shown.push(banner);
        continue;
      }
      if (!spot) {
        if (entry) entry.mount.remove();
        continue;
      }
      // Moving an unchanged banner keeps its state (an open "Why?"); a changed one is drawn anew.
      let host = entry && entry.host;
      if (!same) {
        host = ns.renderBanner(banner, {
          labels: (opts.labelsFor || ns.labelsFor)(banner.lang),
          baseUrl: opts.baseUrl,
          onDismiss: opts.onDismiss,
          anchorOf,
        });
        drawnFrom.set(host, JSON.stringify(banner));
      }
      anchors.set(host, anchor);
      if (entry && !same) entry.mount.remove();
      if (same && entry.mount !== entry.host) entry.mount.remove();
      insert(spot, mountFor(spot, host));
      shown.push(banner);
    }
    return shown;
  };
})();
