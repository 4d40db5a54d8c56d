"""Shared fixtures: paths to the data files and a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from pytest_httpserver import HTTPServer

# The suite runs on busy machines (CI, several test runs on two cores at once): no hypothesis
# check may fail on wall-clock time (deadline per example, too_slow for input generation).
# Tests with their own @settings inherit this and override only what they name.
# On a developer's machine every run draws new examples (that is how bugs surface; a failure
# prints the blob that replays it); with CI set the examples are the same on every run, so
# CI passes or fails on the code, not on the draw.
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "print_blob": True}
settings.register_profile("liveflow", **_COMMON)
settings.register_profile("liveflow-ci", derandomize=True, database=None, **_COMMON)
settings.load_profile("liveflow-ci" if os.environ.get("CI") else "liveflow")

# show the text diff when a golden file differs (helpers outside test modules are not rewritten)
pytest.register_assert_rewrite("tests.golden_files")

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def data_dir() -> Path:
    return DATA


# one server per process (per xdist worker): stopping one takes up to 0.5 s (the poll interval
# of its thread), which a server per module paid once per module
@pytest.fixture(scope="session")
def _running_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def server(_running_server: HTTPServer) -> Iterator[HTTPServer]:
    """A real HTTP server on 127.0.0.1 (one per process), with no handlers and an empty
    request log for each test."""
    _running_server.clear()
    yield _running_server
    _running_server.clear()
