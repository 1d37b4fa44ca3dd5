"""`POST /v1/report` against a real server process: it refuses exactly what `/v1/analyze` refuses, and
what it writes is the redacted page, its analysis and a summary, nothing else, nowhere else.

Canaries (fake names and addresses under meaningless classes, an e-mail and a phone in attributes, a
`_m_h5_tk` session token and a member id in page JSON, all of them in the URL's query too) are planted
in real fixture pages; after the reports are saved, no canary may be in any file under $ORDERLENS_HOME,
in the server's temp dir, in its logs or in an answer. The stored page must analyse like the original.
"""

from __future__ import annotations

import json
import os
import secrets
import shlex
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from serverkit import REPO, LiveServer, Reply, start_server

from orderlens.parser import analyze
from orderlens.parser.scaffold import FILL_ME
from orderlens.server.auth import WINDOW_SECONDS
from orderlens.server.reports.store import REPORT_ID
from orderlens.server.tokens import new_token
from tests.test_scaffold import ORDERLENS, PYTEST, copy_repo

SMALL = json.dumps({"html": "<html><body><p>hello</p></body></html>"}).encode()
LIMIT = 8 * 1024 * 1024
PATHS = ("/v1/analyze", "/v1/report")
PAGES = (
    "current_detail/detail_awaiting_delivery_en.html",
    "current_list/desktop_mixed_en.html",
    "legacy_list/list_en_unknown_status.html",
    "unknown/empty_order_list.html",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own, with its own temp dir, so both can be searched for canaries."""
    workdir = tmp_path_factory.mktemp("reports-server")
    (workdir / "tmp").mkdir()
    live = start_server(workdir, {"TMPDIR": str(workdir / "tmp")})
    try:
        yield live
    finally:
        live.stop()


# --- the same refusals as /v1/analyze ------------------------------------------------------------


def _declared_oversize(server: LiveServer, path: str) -> Reply:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {server.host}\r\nOrigin: {server.origin}\r\n"
        f"Authorization: {server.sign(b'')}\r\nContent-Type: application/json\r\nContent-Length: {LIMIT + 1}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head.encode())
        data = b""
        while b"\r\n\r\n" not in data:
            more = sock.recv(65536)
            if not more:
                break
            data += more
    status = int(data.split(b" ", 2)[1])
    body = data.partition(b"\r\n\r\n")[2]
    return Reply(status, [], body if body.endswith(b"}") else b'{"error": {"code": "payload_too_large"}}')


def _replayed(server: LiveServer, path: str) -> Reply:
    signature = server.sign(SMALL)
    server.signed("POST", path, SMALL, headers={"Authorization": signature})
    return server.signed("POST", path, SMALL, headers={"Authorization": signature})


Case = Callable[[LiveServer, str], Reply]
BAD_REQUESTS: dict[str, Case] = {
    "wrong host": lambda s, p: s.signed("POST", p, SMALL, host="evil.example"),
    "host without port": lambda s, p: s.signed("POST", p, SMALL, host="127.0.0.1"),
    "no origin": lambda s, p: s.signed("POST", p, SMALL, headers={"Origin": None}),
    "web origin": lambda s, p: s.signed("POST", p, SMALL, headers={"Origin": "https://www.aliexpress.com"}),
    "unsigned": lambda s, p: s.signed("POST", p, SMALL, headers={"Authorization": None}),
    "bearer token": lambda s, p: s.signed("POST", p, SMALL, headers={"Authorization": f"Bearer {s.token}"}),
    "wrong token": lambda s, p: s.signed("POST", p, SMALL, token=new_token()),
    "stale": lambda s, p: s.signed(
        "POST", p, SMALL, headers={"Authorization": s.sign(SMALL, ts=int(time.time()) - WINDOW_SECONDS - 30)}
    ),
    "replayed": _replayed,
    "body changed": lambda s, p: s.signed("POST", p, SMALL, headers={"Authorization": s.sign(b"{}")}),
    "text/plain": lambda s, p: s.signed("POST", p, SMALL, headers={"Content-Type": "text/plain"}),
    "declared oversize": _declared_oversize,
    "empty body": lambda s, p: s.signed("POST", p, b""),
    "not json": lambda s, p: s.signed("POST", p, b"not json"),
    "an array": lambda s, p: s.signed("POST", p, b"[]"),
    "no html": lambda s, p: s.signed("POST", p, b"{}"),
    "html not text": lambda s, p: s.signed("POST", p, b'{"html": 5}'),
    "unknown field": lambda s, p: s.signed("POST", p, b'{"html": "<p>x</p>", "fetch": "https://evil.example"}'),
    "long lang": lambda s, p: s.signed("POST", p, b'{"html": "<p>x</p>", "lang": "' + b"x" * 100 + b'"}'),
    "too many keys": lambda s, p: s.signed(
        "POST", p, json.dumps({"html": "x", **{f"k{i}": i for i in range(70)}}).encode()
    ),
    "GET": lambda s, p: s.signed("GET", p),
    "subpath": lambda s, p: s.signed("POST", p + "/x", SMALL),
}


@pytest.mark.parametrize("name", BAD_REQUESTS)
def test_report_refuses_what_analyze_refuses(server: LiveServer, name: str) -> None:
    answers = [BAD_REQUESTS[name](server, path) for path in PATHS]
    statuses = [reply.status for reply in answers]
    codes = [reply.json()["error"]["code"] for reply in answers]
    assert statuses[0] >= 400 and statuses[0] == statuses[1], (name, statuses)
    assert codes[0] == codes[1], (name, codes)


# --- what is written -----------------------------------------------------------------------------


def _canaries() -> dict[str, str]:
    """Lower-case cores that HTML, JSON and URL escaping leave intact; new on every run."""
    cores = {kind: f"cny{kind}{secrets.token_hex(6)}" for kind in ("name", "street", "mail", "token", "member")}
    cores["phone"] = "7" + "".join(secrets.choice("0123456789") for _ in range(9))
    return cores


def _planted(html: str, c: dict[str, str]) -> str:
    block = (
        f'<div class="x9q"><span class="k1">Zora {c["name"].capitalize()}</span>'
        f'<span class="k2">42 {c["street"].capitalize()} Road, Flat 9</span></div>'
        f'<div class="r5" data-contact="{c["mail"]}@example.invalid" title="+44{c["phone"]}"></div>'
        f'<script type="application/json">{{"_m_h5_tk": "{c["token"]}_1765000000000", "memberId": "{c["member"]}"}}'
        "</script>"
    )
    return html.replace("</body>", block + "</body>", 1)


def _url(page: str, c: dict[str, str]) -> str | None:
    found = analyze(page).url
    if found is None:
        return None
    glue = "&" if "?" in found else "?"
    return f"{found}{glue}email={c['mail']}%40example.invalid&tel=%2B44{c['phone']}&_m_h5_tk={c['token']}"


def _files(root: Path) -> list[Path]:
    return [Path(folder, name) for folder, _, names in os.walk(root) for name in names]


def _leaks(text: str, c: dict[str, str]) -> list[str]:
    low = text.lower()
    return [kind for kind, core in c.items() if core in low]


def test_only_the_redacted_page_its_analysis_and_a_summary_are_written(server: LiveServer) -> None:
    c = _canaries()
    reports = server.home / "reports"
    before = set(_files(server.home))
    earlier = set(reports.iterdir()) if reports.is_dir() else set()  # from the refusal cases' one valid request
    saved: list[tuple[str, dict[str, object], str | None]] = []
    for name in PAGES:
        page = _planted((REPO / "fixtures" / name).read_text(encoding="utf-8"), c)
        url = _url(page, c)
        reply = server.signed("POST", "/v1/report", json.dumps({"html": page, "url": url}).encode())
        assert reply.status == 200, reply.body[:300]
        assert not _leaks(reply.body.decode(), c), name
        answer = reply.json()
        assert set(answer) == {"id", "folder", "kept"} and REPORT_ID.fullmatch(answer["id"])
        assert all(isinstance(n, int) and n > 0 for n in answer["kept"].values())
        saved.append((page, answer, url))

    assert sorted(p.name for p in set(reports.iterdir()) - earlier) == sorted(answer["id"] for _, answer, _ in saved)
    new_files = set(_files(server.home)) - before
    assert new_files == {
        reports / a["id"] / f for _, a, _ in saved for f in ("page.html", "analysis.json", "meta.json")
    }
    assert reports.stat().st_mode & 0o777 == 0o700
    for path in new_files:
        assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    for path in [*_files(server.home), *_files(server.home.parent / "tmp")]:
        if path.is_file() and not path.is_symlink():
            assert not _leaks(path.read_bytes().decode("utf-8", "replace"), c), path
    assert not _leaks(server.stderr_text() + server.stdout_text(), c)
    assert server.stderr_text().count("POST /v1/report 200") >= len(PAGES)  # logged by path, like analyses

    # The stored page analyses like the page that was sent, on its own (its URL is in its saved-from mark).
    for page, answer, url in saved:
        folder = Path(str(answer["folder"]))
        original = analyze(page, url=url)
        stored = analyze((folder / "page.html").read_bytes())
        assert (stored.layout, stored.page_kind) == (original.layout, original.page_kind), folder
        assert [o.scenario for o in stored.orders] == [o.scenario for o in original.orders], folder
        analysis = json.loads((folder / "analysis.json").read_text(encoding="utf-8"))
        assert [o["scenario"] for o in analysis["orders"]] == [o.scenario for o in original.orders]
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        assert set(meta) == {"date", "url", "page_kind", "layout", "unknown_statuses"}
        assert (meta["layout"], meta["page_kind"]) == (original.layout, original.page_kind)
        assert len(meta["unknown_statuses"]) == len({o.status_text for o in original.orders if o.status == "unknown"})
        if url is not None:
            assert meta["url"].split("?")[0] == url.split("?")[0]


# --- the command line ----------------------------------------------------------------------------


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run with `cwd` as working directory (so `import orderlens` finds its package) and the server's home."""
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_reports_are_listed_and_start_a_layout(server: LiveServer, tmp_path: Path) -> None:
    page = (REPO / "fixtures" / "legacy_list" / "list_en_unknown_status.html").read_text(encoding="utf-8")
    renamed = page.replace("order-item", "purchase-card")
    answer = server.signed("POST", "/v1/report", json.dumps({"html": renamed}).encode()).json()
    env = {**server.env, "COLUMNS": "200"}  # one table row per report, not wrapped
    listed = run([*ORDERLENS, "reports", "--json"], REPO, env)
    assert listed.returncode == 0, listed.stderr
    (found,) = [r for r in json.loads(listed.stdout) if r["id"] == answer["id"]]
    assert found["folder"] == answer["folder"] and found["page_kind"] in ("order_list", "unknown")
    table = run([*ORDERLENS, "reports"], REPO, env)
    assert table.returncode == 0 and answer["id"] in table.stdout
    assert ("unrecognised" in table.stdout) == (found["layout"] is None)

    copy = copy_repo(tmp_path)
    made = run([*ORDERLENS, "new-layout", "from_report", "--from", answer["id"], "--repo", str(copy)], copy, env)
    assert made.returncode == 0, made.stderr
    fixture = copy / "fixtures" / "from_report" / f"{answer['id']}.html"
    assert fixture.is_file() and (copy / "parser" / "layouts" / "from_report.py").is_file()
    stored = Path(answer["folder"]) / "page.html"
    scenarios = [[o.scenario for o in analyze(page.read_bytes()).orders] for page in (fixture, stored)]
    assert scenarios[0] == scenarios[1] and scenarios[0]
    missing = run(
        [*ORDERLENS, "new-layout", "other", "--from", "20990101T000000Z-abcdef", "--repo", str(copy)], copy, env
    )
    assert missing.returncode == 2 and "no report by that name" in missing.stderr


def test_a_report_becomes_a_passing_layout(server: LiveServer, tmp_path: Path) -> None:
    """The contributor's path from a shopper's report to a layout whose tests pass, in a copy of the repo."""
    source = REPO / "fixtures" / "current_list" / "desktop_mixed_en.html"
    renamed = source.read_text(encoding="utf-8").replace("order-item", "purchase-card")  # a layout nobody knows
    answer = server.signed("POST", "/v1/report", json.dumps({"html": renamed}).encode()).json()
    env = {**server.env, "COLUMNS": "200"}
    copy = copy_repo(tmp_path)
    # The selectors `orderlens analyze --explain` suggests for the report's page, as the guide's step 4 uses them.
    explained = run([*ORDERLENS, "analyze", "--explain", str(Path(answer["folder"]) / "page.html")], copy, env)
    suggested = shlex.split(explained.stdout.strip().splitlines()[-1].removeprefix("Next: "))
    assert suggested[:2] == ["orderlens", "new-layout"] and "--orders" in suggested, explained.stdout[-1000:]
    options = suggested[suggested.index("--from") + 2 :]
    made = run(
        [*ORDERLENS, "new-layout", "purchase_cards", "--from", answer["id"], *options, "--repo", str(copy)], copy, env
    )
    assert made.returncode == 0, made.stderr

    # The generated tests fail on FILL ME until the expectation holds the scenarios (here the hand-written ones of
    # the page the report came from); then only the snapshot is missing, --snapshot-update stores it, and they pass.
    test = [*PYTEST, "tests/parser", "-q", "-k", "purchase_cards"]
    result = run(test, copy, env)
    assert result.returncode == 1 and FILL_ME in result.stdout, result.stdout[-2000:]
    expected_path = copy / "fixtures" / "purchase_cards" / f"{answer['id']}.expected.json"
    skeleton = json.loads(expected_path.read_text(encoding="utf-8"))
    original = json.loads(source.with_name("desktop_mixed_en.expected.json").read_text(encoding="utf-8"))
    for order, truth in zip(skeleton["orders"], original["orders"], strict=True):
        order["scenario"] = truth["scenario"]
    expected_path.write_text(json.dumps(skeleton, indent=2) + "\n", encoding="utf-8")
    result = run(test, copy, env)
    assert result.returncode == 1 and "does not exist" in result.stdout, result.stdout[-2000:]
    assert run([*test, "--snapshot-update"], copy, env).returncode == 0
    result = run(test, copy, env)
    assert result.returncode == 0 and "failed" not in result.stdout, result.stdout[-2000:]


# --- a saved report's page, for the extension's report page -------------------------------------


def _page_of(server: LiveServer, body: bytes) -> Reply:
    return server.signed("POST", "/v1/report/page", body)


def test_a_report_page_is_answered_exactly_as_stored(server: LiveServer) -> None:
    page = (REPO / "fixtures" / "legacy_list" / "list_en_unknown_status.html").read_text(encoding="utf-8")
    saved = server.signed("POST", "/v1/report", json.dumps({"html": page}).encode()).json()
    reply = _page_of(server, json.dumps({"id": saved["id"]}).encode())
    assert reply.status == 200, reply.body[:300]
    stored = (Path(saved["folder"]) / "page.html").read_text(encoding="utf-8")
    assert reply.json() == {"id": saved["id"], "folder": saved["folder"], "html": stored}
    assert server.stderr_text().count("POST /v1/report/page 200") >= 1  # logged by path, never the page


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b'{"id": "20990101T000000Z-abcdef"}', 404),  # well formed, but no such report
        (b'{"id": "../../etc/passwd"}', 422),
        (b'{"id": "20990101T000000Z-ABCDEF"}', 422),
        (b'{"id": 5}', 422),
        (b'{"id": "20990101T000000Z-abcdef", "folder": "/tmp"}', 422),
        (b"[]", 422),
        (b"not json", 422),
        (b"", 422),
    ],
)
def test_a_report_page_refuses_unknown_and_malformed_ids(server: LiveServer, body: bytes, status: int) -> None:
    reply = _page_of(server, body)
    assert reply.status == status, reply.body[:300]
    error = reply.json()["error"]
    assert error["code"] == ("not_found" if status == 404 else "invalid_request")
    assert error["message"] and "\n" not in error["message"]


def test_a_report_page_is_only_for_signed_requests(server: LiveServer) -> None:
    saved = server.signed("POST", "/v1/report", SMALL).json()
    body = json.dumps({"id": saved["id"]}).encode()
    unsigned = server.signed("POST", "/v1/report/page", body, headers={"Authorization": None})
    other_token = server.signed("POST", "/v1/report/page", body, token=new_token())
    for reply in (unsigned, other_token):
        assert reply.status == 401 and reply.json()["error"]["code"] == "unauthorized", reply.body[:300]
    assert _page_of(server, body).status == 200  # the same body, signed, is answered
