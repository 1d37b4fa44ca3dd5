"""`orderlens redact`: nothing personal survives, ids stay consistent, and every page still analyses the same."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from orderlens.parser import analyze
from orderlens.parser.decode import decode
from orderlens.parser.model import Analysis
from orderlens.parser.redact import IdMap, redact
from orderlens.parser.redact.keys import is_personal_key
from orderlens.parser.redact.markup import Tag, apply_edits, tokens
from tests.fixture_pages import FIXTURES, Fixture, fixtures

ORDERLENS = [sys.executable, "-c", "from orderlens.parser.cli import main; main()"]

# Fake personal data planted in real fixture pages; each value is unusual enough that finding it again
# in the output can only mean it survived.
SEEDS = {
    "name": "Zebulon Quackenbush",
    "first name": "Zebulon",
    "street": "742 Evergreen Terrace",
    "city": "Springfield Heights",
    "e-mail": "zebulon.q@example.org",
    "phone": "+44 20 7946 0958",
    "phone digits": "7946 0958",
    "csrf token": "tok3nS3cr3tValue",
    "session id": "sidValue12345",
    "_t token": "t0k3n1700000000",
    "spm visit id": "3f1cDEADBEEF",
    "buyer id": "cn998877665544",
    "member id": "mem5566778899",
    "member seq": "5566778899",
    "cookie": "CookieSecret987",
    "avatar": "AvatarOfZebulon",
}
S = SEEDS
PLANTED = f"""
<div class="user-avatar"><img src="https://ae01.alicdn.com/kf/{S["avatar"]}.jpg" alt="{S["name"]}"></div>
<div class="site-greeting"><span>Hi, {S["first name"]}</span></div>
<p class="help-line">Questions about your account? Write to {S["e-mail"]} or call {S["phone"]}.</p>
<a href="mailto:{S["e-mail"]}">Email us</a>
<a href="https://www.aliexpress.com/p/my-account/index.html?_t={S["_t token"]}&amp;sid={S["session id"]}\
&amp;spm=a2g0o.home.0.0.{S["spm visit id"]}&amp;buyerId={S["buyer id"]}&amp;memberId={S["member id"]}">Account</a>
<div class="order-detail-address"><div class="order-detail-address-content">
  <div class="address-name"><span>{S["name"]}</span><span class="address-phone">{S["phone"]}</span></div>
  <div class="address-detail"><span>{S["street"]}</span><span>{S["city"]}, Oregon, 97001</span></div>
</div></div>
<ul id="user-shipping-list">
  <li><label>Contact Name:</label><span i18entitle="Contact Name" class="i18ncopy">{S["name"]}</span></li>
  <li class="long"><label>Address:</label><span i18entitle="Address" class="i18ncopy">{S["street"]}</span></li>
  <li><label>Mobile:</label><span i18entitle="Mobile" class="i18ncopy">{S["phone"]}</span></li>
</ul>
<script>window.runParams = {{"data": {{"buyerName": "{S["name"]}", "receiverAddress": "{S["street"]}",
  "city": "{S["city"]}", "_csrf_token": "{S["csrf token"]}", "memberSeq": {S["member seq"]},
  "contactEmail": "{S["e-mail"]}"}}}};
