"""Hostile pages against the real extension and a real server, in Chromium.

1. A web page cannot read the local server: Local Network Access stops its requests, and when the
   shopper has granted a site local-network access the server's Origin check and the absence of
   any CORS header still leave every answer unreadable, and no analysis is ever done for it.
2. A look-alike domain gets no banners: the content script does not run there, nothing is sent.
3. Text a page controls (status, notices, seller reasons, store names, link targets) that contains
   markup is shown as text, creates no element, runs nothing, and never becomes a javascript: or
   data: button.
4. Whatever else listens on the paired port (another local account's program, say) gets no page,
   no order id and no token: the server must first prove it holds the token, and the token never
   travels. Only the extension's own pages may ask the service worker to test a connection.
5. A page script cannot rewrite a drawn banner or press its buttons: the shadow roots are closed,
   and the controls ignore untrusted (scripted) clicks anyway.
6. Code in the content script's world cannot read the settings or the token (Chromium's storage
   access level); dismissals go through the service worker.
"""

from __future__ import annotations

import html as htmllib
import re
import socket
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.extension.conftest import ExtensionBrowser, wait_for
from tests.extension.pages import PageCase, artifact, case, content_script_runs_on, read_banners
from tests.extension.shadow import click, in_page
from tests.extension.strings_sync import messages
from tests.server.serverkit import LiveServer

# --- server log -----------------------------------------------------------------------------------

# One line per request on the server's stderr: "... orderlens.server: POST /v1/analyze 403 in=…".
_LOG_LINE = re.compile(r"orderlens\.server: (\S+) (\S+) (\d{3}) ")


