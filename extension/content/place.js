// Puts each order's banner at the anchor the server chose, and keeps the set of banners in step
// with the latest analysis: new ones added, stale ones removed, unchanged ones left alone (so an
// open "Why?" stays open across re-analyses).
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

  ns.MOUNT_ATTR = MOUNT_ATTR;
  ns.dismissKey = (banner) => `${banner.anchor.order_id}:${banner.scenario}`;

  // The banners worth showing: one per order, skipping normal/unknown orders and dismissed ones.
  ns.wantedBanners = function (analysis, dismissed) {
    const wanted = new Map();
    for (const order of (analysis && analysis.orders) || []) {
      const banner = order.banner;
      if (!banner || NO_BANNER.has(banner.scenario) || !banner.anchor) continue;
      if (dismissed && dismissed.has(ns.dismissKey(banner))) continue;
      if (!wanted.has(String(banner.anchor.order_id))) wanted.set(String(banner.anchor.order_id), banner);
    }
    return wanted;
  };

  function findAnchor(doc, selector) {
    try {
      return doc.querySelector(selector);
    } catch (_) {
      return null; // a selector this browser cannot parse: no banner rather than an exception
    }
  }

  function isMount(node) {
    return node.nodeType === 1 && node.hasAttribute(MOUNT_ATTR);
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
      // A host without its shadow root is a copy the page made of our element (cloned card).
      if (id && host.shadowRoot && !byOrder.has(id)) byOrder.set(id, { mount, host });
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
    const shown = [];

    for (const [id, entry] of current) {
      if (!wanted.has(id)) entry.mount.remove();
    }
    for (const [id, banner] of wanted) {
      const anchor = findAnchor(doc, banner.anchor.selector);
      const spot = anchor && target(anchor);
      const entry = current.get(id);
      const same = !!entry && drawnFrom.get(entry.host) === JSON.stringify(banner);
      if (same && spot && sitsAt(entry.mount, spot)) {
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
        });
        drawnFrom.set(host, JSON.stringify(banner));
      }
      if (entry && !same) entry.mount.remove();
      if (same && entry.mount !== entry.host) entry.mount.remove();
      insert(spot, mountFor(spot, host));
      shown.push(banner);
    }
    return shown;
  };
})();
