"""A real HTTP server on 127.0.0.1 (pytest-httpserver) and clients pointed at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from liveflow_graph.api.client import TrueStateClient
from liveflow_graph.api.retry import RetryPolicy
from tests.api.helpers import CLOCK, KEY, ORG, base_url

MakeClient = Callable[..., TrueStateClient]


@pytest.fixture
def sleeps() -> list[float]:
    """Every delay the client asked to sleep, in order (nothing really sleeps)."""
    return []


@pytest.fixture
def make_client(server: HTTPServer, sleeps: list[float]) -> Iterator[MakeClient]:
    """Build clients for ``server`` with a fake key, recorded sleeps and no jitter."""
    made: list[TrueStateClient] = []

    def make(**overrides: Any) -> TrueStateClient:
        options: dict[str, Any] = {
            "api_key": KEY,
            "organisation_id": ORG,
            "host": base_url(server),
            "timeout": 5.0,
            "retry": RetryPolicy(retries=3, backoff=0.5),
            "env": {},
            "sleep": sleeps.append,
            "random": lambda: 1.0,
            "clock": lambda: CLOCK,
        }
        options.update(overrides)
        client = TrueStateClient(**options)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
