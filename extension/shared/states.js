// The connection states the service worker reports. Their words are the state_<name> (label) and
// state_<name>_help messages of the [extension] tables, in every language; the popup, the options
// page, the in-page notice and the toolbar tooltip show them (options/i18n.js stateWords).
export const STATES = [
  "ok",
  "no_token",
  "bad_server",
  "unauthorized",
  "forbidden",
  "down",
  "impostor",
  "slow",
  "too_large",
  "error",
  "unknown",
];
