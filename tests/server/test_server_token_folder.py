"""The token folder trusts nobody: what another account made, opened or linked is refused in one line.

Another account is played by uid 65534 (nobody): files are given to it with chown, and the CLI is
run as it by forking this process and dropping to that uid before calling the real command (a new
interpreter cannot start as nobody here, the Python install being under /root). Both need root,
which CI has; elsewhere these tests are skipped with that reason.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from serverkit import run_cli, server_env, start_server, wait_until

from orderlens.server import tokens
from orderlens.server.__main__ import main as server_main

OTHER = 65534  # nobody
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="playing another account needs root (CI runs as root)")

# What each case's one line must say, and the command that gets the user out of it.
ROTATE = "orderlens token --rotate"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def assert_refused(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit status 2, one line on stderr naming the problem, no traceback, nothing on stdout."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    for needle in needles:
        assert needle in lines[0], lines[0]


def both_commands(home: Path) -> list[subprocess.CompletedProcess[str]]:
    """`orderlens token` and `orderlens serve` on the same home folder."""
    env = server_env(home)
    return [run_cli(["token"], env), run_cli(["--port", "0"], env)]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A token folder as orderlens makes it, holding a token."""
    path = tmp_path / "home"
    tokens.read_or_create(path / "token")
    return path


def test_a_new_folder_is_0700_and_its_token_0600(tmp_path: Path) -> None:
    old = os.umask(0o000)  # the most permissive umask must not leak into the modes
    try:
        path = tmp_path / "a" / "b" / "home"
        tokens.read_or_create(path / "token")
    finally:
        os.umask(old)
    assert mode(path) == 0o700 and mode(path / "token") == 0o600


def test_a_planted_token_owned_by_another_account_is_refused(home: Path) -> None:
    planted = tokens.new_token()
    (home / "token").write_text(planted + "\n")
    os.chown(home / "token", OTHER, OTHER)
    for result in both_commands(home):
        assert_refused(result, str(home / "token"), "another account", f"uid {OTHER}", ROTATE)
    assert planted == (home / "token").read_text().strip()  # untouched, and never printed


def test_a_token_file_others_may_write_is_refused(home: Path) -> None:
    os.chmod(home / "token", 0o666)
    for result in both_commands(home):
        assert_refused(result, "writable by other accounts", "0666", ROTATE)
    assert mode(home / "token") == 0o666  # refused, not quietly repaired


def test_a_token_file_only_readable_by_others_is_tightened(home: Path) -> None:
    os.chmod(home / "token", 0o644)  # harmless inside a private folder: nobody else could get there
    assert run_cli(["token"], server_env(home)).returncode == 0
    assert mode(home / "token") == 0o600


def test_a_folder_owned_by_another_account_is_refused(home: Path) -> None:
    os.chown(home, OTHER, OTHER)
    for result in both_commands(home):
        assert_refused(result, f"token folder {home}", "another account", "ORDERLENS_HOME")


@pytest.mark.parametrize("folder_mode", [0o755, 0o750, 0o777, 0o701])
def test_a_folder_open_to_others_is_refused(home: Path, folder_mode: int) -> None:
    os.chmod(home, folder_mode)
    for result in both_commands(home):
        assert_refused(result, f"token folder {home}", "open to other accounts", f"{folder_mode:04o}", "chmod 700")
    assert mode(home) == folder_mode


def test_a_linked_folder_is_refused(tmp_path: Path, home: Path) -> None:
    link = tmp_path / "linked-home"
    link.symlink_to(home, target_is_directory=True)
    for result in both_commands(link):
        assert_refused(result, f"token folder {link}", "symbolic link")


def test_a_linked_token_file_is_refused_and_its_target_left_alone(tmp_path: Path, home: Path) -> None:
    """The old chmod followed the link and tightened (or, as root, took over) whatever it named."""
    target = tmp_path / "elsewhere"
    target.write_text(tokens.new_token() + "\n")
    os.chmod(target, 0o644)
    (home / "token").unlink()
    (home / "token").symlink_to(target)
    for result in both_commands(home):
        assert_refused(result, "symbolic link", ROTATE)
    assert mode(target) == 0o644


def test_a_dangling_link_is_not_followed_to_create_a_file(tmp_path: Path, home: Path) -> None:
    target = tmp_path / "would-be-created"
    (home / "token").unlink()
    (home / "token").symlink_to(target)
    assert_refused(run_cli(["token"], server_env(home)), "symbolic link")
    assert not target.exists()


def test_a_fifo_in_place_of_the_token_is_refused_without_hanging(home: Path) -> None:
    (home / "token").unlink()
    os.mkfifo(home / "token", 0o600)
    assert_refused(run_cli(["token"], server_env(home), timeout=20), "not a regular file")


