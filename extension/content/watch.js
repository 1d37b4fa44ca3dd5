// Notices when the order markup changes ("View orders" loads more cards, a tab switch re-renders
// the list) without asking the server again for every animation frame.
//
// Mutations are debounced for a short quiet spell only (a page that has stopped changing is read at
// once: the banner should follow the orders within ~150 ms); then the page's order-relevant content
// is reduced to a fingerprint and only a changed fingerprint counts as a change. How often a page
// that keeps changing is sent is main.js's concern. Digits are blanked in the text
// because countdowns ("ships within 1 day 06:12:40") tick every second; order ids, which are
// digits, are added back from the order links so a new card still changes the fingerprint.
(function () {
  "use strict";
  const ns = (globalThis.orderlens = globalThis.orderlens || {});

  const SKIP_TEXT_IN = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG"]);
  // Order ids in links: ?orderId= / ?tradeOrderId= / ?tradeId=, or aliexpress.ru's /order-list/<id>.
  const ORDER_ID_IN_URL = /(?:(?:orderId|tradeOrderId|tradeId)=|\/order-list\/)(\d{6,})/gi;
  const ORDER_LINKS = "a[href*='rderId='], a[href*='radeId='], a[href*='/order-list/'], [data-orderid]";

  // FNV-1a, 32 bit: cheap, and collisions only cost a skipped re-analysis.
  function hash(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return (h >>> 0).toString(16);
  }

  // Our banners' mounts and the "not checking" notice (notice.js): changes there are our own.
  const OURS = () => [`[${ns.MOUNT_ATTR}]`, ns.NOTICE_TAG].filter(Boolean).join(", ");

  function isOurs(node) {
    const el = node.nodeType === 1 ? node : node.parentElement;
    return !!(el && el.closest(OURS()));
  }

  function orderIdsIn(d) {
    const ids = new Set();
    for (const link of d.querySelectorAll(ORDER_LINKS)) {
      const source = link.getAttribute("href") || "";
      for (const match of source.matchAll(ORDER_ID_IN_URL)) ids.add(match[1]);
      const attr = link.getAttribute("data-orderid");
      if (attr) ids.add(attr);
    }
    return Array.from(ids).sort();
  }

  // The order ids the page links to, sorted: a new card or a re-rendered list shows here.
  ns.orderIdsOnPage = (doc) => orderIdsIn(doc || document);

  // Whether the page shows orders, before the server has read it: its address names an order, or
  // it links to some. A captcha or login page at an order address does neither.
  ns.looksLikeOrderPage = function (doc, url) {
    return Array.from(String(url || "").matchAll(ORDER_ID_IN_URL)).length > 0 || orderIdsIn(doc || document).length > 0;
  };

  ns.pageFingerprint = function (doc) {
    const d = doc || document;
    const body = d.body;
    if (!body) return "";
    const parts = [];
    const walker = d.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        const parent = node.parentElement;
        if (!parent || SKIP_TEXT_IN.has(parent.tagName.toUpperCase()) || isOurs(parent)) {
          return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.data.replace(/\d+/g, "#").replace(/\s+/g, " ").trim();
      if (text) parts.push(text);
    }
    return hash(parts.join("\n")) + ":" + orderIdsIn(d).join(",");
  };

  // Calls onSettled(changed) once the DOM has been quiet for `quietMs` (or `maxWaitMs` passed
  // while it kept changing). `changed` is true when the fingerprint differs from the last call.
  // Our own banner insertions are ignored, so rendering banners never triggers a re-analysis.
  // 50 ms of quiet: long enough to take a burst of framework updates together, short enough not to
  // be seen; a page that never stops changing is still read after 1 s.
  ns.watchPage = function (options) {
    const quietMs = options.quietMs || 50;
    const maxWaitMs = options.maxWaitMs || 1000;
    let last = null;
    let timer = null;
    let firstPending = 0;

    function settle() {
      timer = null;
      firstPending = 0;
      const now = ns.pageFingerprint(document);
      const changed = now !== last;
      last = now;
      options.onSettled(changed);
    }

    function schedule() {
      const now = Date.now();
      if (!firstPending) firstPending = now;
      clearTimeout(timer);
      timer = setTimeout(settle, Math.max(0, Math.min(quietMs, firstPending + maxWaitMs - now)));
    }

    const isMount = (node) => node.nodeType === 1 && node.matches(OURS());

    function relevant(records) {
      for (const record of records) {
        if (isOurs(record.target)) continue;
        if (record.type === "characterData") return true;
        const nodes = [...record.addedNodes, ...record.removedNodes];
        if (nodes.some((node) => !isMount(node))) return true;
      }
      return false;
    }

    const observer = new MutationObserver((records) => {
      if (relevant(records)) schedule();
    });
    observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    schedule(); // the first analysis, once the page has been quiet for a moment
  };
})();
