"""`make package` (.ci/package): the browser zips hold exactly the files the extension loads, two builds
are byte-identical, and the Chromium zip, unpacked, loads in Chromium with the id the server answers
and draws banners from a real `orderlens serve`."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from orderlens.server.extension_id import id_from_manifest
from orderlens.server.settings import default_manifest
from tests.extension.browser import EXTENSION, REPO, launch_with_extension
from tests.extension.conftest import ExtensionBrowser
from tests.extension.pages import artifact, case, read_banners
from tests.server.serverkit import LiveServer

PACKAGE = REPO / ".ci" / "package"
VERSION = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))["version"]
ZIPS = {browser: f"orderlens-{browser}-{VERSION}.zip" for browser in ("chromium", "firefox")}
BUILD_TIMEOUT = 300

# What names a file inside the extension: manifest values that look like paths, script and style
# references in pages, module imports in scripts.
_FILE_VALUE = re.compile(r"[\w./-]+\.(?:js|html|css|png|svg|json)")
_PAGE_REF = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"'#?:]+)["']""")
_IMPORT = re.compile(r"""\b(?:from|import)\s*\(?\s*["'](\.\.?/[^"']+)["']""")


def package(dist: Path, repo: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run the `make package` script of `repo`, with the zips going to `dist`."""
    script = repo / ".ci" / "package"
    return subprocess.run(
        [sys.executable, str(script), "--dist", str(dist)], capture_output=True, text=True, timeout=BUILD_TIMEOUT
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two complete builds from the same sources, in separate folders."""
    folders = (tmp_path_factory.mktemp("dist-first"), tmp_path_factory.mktemp("dist-second"))
    for dist in folders:
        result = package(dist)
        assert result.returncode == 0, result.stdout + result.stderr
    return folders


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def manifest_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from manifest_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from manifest_strings(item)


def loaded_files(files: dict[str, bytes]) -> set[str]:
    """Every file the browser can load, followed from the manifest through pages and module imports."""
    manifest = json.loads(files["manifest.json"])
    todo = [s for s in manifest_strings(manifest) if _FILE_VALUE.fullmatch(s)]
    if "default_locale" in manifest:
        todo += [name for name in files if re.fullmatch(r"_locales/[\w-]+/messages\.json", name)]
    seen = {"manifest.json"}
    while todo:
        name = posixpath.normpath(todo.pop().lstrip("/"))
        if name in seen:
            continue
        seen.add(name)
        text = files.get(name, b"").decode("utf-8", "replace")
        pattern = _PAGE_REF if name.endswith(".html") else _IMPORT if name.endswith(".js") else None
        if pattern is not None:
            todo += [posixpath.join(posixpath.dirname(name), ref) for ref in pattern.findall(text)]
    return seen


def test_versions_agree_and_name_the_zips(builds: tuple[Path, Path]) -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == VERSION
    assert sorted(p.name for p in builds[0].iterdir()) == sorted(ZIPS.values())


def test_two_builds_are_byte_identical(builds: tuple[Path, Path]) -> None:
    first, second = builds
    for name in ZIPS.values():
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
        with zipfile.ZipFile(first / name) as archive:
            infos = archive.infolist()
        # What makes them so: sorted entries, one timestamp, one mode, whatever the checkout's files say.
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {(i.date_time, i.external_attr >> 16) for i in infos} == {((1980, 1, 1, 0, 0, 0), 0o100644)}


@pytest.mark.parametrize("browser", ZIPS)
def test_zip_holds_exactly_the_files_the_extension_loads(builds: tuple[Path, Path], browser: str) -> None:
    files = members(builds[0] / ZIPS[browser])
    assert not [name for name in files if name.endswith("/")], "directory entries"
    loaded = loaded_files(files)
    assert set(files) - loaded == set(), "files the extension never loads"
    assert loaded - set(files) == set(), "files the manifest or a page names but the zip lacks"
    for name, data in files.items():
        source = EXTENSION / name
        if name != "manifest.json":
            assert data == source.read_bytes(), f"{name} differs from extension/{name}"


def test_each_browser_gets_its_own_manifest(builds: tuple[Path, Path]) -> None:
    source = json.loads(default_manifest().read_text(encoding="utf-8"))
    chromium = json.loads(members(builds[0] / ZIPS["chromium"])["manifest.json"])
    firefox = json.loads(members(builds[0] / ZIPS["firefox"])["manifest.json"])
    # Chromium: the key fixes the id the server answers; Firefox's settings and background scripts go.
    assert chromium["key"] == source["key"]
    assert "browser_specific_settings" not in chromium and "scripts" not in chromium["background"]
    assert chromium["background"]["service_worker"] == source["background"]["service_worker"]
    # Firefox: the id comes from browser_specific_settings; no key, no service worker (Firefox ignores both).
    assert firefox["browser_specific_settings"] == source["browser_specific_settings"]
    assert "key" not in firefox and "service_worker" not in firefox["background"]
    assert firefox["background"]["scripts"] == source["background"]["scripts"]
    # Nothing else differs.
    trimmed = {k: v for k, v in source.items() if k not in ("key", "browser_specific_settings", "background")}
    for made in (chromium, firefox):
        assert {k: v for k, v in made.items() if k not in ("key", "browser_specific_settings", "background")} == trimmed


def test_versions_that_disagree_stop_the_build(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    (copy / ".ci").mkdir(parents=True)
    shutil.copy2(PACKAGE, copy / ".ci" / "package")
    shutil.copytree(EXTENSION, copy / "extension")
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    (copy / "pyproject.toml").write_text(pyproject.replace(f'version = "{VERSION}"', 'version = "9.9.9"', 1))
    result = package(tmp_path / "dist", copy)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "9.9.9" in result.stderr and VERSION in result.stderr
    assert not (tmp_path / "dist").exists()


@pytest.fixture(scope="module")
def ext(
    builds: tuple[Path, Path],
    playwright_driver: tuple[Any, str],
    live_server: LiveServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ExtensionBrowser]:
    """This module's browser runs the Chromium zip's contents, not the extension/ folder."""
    unpacked = tmp_path_factory.mktemp("chromium-zip")
    with zipfile.ZipFile(builds[0] / ZIPS["chromium"]) as archive:
        archive.extractall(unpacked)
    driver, chromium = playwright_driver
    profile = tmp_path_factory.mktemp("chromium-profile")
    context = launch_with_extension(driver, chromium, profile, unpacked, viewport={"width": 1280, "height": 900})
    try:
        workers = [w for w in context.service_workers if w.url.startswith("chrome-extension://")]
        worker = workers[0] if workers else context.wait_for_event("serviceworker", timeout=15000)
        yield ExtensionBrowser(context, worker, live_server)
    finally:
        context.close()


@pytest.mark.browser
def test_the_unpacked_chromium_zip_draws_banners(browser: ExtensionBrowser) -> None:
    # The key in the zip gives the id the server derives from the manifest it ships with.
    assert browser.extension_id == id_from_manifest(default_manifest())
    running = browser.worker.evaluate("() => chrome.runtime.getManifest()")
    assert "browser_specific_settings" not in running, "Chromium runs extension/, not the zip"
    page_case = case("current_list.desktop_mixed_en")
    page = browser.open(page_case)
    report = browser.wait_reported(page)
    banners = read_banners(page)
    page.screenshot(path=artifact("packaged-chromium.png"), full_page=True)
    assert {b["id"]: b["scenario"] for b in banners} == page_case.expected
    assert report["count"] == len(banners) > 0
    assert all(b["card"] == [b["id"]] for b in banners)
    assert browser.console_errors == []
