// Mutual authentication with the local server; the pairing token is the shared secret and is
// never sent (docs/server.md, "Authentication"; server/auth.py is the other half).
//   - The server proves itself: GET /v1/hello?nonce=<ours> answers its own nonce and
//     HMAC-SHA256(token, "orderlens-server-v1\n" + port + "\n" + our nonce + "\n" + its nonce).
//     Whatever else listens on the port cannot compute it, so it never gets a page.
//   - We prove ourselves on every analysis: Authorization: orderlens-hmac nonce=…, ts=…, mac=…
//     with mac = HMAC-SHA256(token, "orderlens-analyze-v1\n" + nonce + "\n" + ts + "\n" + sha256hex(body)).
const SERVER_LABEL = "orderlens-server-v1";
const REQUEST_LABEL = "orderlens-analyze-v1";
const TOKEN_ID_LABEL = "orderlens-token-id-v1";
const HEX_MAC = /^[0-9a-f]{64}$/;
const HEX_NONCE = /^[0-9a-f]{32,128}$/;
const encoder = new TextEncoder();

function hex(buffer) {
  return [...new Uint8Array(buffer)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

function bytesOfHex(text) {
  return new Uint8Array(text.match(/../g).map((pair) => parseInt(pair, 16)));
}

function hmacKey(token, usage) {
  return crypto.subtle.importKey("raw", encoder.encode(token), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

async function hmacHex(token, message) {
  return hex(await crypto.subtle.sign("HMAC", await hmacKey(token, "sign"), encoder.encode(message)));
}

// 256 bits from the browser's CSPRNG, hex.
export function newNonce() {
  return hex(crypto.getRandomValues(new Uint8Array(32)));
}

// The port a proof is bound to: the server's own, so a relay from another port fails.
export function portOf(origin) {
  const url = new URL(origin);
  return url.port || "80";
}

// Is `hello` (the server's JSON answer) a proof, for our nonce and port, that it holds `token`?
// "ok", "other_token" (a real orderlens server paired with another token, or a liar: either way
// nothing is sent) or "impostor". WebCrypto's verify compares in constant time.
export async function checkHello(token, port, clientNonce, hello) {
  if (!hello || typeof hello !== "object") return "impostor";
  const { server_nonce: serverNonce, proof, token_id: tokenId } = hello;
  if (typeof serverNonce !== "string" || !HEX_NONCE.test(serverNonce)) return "impostor";
  if (typeof proof !== "string" || !HEX_MAC.test(proof)) return "impostor";
  const message = encoder.encode(`${SERVER_LABEL}\n${port}\n${clientNonce}\n${serverNonce}`);
  if (await crypto.subtle.verify("HMAC", await hmacKey(token, "verify"), bytesOfHex(proof), message)) return "ok";
  const ours = (await hmacHex(token, TOKEN_ID_LABEL)).slice(0, 16);
  return typeof tokenId === "string" && tokenId !== ours ? "other_token" : "impostor";
}

// The Authorization header value for a request carrying `body` (bytes), fresh each time.
export async function signRequest(token, body) {
  const nonce = newNonce();
  const ts = Math.floor(Date.now() / 1000);
  const bodyHash = hex(await crypto.subtle.digest("SHA-256", body));
  const mac = await hmacHex(token, `${REQUEST_LABEL}\n${nonce}\n${ts}\n${bodyHash}`);
  return `orderlens-hmac nonce=${nonce}, ts=${ts}, mac=${mac}`;
}
