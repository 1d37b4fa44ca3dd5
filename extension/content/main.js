// The content script's loop: capture the page, ask the service worker for an analysis, show the
// banners, and do it again when the order markup changes.
//
// The content script never talks to the server itself (Local Network Access blocks page contexts
// from 127.0.0.1); the service worker does. When the server is down, slow or failing, we try again
// later with a growing delay; when the extension is not paired we wait until the settings change
// instead of polling. When the server cannot be reached or refuses us and the page shows orders, a
// small notice says so with the one thing to do (notice.js); slow or failing answers stay quiet.
(function () {
  "use strict";
  const ns = globalThis.orderlens;
  const api = globalThis.browser || globalThis.chrome;
  if (!ns || !api || !api.runtime || ns.contentStarted) return;
  ns.contentStarted = true;

  const RETRY_DELAYS_MS = [2000, 4000, 8000, 16000, 32000, 60000];
  // Outcomes that waiting will not fix: the user must change the settings (or the page must change).
  const NO_RETRY = new Set(["no_token", "bad_server", "unauthorized", "forbidden", "too_large"]);
  // A page that keeps changing while its orders stay the same (ads, carousels, live counters) is
  // sent at most this often; a change to its orders is sent at once.
  const RESEND_MIN_MS = 10000;

  let analysis = null;
  let dismissed = new Map(); // dismissKey -> time dismissed
  let showDismissed = false; // the popup's switch: this page view shows dismissed banners again
  let revealed = new Set(); // the dismissals it shows again; dismissing one of them again hides it
  let shown = []; // the banners on the page now
  let inFlight = false;
  let again = false;
  let failures = 0;
  let retryTimer = null;
  let lastReport = "";
  let noticeShown = null; // the state the notice on the page is about
  let lastSent = { at: 0, orders: null }; // when the page was last sent, and its orders then
  let resendTimer = null;

  function dismissedSet() {
    return new Set(Array.from(dismissed.keys()).filter((key) => !revealed.has(key)));
  }

  // The shopper's dismissals live with the service worker: storage.local is out of a content
  // script's reach, because the settings and the token are kept there too (see choices.js).
  async function loadDismissed() {
    const reply = await send({ type: "orderlens:dismissals" });
    dismissed = new Map(Object.entries((reply && reply.dismissed) || {}));
  }

  // Hides the banner for good (stored by the service worker; if that fails, for this page view)
  // and returns the undo the banner's notice offers for a few seconds.
  function dismiss(banner) {
    const key = ns.dismissKey(banner);
    revealed.delete(key);
    dismissed.set(key, Date.now());
    render();
    send({ type: "orderlens:dismiss", key });
    return () => {
      dismissed.delete(key);
      render();
      send({ type: "orderlens:dismiss", key, undo: true });
    };
  }

  function send(message) {
    // A service worker that is restarting, or an extension that was reloaded, rejects: treat it
    // like a server that is briefly away.
    return api.runtime.sendMessage(message).catch(() => ({ status: "error" }));
  }

  function render() {
    if (!analysis) return;
    try {
      shown = ns.placeBanners(analysis, { dismissed: dismissedSet(), onDismiss: dismiss });
    } catch (_) {
      return; // an answer we cannot draw must not break the page (or fill its console)
    }
    const severities = shown.map((banner) => banner.severity);
    const report = JSON.stringify(severities);
    if (report === lastReport) return; // the badge already says this
    lastReport = report;
    send({ type: "orderlens:shown", count: shown.length, severities });
  }

  // The "not checking" notice for a failed analysis, unless the page shows no orders, or the
  // background has no notice for this state (slow, error, ...) or the shopper closed the same one lately.
  async function noticeFor(status) {
    if (noticeShown === status || !ns.looksLikeOrderPage(document, location.href)) return;
    const reply = await send({ type: "orderlens:notice-words", status, pageLang: document.documentElement.lang });
    if (analysis) return; // the banners came meanwhile
    if (!reply || !reply.words) {
      noticeShown = null; // slow, failing: nothing the shopper can do, so no notice
      ns.hideNotice();
      return;
    }
    noticeShown = status;
    ns.showNotice(reply.words, () => send({ type: "orderlens:notice-closed", status }));
  }

  function retryLater() {
    clearTimeout(retryTimer);
    const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)];
    failures += 1;
    retryTimer = setTimeout(analyze, delay);
  }

  const squash = ns.shownText; // the server's display form of a text (content/banner.js)

  // The page's orders as far as the browser can tell: the ids it links to, and whether each status
  // the last analysis read is still on the page. A status that changes in place shows here.
  function ordersKey() {
    const text = squash(document.body ? document.body.textContent : "");
    const statuses = ((analysis && analysis.orders) || []).map((order) =>
      order.status_text && text.includes(squash(order.status_text)) ? "1" : "0",
    );
    return ns.orderIdsOnPage(document).join(",") + "|" + statuses.join("");
  }

  // The page changed: send it now if its orders changed or the last send is RESEND_MIN_MS old;
  // otherwise once, when that time is up, so its last state is still read.
  function pageChanged() {
    const wait = lastSent.at + RESEND_MIN_MS - Date.now();
    if (wait <= 0 || ordersKey() !== lastSent.orders) analyze();
    else if (!resendTimer) resendTimer = setTimeout(analyze, wait);
  }

  async function analyze() {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    clearTimeout(retryTimer);
    clearTimeout(resendTimer);
    resendTimer = null;
    lastSent = { at: Date.now(), orders: ordersKey() };
    let reply = null;
    try {
      reply = await send({ type: "orderlens:analyze", html: ns.capturePage(document), url: location.href });
    } catch (_) {
      reply = { status: "error" }; // a page we could not copy: treat like a failed call
    }
    inFlight = false;

    if (reply && reply.status === "ok" && reply.analysis) {
      failures = 0;
      analysis = reply.analysis;
      lastSent.orders = ordersKey(); // now with the statuses this analysis read
      noticeShown = null;
      ns.hideNotice();
      render();
    } else {
      const status = (reply && reply.status) || "error";
      if (!analysis) noticeFor(status);
      // Down, slow, busy, failing: try again later. Settings the user must fix: the settings
      // listener below starts over once they do.
      if (!NO_RETRY.has(status)) retryLater();
    }
    if (again) {
      again = false;
      analyze();
    }
  }

  // What the toolbar popup lists for this page: the banners shown, and why no order was read when
  // none was (a captcha instead of the orders, a page no layout knows), or which statuses are unknown;
  // and the id of every order read here, dismissed or not, which its list of other pages leaves out.
  function pageSummary() {
    if (!analysis) return { analysed: false };
    const codes = new Set((analysis.diagnostics || []).map((d) => d.code));
    const orders = analysis.orders || [];
    const wanted = ns.wantedBanners(analysis, null);
    const hidden = Array.from(wanted.values()).filter((banner) => dismissed.has(ns.dismissKey(banner)));
    return {
      analysed: true,
      captcha: codes.has("anti_bot"),
      total: orders.length,
      orderIds: orders.map((order) => String(order.order_id)),
      banners: shown.map((b) => ({ orderId: String(b.anchor.order_id), title: b.title, severity: b.severity })),
      unknown: orders
        .filter((order) => order.scenario === "unknown")
        .map((order) => ({ orderId: String(order.order_id), status: order.status_text || "" })),
      dismissed: hidden.length,
      showDismissed,
    };
  }

  // Scrolls an order's banner into view and puts the focus on it (the popup's list links here).
  function reveal(orderId) {
    const host = Array.from(document.querySelectorAll("[data-orderlens-order-id]")).find(
      (el) => el.getAttribute("data-orderlens-order-id") === String(orderId) && ns.shadowOf(el),
    );
    if (!host) return false;
    host.scrollIntoView({ block: "center" });
    const box = ns.shadowOf(host).querySelector(".banner");
    if (box) {
      box.tabIndex = -1;
      box.focus({ preventScroll: true });
    }
    return true;
  }

  // The popup and the service worker speak through tabs.sendMessage; only our own extension can reach this listener.
  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== api.runtime.id || !message) return false;
    if (message.type === "orderlens:page-summary") sendResponse(pageSummary());
    else if (message.type === "orderlens:capture") sendResponse({ html: ns.capturePage(document), url: location.href });
    else if (message.type === "orderlens:reveal") sendResponse({ revealed: reveal(message.orderId) });
    else if (message.type === "orderlens:show-dismissed") {
      showDismissed = !!message.on;
      revealed = showDismissed ? new Set(dismissed.keys()) : new Set();
      render();
      sendResponse(pageSummary());
    } else if (message.type === "orderlens:settings-changed") {
      failures = 0;
      analyze();
    } else if (message.type === "orderlens:dismissals-changed") {
      // Another tab dismissed a banner (or took it back) for an order shown here too.
      dismissed = new Map(Object.entries(message.dismissed || {}));
      render();
    }
    return false;
  });

  loadDismissed().then(() => {
    ns.watchPage({
      onSettled(changed) {
        if (changed) pageChanged();
        else render(); // same content; just make sure a re-rendered card got its banner back
      },
    });
  });
})();
