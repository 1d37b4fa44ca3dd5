"""The pairing token: a 256-bit secret in a 0600 file, in a 0700 folder, shared with the extension.

It never travels: each side proves it holds it with HMACs of fresh nonces (`server.auth`).

The file is the single source of truth: the server re-reads it when it changes, so
`orderlens token --rotate` takes effect at once without a restart, and deleting it revokes access.

Nobody else on the machine is trusted with it. The folder and the file must belong to us and be
closed to other accounts; a folder or file owned by another account, a folder open to others, a
token file others may write, or a symbolic link in place of either is refused with a one-line
reason, never used or repaired: another account may have planted it to read or to choose the token.
Every access goes through a descriptor of the folder opened without following links (`O_NOFOLLOW`),
so what is checked is what is then read, written or chmod-ed, even if a path is swapped meanwhile.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import secrets
import shlex
import stat
from dataclasses import dataclass
from pathlib import Path

from orderlens.server.invocation import command_line

logger = logging.getLogger("orderlens.server")

TOKEN_BYTES = 32  # 256 bits
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")  # urlsafe base64 of 32 bytes, no padding
FILE_MODE = 0o600
DIR_MODE = 0o700
_MAX_FILE_BYTES = 4096  # a token file is 44 bytes; anything much larger is not one

_POSIX = os.name == "posix"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO planted as the token file must not hang open()
_DIR_FD = os.open in os.supports_dir_fd
_LINK_ERRNOS = (errno.ELOOP, errno.EMLINK)  # what O_NOFOLLOW gives on a link (Linux, macOS / BSD)


def _rotate_hint() -> str:
    """The pasteable fix for a token file orderlens cannot trust."""
    return f"replace it with: {command_line('token', '--rotate')}"


class TokenError(RuntimeError):
    """The token folder or file cannot be used; the message says why and what to do."""


def new_token() -> str:
    """A fresh random token: 32 bytes from the OS CSPRNG, urlsafe base64."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _foreign_owner(st: os.stat_result) -> int | None:
    """The owner's uid when it is not us (POSIX only: elsewhere ownership is not checked)."""
    return st.st_uid if _POSIX and st.st_uid != os.geteuid() else None


