"""The `orderlens` CLI exposes the server's commands: `orderlens serve` and `orderlens token`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from serverkit import REPO, server_env

ORDERLENS = [sys.executable, "-c", "from orderlens.parser.cli import main; main()"]


def orderlens(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ORDERLENS, *args], cwd=REPO, env=server_env(home), capture_output=True, text=True, timeout=60
    )


def test_orderlens_serve_refuses_a_public_host(tmp_path: Path) -> None:
    result = orderlens(["serve", "--host", "0.0.0.0"], tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "0.0.0.0" in lines[0] and "127.0.0.1" in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_orderlens_token_prints_and_rotates(tmp_path: Path) -> None:
    first = orderlens(["token"], tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == (tmp_path / "token").read_text().strip()
    rotated = orderlens(["token", "--rotate"], tmp_path)
    assert rotated.returncode == 0
    assert rotated.stdout.strip() not in ("", first.stdout.strip())