def test_rotate_replaces_a_refused_token_file(home: Path) -> None:
    os.chown(home / "token", OTHER, OTHER)
    result = run_cli(["token", "--rotate"], server_env(home))
    assert result.returncode == 0, result.stderr
    st = os.lstat(home / "token")
    assert st.st_uid == os.geteuid() and mode(home / "token") == 0o600
    assert run_cli(["token"], server_env(home)).stdout == result.stdout


def test_the_server_refuses_a_token_planted_while_it_runs(tmp_path_factory: pytest.TempPathFactory) -> None:
    server = start_server(tmp_path_factory.mktemp("planted"))
    try:
        assert server.analyze({"html": "<p>x</p>"}).status == 200
        planted = tokens.new_token()
        replacement = server.home / "planted.tmp"
        replacement.write_text(planted + "\n")
        os.chmod(replacement, 0o600)
        os.chown(replacement, OTHER, OTHER)
        os.replace(replacement, server.home / "token")
        for _ in range(3):  # signed with the planted token, which the kit reads from the file
            assert server.analyze({"html": "<p>x</p>"}).status == 401
        assert wait_until(lambda: "token refused:" in server.stderr_text())
        refusals = [line for line in server.stderr_text().splitlines() if "token refused:" in line]
        assert len(refusals) == 1 and "another account" in refusals[0]  # once per change, not per request
        assert planted not in server.stderr_text()
    finally:
        server.stop()
    assert "Traceback" not in server.stderr_text()


# --- as another, unprivileged account -------------------------------------------------------------


@pytest.fixture
def nobodys_folder() -> Iterator[Path]:
    """A folder of nobody's own that nobody can reach (pytest's tmp_path is root's, 0700)."""
    base = Path(tempfile.mkdtemp(prefix="orderlens-nobody-"))
    os.chmod(base, 0o755)
    try:
        yield base
    finally:
        shutil.rmtree(base)


def run_as_nobody(args: list[str], home: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """The real `python -m orderlens.server ARGS`, run by a forked child that has dropped to nobody."""
    env = server_env(home)
    stdout, stderr = out / "stdout.txt", out / "stderr.txt"
    with stdout.open("w") as so, stderr.open("w") as se:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 70
            try:
                sys.stdout, sys.stderr = so, se  # not pytest's capture objects
                os.environ.clear()
                os.environ.update(env)
                os.setgroups([])
                os.setgid(OTHER)
                os.setuid(OTHER)
                sys.argv = ["orderlens.server", *args]
                try:
                    server_main()
                    code = 0
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
    return subprocess.CompletedProcess(args, os.waitstatus_to_exitcode(status), stdout.read_text(), stderr.read_text())


def warm_up_imports(tmp_path: Path) -> None:
    """Run both commands once as root first: the child cannot import what this process has not (the
    Python install is unreadable to nobody), and refusals happen before `serve` imports uvicorn."""
    for args in (["token"], ["--host", "0.0.0.0"]):
        saved = sys.argv
        sys.argv = ["orderlens.server", *args]
        os.environ["ORDERLENS_HOME"], old = str(tmp_path / "warm"), os.environ.get("ORDERLENS_HOME")
        try:
            server_main()
        except SystemExit:
            pass
        finally:
            sys.argv = saved
            if old is None:
                del os.environ["ORDERLENS_HOME"]
            else:
                os.environ["ORDERLENS_HOME"] = old


def test_a_token_of_another_account_is_one_line_for_a_non_root_user(
    nobodys_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The old code chmod-ed the file it could not own and crashed with a PermissionError traceback."""
    warm_up_imports(tmp_path)
    capsys.readouterr()
    home = nobodys_folder / "home"
    home.mkdir(mode=0o700)
    os.chown(home, OTHER, OTHER)
    (home / "token").write_text(tokens.new_token() + "\n")
    os.chmod(home / "token", 0o644)  # root's: nobody may read it, not chmod it
    for args in (["token"], ["--port", "0"]):
        result = run_as_nobody(args, home, tmp_path)
        assert_refused(result, "another account", "uid 0", ROTATE)


def test_an_unusable_home_is_one_line_for_a_non_root_user(
    nobodys_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warm_up_imports(tmp_path)
    capsys.readouterr()
    locked = nobodys_folder / "roots"
    locked.mkdir(mode=0o700)  # root's and closed: nobody can neither look inside nor create anything
    for args in (["token"], ["--port", "0"]):
        result = run_as_nobody(args, locked / "orderlens", tmp_path)
        assert_refused(result, str(locked / "orderlens"), "Permission denied")
