"""Server settings, read once from the environment so tests and users can tune them without code."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from orderlens.extension_files import MANIFEST

MiB = 1024 * 1024

#: Where the orderlens home folder (token file) lives; default is the platform's user config dir.
HOME_ENV = "ORDERLENS_HOME"
#: Seconds one analysis may take before the request gets 503.
TIMEOUT_ENV = "ORDERLENS_ANALYSIS_TIMEOUT"
#: Seconds a connection has to send a complete request head (request line and headers).
HEADER_TIMEOUT_ENV = "ORDERLENS_HEADER_TIMEOUT"
#: Seconds a request has, once its head is in, to send its whole body.
BODY_TIMEOUT_ENV = "ORDERLENS_BODY_TIMEOUT"
#: Whole seconds that stopping the server waits for requests in progress before cancelling them.
SHUTDOWN_TIMEOUT_ENV = "ORDERLENS_SHUTDOWN_TIMEOUT"
#: How many worker processes analyse pages in parallel (default: one per CPU, at most 4).
WORKERS_ENV = "ORDERLENS_WORKERS"
#: Path of the extension's manifest.json, whose "key" fixes the Chrome extension id.
MANIFEST_ENV = "ORDERLENS_EXTENSION_MANIFEST"
#: "off" turns the order journal off for the whole server, whatever the extension asks ("on" is the default).
JOURNAL_ENV = "ORDERLENS_JOURNAL"

DEFAULT_PORT = 8765
DEFAULT_TIMEOUT = 10.0
DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_BODY_TIMEOUT = 30.0
DEFAULT_SHUTDOWN_TIMEOUT = 5
MAX_SECONDS = 3600
MAX_BODY_BYTES = 8 * MiB
#: Host names the server answers to; it always binds 127.0.0.1.
LOOPBACK_NAMES = ("127.0.0.1", "localhost")


class SettingsError(ValueError):
    """A setting from the environment is unusable; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the app needs to decide what to accept and how long to work."""

    home: Path
    manifest: Path
    analysis_timeout: float = DEFAULT_TIMEOUT
    max_body_bytes: int = MAX_BODY_BYTES
    workers: int = 2
    header_timeout: float = DEFAULT_HEADER_TIMEOUT
    body_timeout: float = DEFAULT_BODY_TIMEOUT
    shutdown_timeout: int = DEFAULT_SHUTDOWN_TIMEOUT
    journal: bool = True

    @property
    def token_path(self) -> Path:
        return self.home / "token"

    @property
    def journal_path(self) -> Path | None:
        """The order journal's file, or None when the journal is off."""
        return journal_file(self.home) if self.journal else None


def journal_file(home: Path) -> Path:
    """Where the order journal lives in the home folder (`orderlens journal` reads it even when off)."""
    return home / "journal.sqlite3"


def default_manifest() -> Path:
    """The extension's manifest as the package carries it: the checkout's own, or the wheel's copy."""
    return MANIFEST


def home_dir() -> Path:
    """The orderlens home folder: `$ORDERLENS_HOME` or the platform's user config dir."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir("orderlens", appauthor=False))


def _seconds_from_env(name: str, default: float) -> float:
    """A number of seconds, 0 < t <= 3600, from the environment variable `name`."""
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not 0 < value <= MAX_SECONDS:
        raise SettingsError(f"{name} must be between 0 and {MAX_SECONDS} seconds, got {raw!r}")
    return value


def _whole_seconds_from_env(name: str, default: int) -> int:
    """A whole number of seconds, 0 <= t <= 3600, from the environment variable `name`."""
    raw = os.environ.get(name)
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_SECONDS:
        raise SettingsError(f"{name} must be a whole number of seconds from 0 to {MAX_SECONDS}, got {raw!r}")
    return int(raw)


def _workers_from_env() -> int:
    raw = os.environ.get(WORKERS_ENV)
    if not raw:
        return max(1, min(4, os.cpu_count() or 1))
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 32:
        raise SettingsError(f"{WORKERS_ENV} must be a whole number from 1 to 32, got {raw!r}")
    return int(raw)


def _journal_from_env() -> bool:
    raw = os.environ.get(JOURNAL_ENV, "").strip().lower()
    if raw not in ("", "on", "off"):
        raise SettingsError(f"{JOURNAL_ENV} must be on or off, got {raw!r}")
    return raw != "off"


def load_settings() -> Settings:
    """Build settings from the environment; raises SettingsError with a one-line reason."""
    manifest_env = os.environ.get(MANIFEST_ENV)
    manifest = Path(manifest_env).expanduser() if manifest_env else default_manifest()
    return Settings(
        home=home_dir(),
        manifest=manifest,
        analysis_timeout=_seconds_from_env(TIMEOUT_ENV, DEFAULT_TIMEOUT),
        workers=_workers_from_env(),
        header_timeout=_seconds_from_env(HEADER_TIMEOUT_ENV, DEFAULT_HEADER_TIMEOUT),
        body_timeout=_seconds_from_env(BODY_TIMEOUT_ENV, DEFAULT_BODY_TIMEOUT),
        shutdown_timeout=_whole_seconds_from_env(SHUTDOWN_TIMEOUT_ENV, DEFAULT_SHUTDOWN_TIMEOUT),
        journal=_journal_from_env(),
    )
