"""Shared constants and server set-ups for the API client tests."""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import threading
import time
import zlib
from collections.abc import Callable
from email.utils import formatdate
from typing import Final

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import DATA

KEY: Final = "lfk_SECRET_0123456789"
"""A distinctive fake API key: it must never show up in any output."""
ORG: Final = "org_u13TesTDumMyEe5P"
CLOCK: Final = 1_700_000_000.0
"""The fixed "now" the clients see (for Retry-After dates)."""

SESSIONS_FLOW: Final = "f1060000-0000-4000-8000-000000000001"
SESSION_ID: Final = "5a060000-0000-4000-8000-000000000004"
FLOW_FILES: Final = (
    "linear_flow.json",
    "merge_flow.json",
    "old_versions_flow.json",
    "nulls_flow.json",
    "forward_compat_flow.json",
    "dangling_flow.json",
)
JSON: Final = "application/json"


def base_url(server: HTTPServer) -> str:
    """``http://127.0.0.1:<port>`` for ``server``."""
    return server.url_for("/").rstrip("/")


def data(name: str) -> bytes:
    """The bytes of ``tests/data/<name>``."""
    return (DATA / name).read_bytes()


def flow_id(name: str) -> str:
    """The ``id`` of the live flow in ``tests/data/<name>``."""
    value = json.loads(data(name))
    assert isinstance(value, dict)
    return str(value["id"])


def serve_documented(server: HTTPServer) -> None:
    """Serve the documented GET endpoints with the bodies of tests/data/*.json."""
    server.expect_request("/live_flows/", method="GET").respond_with_data(
        data("flows_list.json"), content_type=JSON
    )
    for name in FLOW_FILES:
        server.expect_request(f"/live_flows/{flow_id(name)}/", method="GET").respond_with_data(
            data(name), content_type=JSON
        )
    server.expect_request(f"/live_flows/{SESSIONS_FLOW}/sessions/", method="GET").respond_with_data(
        data("sessions_list.json"), content_type=JSON
    )
    server.expect_request(
        f"/live_flows/{SESSIONS_FLOW}/sessions/{SESSION_ID}/", method="GET"
    ).respond_with_data(data("session.json"), content_type=JSON)


def slow(seconds: float, body: bytes = b"[]") -> Callable[[Request], Response]:
    """A handler that answers ``body`` after ``seconds``."""

    def handler(request: Request) -> Response:
        time.sleep(seconds)
        return Response(body, content_type=JSON)

    return handler


def cut_short(body: bytes, claimed: int) -> Callable[[Request], Response]:
    """A handler that announces ``claimed`` bytes, sends ``body`` and closes the connection."""

    def handler(request: Request) -> Response:
        return Response(
            iter([body]), headers={"Content-Type": JSON, "Content-Length": str(claimed)}
        )

    return handler


def http_date(seconds_after_clock: float) -> str:
    """An HTTP date ``seconds_after_clock`` seconds after :data:`CLOCK`."""
    return formatdate(CLOCK + seconds_after_clock, usegmt=True)


def gzip_zeros(size: int, *, layers: int = 1) -> bytes:
    """``size`` zero bytes, gzip-compressed ``layers`` times (a "gzip bomb": about 1,000
    times smaller per layer), made 1 MiB at a time."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1 << 20)
    parts = [compressor.compress(block) for _ in range(size >> 20)]
    parts += [compressor.compress(bytes(size & ((1 << 20) - 1))), compressor.flush()]
    body = b"".join(parts)
    for _ in range(layers - 1):
        body = gzip.compress(body, compresslevel=9)
    return body


class TrickleServer:
    """A raw HTTP server on 127.0.0.1 that answers every request with ``head``, then
    ``piece`` every ``interval`` seconds, at most ``count`` times (the connection is closed
    after that, or as soon as the client goes away).

    Its threads end within about a second of leaving the ``with`` block.
    """

    def __init__(self, head: bytes, piece: bytes, *, interval: float, count: int) -> None:
        self.head, self.piece, self.interval, self.count = head, piece, interval, count
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self._threads = [threading.Thread(target=self._accept, daemon=True)]
        self.connections = 0

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> TrickleServer:
        self._threads[0].start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in list(self._threads):
            thread.join(timeout=5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            thread = threading.Thread(target=self._answer, args=(connection,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(2)
            request = b""
            with contextlib.suppress(OSError):
                while b"\r\n\r\n" not in request and len(request) < 65536:
                    data = connection.recv(4096)
                    if not data:
                        return
                    request += data
            try:
                connection.sendall(self.head)
                for _ in range(self.count):
                    if self._stop.wait(self.interval):
                        return
                    connection.sendall(self.piece)
            except OSError:  # the client went away: what a deadline does
                return
