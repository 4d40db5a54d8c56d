"""A client for the TrueState Live Flow REST API, built on httpx.

:class:`TrueStateClient` reads live flows and their sessions and returns them as the same
models :func:`~liveflow_graph.model.parsing.load` gives for a file (the bodies go through the same
parser, so a bad body raises the same :class:`~liveflow_graph.errors.LiveFlowError` family,
with a source such as ``GET /live_flows/<id>/``).

Credentials come from the arguments or the environment, as in TrueState's own SDK
(:mod:`~liveflow_graph.api.credentials`): ``TRUESTATE_API_KEY`` (sent as the ``Api-key``
header, or as ``Authorization: Bearer`` with ``auth="bearer"``), ``TRUESTATE_ORGANISATION_ID``
(sent as ``Current-Org-Id``) and ``TRUESTATE_HOST`` (default ``https://api.truestate.io``).

Every attempt has a deadline: the timeout bounds connecting, the headers and the whole body
together.  Connection failures, timeouts, ``429`` and ``5xx`` answers are retried a bounded
number of times with exponential backoff and jitter, honouring ``Retry-After`` up to a cap
(see :class:`RetryPolicy` and :mod:`~liveflow_graph.api.transport`).  Bodies are read as a
stream and their decoded size is held to ``max_bytes`` as they arrive
(:mod:`~liveflow_graph.api.decoding`).  Failures raise a
:class:`~liveflow_graph.errors.ClientError` that says what to check
(:mod:`~liveflow_graph.api.responses`).  The API key never appears in an error message, a
log record or a ``repr``: errors are raised without the httpx exception attached, any text
that came from the server (and the parser's errors about a body) is scrubbed of the key in
every form a server may echo it (:mod:`~liveflow_graph.api.redaction`), and while a request
runs the key is hidden from the records of httpx's and httpcore's loggers too.

>>> with TrueStateClient() as client:  # doctest: +SKIP
...     flow = client.get_flow("3c90c3cc-0d44-4b50-8888-8dd25736052a")
"""

from __future__ import annotations

import os
import random as _random
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Self

import httpx

from liveflow_graph.api.credentials import (
    AuthMode,
    Credentials,
    api_key_from,
    checked_auth,
    host_from,
    organisation_from,
)
from liveflow_graph.api.endpoints import Endpoint, endpoint
from liveflow_graph.api.messages import one_line
from liveflow_graph.api.retry import RetryPolicy
from liveflow_graph.api.transport import Transport
from liveflow_graph.errors import ConfigError, LiveFlowError
from liveflow_graph.model.decoding import DEFAULT_MAX_BYTES, check_max_depth
from liveflow_graph.model.models import JSONValue, LiveFlow, Session
from liveflow_graph.model.parsing import parse_value
from liveflow_graph.model.payload import Payload, PayloadKind

__all__ = ["TrueStateClient", "fetch_payload"]