document.cookie = "xman_t={S["cookie"]}; path=/";</script>
"""
SEEDED_PAGES = sorted(
    page
    for layout in ("legacy_detail", "current_detail", "legacy_list", "current_list")
    for page in (FIXTURES / layout).glob("*.html")
)


def seeded(page: Path) -> str:
    """A fixture page whose own (fake) personal data is swapped for the seeds, plus the planted block."""
    html = decode(page.read_bytes())
    for fixture_value, seed in (
        ("Jane Example", S["name"]),
        ("Juana Ejemplo", S["name"]),
        ("Jane", S["first name"]),
        ("1 Sample Street", S["street"]),
        ("+1 555 0100", S["phone"]),
        ("+34 555 0100", S["phone"]),
    ):
        html = html.replace(fixture_value, seed)
    return html.replace("</body>", PLANTED + "</body>", 1)


def shape(analysis: Analysis, ids: IdMap | None = None) -> tuple[object, ...]:
    """What redaction must not change: recognition, and per order (id mapped) its status and decision."""
    rename = ids.order_ids if ids else {}
    tracking = ids.tracking_numbers if ids else {}
    return (
        analysis.layout,
        analysis.page_kind,
        analysis.lang,
        _url_shape(analysis.url),
        [
            (
                rename.get(o.order_id, o.order_id),
                o.status_text,
                o.status,
                o.scenario,
                o.rule,
                o.banner is not None,
                _renamed(o.facts.tracking_number, tracking),
            )
            for o in analysis.orders
        ],
        [d.code for d in analysis.diagnostics],
    )


def _url_shape(url: str | None) -> tuple[str, str, str, list[str]]:
    """Where the page is from: parameter values may be fakes or redacted, their names and the path may not."""
    parts = urlsplit(url or "")
    return parts.scheme, parts.netloc, parts.path, [name for name, _ in parse_qsl(parts.query)]


def _renamed(text: str | None, mapping: dict[str, str]) -> str | None:
    """Layouts may read a number with its neighbours ("LP0064…Copy"), so replace inside the text."""
    for original, fake in mapping.items():
        text = text.replace(original, fake) if text else text
    return text


def tag_outline(html: str) -> list[tuple[str, str | None]]:
    return [(t.name, t.attr("class")) for t in tokens(html) if isinstance(t, Tag)]


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda f: f.id)
def test_every_fixture_analyses_the_same_after_redaction(fixture: Fixture) -> None:
    html = decode(fixture.page.read_bytes())
    result = redact(html)
    assert shape(analyze(result.html)) == shape(analyze(html), result.ids)
    assert tag_outline(result.html) == tag_outline(html)  # same elements, same classes: edits stay in place
    for original, fake in (result.ids.order_ids | result.ids.tracking_numbers).items():
        assert original not in result.html and fake in result.html


@pytest.mark.parametrize("page", SEEDED_PAGES, ids=lambda p: f"{p.parent.name}.{p.stem}")
def test_no_seeded_personal_value_survives(page: Path) -> None:
    html = seeded(page)
    assert all(value in html for value in SEEDS.values())
    result = redact(html)
    survivors = [kind for kind, value in SEEDS.items() if value in result.html]
    assert survivors == []
    assert shape(analyze(result.html)) == shape(analyze(html), result.ids)


def test_redaction_is_deterministic() -> None:
    html = seeded(FIXTURES / "legacy_detail" / "detail_awaiting_receipt.html")
    assert redact(html).html.encode() == redact(html).html.encode()


def test_a_page_without_personal_data_is_left_byte_for_byte() -> None:
    html = '<!DOCTYPE html>\n<html lang="en"><body class="x">\r\n<p title=\'a "b"\'>Hello &amp; bye</p></body></html>'
    assert redact(html).html == html
    assert apply_edits(html, []) == html


ORDER_ID, OTHER_ID = "8123456789012345", "3045678901234567"
TRACKING_LP, TRACKING_UPU = "LP00645567812345", "RB000012345CN"
ID_PAGE = f"""<!-- saved from url=(0071)https://www.aliexpress.com/p/order/detail.html?orderId={ORDER_ID} -->
<html lang="en"><body>
<div class="order-item" data-orderid="{ORDER_ID}">
  <a href="https://www.aliexpress.com/p/order/detail.html?orderId={ORDER_ID}&amp;spm=a2g0o.x.0.0.abc">Details</a>
  <span>Order ID: {ORDER_ID}</span>
  <div>Tracking number: <span class="mail-no">{TRACKING_LP}</span></div>
  <a href="https://global.cainiao.com/detail.htm?mailNoList={TRACKING_LP}">Track</a>
