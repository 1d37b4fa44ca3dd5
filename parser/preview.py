"""`orderlens preview PAGE.html -o OUT.html`: a saved order page with the banners the extension would show.

No server and no browser extension are involved: the page is analysed here, and the output carries
the extension's own banner code (extension/content/strings.js, banner.js, place.js, inlined verbatim;
an installed package carries them, see orderlens/extension_files.py) plus the analysis as JSON, so
what a developer or README reader sees is exactly what the extension draws. The saved page's own
scripts are removed (offline they would only fail, or re-render the page over the banners), and a
Content-Security-Policy lets nothing run but our one script.
"""

from __future__ import annotations

import base64
import codecs
import hashlib
import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer

from orderlens.extension_files import BANNER_SCRIPTS, CONTENT
from orderlens.parser.analyze import analyze
from orderlens.parser.decode import decode
from orderlens.parser.model import Analysis, OrderAnalysis, json_data

EXIT_USAGE = 2
NO_BANNER = frozenset({"none", "unknown"})

_SCRIPT = re.compile(r"<script\b([^>]*)>.*?</script\s*>", re.S | re.I)
_SCRIPT_TYPE = re.compile(r"""\btype\s*=\s*["']?\s*([^"'\s>;]+)""", re.I)
_DATA_TYPE = re.compile(r"application/(?:[\w.+-]+\+)?json", re.I)
_HEAD_OPEN = re.compile(r"<head\b[^>]*>", re.I)
_HTML_OPEN = re.compile(r"<html\b[^>]*>", re.I)
_DOCTYPE = re.compile(r"<!doctype\b[^>]*>", re.I)
_BODY_CLOSE = re.compile(r"</body\s*>", re.I)

# Runs the shared code on the embedded analysis once the page is parsed; dismissing a banner
# hides it for this viewing only (there is no extension storage in a plain page).
_BOOT = """
(function () {
  "use strict";
  var analysis = %s;
  var dismissed = new Set();
  function show() {
    globalThis.orderlens.placeBanners(analysis, {
      dismissed: dismissed,
      onDismiss: function (banner) {
        var key = globalThis.orderlens.dismissKey(banner);
        dismissed.add(key);
        show();
        return function () { dismissed.delete(key); show(); };
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
  else show();
})();
"""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"orderlens: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _drop_page_scripts(html: str) -> str:
    """Remove the page's executable scripts; JSON data blocks stay (they run nothing)."""

    def keep_data(match: re.Match[str]) -> str:
        kind = _SCRIPT_TYPE.search(match.group(1))
        return match.group(0) if kind and _DATA_TYPE.fullmatch(kind.group(1)) else ""

    return _SCRIPT.sub(keep_data, html)


def _script_json(value: Any) -> str:
    """JSON safe inside an inline <script>: no `</script>`, `<!--` or line separators can break out."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def _shown_banner(order: OrderAnalysis) -> dict[str, Any] | None:
    if order.banner is None or order.scenario in NO_BANNER:
        return None
    shown: dict[str, Any] = json_data(order.banner)
    return shown


def banner_payload(analysis: Analysis) -> dict[str, Any]:
    """What the banner code needs: each order's banner, every order's id (a banner is only placed on
    an element that names no other order) and the page URL (an order's own page); no other facts."""
    return {
        "url": analysis.url,
        "orders": [
            {"order_id": o.order_id, "scenario": o.scenario, "banner": _shown_banner(o)} for o in analysis.orders
        ],
    }


def _insert_after_first(pattern: re.Pattern[str], html: str, insert: str) -> str | None:
    match = pattern.search(html)
    return None if match is None else html[: match.end()] + insert + html[match.end() :]


def render_preview(html: str, analysis: Analysis, scripts_dir: Path = CONTENT) -> str:
    """The page with the banner code and the analysis inlined, and a CSP allowing only that script."""
    code = "\n".join((scripts_dir / name).read_text(encoding="utf-8") for name in BANNER_SCRIPTS)
    script = code + _BOOT % _script_json(banner_payload(analysis))
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (
        f'<meta http-equiv="Content-Security-Policy" content="script-src \'sha256-{digest}\'; '
        "object-src 'none'; base-uri 'none'; form-action 'none'\">"
    )
    page = _drop_page_scripts(html)
    # The CSP must come before anything it should govern: first thing in <head>.
    with_csp = (
        _insert_after_first(_HEAD_OPEN, page, csp)
        or _insert_after_first(_HTML_OPEN, page, csp)
        or _insert_after_first(_DOCTYPE, page, csp)
        or csp + page
    )
    tag = f"<script>{script}</script>"
    closes = list(_BODY_CLOSE.finditer(with_csp))
    if closes:
        at = closes[-1].start()
        return with_csp[:at] + tag + with_csp[at:]
    return with_csp + tag


def preview(
    page: Annotated[Path, typer.Argument(help="A saved AliExpress order page (.html).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the page with banners.")],
) -> None:
    """Write a copy of a saved order page with orderlens's banners in it, as the extension shows them."""
    if not page.is_file():
        raise _fail(f"{page}: no such file")
    if output.exists() and output.resolve() == page.resolve():
        raise _fail("the output would overwrite the saved page; choose another -o")
    missing = [name for name in BANNER_SCRIPTS if not (CONTENT / name).is_file()]
    if missing:
        raise _fail(f"extension code not found in {CONTENT} ({', '.join(missing)}); reinstall orderlens")
    try:
        data = page.read_bytes()
    except OSError as error:
        raise _fail(f"{page}: cannot read ({error.strerror or error})") from None
    analysis = analyze(data)
    result = render_preview(decode(data), analysis)
    try:
        # A BOM makes browsers read UTF-8 whatever charset the saved page still declares.
        output.write_bytes(codecs.BOM_UTF8 + result.encode("utf-8"))
    except OSError as error:
        raise _fail(f"{output}: cannot write ({error.strerror or error})") from None
    shown = [o.scenario for o in analysis.orders if o.banner is not None and o.scenario not in NO_BANNER]
    summary = ", ".join(shown) if shown else "no order needs one"
    typer.echo(f"{output}: {len(analysis.orders)} orders, {len(shown)} banners ({summary})")