class TrueStateClient:
    """Read live flows and sessions from the TrueState API.

    Arguments left as ``None`` come from the environment (``env``, default
    :data:`os.environ`): ``api_key`` from ``TRUESTATE_API_KEY`` (required),
    ``organisation_id`` from ``TRUESTATE_ORGANISATION_ID`` (optional: a key belongs to one
    organisation), ``host`` from ``TRUESTATE_HOST`` (default ``https://api.truestate.io``).
    ``auth`` sends the key as the ``Api-key`` header (``"api-key"``) or as
    ``Authorization: Bearer`` (``"bearer"``).  ``timeout`` (seconds) bounds each attempt as a
    whole: connecting, the response headers and the whole body, however slowly the server
    sends them (name resolution excepted).  ``retry`` is a :class:`RetryPolicy` or a number
    of retries; the timeout is per attempt, so a call ends within ``(retries + 1) *
    timeout`` seconds plus the waits between attempts (each at most the policy's
    ``max_backoff``, or a ``Retry-After`` of at most ``max_retry_after``).  Plain
    ``http://`` is refused for hosts other than loopback unless ``allow_http`` is set (the
    key would travel in clear text).  ``max_bytes`` and ``max_depth`` limit each response
    as they limit :func:`~liveflow_graph.model.parsing.load`'s input; ``max_bytes`` counts
    the decoded bytes (after gzip or deflate) and reading stops as soon as it is passed.

    ``sleep``, ``random`` and ``clock`` are injectable for tests (``time.sleep``,
    ``random.random``, ``time.time``); ``transport`` replaces httpx's network transport.
    Use the client as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        organisation_id: str | None = None,
        host: str | None = None,
        auth: AuthMode = "api-key",
        timeout: float = 30.0,
        retry: RetryPolicy | int | None = None,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        max_depth: int | None = None,
        allow_http: bool = False,
        env: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        random: Callable[[], float] = _random.random,
        clock: Callable[[], float] = time.time,
        transport: httpx.BaseTransport | None = None,
    ):
        environ = os.environ if env is None else env
        key = api_key_from(api_key, environ)
        mode = checked_auth(auth)
        if not timeout > 0 or timeout == float("inf"):
            raise ConfigError(f"timeout must be a positive number of seconds, got {timeout}")
        credentials = Credentials(
            key=key,
            organisation_id=organisation_from(organisation_id, environ),
            host=host_from(host, environ, allow_http),
            auth=mode,
        )
        policy = (
            retry
            if isinstance(retry, RetryPolicy)
            else RetryPolicy(retries=3 if retry is None else retry)
        )
        check_max_depth(max_depth, text=False)
        self.max_depth = max_depth
        self._transport = Transport(
            credentials,
            timeout=float(timeout),
            retry=policy,
            max_bytes=max_bytes,
            sleep=sleep,
            random=random,
            clock=clock,
            transport=transport,
        )

    def __repr__(self) -> str:
        return (
            f"TrueStateClient(host={self.host!r}, organisation_id={self.organisation_id!r}, "
            f"auth={self.auth!r}, api_key=<hidden>)"
        )

    # -- settings (read-only) -------------------------------------------------------------

    @property
    def host(self) -> str:
        """The base URL requests go to (no trailing ``/``)."""
        return self._transport.credentials.host

    @property
    def organisation_id(self) -> str | None:
        """The organisation sent as ``Current-Org-Id``, if any."""
        return self._transport.credentials.organisation_id

    @property
    def auth(self) -> AuthMode:
        """How the key is sent: ``"api-key"`` or ``"bearer"``."""
        return self._transport.credentials.auth

    @property
    def timeout(self) -> float:
        """Seconds each attempt may take: connecting, the headers and the whole body."""
        return self._transport.timeout

    @property
    def retry(self) -> RetryPolicy:
        """When and how long failed requests are retried."""
        return self._transport.retry

    @property
    def max_bytes(self) -> int | None:
        """The size limit of each response body (``None``: no limit)."""
        return self._transport.max_bytes

    # -- lifecycle ------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection pool; the client cannot send requests afterwards."""
        self._transport.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called (or the ``with`` block ended)."""
        return self._transport.closed

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- typed reads ----------------------------------------------------------------------

    def get_flow(self, live_flow_id: str) -> LiveFlow:
        """``GET /live_flows/{live_flow_id}/``: one live flow."""
        payload = self._payload(endpoint(live_flow_id))
        return payload.flows[0]

    def list_flows(self) -> list[LiveFlow]:
        """``GET /live_flows/``: every live flow of the organisation."""
        return self._payload(endpoint()).flows

    def list_sessions(self, live_flow_id: str) -> list[Session]:
        """``GET /live_flows/{live_flow_id}/sessions/``: the sessions of a live flow."""
        return self._payload(endpoint(live_flow_id, sessions=True)).sessions

    def get_session(self, live_flow_id: str, session_id: str) -> Session:
        """``GET /live_flows/{live_flow_id}/sessions/{session_id}/``: one session."""
        return self._payload(endpoint(live_flow_id, session_id)).sessions[0]

    def fetch_raw(
        self,
        live_flow_id: str | None = None,
        session_id: str | None = None,
        *,
        sessions: bool = False,
        validate: bool = True,
    ) -> JSONValue:
        """The decoded JSON document of one endpoint, exactly as the API sent it.

        No arguments: all live flows; ``live_flow_id``: that flow; with ``sessions=True``
        its sessions; with ``session_id`` one of its sessions.  With ``validate`` (the
        default) the document is also parsed, so a body that is not the expected shape
        raises :class:`~liveflow_graph.errors.PayloadError` as :meth:`get_flow` would.
        """
        target = endpoint(live_flow_id, session_id, sessions=sessions)
        value = self._transport.get_json(target)
        if validate:
            self._parse(value, target)
        return value

    def _payload(self, target: Endpoint) -> Payload:
        return self._parse(self._transport.get_json(target), target)

    def _parse(self, value: JSONValue, target: Endpoint) -> Payload:
        return self._parse_as(value, kind=target.kind, name=target.source)

    def _parse_as(self, value: JSONValue, *, kind: PayloadKind, name: str) -> Payload:
        """``value`` parsed; its errors, which quote the values they reject, with the key
        hidden (the server may have put it in one)."""
        try:
            return parse_value(value, kind=kind, name=name, max_depth=self.max_depth)
        except LiveFlowError as error:
            self._transport.credentials.scrub_error(error)
            raise


def fetch_payload(live_flow_id: str, *, client: TrueStateClient | None = None) -> Payload:
    """Fetch one live flow as a :class:`Payload` whose source is ``truestate:live_flows/<id>``.

    Without ``client``, one is made from the environment (and closed again).  This is what
    ``liveflow-graph validate --remote LIVE_FLOW_ID`` reads.
    """
    owned = client is None
    active = TrueStateClient() if client is None else client
    try:
        value = active.fetch_raw(live_flow_id, validate=False)
    finally:
        if owned:
            active.close()
    return active._parse_as(
        value, kind=PayloadKind.FLOW, name=f"truestate:live_flows/{one_line(live_flow_id)}"
    )