class ServerLog:
    """The server's request lines written after this object was made."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.start = len(server.stderr_text())

    def lines(self) -> list[tuple[str, str, int]]:
        text = self.server.stderr_text()[self.start :]
        return [(m[1], m[2], int(m[3])) for m in _LOG_LINE.finditer(text)]

    def requests(self, method: str, path: str) -> list[int]:
        """Statuses of the requests with this method and path, in order."""
        return [status for m, p, status in self.lines() if (m, p) == (method, path)]


# --- 1. A web page cannot read the server ---------------------------------------------------------

PROBE_PAGE = "<!DOCTYPE html><html><head><title>probe</title></head><body><p>nothing here</p></body></html>"

# Every way a page script might try to reach the server: plain and no-cors GETs of /v1/health,
# "simple" POSTs (no preflight), and POSTs guessing the extension's headers. `Origin` is a header
# page scripts may not set (fetch drops it silently); it is tried anyway.
PROBE_JS = r"""
async ({port, extensionId}) => {
  const base = `http://127.0.0.1:${port}`;
  const body = JSON.stringify({html: "<p>order 8170398812245566</p>", url: null, lang: null});
  const guess = {
    "Content-Type": "application/json",
    "Authorization": "Bearer guessed-token",
    "Origin": `chrome-extension://${extensionId}`,
  };
  const probes = {
    "GET health": ["/v1/health", {}],
    "GET health no-cors": ["/v1/health", {mode: "no-cors"}],
    "GET health with credentials": ["/v1/health", {credentials: "include"}],
    "POST text/plain": ["/v1/analyze", {method: "POST", body, headers: {"Content-Type": "text/plain"}}],
    "POST form": ["/v1/analyze", {method: "POST", body: "html=x",
                                  headers: {"Content-Type": "application/x-www-form-urlencoded"}}],
    "POST json no-cors": ["/v1/analyze", {method: "POST", mode: "no-cors", body,
                                          headers: {"Content-Type": "text/plain"}}],
    "POST guessed headers": ["/v1/analyze", {method: "POST", body, headers: guess}],
    "POST guessed headers no-cors": ["/v1/analyze", {method: "POST", mode: "no-cors", body, headers: guess}],
  };
  const out = {};
  for (const [name, [path, init]] of Object.entries(probes)) {
    try {
      const response = await fetch(base + path, init);
      let text = null;
      try { text = await response.text(); } catch (e) { text = null; }
      out[name] = {fetched: true, type: response.type, status: response.status, body: text};
    } catch (error) {
      out[name] = {fetched: false, error: String(error)};
    }
  }
  return out;
}
"""
PROBE_POSTS = 5  # POST probes above

# A preflighted request on its own (run with routing off, so Chromium sends the real preflight).
# The query string makes it miss Chromium's preflight cache, which may hold an answer Playwright
# gave for an earlier probe (the server logs the path without it).
PREFLIGHT_JS = r"""
async (port) => {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/v1/analyze?probe=${Math.random()}`, {
      method: "POST", body: '{"html": "x"}',
      headers: {"Content-Type": "application/json", "Authorization": "Bearer guessed-token"},
    });
    return {fetched: true, type: response.type, status: response.status, body: await response.text()};
  } catch (error) {
    return {fetched: false, error: String(error)};
  }
}
"""

PAGE_ORIGINS = {
    "aliexpress_order_list": "https://www.aliexpress.com/p/order/index.html",  # the content script runs here
    "unrelated_site": "https://evil.example/",
}


def _unreadable(results: dict[str, Any]) -> dict[str, Any]:
    """The probes whose answer the page could read (empty when none could)."""
    readable = {}
    for name, result in results.items():
        if not result["fetched"]:
            continue  # rejected: nothing to read
        if result["type"] == "opaque" and result["status"] == 0 and not result["body"]:
            continue  # no-cors: an opaque answer, no status, no body
        readable[name] = result
    return readable


def _probe_page(browser: ExtensionBrowser, url: str) -> Any:
    """Open a plain page at `url` (unpaired extension, so every server request comes from the page)."""
    browser.settings(token="")  # the extension itself must not talk to the server during these tests
    return browser.open(PageCase(name="probe", html=PROBE_PAGE, url=url, expected={}, normal=frozenset()))


@pytest.mark.browser
@pytest.mark.parametrize("url", PAGE_ORIGINS.values(), ids=PAGE_ORIGINS.keys())
def test_page_cannot_reach_the_server(browser: ExtensionBrowser, url: str) -> None:
    """By default Chromium's Local Network Access refuses a public page's requests to 127.0.0.1."""
    page = _probe_page(browser, url)
    log = ServerLog(browser.server)
    results = page.evaluate(PROBE_JS, {"port": browser.server.port, "extensionId": browser.extension_id})

    assert _unreadable(results) == {}, f"the page read the server's answer: {_unreadable(results)}"
    assert all(not r["fetched"] for r in results.values()), f"some requests were not blocked: {results}"
    page.wait_for_timeout(200)
    assert log.lines() == [], "requests of a web page reached the server despite Local Network Access"


@pytest.mark.browser
@pytest.mark.parametrize("url", PAGE_ORIGINS.values(), ids=PAGE_ORIGINS.keys())
def test_page_allowed_on_the_local_network_still_cannot_read_the_server(browser: ExtensionBrowser, url: str) -> None:
    """Worst case: the shopper granted the site local-network access. The requests now reach the
    server; its Origin check refuses every one (403) and no CORS header lets the page read anything.

    Chromium's real CORS preflight is checked first, with request routing switched off. While
    requests are routed, Playwright answers preflights itself with permissive headers (and Chromium
    caches that answer), so the guessed-header POSTs of the probe then really reach the server: its
    Origin check alone must stop them."""
    parts = urlsplit(url)
    browser.context.grant_permissions(["local-network-access"], origin=f"{parts.scheme}://{parts.netloc}")
    try:
        page = _probe_page(browser, url)

        browser.context.unroute_all(behavior="wait")
        log = ServerLog(browser.server)
        preflighted = page.evaluate(PREFLIGHT_JS, browser.server.port)
        assert not preflighted["fetched"], f"a preflighted POST got an answer: {preflighted}"
        wait_for(log.lines, 5, "the preflight to reach the server")
        page.wait_for_timeout(100)
        assert log.lines() == [("OPTIONS", "/v1/analyze", 403)], "the preflight must be refused, the POST never sent"
        _route_pages(browser)

        log = ServerLog(browser.server)
        results = page.evaluate(PROBE_JS, {"port": browser.server.port, "extensionId": browser.extension_id})
        assert _unreadable(results) == {}, f"the page read the server's answer: {_unreadable(results)}"
        posts = wait_for(
            lambda: len(log.requests("POST", "/v1/analyze")) >= PROBE_POSTS and log.requests("POST", "/v1/analyze"),
            5,
            "the page's POSTs to reach the server",
        )
        assert posts == [403] * PROBE_POSTS, f"the Origin check did not refuse every page POST: {posts}"
        health = log.requests("GET", "/v1/health")
        # A GET carrying the page's Origin is refused; the no-cors one carries no Origin and gets the
        # public health answer, opaque to the page (its status and body are hidden from it).
        assert 403 in health, f"a health request with the page's Origin was answered: {health}"
        assert set(health) <= {200, 403}
    finally:
        browser.context.clear_permissions()
        _route_pages(browser)


def _route_pages(browser: ExtensionBrowser) -> None:
    """Serve pages by routing again, exactly as ExtensionBrowser.__init__ (conftest) sets it up."""
    browser.context.unroute_all(behavior="wait")
    browser.context.route(lambda url: url.startswith("https://"), browser._fulfil)


@pytest.mark.browser
def test_page_cannot_message_the_extension(browser: ExtensionBrowser) -> None:
    """No externally_connectable: a page gets no chrome.runtime to ask the service worker for an
    analysis (which would come back with the shopper's token attached)."""
    page = _probe_page(browser, PAGE_ORIGINS["aliexpress_order_list"])
    exposed = page.evaluate("() => typeof globalThis.chrome?.runtime?.sendMessage")
    assert exposed == "undefined"


_CORS_PROBES: list[tuple[str, str, dict[str, str], bytes | None]] = [
    ("GET", "/v1/health", {}, None),
    ("GET", "/v1/health", {"Origin": "https://evil.example"}, None),
    ("GET", "/v1/openapi.json", {}, None),
    (
        "OPTIONS",
        "/v1/analyze",
        {
            "Origin": "https://www.aliexpress.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
            "Access-Control-Request-Private-Network": "true",
        },
        None,
    ),
    ("POST", "/v1/analyze", {"Origin": "https://evil.example", "Content-Type": "text/plain"}, b'{"html": "x"}'),
    ("POST", "/v1/analyze", {"Origin": "null", "Content-Type": "application/json"}, b'{"html": "x"}'),
]


def test_no_server_response_carries_a_cors_header(live_server: LiveServer) -> None:
    """Refusals, public answers and the paired extension's own analyses: never Access-Control-*."""
    replies = [
        live_server.request(method, path, headers=headers, body=body) for method, path, headers, body in _CORS_PROBES
    ]
    replies.append(live_server.analyze({"html": case("current_list.desktop_mixed_en").html, "url": None, "lang": None}))
    replies.append(live_server.request("OPTIONS", "/v1/analyze", headers=live_server.auth_headers()))
    statuses = [r.status for r in replies]
    assert statuses[:6] == [200, 403, 200, 403, 403, 403] and statuses[6] == 200, statuses
    for reply in replies:
        cors = [k for k, _ in reply.headers if k.lower().startswith("access-control-")]
        assert cors == [], f"{reply.status} answer carries {cors}"


# --- 2. Look-alike domains --------------------------------------------------------------------------

LOOK_ALIKES = [
    "https://www.aliexpress.com.evil.example/p/order/index.html",
    "https://www.aliexpress.com.example.org/p/order/index.html",
    "https://aliexpress.co/p/order/index.html",
    "https://www.aliexpresss.com/p/order/index.html",
    "https://www.aliexpress-orders.com/p/order/index.html",
    "https://wwwaliexpress.com/p/order/index.html",
    "https://trade.aliexpress.com.evil.example/orderList.htm",
    "https://www.aliexpress.ru.evil.example/order-list",
    "https://evil.example/www.aliexpress.com/p/order/index.html",
    "https://evil.example/p/order/index.html?next=https://www.aliexpress.com/p/order/index.html",
    # www.аliexpress.com with a Cyrillic "а" (U+0430), as Chromium puts it on the wire.
    "https://" + "www.\u0430liexpress.com".encode("idna").decode("ascii") + "/p/order/index.html",
]


@pytest.mark.browser
def test_look_alike_domains_get_no_banners(browser: ExtensionBrowser) -> None:
    real = case("current_list.desktop_mixed_en")
    assert len(real.expected) >= 2
    log = ServerLog(browser.server)

    pages = []
    for url in LOOK_ALIKES:
        assert not content_script_runs_on(url), f"{url} matches the manifest"
        pages.append(browser.open(replace(real, name="look-alike", url=url)))
    # The content script analyses after 0.4 s of quiet; on the real page banners show ~0.5 s after
    # load. Three times that is plenty for one that would run.
    pages[-1].wait_for_timeout(1500)
    for url, page in zip(LOOK_ALIKES, pages, strict=True):
        assert page.url == url
        assert page.locator("[data-orderlens-order-id], [data-orderlens-mount]").count() == 0, f"banners on {url}"
    assert log.requests("POST", "/v1/analyze") == [], "a look-alike page was sent to the server"
    assert browser.tab_states() == {}, "the content script reported from a look-alike page"

    # Control: the very same page at the real address gets its banners.
    page = browser.open(real)
    browser.wait_reported(page)
    assert {b["id"] for b in read_banners(page)} == set(real.expected)
    assert log.requests("POST", "/v1/analyze") == [200]


# --- 3. Markup in page text never runs ----------------------------------------------------------------

IMG = '<img src=x onerror="window.__pwned=1;alert(1)">'
SCRIPT = "<script>window.__pwned=2;alert(2)</script>"
SVG = '<svg onload="window.__pwned=5;alert(5)"></svg>'
# Link targets a hostile page could put on action buttons; browsers run or open every one of them.
BAD_HREFS = [
    "JavaScript:window.__pwned=3;alert(3)",
    " javascript:window.__pwned=4;alert(4)",
    "java&#9;script:window.__pwned=6;alert(6)",
    "data:text/html,&lt;script&gt;alert(7)&lt;/script&gt;",
]


def _text(markup: str) -> str:
    """Markup as the page would carry it inside text: escaped, so the page itself shows it."""
    return htmllib.escape(markup, quote=False)


def _tamper(html: str, old: str, new: str) -> str:
    assert old in html, f"the fixture no longer contains {old!r}"
    return html.replace(old, new, 1)


def _hostile_security() -> tuple[PageCase, list[str]]:
    """Closed for security: markup in the status title, the notice and the store name, and a
    javascript: link labelled like the order-details button the banner offers."""
    base = case("current_detail.detail_closed_security_en")
    html = _tamper(
        base.html,
        '<div class="order-block-title">Closed</div>',
        f'<div class="order-block-title">Closed {_text(IMG)}</div>',
    )
    html = _tamper(
        html,
        '<div class="order-status-notice">',
        f'<div class="order-status-notice">{_text(SCRIPT)} {_text(SVG)} ',
    )
    html = _tamper(html, '<span class="store-name">', f'<span class="store-name">{_text(SCRIPT)}{_text(IMG)}')
    html = _tamper(
        html,
        '<button type="button" class="comet-btn"><span>Delete order</span></button>',
        f'<a class="comet-btn" href="{BAD_HREFS[1]}"><span>Order details</span></a>',
    )
    return replace(base, name="hostile-security", html=html), [IMG, SCRIPT, SVG]


def _hostile_seller_request() -> tuple[PageCase, list[str]]:
    """The seller writes the cancellation reason: markup there; the page's contact and cancel
    buttons point at javascript: and data: URLs."""
    base = case("current_detail.detail_seller_requests_cancel_en")
    html = _tamper(base.html, "Reason: “Other reasons”", f"Reason: “{_text(IMG)} {_text(SCRIPT)}”")
    html = _tamper(html, "cancel this order</div>", f"cancel this order {_text(SCRIPT)}</div>")
    html = _tamper(
        html,
        'href="https://www.aliexpress.com/p/message/index.html?orderId=8220100234567891"',
        f'href="{BAD_HREFS[0]}"',
    )
    html = _tamper(
        html,
        '<button type="button" class="comet-btn"><span>Agree to cancel</span></button>',
        f'<a class="comet-btn" href="{BAD_HREFS[3]}"><span>Agree to cancel</span></a>',
    )
    return replace(base, name="hostile-seller-request", html=html), [SCRIPT]


def _hostile_canceled_after_shipping() -> tuple[PageCase, list[str]]:
    """Markup in the tracking number and line (carrier text); contact, dispute and tracking links
    with scripted targets."""
    base = case("current_detail.detail_canceled_after_shipping_es")
    html = _tamper(
        base.html,
        '<span class="logistics-line-status">Pedido cancelado</span>',
        f'<span class="logistics-line-status">Pedido cancelado {_text(IMG)}</span>',
    )
    html = _tamper(html, "LP00634512789012</span>", f"LP00634512789012{_text(SVG)}</span>")
    html = _tamper(
        html,
        '<button type="button" class="comet-btn comet-btn-primary"><span>Contactar con el vendedor</span></button>',
        f'<a class="comet-btn" href="{BAD_HREFS[2]}"><span>Contactar con el vendedor</span></a>',
    )
    html = _tamper(
        html,
        '<button type="button" class="comet-btn"><span>Abrir disputa</span></button>',
        f'<a class="comet-btn" href="{BAD_HREFS[0]}"><span>Abrir disputa</span></a>',
    )
    html = re.sub(r'href="https://es\.aliexpress\.com/p/tracking/index\.html[^"]*"', f'href="{BAD_HREFS[3]}"', html)
    return replace(base, name="hostile-canceled-after-shipping", html=html), [SVG]


HOSTILE = {
    "security_notice_and_status": _hostile_security,
    "seller_reason_and_links": _hostile_seller_request,
    "tracking_line_and_links": _hostile_canceled_after_shipping,
}

# Everything inside a banner's shadow root, read from the page (the root handed over by shadow.py).
SHADOW_JS = r"""
(_, rootOf) => [...document.querySelectorAll("[data-orderlens-order-id]")].map((host) => {
  const root = rootOf(host);
  const elements = [...root.querySelectorAll("*")];
  return {
    text: root.textContent,
    tags: [...new Set(elements.map((el) => el.localName))].sort(),
    handlers: elements.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
    hrefs: elements.filter((el) => el.hasAttribute("href")).map((el) => el.getAttribute("href")),
    actions: [...root.querySelectorAll("a.action")].map((a) => a.href),
  };
})
"""
BANNER_TAGS = {"a", "button", "details", "div", "li", "ol", "p", "q", "section", "span", "style", "summary", "ul"}


@pytest.mark.browser
@pytest.mark.parametrize("build", HOSTILE.values(), ids=HOSTILE.keys())
def test_markup_in_page_text_never_runs(browser: ExtensionBrowser, build: Any) -> None:
    hostile, shown_literally = build()
    # What the server makes of the page: the banner must keep exactly its http(s) actions, whatever
    # scripted targets the parser lets through.
    sent = browser.server.analyze({"html": hostile.html, "url": hostile.url, "lang": None}).json()
    sent_actions = [a["href"] for o in sent["orders"] if o["banner"] for a in o["banner"]["actions"]]

    page = browser.context.new_page()
    browser.opened.append(page)
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    browser.open(hostile, page)
    browser.wait_reported(page)
    banners = read_banners(page)
    assert [(b["id"], b["scenario"]) for b in banners] == list(hostile.expected.items())

    click(page, "[data-orderlens-order-id]", ".why summary")  # shows the evidence
    page.wait_for_timeout(400)  # time for an injected <img> to fail loading and fire onerror
    page.screenshot(path=artifact(f"{hostile.name}.png"), full_page=True)

    assert page.evaluate("() => typeof window.__pwned") == "undefined", "markup from the page ran"
    assert dialogs == [], f"a dialog opened: {dialogs}"
    (shadow,) = in_page(page, SHADOW_JS)
    for markup in shown_literally:
        assert markup in shadow["text"], f"{markup!r} is not shown as text in the banner"
    assert set(shadow["tags"]) <= BANNER_TAGS, f"unexpected elements in the banner: {shadow['tags']}"
    assert shadow["handlers"] == [], f"event handler attributes in the banner: {shadow['handlers']}"
    for href in shadow["hrefs"] + shadow["actions"]:
        assert urlsplit(href).scheme in ("https", "http"), f"banner link to {href!r}"
    assert shadow["actions"] == [h for h in sent_actions if urlsplit(h).scheme in ("https", "http")]
    # The page's own copy of the text stayed text too: nothing was parsed into elements anywhere.
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"], svg[onload]').length") == 0


# --- 4. An impostor on the paired port ------------------------------------------------------------

# What an impostor answers to every request: 200 and a body that looks like any of our answers; the
# forging one adds a hello's fields, with a proof it had to make up (it lacks the token).
IMPOSTOR_BODIES = {
    "lazy": b'{"ok": true, "version": "0.1.0", "orders": [], "page_kind": "order_list"}',
    "forging": (
        b'{"ok": true, "version": "0.1.0", "orders": [], "server_nonce": "'
        + b"ab" * 32
        + b'", "proof": "'
        + b"cd" * 32
        + b'"}'
    ),
}


class Impostor(socketserver.ThreadingTCPServer):
    """An HTTP server that answers 200 to everything and keeps every byte it receives."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, body: bytes) -> None:
        super().__init__(("127.0.0.1", 0), _ImpostorHandler)
        self.body = body
        self.received: list[bytes] = []
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def everything(self) -> bytes:
        with self.lock:
            return b"".join(self.received)


class _ImpostorHandler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        server: Impostor = self.server  # type: ignore[assignment]
        sock: socket.socket = self.request
        sock.settimeout(5)
        data = b""
        try:
            # Read the head, then whatever body it declares, so a page sent would be recorded whole.
            while b"\r\n\r\n" not in data and (chunk := sock.recv(65536)):
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            match = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            while match and len(body) < int(match[1]) and (chunk := sock.recv(65536)):
                body += chunk
                data += chunk
            reply = (
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + b"Access-Control-Allow-Origin: *\r\nContent-Length: %d\r\n\r\n" % len(server.body)
                + server.body
            )
            sock.sendall(reply)
        except OSError:
            pass
        finally:
            with server.lock:
                server.received.append(data)


@pytest.fixture(params=IMPOSTOR_BODIES.values(), ids=IMPOSTOR_BODIES.keys())
def impostor(request: pytest.FixtureRequest) -> Iterator[Impostor]:
    server = Impostor(request.param)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _request_lines(raw: bytes) -> list[str]:
    return re.findall(r"(?m)^([A-Z]+ /\S* HTTP/1\.1)\r$", raw.decode("latin-1"))


@pytest.mark.browser
def test_an_impostor_on_the_paired_port_gets_no_page_no_order_and_no_token(
    browser: ExtensionBrowser, impostor: Impostor
) -> None:
    real = case("current_list.desktop_mixed_en")
    assert len(real.expected) >= 2
    canary = "Impostor-Canary-Privatestreet-42"
    page_case = replace(real, html=real.html.replace("</body>", f"<p>{canary}</p></body>", 1))
    token = browser.server.token
    browser.settings(server=f"http://127.0.0.1:{impostor.port}", token=token)

    page = browser.open(page_case)
    key = f"tab:{browser.tab_id(page)}"
    report = wait_for(
        lambda: (browser.tab_states().get(key) or {}).get("status") == "impostor" and browser.tab_states()[key],
        15,
        "the content script to report the impostor",
    )
    assert report["status"] == "impostor"
    assert page.locator("[data-orderlens-order-id]").count() == 0

    en = messages()["en"]
    options = browser.context.new_page()
    browser.opened.append(options)
    options.goto(f"chrome-extension://{browser.extension_id}/options/options.html")
    options.click("#test")
    wait_for(lambda: en["state_impostor"] in options.locator("#status").inner_text(), 10, "Test connection to fail")
    assert "Connected" not in options.locator("#status").inner_text()
    popup = browser.context.new_page()
    browser.opened.append(popup)
    popup.goto(f"chrome-extension://{browser.extension_id}/popup/popup.html")
    wait_for(lambda: popup.evaluate("() => document.body.dataset.state") == "impostor", 10, "the popup's state")
    assert en["state_impostor"] in popup.locator("body").inner_text()

    received = impostor.everything()
    requests = _request_lines(received)
    assert requests, "the extension never called the impostor: the test proves nothing"
    assert all(line.startswith("GET /v1/hello?nonce=") for line in requests), requests
    assert token.encode() not in received, "the token went on the wire"
    assert canary.encode() not in received and b"<html" not in received.lower(), "page text reached the impostor"
    for order_id in real.expected:
        assert str(order_id).encode() not in received, f"order {order_id} reached the impostor"
    assert b"authorization" not in received.lower()


@pytest.mark.browser
def test_the_real_server_is_still_reached_after_an_impostor_left(browser: ExtensionBrowser, impostor: Impostor) -> None:
    """Control: the very same flow against the real server proves itself and shows banners."""
    browser.settings(server=f"http://127.0.0.1:{impostor.port}")
    page = browser.open(case("current_list.desktop_mixed_en"))
    key = f"tab:{browser.tab_id(page)}"
    wait_for(lambda: (browser.tab_states().get(key) or {}).get("status") == "impostor", 15, "the impostor state")
    browser.settings()
    browser.wait_reported(page, timeout=60)
    assert page.locator("[data-orderlens-order-id]").count() >= 2


def _in_content_script_world(page: Any, expression: str) -> Any:
    """Evaluate `expression` (awaited) in the extension's content-script world of `page`, via CDP:
    what code running there (or a page that got into it) could do."""
    cdp = page.context.new_cdp_session(page)
    contexts: list[dict[str, Any]] = []
    cdp.on("Runtime.executionContextCreated", lambda event: contexts.append(event["context"]))
    cdp.send("Runtime.enable")
    ours = wait_for(
        lambda: [c for c in contexts if c.get("auxData", {}).get("type") == "isolated" and c["name"] == "orderlens"],
        5,
        "the content script's world",
    )
    result = cdp.send(
        "Runtime.evaluate",
        {"expression": expression, "contextId": ours[0]["id"], "awaitPromise": True, "returnByValue": True},
    )
    cdp.detach()
    assert "exceptionDetails" not in result, result
    return result["result"].get("value")


@pytest.mark.browser
def test_a_content_script_cannot_make_the_worker_probe_a_port(browser: ExtensionBrowser, impostor: Impostor) -> None:
    """Test connection is for the extension's own pages: asked from a content script, the service
    worker answers nothing and calls nobody."""
    page = browser.open(case("current_list.desktop_mixed_en"))
    browser.wait_reported(page)
    probe = f"""
      chrome.runtime.sendMessage({{type: "orderlens:test-connection",
                                   settings: {{server: "http://127.0.0.1:{impostor.port}", token: "x"}}}})
        .then((answer) => ({{answered: answer !== undefined, answer: answer ?? null}}),
              (error) => ({{answered: false, error: String(error)}}))
    """
    outcome = _in_content_script_world(page, probe)
    assert outcome["answered"] is False, outcome
    state = _in_content_script_world(
        page,
        "chrome.runtime.sendMessage({type: 'orderlens:popup-state'}).then((a) => a ?? null, (e) => null)",
    )
    assert state is None, "a content script read the popup's state (server address, pairing)"
    page.wait_for_timeout(300)
    assert impostor.everything() == b"", "the service worker called a port a content script chose"


# --- 5. A page script cannot rewrite a banner or press its buttons ------------------------------------

# What a page script tries on a drawn banner: reach its shadow root, write into the host's light DOM
# (a slot-less shadow host shows none of it), and click Dismiss on the host. Returns what it saw.
PAGE_TAMPER_JS = r"""
() => [...document.querySelectorAll("[data-orderlens-order-id]")].map((host) => {
  const open = host.shadowRoot;
  let attached = true;
  try { host.attachShadow({ mode: "open" }); } catch (_) { attached = false; }
  const link = document.createElement("a");
  link.href = "https://evil.example/pay";
  link.textContent = "Pay now";
  host.replaceChildren(link);
  host.click();
  host.dispatchEvent(new MouseEvent("click", { bubbles: true, composed: true }));
  return { open: open !== null, attached, linkShown: link.getClientRects().length > 0 };
})
"""


@pytest.mark.browser
def test_a_page_script_cannot_rewrite_a_banner(browser: ExtensionBrowser) -> None:
    page = browser.open(case("current_list.desktop_mixed_en"))
    browser.wait_reported(page)
    before = read_banners(page)
    assert len(before) >= 2

    tried = page.evaluate(PAGE_TAMPER_JS)
    assert tried == [{"open": False, "attached": False, "linkShown": False}] * len(before), tried
    page.wait_for_timeout(300)
    assert read_banners(page) == before, "a page script changed what a banner says or links to"
    assert page.locator("orderlens-dismissed").count() == 0


# Defence in depth, should a page script ever get hold of a root: clicks on Dismiss (and More) with
# el.click() and with a synthetic event are untrusted events, which the banner ignores. The test
# hands the roots to the page's world (shadow.py), which a real page cannot do.
PAGE_CLICKS_JS = r"""
(_, rootOf) => {
  const hosts = [...document.querySelectorAll("[data-orderlens-order-id]")];
  for (const host of hosts) {
    const root = rootOf(host);
    if (!root) continue;
    root.querySelector("button.more")?.click();
    root.querySelector("button.dismiss").click();
    root.querySelector("button.dismiss").dispatchEvent(new MouseEvent("click", {bubbles: true, composed: true}));
  }
  return hosts.length;
}
"""


@pytest.mark.browser
def test_a_page_script_cannot_dismiss_a_banner(browser: ExtensionBrowser) -> None:
    page = browser.open(case("current_list.desktop_mixed_en"))
    browser.wait_reported(page)
    before = read_banners(page)
    assert len(before) >= 2

    assert in_page(page, PAGE_CLICKS_JS) == len(before)
    page.wait_for_timeout(300)
    assert read_banners(page) == before, "a scripted click changed the banners"
    assert page.locator("orderlens-dismissed").count() == 0
    stored = browser.worker.evaluate("() => chrome.storage.local.get(null)")
    assert not [key for key in stored if key != "settings"], f"a scripted click was stored: {stored}"

    # Control: the shopper's own click (a trusted event) dismisses.
    first = before[0]["id"]
    click(page, f"[data-orderlens-order-id='{first}']", "button.dismiss")
    wait_for(lambda: first not in {b["id"] for b in read_banners(page)}, 5, "the shopper's click to dismiss")


# --- 6. Code in the content script's world cannot read the token ------------------------------------


@pytest.mark.browser
def test_the_content_script_world_cannot_read_the_settings(browser: ExtensionBrowser) -> None:
    """storage.local (settings and token) is for the extension's own pages and worker only; the
    content script still gets its dismissals from the worker, so Dismiss and Undo keep working."""
    page = browser.open(case("current_list.desktop_mixed_en"))
    browser.wait_reported(page)
    attempt = _in_content_script_world(
        page,
        """(async () => {
             try { return {read: JSON.stringify(await chrome.storage.local.get(null))}; }
             catch (error) { return {refused: String(error)}; }
           })()""",
    )
    assert "read" not in attempt or browser.server.token not in attempt["read"], attempt
    assert "refused" in attempt, attempt

    # Dismissing goes through the service worker, which tells the page's other tabs.
    other = browser.context.new_page()
    browser.opened.append(other)
    other.goto(page.url)
    banners = read_banners(page)
    wait_for(lambda: len(read_banners(other)) == len(banners), 10, "the banners in the second tab")
    first = banners[0]["id"]
    click(page, f"[data-orderlens-order-id='{first}']", "button.dismiss")
    wait_for(lambda: first not in {b["id"] for b in read_banners(page)}, 5, "the dismissal")
    wait_for(lambda: first not in {b["id"] for b in read_banners(other)}, 5, "the dismissal in the other tab")
    stored = wait_for(lambda: browser.worker.evaluate("() => chrome.storage.local.get('dismissed')"), 5, "storage")
    assert [key.split(":")[0] for key in stored["dismissed"]] == [first]
