"""The wheel works anywhere: built from the sources, installed into a fresh venv, and every command run
from a folder that is not a checkout.

The fresh venv is made without pip and gets only the wheel (`pip --python … install --no-deps`). Its
dependencies are the project venv's installed packages, reached through a .pth file that appends that
site-packages folder to the fresh venv's path; Python does not read .pth files inside an appended
folder, so the editable install of this checkout stays out (a test checks where `orderlens` is imported
from). `pip check` then confirms the wheel's own requirements are met by what it finds. Only building
the wheel needs an index (pip fetches setuptools into its isolated build environment, once, from its cache).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from orderlens.extension_files import BANNER_SCRIPTS, CONTENT
from orderlens.parser import analyze
from orderlens.parser.layouts import REGISTRY
from orderlens.parser.model import json_data
from orderlens.server.extension_id import id_from_manifest
from orderlens.server.settings import default_manifest
from tests.fixture_pages import FIXTURES
from tests.server.serverkit import STARTUP_TIMEOUT, LiveServer, wait_until

REPO = Path(__file__).resolve().parents[1]
# What the wheel is built from: the package (links included), the folders it links to, the metadata.
SOURCES = ("pyproject.toml", "README.md", "orderlens", "parser", "server", "extension")
PAGE = FIXTURES / "current_list" / "desktop_mixed_en.html"
TIMEOUT = 300
_ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)")


@dataclass(frozen=True)
class Installed:
    """A fresh venv holding the wheel, and a folder outside any checkout to run it in."""

    wheel: Path
    python: Path
    site_packages: Path
    elsewhere: Path
    env: dict[str, str]

    def run(self, *args: str, module: bool = False) -> subprocess.CompletedProcess[str]:
        """`orderlens ARGS` (or `python -m orderlens ARGS`) from the fresh venv, in the outside folder."""
        command = [str(self.python), "-m", "orderlens"] if module else [str(self.python.parent / "orderlens")]
        return subprocess.run(
            [*command, *args], cwd=self.elsewhere, env=self.env, capture_output=True, text=True, timeout=TIMEOUT
        )


def pip(*args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"  # a copy, so building writes nothing (build/, egg-info) into the checkout
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, source / name)
    pip("wheel", "--no-deps", "--wheel-dir", str(root / "dist"), str(source))
    (wheel,) = (root / "dist").glob("orderlens-*.whl")

    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=TIMEOUT)
    python = venv / "bin" / "python"
    pip("--python", str(python), "install", "--no-deps", "--no-index", str(wheel))
    site_packages = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    dependencies = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site_packages / "_project_dependencies.pth").write_text("\n".join(sorted(dependencies)) + "\n")

    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    shutil.copy2(PAGE, elsewhere / "orders.html")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ORDERLENS_", "PYTHON"))}
    env |= {"ORDERLENS_HOME": str(root / "home"), "PYTHONUNBUFFERED": "1"}
    return Installed(wheel, python, site_packages, elsewhere, env)


def test_the_wheel_holds_one_package_and_only_the_extension_files_it_reads(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = wheel.namelist()
    assert {name.split("/")[0] for name in names} == {"orderlens", installed.wheel.name.split("-py")[0] + ".dist-info"}
    shipped = {name.removeprefix("orderlens/extension/") for name in names if name.startswith("orderlens/extension/")}
    assert shipped == {"manifest.json", *(f"content/{script}" for script in BANNER_SCRIPTS)}
    assert {name for name in names if "/tests/" in name or name.endswith((".png", ".html"))} == set()


def test_the_installed_package_is_the_one_imported_and_its_requirements_are_met(installed: Installed) -> None:
    probe = (
        "import importlib.util as u, orderlens;"
        "print(orderlens.__file__);"
        "print(u.find_spec('parser'), u.find_spec('server'))"
    )
    result = subprocess.run(
        [str(installed.python), "-c", probe], cwd=installed.elsewhere, env=installed.env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    location, top_level = result.stdout.splitlines()
    assert Path(location).is_relative_to(installed.site_packages)
    assert top_level == "None None", "a top-level `parser` or `server` package is importable"
    pip("--python", str(installed.python), "check")


def test_analyze_gives_what_the_checkout_gives(installed: Installed) -> None:
    result = installed.run("analyze", "orders.html", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    expected = json_data(analyze(PAGE.read_bytes()))
    assert found == expected | {"source": "orders.html"}
    assert any(order["banner"] for order in found["orders"])


def test_preview_inlines_the_packaged_banner_code(installed: Installed) -> None:
    result = installed.run("preview", "orders.html", "-o", "preview.html")
    assert result.returncode == 0, result.stderr
    page = (installed.elsewhere / "preview.html").read_text(encoding="utf-8-sig")
    for script in BANNER_SCRIPTS:
        assert (CONTENT / script).read_text(encoding="utf-8") in page, script
    assert "Content-Security-Policy" in page and re.search(r"\d+ banners", result.stdout)


def test_redact_and_layouts(installed: Installed) -> None:
    result = installed.run("redact", "orders.html", "-o", "safe.html")
    assert result.returncode == 0, result.stderr
    redacted = (installed.elsewhere / "safe.html").read_text(encoding="utf-8")
    assert redacted != PAGE.read_text(encoding="utf-8") and "<html" in redacted
    for module in (False, True):
        listed = installed.run("layouts", module=module)
        assert listed.returncode == 0, listed.stderr
        assert all(layout.name in listed.stdout for layout in REGISTRY)


def test_new_layout_refuses_and_writes_nothing(installed: Installed) -> None:
    def files() -> list[Path]:
        return sorted([*installed.site_packages.rglob("*"), *installed.elsewhere.rglob("*")])

    before = files()
    result = installed.run("new-layout", "my_list", "--from", "orders.html")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "--repo" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert files() == before


@pytest.fixture
def served(installed: Installed, tmp_path: Path) -> Iterator[LiveServer]:
    """`orderlens serve --port 0` of the fresh venv, run from the outside folder, once it answers."""
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen(
            [str(installed.python.parent / "orderlens"), "serve", "--port", "0"],
            cwd=installed.elsewhere,
            env=installed.env,
            stdout=stdout,
            stderr=stderr,
        )
    home = Path(installed.env["ORDERLENS_HOME"])
    server = LiveServer(proc, 0, home, out, err, id_from_manifest(default_manifest()), installed.env)
    try:
        assert wait_until(
            lambda: bool(_ADDRESS.search(server.stdout_text())) or proc.poll() is not None, STARTUP_TIMEOUT
        )
        address = _ADDRESS.search(server.stdout_text())
        assert address, server.stderr_text()
        server.port = int(address.group(1))
        assert wait_until(lambda: _healthy(server), STARTUP_TIMEOUT), server.stderr_text()
        yield server
    finally:
        server.stop()


def _healthy(server: LiveServer) -> bool:
    try:
        return server.health().status == 200
    except OSError:
        return False


def test_token_then_serve_answers_the_paired_extension(installed: Installed, served: LiveServer) -> None:
    printed = installed.run("token")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.strip() == served.token

    html = PAGE.read_text(encoding="utf-8")
    reply = served.analyze({"html": html, "url": None, "lang": None})
    assert reply.status == 200, reply.body
    scenarios = [order["scenario"] for order in reply.json()["orders"]]
    assert scenarios == [order.scenario for order in analyze(html).orders]
    # The pairing is real: without the token, or from another origin, the same request is refused.
    assert served.analyze({"html": html}, headers={"Authorization": None}).status == 401
    assert served.analyze({"html": html}, headers={"Origin": "https://evil.test"}).status == 403
