"""The `orderlens` console script, run as a real subprocess: output formats and exit codes."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

from orderlens.parser import analyze
from orderlens.parser.dom import parse
from orderlens.parser.layouts.facts import order_id_from_links, status_text_of
from orderlens.parser.model import json_data
from orderlens.parser.screen import screen
from tests.drift import drift
from tests.fixture_pages import FIXTURES

ORDERLENS = [sys.executable, "-c", "from orderlens.parser.cli import main; main()"]
LIST_PAGE = FIXTURES / "current_list" / "desktop_mixed_en.html"
LIST_ORDERS = json.loads(LIST_PAGE.with_name("desktop_mixed_en.expected.json").read_text(encoding="utf-8"))["orders"]
HINT = "No layout claims this page."
ES_LIST = "https://es.aliexpress.com/p/order/index.html"


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
    result = run("analyze", str(LIST_PAGE), "--json", "--url", ES_LIST)
    assert json.loads(result.stdout)["url"] == ES_LIST


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


def test_explain_shows_every_fact_read() -> None:
    result = run("analyze", str(LIST_PAGE), "--explain")
    assert result.returncode == 0 and HINT not in result.stdout  # a layout claims the page
    sections = result.stdout.split("\n\n")
    for order, expected in zip(analyze(LIST_PAGE.read_bytes()).orders, LIST_ORDERS, strict=True):
        (section,) = [part for part in sections if part.startswith(f"{order.order_id} →")]
        facts = json_data(order.facts)
        filled = [name for name, value in facts.items() if name != "order_id" and value not in (None, [], False)]
        for name in filled:
            assert f"\n  {name.replace('_', ' ')}: " in section, (order.order_id, name)
        assert f"store name: {expected['store_name']}\n" in section and f"total: {expected['total']}\n" in section
        assert f"detail url: {expected['detail_url']}\n" in section and "order date: " in section
        assert all(f"items: title={title!r}" in section for title in expected["items"])


def hint_of(stdout: str) -> list[str]:
    return stdout[stdout.index(HINT) :].strip().splitlines()


def test_explain_on_an_unrecognised_list_shows_blocks_closest_layout_and_next_command(tmp_path: Path) -> None:
    page = tmp_path / "orders.html"
    page.write_text(drift(LIST_PAGE.read_text(encoding="utf-8"), "meaningless"), encoding="utf-8")
    result = run("analyze", str(page), "--explain")
    assert result.returncode == 0
    hint = hint_of(result.stdout)
    assert hint[1] == f"Candidate order blocks ({len(LIST_ORDERS)}, each holding one order id):"
    for line, expected in zip(hint[2 : 2 + len(LIST_ORDERS)], LIST_ORDERS, strict=True):
        assert line.split()[0] == expected["order_id"] and f"status: {expected['status_text']!r}" in line
    assert hint[-2] == "No layout came close: none of their markers is on the page."  # every class is new
    words = shlex.split(hint[-1].removeprefix("Next: "))
    assert words[:7] == ["orderlens", "new-layout", "new_list", "--from", str(page), "--kind", "order_list"]
    assert words[7::2] == ["--orders", "--status"]
    # The suggested selectors pick exactly the page's orders, and each one's status.
    blocks = parse(screen(page.read_text(encoding="utf-8")).html, "lexbor").root.select(words[8])
    assert [order_id_from_links(block) for block in blocks] == [order["order_id"] for order in LIST_ORDERS]
    assert [status_text_of(block, words[10]) for block in blocks] == [order["status_text"] for order in LIST_ORDERS]
    # With one class renamed, current_list comes close and says what it missed; a regional site names the layout.
    renamed = tmp_path / "renamed.html"
    renamed.write_text(LIST_PAGE.read_text(encoding="utf-8").replace("order-item", "card"), encoding="utf-8")
    spanish = hint_of(run("analyze", str(renamed), "--explain", "--url", ES_LIST).stdout)
    assert spanish[-2] == (
        "Closest layout: current_list (33% of its markers); "
        "missing order cards (.order-item), card status header or mobile card"
    )
    assert shlex.split(spanish[-1])[3] == "es_list"


def test_explain_on_a_page_without_orders_says_so_and_suggests_no_layout() -> None:
    result = run("analyze", str(FIXTURES / "unknown" / "product_page.html"), "--explain")
    assert result.returncode == 0
    hint = hint_of(result.stdout)
    assert hint[1] == "No element carries an order id: make sure the saved page shows orders."
    assert not any(line.startswith("Next:") for line in hint)


def test_explain_on_a_verification_wall_gives_no_hint() -> None:
    result = run("analyze", str(FIXTURES / "unknown" / "captcha_order_list.html"), "--explain")
    assert result.returncode == 0 and "verification (captcha)" in result.stdout and HINT not in result.stdout
