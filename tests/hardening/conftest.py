"""A local HTTP server for the hardening tests that run ``liveflow-graph fetch``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer


@pytest.fixture(scope="module")
def _api_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def api(_api_server: HTTPServer) -> Iterator[HTTPServer]:
    """The module's server, with no handlers and an empty log for each test."""
    _api_server.clear()
    yield _api_server
    _api_server.clear()
