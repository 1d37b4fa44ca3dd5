// What each connection state means to the shopper, for the popup, the options page and the badge
// tooltip. The service worker decides the state; these are only the words for it.
export const STATES = {
  ok: { label: "Connected", help: "orderlens is checking the orders on AliExpress order pages." },
  no_token: {
    label: "Not paired",
    help: "No token yet. In the orderlens folder run “.venv/bin/orderlens token” (or “orderlens token” if you installed it) and paste the token in the options.",
  },
  bad_server: { label: "Bad server address", help: "Fix the server address in the options (http://127.0.0.1:PORT)." },
  unauthorized: {
    label: "Token not accepted",
    help: "The server refused the token. Paste the current one in the options: run “.venv/bin/orderlens token” in the orderlens folder (or “orderlens token” if you installed it).",
  },
  forbidden: {
    label: "Refused by the server",
    help: "The server did not accept this extension. Update orderlens so the extension and server match.",
  },
  down: {
    label: "Server not running",
    help: "Start it with “make run” in the orderlens folder (or “orderlens serve” if you installed it); orderlens retries on its own.",
  },
  impostor: {
    label: "Something else is listening on this port",
    help:
      "A program that could not prove it is your orderlens server answers at this address, so orderlens sent it nothing: no page, no token. Check the port in the options, and start the server with “make run” in the orderlens folder (or “orderlens serve” if you installed it).",
  },
  slow: { label: "Server too slow", help: "The server did not answer in time; orderlens retries on its own." },
  too_large: { label: "Page too large", help: "This page is larger than the server accepts." },
  error: { label: "Server error", help: "The server answered with an error; orderlens retries on its own." },
  unknown: { label: "Not checked yet", help: "Open an AliExpress order page, or use “Test connection”." },
};

export function describe(state) {
  return STATES[state] ?? STATES.error;
}
