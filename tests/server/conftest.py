"""Shared fixtures for the server tests: one real server process per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from serverkit import LiveServer, start_server


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A `python -m orderlens.server` process with its own ORDERLENS_HOME, stopped after the module."""
    server = start_server(tmp_path_factory.mktemp("server"))
    try:
        yield server
    finally:
        server.stop()
