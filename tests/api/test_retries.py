"""Timeouts, retries, backoff and Retry-After, against a real server that misbehaves."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from liveflow_graph import (
    ConfigError,
    ConnectionFailedError,
    NotFoundError,
    RateLimitError,
    RequestTimeoutError,
    ResponseError,
    RetryPolicy,
    ServerError,
)
from liveflow_graph.api.retry import parse_retry_after
from tests.api.conftest import MakeClient
from tests.api.helpers import (
    CLOCK,
    JSON,
    cut_short,
    data,
    flow_id,
    http_date,
    serve_documented,
    slow,
)

FLOW = flow_id("linear_flow.json")
FLOW_PATH = f"/live_flows/{FLOW}/"


def fail_once_then_serve(server: HTTPServer, status: int, headers: dict[str, str]) -> None:
    server.expect_oneshot_request(FLOW_PATH).respond_with_data(
        b'{"detail": "busy"}', status=status, headers=headers, content_type=JSON
    )
    serve_documented(server)


# -- the policy itself ----------------------------------------------------------------------


def test_backoff_doubles_with_equal_jitter() -> None:
    policy = RetryPolicy(retries=5, backoff=0.5, max_backoff=3.0)
    full = [policy.delay(n, retry_after=None, jitter=1.0) for n in range(5)]
    assert full == [0.5, 1.0, 2.0, 3.0, 3.0]
    half = [policy.delay(n, retry_after=None, jitter=0.0) for n in range(5)]
    assert half == [0.25, 0.5, 1.0, 1.5, 1.5]
    assert policy.delay(1, retry_after=None, jitter=0.5) == 0.75


def test_retry_after_is_honoured_up_to_the_cap() -> None:
    policy = RetryPolicy(max_retry_after=10.0)
    assert policy.delay(0, retry_after=4.0, jitter=0.9) == 4.0
    assert policy.delay(3, retry_after=0.0, jitter=0.9) == 0.0
    assert policy.delay(0, retry_after=3600.0, jitter=0.9) == 10.0


def test_huge_retry_numbers_stay_finite() -> None:
    assert RetryPolicy(max_backoff=30.0).delay(10_000, retry_after=None, jitter=1.0) == 30.0


@pytest.mark.parametrize(
    "settings",
    [{"retries": -1}, {"backoff": -0.1}, {"max_backoff": float("nan")}, {"max_retry_after": 1e400}],
)
def test_bad_policies(settings: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        RetryPolicy(**settings)  # type: ignore[arg-type]  # deliberately bad values


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("5", 5.0),
        (" 120 ", 120.0),
        ("1.5", 1.5),
        (http_date(7), 7.0),
        (http_date(-30), 0.0),  # a date in the past: retry now
        ("Wed, 21 Oct 2015 07:28:00", None),  # no zone: not an HTTP date
        ("-1", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=CLOCK) == seconds


# -- against the server ---------------------------------------------------------------------


def test_500_then_success(server: HTTPServer, make_client: MakeClient, sleeps: list[float]) -> None:
    fail_once_then_serve(server, 500, {})
    assert make_client().get_flow(FLOW).id == FLOW
    assert len(server.log) == 2
    assert sleeps == [0.5]


def test_429_with_retry_after_seconds_then_success(
    server: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    fail_once_then_serve(server, 429, {"Retry-After": "2"})
    assert make_client().get_flow(FLOW).id == FLOW
    assert sleeps == [2.0]


def test_429_with_retry_after_date_then_success(
    server: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    fail_once_then_serve(server, 429, {"Retry-After": http_date(7)})
    make_client().get_flow(FLOW)
    assert sleeps == [7.0]


def test_retry_after_is_capped(
    server: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    fail_once_then_serve(server, 503, {"Retry-After": "86400"})
    make_client(retry=RetryPolicy(max_retry_after=12.0)).get_flow(FLOW)
    assert sleeps == [12.0]


def test_an_unreadable_retry_after_falls_back_to_backoff(
    server: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    fail_once_then_serve(server, 429, {"Retry-After": "whenever"})
    make_client().get_flow(FLOW)
    assert sleeps == [0.5]


def test_jitter_comes_from_the_injected_random(
    server: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    server.expect_request(FLOW_PATH).respond_with_data(b"", status=502)
    draws: Iterator[float] = iter([0.0, 0.5, 0.25])
    with pytest.raises(ServerError):
        make_client(random=lambda: next(draws)).get_flow(FLOW)
    assert sleeps == [0.25, 0.75, 1.25]


def test_5xx_until_the_retries_run_out(
    server: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    server.expect_request(FLOW_PATH).respond_with_json({"detail": "down"}, status=503)
    with pytest.raises(ServerError) as caught:
        make_client().get_flow(FLOW)
    assert len(server.log) == 4
    assert sleeps == [0.5, 1.0, 2.0]
    error = caught.value
    assert error.status == 503
    assert str(error) == (
        f"GET {FLOW_PATH}: the API failed (503 Service Unavailable): down "
        "(gave up after 4 attempts)"
    )


def test_429_until_the_retries_run_out(
    server: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    server.expect_request(FLOW_PATH).respond_with_data(
        b"slow down", status=429, headers={"Retry-After": "1"}, content_type="text/plain"
    )
    with pytest.raises(RateLimitError, match=r"429 Too Many Requests\): slow down") as caught:
        make_client(retry=2).get_flow(FLOW)
    assert caught.value.status == 429
    assert sleeps == [1.0, 1.0]
    assert len(server.log) == 3


def test_no_retries(server: HTTPServer, make_client: MakeClient, sleeps: list[float]) -> None:
    server.expect_request(FLOW_PATH).respond_with_data(b"", status=500)
    with pytest.raises(ServerError, match="gave up after 1 attempt\\)"):
        make_client(retry=0).get_flow(FLOW)
    assert len(server.log) == 1
    assert sleeps == []


def test_4xx_is_not_retried(
    server: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    server.expect_request(FLOW_PATH).respond_with_json({"detail": "Not Found"}, status=404)
    with pytest.raises(NotFoundError):
        make_client().get_flow(FLOW)
    assert len(server.log) == 1
    assert sleeps == []


def test_a_slow_server_times_out(
    server: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    server.expect_request(FLOW_PATH).respond_with_handler(slow(1.0, data("linear_flow.json")))
    started = time.monotonic()
    with pytest.raises(RequestTimeoutError, match=r"within the timeout of 0\.2 s") as caught:
        make_client(timeout=0.2, retry=1).get_flow(FLOW)
    assert time.monotonic() - started < 0.9  # two attempts of 0.2 s, not the 1 s answer
    assert caught.value.status is None
    assert sleeps == [0.5]
    assert isinstance(caught.value, TimeoutError)


def test_a_slow_answer_then_a_quick_one(
    server: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    server.expect_oneshot_request(FLOW_PATH).respond_with_handler(slow(1.0))
    serve_documented(server)
    assert make_client(timeout=0.3).get_flow(FLOW).id == FLOW
    assert sleeps == [0.5]


def test_a_body_cut_short_by_the_connection_is_retried(
    server: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    body = data("linear_flow.json")
    server.expect_oneshot_request(FLOW_PATH).respond_with_handler(cut_short(body[:50], len(body)))
    serve_documented(server)
    assert make_client().get_flow(FLOW).id == FLOW
    assert sleeps == [0.5]


def test_a_body_always_cut_short(
    server: HTTPServer, make_client: MakeClient, sleeps: list[float]
) -> None:
    body = data("linear_flow.json")
    server.expect_request(FLOW_PATH).respond_with_handler(cut_short(body[:50], len(body)))
    with pytest.raises(ResponseError, match=f"received 50 bytes, expected {len(body)}"):
        make_client(retry=1).get_flow(FLOW)
    assert sleeps == [0.5]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_connection_refused(make_client: MakeClient, sleeps: list[float]) -> None:
    host = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(ConnectionFailedError) as caught:
        make_client(host=host).list_flows()
    assert str(caught.value).startswith(f"GET /live_flows/: cannot reach {host}: ")
    assert "TRUESTATE_HOST" in str(caught.value)
    assert "gave up after 4 attempts" in str(caught.value)
    assert sleeps == [0.5, 1.0, 2.0]
    assert isinstance(caught.value, ConnectionError)
