"""A client for the TrueState Live Flow REST API, built on httpx.

:class:`TrueStateClient` reads live flows and their sessions and returns them as the same
models :func:`~liveflow_graph.model.parsing.load` gives for a file (the bodies go through the same
parser, so a bad body raises the same :class:`~liveflow_graph.errors.LiveFlowError` family,
with a source such as ``GET /live_flows/<id>/``).

Credentials come from the arguments or the environment, as in TrueState's own SDK:
``TRUESTATE_API_KEY`` (sent as the ``Api-key`` header, or as ``Authorization: Bearer`` with
``auth="bearer"``), ``TRUESTATE_ORGANISATION_ID`` (sent as ``Current-Org-Id``) and
``TRUESTATE_HOST`` (default ``https://api.truestate.io``).

Every request has a timeout.  Connection failures, timeouts, ``429`` and ``5xx`` answers are
retried a bounded number of times with exponential backoff and jitter, honouring
``Retry-After`` up to a cap (see :class:`RetryPolicy`).  Failures raise a
:class:`ClientError` that says what to check.  The API key never appears in an error
message, a log record or a ``repr``: errors are raised without the httpx exception attached
and any text that came from the server is scrubbed of the key.

>>> with TrueStateClient() as client:  # doctest: +SKIP
...     flow = client.get_flow("3c90c3cc-0d44-4b50-8888-8dd25736052a")
"""

from __future__ import annotations

import logging
import os
import random as _random
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from types import TracebackType
from typing import Final, Literal, Self
from urllib.parse import quote, urlsplit

import httpx
import orjson

from liveflow_graph.api.retry import RetryPolicy, parse_retry_after
from liveflow_graph.errors import (
    AuthenticationError,
    ClientError,
    ConfigError,
    ConnectionFailedError,
    InvalidJSONError,
    NotFoundError,
    RateLimitError,
    RequestRejectedError,
    RequestTimeoutError,
    ResponseError,
    ServerError,
)
from liveflow_graph.escape import clean_text, truncate
from liveflow_graph.model.models import JSONValue, LiveFlow, Session
from liveflow_graph.model.parsing import (
    DEFAULT_MAX_BYTES,
    check_max_depth,
    decode_json,
    parse_value,
)
from liveflow_graph.model.payload import Payload, PayloadKind

__all__ = [
    "AUTH_MODES",
    "DEFAULT_HOST",
    "ENV_API_KEY",
    "ENV_HOST",
    "ENV_ORGANISATION",
    "AuthMode",
    "AuthenticationError",
    "ClientError",
    "ConnectionFailedError",
    "NotFoundError",
    "RateLimitError",
    "RequestRejectedError",
    "RequestTimeoutError",
    "ResponseError",
    "RetryPolicy",
    "ServerError",
    "TrueStateClient",
    "fetch_payload",
    "parse_retry_after",
    "render_detail",
]

logger = logging.getLogger("liveflow_graph.api.client")

DEFAULT_HOST: Final = "https://api.truestate.io"
ENV_API_KEY: Final = "TRUESTATE_API_KEY"
ENV_ORGANISATION: Final = "TRUESTATE_ORGANISATION_ID"
ENV_HOST: Final = "TRUESTATE_HOST"
AuthMode = Literal["api-key", "bearer"]
AUTH_MODES: Final[tuple[AuthMode, ...]] = ("api-key", "bearer")

_ERROR_BODY_LIMIT: Final = 64 * 1024
_SHOWN: Final = 300
_LOOPBACK: Final = frozenset({"localhost", "127.0.0.1", "::1"})


# -- secrets --------------------------------------------------------------------------------


class _Secret:
    """A string that never shows itself in a ``repr`` or ``str``."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def redact(self, text: str) -> str:
        """``text`` with every occurrence of the secret replaced by ``***``."""
        return text.replace(self._value, "***") if self._value else text

    def __repr__(self) -> str:
        return "<hidden>"

    __str__ = __repr__


class _HeaderAuth(httpx.Auth):
    """Adds the credential header to each request, so it is not among the client's headers."""

    def __init__(self, header: str, value: _Secret):
        self._header = header
        self._value = value

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[self._header] = self._value.reveal()
        yield request

    def __repr__(self) -> str:
        return f"<{self._header} header: hidden>"


