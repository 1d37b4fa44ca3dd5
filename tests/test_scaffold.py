"""`orderlens new-layout`, and the contributor path of docs/adding-a-layout.md, run in a copy of the repo.

The walk-through test takes the shell commands from the guide itself, in the guide's order, and runs
them on a page no layout understands, so the guide cannot drift from the tools. Everything happens in a
temporary copy of the repository; the real one is never written.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from orderlens.parser import analyze, scaffold
from orderlens.parser.decode import decode
from orderlens.parser.dom import parse
from orderlens.parser.layouts.base import ListLayout, Page
from orderlens.parser.scaffold import (
    FILL_ME,
    checkout_root,
    default_repo,
    is_checkout,
    load_layout,
    orders_found,
    pinned_facts,
    with_layout,
)
from orderlens.parser.screen import screen
from tests.drift import drift
from tests.fixture_pages import FIXTURES, fixtures

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "docs" / "adding-a-layout.md"
ORDERLENS = [sys.executable, "-c", "from orderlens.parser.cli import main; main()"]
PYTEST = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"]
_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.egg-info", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis",
    "node_modules", "artifacts",
)  # fmt: skip
# The page the guide's example stands for: a real list page whose classes AliExpress "renamed", so no
# layout recognises it any more. The guide's selectors (.purchase-card, …) are for this page.
SOURCE = FIXTURES / "current_list" / "desktop_mixed_en.html"
GUIDE_STEPS = ["orderlens analyze", "orderlens redact", "orderlens new-layout", "orderlens analyze", "pytest", "pytest"]


def copy_repo(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy, symlinks=True, ignore=_NOT_COPIED)
    return copy


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run in the copy: with the copy as working directory, `import orderlens` finds the copy's package."""
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def guide_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)


def guide_commands() -> list[str]:
    """Every `.venv/bin/…` line of the guide's sh blocks, in order (`make test` is left to CI)."""
    return [
        line.strip() for block in guide_blocks("sh") for line in block.splitlines() if line.startswith(".venv/bin/")
    ]


def guide_settings() -> dict[str, str]:
    """The selector settings of the guide's step 5 (its one python block): constant name → line."""
    (block,) = guide_blocks("python")
    return {line.split(" = ")[0]: line for line in block.splitlines() if " = " in line}


def tool(command: str) -> str:
    """'orderlens analyze', 'pytest', …: what a guide command runs."""
    program, *args = shlex.split(command)
    name = Path(program).name
    return f"{name} {args[0]}" if name == "orderlens" else name


def as_argv(command: str, page: Path, redacted: Path, copy: Path) -> list[str]:
    """A guide command as run here: the example paths point at test files, the tools at this interpreter."""
    paths = {"~/Downloads/orders.html": page, "/tmp/orders.redacted.html": redacted / "orders.redacted.html"}
    argv = [str(paths.get(word, word)) for word in shlex.split(command)]
    if argv[0] == ".venv/bin/orderlens":
        # --repo makes sure the scaffold writes into the copy whichever package the interpreter imports.
        return [*ORDERLENS, *argv[1:], *(["--repo", str(copy)] if argv[1] == "new-layout" else [])]
    assert argv[0] == ".venv/bin/pytest", command
    return [*PYTEST, *argv[1:]]


def unknown_page(tmp_path: Path) -> Path:
    page = tmp_path / "Downloads" / "orders.html"
    page.parent.mkdir()
    page.write_text(SOURCE.read_text(encoding="utf-8").replace("order-item", "purchase-card"), encoding="utf-8")
    assert analyze(page.read_bytes()).layout is None
    return page


