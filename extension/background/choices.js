// What the shopper chose on order pages: the banners they dismissed and the "not checking" notice
// they closed. Kept in storage.local, which only the extension's own pages and this worker may
// read where the browser allows it (see restrictStorage): a content script runs in the page's
// process, so it asks here instead and never sees the settings or the token next to them.
import { api } from "../shared/api.js";

const DISMISSED_KEY = "dismissed"; // {dismissKey: time dismissed}
const NOTICE_KEY = "noticeDismissed"; // {status, at}: the notice the shopper closed, and when
const NOTICE_QUIET_MS = 24 * 60 * 60 * 1000; // a closed notice stays away this long for the same problem
const DISMISSED_KEEP = 500; // newest dismissals kept; older orders are long settled
const KEY_MAX = 200; // "<order id>:<scenario>" is far shorter; anything longer is not ours

// Chromium can keep storage.local from content scripts; Firefox cannot yet (bug 1724754), where
// the call is missing or refused and the threat model in SECURITY.md says what that leaves open.
export async function restrictStorage() {
  try {
    await api.storage.local.setAccessLevel({ accessLevel: "TRUSTED_CONTEXTS" });
  } catch (_) {
    // Not supported here.
  }
}

export async function getDismissed() {
  const stored = await api.storage.local.get(DISMISSED_KEY);
  const value = stored[DISMISSED_KEY];
  return value && typeof value === "object" ? value : {};
}

// Two tabs dismissing at once must not lose one of the two: changes run one after another.
let queue = Promise.resolve();

// Dismisses (or, with undo, takes back) one banner; returns the dismissals after the change.
export function setDismissed(key, undo) {
  const run = queue.then(async () => {
    if (typeof key !== "string" || !key || key.length > KEY_MAX) throw new Error("not a dismissal key");
    const dismissed = await getDismissed();
    if (undo) delete dismissed[key];
    else dismissed[key] = Date.now();
    const newest = Object.entries(dismissed).sort((a, b) => b[1] - a[1]).slice(0, DISMISSED_KEEP);
    const next = Object.fromEntries(newest);
    await api.storage.local.set({ [DISMISSED_KEY]: next });
    return next;
  });
  queue = run.catch(() => {});
  return run;
}

// Whether the shopper closed the notice about this same problem lately.
export async function noticeQuiet(status) {
  const closed = (await api.storage.local.get(NOTICE_KEY))[NOTICE_KEY];
  return !!closed && closed.status === status && Date.now() - closed.at < NOTICE_QUIET_MS;
}

export async function closeNotice(status) {
  await api.storage.local.set({ [NOTICE_KEY]: { status: String(status), at: Date.now() } });
}

// Tells the content script of every open order page (but `except`, the tab that made the change).
// Tabs without our content script refuse the message, which is expected and ignored.
export async function tellOrderPages(message, except) {
  const tabs = await api.tabs.query({});
  await Promise.all(
    tabs.filter((tab) => tab.id !== except).map((tab) => api.tabs.sendMessage(tab.id, message).catch(() => {})),
  );
}