# -- the client -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Endpoint:
    path: str
    kind: PayloadKind
    missing: str  # what a 404 means, e.g. "no live flow 'x'"

    @property
    def source(self) -> str:
        return f"GET {self.path}"


@dataclass(frozen=True, slots=True)
class _Retryable:
    """A failed attempt that may be retried; raised as ``error`` when the retries run out."""

    error: type[ClientError]
    message: str
    status: int | None = None
    retry_after: float | None = None


class TrueStateClient:
    """Read live flows and sessions from the TrueState API.

    Arguments left as ``None`` come from the environment (``env``, default
    :data:`os.environ`): ``api_key`` from ``TRUESTATE_API_KEY`` (required),
    ``organisation_id`` from ``TRUESTATE_ORGANISATION_ID`` (optional: a key belongs to one
    organisation), ``host`` from ``TRUESTATE_HOST`` (default ``https://api.truestate.io``).
    ``auth`` sends the key as the ``Api-key`` header (``"api-key"``) or as
    ``Authorization: Bearer`` (``"bearer"``).  ``timeout`` (seconds) applies to connecting
    and to each read; ``retry`` is a :class:`RetryPolicy` or a number of retries.  Plain
    ``http://`` is refused for hosts other than loopback unless ``allow_http`` is set (the
    key would travel in clear text).  ``max_bytes`` and ``max_depth`` limit each response
    as they limit :func:`~liveflow_graph.model.parsing.load`'s input.

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
        key = _setting(api_key, environ, ENV_API_KEY)
        if key is None:
            raise AuthenticationError(
                f"no API key: set {ENV_API_KEY} (or pass api_key); create a key in the "
                "TrueState app under API keys"
            )
        _check_key(key)
        if auth not in AUTH_MODES:
            raise ConfigError(f"unknown auth {auth!r} (must be one of {', '.join(AUTH_MODES)})")
        if not timeout > 0 or timeout == float("inf"):
            raise ConfigError(f"timeout must be a positive number of seconds, got {timeout}")
        self._key = _Secret(key)
        self.organisation_id = _setting(organisation_id, environ, ENV_ORGANISATION)
        if self.organisation_id is not None:
            _check_header_value(self.organisation_id, "the organisation id")
        self.host = _base_url(_setting(host, environ, ENV_HOST) or DEFAULT_HOST, allow_http)
        self.auth: AuthMode = auth
        self.timeout = float(timeout)
        self.retry = (
            retry
            if isinstance(retry, RetryPolicy)
            else RetryPolicy(retries=3 if retry is None else retry)
        )
        self.max_bytes = max_bytes
        check_max_depth(max_depth, text=False)
        self.max_depth = max_depth
        self._sleep = sleep
        self._random = random
        self._clock = clock
        header, value = (
            ("Api-key", self._key)
            if auth == "api-key"
            else ("Authorization", _Secret(f"Bearer {key}"))
        )
        headers = {"Accept": "application/json", "User-Agent": _user_agent()}
        if self.organisation_id is not None:
            headers["Current-Org-Id"] = self.organisation_id
        self._http = httpx.Client(
            auth=_HeaderAuth(header, value),
            headers=headers,
            timeout=httpx.Timeout(self.timeout),
            follow_redirects=False,
            transport=transport,
        )

    def __repr__(self) -> str:
        return (
            f"TrueStateClient(host={self.host!r}, organisation_id={self.organisation_id!r}, "
            f"auth={self.auth!r}, api_key=<hidden>)"
        )

    # -- lifecycle ------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection pool; the client cannot send requests afterwards."""
        self._http.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called (or the ``with`` block ended)."""
        return self._http.is_closed

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
        payload = self._payload(_endpoint(live_flow_id))
        return payload.flows[0]

    def list_flows(self) -> list[LiveFlow]:
        """``GET /live_flows/``: every live flow of the organisation."""
        return self._payload(_endpoint()).flows

    def list_sessions(self, live_flow_id: str) -> list[Session]:
        """``GET /live_flows/{live_flow_id}/sessions/``: the sessions of a live flow."""
        return self._payload(_endpoint(live_flow_id, sessions=True)).sessions

    def get_session(self, live_flow_id: str, session_id: str) -> Session:
        """``GET /live_flows/{live_flow_id}/sessions/{session_id}/``: one session."""
        return self._payload(_endpoint(live_flow_id, session_id)).sessions[0]

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
        endpoint = _endpoint(live_flow_id, session_id, sessions=sessions)
        value = self._get_json(endpoint)
        if validate:
            parse_value(value, kind=endpoint.kind, name=endpoint.source, max_depth=self.max_depth)
        return value

    def _payload(self, endpoint: _Endpoint) -> Payload:
        value = self._get_json(endpoint)
        return parse_value(
            value, kind=endpoint.kind, name=endpoint.source, max_depth=self.max_depth
        )

    # -- the request loop -----------------------------------------------------------------

    def _get_json(self, endpoint: _Endpoint) -> JSONValue:
        attempts = self.retry.retries + 1
        for attempt in range(attempts):
            outcome = self._attempt(endpoint)
            if not isinstance(outcome, _Retryable):
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

    def _attempt(self, endpoint: _Endpoint) -> JSONValue | _Retryable:
        url = self.host + endpoint.path
        started = time.monotonic()
        try:
            with self._http.stream("GET", url) as response:
                status = response.status_code
                limit = _ERROR_BODY_LIMIT if status >= 300 else self.max_bytes
                body, cut = self._read(response, limit)
                logger.debug(
                    "%s -> %d (%d bytes, %.3f s)",
                    endpoint.source,
                    status,
                    len(body),
                    time.monotonic() - started,
                )
                if 200 <= status < 300:
                    if cut:
                        raise self._too_large(endpoint)
                    return self._decode(response, body, endpoint)
                return self._status_failure(response, body, endpoint)
        except httpx.TimeoutException as error:
            phase = (
                "connect to" if isinstance(error, httpx.ConnectTimeout) else "get an answer from"
            )
            return _Retryable(
                RequestTimeoutError,
                f"could not {phase} {self.host} within the timeout of {self.timeout:g} s",
            )
        except httpx.RemoteProtocolError as error:
            return _Retryable(
                ResponseError,
                f"the connection to {self.host} broke during the response: "
                f"{self._text(str(error))}",
            )
        except httpx.TransportError as error:
            return _Retryable(
                ConnectionFailedError,
                f"cannot reach {self.host}: {self._text(str(error)) or type(error).__name__} "
                f"(check {ENV_HOST} and the network)",
            )
        except httpx.HTTPError as error:  # a body that does not decode (gzip, charset)
            reason = self._text(str(error)) or type(error).__name__
        # raised here, outside the handler, so no httpx exception is attached as context
        raise ResponseError(f"the response could not be read: {reason}", source=endpoint.source)

    def _read(self, response: httpx.Response, limit: int | None) -> tuple[bytes, bool]:
        """The body, up to ``limit`` bytes; ``True`` beside it when there was more."""
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if limit is not None and size > limit:
                return b"".join(chunks)[:limit], True
        return b"".join(chunks), False

    def _decode(self, response: httpx.Response, body: bytes, endpoint: _Endpoint) -> JSONValue:
        media = _media_type(response)
        if media is not None and not _is_json(media):
            raise ResponseError(
                f"expected a JSON document but the server sent {media!r} "
                f"({_snippet(body, self._key)}): check that {ENV_HOST} ({self.host}) is the "
                "TrueState API",
                source=endpoint.source,
                status=response.status_code,
            )
        if not body.strip():
            raise ResponseError(
                "the response body is empty (expected a JSON document)",
                source=endpoint.source,
                status=response.status_code,
            )
        try:
            return decode_json(body)
        except InvalidJSONError as error:
            reason = error.message
        received = f"{len(body):,} bytes"
        expected = response.headers.get("content-length", "")
        if expected.isdigit():
            received += f" of {int(expected):,}"
        cut = any(sign in reason.lower() for sign in ("end of data", "eof"))
        what = "is truncated JSON" if cut else "is not valid JSON"
        raise ResponseError(
            f"the response {what} ({received} received): {reason}",
            source=endpoint.source,
            status=response.status_code,
        )

    def _too_large(self, endpoint: _Endpoint) -> ResponseError:
        return ResponseError(
            f"the response is larger than the limit of {self.max_bytes:,} bytes "
            "(raise the limit: max_bytes in Python, --max-bytes on the command line)",
            source=endpoint.source,
        )

    def _status_failure(
        self, response: httpx.Response, body: bytes, endpoint: _Endpoint
    ) -> _Retryable:
        status = response.status_code
        said = _server_detail(response, body, self._key)
        code = _status_text(status)
        suffix = f": {said}" if said else ""
        if status == 429 or status >= 500:
            retry_after = parse_retry_after(response.headers.get("retry-after"), now=self._clock())
            if status == 429:
                return _Retryable(
                    RateLimitError,
                    f"the API is rate limiting requests ({code}){suffix}",
                    status,
                    retry_after,
                )
            return _Retryable(ServerError, f"the API failed ({code}){suffix}", status, retry_after)
        raise self._final_error(response, endpoint, code, said)

    def _final_error(
        self, response: httpx.Response, endpoint: _Endpoint, code: str, said: str
    ) -> ClientError:
        status = response.status_code
        suffix = f" (the API said: {said})" if said else ""
        source = endpoint.source
        if status in (401, 403):
            org = (
                f"organisation id {self.organisation_id!r}"
                if self.organisation_id is not None
                else f"organisation id (none set; {ENV_ORGANISATION})"
            )
            what = "refused the credentials" if status == 401 else "denied access"
            return AuthenticationError(
                f"the API {what} ({code}): check the API key ({ENV_API_KEY}, sent as "
                f"{'Api-key' if self.auth == 'api-key' else 'a Bearer token'}) and the {org}; "
                f"the key must belong to that organisation{suffix}",
                source=source,
                status=status,
            )
        if status == 404:
            return NotFoundError(
                f"{endpoint.missing} ({code}): check the id and the organisation{suffix}",
                source=source,
                status=status,
            )
        if 300 <= status < 400:
            location = self._text(response.headers.get("location", "")) or "nowhere"
            return ResponseError(
                f"the API redirected ({code}) to {location!r}; redirects are not followed, so "
                f"the key is not sent elsewhere: set {ENV_HOST} to the final address",
                source=source,
                status=status,
            )
        if 400 <= status < 500:
            return RequestRejectedError(
                f"the API rejected the request ({code}){': ' + said if said else ''}",
                source=source,
                status=status,
            )
        return ResponseError(f"unexpected answer ({code}){suffix}", source=source, status=status)

    def _text(self, text: str) -> str:
        return _one_line(self._key.redact(text))


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
    return parse_value(
        value,
        kind=PayloadKind.FLOW,
        name=f"truestate:live_flows/{_one_line(live_flow_id)}",
        max_depth=active.max_depth,
    )


# -- helpers --------------------------------------------------------------------------------


def _endpoint(
    live_flow_id: str | None = None, session_id: str | None = None, *, sessions: bool = False
) -> _Endpoint:
    if live_flow_id is None:
        if session_id is not None or sessions:
            raise ConfigError("sessions belong to a live flow: give its live_flow_id")
        return _Endpoint("/live_flows/", PayloadKind.FLOWS, "the API has no /live_flows/ endpoint")
    flow = _segment(live_flow_id, "live flow id")
    shown = repr(_one_line(live_flow_id))
    if session_id is not None:
        if sessions:
            raise ConfigError("give either session_id or sessions=True, not both")
        session = _segment(session_id, "session id")
        return _Endpoint(
            f"/live_flows/{flow}/sessions/{session}/",
            PayloadKind.SESSION,
            f"no session {_one_line(session_id)!r} in live flow {shown}",
        )
    if sessions:
        return _Endpoint(
            f"/live_flows/{flow}/sessions/", PayloadKind.SESSIONS, f"no live flow {shown}"
        )
    return _Endpoint(f"/live_flows/{flow}/", PayloadKind.FLOW, f"no live flow {shown}")


def _segment(value: str, what: str) -> str:
    """``value`` as one URL path segment (``/``, ``?``, ``#``, ``%`` and the like encoded)."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"the {what} is empty")
    if value in (".", ".."):
        raise ConfigError(f"{value!r} is not a valid {what}")
    return quote(value, safe="")


def _setting(value: str | None, env: Mapping[str, str], name: str) -> str | None:
    chosen = value if value is not None else env.get(name)
    if chosen is None:
        return None
    chosen = chosen.strip()
    return chosen or None


def _check_key(key: str) -> None:
    # a header must be visible ASCII; say so without echoing the key
    if not all("!" <= ch <= "~" for ch in key):
        raise AuthenticationError(
            "the API key contains spaces, control or non-ASCII characters and cannot be sent "
            f"(check {ENV_API_KEY})"
        )


def _check_header_value(value: str, what: str) -> None:
    if not all(" " <= ch <= "~" for ch in value):
        raise ConfigError(f"{what} {_one_line(value)!r} contains control or non-ASCII characters")


def _base_url(host: str, allow_http: bool) -> str:
    parts = urlsplit(host if "://" in host else f"https://{host}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"{ENV_HOST} must be an http(s) URL such as {DEFAULT_HOST}, got {_one_line(host)!r}"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigError(
            f"{ENV_HOST} must be a plain base URL without credentials, query or fragment"
        )
    if parts.scheme == "http" and not allow_http and parts.hostname not in _LOOPBACK:
        raise ConfigError(
            f"refusing to send the API key over plain http to {parts.hostname}: use https "
            "(or allow_http=True)"
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _status_text(status: int) -> str:
    """``"404 Not Found"``: the standard phrase, whatever the server's spelling."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _user_agent() -> str:
    from liveflow_graph._version import __version__

    return f"liveflow-graph/{__version__} httpx/{httpx.__version__}"


def _media_type(response: httpx.Response) -> str | None:
    value = response.headers.get("content-type")
    if value is None:
        return None
    return value.split(";", 1)[0].strip().lower() or None


def _is_json(media: str) -> bool:
    return media == "application/json" or media.endswith("+json")


def _one_line(text: str) -> str:
    return truncate(" ".join(clean_text(text).split()), _SHOWN)


def _snippet(body: bytes, key: _Secret) -> str:
    if not body:
        return "an empty body"
    text = key.redact(body[:_SHOWN].decode("utf-8", errors="replace"))
    return f"starting {_one_line(text)!r}"


def _server_detail(response: httpx.Response, body: bytes, key: _Secret) -> str:
    """What the server said about an error, on one line: FastAPI ``detail`` when present."""
    if not body:
        return ""
    media = _media_type(response)
    text: str
    if media is not None and _is_json(media):
        try:
            value = orjson.loads(body)
        except orjson.JSONDecodeError:
            value = None
        if isinstance(value, dict) and "detail" in value:
            text = render_detail(value["detail"])
        elif value is not None:
            text = orjson.dumps(value).decode()
        else:
            text = body.decode("utf-8", errors="replace")
    elif media is not None and media.startswith("text/plain"):
        text = body.decode("utf-8", errors="replace")
    else:
        return ""
    return _one_line(key.redact(text))


def render_detail(detail: JSONValue, *, limit: int = 5) -> str:
    """FastAPI's error ``detail`` on one line.

    A string is returned as it is; a validation list ``[{"loc", "msg", "type"}, ...]``
    becomes ``"header.Current-Org-Id: field required (missing); ..."`` (at most ``limit``
    entries, then how many more).
    """
    if isinstance(detail, str):
        return detail
    if not isinstance(detail, list):
        return orjson.dumps(detail).decode()
    parts: list[str] = []
    for item in detail[:limit]:
        if not isinstance(item, dict):
            parts.append(orjson.dumps(item).decode())
            continue
        loc = item.get("loc")
        where = ".".join(str(p) for p in loc) if isinstance(loc, list) else ""
        msg = item.get("msg")
        kind = item.get("type")
        text = str(msg) if msg is not None else "invalid"
        if kind is not None:
            text += f" ({kind})"
        parts.append(f"{where}: {text}" if where else text)
    if len(detail) > limit:
        parts.append(f"and {len(detail) - limit} more")
    return "; ".join(parts)