</div>
<div class="order-item"><a href="/p/tracking/index.html?tradeOrderId={OTHER_ID}">Track</a>
  <span class="logistics-num">{TRACKING_UPU}</span></div>
<script>var state = {{"orderId": "{ORDER_ID}", "mainOrderId": {OTHER_ID}, "mailNo": "{TRACKING_UPU}"}};</script>
</body></html>"""


def test_order_ids_and_tracking_numbers_map_consistently() -> None:
    result = redact(ID_PAGE)
    ids, tracking = result.ids.order_ids, result.ids.tracking_numbers
    # Numbered in order of first appearance; same length, first digit kept; nothing else of the original.
    assert ids == {ORDER_ID: "8000000000000001", OTHER_ID: "3000000000000002"}
    assert set(tracking) == {TRACKING_LP, TRACKING_UPU}
    assert re.fullmatch(r"LP\d{14}", tracking[TRACKING_LP])
    assert re.fullmatch(r"RB\d{9}CN", tracking[TRACKING_UPU])
    for original, fake in (ids | tracking).items():
        assert original not in result.html
        assert result.html.count(fake) == ID_PAGE.count(original) >= 2  # every occurrence, the same way
    assert f"url=(0071)https://www.aliexpress.com/p/order/detail.html?orderId={ids[ORDER_ID]} -->" in result.html
    assert "spm=redacted" in result.html


def test_saved_from_length_follows_the_url() -> None:
    html = "<!-- saved from url=(0050)https://www.aliexpress.com/p/order/index.html?_t=1234567 -->\n<html></html>"
    url = "https://www.aliexpress.com/p/order/index.html?_t=redacted"
    assert f"url=({len(url):04d}){url} -->" in redact(html).html


@pytest.mark.parametrize(
    ("key", "personal"),
    [("_t", True), ("sid", True), ("buyerId", True), ("memberSeq", True), ("NCTOKENSTR", True),
     ("receiverName", True), ("data-phone", True), ("orderId", False), ("tradeOrderId", False),
     ("sellerId", False), ("productId", False), ("lang", False)],
)  # fmt: skip
def test_personal_keys(key: str, personal: bool) -> None:
    assert is_personal_key(key) is personal


def test_spm_is_personal_only_in_urls() -> None:
    assert is_personal_key("spm", in_url=True) and not is_personal_key("data-spm")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ORDERLENS, *args], capture_output=True, text=True, timeout=120)


def test_cli_writes_the_redacted_page_and_prints_no_page_content(tmp_path: Path) -> None:
    page, first, second = tmp_path / "page.html", tmp_path / "one.html", tmp_path / "two.html"
    page.write_text(seeded(FIXTURES / "current_detail" / "detail_awaiting_delivery_en.html"), encoding="utf-8")
    results = [run("redact", str(page), "-o", str(out)) for out in (first, second)]
    assert [r.returncode for r in results] == [0, 0]
    assert first.read_bytes() == second.read_bytes()  # deterministic across runs, not only within one
    output = first.read_text(encoding="utf-8")
    assert [kind for kind, value in SEEDS.items() if value in output] == []
    for result in results:
        printed = result.stdout + result.stderr
        assert not [kind for kind, value in SEEDS.items() if value in printed]
        assert "order id" in result.stdout and len(result.stdout.splitlines()) == 1


def test_cli_missing_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.html"
    result = run("redact", str(missing), "-o", str(tmp_path / "out.html"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"orderlens: {missing}: no such file"
    assert not (tmp_path / "out.html").exists()


@pytest.mark.parametrize("target", ["no-such-folder/out.html", "."])
def test_cli_unwritable_output_is_one_line_and_exit_2(tmp_path: Path, target: str) -> None:
    page = FIXTURES / "legacy_detail" / "detail_awaiting_receipt.html"
    result = run("redact", str(page), "-o", str(tmp_path / target))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot write" in result.stderr
    assert "Traceback" not in result.stderr
