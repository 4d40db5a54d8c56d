"""The timeout bounds each attempt as a whole (connect, headers and the whole body), against
real servers on 127.0.0.1 that send their answer a byte at a time."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from liveflow_graph import RequestTimeoutError
from liveflow_graph.cli import main
from tests.api.conftest import MakeClient
from tests.api.helpers import KEY, TrickleServer

MARGIN = 1.5
"""Seconds allowed past the timeout (a loaded machine schedules threads late)."""
BODY_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n["
HEADERS_HEAD = b"HTTP/1.1 200 OK\r\n"
CLOSE_DELIMITED_HEAD = b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n["
"""A body that ends when the connection closes: shutting it down must not look like its end."""


def _timed_out(make_client: MakeClient, url: str, timeout: float, retries: int = 0) -> float:
    """Seconds a client with ``timeout`` took to raise the timeout error from ``url``."""
    client = make_client(host=url, timeout=timeout, retry=retries)
    started = time.monotonic()
    with pytest.raises(RequestTimeoutError) as caught:
        client.list_flows()
    elapsed = time.monotonic() - started
    assert str(caught.value).startswith(
        f"GET /live_flows/: could not get an answer from {url} within the timeout of "
        f"{timeout:g} s (gave up after "
    )
    assert caught.value.__context__ is None
    return elapsed


@pytest.mark.parametrize("head", [BODY_HEAD, CLOSE_DELIMITED_HEAD])
def test_a_body_trickled_a_byte_at_a_time_times_out(make_client: MakeClient, head: bytes) -> None:
    # each byte comes well within the timeout: only a deadline for the whole body stops it
    with TrickleServer(head, b" ", interval=0.1, count=400) as server:
        elapsed = _timed_out(make_client, server.url, timeout=1.0)
    assert elapsed < 1.0 + MARGIN


def test_headers_trickled_a_byte_at_a_time_time_out(make_client: MakeClient) -> None:
    with TrickleServer(HEADERS_HEAD, b"X", interval=0.1, count=400) as server:
        elapsed = _timed_out(make_client, server.url, timeout=1.0)
    assert elapsed < 1.0 + MARGIN


def test_each_retry_has_its_own_deadline(make_client: MakeClient, sleeps: list[float]) -> None:
    """The documented bound: (retries + 1) * timeout, plus the waits (not slept here)."""
    with TrickleServer(BODY_HEAD, b" ", interval=0.1, count=400) as server:
        elapsed = _timed_out(make_client, server.url, timeout=0.5, retries=2)
        assert server.connections == 3
    assert sleeps == [0.5, 1.0]
    assert elapsed < 3 * 0.5 + MARGIN


def test_a_slow_answer_within_the_deadline_is_read(make_client: MakeClient) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n["
    with TrickleServer(head, b"]", interval=0.3, count=1) as server:
        assert make_client(host=server.url, timeout=5.0, retry=0).list_flows() == []


def test_fetch_timeout_bounds_the_whole_request(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reported case: ``fetch --timeout 2 --retries 0`` held for 40 s by a trickle."""
    monkeypatch.setenv("TRUESTATE_API_KEY", KEY)
    with TrickleServer(BODY_HEAD, b" ", interval=0.25, count=400) as server:
        started = time.monotonic()
        code = main(["fetch", "--host", server.url, "--timeout", "1", "--retries", "0", "f-1"])
        elapsed = time.monotonic() - started
    assert code == 2
    assert "within the timeout of 1 s (gave up after 1 attempt)" in capsys.readouterr().err
    assert elapsed < 1.0 + MARGIN


def test_the_deadline_leaves_no_thread_behind(make_client: MakeClient) -> None:
    with TrickleServer(BODY_HEAD, b" ", interval=0.1, count=400) as server:
        _timed_out(make_client, server.url, timeout=0.3)
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]"
    with TrickleServer(head, b"", interval=0, count=0) as server:
        assert make_client(host=server.url, timeout=5.0, retry=0).list_flows() == []
    waited = time.monotonic()
    while _timers() and time.monotonic() - waited < 5:
        time.sleep(0.05)
    assert _timers() == []


def _timers() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if isinstance(thread, threading.Timer)]


def test_the_deadline_checks_the_time_between_chunks() -> None:
    """Without a socket to shut (a custom transport), the chunks themselves are checked."""
    from liveflow_graph.api.deadline import Deadline  # (here: the module is new)

    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            time.sleep(0.02)
            yield b"x"

    started = time.monotonic()
    with Deadline(0.2) as deadline, pytest.raises(httpx.ReadTimeout, match=r"within 0\.2 s"):
        for _ in deadline.guarded(chunks()):
            pass
    assert time.monotonic() - started < 0.2 + MARGIN
    assert deadline.expired


class _TLSTrickleServer(TrickleServer):
    """:class:`TrickleServer` over TLS (the handshake in the answering thread)."""

    def __init__(self, context: ssl.SSLContext, head: bytes) -> None:
        super().__init__(head, b" ", interval=0.1, count=400)
        self.context = context

    @property
    def url(self) -> str:
        return super().url.replace("http://", "https://")

    def _answer(self, connection: socket.socket) -> None:
        try:
            connection = self.context.wrap_socket(connection, server_side=True)
        except OSError:
            connection.close()
            return
        super()._answer(connection)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl to make a certificate")
@pytest.mark.parametrize("head", [BODY_HEAD, HEADERS_HEAD])
def test_a_tls_connection_is_shut_at_the_deadline_too(
    make_client: MakeClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, head: bytes
) -> None:
    """The timer shuts the TLS socket down under the TLS layer the reading thread uses."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts this certificate
    with _TLSTrickleServer(context, head) as server:
        elapsed = _timed_out(make_client, server.url, timeout=1.0)
    assert elapsed < 1.0 + MARGIN
