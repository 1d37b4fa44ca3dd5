// The WebExtension namespace: Firefox's promise-based `browser`, else Chrome's `chrome` (whose MV3
// APIs return promises too). Module pages and the background import it instead of guessing.
export const api = globalThis.browser ?? globalThis.chrome;
