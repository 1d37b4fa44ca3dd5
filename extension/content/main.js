// The content script's loop: capture the page, ask the service worker for an analysis, show the
// banners, and do it again when the order markup changes.
//
// The content script never talks to the server itself (Local Network Access blocks page contexts
// from 127.0.0.1); the service worker does. When the server is down, slow or failing, the page is
// left as it is and we try again later with a growing delay; when the extension is not paired we
// wait until the settings change instead of polling.
(function () {
  "use strict";
  const ns = globalThis.orderlens;
  const api = globalThis.browser || globalThis.chrome;
  if (!ns || !api || !api.runtime || ns.contentStarted) return;
  ns.contentStarted = true;

  const RETRY_DELAYS_MS = [2000, 4000, 8000, 16000, 32000, 60000];
  // Outcomes that waiting will not fix: the user must change the settings (or the page must change).
  const NO_RETRY = new Set(["no_token", "bad_server", "unauthorized", "forbidden", "too_large"]);
  const DISMISSED_KEY = "dismissed";
  const DISMISSED_KEEP = 500; // newest dismissals kept; older orders are long settled

  let analysis = null;
  let dismissed = new Map(); // dismissKey -> time dismissed
  let inFlight = false;
  let again = false;
  let failures = 0;
  let retryTimer = null;
  let lastReport = "";

  function dismissedSet() {
    return new Set(dismissed.keys());
  }

  async function loadDismissed() {
    try {
      const stored = await api.storage.local.get(DISMISSED_KEY);
      dismissed = new Map(Object.entries(stored[DISMISSED_KEY] || {}));
    } catch (_) {
      dismissed = new Map();
    }
  }

  // Hides the banner for good (stored) and returns the undo the banner's notice offers for a few seconds.
  function dismiss(banner) {
    const key = ns.dismissKey(banner);
    dismissed.set(key, Date.now());
    render();
    saveDismissed();
    return () => {
      dismissed.delete(key);
      render();
      saveDismissed();
    };
  }

  async function saveDismissed() {
    const newest = Array.from(dismissed).sort((a, b) => b[1] - a[1]).slice(0, DISMISSED_KEEP);
    try {
      await api.storage.local.set({ [DISMISSED_KEY]: Object.fromEntries(newest) });
    } catch (_) {
      // Storage full or gone: the banner stays hidden for this page view, which is all we can do.
    }
  }

  function send(message) {
    // A service worker that is restarting, or an extension that was reloaded, rejects: treat it
    // like a server that is briefly away.
    return api.runtime.sendMessage(message).catch(() => ({ status: "error" }));
  }

  function render() {
    if (!analysis) return;
    let shown;
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

  function retryLater() {
    clearTimeout(retryTimer);
    const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)];
    failures += 1;
    retryTimer = setTimeout(analyze, delay);
  }

  async function analyze() {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    clearTimeout(retryTimer);
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
      render();
    } else if (!reply || !NO_RETRY.has(reply.status)) {
      retryLater(); // down, slow, busy, failing: try again later, quietly
    }
    // Otherwise the settings listener below starts over once the user fixes the settings.
    if (again) {
      again = false;
      analyze();
    }
  }

  api.storage.onChanged.addListener((changes, area) => {
    if (area !== "local") return;
    if (changes.settings) {
      failures = 0;
      analyze();
    }
    if (changes[DISMISSED_KEY]) {
      // Another tab dismissed a banner for an order shown here too.
      dismissed = new Map(Object.entries(changes[DISMISSED_KEY].newValue || {}));
      render();
    }
  });

  loadDismissed().then(() => {
    ns.watchPage({
      onSettled(changed) {
        if (changed) analyze();
        else render(); // same content; just make sure a re-rendered card got its banner back
      },
    });
  });
})();