def test_the_guide_walks_from_an_unknown_page_to_a_passing_fixture(tmp_path: Path) -> None:
    copy, page = copy_repo(tmp_path), unknown_page(tmp_path)
    (tmp_path / "out").mkdir()
    commands = guide_commands()
    assert [tool(command) for command in commands] == GUIDE_STEPS
    explain, redact_, scaffold, check, test, update = (as_argv(c, page, tmp_path / "out", copy) for c in commands)

    # 2. No layout claims the page: it is read by meaning, the explanation shows the candidate blocks, the
    # closest layout, and ends with the very command the guide's step 4 runs.
    result = run(explain, copy)
    assert result.returncode == 0 and "7 of 7 orders read by meaning; closest layout: current_list" in result.stdout
    assert "Candidate order blocks (7, each holding one order id):" in result.stdout
    assert "Closest layout: current_list (33% of its markers); missing order cards (.order-item)" in result.stdout
    suggested = result.stdout.strip().splitlines()[-1].removeprefix("Next: ")
    assert shlex.split(suggested) == ["orderlens", *scaffold[len(ORDERLENS) : -2]]  # less --repo COPY

    # 3. Redaction: counts only on the terminal, nothing personal in the file.
    result = run(redact_, copy)
    assert result.returncode == 0 and "Jane" not in result.stdout
    assert "Hi, Jane" in page.read_text(encoding="utf-8")
    assert "Jane" not in (tmp_path / "out" / "orders.redacted.html").read_text(encoding="utf-8")

    # 4. The scaffold: a ListLayout module, registration, fixture, skeleton, and three numbered next steps
    # that store the snapshot only once the hand-written expectations pass.
    result = run(scaffold, copy)
    assert result.returncode == 0, result.stderr
    steps = [line.strip() for line in result.stdout.splitlines() if re.match(r"\s*\d+\.", line)]
    assert [step[:2] for step in steps] == ["1.", "2.", "3."]
    assert "fixtures/new_list/orders.expected.json" in steps[1]
    assert re.search(
        r"`[^`]*-k new_list` until only the missing snapshot fails; then [^`]*`[^`]*--snapshot-update`", steps[2]
    )
    layouts = copy / "parser" / "layouts"
    assert "    new_list,\n" in (layouts / "__init__.py").read_text() and (layouts / "new_list.py").is_file()
    assert not (REPO / "parser" / "layouts" / "new_list.py").exists()
    layout = load_layout(layouts / "new_list.py", "new_list")
    assert isinstance(layout, ListLayout) and layout.block == ".purchase-card"
    expected_path = copy / "fixtures" / "new_list" / "orders.expected.json"
    skeleton = json.loads(expected_path.read_text())
    original = json.loads(SOURCE.with_name("desktop_mixed_en.expected.json").read_text())
    assert (skeleton["layout"], skeleton["page_kind"], skeleton["lang"]) == ("new_list", "order_list", "en")
    assert len(skeleton["orders"]) == len(original["orders"])  # the generated layout found every order
    assert all(order["scenario"].startswith(FILL_ME) for order in skeleton["orders"])
    assert [order["status_text"] for order in skeleton["orders"]] == [
        order["status_text"] for order in original["orders"]
    ]
    assert all(order["store_name"] is None for order in skeleton["orders"])  # STORE_CSS is not set yet

    # The generated module is as clean as hand-written ones.
    tools = Path(sys.executable).parent
    lint = run([str(tools / "ruff"), "check", "parser/layouts"], copy)
    types = run([str(tools / "mypy"), "--cache-dir", str(tmp_path / "mypy"), "parser/layouts/new_list.py"], copy)
    assert (lint.returncode, types.returncode) == (0, 0), lint.stdout + types.stdout

    # 5. The new layout claims the page.
    result = run(check, copy)
    assert result.returncode == 0 and "new_list" in result.stdout

    # The generated tests run, and the skeleton fails them: FILL ME is never a scenario, so a scaffold
    # cannot pass by accident (the backends-agree test passes already; the snapshot does not exist yet).
    result = run(test, copy)
    assert result.returncode == 1 and FILL_ME in result.stdout
    assert re.search(r"\b3 failed, 2 passed\b", result.stdout), result.stdout

    # 5 (continued). The contributor sets the store, item and total selectors the guide shows.
    module = layouts / "new_list.py"
    source = module.read_text()
    for name, line in guide_settings().items():
        source, count = re.subn(rf"^{name} = .*$", line, source, flags=re.M)
        assert count == 1, name
    module.write_text(source)

    # 6. ... and fills in the expectation from the page: the scenarios of the page this one was made from,
    # and the store, items and total as current_list (an independent reader) reads them off the redacted
    # page with its classes back.
    fixture = copy / "fixtures" / "new_list" / "orders.html"
    truth = analyze(fixture.read_text(encoding="utf-8").replace("purchase-card", "order-item"))
    assert truth.layout == "current_list"
    for order, scenario, read in zip(skeleton["orders"], original["orders"], truth.orders, strict=True):
        assert order["order_id"] == read.order_id
        order["scenario"] = scenario["scenario"]
        pinned = pinned_facts(read.facts)
        order.update({field: pinned[field] for field in ("store_name", "items", "total")})
    assert all(order["store_name"] and order["total"] for order in skeleton["orders"])
    assert [bool(order["items"]) for order in skeleton["orders"]] == [bool(o["items"]) for o in original["orders"]]
    expected_path.write_text(json.dumps(skeleton, indent=2) + "\n")

    # 7. Now only the missing snapshot fails; --snapshot-update stores it, and then everything passes.
    result = run(test, copy)
    assert result.returncode == 1 and "does not exist" in result.stdout and "1 failed, 4 passed" in result.stdout
    assert run(update, copy).returncode == 0
    snapshot = copy / "tests/parser/__snapshots__/test_fixtures/test_full_analysis_snapshot[new_list.orders].json"
    assert snapshot.is_file()
    result = run(test, copy)
    assert result.returncode == 0 and "5 passed" in result.stdout, result.stdout


