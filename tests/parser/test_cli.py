"""The `orderlens` console script, run as a real subprocess: output formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.fixture_pages import FIXTURES

ORDERLENS = [sys.executable, "-c", "from orderlens.parser.cli import main; main()"]
LIST_PAGE = FIXTURES / "current_list" / "desktop_mixed_en.html"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ORDERLENS, *args], capture_output=True, text=True, timeout=120)


def test_json_prints_one_object_per_file() -> None:
    detail = FIXTURES / "current_detail" / "detail_closed_security_en.html"
    result = run("analyze", str(LIST_PAGE), str(detail), "--json")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["source"] == str(LIST_PAGE)
    assert first["layout"] == "current_list" and len(first["orders"]) == 7
    assert second["orders"][0]["scenario"] == "closed_security_issue"
    assert second["orders"][0]["banner"]["lang"] == "en"


def test_lang_option_changes_banner_language() -> None:
    result = run("analyze", str(LIST_PAGE), "--json", "--lang", "es")
    banners = [o["banner"] for o in json.loads(result.stdout)["orders"] if o["banner"]]
    assert banners and all(b["lang"] == "es" for b in banners)


def test_url_option_overrides_saved_from_mark() -> None:
    result = run("analyze", str(LIST_PAGE), "--json", "--url", "https://es.aliexpress.com/p/order/index.html")
    analysis = json.loads(result.stdout)
    assert analysis["url"] == "https://es.aliexpress.com/p/order/index.html"


def test_directory_analyses_every_page_below_it() -> None:
    result = run("analyze", str(FIXTURES / "legacy_tracking"), "--json")
    assert result.returncode == 0
    pages = sorted((FIXTURES / "legacy_tracking").glob("*.html"))
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [str(p) for p in pages]


def test_table_and_explain_show_scenarios_and_rules() -> None:
    result = run("analyze", str(LIST_PAGE), "--explain")
    assert result.returncode == 0
    assert "canceled_after_shipping" in result.stdout
    assert "rules:" in result.stdout and "evidence: status:closed" in result.stdout


def test_missing_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.html"
    result = run("analyze", str(missing), str(LIST_PAGE), "--json")
    assert result.returncode == 2
    assert result.stderr.strip() == f"orderlens: {missing}: no such file or directory"
    assert len(result.stdout.splitlines()) == 1  # the readable page was still analysed


def test_unreadable_path_is_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "dir.html"
    folder.mkdir()
    (folder / "page.html").write_bytes(b"\xff\xfe\x00garbage")
    result = run("analyze", str(folder), "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["page_kind"] == "unknown"


def test_bad_usage_exits_2_without_traceback() -> None:
    for args in (("analyze",), ("analyze", str(LIST_PAGE), "--backend", "nope"), ("frobnicate",)):
        result = run(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr


def test_empty_file_is_analysed_as_unknown(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = run("analyze", str(empty), "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["page_kind"] == "unknown"


def test_layouts_lists_every_registered_layout() -> None:
    result = run("layouts")
    assert result.returncode == 0
    for name in ("current_list", "current_detail", "current_tracking", "legacy_list", "legacy_detail"):
        assert name in result.stdout


def test_explain_on_an_unrecognised_page_names_the_near_misses() -> None:
    result = run("analyze", str(FIXTURES / "unknown" / "product_page.html"), "--explain")
    assert result.returncode == 0
    assert "no layout recognised this page" in result.stdout
    assert "current_list:" in result.stdout and "missing order cards (.order-item)" in result.stdout


def test_unknown_status_text_is_reported_for_contributors() -> None:
    result = run("analyze", str(FIXTURES / "current_list" / "mobile_en.html"), "--json")
    diagnostics = json.loads(result.stdout)["diagnostics"]
    unknown = [d for d in diagnostics if d["code"] == "unknown_status"]
    assert len(unknown) == 1
    assert "Status pending review XYZ" in unknown[0]["message"]
