"""The pairing token: a 256-bit secret in a 0600 file that the extension must present on every call.

The file is the single source of truth: the server re-reads it when it changes, so
`orderlens token --rotate` takes effect at once without a restart, and deleting it revokes access.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

TOKEN_BYTES = 32  # 256 bits
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")  # urlsafe base64 of 32 bytes, no padding
FILE_MODE = 0o600
DIR_MODE = 0o700


class TokenError(RuntimeError):
    """The token file cannot be used; the message says why and what to do."""


def new_token() -> str:
    """A fresh random token: 32 bytes from the OS CSPRNG, urlsafe base64."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def tokens_equal(candidate: str | bytes, token: str) -> bool:
    """Compare in constant time so response timing reveals nothing about the token."""
    raw = candidate.encode("latin-1", "replace") if isinstance(candidate, str) else candidate
    return hmac.compare_digest(raw, token.encode("ascii"))


def _write_new(path: Path, token: str, *, replace: bool) -> None:
    """Write `token` to a private temp file, then move it into place atomically."""
    path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), FILE_MODE)  # exact mode whatever the umask
            fh.write(token + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if another process created the file first
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _read(path: Path) -> str:
    """Read and validate the token, tightening the file mode if someone loosened it."""
    try:
        st = path.stat()
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise TokenError(f"cannot read token file {path}: {exc}") from None
    if os.name == "posix" and stat.S_IMODE(st.st_mode) & 0o077:
        os.chmod(path, FILE_MODE)
    token = text.strip()
    if not _TOKEN_RE.fullmatch(token):
        raise TokenError(f"token file {path} is damaged; replace it with `orderlens token --rotate`")
    return token


def read_or_create(path: Path) -> str:
    """The current token, creating the file on first use."""
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    try:
        _write_new(path, new_token(), replace=False)
    except FileExistsError:
        pass  # another process won the race; use its token
    except OSError as exc:
        raise TokenError(f"cannot create token file {path}: {exc}") from None
    return _read(path)


def rotate(path: Path) -> str:
    """Replace the token with a new one; the old one stops working immediately."""
    token = new_token()
    try:
        _write_new(path, token, replace=True)
    except OSError as exc:
        raise TokenError(f"cannot write token file {path}: {exc}") from None
    return token


@dataclass
class TokenStore:
    """The server's view of the token file, re-read only when the file's identity changes."""

    path: Path
    _stamp: tuple[int, int, int] | None = None
    _token: str | None = None

    def current(self) -> str | None:
        """The valid token, or None when the file is missing or damaged (then nothing is accepted)."""
        try:
            st = self.path.stat()
        except OSError:
            self._stamp, self._token = None, None
            return None
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        if stamp != self._stamp:
            try:
                self._token = _read(self.path)
            except (OSError, TokenError):
                self._token = None
            self._stamp = stamp
        return self._token

    def accepts(self, candidate: str | bytes) -> bool:
        """True when `candidate` is the current token (constant-time)."""
        token = self.current()
        return token is not None and tokens_equal(candidate, token)