def test_the_suggested_command_scaffolds_a_single_order_layout(tmp_path: Path) -> None:
    """A detail page whose classes were all renamed: `--explain` suggests a detail layout, and the layout
    that command writes reads the page's one order."""
    copy = copy_repo(tmp_path)
    page = tmp_path / "detail.html"
    detail = FIXTURES / "current_detail" / "detail_closed_security_en.html"
    page.write_text(drift(detail.read_text(encoding="utf-8"), "meaningless"), encoding="utf-8")
    result = run([*ORDERLENS, "analyze", str(page), "--explain"], copy)
    words = shlex.split(result.stdout.strip().splitlines()[-1].removeprefix("Next: "))
    assert words[:7] == ["orderlens", "new-layout", "new_detail", "--from", str(page), "--kind", "order_detail"]
    assert words[7::2] == ["--orders", "--status"]
    result = run([*ORDERLENS, *words[1:], "--repo", str(copy)], copy)
    assert result.returncode == 0, result.stderr
    layout = load_layout(copy / "parser" / "layouts" / "new_detail.py", "new_detail")
    assert not isinstance(layout, ListLayout) and layout.page_kind == "order_detail"
    fixture = (copy / "fixtures" / "new_detail" / "detail.html").read_text(encoding="utf-8")
    (order,) = orders_found(layout, fixture, analyze(fixture).url) or []
    assert (order.status_text, order.detail_url) == ("Closed", analyze(fixture).url)
    assert order.anchor_path is not None and order.actions
    tools = Path(sys.executable).parent
    lint = run([str(tools / "ruff"), "check", "parser/layouts"], copy)
    types = run([str(tools / "mypy"), "--cache-dir", str(tmp_path / "mypy"), "parser/layouts/new_detail.py"], copy)
    assert (lint.returncode, types.returncode) == (0, 0), lint.stdout + types.stdout


def test_without_selectors_the_layout_claims_no_page(tmp_path: Path) -> None:
    copy, page = copy_repo(tmp_path), unknown_page(tmp_path)
    result = run([*ORDERLENS, "new-layout", "blank_list", "--from", str(page), "--repo", str(copy)], copy)
    assert result.returncode == 0, result.stderr
    assert len([line for line in result.stdout.splitlines() if re.match(r"\s*\d+\.", line)]) == 3
    skeleton = json.loads((copy / "fixtures" / "blank_list" / "orders.expected.json").read_text())
    assert [o["order_id"][: len(FILL_ME)] for o in skeleton["orders"]] == [FILL_ME]
    layout = load_layout(copy / "parser" / "layouts" / "blank_list.py", "blank_list")
    for fixture in fixtures():  # an unfinished layout must not take any existing layout's pages
        page_ = Page(parse(screen(decode(fixture.page.read_bytes())).html, "lexbor"), None)
        assert not layout.detect(page_).claimed, fixture.id


