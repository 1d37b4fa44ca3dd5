"""`orderlens preview`: a saved page with the extension's own banner code inlined, opened in a plain
Chromium (no extension, no server). It must show the same banners, on the same cards."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from orderlens.parser.preview import preview
from tests.drift import drift
from tests.extension.pages import PageCase, all_cases, artifact, read_banners

# One page per layout that has banners to show: enough to see every placement rule at work; and the
# order list after a rebuild that left no meaningful class name.
_BY_LAYOUT: dict[str, PageCase] = {}
for _case in all_cases():
    if _case.expected:
        _BY_LAYOUT.setdefault(_case.name.split(".")[0], _case)
_LIST = _BY_LAYOUT["current_list"]
CASES = [
    *_BY_LAYOUT.values(),
    replace(_LIST, name=f"meaningless.{_LIST.name}", html=drift(_LIST.html, "meaningless", seed=0)),
]


def run_preview(page: Path, output: Path) -> Any:
    app = typer.Typer()
    app.command("preview")(preview)
    app.command("other")(lambda: None)  # two commands, so "preview" is a subcommand as in the real CLI
    return CliRunner().invoke(app, ["preview", str(page), "-o", str(output)])


def write_preview(tmp_path: Path, page_case: PageCase) -> Path:
    source = tmp_path / "page.html"
    source.write_text(page_case.html, encoding="utf-8")
    output = tmp_path / "preview.html"
    result = run_preview(source, output)
    assert result.exit_code == 0, result.output
    return output


@pytest.mark.browser
@pytest.mark.parametrize("page_case", CASES, ids=[c.name for c in CASES])
def test_preview_shows_the_banners_the_extension_shows(plain_browser: Any, tmp_path: Path, page_case: PageCase) -> None:
    output = write_preview(tmp_path, page_case)
    page = plain_browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "orderlens" in m.text else None)
    page.goto(output.as_uri())
    page.wait_for_selector("[data-orderlens-order-id]", state="attached", timeout=5000)
    banners = read_banners(page)
    page.screenshot(path=artifact(f"preview-{page_case.name}.png"), full_page=True)
    page.close()
    assert {b["id"]: b["scenario"] for b in banners} == page_case.expected
    assert all(b["card"] == [b["id"]] for b in banners)
    assert errors == []


@pytest.mark.browser
def test_preview_runs_none_of_the_pages_code(plain_browser: Any, tmp_path: Path) -> None:
    base = CASES[0]
    page_code = '<script>window.__pageCode = 1</script><img src="x" onerror="window.__pageCode = 2">'
    tampered = replace(base, html=base.html.replace("</body>", page_code + "</body>", 1))
    output = write_preview(tmp_path, tampered)
    page = plain_browser.new_page()
    page.goto(output.as_uri())
    page.wait_for_selector("[data-orderlens-order-id]", state="attached", timeout=5000)
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__pageCode") is None
    page.close()


def test_preview_reports_bad_paths_in_one_line(tmp_path: Path) -> None:
    result = run_preview(tmp_path / "missing.html", tmp_path / "out.html")
    assert result.exit_code == 2
    assert "missing.html" in result.output and "Traceback" not in result.output

    page = tmp_path / "page.html"
    page.write_text(CASES[0].html, encoding="utf-8")
    same = run_preview(page, page)
    assert same.exit_code == 2 and page.read_text(encoding="utf-8") == CASES[0].html


def test_preview_of_a_page_without_orders_still_writes_it(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Nothing here</p></body></html>", encoding="utf-8")
    result = run_preview(page, tmp_path / "out.html")
    assert result.exit_code == 0 and "0 banners" in result.output
    assert "Nothing here" in (tmp_path / "out.html").read_text(encoding="utf-8-sig")