@dataclass
class _Folder:
    """The checked token folder: `fd` is open on it (None where `dir_fd` is unsupported)."""

    path: Path
    fd: int | None

    def name(self, filename: str) -> str:
        """How to name `filename` in a call that also gets `dir_fd=self.fd`."""
        return filename if self.fd is not None else str(self.path / filename)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)

    def __enter__(self) -> _Folder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _make_folder(path: Path) -> bool:
    """Create the token folder (and ordinary parent folders) unless it exists; True if we made it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(path, DIR_MODE)
    except FileExistsError:
        return False
    except OSError as exc:
        raise TokenError(f"cannot create token folder {path}: {_reason(exc)}") from None
    return True


def _open_folder(path: Path, *, create: bool) -> _Folder:
    """The token folder, opened without following a link and checked to be ours and private.

    Raises FileNotFoundError when it does not exist and `create` is false.
    """
    created = _make_folder(path) if create else False
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            raise TokenError(
                f"token folder {path} is a symbolic link, which orderlens does not follow; "
                "set ORDERLENS_HOME to a real folder of your own"
            )
        if not stat.S_ISDIR(st.st_mode):
            raise TokenError(f"token folder {path} is not a folder; set ORDERLENS_HOME to a folder of your own")
        fd = os.open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW) if _DIR_FD else None
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise TokenError(f"cannot open token folder {path}: {_reason(exc)}") from None
    folder = _Folder(path, fd)
    try:
        if fd is not None:
            st = os.fstat(fd)  # the folder actually opened, whatever the path names by now
        _check_folder(folder, st, created=created)
    except OSError as exc:
        folder.close()
        raise TokenError(f"cannot open token folder {path}: {_reason(exc)}") from None
    except BaseException:
        folder.close()
        raise
    return folder


def _check_folder(folder: _Folder, st: os.stat_result, *, created: bool) -> None:
    owner = _foreign_owner(st)
    if owner is not None:
        raise TokenError(
            f"token folder {folder.path} belongs to another account (uid {owner}); "
            "set ORDERLENS_HOME to a folder of your own"
        )
    if not _POSIX:
        return
    if created and folder.fd is not None:
        os.fchmod(folder.fd, DIR_MODE)  # exactly 0700 whatever the umask
    elif stat.S_IMODE(st.st_mode) & 0o077:
        # Not repaired silently: while it was open another account may have read the token.
        raise TokenError(
            f"token folder {folder.path} is open to other accounts (mode {stat.S_IMODE(st.st_mode):04o}); "
            f"run: chmod 700 {shlex.quote(str(folder.path))} && {command_line('token', '--rotate')}"
        )


def _read(folder: _Folder, filename: str) -> str:
    """Read and validate the token; raises FileNotFoundError when there is none yet."""
    path = folder.path / filename
    try:
        fd = os.open(folder.name(filename), os.O_RDONLY | _NOFOLLOW | _NONBLOCK, dir_fd=folder.fd)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno in _LINK_ERRNOS:
            message = f"token file {path} is a symbolic link, which orderlens never makes; {_rotate_hint()}"
            raise TokenError(message) from None
        raise TokenError(f"cannot read token file {path}: {_reason(exc)}") from None
    try:
        _check_file(path, fd)
        raw = os.read(fd, _MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise TokenError(f"cannot read token file {path}: {_reason(exc)}") from None
    finally:
        os.close(fd)
    token = raw.decode("ascii", "replace").strip()
    if len(raw) > _MAX_FILE_BYTES or not _TOKEN_RE.fullmatch(token):
        raise TokenError(f"token file {path} is damaged; {_rotate_hint()}")
    return token


def _check_file(path: Path, fd: int) -> None:
    """Refuse a token file we did not write; tighten one that is merely readable by others."""
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        raise TokenError(f"token file {path} is not a regular file; {_rotate_hint()}")
    owner = _foreign_owner(st)
    if owner is not None:
        raise TokenError(
            f"token file {path} belongs to another account (uid {owner}), so orderlens did not write it; "
            + _rotate_hint()
        )
    if not _POSIX:
        return
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o022:
        raise TokenError(f"token file {path} is writable by other accounts (mode {mode:04o}); {_rotate_hint()}")
    if mode & 0o077:
        # Readable only: in our private folder nobody else could reach it, so tightening is enough.
        os.fchmod(fd, FILE_MODE)


def _write_new(folder: _Folder, filename: str, token: str, *, replace: bool) -> None:
    """Write `token` to a private temp file in the folder, then move it into place atomically."""
    tmp = f".{filename}.{secrets.token_hex(8)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
    fd = os.open(folder.name(tmp), flags, FILE_MODE, dir_fd=folder.fd)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), FILE_MODE)  # exact mode whatever the umask
            fh.write(token + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        src, dst = folder.name(tmp), folder.name(filename)
        if replace:
            os.replace(src, dst, src_dir_fd=folder.fd, dst_dir_fd=folder.fd)
        else:
            os.link(src, dst, src_dir_fd=folder.fd, dst_dir_fd=folder.fd)  # fails if the file exists
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder.name(tmp), dir_fd=folder.fd)


def read_or_create(path: Path) -> str:
    """The current token, creating the folder and the file on first use."""
    with _open_folder(path.parent, create=True) as folder:
        try:
            return _read(folder, path.name)
        except FileNotFoundError:
            pass
        try:
            _write_new(folder, path.name, new_token(), replace=False)
        except FileExistsError:
            pass  # another process won the race; use its token (after the same checks)
        except OSError as exc:
            raise TokenError(f"cannot create token file {path}: {_reason(exc)}") from None
        try:
            return _read(folder, path.name)
        except FileNotFoundError:
            raise TokenError(f"token file {path} vanished while being created; try again") from None


def rotate(path: Path) -> str:
    """Replace the token with a new one; the old one stops working immediately.

    Also the way out of a refused token file: the new file replaces whatever was there.
    """
    token = new_token()
    with _open_folder(path.parent, create=True) as folder:
        try:
            _write_new(folder, path.name, token, replace=True)
        except OSError as exc:
            raise TokenError(f"cannot write token file {path}: {_reason(exc)}") from None
    return token


def _stamp(path: Path) -> tuple[int, ...] | None:
    """What changes when the folder or the file is replaced, rewritten, chmod-ed or chown-ed."""
    try:
        folder, file = os.lstat(path.parent), os.lstat(path)
    except OSError:
        return None
    return (folder.st_ino, folder.st_ctime_ns, file.st_ino, file.st_ctime_ns, file.st_mtime_ns, file.st_size)


@dataclass
class TokenStore:
    """The server's view of the token file, re-read only when the folder's or the file's identity changes."""

    path: Path
    _stamp: tuple[int, ...] | None = None
    _token: str | None = None

    def current(self) -> str | None:
        """The valid token, or None when the file is missing or refused (then nothing is accepted)."""
        stamp = _stamp(self.path)
        if stamp is None:
            self._stamp, self._token = None, None
            return None
        if stamp != self._stamp:
            self._stamp, self._token = stamp, None
            try:
                with _open_folder(self.path.parent, create=False) as folder:
                    self._token = _read(folder, self.path.name)
            except FileNotFoundError:
                pass
            except TokenError as exc:  # once per change: every request is refused with 401 until fixed
                logger.warning("token refused: %s", exc)
        return self._token
