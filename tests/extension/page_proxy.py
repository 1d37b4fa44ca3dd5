"""A local HTTP(S) proxy for the Firefox tests: the fixture pages at their real AliExpress URLs,
an empty answer for everything else, and nothing ever leaves the machine.

Playwright routes requests for Chromium; Firefox gets this proxy in its profile instead. For an
https URL Firefox sends `CONNECT host:443`; the proxy accepts, speaks TLS itself with a throw-away
self-signed certificate (the WebDriver session's `acceptInsecureCerts` makes Firefox take it), then
answers the request inside the tunnel. The content script's match patterns therefore see the real
https URLs, exactly as on the live site.
"""

from __future__ import annotations

import datetime
import ssl
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def _tls_context() -> ssl.SSLContext:
    """A server context with a fresh self-signed certificate (one for every host: Firefox is told
    to accept insecure certificates, so the names on it do not matter)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "orderlens test proxy")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as folder:  # load_cert_chain reads files only
        pem = Path(folder) / "proxy.pem"
        pem.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            + cert.public_bytes(serialization.Encoding.PEM)
        )
        context.load_cert_chain(pem)
    return context


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: PageProxy
    tunnel_host = ""  # "host" of the CONNECT this connection is a tunnel for, else ""

    def do_CONNECT(self) -> None:
        host, _, port = self.path.rpartition(":")
        self.send_response(200, "Connection established")
        self.end_headers()
        # From here on the connection carries TLS: requests arrive inside the tunnel, and this
        # handler's own request loop reads them from the wrapped socket.
        tls = self.server.tls.wrap_socket(self.connection, server_side=True)
        self.connection = tls
        self.rfile = tls.makefile("rb")
        self.wfile = tls.makefile("wb")
        self.tunnel_host = host if port == "443" else self.path

    def _answer(self, with_body: bool) -> None:
        # Inside a tunnel the request line holds only the path; a plain-http proxy request has the full URL.
        url = f"https://{self.tunnel_host}{self.path}" if self.tunnel_host else self.path
        html = self.server.pages.get(url)
        if html is None:
            # An empty 204 (not a 404, which would be a console error per missing image or style sheet).
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = html.encode("utf-8")
        self.server.served.append(url)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer(with_body=True)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the saved pages ask for hundreds of images and scripts."""


class PageProxy(ThreadingHTTPServer):
    """The proxy on a free loopback port; `pages` maps a full URL to the HTML served there."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.tls = _tls_context()
        self.pages: dict[str, str] = {}
        self.served: list[str] = []  # URLs answered with a page, in order
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that drops a connection (or a TLS handshake) half way is normal here; anything
        else is a bug in this proxy and is printed."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(5)
