"""Personal data sent to the server never leaks into its logs, error answers or files (issue 6, item 4).

Every current and legacy order detail fixture gets unique canary strings for the buyer's name,
street address, e-mail, phone and a fake session token — replacing the fixture's own fake contact
data and added once more in a block of their own. The pages are analysed, and invalid requests carry
the same canaries in their bodies, paths, query strings and headers. Then, with the server stopped:
no canary may appear in its stdout/stderr, in any error body or any response header, or in any
file under ORDERLENS_HOME, the server's TMPDIR (its own folder here) or its working directory.

Each canary has a lower-case alphanumeric core, which HTML, JSON and URL escaping leave intact, so
a leak is found whatever the escaping; the cores are new on every run.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import secrets
import socket
import string
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from serverkit import REPO, LiveServer, Reply, process_tree, start_server

FIXTURES = sorted(
    [*(REPO / "fixtures" / "current_detail").glob("*.html"), *(REPO / "fixtures" / "legacy_detail").glob("*.html")]
)
MiB = 1024 * 1024
LIMIT = 8 * MiB


# --- canaries --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Canaries:
    """Fake personal data, unique to this run; `cores` are what a leak is searched for."""

    name: str
    street: str
    email: str
    phone: str
    token: str
    cores: dict[str, str]

    @classmethod
    def new(cls) -> Canaries:
        tag = {kind: secrets.token_hex(6) for kind in ("name", "street", "email", "token")}
        phone_digits = "7" + "".join(secrets.choice(string.digits) for _ in range(9))
        cores = {
            "name": f"cnyname{tag['name']}",
            "street": f"cnystreet{tag['street']}",
            "email": f"cnymail{tag['email']}",
            "phone": phone_digits,
            "token": f"cnytok{tag['token']}{secrets.token_hex(10)}",
        }
        return cls(
            name=f"Zora {cores['name'].capitalize()}",
            street=f"42 {cores['street'].capitalize()} Road, Flat 9",
            email=f"{cores['email']}@example.invalid",
            phone=f"+44{phone_digits}",
            token=cores["token"],
            cores=cores,
        )

    def found_in(self, text: bytes | str) -> list[str]:
        """Which canaries `text` contains."""
        low = (text.decode("utf-8", "replace") if isinstance(text, bytes) else text).lower()
        return [kind for kind, core in self.cores.items() if core in low]


#: Where the fixtures keep their own fake contact data (current UI, then legacy UI).
_SLOTS = (
    (r'(<div class="address-name"><span>)[^<]*(</span>)', "name"),
    (r'(<span class="address-phone">)[^<]*(</span>)', "phone"),
    (r'(<div class="address-detail"[^>]*><span>)[^<]*(</span>)', "street"),
    (r'(i18entitle="Contact Name"[^>]*>)[^<]*(<)', "name"),
    (r'(i18entitle="Address"[^>]*>)[^<]*(<)', "street"),
    (r'(i18entitle="(?:Mobile|Tel)"[^>]*>)[^<]*(<)', "phone"),
    (r'(<span class="welcome-name">)[^<]*(</span>)', "name"),
)


def with_canaries(html: str, c: Canaries) -> str:
    """The page with its contact data replaced by canaries, plus a block holding all of them."""
    values = {"name": c.name, "street": c.street, "phone": c.phone}
    for pattern, kind in _SLOTS:
        html = re.sub(pattern, rf"\g<1>{values[kind]}\g<2>", html)
    block = (
        f'<div class="buyer-info"><span class="buyer-name">{c.name}</span>'
        f'<span class="buyer-address">{c.street}</span><a href="mailto:{c.email}">{c.email}</a>'
        f'<span class="buyer-phone">{c.phone}</span>'
        f'<input type="hidden" name="_csrf_token" value="{c.token}"></div>'
        f'<script>window.__session__ = {{"token": "{c.token}", "email": "{c.email}", "tel": "{c.phone}"}};</script>'
    )
    return html.replace("</body>", block + "</body>", 1)


# --- raw HTTP, for what http.client will not send --------------------------------------------------


def raw_exchange(server: LiveServer, head: bytes, chunks: Iterable[bytes] = ()) -> Reply:
    """Send `head`, then `chunks` until the server answers; return the parsed answer."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head)
        try:
            for chunk in chunks:
                sock.setblocking(False)
                try:
                    if sock.recv(1, socket.MSG_PEEK):
                        break  # answered: stop sending
                except BlockingIOError:
                    pass
                finally:
                    sock.setblocking(True)
                sock.sendall(chunk)
        except OSError:
            pass  # the server closed while we were still sending
        data = b""
        try:
            while not complete(data):
                more = sock.recv(65536)
                if not more:
                    break
                data += more
        except OSError:
            pass
    head_part, _, body = data.partition(b"\r\n\r\n")
    lines = head_part.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines[0] else 0
    headers = [(k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in lines[1:])]
    return Reply(status, headers, body)


