"""An overall time limit for one attempt at a request: connecting, the response headers and
the whole body, however slowly a server sends them.

httpx's timeouts bound each network operation, so a server that sends one byte now and then
never trips them.  A :class:`Deadline` bounds the attempt as a whole:

- a timer thread shuts the attempt's socket down when the time is up, which wakes the read
  it is blocked in (the read fails; :attr:`Deadline.expired` says why).  The socket is the
  one httpcore reports through the request's ``trace`` extension (:meth:`Deadline.trace`)
  when it opens the connection, which is why the client does not keep connections alive:
  every attempt opens its own, so its socket is always known;
- :meth:`Deadline.guarded` checks the time between the chunks of the body, which also
  bounds transports without sockets (``transport=`` in tests).

Name resolution is not bounded (the system resolver cannot be interrupted), and a connection
attempt is bounded by httpx's connect timeout, which is the same number of seconds.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from types import TracebackType
from typing import Final, Self

import httpx

__all__ = ["Deadline"]

_OPENED: Final = (".connect_tcp.complete", ".start_tls.complete")
"""httpcore trace events whose ``return_value`` is the connection's network stream."""
_LONGEST_TIMER: Final = 1e7
"""Seconds beyond which no timer is started (a thread's wait cannot be that long on every
platform): such a deadline is only checked between chunks."""


class Deadline:
    """``seconds`` from now (``time.monotonic``), for one attempt; use it as a context
    manager (the timer runs inside the block) and pass :meth:`trace` as the request's
    ``trace`` extension."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._at = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._fired = False
        self._over = False
        self._timer: threading.Timer | None = None
        if seconds <= _LONGEST_TIMER:
            self._timer = threading.Timer(seconds, self._fire)
            self._timer.daemon = True

    def __enter__(self) -> Self:
        if self._timer is not None:
            self._timer.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            self._over = True
            self._sockets.clear()

    @property
    def expired(self) -> bool:
        """Whether the time is up (the socket may have been shut down because of it)."""
        return self._fired or time.monotonic() >= self._at

    def trace(self, event: str, info: Mapping[str, object]) -> None:
        """httpcore's ``trace`` callback: remembers the socket of each connection opened
        (and shuts it down at once if the time is already up)."""
        if not event.endswith(_OPENED):
            return
        stream = info.get("return_value")
        get_info = getattr(stream, "get_extra_info", None)
        sock = get_info("socket") if callable(get_info) else None
        if isinstance(sock, socket.socket):
            self._watch(sock)

    def guarded(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """``chunks``, raising :class:`httpx.ReadTimeout` at the first one that arrives when
        the time is up, or at their end when the timer shut the socket (a body that ends
        when the connection closes would otherwise look complete)."""
        for chunk in chunks:
            if self.expired:
                raise _late(self.seconds)
            yield chunk
        if self._fired:
            raise _late(self.seconds)

    def _watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self._over:
                return
            self._sockets.append(sock)
            if self._fired:
                _shut(sock)

    def _fire(self) -> None:
        with self._lock:
            if self._over:
                return
            self._fired = True
            for sock in self._sockets:
                _shut(sock)


def _late(seconds: float) -> httpx.ReadTimeout:
    return httpx.ReadTimeout(f"no whole answer within {seconds:g} s")


def _shut(sock: socket.socket) -> None:
    """Shut ``sock`` down for reading and writing, which wakes a thread blocked on it.

    The plain socket's method, even for TLS: ``SSLSocket.shutdown`` also drops its TLS
    state, which the thread reading it may be using.
    """
    with contextlib.suppress(OSError):  # already closed: nothing left to wake
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