@pytest.mark.parametrize(
    ("args", "page_name", "message"),
    [
        (["Bad-Name"], "orders.html", "not a valid layout name"),
        (["class"], "orders.html", "not a valid layout name"),
        (["current_list"], "orders.html", "exists already"),
        (["fresh", "--kind", "shop"], "orders.html", "unknown page kind"),
        (["fresh"], "missing.html", "no such file"),
        (["fresh", "--orders", "div:::bad"], "orders.html", "not a CSS selector"),
    ],
)
def test_bad_requests_exit_2_with_one_line_and_write_nothing(
    tmp_path: Path, args: list[str], page_name: str, message: str
) -> None:
    copy, page = copy_repo(tmp_path), unknown_page(tmp_path)
    before = (copy / "parser" / "layouts" / "__init__.py").read_text()
    source = page.with_name(page_name)
    result = run([*ORDERLENS, "new-layout", *args, "--from", str(source), "--repo", str(copy)], copy)
    assert result.returncode == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert (copy / "parser" / "layouts" / "__init__.py").read_text() == before
    assert not (copy / "fixtures" / "fresh").exists()


def installed_like(tmp_path: Path) -> Path:
    """A folder shaped like an installed package: the layouts are there, pyproject.toml and fixtures/ not."""
    package = tmp_path / "site-packages" / "orderlens"
    (package / "parser" / "layouts").mkdir(parents=True)
    shutil.copy2(REPO / "parser" / "layouts" / "__init__.py", package / "parser" / "layouts" / "__init__.py")
    return package


def test_a_repo_that_is_no_checkout_is_refused_and_left_alone(tmp_path: Path) -> None:
    package, page = installed_like(tmp_path), unknown_page(tmp_path)
    before = sorted(package.rglob("*"))
    result = run([*ORDERLENS, "new-layout", "fresh", "--from", str(page), "--repo", str(package)], tmp_path)
    assert result.returncode == 2 and "not an orderlens checkout" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert sorted(package.rglob("*")) == before


def test_an_installed_orderlens_refuses_without_repo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Installed from a wheel, the package's own folder is all `default_repo` can find (tests/test_wheel.py
    # runs the real thing); in a checkout it finds the checkout.
    assert is_checkout(default_repo()) and default_repo() == REPO
    monkeypatch.setattr(scaffold, "default_repo", lambda: installed_like(tmp_path))
    with pytest.raises(typer.Exit) as stopped:
        checkout_root(None)
    assert stopped.value.exit_code == 2
    message = capsys.readouterr().err
    assert len(message.strip().splitlines()) == 1 and "installed package" in message and "--repo" in message
    assert checkout_root(REPO) == REPO


def test_registration_is_idempotent_and_keeps_imports_sorted() -> None:
    source = (REPO / "parser" / "layouts" / "__init__.py").read_text()
    once = with_layout(source, "aaa_first")
    assert with_layout(once, "aaa_first") == once
    assert once.count("aaa_first") == 2 and once.count("aaa_first.LAYOUT") == 1
    imports = re.search(r"from orderlens\.parser\.layouts import \((.*?)\)", once, re.S)
    assert imports is not None
    names = [name.strip(" ,") for name in imports.group(1).split("\n") if name.strip()]
    assert names == sorted(names) and names[0] == "aaa_first"
    registry = once[once.index("REGISTRY") :]
    assert registry.index("aaa_first.LAYOUT") > registry.index("current_list.LAYOUT")  # appended: ties go to the old
    compile(once, "__init__.py", "exec")


def test_registration_refuses_a_file_it_does_not_understand() -> None:
    with pytest.raises(ValueError):
        with_layout("from orderlens.parser.layouts import a, b\nREGISTRY = (a.LAYOUT, b.LAYOUT)\n", "c")