def complete(data: bytes) -> bool:
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    match = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    return match is not None and len(body) >= int(match.group(1))


# --- the run ---------------------------------------------------------------------------------------


@dataclass
class Exchange:
    label: str
    expected: int | None  # None: any status (the status is tested elsewhere)
    reply: Reply


@dataclass(repr=False)  # the default repr would print every snapshot in a failure report
class Run:
    """Everything the privacy checks look at, collected once with the server stopped at the end."""

    server: LiveServer
    canaries: Canaries
    tmpdir: Path
    cwd: Path
    exchanges: list[Exchange] = field(default_factory=list)
    #: Requests whose leak is reported by their own test, with their own canary.
    method_canary: str = ""
    method_reply: Reply | None = None
    field_canary: str = ""
    field_reply: Reply | None = None
    open_files: set[str] = field(default_factory=set)
    cwd_before: dict[Path, tuple[int, int, int]] = field(default_factory=dict)
    cwd_after: dict[Path, tuple[int, int, int]] = field(default_factory=dict)


def snapshot(root: Path) -> dict[Path, tuple[int, int, int]]:
    """Regular files under `root` with (inode, mtime, size), so changed files can be found."""
    found = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            try:
                st = path.lstat()
            except OSError:
                continue
            if path.is_file() and not path.is_symlink():
                found[path] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return found


