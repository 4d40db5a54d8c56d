"""Sending the API client's requests: one httpx client, timeouts, retries and the size limit.

Every attempt has a deadline: connecting, the headers and the whole body must fit in the
timeout (:class:`~liveflow_graph.api.deadline.Deadline`).  Connection failures, timeouts,
``429`` and ``5xx`` answers are retried a bounded number of times with exponential backoff
and jitter, honouring ``Retry-After`` up to a cap (see
:class:`~liveflow_graph.api.retry.RetryPolicy`).  Bodies are read as a stream, decoded in
bounded steps (:mod:`~liveflow_graph.api.decoding`) and refused as soon as they pass the
size limit.  Errors are raised without the httpx exception attached (it could hold the
key), redirects are not followed (the key would go with them), and while a request runs the
key is hidden from every record of httpx's, httpcore's and our own loggers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import httpx

from liveflow_graph.api.credentials import ENV_HOST, Credentials
from liveflow_graph.api.deadline import Deadline
from liveflow_graph.api.decoding import ACCEPT_ENCODING, decoded_chunks
from liveflow_graph.api.endpoints import Endpoint
from liveflow_graph.api.responses import (
    ERROR_BODY_LIMIT,
    Retryable,
    decode_body,
    read_body,
    status_failure,
    too_large,
)
from liveflow_graph.api.retry import RetryPolicy
from liveflow_graph.errors import ConnectionFailedError, RequestTimeoutError, ResponseError
from liveflow_graph.model.models import JSONValue

__all__ = ["Transport"]

# the client's logger: its name is what users configure, wherever the records come from
logger = logging.getLogger("liveflow_graph.api.client")


class Transport:
    """GETs the JSON documents of endpoints for one set of credentials.

    ``timeout`` (seconds) bounds each attempt as a whole (connecting, the headers and the
    whole body); ``retry`` says how often and how long to wait between attempts;
    ``max_bytes`` limits each successful body, decoded.  ``sleep``, ``random``
    and ``clock`` are the waits, the jitter and the time ``Retry-After`` dates are read
    against; ``transport`` replaces httpx's network transport.
    """

    def __init__(
        self,
        credentials: Credentials,
        *,
        timeout: float,
        retry: RetryPolicy,
        max_bytes: int | None,
        sleep: Callable[[float], None],
        random: Callable[[], float],
        clock: Callable[[], float],
        transport: httpx.BaseTransport | None,
    ) -> None:
        self.credentials = credentials
        self.timeout = timeout
        self.retry = retry
        self.max_bytes = max_bytes
        self._sleep = sleep
        self._random = random
        self._clock = clock
        headers = {
            "Accept": "application/json",
            "Accept-Encoding": ACCEPT_ENCODING,
            "User-Agent": _user_agent(),
        }
        headers.update(credentials.headers())
        self._http = httpx.Client(
            auth=credentials.http_auth(),
            headers=headers,
            timeout=httpx.Timeout(timeout),
            # a connection per attempt: its deadline knows (and can shut) its socket
            limits=httpx.Limits(max_keepalive_connections=0),
            follow_redirects=False,
            transport=transport,
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._http.is_closed

    def get_json(self, endpoint: Endpoint) -> JSONValue:
        """The decoded JSON answer of ``endpoint``, after as many attempts as the retry
        policy allows; raises the :class:`~liveflow_graph.errors.ClientError` of the last."""
        with self.credentials.key.hidden_in_logs():
            return self._attempts(endpoint)

    def _attempts(self, endpoint: Endpoint) -> JSONValue:
        attempts = self.retry.retries + 1
        for attempt in range(attempts):
            outcome = self._attempt(endpoint)
            if not isinstance(outcome, Retryable):
                return outcome
            if attempt + 1 == attempts:
                tried = "1 attempt" if attempts == 1 else f"{attempts} attempts"
                raise outcome.error(
                    f"{outcome.message} (gave up after {tried})",
                    source=endpoint.source,
                    status=outcome.status,
                )
            wait = self.retry.delay(attempt, retry_after=outcome.retry_after, jitter=self._random())
            logger.debug(
                "%s failed (%s); retry %d of %d in %.2f s",
                endpoint.source,
                outcome.message,
                attempt + 1,
                attempts - 1,
                wait,
            )
            self._sleep(wait)
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _attempt(self, endpoint: Endpoint) -> JSONValue | Retryable:
        """One request within one :class:`Deadline`: the answer, a failure worth retrying, or
        a raised :class:`~liveflow_graph.errors.ClientError`."""
        with Deadline(self.timeout) as deadline:
            try:
                return self._exchange(endpoint, deadline)
            except httpx.HTTPError as error:
                failure = self._failure(error, endpoint, deadline.expired)
        if isinstance(failure, Retryable):
            return failure
        # raised here, outside the handler, so no httpx exception is attached as context
        raise failure

    def _exchange(self, endpoint: Endpoint, deadline: Deadline) -> JSONValue | Retryable:
        started = time.monotonic()
        with self._http.stream(
            "GET", self.credentials.host + endpoint.path, extensions={"trace": deadline.trace}
        ) as response:
            status = response.status_code
            limit = ERROR_BODY_LIMIT if status >= 300 else self.max_bytes
            raw = deadline.guarded(response.iter_raw())
            chunks = decoded_chunks(raw, response.headers.get("content-encoding"))
            body, cut = read_body(chunks, limit)
            logger.debug(
                "%s -> %d (%d bytes, %.3f s)",
                endpoint.source,
                status,
                len(body),
                time.monotonic() - started,
            )
            if 200 <= status < 300:
                if cut:
                    raise too_large(endpoint, self.max_bytes)
                return decode_body(response, body, endpoint, self.credentials)
            return status_failure(response, body, endpoint, self.credentials, self._clock)

    def _failure(
        self, error: httpx.HTTPError, endpoint: Endpoint, expired: bool
    ) -> Retryable | ResponseError:
        """What a failed exchange means: a :class:`Retryable`, or the error to raise for a
        body that does not decode.  Past the deadline, any failure is the timeout (the
        deadline shut the connection down, which is what the read saw)."""
        host, scrub = self.credentials.host, self.credentials.scrub
        if isinstance(error, httpx.TimeoutException) or expired:
            phase = (
                "connect to" if isinstance(error, httpx.ConnectTimeout) else "get an answer from"
            )
            return Retryable(
                RequestTimeoutError,
                f"could not {phase} {host} within the timeout of {self.timeout:g} s",
            )
        if isinstance(error, httpx.RemoteProtocolError):
            return Retryable(
                ResponseError,
                f"the connection to {host} broke during the response: {scrub(str(error))}",
            )
        if isinstance(error, httpx.TransportError):
            return Retryable(
                ConnectionFailedError,
                f"cannot reach {host}: {scrub(str(error)) or type(error).__name__} "
                f"(check {ENV_HOST} and the network)",
            )
        # a body that does not decode (gzip, charset)
        reason = scrub(str(error)) or type(error).__name__
        return ResponseError(f"the response could not be read: {reason}", source=endpoint.source)


def _user_agent() -> str:
    from liveflow_graph._version import __version__

    return f"liveflow-graph/{__version__} httpx/{httpx.__version__}"