def open_regular_files(pid: int) -> set[str]:
    """Paths of the regular files the server's processes hold open."""
    paths = set()
    for proc in process_tree(pid):
        fd_dir = Path(f"/proc/{proc}/fd")
        try:
            fds = list(fd_dir.iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("/"):
                paths.add(target)
    return paths


def requests(server: LiveServer, c: Canaries) -> Iterator[tuple[str, int | None, Reply]]:
    """(label, expected status, reply) for every request the privacy run makes."""
    pages = [with_canaries(p.read_text(encoding="utf-8"), c) for p in FIXTURES]
    page = pages[0]
    page_json = json.dumps({"html": page}).encode()
    url = f"https://www.aliexpress.com/p/order/detail.html?orderId=8190000000000001&email={c.email}&tel={c.phone}"
    nosy: dict[str, str | None] = {
        "User-Agent": f"Mozilla/5.0 ({c.name})",
        "Cookie": f"xman_us_t={c.token}; email={c.email}",
        "Referer": url,
        f"X-{c.cores['name']}": c.street,
    }

    # Valid requests: every page, the canaries also in URL, query string and headers.
    for path, html in zip(FIXTURES, pages, strict=True):
        lang = "en" if path.parent.name == "legacy_detail" else None
        yield f"page {path.name}", 200, server.analyze({"html": html, "url": url, "lang": lang}, headers=nosy)
    yield "health with query", 200, server.request("GET", f"/v1/health?email={c.email}&name={c.cores['name']}")
    query = f"/v1/analyze?phone={c.phone}&token={c.token}"
    yield "analyze with query", 200, server.signed("POST", query, page_json)
    yield "short lang", 200, server.analyze({"html": page, "lang": c.cores["name"][:35]})

    # Refused before the body is read: the page rides along anyway.
    evil = f"{c.cores['name']}.example"
    yield (
        "bad host",
        403,
        server.signed("POST", "/v1/analyze", page_json, host=f"{evil}:{server.port}"),
    )
    web = {"Origin": f"https://{c.cores['email']}.example"}
    yield "bad origin", 403, server.analyze(page_json, headers=web)
    yield "bearer token", 401, server.analyze(page_json, headers={"Authorization": f"Bearer {c.token}"})
    wrong = {"Authorization": server.sign(page_json, token=c.token)}
    yield "wrong token", 401, server.analyze(page_json, headers=wrong)
    yield "basic auth", 401, server.analyze(page_json, headers={"Authorization": f"Basic {c.email}:{c.token}"})
    plain = {"Content-Type": f"text/plain; name={c.cores['name']}"}
    yield "text/plain", 415, server.analyze(page_json, headers=plain)
    charset = {"Content-Type": f"application/json; charset={c.cores['street']}"}
    yield "odd charset", 415, server.analyze(page_json, headers=charset)

    # Paths and query strings.
    secret_path = f"/v1/{c.cores['name']}/{c.email}?tel={c.phone}"
    yield "unknown path, no origin", 403, server.request("GET", secret_path)
    yield "unknown path, no token", 401, server.request("GET", secret_path, headers={"Origin": server.origin})
    yield "unknown path", 404, server.signed("GET", secret_path)
    yield "analyze subpath", 404, server.signed("POST", f"/v1/analyze/{c.token}", page_json)
    yield "GET analyze", 405, server.signed("GET", f"/v1/analyze?email={c.email}")
    yield "POST health", 405, server.signed("POST", f"/v1/health?name={c.cores['name']}", page_json)

    # Bodies the API refuses.
    yield "truncated JSON", 422, server.analyze(page_json[: len(page_json) * 2 // 3])
    yield "JSON with a trailing comma", 422, server.analyze(page_json[:-1] + b', "x": "' + c.email.encode() + b'",}')
    customer = {"name": c.name, "street": c.street, "email": c.email, "phone": c.phone}
    yield "unknown field", 422, server.analyze({"html": page, "customer": customer})
    yield "html as list", 422, server.analyze({"html": [c.name, c.street, c.email, c.phone, c.token]})
    yield "html as object", 422, server.analyze({"html": customer})
    yield "lang too long", 422, server.analyze({"html": page, "lang": f"{c.street} {c.email}"})
    yield "url too long", 422, server.analyze({"html": page, "url": url + f"&n={c.name}" * 300})
    yield "url as object", 422, server.analyze({"html": page, "url": customer})
    yield "not UTF-8", 422, server.analyze(page_json[:-2] + 'é"}'.encode("latin-1"))
    yield "a JSON string", 422, server.analyze(json.dumps(page).encode())
    # Nested past the JSON decoder's recursion limit (its status is test_server_load's business).
    deep = b'{"html": ' + b"[" * 100_000 + json.dumps(customer).encode() + b"]" * 100_000 + b"}"
    yield "deeply nested", None, server.analyze(deep)

    # Too large: declared, then streamed in chunks full of the page.
    head = (
        f"POST /v1/analyze?email={c.email} HTTP/1.1\r\nHost: {server.host}\r\nOrigin: {server.origin}\r\n"
        f"Authorization: {server.sign()}\r\nContent-Type: application/json\r\n"  # refused before the mac is checked
    )
    declared = (head + f"Content-Length: {LIMIT + 1}\r\n\r\n").encode()
    yield (
        "declared too large",
        413,
        raw_exchange(server, declared, [page_json[i : i + 65536] for i in range(0, 1_000_000, 65536)]),
    )
    chunk = page.encode() * (MiB // len(page) + 1)
    first = b'{"html": "'
    stream = itertools.chain(
        [b"%x\r\n%s\r\n" % (len(first), first)],
        (b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(LIMIT // len(chunk) + 2)),
    )
    chunked = (head + "Transfer-Encoding: chunked\r\n\r\n").encode()
    yield "streamed too large", 413, raw_exchange(server, chunked, stream)

    # Not even HTTP: uvicorn answers these itself.
    host = f"Host: {server.host}\r\n"
    yield (
        "header without colon",
        400,
        raw_exchange(server, f"GET /v1/health HTTP/1.1\r\n{host}{c.name}\r\n\r\n".encode()),
    )
    bad_target = f"GET /v1/health?{c.name} HTTP/1.1\r\n{host}\r\n".encode()
    yield "space in target", 400, raw_exchange(server, bad_target)
    nonascii = f"GET /v1/{c.cores['email']}-ü HTTP/1.1\r\n{host}\r\n".encode()
    yield "non-ASCII target", 400, raw_exchange(server, nonascii)
    huge = f"GET /v1/health HTTP/1.1\r\n{host}X-Pad: {(c.street + c.email + c.token) * 400}\r\n\r\n".encode()
    yield "huge header", None, raw_exchange(server, huge)  # h11 takes it when it arrives in one piece
    control = f"GET /v1/health HTTP/1.1\r\n{host}X-Name: {c.name}\x01{c.email}\r\n\r\n".encode()
    yield "control character in header", None, raw_exchange(server, control)  # h11 lets it through


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    workdir = tmp_path_factory.mktemp("privacy")
    tmpdir = workdir / "tmp"
    tmpdir.mkdir()
    server = start_server(workdir, extra_env={"TMPDIR": str(tmpdir)})
    try:
        cwd = Path(os.readlink(f"/proc/{server.proc.pid}/cwd"))
        result = Run(server=server, canaries=Canaries.new(), tmpdir=tmpdir, cwd=cwd)
        result.cwd_before = snapshot(cwd)
        for label, expected, reply in requests(server, result.canaries):
            result.exchanges.append(Exchange(label, expected, reply))

        # Two leaks with canaries of their own, so each has one test that names it.
        result.method_canary = "".join(secrets.choice(string.ascii_uppercase) for _ in range(10))
        result.method_reply = server.signed(result.method_canary, "/v1/analyze")
        result.field_canary = f"cnyfield{secrets.token_hex(6)}"
        result.field_reply = server.analyze({"html": "<p>x</p>", result.field_canary: 1})

        assert server.health().status == 200
        result.open_files = open_regular_files(server.proc.pid)
        time.sleep(0.2)  # let the last access lines reach the log
    finally:
        server.stop()
    result.cwd_after = snapshot(result.cwd)
    yield result


# --- the checks ------------------------------------------------------------------------------------


def test_every_fixture_page_carries_every_canary() -> None:
    assert len(FIXTURES) >= 20
    c = Canaries.new()
    for path in FIXTURES:
        page = with_canaries(path.read_text(encoding="utf-8"), c)
        assert sorted(c.found_in(page)) == sorted(c.cores), path.name
        assert "Jane Example" not in page and "1 Sample Street" not in page, path.name


def test_requests_got_their_expected_answers(run: Run) -> None:
    wrong = [(e.label, e.expected, e.reply.status) for e in run.exchanges if e.expected not in (None, e.reply.status)]
    assert not wrong, wrong
    assert sum(e.expected == 200 for e in run.exchanges) == len(FIXTURES) + 3


def test_no_canary_in_any_error_body_or_response_header(run: Run) -> None:
    leaks: list[tuple[str, int, str, list[str]]] = []
    for e in run.exchanges:
        headers = "\n".join(f"{k}: {v}" for k, v in e.reply.headers)
        if found := run.canaries.found_in(headers):
            leaks.append((e.label, e.reply.status, headers, found))
        if e.reply.status >= 300 and (found := run.canaries.found_in(e.reply.body)):
            leaks.append((e.label, e.reply.status, e.reply.body[:200].decode("utf-8", "replace"), found))
    assert not leaks, leaks


def test_the_search_finds_canaries_where_they_are_expected(run: Run) -> None:
    """Control: the analysis echoes the page URL, which carries the e-mail and phone canaries."""
    analyses = [e for e in run.exchanges if e.label.startswith("page ") and e.reply.status == 200]
    assert analyses
    for e in analyses:
        assert {"email", "phone"} <= set(run.canaries.found_in(e.reply.body)), e.label


def test_no_canary_in_the_server_logs(run: Run) -> None:
    stdout, stderr = run.server.stdout_text(), run.server.stderr_text()
    assert stderr.count("orderlens.server: ") >= len(run.exchanges) - 5  # the requests were logged
    assert not run.canaries.found_in(stdout), stdout
    leaked = [line for line in stderr.splitlines() if run.canaries.found_in(line)]
    assert not leaked, leaked
    assert run.server.token not in stdout + stderr


def test_no_canary_in_any_file_the_server_could_write(run: Run) -> None:
    logs = {run.server.stdout_path, run.server.stderr_path}
    workdir = run.server.stdout_path.parent  # holds ORDERLENS_HOME and the server's TMPDIR
    candidates = [p for p in snapshot(workdir) if p not in logs]
    changed = [p for p, stamp in run.cwd_after.items() if run.cwd_before.get(p) != stamp]
    leaks = {}
    for path in [*candidates, *changed]:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if found := run.canaries.found_in(data):
            leaks[str(path)] = found
    assert not leaks, leaks
    token = (run.server.home / "token").read_text(encoding="ascii")
    assert not run.canaries.found_in(token)


def test_home_and_tmpdir_hold_only_what_the_server_needs(run: Run) -> None:
    home = sorted(p.name for p in run.server.home.rglob("*"))
    assert home == ["journal.sqlite3", "journal.sqlite3.lock", "token"]  # the journal: no canary in it (above)
    assert (run.server.home / "journal.sqlite3.lock").stat().st_size == 0  # workers take turns on it; it holds nothing
    # multiprocessing's forkserver keeps its listening socket in a pymp-* folder; no regular files.
    regular = [str(p.relative_to(run.tmpdir)) for p in run.tmpdir.rglob("*") if p.is_file()]
    assert regular == []


def test_the_server_holds_no_files_open_but_its_logs(run: Run) -> None:
    allowed = {"/dev/null", str(run.server.stdout_path), str(run.server.stderr_path)}
    assert run.open_files <= allowed, run.open_files - allowed


def test_an_unknown_method_is_not_logged(run: Run) -> None:
    """The method is caller-chosen text like the path, which the log writes as "(other)"."""
    assert run.method_reply is not None and run.method_reply.status == 405
    leaked = [line for line in run.server.stderr_text().splitlines() if run.method_canary in line]
    assert not leaked, leaked


def test_refusals_do_not_echo_field_names(run: Run) -> None:
    """A field name in the body is caller-chosen text too; the 422 says what is wrong without quoting it."""
    assert run.field_reply is not None and run.field_reply.status == 422
    assert run.field_canary.encode() not in run.field_reply.body, run.field_reply.body
